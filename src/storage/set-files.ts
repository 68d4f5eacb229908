import {
  CHECKSUM_EXTENSION,
  DUMP_EXTENSION,
  ENCRYPTED_DUMP_EXTENSION,
  MANIFEST_EXTENSION,
  parseBackupSetName
} from '../manifest/backup-set.js'
import type { BackupSet, IncompleteBackupSet } from './backup-store.js'

/**
 * The file-name side of the set contract, shared by every store that lists
 * sets by name (a directory, a bucket): which role a file plays in its set,
 * and whether a set's files make it complete.
 */

export type Role = 'dump' | 'encryptedDump' | 'checksum' | 'manifest'

// `.dump.age` before `.dump`: a name ending in `.dump.age` must not be read as `<name>.age` + `.dump`.
const ROLE_EXTENSIONS: ReadonlyArray<readonly [Role, string]> = [
  ['encryptedDump', ENCRYPTED_DUMP_EXTENSION],
  ['dump', DUMP_EXTENSION],
  ['checksum', CHECKSUM_EXTENSION],
  ['manifest', MANIFEST_EXTENSION]
]

/** The files of one set name found so far, by role (names as the store spells them). */
export interface SetFiles {
  name: string
  prefix: string
  createdAt: Date
  files: Partial<Record<Role, string>>
}

/** The set and role of a file name (`<prefix>-<stamp><extension>`); undefined when it follows no set name. */
export function parseFileName(
  fileName: string
): { name: string; prefix: string; createdAt: Date; role: Role } | undefined {
  for (const [role, extension] of ROLE_EXTENSIONS) {
    if (!fileName.endsWith(extension)) continue
    const name = fileName.slice(0, -extension.length)
    const parsed = parseBackupSetName(name)
    return parsed ? { name, ...parsed, role } : undefined
  }
  return undefined
}

/** A set with dump (or encrypted dump) + checksum + manifest is complete; anything less (or both dumps) is incomplete. */
export function classify(
  group: SetFiles
):
  | { complete: BackupSet; incomplete?: never }
  | { complete?: never; incomplete: IncompleteBackupSet } {
  const { dump, encryptedDump, checksum, manifest } = group.files
  const base = { name: group.name, prefix: group.prefix, createdAt: group.createdAt }
  const present = Object.values(group.files).sort()
  if (dump && encryptedDump) {
    // Which of the two the checksum and manifest describe cannot be told from names; a person must remove one.
    return {
      incomplete: {
        ...base,
        files: present,
        missing: [],
        note: `both ${DUMP_EXTENSION} and ${ENCRYPTED_DUMP_EXTENSION} are present`
      }
    }
  }
  const stored = dump ?? encryptedDump
  if (stored && checksum && manifest) {
    return {
      complete: {
        ...base,
        encrypted: stored === encryptedDump,
        files: { dump: stored, checksum, manifest }
      }
    }
  }
  const missing = [
    ...(stored ? [] : [`${DUMP_EXTENSION} or ${ENCRYPTED_DUMP_EXTENSION}`]),
    ...(checksum ? [] : [CHECKSUM_EXTENSION]),
    ...(manifest ? [] : [MANIFEST_EXTENSION])
  ]
  return { incomplete: { ...base, files: present, missing } }
}

/** Newest first, then by name (descending). */
export function newestFirst(
  a: { name: string; createdAt: Date },
  b: { name: string; createdAt: Date }
): number {
  return (
    b.createdAt.getTime() - a.createdAt.getTime() ||
    (a.name < b.name ? 1 : a.name > b.name ? -1 : 0)
  )
}

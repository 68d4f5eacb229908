import { parseBackupSetName } from '../manifest/backup-set.js'
import type { Logger } from '../log/logger.js'
import { registerSecret } from '../secrets.js'
import { ArtifactStoreError } from './artifact-errors.js'
import type { StoredArtifact } from './artifact-store.js'

// The artifact client (Azure SDK, Octokit) is loaded only when a store is used:
// it costs about 40 MB of memory that directory-only runs should not pay.
const artifactClient = () => import('./artifact-store.js')
import type { BackupListing, BackupSet, BackupStore } from './backup-store.js'

/**
 * GitHub Actions artifacts as a BackupStore (prune's `artifact-name`).
 *
 * Mapping from artifacts to backup sets, for a name N given to list(N):
 * - an artifact named `N-<yyyymmdd-HHMMSS>` (what the backup action uploads
 *   when it is given no artifact-name: one artifact per set, named after the
 *   set) is the set of that name, dated by the stamp in its name;
 * - an artifact named exactly N (the backup action with a fixed artifact-name,
 *   e.g. `opta-supabase-backup` in backup.yml: one artifact per run, GitHub
 *   allows one artifact of a name per run) is one set, dated by the
 *   artifact's `created_at` (the upload started a few minutes after the
 *   snapshot; daily buckets are UTC days, so only a backup running across
 *   midnight UTC could land on the next day). Its set name is
 *   `N (run <run id>)`, so every set in a summary names the run to look in.
 *   (The files inside keep their `<prefix>-<stamp>` names, but prune does not
 *   download the zip to read them.)
 * Both kinds may sit side by side (a workflow that switched naming) and are
 * planned together. Expired artifacts are not sets: their content is gone.
 * `N-<stamp>` with a longer prefix (`N-staging-<stamp>`) belongs to that
 * prefix, as in a folder; other names starting with `N-` are strays
 * (reported, never deleted).
 *
 * Prune does not open the zip, so every set counts as complete and its
 * `files` all name the artifact; `encrypted` is unknown and reported false.
 */

/** Where the artifacts live and the token to reach them. */
export interface ArtifactStoreTarget {
  /** `owner/repo`. */
  repository: string
  /** A token with actions:read (listing) and actions:write (deleting) on the repository. */
  token: string
}

/** A set that is one artifact: the artifact's identity and times. */
export interface ArtifactBackupSet extends BackupSet {
  artifact: {
    id: number
    /** The artifact's own name (for fixed-name artifacts different from the set name). */
    name: string
    runId?: number
    createdAt: Date
    expiresAt: Date | undefined
  }
}

/** True for sets listed by an artifact store (they carry their artifact's id and times). */
export function isArtifactBackupSet(set: BackupSet): set is ArtifactBackupSet {
  const artifact = (set as Partial<ArtifactBackupSet>).artifact
  return typeof artifact === 'object' && artifact !== null && typeof artifact.id === 'number'
}

/** What an artifact is for the name N: a set dated by its name or by created_at, a stray, or unrelated. */
type ArtifactRole =
  | { kind: 'named-set'; prefix: string; createdAt: Date }
  | { kind: 'run-set' }
  | { kind: 'stray' }
  | { kind: 'other' }

function roleOf(artifact: StoredArtifact, name: string | undefined): ArtifactRole {
  if (name !== undefined && artifact.name === name) return { kind: 'run-set' }
  const parsed = parseBackupSetName(artifact.name)
  if (parsed && (name === undefined || parsed.prefix === name))
    return { kind: 'named-set', ...parsed }
  if (!parsed && name !== undefined && artifact.name.startsWith(`${name}-`))
    return { kind: 'stray' }
  return { kind: 'other' }
}

/**
 * The backup sets among a repository's artifacts for the name N (see the
 * mapping above; every `<prefix>-<stamp>` artifact when N is omitted).
 * Pure: takes the REST listing, expired artifacts included (they are skipped).
 */
export function backupListingFromArtifacts(
  artifacts: readonly StoredArtifact[],
  name?: string
): BackupListing {
  const sets: ArtifactBackupSet[] = []
  const strays: string[] = []
  const problems: string[] = []
  for (const artifact of artifacts) {
    if (artifact.expired) continue
    const role = roleOf(artifact, name)
    if (role.kind === 'stray') strays.push(artifact.name)
    if (role.kind !== 'named-set' && role.kind !== 'run-set') continue
    if (artifact.createdAt.getTime() <= 0) {
      // Without created_at neither a fixed-name set's date nor the artifact's lifetime is known.
      problems.push(`artifact ${artifact.name} (id ${artifact.id}) has no created_at`)
      continue
    }
    const where = artifact.runId === undefined ? `artifact ${artifact.id}` : `run ${artifact.runId}`
    const ref = `artifact ${artifact.id}`
    sets.push({
      name: role.kind === 'run-set' ? `${artifact.name} (${where})` : artifact.name,
      prefix: role.kind === 'run-set' ? artifact.name : role.prefix,
      createdAt: role.kind === 'run-set' ? artifact.createdAt : role.createdAt,
      encrypted: false,
      sizeBytes: artifact.sizeBytes,
      files: { dump: ref, checksum: ref, manifest: ref },
      artifact: {
        id: artifact.id,
        name: artifact.name,
        ...(artifact.runId === undefined ? {} : { runId: artifact.runId }),
        createdAt: artifact.createdAt,
        expiresAt: artifact.expiresAt
      }
    })
  }
  disambiguate(sets)
  sets.sort(
    (a, b) =>
      b.createdAt.getTime() - a.createdAt.getTime() ||
      b.artifact.createdAt.getTime() - a.artifact.createdAt.getTime() ||
      b.artifact.id - a.artifact.id
  )
  return { sets, incomplete: [], strays: strays.sort(), problems }
}

/** How many of the listed artifacts would be sets for N but have expired. */
export function countExpiredSets(artifacts: readonly StoredArtifact[], name?: string): number {
  return artifacts.filter((artifact) => {
    if (!artifact.expired) return false
    const role = roleOf(artifact, name).kind
    return role === 'named-set' || role === 'run-set'
  }).length
}

/**
 * The artifacts of a repository as a BackupStore: list() reads the REST
 * listing (listArtifacts) and maps it with backupListingFromArtifacts; a
 * listing that does not add up (pages that changed while read, a service
 * failure) becomes a listing problem, so prune deletes nothing. A rejected
 * token or unknown repository still throws: that needs a person, not a retry.
 * deleteSet deletes the set's artifact by id; an artifact already gone counts
 * as deleted, so a repeated prune finishes an interrupted one.
 */
export function createArtifactBackupStore(
  target: ArtifactStoreTarget,
  logger: Logger
): BackupStore {
  registerSecret(target.token)
  const { repository, token } = target
  return {
    description: `GitHub artifacts of ${repository}`,
    list: async (name) => {
      let artifacts: StoredArtifact[]
      try {
        artifacts = await (
          await artifactClient()
        ).listArtifacts({ token, repository, namePrefix: name, logger })
      } catch (error) {
        if (error instanceof ArtifactStoreError && error.kind === 'service')
          return { sets: [], incomplete: [], strays: [], problems: [error.message] }
        throw error
      }
      const expired = countExpiredSets(artifacts, name)
      if (expired > 0)
        logger.info(
          `${expired} expired backup artifacts skipped (GitHub has removed their content)`
        )
      return backupListingFromArtifacts(artifacts, name)
    },
    deleteSet: async (set) => {
      if (!isArtifactBackupSet(set))
        throw new Error(`${set.name} was not listed by the artifact store`)
      try {
        await (
          await artifactClient()
        ).deleteArtifact({ id: set.artifact.id, token, repository, logger })
      } catch (error) {
        if (error instanceof ArtifactStoreError && error.kind === 'not-found') {
          logger.info(`artifact ${set.artifact.id} (${set.name}) was already gone`)
          return
        }
        throw error
      }
    }
  }
}

/**
 * Set names must be unique (the planner tells backups apart by name, the summary
 * shows them): two runs that started in the same second can upload artifacts of
 * one set name, so such names get the artifact id.
 */
function disambiguate(sets: ArtifactBackupSet[]): void {
  const counts = new Map<string, number>()
  for (const set of sets) counts.set(set.name, (counts.get(set.name) ?? 0) + 1)
  for (const set of sets) {
    if (counts.get(set.name)! > 1) set.name = `${set.name} (artifact ${set.artifact.id})`
  }
}

import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { checkArchive } from '../postgres/archive-check.js'
import { ownedTempDir } from '../cleanup/owner.js'
import { decryptToFile } from '../crypto/age.js'
import { InputError, errorMessage } from '../errors.js'
import { checksumProblems, parseChecksumFile } from '../manifest/backup-set.js'
import { parseManifest } from '../manifest/read-manifest.js'
import type { Manifest } from '../manifest/schema.js'
import { assertToolMajor, type PgTool } from '../postgres/client-tools.js'
import { findExactPgTool, type ResolvePgBinDir } from '../postgres/exact-client.js'
import type { Logger } from '../log/logger.js'
import { createProgressReporter } from '../log/progress.js'
import { fail, pass, skip, type Check } from './checks.js'
import type { LocatedBackup } from './locate-backup.js'
import { sourceLocation } from '../manifest/source.js'

/** Temporary folders holding a decrypted dump are named `<tmpdir>/backup-drill-decrypted-*`. */
export const DECRYPTED_DIR_PREFIX = 'backup-drill-decrypted-'

/** What verification learned: the manifest (when readable), every check, and the pg_restore to use. */
export interface VerifiedBackup {
  manifest: Manifest | undefined
  checks: Check[]
  pgRestore: PgTool | undefined
  /** SHA-256 of the stored bytes as computed here (compare with the manifest's). */
  sha256: string
  /** The pg_dump archive to restore: the dump itself, or its decrypted temporary copy. */
  archivePath: string
  /** True when every check passed: only then may the archive be restored. */
  ok: boolean
  /** Removes the decrypted copy, if any. Always call it. */
  cleanup(): Promise<void>
}

export interface VerifyBackupOptions {
  pgBinDir: string | undefined
  /** age secret key for `.dump.age` backups (registered as a secret by its parser). */
  decryptIdentity?: string | undefined
  /** Without pg-bin-dir: a pg_restore of the archive's exact major (the actions install one). */
  resolvePgBinDir?: ResolvePgBinDir | undefined
  logger: Logger
}

/**
 * Proves a stored backup intact: the manifest parses, the bytes hash to the
 * `.sha256` file and to the manifest (streamed, one read), an artifact's
 * digest matched, and `pg_restore --list` reads the archive and lists every
 * manifest table. Conditions: checksum-mismatch, backup-unreadable.
 */
export async function verifyBackup(
  backup: LocatedBackup,
  options: VerifyBackupOptions
): Promise<VerifiedBackup> {
  const { logger } = options
  const checks: Check[] = []
  let manifest: Manifest | undefined
  // Hashed as read: the .sha256 vouches for the manifest's bytes too.
  const manifestBytes = await readFile(backup.manifest).catch(() => Buffer.alloc(0))
  try {
    manifest = parseManifest(manifestBytes.toString('utf8'))
    checks.push(
      pass(
        'manifest',
        `${manifest.id}: ${manifest.inventory.tables.length} tables, taken ${manifest.createdAt} from ${sourceLocation(manifest)} (PostgreSQL ${manifest.source.serverVersion})`
      )
    )
  } catch (error) {
    checks.push(
      fail(
        'manifest',
        'backup-unreadable',
        `cannot read ${backup.manifest}: ${errorMessage(error).slice(0, 500)}`
      )
    )
  }

  if (backup.artifactDigestMismatch === true) {
    checks.push(
      fail(
        'artifact digest',
        'checksum-mismatch',
        'the downloaded artifact does not match the digest GitHub recorded at upload'
      )
    )
  } else if (backup.artifactDigestMismatch === false) {
    checks.push(
      pass(
        'artifact digest',
        'the downloaded artifact matches the digest GitHub recorded at upload'
      )
    )
  }

  const started = performance.now()
  const expected = parseChecksumFile(await readFile(backup.checksum, 'utf8').catch(() => ''))
  const actual = await hashFile(backup.dump, logger)
  const seconds = (performance.now() - started) / 1000
  const manifestEntry = {
    basename: basename(backup.manifest),
    sha256: createHash('sha256').update(manifestBytes).digest('hex')
  }
  const problems: string[] = expected
    ? checksumProblems(expected, {
        dump: { basename: basename(backup.dump), sha256: actual.sha256 },
        manifest: manifestEntry
      })
    : [`${backup.checksum} is not made of "<sha256>  <file>" lines`]
  const coversManifest = expected?.some((entry) => entry.basename === manifestEntry.basename)
  if (manifest && manifest.dump.sha256 !== actual.sha256)
    problems.push(`manifest says ${manifest.dump.sha256}`)
  if (manifest && manifest.dump.sizeBytes !== actual.sizeBytes)
    problems.push(`manifest says ${manifest.dump.sizeBytes} bytes, file has ${actual.sizeBytes}`)
  checks.push(
    problems.length === 0
      ? pass(
          'checksum',
          `sha256 ${actual.sha256} matches the .sha256 file${manifest ? ' and the manifest' : ''}; ${
            coversManifest
              ? 'the .sha256 file vouches for the manifest too'
              : 'the .sha256 file (of an older set) does not cover the manifest'
          }`,
          seconds
        )
      : fail(
          'checksum',
          'checksum-mismatch',
          `computed sha256 ${actual.sha256}, but ${problems.join('; ')}`,
          seconds
        )
  )

  let archivePath = backup.dump
  // Registered for cleanup: an interrupt removes the plaintext too.
  let decryptedDir: Awaited<ReturnType<typeof ownedTempDir>> | undefined
  const cleanup = async () => {
    await decryptedDir?.undo()
  }
  if (manifest?.encryption) {
    if (!options.decryptIdentity) {
      throw new InputError(
        'decrypt-identity',
        `${backup.name} is encrypted with age: pass the secret key (AGE-SECRET-KEY-1...) or the path of its identity file`
      )
    }
    if (checks.some((check) => check.status === 'fail')) {
      checks.push(skip('decrypt', 'the stored bytes did not verify: nothing is decrypted'))
    } else {
      decryptedDir = await ownedTempDir(DECRYPTED_DIR_PREFIX)
      archivePath = join(decryptedDir.path, `${backup.name}.dump`)
      checks.push(
        await decryptCheck(
          backup.dump,
          options.decryptIdentity,
          archivePath,
          manifest.encryption.plaintextSha256
        )
      )
    }
  }

  let pgRestore: PgTool | undefined
  if (!manifest) {
    checks.push(skip('archive readable', 'no manifest to check the archive against'))
  } else if (checks.some((check) => check.name === 'decrypt' && check.status !== 'pass')) {
    checks.push(skip('archive readable', 'the archive could not be decrypted'))
  } else {
    try {
      pgRestore = await findExactPgTool('pg_restore', {
        binDir: options.pgBinDir,
        major: manifest.pgDump.major,
        resolvePgBinDir: options.resolvePgBinDir,
        logger
      })
      assertToolMajor(
        pgRestore,
        manifest.pgDump.major,
        `the archive (written by pg_dump ${manifest.pgDump.version})`,
        'backup-unreadable'
      )
      const listed = await checkArchive(
        pgRestore,
        archivePath,
        manifest.inventory.tables,
        'backup-unreadable'
      )
      checks.push(
        pass(
          'archive readable',
          `pg_restore ${pgRestore.version} lists ${listed.entries} entries, including every manifest table`
        )
      )
    } catch (error) {
      checks.push(fail('archive readable', 'backup-unreadable', errorMessage(error)))
    }
  }
  return {
    manifest,
    checks,
    pgRestore,
    archivePath,
    sha256: actual.sha256,
    ok: checks.every((check) => check.status !== 'fail'),
    cleanup
  }
}

/** Decrypts into `destination` and checks the plaintext against the manifest's plaintext sha256. */
async function decryptCheck(
  source: string,
  identity: string,
  destination: string,
  plaintextSha256: string
): Promise<Check> {
  const started = performance.now()
  try {
    const plain = await decryptToFile(source, identity, destination)
    const seconds = (performance.now() - started) / 1000
    return plain.sha256 === plaintextSha256
      ? pass(
          'decrypt',
          `age-decrypted; plaintext sha256 ${plain.sha256} matches the manifest`,
          seconds
        )
      : fail(
          'decrypt',
          'checksum-mismatch',
          `decrypted plaintext hashes to ${plain.sha256}, manifest says ${plaintextSha256}`,
          seconds
        )
  } catch (error) {
    return fail('decrypt', 'backup-unreadable', errorMessage(error))
  }
}

async function hashFile(
  path: string,
  logger: Logger
): Promise<{ sha256: string; sizeBytes: number }> {
  const { size } = await stat(path)
  const hash = createHash('sha256')
  const progress = createProgressReporter(logger, 'sha256', { totalBytes: size })
  let sizeBytes = 0
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
      hash.update(chunk as Buffer)
      sizeBytes += (chunk as Buffer).length
      progress.add((chunk as Buffer).length)
    }
  } finally {
    progress.finish()
  }
  return { sha256: hash.digest('hex'), sizeBytes }
}

import { ownedTempDir } from '../cleanup/owner.js'
import type { BackupSource } from '../config/drill-options.js'
import { EscalationError, InputError } from '../errors.js'
import { ArtifactStoreError } from '../storage/artifact-errors.js'
import type { Logger } from '../log/logger.js'
import { parseBackupSetName } from '../manifest/backup-set.js'
import { resolveBackupSet } from '../storage/directory-store.js'

/** A backup set on local disk, wherever it came from. */
export interface LocatedBackup {
  name: string
  dump: string
  checksum: string
  manifest: string
  /** For people: `./backups/x.dump` or `artifact opta-supabase-backup of run 123`. */
  origin: string
  /** Set when an artifact's zip did not match the digest GitHub recorded. */
  artifactDigestMismatch?: boolean
  /** Removes whatever was downloaded. */
  cleanup(): Promise<void>
}

/**
 * Finds the backup to verify, drill or restore: a local set (`latest` or a
 * path) or a GitHub artifact, downloaded into a temporary folder. Without a
 * run id, the newest successful run of the backup workflow is used.
 */
export async function locateBackup(source: BackupSource, logger: Logger): Promise<LocatedBackup> {
  try {
    return await locate(source, logger)
  } catch (error) {
    throw fetchFailureAsEscalation(error)
  }
}

/**
 * A backup that cannot be fetched from GitHub or the bucket (missing, expired,
 * no access, service down) cannot be proven restorable: that is the
 * `backup-unreadable` escalation (bytes that do not match their recorded
 * sha256, `checksum-mismatch`), for the CLI and the actions alike, not a
 * crash. Other errors pass through.
 */
export function fetchFailureAsEscalation(error: unknown): unknown {
  // Known by name: importing the S3 module here would load the AWS SDK for every source.
  if (error instanceof Error && error.name === 'S3StoreError')
    return new EscalationError(
      (error as Error & { kind?: string }).kind === 'checksum'
        ? 'checksum-mismatch'
        : 'backup-unreadable',
      `the backup could not be fetched from the bucket: ${error.message}`
    )
  if (!(error instanceof ArtifactStoreError)) return error
  return new EscalationError(
    'backup-unreadable',
    `the backup could not be fetched: ${error.message}`
  )
}

async function locate(source: BackupSource, logger: Logger): Promise<LocatedBackup> {
  if (source.kind === 'directory') {
    const resolved = await resolveBackupSet(source.backup, source.outDir, source.prefix)
    return {
      name: resolved.set.name,
      dump: resolved.dump,
      checksum: resolved.checksum,
      manifest: resolved.manifest,
      origin: resolved.dump,
      cleanup: async () => undefined
    }
  }
  if (source.kind === 's3') return locateInBucket(source, logger)
  // Loaded only for artifact sources: the client (Azure SDK, Octokit) costs about 40 MB.
  const { downloadBackupArtifact, listSuccessfulRuns } =
    await import('../storage/artifact-store.js')
  let runId = source.runId
  if (runId === undefined && source.githubToken) {
    const runs = await listSuccessfulRuns({
      workflowFile: source.workflow,
      token: source.githubToken,
      repository: source.repository,
      limit: 1,
      logger
    })
    runId = runs[0]?.runId
    if (runId === undefined) {
      throw new InputError(
        'run-id',
        `no successful run of ${source.workflow} found: run the backup workflow first, or pass run-id`
      )
    }
    logger.info(`Newest successful ${source.workflow} run: ${runId}`)
  }
  // Registered for cleanup: an interrupt removes the download too.
  const folder = await ownedTempDir('backup-drill-artifact-')
  const destination = folder.path
  try {
    const downloaded = await downloadBackupArtifact({
      name: source.artifactName,
      destination,
      ...(runId !== undefined ? { runId, token: source.githubToken } : {}),
      ...(source.repository ? { repository: source.repository } : {}),
      logger
    })
    const resolved = await resolveBackupSet('latest', destination)
    return {
      name: resolved.set.name,
      dump: resolved.dump,
      checksum: resolved.checksum,
      manifest: resolved.manifest,
      origin: `artifact ${downloaded.name}${runId !== undefined ? ` of run ${runId}` : ''} (id ${downloaded.id})`,
      ...(downloaded.digestMismatch !== undefined
        ? { artifactDigestMismatch: downloaded.digestMismatch }
        : {}),
      cleanup: () => folder.undo()
    }
  } catch (error) {
    await folder.undo()
    throw error
  }
}

/**
 * `latest` (the newest complete set of the prefix) or a named set from the
 * bucket, downloaded into a temporary folder; each object is checked against
 * the sha256 it carries on the way (then verify checks the set as always).
 */
async function locateInBucket(
  source: Extract<BackupSource, { kind: 's3' }>,
  logger: Logger
): Promise<LocatedBackup> {
  // Loaded only for a bucket: the AWS SDK is large.
  const { createS3BackupStore } = await import('../storage/s3/s3-backup-store.js')
  const store = createS3BackupStore(source.s3)
  const wanted =
    source.backup === 'latest'
      ? undefined
      : source.backup.replace(/(\.dump(\.age)?|\.manifest\.json)$/, '')
  const listing = await store.list(source.prefix ?? parseBackupSetName(wanted ?? '')?.prefix)
  const set = wanted ? listing.sets.find((candidate) => candidate.name === wanted) : listing.sets[0]
  if (!set) {
    const partial = wanted && listing.incomplete.find((candidate) => candidate.name === wanted)
    throw new InputError(
      'backup',
      partial
        ? `backup set ${wanted} in ${store.description} is incomplete: missing ${partial.missing.join(', ')}`
        : wanted
          ? `no backup set ${wanted} in ${store.description}`
          : `no complete backup set${source.prefix ? ` with prefix ${source.prefix}` : ''} in ${store.description}`
    )
  }
  logger.info(`Downloading ${set.name} from ${store.description}`)
  const folder = await ownedTempDir('backup-drill-s3-')
  try {
    const local = await store.downloadSet(set, folder.path)
    return {
      name: set.name,
      dump: local.dump,
      checksum: local.checksum,
      manifest: local.manifest,
      origin: `s3://${source.s3.bucket}/${set.files.dump}`,
      cleanup: () => folder.undo()
    }
  } catch (error) {
    await folder.undo()
    throw error
  }
}

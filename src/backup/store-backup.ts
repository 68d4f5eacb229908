import { dirname } from 'node:path'
import type { BackupOptions } from '../config/backup-options.js'
import { EscalationError, errorMessage } from '../errors.js'
import type { Logger } from '../log/logger.js'
import type { UploadBackupArtifactOptions, UploadedArtifact } from '../storage/artifact-store.js'
import type { BackupResult } from './run-backup.js'

/** Where a finished backup set went besides its folder. */
export interface StoredBackup {
  /** Set when the set was uploaded as an artifact. */
  artifactId?: number
  artifactName?: string
}

/** Seam for tests: the upload function (default: the real @actions/artifact client). */
export interface StoreBackupDependencies {
  upload?: (options: UploadBackupArtifactOptions) => Promise<UploadedArtifact>
}

/**
 * Stores a complete backup set: with `upload: artifact`, its three files go up
 * as one artifact. Call it only after runBackup has returned, so only a set
 * whose files are all in place can ever be uploaded. A failed upload is a
 * `backup-failed` escalation; the local files stay (they are complete and valid).
 */
export async function storeBackup(
  result: BackupResult,
  options: Pick<BackupOptions, 'upload' | 'artifactName' | 'retentionDays'>,
  logger: Logger,
  deps: StoreBackupDependencies = {}
): Promise<StoredBackup> {
  if (options.upload === 'none') return {}
  const artifactName = options.artifactName ?? result.name
  const upload = deps.upload ?? (await loadUploader())
  try {
    const uploaded = await logger.group(`Upload artifact ${artifactName}`, () =>
      upload({
        name: artifactName,
        files: [result.backupPath, result.checksumPath, result.manifestPath],
        retentionDays: options.retentionDays,
        logger
      })
    )
    return { artifactId: uploaded.id, artifactName }
  } catch (error) {
    throw new EscalationError(
      'backup-failed',
      `the backup set ${result.name} is complete in ${dirname(result.backupPath)} ` +
        `but was not stored as artifact "${artifactName}": ${errorMessage(error)}`,
      { cause: error }
    )
  }
}

// Loaded on demand: the artifact client and Octokit are large and read their
// environment when imported, which a CLI run with `--upload none` never needs.
async function loadUploader(): Promise<NonNullable<StoreBackupDependencies['upload']>> {
  const { uploadBackupArtifact } = await import('../storage/artifact-store.js')
  return uploadBackupArtifact
}

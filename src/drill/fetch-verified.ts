import type { BackupSource } from '../config/drill-options.js'
import type { Logger } from '../log/logger.js'
import { locateBackup, type LocatedBackup } from './locate-backup.js'
import { verifyBackup, type VerifiedBackup, type VerifyBackupOptions } from './verify-backup.js'

/**
 * The first steps of verify, drill and restore: locate (download) the backup,
 * verify it, hand both to `work`, then undo in reverse — the decrypted copy,
 * then the download — whatever `work` did, so nothing plaintext outlives the run.
 * `verifyTitle` names the log group of the verification.
 */
export async function withVerifiedBackup<T>(
  source: BackupSource,
  options: Omit<VerifyBackupOptions, 'logger'>,
  logger: Logger,
  verifyTitle: (name: string) => string,
  work: (located: LocatedBackup, verified: VerifiedBackup) => Promise<T>
): Promise<T> {
  const located = await logger.group('Fetch backup', () => locateBackup(source, logger))
  try {
    const verified = await logger.group(verifyTitle(located.name), () =>
      verifyBackup(located, { ...options, logger })
    )
    try {
      return await work(located, verified)
    } finally {
      await verified.cleanup()
    }
  } finally {
    await located.cleanup()
  }
}

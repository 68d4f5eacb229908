import { runBackup, type BackupResult } from '../backup/run-backup.js'
import { storeBackup } from '../backup/store-backup.js'
import {
  BACKUP_ACTION_INPUTS,
  maskDatabaseUrlInput,
  parseBackupActionInputs
} from '../config/backup-action-inputs.js'
import { parseNoticeInputs } from '../config/notice-inputs.js'
import { withEscalationNotice } from '../notify/notify.js'
import { backupFailureMarkdown } from '../report/backup-failure-summary.js'
import { backupSummaryMarkdown } from '../report/backup-summary.js'
import { readActionInputs, runAction, setOutputs, writeJobSummary } from './action-runtime.js'
import { ensurePgClient } from './pg-client.js'
import { isPublicRepository, PUBLIC_UNENCRYPTED_WARNING } from './repository-visibility.js'

/**
 * The root action (action.yml), SOP §1: inputs -> runBackup -> artifact upload
 * -> outputs and job summary. Any failure notifies the configured channels and
 * fails the step with the `backup-failed` escalation.
 */
export async function run(): Promise<void> {
  await runAction(async (logger) => {
    const env = process.env
    const raw = readActionInputs(BACKUP_ACTION_INPUTS)
    maskDatabaseUrlInput(raw['db-url'])
    const notice = parseNoticeInputs(raw)
    const repository = env.GITHUB_REPOSITORY
    const runUrl =
      repository && env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${repository}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined
    let failureSummary: string | undefined
    await withEscalationNotice(
      async () => {
        let result: BackupResult | undefined
        try {
          const options = parseBackupActionInputs(raw, env)
          result = await runBackup(options, logger, {
            // postgres-version auto: the server's client major, installed when the runner lacks it.
            resolvePgBinDir: (major) => ensurePgClient({ neededMajor: major, logger })
          })
          // Set before the upload: on an upload failure a later step can still find the files.
          setOutputs({
            'backup-path': result.backupPath,
            'manifest-path': result.manifestPath,
            sha256: result.sha256,
            'size-bytes': result.sizeBytes,
            'duration-seconds': result.durationSeconds.toFixed(3)
          })
          if (
            options.upload === 'artifact' &&
            options.encryptRecipients.length === 0 &&
            isPublicRepository(env.GITHUB_EVENT_PATH)
          ) {
            logger.warning(PUBLIC_UNENCRYPTED_WARNING, {
              title: 'Unencrypted backup in a public repository'
            })
          }
          const stored = await storeBackup(result, options, logger)
          setOutputs({ 'artifact-id': stored.artifactId })
          await writeJobSummary(backupSummaryMarkdown(result, stored))
        } catch (error) {
          // The summary is written (and handed to the notice) before the error reaches the boundary.
          failureSummary = backupFailureMarkdown(error, result)
          await writeJobSummary(failureSummary).catch(() => undefined)
          throw error
        }
      },
      { operation: 'backup', repository, runUrl, summaryMarkdown: () => failureSummary },
      { ...notice, repository, apiUrl: env.GITHUB_API_URL, fallbackCondition: 'backup-failed' },
      logger
    )
  })
}

await run()

import { runBackup, type BackupResult } from '../backup/run-backup.js'
import { storeBackup } from '../backup/store-backup.js'
import {
  BACKUP_ACTION_INPUTS,
  maskDatabaseUrlInput,
  parseBackupActionInputs
} from '../config/backup-action-inputs.js'
import { parseNoticeInputs } from '../config/notice-inputs.js'
import { runContextFromEnv } from '../notify/notice.js'
import { escalationConditionsOf } from '../notify/notify.js'
import { backupFailureMarkdown } from '../report/backup-failure-summary.js'
import { backupSummaryMarkdown } from '../report/backup-summary.js'
import {
  failureOf,
  readActionInputs,
  runAction,
  setOutputs,
  type ActionOutcome
} from './action-runtime.js'
import { ensurePgClient } from './pg-client.js'
import { isPublicRepository, PUBLIC_UNENCRYPTED_WARNING } from './repository-visibility.js'

/**
 * The root action (action.yml), SOP §1: inputs -> runBackup -> artifact upload
 * -> outputs and job summary. Any failure writes the failure summary, notifies
 * the configured channels and fails the step (a failure that names no
 * condition is the `backup-failed` escalation: a scheduled backup that did
 * not happen needs a person).
 */
export async function run(): Promise<void> {
  await runAction({ heartbeat: true }, async (logger): Promise<ActionOutcome> => {
    const env = process.env
    const raw = readActionInputs(BACKUP_ACTION_INPUTS)
    maskDatabaseUrlInput(raw['db-url'])
    const notice = parseNoticeInputs(raw)
    const context = runContextFromEnv(env)
    let result: BackupResult | undefined
    try {
      const options = parseBackupActionInputs(raw, env)
      result = await runBackup(options, logger, {
        // postgres-version auto: the server's client major, installed when the runner lacks it.
        resolvePgBinDir: (major) => ensurePgClient({ neededMajor: major, logger })
      })
      // Set now, not with the outcome: on an upload failure a later step can still find the files.
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
      return {
        outputs: { 'artifact-id': stored.artifactId },
        summary: backupSummaryMarkdown(result, stored)
      }
    } catch (error) {
      const failure = failureOf(error)
      const found = escalationConditionsOf(error)
      const summary = backupFailureMarkdown(error, result)
      return {
        summary,
        notice: {
          notice: {
            operation: 'backup',
            conditions: found.length > 0 ? found : ['backup-failed'],
            message: failure.message,
            summaryMarkdown: summary,
            repository: context.repository,
            runUrl: context.runUrl
          },
          options: { ...notice, repository: context.repository, apiUrl: context.apiUrl }
        },
        failure
      }
    }
  })
}

import { DRILL_ACTION_INPUTS, parseDrillOptions } from '../config/drill-options.js'
import { parseNoticeInputs } from '../config/notice-inputs.js'
import {
  bucketLogStore,
  rememberingLogStore,
  type DrillLogStore
} from '../drill/drill-log-store.js'
import { runDrill, type DrillResult } from '../drill/run-drill.js'
import { runContextFromEnv } from '../notify/notice.js'
import type { NotifyOptions } from '../notify/notify.js'
import type { Logger } from '../log/logger.js'
import { registerSecret } from '../secrets.js'
import { uploadBackupArtifact } from '../storage/artifact-store.js'
import {
  defaultToRunnerTemp,
  failureOf,
  readActionInputs,
  runAction,
  type ActionOutcome
} from './action-runtime.js'
import { escalationMessage } from './escalations.js'
import { failedRunOutcome } from './failed-run.js'
import { choosePgClient } from './pg-client.js'

/** GitHub's upper bound; the repository's own limit (GITHUB_RETENTION_DAYS) is used when lower. */
const MAX_LOG_RETENTION_DAYS = 400

/**
 * The drill sub-action (drill/action.yml), SOP §2–3: inputs -> runDrill ->
 * outputs, job summary (the drill log), the log as an artifact, and for every
 * escalation one annotation per condition, the configured notices and a
 * failed step.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction({ heartbeat: true }, async (logger): Promise<ActionOutcome> => {
    const raw = readActionInputs(DRILL_ACTION_INPUTS)
    // Whole URLs masked at once (parsing masks their passwords too), before any line is logged.
    registerSecret(raw['scratch-db-url'])
    registerSecret(raw['db-url'])
    const notice = parseNoticeInputs(raw)
    defaultToRunnerTemp(raw, { 'log-dir': 'drill-logs', 'out-dir': 'backups' }, env)
    const options = parseDrillOptions(raw)
    const resolvePgBinDir = choosePgClient(options, logger)
    const context = runContextFromEnv(env)
    const notify: NotifyOptions = {
      ...notice,
      ...(context.repository ? { repository: context.repository } : {}),
      apiUrl: context.apiUrl
    }
    // upload: artifact stores the log where the backups are: with store s3 in the bucket, else as an artifact.
    const upload =
      options.upload !== 'artifact'
        ? undefined
        : options.source.kind === 's3'
          ? bucketLogStore(options.source.s3, logger)
          : artifactLogStore(logger, env)

    let result: DrillResult
    try {
      result = await runDrill(options, logger, {
        ...(upload ? { storeLog: upload.store } : {}),
        resolvePgBinDir
      })
    } catch (error) {
      return failedRunOutcome(error, {
        onEscalation: ({ condition, message }) => ({
          outputs: { result: 'fail', escalations: condition },
          summary: `## Restore drill: FAIL ❌ — escalate: ${condition}\n\n${message}\n`
        }),
        notice: { operation: 'drill', context, options: notify }
      })
    }
    const { log } = result
    const outputs = {
      result: log.result,
      'rpo-hours': log.rpo.hours ?? '',
      'rto-seconds': log.rto.seconds,
      'log-path': result.logPath,
      escalations: log.escalations.join(',')
    }
    if (log.escalations.length > 0) {
      return {
        outputs,
        escalations: { checks: log.checks, conditions: log.escalations },
        summary: result.markdown,
        notice: {
          notice: {
            operation: 'drill',
            conditions: log.escalations,
            message: escalationMessage(log.checks, log.escalations),
            summaryMarkdown: result.markdown,
            repository: context.repository,
            runUrl: context.runUrl
          },
          options: notify
        },
        failure: {
          message: `Restore drill failed: escalate ${log.escalations.join(', ')} (drill log: ${result.logPath})`
        }
      }
    }
    // SOP "Store restore drill log": a pass whose log was not stored still needs a person.
    const uploadFailure = upload?.failure()
    const storedAt = upload?.storedAt()
    return {
      outputs,
      summary: result.markdown + (storedAt ? `\nDrill log stored: ${storedAt}\n` : ''),
      closing: `Restore drill passed (drill log: ${result.logPath}${storedAt ? `; stored: ${storedAt}` : ''})`,
      ...(uploadFailure
        ? {
            failure: failureOf(
              new Error(`the drill passed, but its log was not stored: ${uploadFailure}`)
            )
          }
        : {})
    }
  })
}

/** The storeLog seam without a bucket: the log files as one artifact of this run. */
function artifactLogStore(logger: Logger, env: NodeJS.ProcessEnv): DrillLogStore {
  const repositoryLimit = Number.parseInt(env.GITHUB_RETENTION_DAYS ?? '', 10)
  const retentionDays =
    repositoryLimit >= 1 && repositoryLimit < MAX_LOG_RETENTION_DAYS
      ? repositoryLimit
      : MAX_LOG_RETENTION_DAYS
  return rememberingLogStore(logger, 'as an artifact', async (files, name) => {
    await uploadBackupArtifact({ name, files, retentionDays, logger })
    return `artifact ${name}`
  })
}

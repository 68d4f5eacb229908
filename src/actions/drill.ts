import { join } from 'node:path'
import * as core from '@actions/core'
import { DRILL_ACTION_INPUTS, parseDrillOptions } from '../config/drill-options.js'
import { parseNoticeInputs } from '../config/notice-inputs.js'
import { runDrill, type DrillDependencies, type DrillResult } from '../drill/run-drill.js'
import { EscalationError, errorMessage } from '../errors.js'
import { runContextFromEnv } from '../notify/notice.js'
import { notifyEscalation, withEscalationNotice, type NotifyOptions } from '../notify/notify.js'
import type { Logger } from '../log/logger.js'
import { maskSecrets, registerSecret } from '../secrets.js'
import { uploadBackupArtifact } from '../storage/artifact-store.js'
import { readActionInputs, runAction, setOutputs, writeJobSummary } from './action-runtime.js'
import { annotateEscalations, escalationMessage, fetchFailureAsEscalation } from './escalations.js'
import { pgClientChoice } from './pg-client.js'

/** GitHub's upper bound; the repository's own limit (GITHUB_RETENTION_DAYS) is used when lower. */
const MAX_LOG_RETENTION_DAYS = 400

/**
 * The drill sub-action (drill/action.yml), SOP §2–3: inputs -> runDrill ->
 * outputs, job summary (the drill log), the log as an artifact, and for every
 * escalation one annotation per condition, the configured notices and a
 * failed step.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger) => {
    const raw = readActionInputs(DRILL_ACTION_INPUTS)
    // Whole URLs masked at once (parsing masks their passwords too), before any line is logged.
    registerSecret(raw['scratch-db-url'])
    registerSecret(raw['db-url'])
    const notice = parseNoticeInputs(raw)
    // action.yml defaults cannot use the runner context: blank means the runner's temp folder.
    if (!raw['log-dir'] && env.RUNNER_TEMP) raw['log-dir'] = join(env.RUNNER_TEMP, 'drill-logs')
    if (!raw['out-dir'] && env.RUNNER_TEMP) raw['out-dir'] = join(env.RUNNER_TEMP, 'backups')
    const options = parseDrillOptions(raw)
    const client = pgClientChoice(
      readActionInputs(['postgres-version'])['postgres-version'],
      options.pgBinDir,
      { logger, condition: 'backup-unreadable' }
    )
    options.pgBinDir = client.pgBinDir
    const context = runContextFromEnv(env)
    const notify: NotifyOptions = {
      ...notice,
      ...(context.repository ? { repository: context.repository } : {}),
      apiUrl: context.apiUrl
    }
    const upload = options.upload === 'artifact' ? logUploader(logger, env) : undefined

    const result = await withEscalationNotice(
      () =>
        drillOrEscalate(() =>
          runDrill(options, logger, {
            ...(upload ? { storeLog: upload.store } : {}),
            resolvePgBinDir: client.resolvePgBinDir
          })
        ),
      { operation: 'drill', repository: context.repository, runUrl: context.runUrl },
      notify,
      logger
    )
    const { log } = result
    setOutputs({
      result: log.result,
      'rpo-hours': log.rpo.hours ?? '',
      'rto-seconds': log.rto.seconds,
      'log-path': result.logPath,
      escalations: log.escalations.join(',')
    })
    if (log.escalations.length > 0) {
      // Annotations first: nothing after this (summary, notices) can hide the escalation.
      annotateEscalations(log.checks, log.escalations, logger)
      await summarize(result, logger)
      if (notify.escalationIssue || notify.webhookUrl) {
        await notifyEscalation(
          {
            operation: 'drill',
            conditions: log.escalations,
            message: maskSecrets(escalationMessage(log.checks, log.escalations)),
            summaryMarkdown: maskSecrets(result.markdown),
            repository: context.repository,
            runUrl: context.runUrl,
            at: new Date()
          },
          notify,
          logger
        ).catch((error: unknown) =>
          logger.warning(`escalation notice: ${errorMessage(error)}`, {
            title: 'Escalation notice not sent'
          })
        )
      }
      core.setFailed(
        maskSecrets(
          `Restore drill failed: escalate ${log.escalations.join(', ')} (drill log: ${result.logPath})`
        )
      )
      return
    }
    await summarize(result, logger)
    logger.info(`Restore drill passed (drill log: ${result.logPath})`)
    // SOP "Store restore drill log": a pass whose log was not stored still needs a person.
    if (upload?.failure()) {
      throw new Error(`the drill passed, but its log was not uploaded: ${upload.failure()}`)
    }
  })
}

/** Runs the drill; a backup that could not be fetched becomes a `backup-unreadable` escalation with outputs. */
async function drillOrEscalate(work: () => Promise<DrillResult>): Promise<DrillResult> {
  try {
    return await work()
  } catch (error) {
    const mapped = fetchFailureAsEscalation(error)
    if (mapped instanceof EscalationError) {
      setOutputs({ result: 'fail', escalations: mapped.condition })
      await writeJobSummary(
        `## Restore drill: FAIL ❌ — escalate: ${mapped.condition}\n\n${mapped.message}\n`
      ).catch(() => undefined)
    }
    throw mapped
  }
}

/**
 * The storeLog seam: uploads the log files as one artifact of this run. A
 * failed upload is a warning here (the drill result must still be reported)
 * and remembered, so a passing drill can fail for it afterwards.
 */
function logUploader(
  logger: Logger,
  env: NodeJS.ProcessEnv
): { store: NonNullable<DrillDependencies['storeLog']>; failure: () => string | undefined } {
  let failure: string | undefined
  const repositoryLimit = Number.parseInt(env.GITHUB_RETENTION_DAYS ?? '', 10)
  const retentionDays =
    repositoryLimit >= 1 && repositoryLimit < MAX_LOG_RETENTION_DAYS
      ? repositoryLimit
      : MAX_LOG_RETENTION_DAYS
  return {
    store: async (files, name) => {
      try {
        await logger.group(`Upload drill log ${name}`, () =>
          uploadBackupArtifact({ name, files, retentionDays, logger })
        )
      } catch (error) {
        failure = maskSecrets(errorMessage(error))
        logger.warning(`The drill log was not uploaded as artifact ${name}: ${failure}`, {
          title: 'Drill log not uploaded'
        })
      }
    },
    failure: () => failure
  }
}

/** The drill log's markdown is the job summary; a summary that cannot be written is only a warning. */
async function summarize(result: DrillResult, logger: Logger): Promise<void> {
  await writeJobSummary(result.markdown).catch((error: unknown) =>
    logger.warning(`job summary not written: ${errorMessage(error)}`)
  )
}

await run()

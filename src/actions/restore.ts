import { join } from 'node:path'
import * as core from '@actions/core'
import { RESTORE_INPUTS, parseRestoreOptions } from '../config/restore-options.js'
import { EscalationError, errorMessage } from '../errors.js'
import { runRestore, type RestoreResult } from '../restore/run-restore.js'
import type { Logger } from '../log/logger.js'
import { maskSecrets, registerSecret } from '../secrets.js'
import { readActionInputs, runAction, setOutputs, writeJobSummary } from './action-runtime.js'
import { annotateEscalations, fetchFailureAsEscalation } from './escalations.js'
import { pgClientChoice } from './pg-client.js'

/**
 * The production restore sub-action (restore/action.yml), SOP §4, incident
 * only: inputs -> runRestore -> outputs, the job summary (checks, data-loss
 * window, duration, the SOP steps that remain manual) and, on any
 * escalation, one annotation per condition and a failed step.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger) => {
    const raw = readActionInputs(RESTORE_INPUTS)
    // The whole URL masked at once (parsing masks its password too), before any line is logged.
    registerSecret(raw['db-url'])
    // action.yml defaults cannot use the runner context: blank means the runner's temp folder.
    if (!raw['log-dir'] && env.RUNNER_TEMP) raw['log-dir'] = join(env.RUNNER_TEMP, 'restore-logs')
    if (!raw['out-dir'] && env.RUNNER_TEMP) raw['out-dir'] = join(env.RUNNER_TEMP, 'backups')
    raw.repository ??= env.GITHUB_REPOSITORY
    const options = parseRestoreOptions(raw)
    const client = pgClientChoice(
      readActionInputs(['postgres-version'])['postgres-version'],
      options.pgBinDir,
      { logger, condition: 'backup-unreadable' }
    )
    options.pgBinDir = client.pgBinDir
    const result = await restoreOrEscalate(() =>
      runRestore(options, logger, { resolvePgBinDir: client.resolvePgBinDir })
    )
    const { log } = result
    setOutputs({
      result: log.result,
      'data-loss-hours': result.dataLossHours === null ? '' : round(result.dataLossHours),
      'restore-seconds': round(result.restoreSeconds),
      'log-path': result.logPath
    })
    if (log.escalations.length > 0) {
      // Annotations first: nothing after this can hide the escalation.
      annotateEscalations(log.checks, log.escalations, logger)
      await summarize(result, logger)
      core.setFailed(
        maskSecrets(
          `Production restore failed: escalate ${log.escalations.join(', ')} (restore log: ${result.logPath})`
        )
      )
      return
    }
    await summarize(result, logger)
    logger.info(
      `Production restore passed (restore log: ${result.logPath}). Still manual: reopen traffic, unfreeze writes and deploys, record the data-loss window and duration in the incident.`
    )
  })
}

/** A backup that could not be fetched becomes a `backup-unreadable` escalation, with outputs. */
async function restoreOrEscalate(work: () => Promise<RestoreResult>): Promise<RestoreResult> {
  try {
    return await work()
  } catch (error) {
    const mapped = fetchFailureAsEscalation(error)
    if (mapped instanceof EscalationError) {
      setOutputs({ result: 'fail' })
      await writeJobSummary(
        `## Production restore: FAIL ❌ — escalate: ${mapped.condition}\n\n${mapped.message}\n\n**Production was not touched.**\n`
      ).catch(() => undefined)
    }
    throw mapped
  }
}

/** The restore summary is the job summary; a summary that cannot be written is only a warning. */
async function summarize(result: RestoreResult, logger: Logger): Promise<void> {
  await writeJobSummary(result.markdown).catch((error: unknown) =>
    logger.warning(`job summary not written: ${errorMessage(error)}`)
  )
}

const round = (n: number) => Math.round(n * 1000) / 1000

await run()

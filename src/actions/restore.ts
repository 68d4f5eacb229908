import { RESTORE_INPUTS, parseRestoreOptions } from '../config/restore-options.js'
import { round3 } from '../numbers.js'
import { runRestore, type RestoreResult } from '../restore/run-restore.js'
import { registerSecret } from '../secrets.js'
import {
  defaultToRunnerTemp,
  readActionInputs,
  runAction,
  type ActionOutcome
} from './action-runtime.js'
import { failedRunOutcome } from './failed-run.js'
import { choosePgClient } from './pg-client.js'

/**
 * The production restore sub-action (restore/action.yml), SOP §4, incident
 * only: inputs -> runRestore -> outputs, the job summary (checks, data-loss
 * window, duration, the SOP steps that remain manual) and, on any
 * escalation, one annotation per condition and a failed step.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction(async (logger): Promise<ActionOutcome> => {
    const raw = readActionInputs(RESTORE_INPUTS)
    // The whole URL masked at once (parsing masks its password too), before any line is logged.
    registerSecret(raw['db-url'])
    defaultToRunnerTemp(raw, { 'log-dir': 'restore-logs', 'out-dir': 'backups' }, env)
    raw.repository ??= env.GITHUB_REPOSITORY
    const options = parseRestoreOptions(raw)
    const resolvePgBinDir = choosePgClient(options, logger)
    let result: RestoreResult
    try {
      result = await runRestore(options, logger, { resolvePgBinDir })
    } catch (error) {
      return failedRunOutcome(error, {
        onEscalation: ({ condition, message }) => ({
          outputs: { result: 'fail' },
          summary: `## Production restore: FAIL ❌ — escalate: ${condition}\n\n${message}\n\n**Production was not touched.**\n`
        })
      })
    }
    const { log } = result
    const escalated = log.escalations.length > 0
    return {
      outputs: {
        result: log.result,
        'data-loss-hours': result.dataLossHours === null ? '' : round3(result.dataLossHours),
        'restore-seconds': round3(result.restoreSeconds),
        'log-path': result.logPath
      },
      escalations: { checks: log.checks, conditions: log.escalations },
      summary: result.markdown,
      ...(escalated
        ? {
            failure: {
              message: `Production restore failed: escalate ${log.escalations.join(', ')} (restore log: ${result.logPath})`
            }
          }
        : {
            closing: `Production restore passed (restore log: ${result.logPath}). Still manual: reopen traffic, unfreeze writes and deploys, record the data-loss window and duration in the incident.`
          })
    }
  })
}

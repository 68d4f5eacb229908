import { parseVerifyOptions, VERIFY_INPUTS } from '../config/drill-options.js'
import { runVerify, verifySummaryMarkdown, type VerifyResult } from '../drill/run-verify.js'
import {
  defaultToRunnerTemp,
  readActionInputs,
  runAction,
  type ActionOutcome
} from './action-runtime.js'
import { failedRunOutcome } from './failed-run.js'
import { choosePgClient } from './pg-client.js'

/**
 * The verify sub-action (verify/action.yml): fetch a backup and prove its bytes
 * and archive intact without restoring it. One annotation per escalation
 * condition, then a failed step.
 */
export async function run(): Promise<void> {
  await runAction(async (logger): Promise<ActionOutcome> => {
    const raw = readActionInputs(VERIFY_INPUTS)
    // The root action writes its sets to $RUNNER_TEMP/backups by default: look there too.
    defaultToRunnerTemp(raw, { 'out-dir': 'backups' })
    // parseVerifyOptions registers the token as a secret before anything is logged.
    const options = parseVerifyOptions(raw)
    const resolvePgBinDir = choosePgClient(options, logger)
    let result: VerifyResult
    try {
      result = await runVerify(options, logger, { resolvePgBinDir })
    } catch (error) {
      return failedRunOutcome(error, {
        onEscalation: ({ condition }) => ({ outputs: { result: 'fail', escalations: condition } })
      })
    }
    const escalated = result.escalations.length > 0
    return {
      outputs: {
        result: result.result,
        escalations: result.escalations.join(','),
        sha256: result.sha256
      },
      escalations: { checks: result.checks, conditions: result.escalations },
      summary: verifySummaryMarkdown(result),
      ...(escalated
        ? {
            failure: {
              message: `Backup ${result.name} did not verify: escalate ${result.escalations.join(', ')}`
            }
          }
        : { closing: `Backup ${result.name} verified (${result.origin})` })
    }
  })
}

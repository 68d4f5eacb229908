import { join } from 'node:path'
import * as core from '@actions/core'
import { parseVerifyOptions, VERIFY_INPUTS } from '../config/drill-options.js'
import { runVerify, verifySummaryMarkdown } from '../drill/run-verify.js'
import { EscalationError, errorMessage } from '../errors.js'
import { maskSecrets } from '../secrets.js'
import { readActionInputs, runAction, setOutputs, writeJobSummary } from './action-runtime.js'
import { annotateEscalations, fetchFailureAsEscalation } from './escalations.js'
import { pgClientChoice } from './pg-client.js'

/**
 * The verify sub-action (verify/action.yml): fetch a backup and prove its bytes
 * and archive intact without restoring it. One annotation per escalation
 * condition, then a failed step.
 */
export async function run(): Promise<void> {
  await runAction(async (logger) => {
    const raw = readActionInputs(VERIFY_INPUTS)
    // The root action writes its sets to $RUNNER_TEMP/backups by default: look there too.
    if (!raw['out-dir'] && process.env.RUNNER_TEMP) {
      raw['out-dir'] = join(process.env.RUNNER_TEMP, 'backups')
    }
    // parseVerifyOptions registers the token as a secret before anything is logged.
    const options = parseVerifyOptions(raw)
    const client = pgClientChoice(
      readActionInputs(['postgres-version'])['postgres-version'],
      options.pgBinDir,
      { logger, condition: 'backup-unreadable' }
    )
    options.pgBinDir = client.pgBinDir
    let result
    try {
      result = await runVerify(options, logger, { resolvePgBinDir: client.resolvePgBinDir })
    } catch (error) {
      const mapped = fetchFailureAsEscalation(error)
      if (mapped instanceof EscalationError)
        setOutputs({ result: 'fail', escalations: mapped.condition })
      throw mapped
    }
    setOutputs({
      result: result.result,
      escalations: result.escalations.join(','),
      sha256: result.sha256
    })
    if (result.escalations.length > 0)
      annotateEscalations(result.checks, result.escalations, logger)
    await writeJobSummary(verifySummaryMarkdown(result)).catch((error: unknown) =>
      logger.warning(`job summary not written: ${errorMessage(error)}`)
    )
    if (result.escalations.length > 0) {
      core.setFailed(
        maskSecrets(
          `Backup ${result.name} did not verify: escalate ${result.escalations.join(', ')}`
        )
      )
    } else {
      logger.info(`Backup ${result.name} verified (${result.origin})`)
    }
  })
}

await run()

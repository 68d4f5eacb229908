import { PRUNE_INPUTS, parsePruneInputs } from '../config/prune-options.js'
import { EscalationError } from '../errors.js'
import { runPrune } from '../prune/run-prune.js'
import { pruneSummaryMarkdown } from '../report/prune-summary.js'
import { failureOf, readActionInputs, runAction, type ActionOutcome } from './action-runtime.js'

/** The prune sub-action (prune/action.yml): inputs -> runPrune -> outputs and job summary. */
export async function run(): Promise<void> {
  await runAction(async (logger): Promise<ActionOutcome> => {
    const raw = readActionInputs(PRUNE_INPUTS)
    // action.yml defaults it to github.repository; this covers a run without that default.
    raw.repository ??= process.env.GITHUB_REPOSITORY
    const options = parsePruneInputs(raw)
    const result = await runPrune({ ...options, now: new Date() }, logger)
    const summary = pruneSummaryMarkdown(result)
    // A store that cannot keep what the policy needs fails with its condition and fix;
    // retention that silently stops working fills the disk: fail the step so someone looks.
    const failure = result.escalation
      ? new EscalationError(result.escalation.condition, result.escalation.message)
      : !result.passed
        ? new Error(
            'prune did not finish: see the listing problems or failed deletions in the summary'
          )
        : undefined
    return {
      outputs: {
        'kept-count': result.kept.length,
        'deleted-count': result.deleted.filter(
          (entry) => entry.status === 'deleted' || entry.status === 'dry-run'
        ).length,
        summary
      },
      summary,
      ...(failure ? { failure: failureOf(failure) } : {})
    }
  })
}

import { PRUNE_INPUTS, parsePruneInputs } from '../config/prune-options.js'
import { EscalationError } from '../errors.js'
import { runPrune } from '../prune/run-prune.js'
import { pruneSummaryMarkdown } from '../report/prune-summary.js'
import { readActionInputs, runAction, setOutputs, writeJobSummary } from './action-runtime.js'

/** The prune sub-action (prune/action.yml): inputs -> runPrune -> outputs and job summary. */
export async function run(): Promise<void> {
  await runAction(async (logger) => {
    const raw = readActionInputs(PRUNE_INPUTS)
    // action.yml defaults it to github.repository; this covers a run without that default.
    raw.repository ??= process.env.GITHUB_REPOSITORY
    const options = parsePruneInputs(raw)
    const result = await runPrune({ ...options, now: new Date() }, logger)
    const summary = pruneSummaryMarkdown(result)
    setOutputs({
      'kept-count': result.kept.length,
      'deleted-count': result.deleted.filter(
        (entry) => entry.status === 'deleted' || entry.status === 'dry-run'
      ).length,
      summary
    })
    await writeJobSummary(summary)
    // A store that cannot keep what the policy needs fails with its condition and fix.
    if (result.escalation)
      throw new EscalationError(result.escalation.condition, result.escalation.message)
    // Retention that silently stops working fills the disk; fail the step so someone looks.
    if (!result.passed)
      throw new Error(
        'prune did not finish: see the listing problems or failed deletions in the summary'
      )
  })
}

await run()

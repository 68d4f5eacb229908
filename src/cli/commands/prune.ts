import type { Command } from 'commander'
import { PRUNE_INPUT_SPECS, parsePruneInputs } from '../../config/prune-options.js'
import { runPrune } from '../../prune/run-prune.js'
import { pruneSummaryMarkdown } from '../../report/prune-summary.js'
import { runCommand, withCommonFlags, type CliIo } from '../context.js'
import { rawInputsFromCli, withInputOptions } from '../input-options.js'
import { withHelpSections, type HelpSections } from '../help.js'

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP: HelpSections = {
  examples: [
    '# show the plan (dry run), then apply it',
    'backup-drill prune --out-dir ./backups --prefix opta-supabase',
    'backup-drill prune --out-dir ./backups --prefix opta-supabase --no-dry-run',
    '# GitHub artifacts of a repository (the token needs actions:write)',
    'GITHUB_TOKEN=... backup-drill prune --store artifact --repository octo-org/app --artifact-name opta-supabase'
  ],
  registry: PRUNE_INPUT_SPECS,
  success: 'the plan was shown (dry run) or applied',
  failure:
    'the store could not be listed completely (then nothing is deleted) or a deletion failed, or retention-unattainable'
}

/**
 * `backup-drill prune`: SOP "Retention + Hygiene" (35 daily + 12 monthly by
 * default); reports only unless --no-dry-run. With --artifact-name it prunes
 * GitHub artifacts of --repository (default GITHUB_REPOSITORY) with the token
 * in GITHUB_TOKEN (or GH_TOKEN): never a flag, so it stays out of shell
 * history and process lists.
 */
export function registerPruneCommand(program: Command, io: CliIo): void {
  withHelpSections(
    withCommonFlags(
      withInputOptions(
        program
          .command('prune')
          .description(
            'apply the retention policy to the complete backup sets in a folder or in GitHub artifacts: keep the newest set of each UTC day/week/month/year the policy asks for, delete the rest (dry run unless --no-dry-run)'
          ),
        PRUNE_INPUT_SPECS
      )
    ),
    HELP
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const options = parsePruneInputs(rawInputsFromCli(PRUNE_INPUT_SPECS, flags, io.env), io.env)
      const result = await runPrune({ ...options, now: new Date() }, logger)
      return { result, passed: result.passed, human: pruneSummaryMarkdown(result) }
    })
  })
}

import type { Command } from 'commander'
import {
  DEFAULT_OUT_DIR,
  DEFAULT_PREFIX,
  PRUNE_INPUTS,
  parsePruneInputs
} from '../../config/prune-options.js'
import { runPrune } from '../../prune/run-prune.js'
import { pruneSummaryMarkdown } from '../../report/prune-summary.js'
import { DEFAULT_RETENTION_POLICY } from '../../retention/policy.js'
import { runCommand, withCommonFlags, type CliIo } from '../context.js'
import { rawInputsFromFlags } from '../flags.js'

/**
 * `backup-drill prune`: SOP "Retention + Hygiene" (35 daily + 12 monthly by
 * default); reports only unless --no-dry-run. With --artifact-name it prunes
 * GitHub artifacts of --repository (default GITHUB_REPOSITORY) with the token
 * in GITHUB_TOKEN (or GH_TOKEN): never a flag, so it stays out of shell
 * history and process lists.
 */
export function registerPruneCommand(program: Command, io: CliIo): void {
  withCommonFlags(
    program
      .command('prune')
      .description(
        'apply the retention policy to the complete backup sets in a folder or in GitHub artifacts: keep the newest set of each UTC day/week/month/year the policy asks for, delete the rest (dry run unless --no-dry-run)'
      )
      .option(
        '--out-dir <dir>',
        `folder holding the backup sets (default: "${DEFAULT_OUT_DIR}"; not with --artifact-name)`
      )
      .option(
        '--prefix <prefix>',
        `only sets named <prefix>-<yyyymmdd-HHMMSS> (default: "${DEFAULT_PREFIX}"; folders only)`
      )
      .option(
        '--artifact-name <name>',
        'prune GitHub artifacts instead of a folder: those named <name>-<yyyymmdd-HHMMSS> (one per set) or exactly <name> (one per run, dated by created_at); token from GITHUB_TOKEN'
      )
      .option(
        '--repository <owner/repo>',
        'repository of the artifacts (default GITHUB_REPOSITORY)'
      )
      .option('--keep-last <n>', 'keep the n newest sets', String(DEFAULT_RETENTION_POLICY.last))
      .option(
        '--keep-daily <n>',
        'keep the newest set of each of the n newest UTC days that have one',
        String(DEFAULT_RETENTION_POLICY.daily)
      )
      .option('--keep-weekly <n>', 'same per ISO week', String(DEFAULT_RETENTION_POLICY.weekly))
      .option('--keep-monthly <n>', 'same per UTC month', String(DEFAULT_RETENTION_POLICY.monthly))
      .option('--keep-yearly <n>', 'same per UTC year', String(DEFAULT_RETENTION_POLICY.yearly))
      .option('--dry-run', 'only report what would be deleted (the default)')
      .option('--no-dry-run', 'delete the sets outside the policy')
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const raw = rawInputsFromFlags(flags, PRUNE_INPUTS)
      raw['github-token'] = io.env.GITHUB_TOKEN || io.env.GH_TOKEN
      raw.repository ??= io.env.GITHUB_REPOSITORY
      const options = parsePruneInputs(raw)
      const result = await runPrune({ ...options, now: new Date() }, logger)
      return { result, passed: result.passed, human: pruneSummaryMarkdown(result) }
    })
  })
}

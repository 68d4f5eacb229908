import type { Command } from 'commander'
import { parseVerifyOptions, VERIFY_INPUT_SPECS } from '../../config/drill-options.js'
import { runVerify, verifySummaryMarkdown } from '../../drill/run-verify.js'
import { runCommand, withCommonFlags, type CliIo } from '../context.js'
import { rawInputsFromCli, withInputOptions } from '../input-options.js'
import { withHelpSections, type HelpSections } from '../help.js'

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP: HelpSections = {
  examples: [
    'backup-drill verify --backup latest --out-dir ./backups',
    'backup-drill verify --backup ./backups/opta-supabase-20260101-031700.dump'
  ],
  registry: VERIFY_INPUT_SPECS,
  success: "checksums, manifest and the archive's table of contents are intact",
  failure: 'checksum-mismatch or backup-unreadable'
}

/** `backup-drill verify`: checksum + archive check of a stored backup, no restore. */
export function registerVerifyCommand(program: Command, io: CliIo): void {
  withHelpSections(
    withCommonFlags(
      withInputOptions(
        program
          .command('verify')
          .description(
            "check a backup's sha256 against its .sha256 file and manifest, and that pg_restore can read it"
          ),
        VERIFY_INPUT_SPECS
      )
    ),
    HELP
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const raw = rawInputsFromCli(VERIFY_INPUT_SPECS, flags, io.env)
      const result = await runVerify(parseVerifyOptions(raw, io.env), logger)
      return { result, passed: result.result === 'pass', human: verifySummaryMarkdown(result) }
    })
  })
}

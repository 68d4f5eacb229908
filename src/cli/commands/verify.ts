import type { Command } from 'commander'
import { parseVerifyOptions, VERIFY_INPUTS } from '../../config/drill-options.js'
import { runVerify, verifySummaryMarkdown } from '../../drill/run-verify.js'
import { runCommand, withCommonFlags, type CliIo } from '../context.js'
import { rawInputsFromFlags } from '../flags.js'
import { withBackupSourceFlags } from './source-flags.js'

/** `backup-drill verify`: checksum + archive check of a stored backup, no restore. */
export function registerVerifyCommand(program: Command, io: CliIo): void {
  withCommonFlags(
    withBackupSourceFlags(
      program
        .command('verify')
        .description(
          "check a backup's sha256 against its .sha256 file and manifest, and that pg_restore can read it"
        )
    )
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const raw = rawInputsFromFlags(flags, VERIFY_INPUTS)
      raw['github-token'] ??= io.env.GITHUB_TOKEN
      raw['decrypt-identity'] ??= io.env.BACKUP_DRILL_AGE_IDENTITY
      const result = await runVerify(parseVerifyOptions(raw), logger)
      return { result, passed: result.result === 'pass', human: verifySummaryMarkdown(result) }
    })
  })
}

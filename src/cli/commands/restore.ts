import type { Command } from 'commander'
import { RESTORE_INPUT_SPECS, parseRestoreOptions } from '../../config/restore-options.js'
import { runRestore } from '../../restore/run-restore.js'
import { runCommand, withCommonFlags, type CliIo } from '../context.js'
import { rawInputsFromCli, withInputOptions } from '../input-options.js'

/** `backup-drill restore`: SOP §4, restore a verified backup INTO PRODUCTION (incident only). */
export function registerRestoreCommand(program: Command, io: CliIo): void {
  withCommonFlags(
    withInputOptions(
      program
        .command('restore')
        .description(
          'INCIDENT ONLY (SOP §4): verify a backup, restore it INTO PRODUCTION, validate it against the manifest, run the smoke test, report the data-loss window and duration'
        ),
      RESTORE_INPUT_SPECS
    )
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const raw = rawInputsFromCli(RESTORE_INPUT_SPECS, flags, io.env)
      const result = await runRestore(parseRestoreOptions(raw, io.env), logger)
      return {
        result: {
          ...result.log,
          logPath: result.logPath,
          markdownPath: result.markdownPath,
          dataLossHours: result.dataLossHours,
          restoreSeconds: result.restoreSeconds
        },
        passed: result.log.result === 'pass',
        human: result.markdown
      }
    })
  })
}

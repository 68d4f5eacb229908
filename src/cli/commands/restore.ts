import type { Command } from 'commander'
import { RESTORE_INPUT_SPECS, parseRestoreOptions } from '../../config/restore-options.js'
import { runRestore } from '../../restore/run-restore.js'
import { runCommand, withCommonFlags, type CliIo } from '../context.js'
import { rawInputsFromCli, withInputOptions } from '../input-options.js'
import { withHelpSections, type HelpSections } from '../help.js'

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP: HelpSections = {
  examples: [
    '# INCIDENT ONLY: overwrites production; --confirm repeats the project ref',
    'BACKUP_DRILL_DB_URL=postgres://postgres:PASSWORD@db.abcdefghijklmnopqrst.supabase.co:5432/postgres \\',
    'BACKUP_DRILL_PROJECT_REF=abcdefghijklmnopqrst \\',
    '  backup-drill restore --backup latest --out-dir ./backups --confirm abcdefghijklmnopqrst'
  ],
  registry: RESTORE_INPUT_SPECS,
  success: 'production restored, equal to the manifest, smoke test green',
  failure:
    'an escalation (checksum-mismatch, restore-failed, validation-failed, ...), see the restore log'
}

/** `backup-drill restore`: SOP §4, restore a verified backup INTO PRODUCTION (incident only). */
export function registerRestoreCommand(program: Command, io: CliIo): void {
  withHelpSections(
    withCommonFlags(
      withInputOptions(
        program
          .command('restore')
          .description(
            'INCIDENT ONLY (SOP §4): verify a backup, restore it INTO PRODUCTION, validate it against the manifest, run the smoke test, report the data-loss window and duration'
          ),
        RESTORE_INPUT_SPECS
      )
    ),
    HELP
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

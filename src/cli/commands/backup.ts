import type { Command } from 'commander'
import { runBackup } from '../../backup/run-backup.js'
import { storeBackup } from '../../backup/store-backup.js'
import { BACKUP_INPUT_SPECS, parseBackupOptions } from '../../config/backup-options.js'
import { InputError } from '../../errors.js'
import { backupSummaryMarkdown } from '../../report/backup-summary.js'
import { runCommand, withCommonFlags, withHeartbeatFlag, type CliIo } from '../context.js'
import { rawInputsFromCli, withInputOptions } from '../input-options.js'
import { withHelpSections, type HelpSections } from '../help.js'

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP: HelpSections = {
  examples: [
    '# the URL comes from the environment, so the password stays out of `ps`',
    'BACKUP_DRILL_DB_URL=postgres://postgres:PASSWORD@db.example.com:5432/postgres \\',
    '  backup-drill backup --schemas public,auth --prefix opta-supabase --out-dir ./backups --upload none',
    '# encrypted at rest for an age recipient',
    'backup-drill backup --upload none --encrypt-recipients "$(age-keygen -y key.txt)"'
  ],
  registry: BACKUP_INPUT_SPECS,
  success: 'the set (.dump, .sha256, .manifest.json) is in place, read back and stored',
  failure: 'the backup failed (backup-failed, retention-unattainable); nothing partial is left'
}

/** `backup-drill backup`: SOP §1 with a same-snapshot manifest and a streamed checksum. */
export function registerBackupCommand(program: Command, io: CliIo): void {
  withHelpSections(
    withCommonFlags(
      withHeartbeatFlag(
        withInputOptions(
          program
            .command('backup')
            .description(
              'dump a database with pg_dump, hash it while streaming, and write the .dump, .sha256 and .manifest.json set'
            ),
          BACKUP_INPUT_SPECS
        )
      )
    ),
    HELP
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const options = parseBackupOptions(
        rawInputsFromCli(BACKUP_INPUT_SPECS, flags, io.env),
        io.env
      )
      if (options.upload === 'artifact' && !io.env.ACTIONS_RUNTIME_TOKEN) {
        throw new InputError(
          'upload',
          'artifact uploads need a GitHub Actions job (ACTIONS_RUNTIME_TOKEN is not set): use --upload none on a laptop'
        )
      }
      const result = await runBackup(options, logger)
      const stored = await storeBackup(result, options, logger)
      return {
        result: {
          ...result,
          ...stored,
          manifest: undefined,
          manifestSummary: { tables: result.manifest.inventory.tables }
        },
        passed: true,
        human: backupSummaryMarkdown(result, stored)
      }
    })
  })
}

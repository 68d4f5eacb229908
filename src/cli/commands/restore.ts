import type { Command } from 'commander'
import { RESTORE_INPUTS, parseRestoreOptions } from '../../config/restore-options.js'
import { runRestore } from '../../restore/run-restore.js'
import { runCommand, withCommonFlags, type CliIo } from '../context.js'
import { rawInputsFromFlags } from '../flags.js'
import { withBackupSourceFlags } from './source-flags.js'

/** `backup-drill restore`: SOP §4, restore a verified backup INTO PRODUCTION (incident only). */
export function registerRestoreCommand(program: Command, io: CliIo): void {
  withCommonFlags(
    withBackupSourceFlags(
      program
        .command('restore')
        .description(
          'INCIDENT ONLY (SOP §4): verify a backup, restore it INTO PRODUCTION, validate it against the manifest, run the smoke test, report the data-loss window and duration'
        )
    )
      .option('--db-url <url>', 'production database to overwrite (env BACKUP_DRILL_DB_URL)')
      .option('--project-ref <ref>', 'production project ref (env OPTA_SUPABASE_PROJECT_REF)')
      .option(
        '--confirm <name>',
        'type the project ref (Supabase) or the database name of --db-url to confirm it will be overwritten'
      )
      .option(
        '--restore-elsewhere <bool>',
        "db-url is on purpose another server or database than the backup's source (true|false)",
        'false'
      )
      .option(
        '--smoke-command <cmd>',
        'shell command run after validation with DATABASE_URL (and SCRATCH_DB_URL) set to production'
      )
      .option('--jobs <n>', 'pg_restore parallel jobs (default: number of cores)')
      .option('--log-dir <dir>', 'folder for the restore log (JSON + markdown)', './restore-logs')
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const raw = rawInputsFromFlags(flags, RESTORE_INPUTS)
      raw['db-url'] ??= io.env.BACKUP_DRILL_DB_URL
      raw['project-ref'] ??= io.env.OPTA_SUPABASE_PROJECT_REF
      raw['github-token'] ??= io.env.GITHUB_TOKEN
      // The age key stays out of argv (visible in `ps`): environment only, as for verify and drill.
      raw['decrypt-identity'] ??= io.env.BACKUP_DRILL_AGE_IDENTITY
      const result = await runRestore(parseRestoreOptions(raw), logger)
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

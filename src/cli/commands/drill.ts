import type { Command } from 'commander'
import { DRILL_INPUTS, parseDrillOptions } from '../../config/drill-options.js'
import { InputError } from '../../errors.js'
import { runDrill } from '../../drill/run-drill.js'
import { runCommand, withCommonFlags, type CliIo } from '../context.js'
import { rawInputsFromFlags } from '../flags.js'
import { withBackupSourceFlags } from './source-flags.js'

/** `backup-drill drill`: SOP §2-3, restore into scratch and prove it equal to the manifest. */
export function registerDrillCommand(program: Command, io: CliIo): void {
  withCommonFlags(
    withBackupSourceFlags(
      program
        .command('drill')
        .description(
          'restore a verified backup into a scratch database, validate it against the manifest, run the smoke test, write the drill log'
        )
    )
      .option(
        '--scratch-db-url <url>',
        'scratch database to restore into; never production (env BACKUP_DRILL_SCRATCH_DB_URL)'
      )
      .option(
        '--overwrite-scratch <bool>',
        'true: restore with --clean even into a scratch database that holds other objects and no drill marker',
        'false'
      )
      .option(
        '--db-url <url>',
        'production URL, only to refuse restoring into it: compared by spelling, then read-only by server identity (env BACKUP_DRILL_DB_URL)'
      )
      .option(
        '--project-ref <ref>',
        "production project ref (default: the manifest's); a scratch URL containing it is refused"
      )
      .option('--jobs <n>', 'pg_restore parallel jobs (default: number of cores)')
      .option(
        '--smoke-command <cmd>',
        'shell command run after validation with SCRATCH_DB_URL and DATABASE_URL set'
      )
      .option(
        '--validation-sql <file>',
        'read-only checks: each statement is a query returning one row whose first column is true'
      )
      .option('--rpo-hours <hours>', 'maximum backup age', '24')
      .option(
        '--rto-minutes <minutes>',
        'maximum time for fetch + verify + restore + validate + smoke',
        '60'
      )
      .option('--log-dir <dir>', 'folder for the drill log (JSON + markdown)', './drill-logs')
      .option('--upload <where>', 'artifact or none', 'none')
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const raw = rawInputsFromFlags(flags, DRILL_INPUTS)
      raw['scratch-db-url'] ??= io.env.BACKUP_DRILL_SCRATCH_DB_URL
      raw['db-url'] ??= io.env.BACKUP_DRILL_DB_URL
      raw['github-token'] ??= io.env.GITHUB_TOKEN
      raw['decrypt-identity'] ??= io.env.BACKUP_DRILL_AGE_IDENTITY
      const options = parseDrillOptions(raw)
      if (options.upload === 'artifact')
        throw new InputError(
          'upload',
          'the CLI keeps drill logs in --log-dir; artifact uploads are done by the drill action'
        )
      const { log, markdown, logPath } = await runDrill(options, logger)
      return { result: { ...log, logPath }, passed: log.result === 'pass', human: markdown }
    })
  })
}

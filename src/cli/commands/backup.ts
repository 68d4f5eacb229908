import type { Command } from 'commander'
import { runBackup } from '../../backup/run-backup.js'
import { storeBackup } from '../../backup/store-backup.js'
import { BACKUP_INPUTS, parseBackupOptions } from '../../config/backup-options.js'
import { InputError } from '../../errors.js'
import { backupSummaryMarkdown } from '../../report/backup-summary.js'
import { runCommand, withCommonFlags, type CliIo } from '../context.js'
import { rawInputsFromFlags } from '../flags.js'

/** `backup-drill backup`: SOP §1 with a same-snapshot manifest and a streamed checksum. */
export function registerBackupCommand(program: Command, io: CliIo): void {
  withCommonFlags(
    program
      .command('backup')
      .description(
        'dump a database with pg_dump, hash it while streaming, and write the .dump, .sha256 and .manifest.json set'
      )
      .option('--db-url <url>', 'source database URL (env BACKUP_DRILL_DB_URL)')
      .option(
        '--project-ref <ref>',
        'label for names and the manifest (default: from a Supabase URL, else "local")'
      )
      .option('--schemas <list>', 'comma-separated schemas to back up', 'public')
      .option('--tables <patterns>', 'only these tables: schema.name, * wildcard, comma-separated')
      .option('--exclude-tables <patterns>', 'leave out these tables: schema.name, * wildcard')
      .option('--out-dir <dir>', 'folder for the backup set', './backups')
      .option('--prefix <prefix>', 'file name prefix (the SOP uses opta-supabase)', 'backup')
      .option(
        '--compress <level>',
        'pg_dump --compress value (0-9; none, gzip:N, lz4:N, zstd:N on pg_dump 16+)'
      )
      .option(
        '--pg-bin-dir <dir>',
        "directory holding pg_dump and pg_restore (default: the server major's, then PATH)"
      )
      .option(
        '--upload <where>',
        'artifact or none (artifact works only inside GitHub Actions)',
        'none'
      )
      .option('--artifact-name <name>', 'artifact name (default: the backup set name)')
      .option('--retention-days <days>', 'artifact retention in days', '400')
      .option('--content-hash <bool>', "also hash every table's rows (true|false)", 'false')
      .option(
        '--encrypt-recipients <keys>',
        'age public keys (age1...): encrypt the dump while it streams (.dump.age)'
      )
      .option(
        '--lock-timeout <seconds>',
        'wait at most this long for a table lock held by another session, then fail naming the table',
        '300'
      )
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const raw = rawInputsFromFlags(flags, BACKUP_INPUTS)
      raw['db-url'] ??= io.env.BACKUP_DRILL_DB_URL
      const options = parseBackupOptions(raw)
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

import { join } from 'node:path'
import { InputError } from '../errors.js'
import { debianBinDir } from '../postgres/client-install.js'
import { parseDatabaseUrl } from '../postgres/connection-url.js'
import { BACKUP_INPUT_SPECS, parseBackupOptions, type BackupOptions } from './backup-options.js'
import { asActionOnly, inputNames, withDescriptions } from './input-spec.js'
import { HEARTBEAT_INPUT_SPECS } from './heartbeat-inputs.js'
import { NOTICE_INPUT_SPECS } from './notice-inputs.js'
import type { RawInputs } from '../input/parse-inputs.js'

/** Every input the root action.yml declares: the backup's, then where failures are reported. */
export const BACKUP_ACTION_INPUT_SPECS = {
  ...BACKUP_INPUT_SPECS,
  ...asActionOnly(HEARTBEAT_INPUT_SPECS),
  ...asActionOnly(
    withDescriptions(NOTICE_INPUT_SPECS, {
      'escalation-issue':
        'true: on failure, open (or comment on) the backup-escalation issue (needs issues: write).',
      'webhook-url':
        'Slack-compatible incoming webhook to notify on failure (pass it from a secret).'
    })
  )
}

/** Every input the root action.yml declares (its `inputs:` keys). */
export const BACKUP_ACTION_INPUTS = inputNames(BACKUP_ACTION_INPUT_SPECS)

/**
 * Registers the password of the db-url input as a secret before anything else
 * runs. Whether the URL is valid is reported later, with the other inputs.
 */
export function maskDatabaseUrlInput(value: string | undefined): void {
  try {
    parseDatabaseUrl('db-url', value)
  } catch {
    // parseDatabaseUrl registers the password before it can fail; the error comes again later.
  }
}

/**
 * Parses the root action's backup inputs. Differences from the CLI: out-dir
 * defaults to `$RUNNER_TEMP/backups` (action.yml defaults cannot use the
 * runner context), and `postgres-version` picks the client: `auto` leaves
 * pg-bin-dir as given (empty: the action ensures the server's major after
 * connecting, see actions/pg-client.ts), a number pins `debianBinDir(n)`.
 */
export function parseBackupActionInputs(
  raw: RawInputs,
  env: { RUNNER_TEMP?: string } = {}
): BackupOptions {
  const given = { ...raw }
  if (!given['out-dir'] && env.RUNNER_TEMP) given['out-dir'] = join(env.RUNNER_TEMP, 'backups')
  const options = parseBackupOptions(given)
  const pinned = parsePostgresVersion(raw['postgres-version'])
  if (pinned !== undefined) {
    if (options.pgBinDir) {
      throw new InputError(
        'postgres-version',
        `is ${pinned} and pg-bin-dir is set too: give one of them (postgres-version: auto with pg-bin-dir, or leave pg-bin-dir empty)`
      )
    }
    options.pgBinDir = debianBinDir(pinned)
  }
  return options
}

/** `auto` (or blank) -> undefined; a major version number -> that number. */
export function parsePostgresVersion(value: string | undefined): number | undefined {
  const text = (value ?? '').trim()
  if (text === '' || text.toLowerCase() === 'auto') return undefined
  if (!/^\d{1,2}$/.test(text) || Number(text) < 10) {
    throw new InputError(
      'postgres-version',
      'must be auto or a PostgreSQL major version from 10 up (e.g. 17): the client pg_dump must be at least the server major'
    )
  }
  return Number(text)
}

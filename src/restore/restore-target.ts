import type { RestoreOptions } from '../config/restore-options.js'
import { pass, type Check } from '../drill/checks.js'
import { identifyTarget } from '../drill/scratch-identity.js'
import { InputError } from '../errors.js'
import { sourceTarget } from '../manifest/source.js'
import type { Manifest } from '../manifest/schema.js'
import { isSameTarget, normalizeTarget } from '../postgres/same-target.js'
import { describeIdentity, isSameServer } from '../postgres/server-identity.js'
import type { Logger } from '../log/logger.js'

/**
 * Before a production restore writes anything: db-url must be the backup's
 * own source — the same server (system_identifier) and database name, read
 * after connecting, whatever the spelling — unless `restore-elsewhere` says
 * the incident restores into another server or database. The database OID may
 * differ: production dropped and recreated is still production. Manifests
 * without a recorded identity are compared by their recorded host, port and
 * database. Returns the `target` check; throws InputError (nothing touched).
 */
export async function proveRestoreTarget(
  options: RestoreOptions,
  manifest: Manifest,
  logger: Logger
): Promise<Check> {
  const recorded = manifest.source.identity
  let same: boolean
  let what: string
  if (recorded) {
    const target = await identifyTarget(options.production, logger)
    same = isSameServer(target, recorded) && target.database === recorded.database
    what = `db-url reaches ${describeIdentity(target)}; the backup was taken from ${describeIdentity(recorded)}`
  } else {
    const source = sourceTarget(manifest)
    same = isSameTarget(normalizeTarget(options.production), normalizeTarget(source))
    what = `db-url is ${options.production.location}; the backup was taken from ${source.host}:${source.port}/${source.database} (an older manifest without a server identity: compared by spelling)`
  }
  if (same) return pass('target', `db-url is the backup's own source: ${what}`)
  if (!options.restoreElsewhere) {
    throw new InputError(
      'db-url',
      `is not the backup's source (${what}). If the incident restores into another server or database on purpose, pass restore-elsewhere: true (CLI --restore-elsewhere true). Nothing was touched.`
    )
  }
  logger.warning(`Restoring elsewhere (restore-elsewhere: true): ${what}`, {
    title: 'Production restore'
  })
  return pass('target', `restore-elsewhere: ${what}`)
}

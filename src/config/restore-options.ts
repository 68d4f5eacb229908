import { availableParallelism } from 'node:os'
import { z } from 'zod'
import { InputError } from '../errors.js'
import { parseDatabaseUrl, type DatabaseTarget } from '../postgres/connection-url.js'
import { registerSecret } from '../secrets.js'
import { projectRefFromTarget } from './backup-options.js'
import { BACKUP_SOURCE_INPUTS, parseVerifyOptions, type VerifyOptions } from './drill-options.js'
import { booleanInput, integerInput, parseInputs, type RawInputs } from '../input/parse-inputs.js'

/** Input names of the production restore (SOP §4), action and CLI alike. */
export const RESTORE_INPUTS = [
  ...BACKUP_SOURCE_INPUTS,
  'db-url',
  'confirm',
  'project-ref',
  'restore-elsewhere',
  'smoke-command',
  'jobs',
  'log-dir'
] as const

/** Everything the production restore needs, parsed once. */
export interface RestoreOptions extends VerifyOptions {
  /** Production: the database that will be overwritten. */
  production: DatabaseTarget
  projectRef: string
  /** The incident restores into another server or database than the backup's source (checked by identity). */
  restoreElsewhere: boolean
  jobs: number
  smokeCommand: string | undefined
  logDir: string
}

const restoreSchema = z.object({
  'project-ref': z
    .string({
      error: 'is required: the production project ref (the restore is confirmed against it)'
    })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, { error: 'must be 1-63 letters, digits, - or _' }),
  confirm: z.string({
    error:
      'is required: type the production project ref (Supabase) or the database name of db-url to confirm that production will be overwritten'
  }),
  'restore-elsewhere': booleanInput('restore-elsewhere').default(false),
  jobs: integerInput(1, 64).optional(),
  'smoke-command': z.string().optional(),
  'log-dir': z.string().default('./restore-logs')
})

/**
 * Parses the production restore's inputs. Secrets are registered first; then
 * `confirm` must name the target db-url overwrites: its Supabase project ref
 * (which must also equal project-ref), or, for any other PostgreSQL, its
 * database name. Every refusal is an InputError (exit 2) raised before
 * anything is fetched or touched. Neither value is echoed: the project ref is
 * kept as a secret in the workflows.
 */
export function parseRestoreOptions(raw: RawInputs): RestoreOptions {
  registerSecret(raw['github-token'])
  registerSecret(raw['decrypt-identity'])
  const production = parseDatabaseUrl('db-url', raw['db-url'])
  const parsed = parseInputs(restoreSchema, raw)
  const urlRef = projectRefFromTarget(production)
  if (urlRef !== undefined && urlRef !== parsed['project-ref']) {
    throw new InputError(
      'db-url',
      'names a different Supabase project than project-ref: check that db-url is the production database you mean to overwrite. Nothing was touched.'
    )
  }
  if (urlRef !== undefined && parsed.confirm !== parsed['project-ref']) {
    throw new InputError(
      'confirm',
      'does not equal project-ref: type the production project ref exactly (same case, no spaces) to confirm that production will be overwritten. Nothing was touched.'
    )
  }
  // Not Supabase: a project ref names nothing on the server, so confirm must name the database itself.
  if (urlRef === undefined && parsed.confirm !== production.database) {
    throw new InputError(
      'confirm',
      'does not name the database db-url overwrites: db-url is not a Supabase project, so type its database name exactly (same case, no spaces) to confirm that it will be overwritten. Nothing was touched.'
    )
  }
  return {
    ...parseVerifyOptions(raw),
    production,
    projectRef: parsed['project-ref'],
    restoreElsewhere: parsed['restore-elsewhere'],
    jobs: parsed.jobs ?? availableParallelism(),
    smokeCommand: parsed['smoke-command'],
    logDir: parsed['log-dir']
  }
}

import { availableParallelism } from 'node:os'
import { z } from 'zod'
import { InputError } from '../errors.js'
import { parseDatabaseUrl, type DatabaseTarget } from '../postgres/connection-url.js'
import { registerSecret } from '../secrets.js'
import { projectRefFromTarget } from './backup-options.js'
import { BACKUP_SOURCE_INPUTS, parseVerifyOptions, type VerifyOptions } from './drill-options.js'
import { integerInput, parseInputs, type RawInputs } from './parse-inputs.js'

/** Input names of the production restore (SOP §4), action and CLI alike. */
export const RESTORE_INPUTS = [
  ...BACKUP_SOURCE_INPUTS,
  'db-url',
  'confirm',
  'project-ref',
  'smoke-command',
  'jobs',
  'log-dir'
] as const

/** Everything the production restore needs, parsed once. */
export interface RestoreOptions extends VerifyOptions {
  /** Production: the database that will be overwritten. */
  production: DatabaseTarget
  projectRef: string
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
      'is required: type the production project ref to confirm that production will be overwritten'
  }),
  jobs: integerInput(1, 64).optional(),
  'smoke-command': z.string().optional(),
  'log-dir': z.string().default('./restore-logs')
})

/**
 * Parses the production restore's inputs. Secrets are registered first; then
 * `confirm` must equal `project-ref` exactly, and a Supabase db-url must name
 * that same project. Every refusal is an InputError (exit 2) raised before
 * anything is fetched or touched. Neither value is echoed: the project ref is
 * kept as a secret in the workflows.
 */
export function parseRestoreOptions(raw: RawInputs): RestoreOptions {
  registerSecret(raw['github-token'])
  registerSecret(raw['decrypt-identity'])
  const production = parseDatabaseUrl('db-url', raw['db-url'])
  const parsed = parseInputs(restoreSchema, raw)
  if (parsed.confirm !== parsed['project-ref']) {
    throw new InputError(
      'confirm',
      'does not equal project-ref: type the production project ref exactly (same case, no spaces) to confirm that production will be overwritten. Nothing was touched.'
    )
  }
  const urlRef = projectRefFromTarget(production)
  if (urlRef !== undefined && urlRef !== parsed['project-ref']) {
    throw new InputError(
      'db-url',
      'names a different Supabase project than project-ref: check that db-url is the production database you mean to overwrite. Nothing was touched.'
    )
  }
  return {
    ...parseVerifyOptions(raw),
    production,
    projectRef: parsed['project-ref'],
    jobs: parsed.jobs ?? availableParallelism(),
    smokeCommand: parsed['smoke-command'],
    logDir: parsed['log-dir']
  }
}

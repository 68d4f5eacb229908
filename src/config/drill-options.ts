import { availableParallelism } from 'node:os'
import { z } from 'zod'
import { parseDatabaseUrl, type DatabaseTarget } from '../postgres/connection-url.js'
import { InputError } from '../errors.js'
import { NOTICE_INPUTS } from './notice-inputs.js'
import { booleanInput, integerInput, parseInputs, type RawInputs } from '../input/parse-inputs.js'
import { registerSecret } from '../secrets.js'
import { parseIdentity } from '../crypto/age.js'

/** Where the backup to verify/drill/restore comes from: a local set or a GitHub artifact. */
export type BackupSource =
  | { kind: 'directory'; backup: string; outDir: string; prefix: string | undefined }
  | {
      kind: 'artifact'
      artifactName: string
      runId: number | undefined
      repository: string | undefined
      githubToken: string | undefined
      workflow: string
    }

/** Input names that select the backup (shared by verify, drill and restore). */
export const BACKUP_SOURCE_INPUTS = [
  'backup',
  'out-dir',
  'prefix',
  'artifact-name',
  'run-id',
  'repository',
  'github-token',
  'backup-workflow',
  'pg-bin-dir',
  'decrypt-identity'
] as const

export const VERIFY_INPUTS = [...BACKUP_SOURCE_INPUTS] as const

export const DRILL_INPUTS = [
  ...BACKUP_SOURCE_INPUTS,
  'scratch-db-url',
  'overwrite-scratch',
  'db-url',
  'project-ref',
  'jobs',
  'smoke-command',
  'validation-sql',
  'rpo-hours',
  'rto-minutes',
  'log-dir',
  'upload'
] as const

/** Every input drill/action.yml declares: the drill's plus the notice inputs (github-token is in both). */
export const DRILL_ACTION_INPUTS = [...new Set([...DRILL_INPUTS, ...NOTICE_INPUTS])] as const

const sourceSchema = z.object({
  backup: z.string().default('latest'),
  'out-dir': z.string().default('./backups'),
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
      error: 'must be a backup prefix like opta-supabase'
    })
    .optional(),
  'artifact-name': z
    .string()
    .regex(/^[^"<>:|*?\\/\r\n]{1,200}$/, {
      error: 'must be 1-200 characters without " < > : | * ? \\ / or newlines'
    })
    .optional(),
  'run-id': z
    .string()
    .regex(/^\d{1,20}$/, {
      error: 'must be a workflow run id (digits), or empty for the newest successful backup run'
    })
    .transform(Number)
    .optional(),
  repository: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'must be owner/repo' })
    .optional(),
  'github-token': z.string().optional(),
  'backup-workflow': z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\.ya?ml$/, { error: 'must be a workflow file name like backup.yml' })
    .default('backup.yml'),
  'pg-bin-dir': z.string().optional()
})

export interface VerifyOptions {
  source: BackupSource
  pgBinDir: string | undefined
  /** age secret key for encrypted backups (masked the moment it is read). */
  decryptIdentity: string | undefined
}

export interface DrillOptions extends VerifyOptions {
  scratch: DatabaseTarget
  /** Restore (with --clean) even into a scratch database holding objects of its own and no drill marker. */
  overwriteScratch: boolean
  production: DatabaseTarget | undefined
  projectRef: string | undefined
  jobs: number
  smokeCommand: string | undefined
  validationSqlPath: string | undefined
  rpoHours: number
  rtoMinutes: number
  logDir: string
  upload: 'artifact' | 'none'
}

const nonNegative = (what: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, { error: `must be a non-negative number of ${what}` })
    .transform(Number)

const drillSchema = sourceSchema.extend({
  'scratch-db-url': z.string(),
  'overwrite-scratch': booleanInput('overwrite-scratch').default(false),
  'db-url': z.string().optional(),
  'project-ref': z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, { error: 'must be 1-63 letters, digits, - or _' })
    .optional(),
  jobs: integerInput(1, 64).optional(),
  'smoke-command': z.string().optional(),
  'validation-sql': z.string().optional(),
  'rpo-hours': nonNegative('hours').default(24),
  'rto-minutes': nonNegative('minutes').default(60),
  'log-dir': z.string().default('./drill-logs'),
  upload: z.enum(['artifact', 'none'], { error: 'must be artifact or none' }).default('none')
})

/** Parses the inputs that choose a backup (verify). */
export function parseVerifyOptions(raw: RawInputs): VerifyOptions {
  registerSecret(raw['github-token'])
  registerSecret(raw['decrypt-identity'])
  const parsed = parseInputs(sourceSchema, raw)
  return {
    source: backupSource(parsed),
    pgBinDir: parsed['pg-bin-dir'],
    decryptIdentity: decryptIdentity(raw)
  }
}

/** Parses drill inputs; secrets (URLs, token) are registered before anything can fail. */
export function parseDrillOptions(raw: RawInputs): DrillOptions {
  registerSecret(raw['github-token'])
  registerSecret(raw['decrypt-identity'])
  const scratch = parseDatabaseUrl('scratch-db-url', raw['scratch-db-url'])
  const production = raw['db-url'] ? parseDatabaseUrl('db-url', raw['db-url']) : undefined
  const parsed = parseInputs(drillSchema, raw)
  return {
    source: backupSource(parsed),
    pgBinDir: parsed['pg-bin-dir'],
    decryptIdentity: decryptIdentity(raw),
    scratch,
    overwriteScratch: parsed['overwrite-scratch'],
    production,
    projectRef: parsed['project-ref'],
    jobs: parsed.jobs ?? availableParallelism(),
    smokeCommand: parsed['smoke-command'],
    validationSqlPath: parsed['validation-sql'],
    rpoHours: parsed['rpo-hours'],
    rtoMinutes: parsed['rto-minutes'],
    logDir: parsed['log-dir'],
    upload: parsed.upload
  }
}

/** The age identity, when given: a key or the path of an identity file (registered as a secret at once). */
function decryptIdentity(raw: RawInputs): string | undefined {
  const value = raw['decrypt-identity']?.trim()
  return value ? parseIdentity('decrypt-identity', value) : undefined
}

function backupSource(parsed: z.output<typeof sourceSchema>): BackupSource {
  if (parsed['artifact-name']) {
    if (parsed.backup !== 'latest') {
      throw new InputError(
        'backup',
        'give either backup (a local set) or artifact-name (a GitHub artifact), not both'
      )
    }
    return {
      kind: 'artifact',
      artifactName: parsed['artifact-name'],
      runId: parsed['run-id'],
      repository: parsed.repository,
      githubToken: parsed['github-token'],
      workflow: parsed['backup-workflow']
    }
  }
  return {
    kind: 'directory',
    backup: parsed.backup,
    outDir: parsed['out-dir'],
    prefix: parsed.prefix
  }
}

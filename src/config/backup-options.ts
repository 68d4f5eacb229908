import { z } from 'zod'
import { InputError } from '../errors.js'
import { parseRecipients } from '../crypto/age.js'
import { parseDatabaseUrl, type DatabaseTarget } from '../postgres/connection-url.js'
import { integerInput, parseInputs, booleanInput, type RawInputs } from '../input/parse-inputs.js'
import { parseSchemaList, parseTablePatterns, type TablePattern } from '../input/names.js'

/** Input names of the backup operation: action inputs and CLI flags alike. */
export const BACKUP_INPUTS = [
  'db-url',
  'project-ref',
  'schemas',
  'tables',
  'exclude-tables',
  'out-dir',
  'prefix',
  'compress',
  'pg-bin-dir',
  'upload',
  'artifact-name',
  'retention-days',
  'content-hash',
  'encrypt-recipients',
  'lock-timeout'
] as const

/** The parsed, typed options of one backup. */
export interface BackupOptions {
  db: DatabaseTarget
  projectRef: string
  schemas: string[]
  tables: TablePattern[]
  excludeTables: TablePattern[]
  outDir: string
  prefix: string
  /** pg_dump -Z value (e.g. 6, gzip:9, zstd:3 on pg_dump >= 16); undefined = pg_dump's default. */
  compress: string | undefined
  pgBinDir: string | undefined
  upload: 'artifact' | 'none'
  /** Artifact name; defaults to the backup set's name. */
  artifactName: string | undefined
  retentionDays: number
  contentHash: boolean
  /** age X25519 recipients: when any, the dump is encrypted while it streams (`.dump.age`). */
  encryptRecipients: string[]
  /** How long the backup waits for a table lock (another session's DDL) before it fails naming the table. */
  lockTimeoutSeconds: number
  /** Users sampled for the RLS behaviour proof besides anon; 0 = off (default DEFAULT_RLS_PRINCIPALS). */
  rlsPrincipals?: number
}

const PROJECT_REF = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/
/** pg_dump -Z values: a gzip level 0-9 (every pg_dump), or a method with an optional level (pg_dump 16+). */
const COMPRESS = /^(?:\d|none|(gzip|lz4|zstd)(?::(\d{1,2}))?)$/
const COMPRESS_LEVELS: Record<string, number> = { gzip: 9, lz4: 12, zstd: 22 }
const COMPRESS_HELP =
  'must be a pg_dump -Z value: 0-9, none, gzip[:1-9], lz4[:1-12] or zstd[:1-22] (e.g. 6 or zstd:3)'

/** Why pg_dump would reject a --compress value, or undefined when it accepts it. */
function compressProblem(value: string): string | undefined {
  const match = COMPRESS.exec(value)
  if (!match) return COMPRESS_HELP
  const [, method, level] = match
  if (method && level !== undefined) {
    const max = COMPRESS_LEVELS[method]!
    if (Number(level) < 1 || Number(level) > max)
      return `${COMPRESS_HELP}: ${method} levels are 1-${max}`
  }
  return undefined
}

/**
 * Refuses a --compress value the pg_dump of this major rejects: methods
 * (gzip:N, lz4, zstd, none) came with pg_dump 16; older ones take 0-9 only.
 */
export function assertCompressSupported(compress: string | undefined, pgDumpMajor: number): void {
  if (compress === undefined || /^\d$/.test(compress) || pgDumpMajor >= 16) return
  throw new InputError(
    'compress',
    `${compress} needs pg_dump 16 or newer; pg_dump ${pgDumpMajor} takes a level 0-9 only (e.g. 6)`
  )
}

const schema = z.object({
  'db-url': z.string(),
  'project-ref': z
    .string()
    .regex(PROJECT_REF, {
      error:
        'must be 1-63 letters, digits, - or _ (the Supabase project ref, e.g. abcdefghijklmnopqrst)'
    })
    .optional(),
  schemas: z.string().default('public'),
  tables: z.string().optional(),
  'exclude-tables': z.string().optional(),
  'out-dir': z.string().default('./backups'),
  prefix: z
    .string()
    .regex(PREFIX, {
      error:
        'must start with a letter or digit and hold only letters, digits, ., - and _ (e.g. opta-supabase)'
    })
    .default('backup'),
  compress: z
    .string()
    .check((ctx) => {
      const problem = compressProblem(ctx.value)
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
    })
    .optional(),
  'pg-bin-dir': z.string().optional(),
  upload: z.enum(['artifact', 'none'], { error: 'must be artifact or none' }).default('none'),
  'artifact-name': z
    .string()
    .regex(/^[^"<>:|*?\\/\r\n]{1,200}$/, {
      error: 'must be 1-200 characters without " < > : | * ? \\ / or newlines'
    })
    .optional(),
  'retention-days': integerInput(1, 400).default(400),
  'content-hash': booleanInput('content-hash').default(false),
  // Parsed by parseRecipients below: it names the bad item and masks a pasted secret key.
  'encrypt-recipients': z.string().optional(),
  'lock-timeout': integerInput(1, 86_400).default(300)
})

/** Parses raw backup inputs; throws InputError naming the first bad input. */
export function parseBackupOptions(raw: RawInputs): BackupOptions {
  // The URL first: its password is registered as a secret before anything
  // else can fail, and an empty or malformed URL gets the parser's one clear message.
  const db = parseDatabaseUrl('db-url', raw['db-url'])
  const parsed = parseInputs(schema, raw)
  return {
    db,
    projectRef: parsed['project-ref'] ?? projectRefFromTarget(db) ?? 'local',
    schemas: requireNonEmpty(parseSchemaList('schemas', parsed.schemas)),
    tables: parseTablePatterns('tables', parsed.tables),
    excludeTables: parseTablePatterns('exclude-tables', parsed['exclude-tables']),
    outDir: parsed['out-dir'],
    prefix: parsed.prefix,
    compress: parsed.compress,
    pgBinDir: parsed['pg-bin-dir'],
    upload: parsed.upload,
    artifactName: parsed['artifact-name'],
    retentionDays: parsed['retention-days'],
    contentHash: parsed['content-hash'],
    encryptRecipients: parsed['encrypt-recipients']?.trim()
      ? parseRecipients('encrypt-recipients', parsed['encrypt-recipients'])
      : [],
    lockTimeoutSeconds: parsed['lock-timeout']
  }
}

/** The Supabase project ref a URL names (pooler user `postgres.<ref>` or host `db.<ref>.supabase.co`). */
export function projectRefFromTarget(
  target: Pick<DatabaseTarget, 'host' | 'user'>
): string | undefined {
  const fromHost = /^db\.([a-z0-9]+)\.supabase\.co$/i.exec(target.host)?.[1]
  const fromUser = /^[^.]+\.([a-z0-9]+)$/i.exec(target.user)?.[1]
  return fromHost ?? (/\.pooler\.supabase\.com$/i.test(target.host) ? fromUser : undefined)
}

function requireNonEmpty(schemas: string[]): string[] {
  if (schemas.length === 0) return ['public']
  return schemas
}

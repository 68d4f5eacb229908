import { z } from 'zod'
import { InputError } from '../errors.js'
import { parseRecipients } from '../crypto/age.js'
import { parseDatabaseUrl, type DatabaseTarget } from '../postgres/connection-url.js'
import type { RawInputs } from '../input/parse-inputs.js'
import { parseSchemaList, parseTablePatterns, type TablePattern } from '../input/names.js'
import {
  artifactNameRule,
  booleanRule,
  integerRule,
  prefixRule,
  projectRefRule,
  uploadRule
} from './input-schemas.js'
import { DEFAULT_RLS_PRINCIPALS, MAX_RLS_PRINCIPALS } from '../postgres/rls-plan.js'
import { defineInputs, inputNames, parseRegisteredInputs } from './input-spec.js'
import { S3_INPUT_SPECS, parseS3Store, storeRule } from './s3-inputs.js'
import type { S3StoreConfig } from '../storage/s3/s3-config.js'

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
  /** store s3: the bucket the set streams into (then upload is none and out-dir unused). */
  s3?: S3StoreConfig
  /** Artifact name; defaults to the backup set's name. */
  artifactName: string | undefined
  retentionDays: number
  contentHash: boolean
  /** age X25519 recipients: when any, the dump is encrypted while it streams (`.dump.age`). */
  encryptRecipients: string[]
  /** How long the backup waits for a table lock (another session's DDL) before it fails naming the table. */
  lockTimeoutSeconds: number
  /** Users of auth.users the RLS behaviour proof probes besides anon; 0 = off (docs/rls-proof.md). */
  rlsPrincipals: number
}

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

/** A pg_dump -Z value pg_dump of some major accepts (assertCompressSupported checks the major). */
const compressRule = z.string().check((ctx) => {
  const problem = compressProblem(ctx.value)
  if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
})

/** The root action's inputs (action.yml order); all but postgres-version are the CLI's too. */
export const BACKUP_INPUT_SPECS = defineInputs({
  'db-url': {
    required: true,
    secret: 'url-password',
    env: ['BACKUP_DRILL_DB_URL'],
    description:
      'Source database, postgres://USER:PASSWORD@HOST:5432/DATABASE or keyword=value (host=... dbname=...), resolved once with libpq rules (service=, PG* variables, .pgpass) for every tool; sslmode/sslrootcert/sslcert/sslkey as in libpq (default prefer). Pass it from a secret; the password is masked at once. Percent-encode @ / ? # % in the password. For Supabase use the session pooler URL: runners have no IPv6.',
    cli: { value: '<url>', help: 'source database URL' }
  },
  'project-ref': {
    rule: projectRefRule,
    description:
      'Label used in names and the manifest (default: the Supabase project ref read from the URL, else "local").',
    cli: {
      value: '<ref>',
      help: 'label for names and the manifest (default: from a Supabase URL, else "local")'
    }
  },
  schemas: {
    default: 'public',
    description:
      'Comma-separated schemas to back up (e.g. public,auth). backup_drill, the schema a drill marks its scratch with, is refused.',
    cli: { value: '<list>', help: 'comma-separated schemas to back up' }
  },
  tables: {
    description:
      'Only these tables: comma-separated schema.name, * as a wildcard (e.g. public.accounts_*). Empty: every table of the schemas.',
    cli: {
      value: '<patterns>',
      help: 'only these tables: schema.name, * wildcard, comma-separated'
    }
  },
  'exclude-tables': {
    description: 'Leave out these tables: comma-separated schema.name, * as a wildcard.',
    cli: { value: '<patterns>', help: 'leave out these tables: schema.name, * wildcard' }
  },
  'out-dir': {
    default: './backups',
    // action.yml defaults cannot use the runner context: the entry puts blank in $RUNNER_TEMP.
    actionDefault: '',
    description:
      'Folder for the backup set (.dump, .sha256, .manifest.json). Empty: $RUNNER_TEMP/backups.',
    cli: { value: '<dir>', help: 'folder for the backup set' }
  },
  prefix: {
    rule: prefixRule,
    default: 'backup',
    description:
      'File and artifact name prefix: sets are named <prefix>-<UTC yyyymmdd-HHMMSS> (the SOP uses opta-supabase).',
    cli: { value: '<prefix>', help: 'file name prefix (the SOP uses opta-supabase)' }
  },
  compress: {
    rule: compressRule,
    description:
      "pg_dump --compress value: 0-9, none, gzip[:1-9], lz4[:1-12], zstd[:1-22] (all but 0-9 need pg_dump 16+). A value pg_dump rejects is bad input, refused before connecting (after connecting when pg-bin-dir is empty, as the server's major picks pg_dump). Empty: pg_dump's default.",
    cli: {
      value: '<level>',
      help: 'pg_dump --compress value (0-9; none, gzip:N, lz4:N, zstd:N on pg_dump 16+)'
    }
  },
  'pg-bin-dir': {
    description:
      'Directory holding pg_dump and pg_restore. Empty: /usr/lib/postgresql/<server major>/bin, else PATH.',
    cli: {
      value: '<dir>',
      help: "directory holding pg_dump and pg_restore (default: the server major's, then PATH)"
    }
  },
  'postgres-version': {
    actionOnly: true,
    default: 'auto',
    description:
      "Client major to use when pg-bin-dir is empty: auto (the server's major, found after connecting; when /usr/lib/postgresql/<major>/bin is missing on an apt-based Linux runner, postgresql-client-<major> is installed from apt.postgresql.org and its packages cached with actions/cache, keyed by OS, architecture and major) or a number such as 17 (pins /usr/lib/postgresql/17/bin). pg_dump must be at least the server's major."
  },
  store: {
    rule: storeRule,
    description:
      'Where the set goes: directory (out-dir only), artifact (out-dir, then one artifact of this run), s3 (streamed straight into the s3-bucket: no local dump file, out-dir unused). Empty: as upload says (artifact in the action, directory in the CLI).',
    cli: {
      value: '<store>',
      help: 'directory, artifact or s3 (default: as --upload says)'
    }
  },
  upload: {
    rule: uploadRule,
    default: 'none',
    actionDefault: 'artifact',
    description:
      'artifact: upload the three files as one artifact of this run once the set is complete; none: keep them in out-dir only.',
    cli: { value: '<where>', help: 'artifact or none (artifact works only inside GitHub Actions)' }
  },
  'artifact-name': {
    rule: artifactNameRule,
    description: 'Artifact name. Empty: the backup set name (<prefix>-<yyyymmdd-HHMMSS>).',
    cli: { value: '<name>', help: 'artifact name (default: the backup set name)' }
  },
  'retention-days': {
    rule: integerRule(1, 400),
    default: '400',
    description:
      'Days GitHub keeps the artifact, 1-400. When the repository or organization limit (GITHUB_RETENTION_DAYS; 90 on public repositories) would cut it below the 366 days that 12 monthly backups need, the backup fails with retention-unattainable before dumping.',
    cli: { value: '<days>', help: 'artifact retention in days' }
  },
  'content-hash': {
    rule: booleanRule('content-hash'),
    default: 'false',
    description:
      "true: also record an order-independent hash of every table's rows in the manifest, so the drill can prove content equal, not only counts.",
    cli: { value: '<bool>', help: "also hash every table's rows (true|false)" }
  },
  'encrypt-recipients': {
    // Parsed by parseRecipients: it names the bad item and masks a pasted secret key.
    description:
      'Comma- or newline-separated age X25519 public keys (age1..., from `age-keygen -y`). When set, the dump is encrypted while it streams and stored as .dump.age; the sha256 covers the stored bytes and the manifest records the plaintext sha256. Drill and restore need the matching decrypt-identity.',
    cli: {
      value: '<keys>',
      help: 'age public keys (age1...): encrypt the dump while it streams (.dump.age)'
    }
  },
  'lock-timeout': {
    rule: integerRule(1, 86_400),
    default: '300',
    description:
      "Seconds the backup waits for a table lock held by another session (DDL such as ALTER TABLE, VACUUM FULL) before it fails naming the table; passed to pg_dump as --lock-wait-timeout and used for the backup's own snapshot queries.",
    cli: {
      value: '<seconds>',
      help: 'wait at most this long for a table lock held by another session, then fail naming the table'
    }
  },
  'rls-principals': {
    rule: integerRule(0, MAX_RLS_PRINCIPALS),
    default: `${DEFAULT_RLS_PRINCIPALS}`,
    description:
      "RLS behaviour proof: users of auth.users (first by id) probed besides anon. In the dump's snapshot each becomes the role PostgREST would use, with its JWT claims; the rows it sees per RLS-enabled table go into the manifest (ids and counts only) and the drill counts again. 0: off. See docs/rls-proof.md.",
    cli: { value: '<n>', help: 'users the RLS proof probes besides anon, 0-100 (0 = off)' }
  },
  ...S3_INPUT_SPECS
})

/** Input names of the backup operation: action inputs and CLI flags alike. */
export const BACKUP_INPUTS = inputNames(BACKUP_INPUT_SPECS, 'parsed')

/** Parses raw backup inputs; throws InputError naming the first bad input. */
export function parseBackupOptions(
  raw: RawInputs,
  env: NodeJS.ProcessEnv = process.env
): BackupOptions {
  // The URL first: its password is registered as a secret before anything
  // else can fail, and an empty or malformed URL gets the parser's one clear message.
  const db = parseDatabaseUrl('db-url', raw['db-url'])
  const parsed = parseRegisteredInputs(BACKUP_INPUT_SPECS, raw)
  // store overrides upload: s3 streams into the bucket, artifact uploads, directory keeps out-dir only.
  const store = parsed.store
  const upload = store === undefined ? parsed.upload : store === 'artifact' ? 'artifact' : 'none'
  const s3 = store === 's3' ? parseS3Store(parsed, env, parsed.prefix) : undefined
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
    upload,
    ...(s3 ? { s3 } : {}),
    artifactName: parsed['artifact-name'],
    retentionDays: parsed['retention-days'],
    contentHash: parsed['content-hash'],
    encryptRecipients: parsed['encrypt-recipients']?.trim()
      ? parseRecipients('encrypt-recipients', parsed['encrypt-recipients'])
      : [],
    lockTimeoutSeconds: parsed['lock-timeout'],
    rlsPrincipals: parsed['rls-principals']
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

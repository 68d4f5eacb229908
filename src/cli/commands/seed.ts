import type { Command } from 'commander'
import { z } from 'zod'
import { InputError } from '../../errors.js'
import {
  FIXTURE_BYTES_PER_USER,
  FIXTURE_TABLES,
  seedFixture,
  usersForSize
} from '../../fixture/supabase-fixture.js'
import { integerInput, parseInputs, type RawInputs } from '../../input/parse-inputs.js'
import { quoteTable } from '../../postgres/catalog.js'
import { connect, type Client } from '../../postgres/client.js'
import { parseDatabaseUrl, type DatabaseTarget } from '../../postgres/connection-url.js'
import type { Logger } from '../../log/logger.js'
import { createProgressReporter, formatBytes, formatDuration } from '../../log/progress.js'
import { runCommand, withCommonFlags, type CliIo } from '../context.js'
import { rawInputsFromFlags } from '../flags.js'

/** Input names of the seed command. */
export const SEED_INPUTS = ['db-url', 'users', 'size'] as const

/** Users seeded when neither --users nor --size is given: a few MB, seeds in about a second. */
export const DEFAULT_SEED_USERS = 1000

const MAX_SEED_BYTES = 1000 ** 4
const UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4
}

/**
 * Parses a size like `1GB`, `500 MB`, `1.5gb`, `2GiB` or a plain byte count.
 * KB/MB/GB are decimal (1 GB = 10^9 bytes, as formatBytes prints them);
 * KiB/MiB/GiB are binary. Returns undefined for anything else.
 */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text)
  if (!match) return undefined
  const factor = UNITS[(match[2] || 'b').toLowerCase()]
  if (factor === undefined) return undefined
  const bytes = Math.round(Number(match[1]) * factor)
  return bytes > 0 ? bytes : undefined
}

/** What `seed` does, parsed once from flags. */
export interface SeedOptions {
  db: DatabaseTarget
  users: number
  /** The --size asked for, when the user count came from it. */
  targetBytes?: number
}

const seedSchema = z.object({
  'db-url': z.string({
    error: 'is required: pass --db-url postgres://USER:PASSWORD@HOST:5432/DATABASE'
  }),
  users: integerInput(1, 100_000_000).optional(),
  size: z
    .string()
    .optional()
    .refine((value) => value === undefined || (parseSize(value) ?? Infinity) <= MAX_SEED_BYTES, {
      error: 'must be a size like 500MB, 1GB or 3GB (at most 1TB)'
    })
})

/** Validates seed flags: --users and --size are alternatives; bad values are InputError (exit 2). */
export function parseSeedOptions(raw: RawInputs): SeedOptions {
  const parsed = parseInputs(seedSchema, raw)
  const db = parseDatabaseUrl('db-url', parsed['db-url'])
  if (parsed.users !== undefined && parsed.size !== undefined) {
    throw new InputError('size', 'give either --users or --size, not both')
  }
  if (parsed.size !== undefined) {
    const targetBytes = parseSize(parsed.size) as number
    return { db, users: usersForSize(targetBytes), targetBytes }
  }
  return { db, users: parsed.users ?? DEFAULT_SEED_USERS }
}

/** What a finished seed left in the database. */
export interface SeedResult {
  database: string
  users: number
  /** Exact row counts of the fixture tables, keyed `schema.table`. */
  rows: Record<string, number>
  /** pg_total_relation_size of the fixture tables (what --size aims at). */
  fixtureBytes: number
  databaseBytes: number
  seconds: number
}

/**
 * Seeds the Supabase-shaped fixture into an empty database in one
 * transaction, with progress lines. Refuses (InputError) a database that
 * already has relations in public or auth or an auth schema: seeding must
 * never mix with real data, and a failed seed leaves nothing behind.
 */
export async function seedDatabase(options: SeedOptions, logger: Logger): Promise<SeedResult> {
  const started = performance.now()
  const client = await connectForSeed(options.db)
  try {
    await client.query('BEGIN')
    await refuseNonEmpty(client, options.db)
    const estimate = options.users * FIXTURE_BYTES_PER_USER
    logger.info(
      `Seeding ${options.users} users (about ${formatBytes(estimate)} on disk) into ${options.db.display}`
    )
    await withSizeProgress(options.db, estimate, logger, () =>
      seedFixture(client, { users: options.users })
    )
    await client.query('COMMIT')
    const rows: Record<string, number> = {}
    for (const key of FIXTURE_TABLES) {
      const [schema, name] = splitKey(key)
      const result = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${quoteTable({ schema, name })}`
      )
      rows[key] = Number(result.rows[0]?.n)
    }
    const sizes = await client.query<{ fixture: string; database: string }>(
      `SELECT (SELECT coalesce(sum(pg_catalog.pg_total_relation_size(c.oid)), 0)
                 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN ('public', 'auth') AND c.relkind IN ('r', 'p'))::text AS fixture,
              pg_catalog.pg_database_size(pg_catalog.current_database())::text AS database`
    )
    return {
      database: options.db.display,
      users: options.users,
      rows,
      fixtureBytes: Number(sizes.rows[0]?.fixture),
      databaseBytes: Number(sizes.rows[0]?.database),
      seconds: (performance.now() - started) / 1000
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Human summary of a seed. */
export function seedSummary(result: SeedResult): string {
  const total = Object.values(result.rows).reduce((sum, n) => sum + n, 0)
  const lines = [
    `Seeded ${result.database}: ${result.users} users, ${total} rows in ${Object.keys(result.rows).length} tables`,
    `Fixture on disk ${formatBytes(result.fixtureBytes)}, database ${formatBytes(result.databaseBytes)}, in ${formatDuration(result.seconds)}`,
    '',
    '| table | rows |',
    '| --- | ---: |',
    ...Object.entries(result.rows).map(([table, n]) => `| ${table} | ${n} |`)
  ]
  return lines.join('\n')
}

/** `backup-drill seed`: fills an empty database with the Supabase-shaped fixture (demo, CI, benchmark). */
export function registerSeedCommand(program: Command, io: CliIo): void {
  withCommonFlags(
    program
      .command('seed')
      .description(
        'fill an EMPTY database with the Supabase-shaped test fixture (auth.users, accounts_*, api_keys, RLS, policies); refuses a database that already has tables in public or auth'
      )
      .option('--db-url <url>', 'database to seed (must be empty)')
      .option(
        '--users <n>',
        `number of users; every table scales with it (default ${DEFAULT_SEED_USERS})`
      )
      .option('--size <size>', 'seed about this much data on disk instead, e.g. 500MB, 1GB, 3GB')
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const result = await seedDatabase(
        parseSeedOptions(rawInputsFromFlags(flags, SEED_INPUTS)),
        logger
      )
      return { result, passed: true, human: seedSummary(result) }
    })
  })
}

async function connectForSeed(db: DatabaseTarget): Promise<Client> {
  // Seeding is not a backup: a ConnectionError is reported as it is, without an SOP escalation name.
  return await connect(db, { inputName: 'db-url', applicationName: 'backup-drill seed' })
}

async function refuseNonEmpty(client: Client, db: DatabaseTarget): Promise<void> {
  const found = await client.query<{ name: string; is_table: boolean }>(
    `SELECT n.nspname || '.' || c.relname AS name, c.relkind IN ('r', 'p') AS is_table
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('public', 'auth') AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      ORDER BY 2 DESC, 1`
  )
  if (found.rows.length > 0) {
    const tables = found.rows.filter((row) => row.is_table).length
    const others = found.rows.length - tables
    const sample = found.rows
      .slice(0, 5)
      .map((row) => row.name)
      .join(', ')
    throw new InputError(
      'db-url',
      `${db.display} is not empty: ${tables} table(s)${others ? ` and ${others} other relation(s)` : ''} in public/auth (${sample}${found.rows.length > 5 ? ', ...' : ''}). seed only writes into an empty database: create one (CREATE DATABASE ...) and pass its URL`
    )
  }
  const auth = await client.query(`SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'auth'`)
  if (auth.rows.length > 0) {
    throw new InputError(
      'db-url',
      `${db.display} already has an auth schema (a Supabase project?). seed only writes into an empty database: create one (CREATE DATABASE ...) and pass its URL`
    )
  }
}

/**
 * Runs `work` while a second connection watches the database grow on disk:
 * the seed is one statement, so its size is the only honest progress signal.
 */
async function withSizeProgress<T>(
  db: DatabaseTarget,
  totalBytes: number,
  logger: Logger,
  work: () => Promise<T>
): Promise<T> {
  const watcher = await connectForSeed(db)
  const progress = createProgressReporter(logger, 'seed', { totalBytes })
  let done = false
  let wake = (): void => undefined
  const watch = (async () => {
    let last: number | undefined
    while (!done) {
      const result = await watcher.query<{ s: string }>(
        'SELECT pg_catalog.pg_database_size(pg_catalog.current_database())::text AS s'
      )
      const size = Number(result.rows[0]?.s)
      if (last !== undefined && size > last) progress.add(size - last)
      last = size
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, 1000)
      })
    }
  })().catch(() => undefined) // progress is best effort; the seed's own errors surface below
  try {
    return await work()
  } finally {
    done = true
    wake()
    await watch
    progress.finish()
    await watcher.end().catch(() => undefined)
  }
}

function splitKey(key: string): [string, string] {
  const dot = key.indexOf('.')
  return [key.slice(0, dot), key.slice(dot + 1)]
}

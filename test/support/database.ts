import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { seedFixture, type FixtureOptions } from '../../src/fixture/supabase-fixture.js'

/** Superuser URL of the run's test server (see global-setup). */
export function serverUrl(): string {
  const url = process.env.BACKUP_DRILL_TEST_SERVER_URL
  if (!url)
    throw new Error(
      'BACKUP_DRILL_TEST_SERVER_URL is not set: run the tests with `npm test` (jest global setup starts PostgreSQL)'
    )
  return url
}

/** URL of `database` on the test server. */
export function databaseUrl(database: string, base = serverUrl()): string {
  const url = new URL(base)
  url.pathname = `/${database}`
  return url.toString()
}

/** Runs `work` with a connected node-postgres client. */
export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>
): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** Creates an empty database with a unique name and returns its URL. */
export async function createDatabase(prefix = 'test', base = serverUrl()): Promise<string> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`
  await withClient(base, (client) => client.query(`CREATE DATABASE "${name}"`))
  return databaseUrl(name, base)
}

/** Creates a database seeded with the Supabase-shaped fixture and returns its URL. */
export async function createFixtureDatabase(
  options: FixtureOptions = {},
  base = serverUrl()
): Promise<string> {
  const url = await createDatabase('prod', base)
  await withClient(url, (client) => seedFixture(client, options))
  return url
}

/** Exact row counts of every ordinary table outside the system schemas, keyed `schema.table`. */
export async function countRows(url: string): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const tables = await client.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r','p') AND n.nspname NOT IN ('pg_catalog','information_schema') ORDER BY 1, 2`
    )
    const counts: Record<string, number> = {}
    for (const { schema, name } of tables.rows) {
      const result = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(name)}`
      )
      counts[`${schema}.${name}`] = Number(result.rows[0]?.n)
    }
    return counts
  })
}

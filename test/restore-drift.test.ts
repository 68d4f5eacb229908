import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { libpqTool, parseDatabaseUrl } from '../src/postgres/connection-url.js'
import { restoreInPlace, tempDir } from './support/backups.js'
import { runCliCaptured } from './support/cli.js'
import { countRows, createDatabase, withClient } from './support/database.js'
import { installedClients } from './support/embedded.js'
import { asPlatformPostgres, createPlatformDatabase } from './support/platform.js'

/**
 * The incident restore (`restore`, pg_restore --clean) over a production that drifted after its
 * backup was taken, checked with count(*) and pg_dump --schema-only (no code of ours). What a
 * --clean restore can replace, it replaces and proves; what would make a DROP fail half-way (an
 * object the backup does not hold depending on one it re-creates) stops it before any write.
 */

const execFileAsync = promisify(execFile)

const APP = `
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE app.customers (id int PRIMARY KEY, name text NOT NULL, moods app.mood[] DEFAULT '{ok}');
CREATE TABLE app.orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES app.customers (id), amount int);
CREATE VIEW app.big_orders AS SELECT id, amount FROM app.orders WHERE amount > 10;
INSERT INTO app.customers SELECT g, 'customer ' || g, '{happy,sad}' FROM generate_series(1, 10) AS g;
INSERT INTO app.orders SELECT g, 1 + g % 10, g FROM generate_series(1, 30) AS g;
`

/** A production database holding APP (and `extra`), and a backup of schema app taken from it. */
async function productionWithBackup(extra = ''): Promise<{ production: string; dump: string }> {
  const production = await createDatabase('drift_prod')
  await withClient(production, (c) => c.query(APP + extra))
  const outDir = tempDir()
  const run = await runCliCaptured([
    'backup',
    '--db-url',
    production,
    '--schemas',
    'app',
    '--out-dir',
    outDir
  ])
  expect(run.code).toBe(0)
  const dump = join(
    outDir,
    readdirSync(outDir).find((file) => file.endsWith('.dump'))!
  )
  return { production, dump }
}

/** The markdown summary of each restore() run, in order. */
const verdicts: string[] = []

/** The incident restore of `dump` into its own source, through the CLI. */
async function restore(production: string, dump: string) {
  const logDir = tempDir()
  const { code, log } = await restoreInPlace(production, dump, logDir)
  const summary = readdirSync(logDir).find((file) => file.endsWith('.md'))
  verdicts.push(summary ? readFileSync(join(logDir, summary), 'utf8') : '')
  const checks = log.checks
  return {
    code,
    failed: checks.filter((c) => c.status === 'fail').map((c) => `${c.name}: ${c.detail}`),
    restore: checks.find((c) => c.name === 'restore')?.status,
    restoreErrors: log.restoreErrors.map((e) => e.message)
  }
}

/** pg_dump --schema-only of the whole database (every schema), without comments and per-run lines. */
async function schemaDump(url: string): Promise<string> {
  const pg15 = installedClients().find((client) => client.major === 15)!
  const { dbnameArg, env } = libpqTool(parseDatabaseUrl('test-url', url))
  const { stdout } = await execFileAsync(
    join(pg15.binDir, 'pg_dump'),
    ['--schema-only', `--dbname=${dbnameArg}`],
    { env, maxBuffer: 64 * 1024 * 1024 }
  )
  return stdout
    .split('\n')
    .filter(
      (line) => line.trim() !== '' && !line.startsWith('--') && !/^\\(un)?restrict /.test(line)
    )
    .join('\n')
}

describe('incident restore over a drifted production', () => {
  it('replaces what the backup holds: a column, an index and rows added, a view and a table dropped since; an unknown table stays', async () => {
    const { production, dump } = await productionWithBackup()
    const counts = await countRows(production)
    const schema = await schemaDump(production)
    await withClient(production, (c) =>
      // The column's grant goes with the column (it failed 'privileges' once: no column to grant on).
      c.query(`ALTER TABLE app.customers ADD COLUMN note text; GRANT SELECT (note) ON app.customers TO PUBLIC;
        CREATE INDEX orders_amount ON app.orders (amount);
        DELETE FROM app.orders WHERE id > 20; INSERT INTO app.customers VALUES (99, 'new', '{}');
        DROP VIEW app.big_orders; DROP TABLE app.orders;
        CREATE TABLE app.audit (id int); INSERT INTO app.audit VALUES (1)`)
    )
    expect(await restore(production, dump)).toEqual({
      code: 0,
      failed: [],
      restore: 'pass',
      restoreErrors: []
    })
    // The backup's tables as they were; the table the backup never knew is left as it was.
    expect(await countRows(production)).toEqual({ ...counts, 'app.audit': 1 })
    await withClient(production, (c) => c.query('DROP TABLE app.audit'))
    expect(await schemaDump(production)).toEqual(schema)
  })

  it('stops before writing when objects the backup does not hold depend on what it re-creates, naming each', async () => {
    const { production, dump } = await productionWithBackup()
    // Made after the backup: a view and a foreign key in another schema, a column of the backup's
    // enum type there, and a view in the backup's own schema the backup does not know.
    await withClient(production, (c) =>
      c.query(`CREATE SCHEMA reporting;
        CREATE VIEW reporting.customer_names AS SELECT id, name FROM app.customers;
        CREATE TABLE reporting.visits (id int PRIMARY KEY, customer_id int REFERENCES app.customers (id), mood app.mood);
        INSERT INTO reporting.visits VALUES (1, 1, 'ok');
        CREATE VIEW app.recent AS SELECT * FROM app.orders WHERE id > 25;
        DELETE FROM app.orders WHERE id > 28`)
    )
    const counts = await countRows(production)
    const schema = await schemaDump(production)
    const result = await restore(production, dump)
    expect(result).toEqual({
      code: 1,
      failed: [expect.stringContaining('clean dependencies: 4 object(s) in db-url')],
      restore: 'skip',
      restoreErrors: []
    })
    for (const named of [
      'view reporting.customer_names (on app.customers)',
      'constraint visits_customer_id_fkey on table reporting.visits (on app.customers)',
      'column mood of table reporting.visits (on app.mood)',
      'view app.recent (on app.orders)',
      'Nothing was written',
      // What re-creates them, read from production, for the operator who drops them first.
      'ALTER TABLE reporting.visits ADD CONSTRAINT visits_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES app.customers(id);',
      'CREATE VIEW reporting.customer_names AS  SELECT customers.id,'
    ])
      expect(result.failed[0]).toContain(named)
    // Untouched. Before the check, DROP TABLE failed for app.customers and app.orders, the
    // backup's rows were appended to the old ones (app.orders: 58 rows) and a primary key was lost.
    expect(await countRows(production)).toEqual(counts)
    expect(await schemaDump(production)).toEqual(schema)
  })

  it("keeps production's owners, grants and publication memberships, which the backup does not hold", async () => {
    // On production before the backup, which (pg_dump --no-owner --no-privileges) holds none of it.
    const { production, dump } =
      await productionWithBackup(`DO $$ BEGIN CREATE ROLE drift_analyst NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
        DO $$ BEGIN CREATE ROLE drift_owner NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
        GRANT USAGE ON SCHEMA app TO drift_analyst;
        ALTER TABLE app.customers OWNER TO drift_owner;
        GRANT SELECT (id, name) ON app.customers TO drift_analyst;
        GRANT SELECT ON app.orders TO drift_analyst;
        CREATE FUNCTION app.lookup(i int) RETURNS text LANGUAGE sql SECURITY DEFINER AS 'SELECT name FROM app.customers WHERE id = i';
        REVOKE EXECUTE ON FUNCTION app.lookup(int) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION app.lookup(int) TO drift_analyst;
        ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO drift_analyst;
        CREATE PUBLICATION drift_realtime FOR TABLE app.orders`)
    const schema = await schemaDump(production)
    expect(await restore(production, dump)).toEqual({
      code: 0,
      failed: [],
      restore: 'pass',
      restoreErrors: []
    })
    // Before: app.customers came back owned by the restoring role, drift_analyst could read every
    // column of it (the schema's default privileges), anyone could EXECUTE app.lookup, and
    // app.orders had left the publication.
    expect(await schemaDump(production)).toEqual(schema)
    const can = await withClient(production, (c) =>
      c.query<{ moods: boolean; lookup: boolean }>(`SELECT
          has_column_privilege('drift_analyst', 'app.customers', 'moods', 'SELECT') AS moods,
          has_function_privilege('public', 'app.lookup(int)', 'EXECUTE') AS lookup`)
    )
    expect(can.rows[0]).toEqual({ moods: false, lookup: false })
  })

  it('stops before writing while another session holds a lock on a table it drops, naming the session', async () => {
    const { production, dump } = await productionWithBackup()
    const counts = await countRows(production)
    const schema = await schemaDump(production)
    // An app's pooled connection left idle in a transaction: before the check, pg_restore's DROP
    // waited behind it without end (and the app's own queries queued behind the DROP).
    const app = new pg.Client({ connectionString: production, application_name: 'payments-api' })
    await app.connect()
    try {
      await app.query('BEGIN')
      await app.query('SELECT count(*) FROM app.orders')
      const held = await restore(production, dump)
      expect(held).toEqual({
        code: 1,
        failed: [
          expect.stringMatching(
            /^sessions: 1 other session\(s\) in db-url hold locks on tables the restore drops: pid \d+ \(user \w+, application "payments-api", idle in transaction, transaction open \d+ s\) on app\.orders\. .*Nothing was written/
          )
        ],
        restore: 'skip',
        restoreErrors: []
      })
      expect(await countRows(production)).toEqual(counts)
      expect(await schemaDump(production)).toEqual(schema)
      // The summary does not send the operator to another backup: this one verified.
      expect(verdicts.at(-1)).toContain(
        '**Production was not touched:** the backup verified, but a check on production stopped the restore before its first write.'
      )
    } finally {
      await app.end()
    }
    // The session gone, the same restore goes through.
    expect((await restore(production, dump)).code).toBe(0)
  })

  it("keeps a function objects outside the backup use when production's equals the backup's, and stops when it differs", async () => {
    // Like a Supabase storage policy calling a helper in public: storage is not in the backup.
    const { production, dump } = await productionWithBackup(`
      CREATE FUNCTION app.is_customer(i int) RETURNS boolean LANGUAGE sql STABLE
        AS 'SELECT EXISTS (SELECT 1 FROM app.customers WHERE id = i)';`)
    await withClient(production, (c) =>
      c.query(`CREATE SCHEMA files;
        CREATE TABLE files.objects (id int PRIMARY KEY, owner int);
        ALTER TABLE files.objects ENABLE ROW LEVEL SECURITY;
        CREATE POLICY owners ON files.objects USING (app.is_customer(owner));
        INSERT INTO files.objects VALUES (1, 1);
        DELETE FROM app.orders WHERE id > 20`)
    )
    const kept = await restore(production, dump)
    expect(kept).toEqual({ code: 0, failed: [], restore: 'pass', restoreErrors: [] })
    expect(await countRows(production)).toMatchObject({ 'app.orders': 30, 'files.objects': 1 })

    // The helper changed since the backup: keeping it would not restore the backup's.
    await withClient(production, (c) =>
      c.query(`CREATE OR REPLACE FUNCTION app.is_customer(i int) RETURNS boolean LANGUAGE sql STABLE
        AS 'SELECT i > 0'`)
    )
    const schema = await schemaDump(production)
    const changed = await restore(production, dump)
    expect(changed.code).toBe(1)
    expect(changed.failed).toEqual([
      expect.stringContaining(
        "clean dependencies: 1 object(s) in db-url that the backup does not contain depend on objects the restore must drop and re-create: policy owners on table files.objects (on app.is_customer(integer) (its definition differs from the backup's))"
      )
    ])
    expect(await schemaDump(production)).toEqual(schema)
  })
  it('stops before trying a read-only production, naming it', async () => {
    const { production, dump } = await productionWithBackup()
    await withClient(production, (c) =>
      c.query(
        `ALTER DATABASE ${pg.escapeIdentifier(new URL(production).pathname.slice(1))} SET default_transaction_read_only = on`
      )
    )
    const result = await restore(production, dump)
    expect(result).toEqual({
      code: 1,
      failed: [
        expect.stringMatching(
          /^writable: db-url opens read-only transactions \(default_transaction_read_only = on.*Nothing was written/
        )
      ],
      restore: 'skip',
      restoreErrors: []
    })
  })
})

describe('incident restore in place on a Supabase project', () => {
  it("keeps anon's revoked grant and a storage policy calling a helper in public; the schema dump is as before", async () => {
    const source = await createPlatformDatabase('app')
    const production = asPlatformPostgres(source)
    // Hardening the app did: anon may not touch todos at all (the platform's default privileges
    // give it everything on a table public creates, so before, --clean's re-created todos had it
    // all back); and a storage policy (storage is not in the backup) calls a helper in public.
    await withClient(production, (c) =>
      c.query(`CREATE FUNCTION public.is_admin() RETURNS boolean LANGUAGE sql STABLE AS 'SELECT false';
        REVOKE ALL ON TABLE public.todos FROM anon`)
    )
    await withClient(source, (c) =>
      c.query(
        `CREATE POLICY "Admins manage objects." ON storage.objects FOR ALL USING (public.is_admin())`
      )
    )
    const outDir = tempDir()
    const backup = await runCliCaptured([
      'backup',
      '--db-url',
      production,
      '--schemas',
      'public,auth',
      '--out-dir',
      outDir
    ])
    expect(backup.code).toBe(0)
    const dump = join(
      outDir,
      readdirSync(outDir).find((file) => file.endsWith('.dump'))!
    )
    const counts = await countRows(source)
    const schema = await schemaDump(source)
    await withClient(source, (c) => c.query('DELETE FROM public.todos WHERE id % 2 = 0'))
    const result = await runCliCaptured([
      'restore',
      '--db-url',
      production,
      '--confirm',
      new URL(production).pathname.slice(1),
      '--project-ref',
      'optaprodref',
      '--backup',
      dump,
      '--jobs',
      '2',
      '--log-dir',
      tempDir(),
      '--json'
    ])
    const log = JSON.parse(result.stdout) as {
      checks: Array<{ name: string; status: string; detail: string }>
    }
    expect({
      code: result.code,
      failed: log.checks.filter((c) => c.status === 'fail')
    }).toEqual({ code: 0, failed: [] })
    expect(log.checks.find((c) => c.name === 'clean dependencies')?.detail).toContain(
      "kept production's public.is_admin()"
    )
    expect(await countRows(source)).toEqual(counts)
    expect(await schemaDump(source)).toEqual(schema)
    const anon = await withClient(source, (c) =>
      c.query<{ select: boolean; insert: boolean }>(`SELECT
          has_table_privilege('anon', 'public.todos', 'SELECT') AS select,
          has_table_privilege('anon', 'public.todos', 'INSERT') AS insert`)
    )
    expect(anon.rows[0]).toEqual({ select: false, insert: false })
  })
})

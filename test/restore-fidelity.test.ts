import { describe, expect, it } from '@jest/globals'
import { tablesMissingFromToc } from '../src/postgres/archive-check.js'
import { parseDrillOptions } from '../src/config/drill-options.js'
import { runDrill } from '../src/drill/run-drill.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { runCliCaptured } from './support/cli.js'
import { makeBackup, tempDir } from './support/backups.js'
import { createDatabase, databaseUrl, withClient } from './support/database.js'

/**
 * Issue 9 "Fidelity" (restore path) and issue 10 item 3 (the drill writes only
 * into a database it may own): each case reproduces a reported failure.
 */

/** A source database made by `sql`, backed up (schemas public by default). */
async function backupOf(sql: string, extra: Record<string, string> = {}) {
  const source = await createDatabase('fid_src')
  await withClient(source, (client) => client.query(sql))
  const backup = await makeBackup(source, { schemas: 'public', ...extra })
  return { source, backup }
}

/** Runs the drill into `scratch` (a new database unless given). */
async function drill(
  backupPath: string,
  scratch?: string,
  extra: Record<string, string> = {},
  deps: Parameters<typeof runDrill>[2] = {}
) {
  const target = scratch ?? (await createDatabase('fid_scratch'))
  const options = parseDrillOptions({
    'scratch-db-url': target,
    backup: backupPath,
    'log-dir': tempDir(),
    jobs: '2',
    ...extra
  })
  const logger = createMemoryLogger()
  const result = await runDrill(options, logger, deps)
  return { ...result, scratch: target, logger }
}

const failed = (log: { checks: Array<{ name: string; status: string; detail: string }> }) =>
  log.checks.filter((c) => c.status === 'fail').map((c) => `${c.name}: ${c.detail}`)

const query = <T extends Record<string, unknown>>(url: string, sql: string) =>
  withClient(url, async (client) => (await client.query<T>(sql)).rows)

describe('fidelity of the restore path', () => {
  it('backs up and drills a partitioned table (pg_dump writes data only for its leaf partitions)', async () => {
    const { backup } = await backupOf(`
      CREATE TABLE public.payment (id int NOT NULL, paid_on date NOT NULL, amount numeric)
        PARTITION BY RANGE (paid_on);
      CREATE TABLE public.payment_2025 PARTITION OF public.payment FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE public.payment_rest PARTITION OF public.payment DEFAULT;
      INSERT INTO public.payment VALUES (1, '2025-03-01', 10), (2, '2024-01-01', 20);`)
    expect(backup.manifest.inventory.tables.map((t) => t.name)).toContain('payment')
    const { log } = await drill(backup.backupPath)
    expect(failed(log)).toEqual([])
  })

  it('backs up a table owned by a role whose name has a space', async () => {
    const { backup } = await backupOf(`
      DO $$ BEGIN CREATE ROLE "Data Owner" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
      CREATE TABLE public."my table" (id int PRIMARY KEY);
      CREATE TABLE public.my (id int PRIMARY KEY);
      INSERT INTO public."my table" VALUES (1);
      ALTER TABLE public."my table" OWNER TO "Data Owner";
      ALTER TABLE public.my OWNER TO "Data Owner";`)
    expect(backup.manifest.inventory.tables.map((t) => t.name).sort()).toEqual(['my', 'my table'])
  })

  it('restores a domain with a NOT VALID constraint into an empty scratch without any restore error', async () => {
    const { backup } = await backupOf(`
      CREATE DOMAIN public.short_text AS text;
      CREATE TABLE public.notes (id int PRIMARY KEY, body public.short_text);
      INSERT INTO public.notes VALUES (1, repeat('x', 200));
      ALTER DOMAIN public.short_text ADD CONSTRAINT short_text_length CHECK (length(VALUE) < 100) NOT VALID;`)
    const { log } = await drill(backup.backupPath)
    expect(log.restoreErrors).toEqual([])
    expect(failed(log)).toEqual([])
  })

  it('prepares an extension installed in a schema in scope, records it in the manifest and compares it', async () => {
    const { backup } = await backupOf(`
      CREATE EXTENSION citext WITH SCHEMA public;
      CREATE TABLE public.accounts (id int PRIMARY KEY, email public.citext NOT NULL);
      INSERT INTO public.accounts VALUES (1, 'A@example.com');`)
    expect(backup.manifest.inventory.extensions).toEqual([
      { name: 'citext', schema: 'public', version: expect.any(String) }
    ])
    const { log, logger, scratch } = await drill(backup.backupPath)
    expect(failed(log)).toEqual([])
    expect(log.checks.find((c) => c.name === 'extensions')?.status).toBe('pass')
    expect(logger.lines.join('\n')).toMatch(
      /CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public"/
    )
    expect(
      await query(
        scratch,
        `SELECT count(*)::int AS n FROM public.accounts WHERE email = 'a@EXAMPLE.com'`
      )
    ).toEqual([{ n: 1 }])
  })

  it('keeps large objects referenced from an oid column, counts them in the manifest and compares them', async () => {
    const { backup } = await backupOf(`
      CREATE TABLE public.documents (id int PRIMARY KEY, body oid);
      INSERT INTO public.documents VALUES
        (1, lo_from_bytea(0, 'hello'::bytea)), (2, lo_from_bytea(0, 'large object two'::bytea));`)
    expect(backup.manifest.inventory.largeObjects).toEqual({ count: 2, totalBytes: 21 })
    const passing = await drill(backup.backupPath)
    expect(failed(passing.log)).toEqual([])
    expect(
      await query(passing.scratch, 'SELECT count(*)::int AS n FROM pg_largeobject_metadata')
    ).toEqual([{ n: 2 }])

    const missing = await drill(
      backup.backupPath,
      undefined,
      {},
      {
        afterRestore: (scratch) =>
          withClient(databaseUrl(scratch.database), (c) =>
            c.query('SELECT lo_unlink(body) FROM public.documents WHERE id = 1')
          ).then(() => undefined)
      }
    )
    expect(missing.log.escalations).toEqual(['validation-failed'])
    expect(failed(missing.log).join('\n')).toMatch(/^large objects: .*expected 2 .*found 1/m)
  })
})

describe('reading the table of contents without guessing at spaces', () => {
  const a = { schema: 'public', name: 'a' }
  const ab = { schema: 'public', name: 'a b' }
  it('gives each TABLE DATA line to one table, even when its owner has a space', () => {
    // Either public."a b" owned by x, or public.a owned by "b x": the second line settles it.
    const both =
      '3001; 0 16390 TABLE DATA public a b x\n3002; 0 16391 TABLE DATA public a Data Owner\n'
    expect(tablesMissingFromToc(both, [a, ab])).toEqual([])
    const one = '3001; 0 16390 TABLE DATA public a b x\n;3002; 0 16391 TABLE DATA public a y\n'
    expect(tablesMissingFromToc(one, [a, ab])).toHaveLength(1)
    expect(tablesMissingFromToc(one, [ab])).toEqual([])
  })
})

describe('the drill writes only into a scratch database it may own', () => {
  const sql = `
    CREATE TABLE public.items (id int PRIMARY KEY, name text);
    INSERT INTO public.items VALUES (1, 'one'), (2, 'two');`

  it('refuses a scratch database whose schemas hold other objects (exit 2, nothing written), and names the override', async () => {
    const { backup } = await backupOf(sql)
    const scratch = await createDatabase('fid_foreign')
    await withClient(scratch, (c) =>
      c.query(
        `CREATE TABLE public.customer_data (id int); INSERT INTO public.customer_data VALUES (42)`
      )
    )
    const before = await query(
      scratch,
      `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1`
    )
    const run = await runCliCaptured([
      'drill',
      '--backup',
      backup.backupPath,
      '--scratch-db-url',
      scratch,
      '--log-dir',
      tempDir()
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/customer_data/)
    expect(run.stderr).toMatch(/--overwrite-scratch|overwrite-scratch/)
    expect(
      await query(
        scratch,
        `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1`
      )
    ).toEqual(before)
    expect(
      await query(
        scratch,
        `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'backup_drill'`
      )
    ).toEqual([{ n: 0 }])
  })

  it.each([
    ['a composite type', 'CREATE TYPE public.pair AS (a int, b text)', 'public.pair'],
    [
      'a partitioned table',
      'CREATE TABLE public.p (id int, k text) PARTITION BY LIST (k)',
      'public.p'
    ],
    ['an extension the backup does not use', 'CREATE EXTENSION hstore', 'extension hstore']
  ])('counts %s as content of the scratch database', async (_what, ddl, named) => {
    const { backup } = await backupOf(sql)
    const scratch = await createDatabase('fid_content')
    await withClient(scratch, (c) => c.query(ddl))
    await expect(drill(backup.backupPath, scratch)).rejects.toThrow(
      new RegExp(named.replace('.', '\\.'))
    )
  })

  it('drills the same scratch database again: the marker of the previous drill lets it reset and restore', async () => {
    const { backup } = await backupOf(
      `
      CREATE EXTENSION citext WITH SCHEMA public;
      CREATE TABLE public.contacts (id int PRIMARY KEY, email public.citext);
      INSERT INTO public.contacts VALUES (1, 'x@example.com');
      CREATE TABLE public.documents (id int PRIMARY KEY, body oid);
      INSERT INTO public.documents VALUES (1, lo_from_bytea(0, 'hello'::bytea));` + sql
    )
    const scratch = await createDatabase('fid_redrill')
    for (const attempt of [1, 2, 3]) {
      const { log } = await drill(backup.backupPath, scratch)
      expect({ attempt, failed: failed(log), errors: log.restoreErrors }).toEqual({
        attempt,
        failed: [],
        errors: []
      })
    }
    expect(await query(scratch, 'SELECT count(*)::int AS n FROM public.items')).toEqual([{ n: 2 }])
    expect(await query(scratch, 'SELECT count(*)::int AS n FROM pg_largeobject_metadata')).toEqual([
      { n: 1 }
    ])
  })

  it('restores over foreign content with --clean only when overwrite-scratch is given, and says so', async () => {
    const { backup } = await backupOf(sql)
    const scratch = await createDatabase('fid_overwrite')
    await withClient(scratch, (c) =>
      c.query(
        `CREATE TABLE public.items (id int PRIMARY KEY, name text); INSERT INTO public.items VALUES (9, 'old')`
      )
    )
    const { log, logger } = await drill(backup.backupPath, scratch, { 'overwrite-scratch': 'true' })
    expect(failed(log)).toEqual([])
    expect(logger.lines.join('\n')).toMatch(/--clean/)
    expect(await query(scratch, 'SELECT id FROM public.items ORDER BY 1')).toEqual([
      { id: 1 },
      { id: 2 }
    ])
  })
})

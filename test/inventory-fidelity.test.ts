import { describe, expect, it } from '@jest/globals'
import { parseDrillOptions } from '../src/config/drill-options.js'
import { runDrill, type DrillDependencies } from '../src/drill/run-drill.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { readFileSync, writeFileSync } from 'node:fs'
import { basename } from 'node:path'
import { copyBackupSet, makeBackup, tempDir } from './support/backups.js'
import { createDatabase, databaseUrl, withClient } from './support/database.js'
import { sha256 } from './support/digests.js'

/**
 * Sources that are legitimately unusual: a drill of their fresh backup must pass. Each case was a
 * false alarm before (the drill judged the restored copy alone, or matched names pg_dump cannot keep).
 */

/** A database holding `sql` (schema public only), backed up with the real backup operation. */
async function backedUp(sql: string) {
  const source = await createDatabase('prod')
  await withClient(source, (client) => client.query(sql))
  const backup = await makeBackup(source, { schemas: 'public', 'content-hash': 'true' })
  return { source, backup }
}

async function drill(backupPath: string, deps: DrillDependencies = {}) {
  const scratch = await createDatabase('scratch')
  const options = parseDrillOptions({
    'scratch-db-url': scratch,
    backup: backupPath,
    'log-dir': tempDir()
  })
  const result = await runDrill(options, createMemoryLogger(), deps)
  return { ...result, scratch }
}

const failures = (log: { checks: Array<{ name: string; status: string; detail: string }> }) =>
  log.checks.filter((c) => c.status === 'fail').map((c) => `${c.name}: ${c.detail}`)

describe('a source whose sequence is already behind its column', () => {
  it('drills green: the restore reproduces the source state, and the manifest knows it', async () => {
    const { backup } = await backedUp(`
      CREATE TABLE public.imported (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text);
      INSERT INTO public.imported OVERRIDING SYSTEM VALUE VALUES (100, 'explicit id');
      CREATE TABLE public.legacy (id serial PRIMARY KEY);
      INSERT INTO public.legacy VALUES (1), (2), (3);
      SELECT setval('public.legacy_id_seq', 2);`)
    const { log } = await drill(backup.backupPath)
    expect(failures(log)).toEqual([])
    expect(log.result).toBe('pass')
  })

  it('still fails when the restore falls further behind than the source was', async () => {
    const { backup } = await backedUp(`
      CREATE TABLE public.legacy (id serial PRIMARY KEY);
      INSERT INTO public.legacy VALUES (1), (2), (3);
      SELECT setval('public.legacy_id_seq', 2);`)
    const { log } = await drill(backup.backupPath, {
      afterRestore: (scratch) =>
        withClient(databaseUrl(scratch.database), (c) =>
          c.query(`SELECT setval('public.legacy_id_seq', 1)`)
        ).then(() => undefined)
    })
    expect(log.escalations).toEqual(['validation-failed'])
    expect(log.differences).toEqual([
      {
        check: 'sequence',
        object: 'public.legacy_id_seq',
        expected: 'last value >= 2 (the source was behind max 3 of public.legacy.id already)',
        found: 'last value 1'
      }
    ])
  })
})

describe('a partition whose foreign key was named by the user before it was attached', () => {
  it('drills green: pg_dump recreates the key on the parent, the partition gets a generated name', async () => {
    const { backup } = await backedUp(`
      CREATE TABLE public.parent (id int PRIMARY KEY); INSERT INTO public.parent VALUES (1);
      CREATE TABLE public.events (id int, pid int, at date) PARTITION BY RANGE (at);
      CREATE TABLE public.events_2024 (id int, pid int, at date,
        CONSTRAINT my_custom_fk FOREIGN KEY (pid) REFERENCES public.parent (id));
      ALTER TABLE public.events ATTACH PARTITION public.events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      ALTER TABLE public.events ADD CONSTRAINT events_pid_fkey FOREIGN KEY (pid) REFERENCES public.parent (id);
      INSERT INTO public.events VALUES (1, 1, '2024-05-01');`)
    const { log } = await drill(backup.backupPath)
    expect(failures(log)).toEqual([])
  })

  it('still fails when the partition lost the key', async () => {
    const { backup } = await backedUp(`
      CREATE TABLE public.parent (id int PRIMARY KEY);
      CREATE TABLE public.events (id int, pid int, at date) PARTITION BY RANGE (at);
      CREATE TABLE public.events_2024 (id int, pid int, at date,
        CONSTRAINT my_custom_fk FOREIGN KEY (pid) REFERENCES public.parent (id));
      ALTER TABLE public.events ATTACH PARTITION public.events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      ALTER TABLE public.events ADD CONSTRAINT events_pid_fkey FOREIGN KEY (pid) REFERENCES public.parent (id);`)
    const { log } = await drill(backup.backupPath, {
      afterRestore: (scratch) =>
        withClient(databaseUrl(scratch.database), (c) =>
          c.query('ALTER TABLE public.events DETACH PARTITION public.events_2024')
        ).then(() => undefined)
    })
    expect(log.differences).toContainEqual({
      check: 'constraint',
      object: 'public.events_2024.my_custom_fk',
      expected: 'FOREIGN KEY (pid) REFERENCES public.parent(id) (derived from the parent)',
      found: 'missing'
    })
  })
})

describe('a table missing from the scratch', () => {
  it('fails the row counts too, instead of printing "exact match"', async () => {
    const { backup } = await backedUp(`
      CREATE TABLE public.kept (id int PRIMARY KEY); INSERT INTO public.kept VALUES (1);
      CREATE TABLE public.lost (id int PRIMARY KEY); INSERT INTO public.lost VALUES (1), (2);`)
    const { log, markdown } = await drill(backup.backupPath, {
      afterRestore: (scratch) =>
        withClient(databaseUrl(scratch.database), (c) => c.query('DROP TABLE public.lost')).then(
          () => undefined
        )
    })
    // The markdown lists differences per kind of object.
    expect(markdown).toContain('#### Table (1)\n\n| Object | Expected | Found |')
    expect(markdown).toContain('| `public.lost` | present | missing |')
    const rowCounts = log.checks.find((c) => c.name === 'row counts')
    expect(rowCounts?.status).toBe('fail')
    expect(rowCounts?.detail).toContain('public.lost: expected 2 rows, found table missing')
    expect(rowCounts?.detail).not.toContain('exact match')
    expect(log.checks.find((c) => c.name === 'tables present')?.status).toBe('fail')
  })
})

describe('a format-1 manifest (written before format 2)', () => {
  it('still verifies and drills, compared as far as it goes', async () => {
    const { backup } = await backedUp(`
      CREATE TABLE public.t (id serial PRIMARY KEY, note text); INSERT INTO public.t (note) VALUES ('a');
      CREATE VIEW public.v AS SELECT id FROM public.t;`)
    const dump = copyBackupSet(backup)
    const manifestPath = dump.replace(/\.dump$/, '.manifest.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
    // What format 1 had: no dependencies, no derived flag, no table storage, no schema-level objects.
    manifest.formatVersion = 1
    delete manifest.dependencies
    for (const field of ['columns', 'rules', 'views', 'functions', 'types', 'domains', 'comments'])
      delete manifest.inventory[field]
    for (const table of manifest.inventory.tables)
      for (const field of [
        'accessMethod',
        'persistence',
        'partitionKey',
        'partitionBound',
        'parents'
      ])
        delete table[field]
    for (const constraint of manifest.inventory.constraints) delete constraint.derived
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n')
    rehashIfListed(dump.replace(/\.dump$/, '.sha256'), manifestPath)

    const { log } = await drill(dump)
    expect(failures(log)).toEqual([])
    expect(log.checks.find((c) => c.name === 'views')).toEqual({
      name: 'views',
      status: 'skip',
      detail: 'not recorded in this format-1 manifest'
    })
    expect(log.checks.find((c) => c.name === 'row counts')?.status).toBe('pass')
  })
})

/** A .sha256 that lists the manifest too must carry its new hash. */
function rehashIfListed(checksumPath: string, manifestPath: string): void {
  const name = basename(manifestPath)
  const hash = sha256(readFileSync(manifestPath))
  const lines = readFileSync(checksumPath, 'utf8')
    .split('\n')
    .map((line) => (line.endsWith(`  ${name}`) ? `${hash}  ${name}` : line))
  writeFileSync(checksumPath, lines.join('\n'))
}

/** Live column names per table in attnum order, read straight from pg_attribute. */
async function physicalOrders(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const result = await client.query<{ t: string; c: string }>(
      `SELECT c.relname AS t, string_agg(a.attname, ',' ORDER BY a.attnum) AS c
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
          AND a.attnum > 0 AND NOT a.attisdropped GROUP BY 1`
    )
    return Object.fromEntries(result.rows.map((row) => [row.t, row.c]))
  })
}

describe('an inheritance child whose columns are in another order than its parent’s', () => {
  it('is warned about at backup time, and the drill passes: columns and row hashes compare in the order pg_dump recreates', async () => {
    const { backup } = await backedUp(`
      CREATE TABLE public.animals (id integer NOT NULL, name text NOT NULL, legs integer);
      CREATE TABLE public.birds (wingspan numeric, legs integer, name text NOT NULL, id integer NOT NULL);
      ALTER TABLE public.birds INHERIT public.animals;
      INSERT INTO public.birds VALUES (0.3, 2, 'sparrow', 3);`)
    expect(backup.warnings).toContainEqual(
      expect.stringContaining(
        'public.birds: pg_dump recreates an inheritance child with its parents’ columns first, so a restore orders its columns id, name, legs, wingspan (the source has wingspan, legs, name, id)'
      )
    )
    expect(backup.manifest.warnings).toEqual(backup.warnings)
    const birds = backup.manifest.inventory.columns!.filter((c) => c.table === 'public.birds')
    expect(birds.map((c) => [c.name, c.position])).toEqual([
      ['wingspan', 4],
      ['legs', 3],
      ['name', 2],
      ['id', 1]
    ])
    const { log } = await drill(backup.backupPath)
    expect(failures(log)).toEqual([])
  })

  it('several parents, a grandchild and a partition in its own order: the drill passes with content hashes, and the restore has exactly the predicted order', async () => {
    // Orders checked against pg_dump 15's own script: k gets m2's columns first; g (a child of k)
    // gets k's recreated order first; k2's parents share y (merged once); a partition is created
    // with its own columns and attached, so p1 keeps (c, b, a).
    const { source, backup } = await backedUp(`
      CREATE TABLE public.m1 (x integer, y integer);
      CREATE TABLE public.m2 (z integer, y integer, w integer);
      CREATE TABLE public.k (q integer, w integer, x integer, y integer, z integer);
      ALTER TABLE public.k INHERIT public.m2;
      CREATE TABLE public.k2 (r integer) INHERITS (public.m2, public.m1);
      CREATE TABLE public.g (zz integer) INHERITS (public.k);
      CREATE TABLE public.p (a integer, b text, c integer) PARTITION BY LIST (a);
      CREATE TABLE public.p1 (c integer, b text, a integer);
      ALTER TABLE public.p ATTACH PARTITION public.p1 FOR VALUES IN (1);
      INSERT INTO public.k VALUES (1, 2, 3, 4, 5);
      INSERT INTO public.g VALUES (6, 7, 8, 9, 10, 11);
      INSERT INTO public.k2 VALUES (1, 2, 3, 4, 5);
      INSERT INTO public.p1 VALUES (3, 'b', 1);`)
    expect(backup.warnings.map((w) => w.split(':')[0]).sort()).toEqual(['public.g', 'public.k'])
    const { log, scratch } = await drill(backup.backupPath)
    expect(failures(log)).toEqual([])
    expect(await physicalOrders(scratch)).toEqual({
      ...(await physicalOrders(source)),
      k: 'z,y,w,q,x',
      g: 'z,y,w,q,x,zz'
    })
  })

  it('is not warned about when the child already has its parent’s columns first', async () => {
    const { backup } = await backedUp(`
      CREATE TABLE public.animals (id integer NOT NULL, name text NOT NULL);
      CREATE TABLE public.birds (wingspan numeric) INHERITS (public.animals);`)
    expect(backup.warnings).toEqual([])
    const { log } = await drill(backup.backupPath)
    expect(failures(log)).toEqual([])
  })
})

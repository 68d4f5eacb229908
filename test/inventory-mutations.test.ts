import { beforeAll, describe, expect, it } from '@jest/globals'
import { parseDrillOptions } from '../src/config/drill-options.js'
import type { DrillLog } from '../src/report/drill-log.js'
import { runDrill } from '../src/drill/run-drill.js'
import { prepareTortureScratch, seedTortureFixture } from '../src/fixture/torture-fixture.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { makeBackup, tempDir } from './support/backups.js'
import { createDatabase, databaseUrl, withClient } from './support/database.js'

/**
 * One mutation per object class, made in the restored scratch through the drill's seam
 * (afterRestore), on the catalog torture fixture. Each must fail the drill as validation-failed
 * with a difference naming the object, what the source had and what the restore has.
 */

let backup: Awaited<ReturnType<typeof makeBackup>>
let baseline: DrillLog['differences']

async function drill(mutation?: string) {
  const scratch = await createDatabase('scratch')
  await withClient(scratch, (client) => prepareTortureScratch(client))
  const options = parseDrillOptions({
    'scratch-db-url': scratch,
    backup: backup.backupPath,
    'log-dir': tempDir(),
    // Two pg_restore jobs (the default on two cores): the restore's passes keep parallel
    // restores of the multi-level partitions free of deadlocks (restore-archive.ts).
    jobs: '2'
  })
  return runDrill(options, createMemoryLogger(), {
    ...(mutation
      ? {
          afterRestore: (target) =>
            withClient(databaseUrl(target.database), (c) => c.query(mutation)).then(() => undefined)
        }
      : {})
  })
}

const key = (d: DrillLog['differences'][number]) => JSON.stringify(d)

beforeAll(async () => {
  const source = await createDatabase('torture')
  const schemas = await withClient(source, (client) => seedTortureFixture(client))
  backup = await makeBackup(source, { schemas: schemas.join(',') })
  baseline = (await drill()).log.differences
})

describe('the unmutated torture fixture', () => {
  it('drills with no difference at all (an inheritance child is compared in the order pg_dump recreates)', () => {
    expect(baseline).toEqual([])
    // torture.birds comes back with its parent's columns first: true, so the backup still warns.
    expect(backup.warnings).toContainEqual(
      expect.stringContaining('torture.birds: pg_dump recreates')
    )
  })
})

/** [what, SQL run in the scratch after the restore, the difference it must add]. */
const MUTATIONS: Array<
  [string, string, { check: string; object: string; expected: string; found: string }]
> = [
  [
    'a dropped partition',
    // Rows referencing it go first: a foreign key to the partitioned parent would forbid the detach.
    `DELETE FROM torture.order_notes WHERE region = 'us';
     ALTER TABLE torture.orders DETACH PARTITION torture.orders_us; DROP TABLE torture.orders_us`,
    { check: 'table', object: 'torture.orders_us', expected: 'present', found: 'missing' }
  ],
  [
    'a detached partition',
    `DELETE FROM torture.order_notes WHERE region NOT IN ('eu', 'us');
     ALTER TABLE torture.orders DETACH PARTITION torture.orders_rest`,
    {
      check: 'table-definition',
      object: 'torture.orders_rest',
      expected: 'partition bound DEFAULT',
      found: 'partition bound none'
    }
  ],
  [
    'a column with another type',
    'ALTER TABLE torture.cache ALTER COLUMN v TYPE json',
    { check: 'column', object: 'torture.cache.v', expected: '#2 jsonb', found: '#2 json' }
  ],
  [
    'reordered columns (one dropped and added back at the end)',
    'ALTER TABLE torture.empty_table DROP COLUMN id CASCADE; ALTER TABLE torture.empty_table ADD COLUMN id integer',
    { check: 'column', object: 'torture.empty_table.v', expected: '#2 text', found: '#1 text' }
  ],
  [
    // Same columns, same recreated order, same row hash: only the physical order tells, and no
    // pg_restore of a pg_dump archive leaves an inheritance child without its parents' columns first.
    'an inheritance child not in the column order pg_dump recreates (id moved to the end)',
    `ALTER TABLE torture.birds NO INHERIT torture.animals;
     ALTER TABLE torture.birds RENAME COLUMN id TO old_id; ALTER TABLE torture.birds ADD COLUMN id integer;
     UPDATE torture.birds SET id = old_id; ALTER TABLE torture.birds DROP COLUMN old_id;
     ALTER TABLE torture.birds ALTER COLUMN id SET NOT NULL; ALTER TABLE torture.birds INHERIT torture.animals`,
    {
      check: 'column',
      object: 'torture.birds',
      expected: 'column order id, name, legs, wingspan (as pg_dump recreates it)',
      found: 'column order name, legs, wingspan, id'
    }
  ],
  [
    'a changed view',
    `CREATE OR REPLACE VIEW torture.big_orders AS SELECT id, region, amount FROM torture.orders WHERE amount > 1000`,
    {
      check: 'view',
      object: 'torture.big_orders',
      expected: expect.stringContaining('amount > 100::numeric') as unknown as string,
      found: expect.stringContaining('amount > 1000::numeric') as unknown as string
    }
  ],
  [
    'a changed function body',
    `CREATE OR REPLACE FUNCTION torture.add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT i + 2 $$`,
    {
      check: 'function',
      object: 'torture.add_one(integer)',
      expected: expect.stringMatching(
        /^function, definition md5 [0-9a-f]{32}$/
      ) as unknown as string,
      found: expect.stringMatching(/^function, definition md5 [0-9a-f]{32}$/) as unknown as string
    }
  ],
  [
    'a changed domain constraint',
    `ALTER DOMAIN torture.positive DROP CONSTRAINT positive_check;
     ALTER DOMAIN torture.positive ADD CONSTRAINT positive_check CHECK (VALUE >= 0)`,
    {
      check: 'domain',
      object: 'torture.positive',
      expected: 'integer CONSTRAINT positive_check CHECK (VALUE > 0)',
      found: 'integer CONSTRAINT positive_check CHECK (VALUE >= 0)'
    }
  ],
  [
    'a domain constraint validated that the source had NOT VALID',
    `DELETE FROM torture.order_notes WHERE length(note) >= 100;
     ALTER DOMAIN torture.short_text VALIDATE CONSTRAINT short_text_length`,
    {
      check: 'domain',
      object: 'torture.short_text',
      expected:
        'text CONSTRAINT short_text_length CHECK (length(VALUE) < 100) NOT VALID (not validated)',
      found: 'text CONSTRAINT short_text_length CHECK (length(VALUE) < 100)'
    }
  ],
  [
    'a renamed enum label',
    `ALTER TYPE torture.mood RENAME VALUE 'ok' TO 'fine'`,
    {
      check: 'type',
      object: 'torture.mood',
      expected: `enum ('sad', 'ok', 'happy', 'it''s "complicated"')`,
      found: `enum ('sad', 'fine', 'happy', 'it''s "complicated"')`
    }
  ],
  [
    'a renamed attribute of a composite type',
    'ALTER TYPE torture.pair RENAME ATTRIBUTE b TO bee CASCADE',
    {
      check: 'type',
      object: 'torture.pair',
      expected: 'composite (a integer, b text)',
      found: 'composite (a integer, bee text)'
    }
  ],
  [
    'an emptied materialized view',
    'REFRESH MATERIALIZED VIEW torture.order_totals WITH NO DATA',
    {
      check: 'view',
      object: 'torture.order_totals',
      expected: expect.stringContaining('[populated]') as unknown as string,
      found: expect.stringContaining('[not populated]') as unknown as string
    }
  ],
  [
    'a dropped rule',
    'DROP RULE events_no_delete ON torture.events',
    {
      check: 'rule',
      object: 'torture.events.events_no_delete',
      expected: expect.stringContaining('DO INSTEAD NOTHING') as unknown as string,
      found: 'missing'
    }
  ],
  [
    'a dropped constraint trigger',
    'DROP TRIGGER events_check ON torture.events',
    {
      check: 'trigger',
      object: 'torture.events.events_check',
      expected: expect.stringContaining(
        'CREATE CONSTRAINT TRIGGER events_check'
      ) as unknown as string,
      found: 'missing'
    }
  ],
  [
    'another access method',
    'ALTER TABLE torture.am_table SET ACCESS METHOD heap',
    {
      check: 'table-definition',
      object: 'torture.am_table',
      expected: 'access method torture_heap',
      found: 'access method heap'
    }
  ],
  [
    'an unlogged table turned logged',
    'ALTER TABLE torture.cache SET LOGGED',
    {
      check: 'table-definition',
      object: 'torture.cache',
      expected: 'persistence unlogged',
      found: 'persistence permanent'
    }
  ],
  [
    'a changed comment',
    `COMMENT ON FUNCTION torture.add_one(integer) IS 'adds two'`,
    {
      check: 'comment',
      object: 'function torture.add_one(integer)',
      expected: '"adds one"',
      found: '"adds two"'
    }
  ]
]

describe('a mutation in the restored scratch', () => {
  it.each(MUTATIONS)('catches %s as validation-failed', async (_what, sql, difference) => {
    const { log } = await drill(sql)
    // Exactly that: the restore itself (two pg_restore jobs) ran clean. Compared with
    // the failed checks' details, so a failure says which check and why.
    const otherFailures = log.checks.filter(
      (c) => c.status === 'fail' && c.condition !== 'validation-failed'
    )
    expect({ otherFailures, restoreErrors: log.restoreErrors }).toEqual({
      otherFailures: [],
      restoreErrors: []
    })
    expect(log.escalations).toEqual(['validation-failed'])
    const before = new Set(baseline.map(key))
    const added = log.differences.filter((d) => !before.has(key(d)))
    expect(added).toContainEqual(difference)
  })
})

import { describe, expect, it } from '@jest/globals'
import { seedTortureFixture, TORTURE_SCHEMAS } from '../src/fixture/torture-fixture.js'
import { createDatabase, withClient } from './support/database.js'

describe('torture fixture', () => {
  it('seeds every object class it promises into an empty database', async () => {
    const url = await createDatabase('torture')
    const facts = await withClient(url, async (client) => {
      expect(await seedTortureFixture(client)).toEqual([...TORTURE_SCHEMAS])
      const one = async (sql: string) => (await client.query(sql)).rows[0]
      return {
        relkinds:
          await one(`SELECT string_agg(DISTINCT relkind::text, '' ORDER BY relkind::text) AS k
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'torture'`),
        owner: await one(
          `SELECT pg_get_userbyid(relowner) AS o FROM pg_class WHERE oid = 'torture.owned'::regclass`
        ),
        largeObjects: await one('SELECT count(*)::int AS n FROM pg_largeobject_metadata'),
        notValid: await one(`SELECT count(*)::int AS n FROM pg_constraint WHERE NOT convalidated
          AND connamespace = 'torture'::regnamespace`),
        extensions:
          await one(`SELECT string_agg(extname || '@' || extnamespace::regnamespace, ',' ORDER BY extname) AS e
          FROM pg_extension WHERE extname <> 'plpgsql'`),
        toasted: await one(
          `SELECT pg_relation_size(reltoastrelid) > 0 AS t FROM pg_class WHERE oid = 'torture.toasted'::regclass`
        ),
        matviews: await one(
          `SELECT string_agg(matviewname || ':' || ispopulated, ',' ORDER BY matviewname) AS m FROM pg_matviews WHERE schemaname = 'torture'`
        ),
        am: await one(
          `SELECT amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.oid = 'torture.am_table'::regclass`
        )
      }
    })
    // r table, p partitioned, v view, m matview, S sequence, i/I indexes, c composite, t toast lives elsewhere
    expect(facts.relkinds.k).toEqual(expect.stringContaining('p'))
    expect(facts.relkinds.k).toEqual(expect.stringContaining('m'))
    expect(facts.owner.o).toBe('Data Owner')
    expect(facts.largeObjects.n).toBe(2)
    expect(facts.notValid.n).toBe(3)
    expect(facts.extensions.e).toBe('citext@public,hstore@torture,pgcrypto@public')
    expect(facts.toasted.t).toBe(true)
    expect(facts.matviews.m).toBe('ledger_snapshot:true,never_filled:false,order_totals:true')
    expect(facts.am.amname).toBe('torture_heap')
  })
})

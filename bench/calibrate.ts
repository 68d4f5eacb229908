// Measures how many bytes on disk the fixture takes per user, to keep
// FIXTURE_BYTES_PER_USER (src/fixture/supabase-fixture.ts) honest:
//   node --import tsx bench/calibrate.ts [--users 2000,20000,100000]
// Seeds each count into its own database of a throwaway cluster and prints
// pg_total_relation_size of the fixture tables and pg_database_size growth.
import pg from 'pg'
import { parseArgs } from 'node:util'
import { FIXTURE_BYTES_PER_USER, seedFixture } from '../src/fixture/supabase-fixture.js'
import { startCluster } from '../src/sandbox/cluster.js'

const { values } = parseArgs({
  options: { users: { type: 'string', default: '2000,20000,100000' } }
})
const counts = values.users.split(',').map(Number)

const cluster = await startCluster()
try {
  for (const users of counts) {
    const database = `calibrate_${users}`
    const admin = new pg.Client({ connectionString: cluster.url })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${database}`)
    await admin.end()
    const client = new pg.Client({ connectionString: cluster.urlFor(database) })
    await client.connect()
    const size = async () =>
      Number(
        (await client.query<{ s: string }>('SELECT pg_database_size(current_database()) AS s'))
          .rows[0]?.s
      )
    const before = await size()
    const started = performance.now()
    await seedFixture(client, { users })
    const seconds = (performance.now() - started) / 1000
    const after = await size()
    const tables = await client.query<{ s: string }>(
      `SELECT pg_total_relation_size(c.oid) AS s FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('public', 'auth') AND c.relkind = 'r'`
    )
    const fixtureBytes = tables.rows.reduce((sum, row) => sum + Number(row.s), 0)
    await client.end()
    console.log(
      JSON.stringify({
        users,
        seedSeconds: Math.round(seconds * 10) / 10,
        fixtureBytes,
        fixtureBytesPerUser: Math.round(fixtureBytes / users),
        databaseGrowthPerUser: Math.round((after - before) / users),
        current: FIXTURE_BYTES_PER_USER
      })
    )
  }
} finally {
  await cluster.stop()
}

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'
import { createSupabaseRoles } from '../src/fixture/supabase-fixture.js'
import { startCluster, type Cluster } from '../src/sandbox/cluster.js'
import { runCliCaptured } from './support/cli.js'
import { makeBackup, tempDir } from './support/backups.js'
import { countRows, createDatabase, createFixtureDatabase, withClient } from './support/database.js'
import { EMBEDDED_17_BIN } from './support/embedded.js'

describe('drill into a newer major', () => {
  let server17: Cluster | undefined

  beforeAll(async () => {
    server17 = await startCluster({ binDir: EMBEDDED_17_BIN })
  }, 120_000)

  afterAll(async () => {
    await server17?.stop()
  })

  it('restores a PostgreSQL 15 backup into a PostgreSQL 17 scratch server and proves it equal', async () => {
    const source = await createFixtureDatabase({ users: 20 })
    const backup = await makeBackup(source, { 'content-hash': 'true' })
    // Roles are cluster-wide: a fresh server needs the ones the policies name (Supabase has them).
    await withClient(server17!.url, async (client) => {
      await createSupabaseRoles(client)
      await client.query('CREATE DATABASE scratch')
    })
    const scratch = server17!.urlFor('scratch')
    const run = await runCliCaptured([
      'drill',
      '--backup',
      backup.backupPath,
      '--scratch-db-url',
      scratch,
      '--log-dir',
      tempDir(),
      '--json'
    ])
    const log = JSON.parse(run.stdout)
    expect(log.checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([])
    expect(run.code).toBe(0)
    const version = await withClient(scratch, (c: pg.Client) =>
      c.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v")
    )
    expect(version.rows[0]!.v).toBeGreaterThanOrEqual(170000)
    expect(await countRows(scratch)).toEqual(await countRows(source))
  })
})

describe('production guard through the CLI', () => {
  const production =
    'postgres://postgres:prod-secret-pw@db.abcdefghijklmnopqrst.supabase.co:5432/postgres'

  it.each([
    ['the same URL', production],
    [
      'upper-case host and explicit port',
      'postgresql://postgres:other@DB.ABCDEFGHIJKLMNOPQRST.SUPABASE.CO:5432/postgres'
    ],
    [
      'the session pooler of the same project',
      'postgres://postgres.abcdefghijklmnopqrst:other@aws-0-eu-west-1.pooler.supabase.com:5432/postgres'
    ],
    [
      'a trailing slash and no port',
      'postgres://postgres:other@db.abcdefghijklmnopqrst.supabase.co/postgres/'
    ],
    [
      'the project ref in the database name',
      'postgres://postgres:other@scratch.example.com:5432/abcdefghijklmnopqrst_copy'
    ]
  ])('refuses %s with exit 2 before opening any connection', async (_what, scratch) => {
    // The hosts do not resolve here: any connection attempt would fail with a DNS error instead.
    const run = await runCliCaptured([
      'drill',
      '--backup',
      '/nonexistent/backup-20260101-000000.dump',
      '--scratch-db-url',
      scratch,
      '--db-url',
      production,
      '--project-ref',
      'abcdefghijklmnopqrst',
      '--log-dir',
      tempDir()
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^bad input: scratch-db-url: /m)
    expect(run.stderr).not.toMatch(/ENOTFOUND|resolve|backup:/)
    expect(run.stdout + run.stderr).not.toContain('prod-secret-pw')
    expect(run.stdout + run.stderr).not.toContain(':other@')
  })

  it('allows another database on the same server', async () => {
    const source = await createFixtureDatabase({ users: 5 })
    const backup = await makeBackup(source)
    const scratch = await createDatabase('scratch')
    const run = await runCliCaptured([
      'drill',
      '--backup',
      backup.backupPath,
      '--scratch-db-url',
      scratch,
      '--db-url',
      source,
      '--log-dir',
      tempDir()
    ])
    expect(run.code).toBe(0)
  })

  it("refuses the backup's own source even when db-url is not given", async () => {
    const source = await createFixtureDatabase({ users: 5 })
    const backup = await makeBackup(source)
    const run = await runCliCaptured([
      'drill',
      '--backup',
      backup.backupPath,
      '--scratch-db-url',
      source,
      '--log-dir',
      tempDir()
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/scratch-db-url/)
    expect(await countRows(source)).toMatchObject({ 'public.api_keys': 5 })
  })
})

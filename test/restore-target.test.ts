import { beforeAll, describe, expect, it } from '@jest/globals'
import { runCliCaptured } from './support/cli.js'
import { makeBackup, tempDir } from './support/backups.js'
import { createDatabase, createFixtureDatabase, serverUrl, withClient } from './support/database.js'

/**
 * A production restore proves its target after connecting and before any
 * write: db-url must be the backup's own source (same system_identifier and
 * database name, whatever the spelling) unless restore-elsewhere says
 * otherwise, and confirm must name the database that is overwritten.
 */

let source: string
let sourceName: string
let backup: Awaited<ReturnType<typeof makeBackup>>

beforeAll(async () => {
  source = await createFixtureDatabase({ users: 5 })
  sourceName = new URL(source).pathname.slice(1)
  backup = await makeBackup(source)
})

async function restore(dbUrl: string, confirm: string, extra: string[] = []) {
  return runCliCaptured([
    'restore',
    '--db-url',
    dbUrl,
    '--project-ref',
    'local',
    '--confirm',
    confirm,
    '--backup',
    backup.backupPath,
    '--log-dir',
    tempDir(),
    '--jobs',
    '2',
    ...extra
  ])
}

async function markerOf(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const result = await client.query<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`
    )
    return result.rows.map((row) => row.t)
  })
}

describe('restore: db-url must be the backup source', () => {
  it('refuses another database than the source (exit 2) and leaves it untouched', async () => {
    const other = await createDatabase('other')
    await withClient(other, (c) => c.query('CREATE TABLE public.marker (x int)'))
    const run = await restore(other, new URL(other).pathname.slice(1))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/db-url: is not the backup's source .*restore-elsewhere/)
    expect(await markerOf(other)).toEqual(['marker'])
  })

  it('restores elsewhere only with restore-elsewhere: true', async () => {
    const other = await createDatabase('other')
    const run = await restore(other, new URL(other).pathname.slice(1), [
      '--restore-elsewhere',
      'true',
      '--json'
    ])
    expect(run.code).toBe(0)
    const log = JSON.parse(run.stdout) as { checks: Array<{ name: string; detail: string }> }
    expect(log.checks.find((c) => c.name === 'target')?.detail).toMatch(/^restore-elsewhere:/)
  })

  it('accepts the source recreated after the incident (same server and name, new oid), spelled as a unix socket', async () => {
    const dirs = await withClient(source, (c) =>
      c.query<{ d: string }>(`SELECT current_setting('unix_socket_directories') AS d`)
    )
    const socket = dirs.rows[0]!.d.split(',')[0]!.trim()
    await withClient(serverUrl(), async (c) => {
      await c.query(`DROP DATABASE ${sourceName} WITH (FORCE)`)
      await c.query(`CREATE DATABASE ${sourceName}`)
    })
    const port = new URL(source).port
    const run = await restore(
      `postgres://postgres@${encodeURIComponent(socket)}:${port}/${sourceName}`,
      sourceName,
      ['--json']
    )
    expect(run.code).toBe(0)
    const log = JSON.parse(run.stdout) as { checks: Array<{ name: string; detail: string }> }
    expect(log.checks.find((c) => c.name === 'target')?.detail).toMatch(
      /^db-url is the backup's own source/
    )
    expect(await markerOf(source)).toContain('api_keys')
  })

  it('refuses a confirm that does not name the database (non-Supabase db-url)', async () => {
    const run = await restore(source, 'local')
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/confirm: does not name the database db-url overwrites/)
  })
})

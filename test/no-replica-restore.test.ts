import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { parseBackupOptions } from '../src/config/backup-options.js'
import { parseDrillOptions } from '../src/config/drill-options.js'
import { runBackup, type BackupResult } from '../src/backup/run-backup.js'
import { runDrill } from '../src/drill/run-drill.js'
import { parseRestoreOptions } from '../src/config/restore-options.js'
import { runRestore } from '../src/restore/run-restore.js'
import { PLATFORM_APP_TABLES, PLATFORM_POSTGRES } from '../src/fixture/supabase-platform.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { startCluster, type Cluster } from '../src/sandbox/cluster.js'
import { tempDir } from './support/backups.js'
import { countRows, withClient } from './support/database.js'
import { asPlatformPostgres, createPlatformDatabase } from './support/platform.js'

// A Supabase project whose postgres role may not set session_replication_role (older
// projects, other managed platforms): the restore falls back to loading the platform tables
// one table at a time in foreign-key order while their foreign keys and triggers stay live.
// Its own cluster, because the grant is cluster-wide and other test files rely on it.

let cluster: Cluster
let source: string
let backup: BackupResult

beforeAll(async () => {
  cluster = await startCluster()
  source = await createPlatformDatabase('app', cluster.url)
  backup = await runBackup(
    parseBackupOptions({
      'db-url': asPlatformPostgres(source),
      'out-dir': tempDir(),
      schemas: 'public,auth'
    }),
    createMemoryLogger()
  )
}, 120_000)

afterAll(async () => {
  await cluster?.stop()
})

/** The production restore of `backup` over the source itself, as the platform's postgres role. */
function restoreProduction(logger = createMemoryLogger()) {
  const production = asPlatformPostgres(source)
  return runRestore(
    parseRestoreOptions({
      'db-url': production,
      confirm: new URL(production).pathname.slice(1),
      'project-ref': 'optaprodref',
      backup: backup.backupPath,
      'log-dir': tempDir(),
      jobs: '2'
    }),
    logger
  )
}

/** Independent count(*) of every table of the app on the platform. */
async function appCounts(url: string): Promise<Record<string, number>> {
  const counts = await countRows(url)
  return Object.fromEntries(
    PLATFORM_APP_TABLES.filter((t) => !t.startsWith('storage.')).map((t) => [t, counts[t] ?? -1])
  )
}

describe('drill into a Supabase project without the replica role', () => {
  it('loads the platform tables in foreign-key order, one at a time, and passes with equal counts', async () => {
    const scratch = await createPlatformDatabase('platform', cluster.url)
    // After the platform model is made (its base grants it): the project without the grant.
    await withClient(cluster.url, (c) =>
      c.query(`REVOKE SET ON PARAMETER session_replication_role FROM ${PLATFORM_POSTGRES}`)
    )
    const logger = createMemoryLogger()
    const result = await runDrill(
      parseDrillOptions({
        'scratch-db-url': asPlatformPostgres(scratch),
        backup: backup.backupPath,
        'log-dir': tempDir(),
        jobs: '2'
      }),
      logger
    )
    const failedChecks = result.log.checks.filter((c) => c.status === 'fail')
    expect({ failed: failedChecks, restoreErrors: result.log.restoreErrors }).toEqual({
      failed: [],
      restoreErrors: []
    })
    expect(result.log.result).toBe('pass')
    expect(logger.lines).toContain(
      `== Restore into ${new URL(scratch).host}${new URL(scratch).pathname} (pg_restore -j 2, section by section)`
    )
    expect(result.log.checks.find((c) => c.name === 'platform tables')?.detail).toContain(
      'loaded with foreign keys live, in reference order, one table at a time (session_replication_role = replica not allowed to this role)'
    )
    expect(await appCounts(scratch)).toEqual(await appCounts(source))
    // The app's trigger on auth.users fired during the load (no replica role): still one profile per user.
    const profiles = (url: string) =>
      withClient(url, (c) =>
        c.query('SELECT id::text, username, full_name FROM public.profiles ORDER BY id')
      ).then((r) => r.rows)
    expect(await profiles(scratch)).toEqual(await profiles(source))
  })

  it('refuses to restore production whose platform table has an INSERT trigger it cannot silence, before writing anything', async () => {
    // The app's on_auth_user_created on auth.users (the role can neither drop nor quiet it) would
    // make a profile for every user loaded, and the profiles' own rows would then collide.
    await withClient(source, (c) =>
      c.query(
        `DELETE FROM public.todos WHERE id = (SELECT min(id) FROM public.todos);
         INSERT INTO auth.users (id, aud, role, email) VALUES
           ('30000000-0000-4000-8000-000000000001', 'authenticated', 'authenticated', 'intruder@example.com')`
      )
    )
    const damaged = await countRows(source)
    const result = await restoreProduction()
    expect(result.log.result).toBe('fail')
    expect(result.log.checks.find((c) => c.name === 'platform triggers')).toMatchObject({
      status: 'fail',
      condition: 'restore-failed',
      detail: expect.stringContaining(
        `on_auth_user_created on auth.users would fire for every row loaded, and role ${PLATFORM_POSTGRES} may not set session_replication_role = replica`
      )
    })
    expect(result.log.checks.find((c) => c.name === 'platform triggers')?.detail).toContain(
      `Fix: GRANT SET ON PARAMETER session_replication_role TO ${PLATFORM_POSTGRES}`
    )
    expect(result.log.restoreErrors).toEqual([])
    // Untouched: the damage is still there, nothing was dropped or loaded.
    expect(await countRows(source)).toEqual(damaged)
  })

  it('restores production without the replica role once no trigger would fire: one job, platform tables in reference order', async () => {
    await withClient(source, (c) => c.query('DROP TRIGGER on_auth_user_created ON auth.users'))
    const logger = createMemoryLogger()
    const result = await restoreProduction(logger)
    expect({
      failed: result.log.checks.filter((c) => c.status === 'fail'),
      restoreErrors: result.log.restoreErrors
    }).toEqual({ failed: [], restoreErrors: [] })
    expect(logger.lines.join('\n')).toContain('one job, platform tables in reference order')
    // The damage of the test before is undone: every table as in the backup.
    const counts = await countRows(source)
    for (const table of backup.manifest.inventory.tables)
      expect([table.name, counts[`${table.schema}.${table.name}`]]).toEqual([
        table.name,
        table.rowCount
      ])
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import { parseBackupOptions } from '../src/config/backup-options.js'
import { parseDrillOptions } from '../src/config/drill-options.js'
import { runBackup, type BackupResult } from '../src/backup/run-backup.js'
import { runDrill } from '../src/drill/run-drill.js'
import { parseRestoreOptions } from '../src/config/restore-options.js'
import { runRestore } from '../src/restore/run-restore.js'
import { clockReadingTables, compareRlsObservations } from '../src/drill/rls-check.js'
import { APP_USERS } from '../src/fixture/supabase-platform.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { tempDir } from './support/backups.js'
import { withClient } from './support/database.js'
import { asPlatformPostgres, createPlatformDatabase } from './support/platform.js'

/** The README's Supabase scope. */
const SCHEMAS = 'public,auth'

async function backupOf(
  url: string,
  rlsPrincipals?: number,
  schemas = SCHEMAS
): Promise<BackupResult> {
  const options = parseBackupOptions({ 'db-url': url, 'out-dir': tempDir(), schemas })
  return runBackup(
    rlsPrincipals === undefined ? options : { ...options, rlsPrincipals },
    createMemoryLogger()
  )
}

/**
 * Drills `backup` into a new database holding the platform's base (roles, extensions, public's
 * default privileges), connected as the platform's postgres role as on a scratch Supabase project
 * (or as the cluster's superuser). `afterRestore` gets the scratch's superuser URL.
 */
async function drill(
  backup: BackupResult,
  afterRestore?: (url: string) => Promise<void>,
  as: 'platform-postgres' | 'superuser' = 'platform-postgres'
) {
  const scratch = await createPlatformDatabase('base')
  const options = parseDrillOptions({
    'scratch-db-url': as === 'superuser' ? scratch : asPlatformPostgres(scratch),
    backup: backup.backupPath,
    'log-dir': tempDir(),
    jobs: '2'
  })
  const logger = createMemoryLogger()
  const result = await runDrill(options, logger, {
    ...(afterRestore ? { afterRestore: () => afterRestore(scratch) } : {})
  })
  const check = result.log.checks.find((c) => c.name === 'rls proof')
  return { log: result.log, check, lines: logger.lines }
}

/** An afterRestore hook running one statement in the scratch as superuser. */
const sql = (statement: string) => (url: string) =>
  withClient(url, async (client) => {
    await client.query(statement)
  })

const user = (n: number) => `principal ${APP_USERS[n - 1]!.id} (role authenticated)`

let source: string
let backup: BackupResult

beforeAll(async () => {
  source = await createPlatformDatabase('app')
  backup = await backupOf(asPlatformPostgres(source))
})

describe('RLS proof in the drill', () => {
  it('passes on an equal restore into a platform copy: every principal sees what it saw', async () => {
    const { log, check } = await drill(backup)
    expect(check).toMatchObject({
      status: 'pass',
      detail:
        "anon and 3 user(s) see the same rows in 2 RLS-enabled table(s) as in the backup's snapshot"
    })
    expect(log.checks.filter((c) => c.status === 'fail')).toEqual([])
  })

  it('catches a changed policy, naming principal, table, expected and found', async () => {
    const { check } = await drill(
      backup,
      sql(`ALTER POLICY "Individuals can view their own todos." ON public.todos USING (true)`)
    )
    expect(check).toMatchObject({ status: 'fail', condition: 'validation-failed' })
    expect(check?.detail).toBe(
      [1, 2, 3]
        .map((n) => `${user(n)}, table public.todos: expected ${n} row(s), found 15 row(s)`)
        .join('; ')
    )
  })

  it('a policy reading the clock: a count that moved with time is named, not failed', async () => {
    // Rows visible to anon for 3 seconds after they were written: by the drill, time has moved on.
    const timed = await createPlatformDatabase('app')
    await withClient(timed, (c) =>
      c.query(`CREATE POLICY "Fresh todos are public." ON public.todos FOR SELECT TO anon
        USING (inserted_at > now() - interval '3 seconds');
        UPDATE public.todos SET inserted_at = now()`)
    )
    const timedBackup = await backupOf(asPlatformPostgres(timed))
    await new Promise((done) => setTimeout(done, 3500))
    const { log, check } = await drill(timedBackup)
    expect(check).toMatchObject({ status: 'pass' })
    expect(check?.detail).toContain(
      'principal anon (role anon), table public.todos: 15 row(s) in the backup, 0 now: its policies read the clock (now())'
    )
    expect(log.checks.filter((c) => c.status === 'fail')).toEqual([])
    // Only that table is spared: the same difference elsewhere still fails.
    const recorded = timedBackup.manifest.rls!
    const found = recorded.principals.map((p) => ({
      ...p,
      rows: { ...p.rows, 'public.profiles': 99 }
    }))
    expect(
      compareRlsObservations(
        recorded,
        found,
        new Set(['anon', 'authenticated']),
        clockReadingTables(timedBackup.manifest.inventory.policies)
      ).differences
    ).toHaveLength(4)
  })

  it('catches a revoked grant', async () => {
    const { check } = await drill(backup, sql('REVOKE SELECT ON public.profiles FROM anon'))
    expect(check).toMatchObject({
      status: 'fail',
      detail:
        'principal anon (role anon), table public.profiles: expected 5 row(s), found error 42501: permission denied for table profiles'
    })
  })

  it('catches a broken auth.uid()', async () => {
    const { check } = await drill(
      backup,
      sql(
        `CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT NULL::uuid $$`
      )
    )
    expect(check?.status).toBe('fail')
    expect(check?.detail).toContain(
      `${user(2)}, table public.todos: expected 2 row(s), found 0 row(s)`
    )
    expect(check?.detail).not.toContain('public.profiles')
  })

  it('names a claim function the scratch lacks, instead of crashing', async () => {
    // Renamed, the policies still run (they hold its oid), but anything new calling auth.uid() breaks.
    const { check } = await drill(backup, sql('ALTER FUNCTION auth.uid() RENAME TO uid_renamed'))
    expect(check).toMatchObject({
      status: 'fail',
      detail:
        'claim function auth.uid() does not exist in the restored target (policies on public.profiles, public.todos use it)'
    })
  })

  it('names a role the scratch lacks', () => {
    const recorded = {
      tables: ['public.todos'],
      principals: [{ id: 'anon', role: 'anon', sub: null, rows: { 'public.todos': 0 }, errors: {} }]
    }
    expect(compareRlsObservations(recorded, [], new Set(['authenticated'])).differences).toEqual([
      'principal anon (role anon): role anon does not exist in the restored target'
    ])
  })

  it('does not hold a missing role against a principal that could read nothing in the backup', () => {
    const denied = '42501: permission denied for table events'
    const recorded = {
      tables: ['torture.events'],
      principals: [
        { id: 'anon', role: 'anon', sub: null, rows: {}, errors: { 'torture.events': denied } }
      ]
    }
    expect(compareRlsObservations(recorded, [], new Set(['authenticated'])).differences).toEqual([])
  })

  it("gives back the grants a restore did not bring: storage restored as superuser into a target without the platform's", async () => {
    // The dump carries no privileges (--no-privileges, as the SOP's): a schema the restore creates
    // grants nothing, and tables a superuser re-creates get none of the default privileges the
    // platform set for its postgres role. The manifest's RLS proof says what the source gave.
    const withStorage = await backupOf(asPlatformPostgres(source), 3, 'public,auth,storage')
    const { check, log } = await drill(withStorage, undefined, 'superuser')
    expect(check?.status).toBe('pass')
    expect(log.preparations).toEqual(
      expect.arrayContaining([
        'GRANT USAGE ON SCHEMA "storage" TO "anon"',
        'GRANT ALL ON TABLE "storage"."objects" TO "anon"',
        'GRANT ALL ON TABLE "public"."todos" TO "authenticated"'
      ])
    )
  })

  it('the production restore as a superuser into a Supabase project gives the API roles their grants back', async () => {
    // Found by the README's production-restore workflow run as a superuser: public's tables came
    // back without the grants the platform's default privileges give only its postgres role.
    const production = await createPlatformDatabase('base')
    const result = await runRestore(
      parseRestoreOptions({
        'db-url': production,
        confirm: new URL(production).pathname.slice(1),
        'project-ref': 'optaprodref',
        'restore-elsewhere': 'true',
        backup: backup.backupPath,
        'log-dir': tempDir(),
        jobs: '2'
      }),
      createMemoryLogger()
    )
    expect(result.log.checks.filter((c) => c.status === 'fail')).toEqual([])
    expect(result.log.checks.find((c) => c.name === 'rls proof')?.status).toBe('pass')
    expect(result.log.preparations).toContain('GRANT ALL ON TABLE "public"."todos" TO "anon"')
  })

  it('is skipped when the backup ran with rls-principals 0, and the log says so', async () => {
    const { check, lines } = await drill(await backupOf(asPlatformPostgres(source), 0))
    expect(check).toMatchObject({ status: 'skip' })
    expect(lines.join('\n')).toMatch(
      /RLS proof: skip \(skipped: the backup ran with rls-principals 0/
    )
  })
})

describe('RLS proof in the production restore', () => {
  // Also the test that found --clean dropping and re-creating public (without its grants) when
  // the backup's scope held no platform schema the target had.
  it('proves production shows each principal what the backup showed, before traffic reopens', async () => {
    const production = asPlatformPostgres(await createPlatformDatabase('base'))
    const options = parseRestoreOptions({
      'db-url': production,
      confirm: new URL(production).pathname.slice(1),
      'project-ref': 'optaprodref',
      'restore-elsewhere': 'true',
      backup: backup.backupPath,
      'log-dir': tempDir(),
      jobs: '2'
    })
    const logger = createMemoryLogger()
    const result = await runRestore(options, logger)
    expect(result.log.checks.find((c) => c.name === 'rls proof')).toMatchObject({
      status: 'pass',
      detail:
        "anon and 3 user(s) see the same rows in 2 RLS-enabled table(s) as in the backup's snapshot"
    })
    expect(result.log.checks.find((c) => c.name === 'extensions')?.status).toBe('pass')
    expect(result.log.checks.filter((c) => c.status === 'fail')).toEqual([])
  })
})

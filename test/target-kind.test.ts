import { beforeAll, describe, expect, it } from '@jest/globals'
import { parseBackupOptions } from '../src/config/backup-options.js'
import { parseDrillOptions } from '../src/config/drill-options.js'
import { runBackup, type BackupResult } from '../src/backup/run-backup.js'
import { runDrill } from '../src/drill/run-drill.js'
import { parseRestoreOptions } from '../src/config/restore-options.js'
import { runRestore } from '../src/restore/run-restore.js'
import { PLATFORM_APP_TABLES, PLATFORM_POSTGRES } from '../src/fixture/supabase-platform.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { findPgTool } from '../src/postgres/client-tools.js'
import { prepareProductionTarget } from '../src/restore/restore-target-kind.js'
import { tempDir } from './support/backups.js'
import { countRows, createDatabase, createFixtureDatabase, withClient } from './support/database.js'
import { asPlatformPostgres, createPlatformDatabase } from './support/platform.js'

/** The README's Supabase scope with storage. */
const SCHEMAS = 'public,auth,storage'

async function backupOf(url: string): Promise<BackupResult> {
  const options = parseBackupOptions({ 'db-url': url, 'out-dir': tempDir(), schemas: SCHEMAS })
  return runBackup(options, createMemoryLogger())
}

/** Drills `backup` into `scratch` (a URL with the role to restore as). */
async function drill(backup: BackupResult, scratch: string, extra: Record<string, string> = {}) {
  const logger = createMemoryLogger()
  const result = await runDrill(
    parseDrillOptions({
      'scratch-db-url': scratch,
      backup: backup.backupPath,
      'log-dir': tempDir(),
      jobs: '2',
      ...extra
    }),
    logger
  )
  const check = (name: string) => result.log.checks.find((c) => c.name === name)
  return { log: result.log, markdown: result.markdown, lines: logger.lines, check }
}

const failed = (log: { checks: Array<{ name: string; status: string }> }) =>
  log.checks.filter((c) => c.status === 'fail').map((c) => c.name)

/** Independent count(*) of every table of the app on the platform. */
async function appCounts(url: string): Promise<Record<string, number>> {
  const counts = await countRows(url)
  return Object.fromEntries(PLATFORM_APP_TABLES.map((t) => [t, counts[t] ?? -1]))
}

const profiles = (url: string) =>
  withClient(url, (c) =>
    c
      .query('SELECT id::text, username, full_name FROM public.profiles ORDER BY id')
      .then((r) => r.rows)
  )

/** A statement run as the cluster's superuser. */
const run = (url: string, sql: string) => withClient(url, (c) => c.query(sql)).then(() => undefined)

let full: string
let fullBackup: BackupResult
/** The app without what only the platform's own roles may add to storage tables (see the platform tables test). */
let app: string
let appBackup: BackupResult

beforeAll(async () => {
  full = await createPlatformDatabase('app')
  fullBackup = await backupOf(asPlatformPostgres(full))
  app = await createPlatformDatabase('app')
  await run(
    app,
    `DROP POLICY "Avatar images are publicly accessible." ON storage.objects;
     DROP POLICY "Owners read their documents." ON storage.objects;
     DROP POLICY "Buckets are visible." ON storage.buckets;
     DROP INDEX storage.objects_owner_idx`
  )
  appBackup = await backupOf(asPlatformPostgres(app))
})

describe('drill into a Supabase project (the platform model, as its postgres role)', () => {
  it('loads the platform tables data only, restores the app trigger quietly, and keeps public grants', async () => {
    const scratch = await createPlatformDatabase('platform')
    const { log, markdown, check } = await drill(appBackup, asPlatformPostgres(scratch))
    expect(failed(log)).toEqual([])
    expect(log.result).toBe('pass')
    expect(log.targetKind).toMatchObject({
      requested: 'auto',
      kind: 'supabase',
      managedSchemas: ['auth', 'storage']
    })
    expect(log.targetKind?.detail).toMatch(/auth \(supabase_auth_admin\)/)
    expect(markdown).toMatch(/Target kind \| detected supabase/)
    expect(check('platform tables')?.detail).toMatch(
      /trigger on_auth_user_created on auth\.users.*session_replication_role = replica/
    )
    expect(check('version skew')?.detail).toMatch(/same columns/)
    expect(log.restoreErrors).toEqual([])

    // Equal by an independent count of every table, and no profile made twice by the trigger.
    expect(await appCounts(scratch)).toEqual(await appCounts(app))
    expect(await profiles(scratch)).toEqual(await profiles(app))

    await withClient(scratch, async (c) => {
      const grants = await c.query(
        `SELECT r AS role, has_schema_privilege(r, 'public', 'USAGE') AS usage,
                has_table_privilege(r, 'public.todos', 'SELECT') AS todos,
                has_table_privilege(r, 'public.profiles', 'SELECT') AS profiles
           FROM unnest(ARRAY['anon', 'authenticated']) AS r ORDER BY 1`
      )
      expect(grants.rows).toEqual([
        { role: 'anon', usage: true, todos: true, profiles: true },
        { role: 'authenticated', usage: true, todos: true, profiles: true }
      ])
      // The target's default privileges in public are untouched.
      const defaults = await c.query(
        `SELECT count(*)::int AS n FROM pg_default_acl WHERE defaclnamespace = 'public'::regnamespace`
      )
      expect(defaults.rows[0].n).toBe(6)
      // The app's trigger is there and fires on a new user.
      await c.query(
        `INSERT INTO auth.users (id, aud, role, email, raw_user_meta_data)
         VALUES ('20000000-0000-4000-8000-000000000009', 'authenticated', 'authenticated', 'late@example.com',
                 '{"full_name": "Late Member"}')`
      )
      const made = await c.query(
        `SELECT full_name FROM public.profiles WHERE id = '20000000-0000-4000-8000-000000000009'`
      )
      expect(made.rows).toEqual([{ full_name: 'Late Member' }])
    })
  })

  it('loads with the replica role: a trigger the target already has on auth.users stays quiet during the load, and fires after it', async () => {
    // A trigger both projects have (as the platform's own would be): the restore keeps the
    // target's, and the rows it loads must not fire it.
    const hook = `CREATE SCHEMA hooks;
      GRANT USAGE ON SCHEMA hooks TO ${PLATFORM_POSTGRES};
      CREATE TABLE hooks.calls (user_id uuid);
      CREATE FUNCTION hooks.note_user() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN INSERT INTO hooks.calls VALUES (NEW.id); RETURN NEW; END $$;
      CREATE TRIGGER platform_hook AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION hooks.note_user();`
    const source = await createPlatformDatabase('app')
    await run(
      source,
      `DROP POLICY "Avatar images are publicly accessible." ON storage.objects;
       DROP POLICY "Owners read their documents." ON storage.objects;
       DROP POLICY "Buckets are visible." ON storage.buckets;
       DROP INDEX storage.objects_owner_idx; ${hook}`
    )
    const backup = await backupOf(asPlatformPostgres(source))
    const scratch = await createPlatformDatabase('platform')
    await run(scratch, hook)
    const { log } = await drill(backup, asPlatformPostgres(scratch))
    expect(failed(log)).toEqual([])
    const calls = () =>
      withClient(scratch, (c) => c.query('SELECT count(*)::int AS n FROM hooks.calls')).then(
        (r) => r.rows[0].n as number
      )
    expect(await calls()).toBe(0)
    expect(await appCounts(scratch)).toEqual(await appCounts(source))
    await run(
      scratch,
      `INSERT INTO auth.users (id, aud, role, email) VALUES
         ('20000000-0000-4000-8000-000000000008', 'authenticated', 'authenticated', 'after@example.com')`
    )
    expect(await calls()).toBe(1)
  })

  it("names the app's policies and index on storage tables that the platform's postgres role cannot create", async () => {
    const scratch = await createPlatformDatabase('platform')
    const { log, check } = await drill(fullBackup, asPlatformPostgres(scratch))
    expect(check('platform tables')).toMatchObject({ status: 'fail', condition: 'restore-failed' })
    for (const object of [
      'policy Avatar images are publicly accessible. on storage.objects (owner supabase_storage_admin)',
      'policy Owners read their documents. on storage.objects (owner supabase_storage_admin)',
      'policy Buckets are visible. on storage.buckets (owner supabase_storage_admin)',
      'index objects_owner_idx on storage.objects (owner supabase_storage_admin)'
    ])
      expect(check('platform tables')?.detail).toContain(object)
    // Everything else went in: no raw pg_restore error, the data equal.
    expect(log.restoreErrors).toEqual([])
    expect(check('restore')?.status).toBe('pass')
    expect(check('row counts')?.status).toBe('pass')
    expect(await appCounts(scratch)).toEqual(await appCounts(full))
  })

  /** The app's storage policies and index, as the team made them in the project through the platform. */
  const STORAGE_APP_OBJECTS = (documents: string) => `
    CREATE INDEX objects_owner_idx ON storage.objects (owner);
    CREATE POLICY "Avatar images are publicly accessible." ON storage.objects FOR SELECT USING (bucket_id = 'avatars');
    CREATE POLICY "Owners read their documents." ON storage.objects FOR SELECT TO authenticated
      USING (bucket_id = '${documents}' AND owner = (SELECT auth.uid()));
    CREATE POLICY "Buckets are visible." ON storage.buckets FOR SELECT USING (true);`

  it('passes when the project already has those storage policies and index, naming them as already present', async () => {
    const scratch = await createPlatformDatabase('platform')
    await run(scratch, STORAGE_APP_OBJECTS('documents'))
    const { log, check } = await drill(fullBackup, asPlatformPostgres(scratch))
    expect(failed(log)).toEqual([])
    expect(log.result).toBe('pass')
    const detail = check('platform tables')?.detail ?? ''
    expect(detail).toMatch(/already present in the target/)
    for (const object of [
      'policy Avatar images are publicly accessible. on storage.objects',
      'policy Owners read their documents. on storage.objects',
      'policy Buckets are visible. on storage.buckets',
      'index objects_owner_idx on storage.objects'
    ])
      expect(detail).toContain(object)
    expect(log.restoreErrors).toEqual([])
    expect(await appCounts(scratch)).toEqual(await appCounts(full))
  })

  it('fails validation naming a storage policy the project already has with another definition', async () => {
    const scratch = await createPlatformDatabase('platform')
    await run(scratch, STORAGE_APP_OBJECTS('private'))
    const { log, check } = await drill(fullBackup, asPlatformPostgres(scratch))
    expect(check('platform tables')?.status).toBe('pass')
    expect(log.result).toBe('fail')
    expect(log.escalations).toContain('validation-failed')
    // The restore left the project's policy in place; validation compares it with the manifest's.
    expect(check('row-level security')).toMatchObject({
      status: 'fail',
      condition: 'validation-failed'
    })
    expect(check('row-level security')?.detail).toMatch(
      /storage\.objects\.Owners read their documents\.: expected .*'documents'.*found .*'private'/
    )
    expect(check('row-level security')?.detail).not.toContain('Avatar images')
  })

  it('a second drill into the same project empties the platform tables it loaded and passes again', async () => {
    const scratch = await createPlatformDatabase('platform')
    expect((await drill(appBackup, asPlatformPostgres(scratch))).log.result).toBe('pass')
    const again = await drill(appBackup, asPlatformPostgres(scratch))
    expect(failed(again.log)).toEqual([])
    expect(again.lines.join('\n')).toMatch(/Emptied the platform tables auth\.identities/)
    expect(await appCounts(scratch)).toEqual(await appCounts(app))
  })

  it('refuses a project whose platform tables hold rows it did not load', async () => {
    const scratch = await createPlatformDatabase('app')
    await expect(drill(appBackup, asPlatformPostgres(scratch))).rejects.toThrow(
      /rows in platform table auth\./
    )
  })

  it('version skew: an extra nullable column in the target auth.users passes with a note', async () => {
    const scratch = await createPlatformDatabase('platform')
    await run(scratch, 'ALTER TABLE auth.users ADD COLUMN nickname text')
    const { log, check } = await drill(appBackup, asPlatformPostgres(scratch))
    expect(failed(log)).toEqual([])
    expect(check('version skew')).toMatchObject({ status: 'pass' })
    expect(check('version skew')?.detail).toMatch(
      /note: auth\.users\.nickname: backup missing, target text/
    )
    expect(log.versionSkew).toEqual([
      expect.objectContaining({
        table: 'auth.users',
        column: 'nickname',
        backup: 'missing',
        target: 'text',
        verdict: 'note'
      })
    ])
    expect((await appCounts(scratch))['auth.users']).toBe(5)
  })

  it('version skew: a column missing in the target fails naming it, and its table is not loaded', async () => {
    const scratch = await createPlatformDatabase('platform')
    await run(scratch, 'ALTER TABLE auth.users DROP COLUMN is_anonymous')
    const { log, check } = await drill(appBackup, asPlatformPostgres(scratch))
    expect(check('version skew')).toMatchObject({ status: 'fail', condition: 'restore-failed' })
    expect(check('version skew')?.detail).toContain(
      'auth.users.is_anonymous: backup boolean, target missing'
    )
    expect(log.versionSkew).toContainEqual(
      expect.objectContaining({ table: 'auth.users', column: 'is_anonymous', verdict: 'blocks' })
    )
    // pg_restore never tried the table's COPY: no raw COPY error, the rows are simply not there.
    expect(log.restoreErrors.filter((e) => /COPY|is_anonymous/.test(e.message))).toEqual([])
    expect((await appCounts(scratch))['auth.users']).toBe(0)
    expect(log.escalations).toContain('restore-failed')
  })
})

describe('drill into an empty PostgreSQL (a service container)', () => {
  it('prepares what the manifest says the backup needs, logs each step, and passes', async () => {
    const scratch = await createDatabase('container')
    const { log, markdown, check } = await drill(fullBackup, scratch)
    expect(failed(log)).toEqual([])
    expect(log.targetKind).toMatchObject({ kind: 'postgres', managedSchemas: [] })
    expect(log.preparations).toEqual([
      'CREATE SCHEMA IF NOT EXISTS "extensions"',
      'CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA "extensions"',
      // After the load: the grants the source gave the API roles, as the manifest's RLS proof
      // recorded them (the backup, --no-privileges, carries none), except what the target
      // already gives (PUBLIC has USAGE on public).
      'GRANT USAGE ON SCHEMA "storage" TO "anon"',
      'GRANT USAGE ON SCHEMA "auth" TO "anon"',
      'GRANT ALL ON TABLE "public"."profiles" TO "anon"',
      'GRANT ALL ON TABLE "public"."todos" TO "anon"',
      'GRANT ALL ON TABLE "storage"."buckets" TO "anon"',
      'GRANT ALL ON TABLE "storage"."objects" TO "anon"',
      'GRANT USAGE ON SCHEMA "storage" TO "authenticated"',
      'GRANT USAGE ON SCHEMA "auth" TO "authenticated"',
      'GRANT ALL ON TABLE "public"."profiles" TO "authenticated"',
      'GRANT ALL ON TABLE "public"."todos" TO "authenticated"',
      'GRANT ALL ON TABLE "storage"."buckets" TO "authenticated"',
      'GRANT ALL ON TABLE "storage"."objects" TO "authenticated"'
    ])
    expect(check('rls proof')?.status).toBe('pass')
    expect(markdown).toContain('### Target prepared')
    expect(check('scratch target')?.detail).toContain('uuid-ossp')
    expect(await appCounts(scratch)).toEqual(await appCounts(full))
    expect(await profiles(scratch)).toEqual(await profiles(full))
  })
})

describe('production restore into a Supabase project', () => {
  it('replaces the platform tables data only, keeps the app trigger working, and passes', async () => {
    const production = await createPlatformDatabase('app')
    await run(
      production,
      `DROP POLICY "Avatar images are publicly accessible." ON storage.objects;
       DROP POLICY "Owners read their documents." ON storage.objects;
       DROP POLICY "Buckets are visible." ON storage.buckets;
       DROP INDEX storage.objects_owner_idx`
    )
    const backup = await backupOf(asPlatformPostgres(production))
    const before = await appCounts(production)
    const saved = await profiles(production)
    // The incident: rows lost and rows that came later.
    await run(
      production,
      `DELETE FROM public.todos WHERE id IN (SELECT id FROM public.todos ORDER BY id LIMIT 4);
       INSERT INTO auth.users (id, aud, role, email) VALUES
         ('20000000-0000-4000-8000-000000000007', 'authenticated', 'authenticated', 'later@example.com')`
    )
    const result = await runRestore(
      parseRestoreOptions({
        'db-url': asPlatformPostgres(production),
        'project-ref': 'local',
        confirm: new URL(production).pathname.slice(1),
        backup: backup.backupPath,
        'log-dir': tempDir(),
        jobs: '2'
      }),
      createMemoryLogger()
    )
    expect(result.log.checks.filter((c) => c.status === 'fail')).toEqual([])
    expect(result.log.targetKind).toMatchObject({
      kind: 'supabase',
      managedSchemas: ['auth', 'storage']
    })
    expect(await appCounts(production)).toEqual(before)
    expect(await profiles(production)).toEqual(saved)
    await run(
      production,
      `INSERT INTO auth.users (id, aud, role, email, raw_user_meta_data) VALUES
         ('20000000-0000-4000-8000-000000000006', 'authenticated', 'authenticated', 'next@example.com', '{"full_name": "Next"}')`
    )
    expect((await appCounts(production))['public.profiles']).toBe(before['public.profiles']! + 1)
  })
})

describe('a target that cannot be reached', () => {
  it('is the restore-failed check of the drill and of the production restore, without the password', async () => {
    const source = await createFixtureDatabase({ users: 2 })
    const backup = await runBackup(
      parseBackupOptions({ 'db-url': source, 'out-dir': tempDir() }),
      createMemoryLogger()
    )
    // Nothing listens on port 1.
    const unreachable = 'postgres://postgres:pw-never-shown@127.0.0.1:1/app'
    const drilled = await drill(backup, unreachable)
    expect(drilled.check('scratch target')).toMatchObject({
      status: 'fail',
      condition: 'restore-failed',
      detail: expect.stringMatching(/^scratch-db-url: connection refused at 127\.0\.0\.1:1/)
    })
    expect(drilled.check('restore')?.status).toBe('skip')

    const prepared = await prepareProductionTarget(
      parseRestoreOptions({
        'db-url': unreachable,
        'project-ref': 'local',
        confirm: 'app',
        'restore-elsewhere': 'true',
        backup: backup.backupPath,
        'log-dir': tempDir()
      }),
      backup.manifest,
      await findPgTool('pg_restore', {}),
      backup.backupPath,
      createMemoryLogger()
    )
    expect(prepared).toEqual({
      ok: false,
      checks: [
        {
          name: 'target kind',
          status: 'fail',
          condition: 'restore-failed',
          detail: expect.stringMatching(/^db-url: connection refused at 127\.0\.0\.1:1/)
        }
      ]
    })
    expect(JSON.stringify([prepared, drilled.log])).not.toContain('pw-never-shown')
  })
})

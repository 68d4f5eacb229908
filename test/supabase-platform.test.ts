import { describe, expect, it } from '@jest/globals'
import type pg from 'pg'
import { APP_USERS, PLATFORM_POSTGRES } from '../src/fixture/supabase-platform.js'
import { countRows, withClient } from './support/database.js'
import { asPlatformPostgres, createPlatformDatabase } from './support/platform.js'

/** Rows `table` shows to `role` with the given claim settings, in a transaction rolled back after. */
async function visibleRows(
  client: pg.Client,
  role: string,
  settings: Record<string, string>,
  table: string
): Promise<number> {
  await client.query('BEGIN')
  try {
    await client.query(`SET LOCAL ROLE ${role}`)
    for (const [name, value] of Object.entries(settings))
      await client.query('SELECT set_config($1, $2, true)', [name, value])
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)
    return Number(result.rows[0]!.n)
  } finally {
    await client.query('ROLLBACK')
  }
}

const claims = (sub: string, role = 'authenticated') => ({
  'request.jwt.claims': JSON.stringify({ sub, role })
})

describe('Supabase platform model', () => {
  it('has the platform roles, schema owners, extensions and grants a Supabase project has', async () => {
    const url = await createPlatformDatabase('platform')
    await withClient(url, async (client) => {
      const role = await client.query(
        `SELECT rolsuper, rolbypassrls,
                ARRAY(SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid
                      WHERE m.member = r.oid ORDER BY 1)::text[] AS member_of
         FROM pg_roles r WHERE rolname = $1`,
        [PLATFORM_POSTGRES]
      )
      expect(role.rows).toEqual([
        {
          rolsuper: false,
          rolbypassrls: true,
          member_of: ['anon', 'authenticated', 'service_role']
        }
      ])
      const owners = await client.query(
        `SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace
         WHERE nspname IN ('auth', 'storage', 'extensions') ORDER BY 1`
      )
      expect(owners.rows).toEqual([
        { nspname: 'auth', owner: 'supabase_auth_admin' },
        { nspname: 'extensions', owner: 'supabase_admin' },
        { nspname: 'storage', owner: 'supabase_storage_admin' }
      ])
      const extensions = await client.query(
        `SELECT extname, extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1`
      )
      expect(extensions.rows).toEqual([
        { extname: 'pgcrypto', schema: 'extensions' },
        { extname: 'uuid-ossp', schema: 'extensions' }
      ])
    })
    // As the demoted role: a new table in public is granted to the API roles, and the replica role is allowed.
    await withClient(asPlatformPostgres(url), async (client) => {
      await client.query('CREATE TABLE public.fresh (id int)')
      const grants = await client.query(
        `SELECT grantee, string_agg(privilege_type, ',' ORDER BY privilege_type) AS privileges
         FROM information_schema.role_table_grants WHERE table_name = 'fresh' AND grantee <> $1
         GROUP BY 1 ORDER BY 1`,
        [PLATFORM_POSTGRES]
      )
      const all = 'DELETE,INSERT,REFERENCES,SELECT,TRIGGER,TRUNCATE,UPDATE'
      expect(grants.rows).toEqual([
        { grantee: 'anon', privileges: all },
        { grantee: 'authenticated', privileges: all },
        { grantee: 'service_role', privileges: all }
      ])
      await client.query('SET session_replication_role = replica')
      expect((await client.query('SHOW session_replication_role')).rows).toEqual([
        { session_replication_role: 'replica' }
      ])
      // Only that one: other superuser-only settings stay out of reach.
      await expect(client.query("SET log_statement = 'all'")).rejects.toThrow(/permission denied/)
    })
  })

  it('answers per user through the claims PostgREST sets, new and old style, and anon sees only public rows', async () => {
    const url = await createPlatformDatabase('app')
    const counts = await countRows(url)
    expect(counts).toMatchObject({
      'auth.users': 5,
      'auth.identities': 5,
      'auth.sessions': 5,
      'public.profiles': 5,
      'public.todos': 15,
      'storage.buckets': 2,
      'storage.objects': 15
    })
    await withClient(asPlatformPostgres(url), async (client) => {
      for (const user of APP_USERS) {
        expect(await visibleRows(client, 'authenticated', claims(user.id), 'public.todos')).toBe(
          user.todos
        )
        // Every avatar plus the user's own documents.
        expect(await visibleRows(client, 'authenticated', claims(user.id), 'storage.objects')).toBe(
          APP_USERS.length + user.files - 1
        )
      }
      const older = {
        'request.jwt.claim.sub': APP_USERS[2]!.id,
        'request.jwt.claim.role': 'authenticated'
      }
      expect(await visibleRows(client, 'authenticated', older, 'public.todos')).toBe(3)
      expect(await visibleRows(client, 'anon', claims('', 'anon'), 'public.todos')).toBe(0)
      expect(await visibleRows(client, 'anon', claims('', 'anon'), 'public.profiles')).toBe(5)
      expect(await visibleRows(client, 'anon', claims('', 'anon'), 'storage.objects')).toBe(5)
      // The demoted role bypasses RLS itself.
      expect(await visibleRows(client, PLATFORM_POSTGRES, {}, 'public.todos')).toBe(15)
      await client.query('BEGIN')
      await client.query("SELECT set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ sub: APP_USERS[0]!.id, role: 'authenticated' })
      ])
      const who = await client.query('SELECT auth.uid()::text AS uid, auth.role() AS role')
      await client.query('ROLLBACK')
      expect(who.rows).toEqual([{ uid: APP_USERS[0]!.id, role: 'authenticated' }])
    })
  })

  it("runs the app's trigger on auth.users: a new user gets a profile", async () => {
    const url = await createPlatformDatabase('app')
    await withClient(url, async (client) => {
      await client.query(
        `INSERT INTO auth.users (id, aud, role, email, raw_user_meta_data)
         VALUES ('20000000-0000-4000-8000-000000000001', 'authenticated', 'authenticated', 'new@example.com',
                 '{"full_name": "New Member"}')`
      )
      const profile = await client.query(
        `SELECT full_name FROM public.profiles WHERE id = '20000000-0000-4000-8000-000000000001'`
      )
      expect(profile.rows).toEqual([{ full_name: 'New Member' }])
      const index = await client.query(
        `SELECT indexname FROM pg_indexes WHERE schemaname = 'storage' AND indexname = 'objects_owner_idx'`
      )
      expect(index.rowCount).toBe(1)
    })
  })
})

import { describe, expect, it } from '@jest/globals'
import pg from 'pg'
import { createSupabaseRoles, FIXTURE_TABLES } from '../src/fixture/supabase-fixture.js'
import { startCluster } from '../src/sandbox/cluster.js'
import { countRows, createFixtureDatabase } from './support/database.js'

describe('Supabase-shaped fixture', () => {
  it('creates every table, scaled by the size knob, with one empty table', async () => {
    const counts = await countRows(await createFixtureDatabase({ users: 10 }))
    expect(Object.keys(counts).sort()).toEqual([...FIXTURE_TABLES].sort())
    expect(counts['auth.users']).toBe(12)
    expect(counts['public.accounts_profiles']).toBe(12)
    expect(counts['public.accounts_devices']).toBe(21)
    expect(counts['public.accounts_sessions']).toBe(40)
    expect(counts['public.api_keys']).toBe(10)
    expect(counts['public.AuditLog']).toBe(32)
    expect(counts['public.accounts_deletion_requests']).toBe(0)
  })
})

describe('Supabase roles', () => {
  it('are created by concurrent sessions on a fresh cluster without a duplicate-role race', async () => {
    // Roles are cluster-wide: test workers seeding at once used to race on "check, then create".
    const cluster = await startCluster()
    try {
      const clients = await Promise.all(
        [1, 2, 3, 4].map(async () => {
          const client = new pg.Client({ connectionString: cluster.url })
          await client.connect()
          return client
        })
      )
      try {
        await Promise.all(clients.map((client) => createSupabaseRoles(client)))
        const roles = await clients[0]!.query<{ rolname: string; rolbypassrls: boolean }>(
          `SELECT rolname, rolbypassrls FROM pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role') ORDER BY 1`
        )
        expect(roles.rows).toEqual([
          { rolname: 'anon', rolbypassrls: false },
          { rolname: 'authenticated', rolbypassrls: false },
          { rolname: 'service_role', rolbypassrls: true }
        ])
      } finally {
        await Promise.all(clients.map((client) => client.end()))
      }
    } finally {
      await cluster.stop()
    }
  })
})

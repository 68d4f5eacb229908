import { describe, expect, it } from '@jest/globals'
import { FIXTURE_TABLES } from '../src/fixture/supabase-fixture.js'
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

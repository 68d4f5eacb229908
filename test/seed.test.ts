import { describe, expect, it } from '@jest/globals'
import { parseSize } from '../src/input/size.js'
import { FIXTURE_BYTES_PER_USER, usersForSize } from '../src/fixture/supabase-fixture.js'
import { runCliCaptured } from './support/cli.js'
import { countRows, createDatabase, createFixtureDatabase, withClient } from './support/database.js'

describe('parseSize', () => {
  it.each([
    ['1GB', 1e9],
    ['1.5 gb', 1.5e9],
    ['500MB', 5e8],
    ['3GB', 3e9],
    ['2GiB', 2 * 1024 ** 3],
    ['64kB', 64_000],
    ['12345', 12345]
  ])('reads %s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes)
  })

  it.each(['', 'big', '1 GBs', '-1GB', '0MB', '1,5GB', 'GB'])('rejects %p', (text) => {
    expect(parseSize(text)).toBeUndefined()
  })
})

describe('seed command', () => {
  it('seeds an empty database and reports exact counts', async () => {
    const url = await createDatabase('seed')
    const run = await runCliCaptured(['seed', '--db-url', url, '--users', '25', '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout) as {
      users: number
      rows: Record<string, number>
      fixtureBytes: number
    }
    expect(result.users).toBe(25)
    const counts = await countRows(url)
    expect(result.rows).toEqual(counts)
    // 25 bulk users plus the fixture's two hand-written ones; 2 devices and 4 sessions per bulk user.
    expect(counts['auth.users']).toBe(27)
    expect(counts['public.accounts_devices']).toBe(51)
    expect(counts['public.accounts_sessions']).toBe(100)
    expect(result.fixtureBytes).toBeGreaterThan(0)
    expect(run.stderr).toMatch(/Seeding 25 users/)
    expect(run.stdout).not.toContain(new URL(url).password)
    expect(run.stderr).not.toContain(new URL(url).password)
  })

  it('turns --size into a user count with the calibrated bytes per user', async () => {
    const url = await createDatabase('seed')
    const run = await runCliCaptured(['seed', '--db-url', url, '--size', '2MB', '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout) as { users: number; fixtureBytes: number }
    expect(result.users).toBe(usersForSize(2e6))
    expect(result.users).toBe(Math.round(2e6 / FIXTURE_BYTES_PER_USER))
    expect((await countRows(url))['public.api_keys']).toBe(result.users)
  })

  it('refuses a database that already has tables, and leaves it untouched', async () => {
    const url = await createFixtureDatabase({ users: 5 })
    const before = await countRows(url)
    const run = await runCliCaptured(['seed', '--db-url', url, '--users', '10'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /bad input: db-url: .* is not empty: 7 table\(s\) and 4 other relation\(s\) in public\/auth \(auth.users, public.AuditLog,/
    )
    expect(await countRows(url)).toEqual(before)
  })

  it('refuses a single foreign table in public', async () => {
    const url = await createDatabase('seed')
    await withClient(url, (client) => client.query('CREATE TABLE public.customers (id int)'))
    const run = await runCliCaptured(['seed', '--db-url', url])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('public.customers')
    expect(Object.keys(await countRows(url))).toEqual(['public.customers'])
  })

  it('refuses a database with an auth schema (a Supabase project) even without tables', async () => {
    const url = await createDatabase('seed')
    await withClient(url, (client) => client.query('CREATE SCHEMA auth'))
    const run = await runCliCaptured(['seed', '--db-url', url, '--users', '10'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/already has an auth schema/)
    expect(await countRows(url)).toEqual({})
  })

  it.each([
    [['--size', 'huge'], /size: must be a size like/],
    [['--size', '2TB'], /size: must be a size like/],
    [['--users', 'many'], /users: must be a whole number/],
    [['--users', '0'], /users: must be a whole number/],
    [['--users', '10', '--size', '1GB'], /either --users or --size/]
  ])('exits 2 on bad input %p', async (args, message) => {
    const url = await createDatabase('seed')
    const run = await runCliCaptured(['seed', '--db-url', url, ...args])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(await countRows(url)).toEqual({})
  })

  it('exits 2 without --db-url', async () => {
    const run = await runCliCaptured(['seed', '--users', '10'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/db-url/)
  })
})

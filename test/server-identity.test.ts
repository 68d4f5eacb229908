import { describe, expect, it } from '@jest/globals'
import { sourceTarget } from '../src/manifest/source.js'
import type { Manifest } from '../src/manifest/schema.js'
import { connect } from '../src/postgres/client.js'
import { parseDatabaseUrl } from '../src/postgres/connection-url.js'
import { isSameTarget, normalizeTarget } from '../src/postgres/same-target.js'
import { isSameDatabase, readServerIdentity } from '../src/postgres/server-identity.js'
import { createDatabase, withClient } from './support/database.js'

async function identityOf(url: string) {
  const client = await connect(parseDatabaseUrl('db-url', url, {}), { inputName: 'db-url' })
  try {
    return await readServerIdentity(client)
  } finally {
    await client.end()
  }
}

describe('server identity', () => {
  it('is readable by a role without any privilege, and tells two databases of one server apart', async () => {
    const a = await createDatabase('ident')
    const b = await createDatabase('ident')
    const role = `plain_${new URL(a).pathname.slice(7)}`
    await withClient(a, (c) => c.query(`CREATE ROLE ${role} LOGIN PASSWORD 'plain-pass-1'`))
    const asRole = new URL(a)
    asRole.username = role
    asRole.password = 'plain-pass-1'
    const plain = await identityOf(asRole.toString())
    const superuser = await identityOf(a)
    expect(plain.note).toBeUndefined()
    expect(plain.identity.systemIdentifier).toMatch(/^\d+$/)
    expect(isSameDatabase(plain.identity, superuser.identity)).toBe(true)
    expect(isSameDatabase(superuser.identity, (await identityOf(b)).identity)).toBe(false)
  })

  it('falls back to the server start time, and says so, where pg_control_system() is hidden', async () => {
    const url = await createDatabase('hidden')
    const role = `hidden_${new URL(url).pathname.slice(8)}`
    await withClient(url, async (c) => {
      // Like a provider that revokes it (pg_proc is per database, so this stays in this database).
      await c.query('REVOKE EXECUTE ON FUNCTION pg_catalog.pg_control_system() FROM PUBLIC')
      await c.query(`CREATE ROLE ${role} LOGIN PASSWORD 'hidden-pass-1'`)
    })
    const asRole = new URL(url)
    asRole.username = role
    asRole.password = 'hidden-pass-1'
    const hidden = await identityOf(asRole.toString())
    expect(hidden.identity.systemIdentifier).toBeNull()
    expect(hidden.note).toMatch(/pg_control_system\(\) is not readable here.*start time/)
    // Still recognised as the same database by the fallback.
    expect(isSameDatabase(hidden.identity, (await identityOf(url)).identity)).toBe(true)
  })
})

describe('sourceTarget reads old manifests', () => {
  const old = (display: string) => ({ id: 'backup-x', source: { display } }) as unknown as Manifest
  it.each([
    ['/tmp/pg:5432/victim', { host: '/tmp/pg', port: 5432, database: 'victim' }],
    ['::1:5433/app', { host: '::1', port: 5433, database: 'app' }],
    ['db.example.com:5432/a/b', { host: 'db.example.com', port: 5432, database: 'a/b' }]
  ])('%s', (display, expected) => {
    expect(sourceTarget(old(display))).toMatchObject(expected)
  })

  it('a socket-source display is the same target as the TCP loopback spelling', () => {
    const scratch = parseDatabaseUrl('scratch-db-url', 'postgres://u@127.0.0.1:5432/victim', {})
    expect(
      isSameTarget(
        normalizeTarget(scratch),
        normalizeTarget(sourceTarget(old('/tmp/pg:5432/victim')))
      )
    ).toBe(true)
  })

  it('refuses a display it cannot read, naming the backup', () => {
    expect(() => sourceTarget(old('garbage'))).toThrow(/^backup: the manifest of backup-x/)
  })
})

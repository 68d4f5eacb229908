import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, connect as netConnect, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCliCaptured } from './support/cli.js'
import { makeBackup, tempDir } from './support/backups.js'
import { createFixtureDatabase, serverUrl, withClient } from './support/database.js'

/**
 * Issue 10's production overwrites, each reproduced: a canary row is written
 * to production after the backup; the drill must refuse (exit 2) before any
 * write, whatever spelling, environment or alias leads the scratch target to
 * production, and the canary must survive.
 */

let production: string
let prodName: string
let server: URL
let socketDir: string
let backup: Awaited<ReturnType<typeof makeBackup>>
let proxy: Server
let proxyPort: number

const CANARY = 'written-after-the-backup'

beforeAll(async () => {
  production = await createFixtureDatabase({ users: 5 })
  server = new URL(production)
  prodName = server.pathname.slice(1)
  await withClient(production, async (client) => {
    await client.query('CREATE TABLE public.canary (note text)')
    // A role named like the database: libpq's "dbname defaults to the user name" lands on production.
    await client.query(
      `CREATE ROLE "${prodName}" LOGIN SUPERUSER PASSWORD '${decodeURIComponent(server.password)}'`
    )
  })
  socketDir = await withClient(production, async (client) => {
    const dirs = await client.query<{ dirs: string }>(
      `SELECT current_setting('unix_socket_directories') AS dirs`
    )
    return (dirs.rows[0]?.dirs ?? '').split(',')[0]!.trim()
  })
  backup = await makeBackup(production)
  await withClient(production, (client) =>
    client.query('INSERT INTO public.canary VALUES ($1)', [CANARY])
  )
  // An alias the spelling check cannot see: another port on this machine forwarding to production.
  proxy = createServer((socket) => {
    const upstream = netConnect(Number(server.port), server.hostname)
    socket.pipe(upstream).pipe(socket)
    socket.on('error', () => upstream.destroy())
    upstream.on('error', () => socket.destroy())
  })
  proxyPort = await new Promise<number>((resolve) =>
    proxy.listen(0, '127.0.0.1', () => {
      const address = proxy.address()
      resolve(typeof address === 'object' && address ? address.port : 0)
    })
  )
})

afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve))
})

async function canaryRows(): Promise<number> {
  return withClient(production, async (client) => {
    const result = await client.query(`SELECT count(*)::int AS n FROM public.canary`)
    return (result.rows[0] as { n: number }).n
  })
}

/** Runs the drill through the CLI with `env` set as the process environment (libpq reads process.env). */
async function drillInto(
  scratch: string,
  extraArgs: string[] = [],
  env: Record<string, string> = {},
  backupPath = backup.backupPath
) {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]))
  Object.assign(process.env, env)
  try {
    return await runCliCaptured([
      'drill',
      '--backup',
      backupPath,
      '--scratch-db-url',
      scratch,
      '--log-dir',
      tempDir(),
      ...extraArgs
    ])
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
}

const password = () => server.password
const at = (host: string, port: string | number = server.port) =>
  `postgres://postgres:${password()}@${host}:${port}`

async function expectRefused(run: { code: number; stderr: string }, pattern: RegExp) {
  expect(run.code).toBe(2)
  expect(run.stderr).toMatch(/scratch-db-url/)
  expect(run.stderr).toMatch(pattern)
  expect(await canaryRows()).toBe(1)
}

describe('issue 10: the five production overwrites are refused before any write', () => {
  it('1. ?dbname= (empty, libpq reads it as the user name = the production database)', async () => {
    const run = await drillInto(
      `postgres://${prodName}:${password()}@${server.hostname}:${server.port}/scr_guard?dbname=`,
      ['--db-url', production]
    )
    await expectRefused(run, /empty \?dbname=/)
  })

  it('2. a backup taken over a unix socket, scratch = the same database over TCP', async () => {
    const socketBackup = await makeBackup(
      `postgres://postgres:${password()}@${encodeURIComponent(socketDir)}:${server.port}/${prodName}`
    )
    const manifest = socketBackup.manifest
    expect(manifest.source).toMatchObject({
      host: socketDir,
      port: Number(server.port),
      database: prodName,
      user: 'postgres'
    })
    const run = await drillInto(`${at('127.0.0.1')}/${prodName}`, [], {}, socketBackup.backupPath)
    await expectRefused(run, /points at production/)
  })

  it('3. an alias of production the spelling cannot see (another port forwarding to it)', async () => {
    const run = await drillInto(`${at('127.0.0.1', proxyPort)}/${prodName}`)
    await expectRefused(run, /reaches production: .*the backup's source/)
  })

  it('3b. the same alias, caught against db-url before the backup is fetched', async () => {
    const run = await drillInto(`${at('127.0.0.1', proxyPort)}/${prodName}`, [
      '--db-url',
      production,
      '--backup',
      join(tempDir(), 'missing.dump')
    ])
    await expectRefused(run, /reaches production: .*db-url/)
  })

  /** A service file defining `prod` as the production database. */
  function serviceFile(): string {
    const file = join(mkdtempSync(join(tmpdir(), 'service-')), 'pg_service.conf')
    writeFileSync(file, `# test services\n[prod]\ndbname=${prodName}\n`)
    return file
  }

  it.each([
    [
      'PGHOSTADDR',
      () => ({ PGHOSTADDR: '127.0.0.1' }),
      () => `${at('scratch.invalid')}/${prodName}`
    ],
    ['PGDATABASE', () => ({ PGDATABASE: prodName }), () => at('127.0.0.1')],
    [
      'PGSERVICE + PGSERVICEFILE',
      () => ({ PGSERVICE: 'prod', PGSERVICEFILE: serviceFile() }),
      () => at('127.0.0.1')
    ]
  ])(
    '4. libpq environment: %s cannot send pg_restore somewhere the guard did not check',
    async (_name, env, scratch) => {
      const run = await drillInto(scratch(), [], env())
      await expectRefused(run, /points at production|reaches production/)
    }
  )

  it('5. a scratch URL without a database name (libpq: the user name = production)', async () => {
    const run = await drillInto(
      `postgres://${prodName}:${password()}@${server.hostname}:${server.port}`
    )
    await expectRefused(run, /points at production/)
  })
})

describe('the same database through other spellings', () => {
  it.each([
    [
      'a unix socket',
      () => `postgres://postgres@${encodeURIComponent(socketDir)}:${server.port}/${prodName}`
    ],
    ['hostaddr', () => `${at('scratch.example.com')}/${prodName}?hostaddr=127.0.0.1`],
    ['localhost', () => `${at('localhost')}/${prodName}`],
    [
      'keyword=value',
      () =>
        `host=127.0.0.1 port=${server.port} dbname=${prodName} user=postgres password=${password()}`
    ]
  ])('refuses scratch = production through %s', async (_name, scratch) => {
    const run = await drillInto(scratch(), ['--db-url', production])
    await expectRefused(run, /points at production|reaches production/)
  })

  it('records the source identity in the manifest: system_identifier and database oid', async () => {
    const manifest = backup.manifest
    const expected = await withClient(production, async (client) => {
      const result = await client.query<{ id: string; oid: string }>(
        `SELECT (SELECT system_identifier::text FROM pg_control_system()) AS id,
                (SELECT oid::text FROM pg_database WHERE datname = current_database()) AS oid`
      )
      return result.rows[0]!
    })
    expect(manifest.source.identity).toMatchObject({
      systemIdentifier: expected.id,
      databaseOid: Number(expected.oid),
      database: prodName
    })
    expect(manifest.source).not.toHaveProperty('display')
  })

  it('still drills into another database on the production server', async () => {
    const scratchName = `scratch_${Date.now()}`
    await withClient(serverUrl(), (client) => client.query(`CREATE DATABASE ${scratchName}`))
    const run = await drillInto(`${at('127.0.0.1', proxyPort)}/${scratchName}`, [
      '--db-url',
      production
    ])
    expect(run.code).toBe(0)
    expect(JSON.stringify(run)).not.toContain(decodeURIComponent(password()))
  })
})

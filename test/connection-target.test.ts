import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { manifestSchema, type Manifest } from '../src/manifest/schema.js'
import { libpqTool, parseDatabaseUrl } from '../src/postgres/connection-url.js'
import { runCliCaptured } from './support/cli.js'
import { tempDir } from './support/backups.js'
import { createDatabase, serverUrl, withClient } from './support/database.js'

/**
 * One resolved target for every tool: URLs, keyword=value strings, the PG*
 * environment, service files and .pgpass resolve once, with libpq's rules,
 * and the backup's node-postgres session, its manifest and pg_dump (which runs
 * with no PG* variable) all reach the same server, database and role.
 */

// Every character that URL parsers disagree on, plus unicode and a valid percent escape.
const PASSWORD = 'Tr1cky@Pa:ss/wo?rd#Secret%41&ünï'
let server: URL
let database: string
let role: string

beforeAll(async () => {
  server = new URL(serverUrl())
  const url = await createDatabase('target')
  database = new URL(url).pathname.slice(1)
  role = `role_${database}`
  await withClient(url, async (client) => {
    await client.query(`CREATE ROLE ${role} LOGIN BYPASSRLS PASSWORD ${pg.escapeLiteral(PASSWORD)}`)
    await client.query(`ALTER DATABASE ${database} OWNER TO ${role}`)
    await client.query(`ALTER SCHEMA public OWNER TO ${role}`)
  })
  const asRole = `postgres://${role}:${encodeURIComponent(PASSWORD)}@${server.host}/${database}`
  // Owned by the role alone: pg_dump running as any other non-superuser role would fail.
  await withClient(asRole, (client) =>
    client.query(
      'CREATE TABLE public.probe (id int PRIMARY KEY); INSERT INTO public.probe VALUES (1), (2), (3)'
    )
  )
})

/** Every spelling of the password that must never appear: raw, encoded, and its distinctive pieces. */
const forbidden = () => [
  PASSWORD,
  encodeURIComponent(PASSWORD),
  encodeURI(PASSWORD),
  'Secret%41',
  'SecretA',
  'Pa:ss',
  'wo?rd',
  'rd#Secret'
]

function expectNoPassword(...texts: string[]): void {
  for (const text of texts) for (const spelling of forbidden()) expect(text).not.toContain(spelling)
}

/** Runs a CLI command with `env` as the process environment (libpq reads process.env). */
async function withEnv<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]))
  Object.assign(process.env, env)
  try {
    return await work()
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
}

async function backup(dbUrl: string, env: Record<string, string> = {}) {
  const outDir = tempDir()
  const run = await withEnv(env, () =>
    runCliCaptured(['backup', '--db-url', dbUrl, '--out-dir', outDir, '--schemas', 'public'])
  )
  const files = readdirSync(outDir)
  const manifestFile = files.find((name) => name.endsWith('.manifest.json'))
  const manifestText = manifestFile ? readFileSync(join(outDir, manifestFile), 'utf8') : ''
  const manifest: Manifest | undefined = manifestText
    ? manifestSchema.parse(JSON.parse(manifestText))
    : undefined
  return { ...run, manifest, manifestText, outDir, dump: files.find((f) => f.endsWith('.dump')) }
}

function expectAgreement(run: Awaited<ReturnType<typeof backup>>): void {
  // stderr is shown only when the run failed (progress goes there too).
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({
    code: 0,
    stderr: ''
  })
  expect(run.manifest?.source).toMatchObject({
    host: server.hostname,
    port: Number(server.port),
    database,
    user: role,
    // The role node-postgres saw (current_user) is the one the URL resolved to.
    role
  })
  expect(run.manifest?.source.identity?.database).toBe(database)
  // pg_dump ran with no PG* variable and dumped the role's own table: it got the same target.
  expect(run.manifest?.inventory.tables.map((t) => [t.name, t.rowCount])).toEqual([['probe', 3]])
  expectNoPassword(run.stdout, run.stderr, run.manifestText)
}

describe('one resolved target: manifest, node-postgres and pg_dump agree', () => {
  it('from the PG* environment alone (postgres:// with nothing else)', async () => {
    const run = await backup('postgres://', {
      PGHOST: server.hostname,
      PGPORT: server.port,
      PGDATABASE: database,
      PGUSER: role,
      PGPASSWORD: PASSWORD
    })
    expectAgreement(run)
  })

  it('from a service file (PGSERVICEFILE) with the password in .pgpass (PGPASSFILE)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'libpq-files-'))
    const serviceFile = join(dir, 'pg_service.conf')
    writeFileSync(
      serviceFile,
      `[other]\ndbname=postgres\n\n[drillsvc]\nhost=${server.hostname}\nport=${server.port}\ndbname=${database}\nuser=${role}\n`
    )
    const passfile = join(dir, 'pgpass')
    const escaped = PASSWORD.replace(/\\/g, '\\\\').replace(/:/g, '\\:')
    writeFileSync(passfile, `${server.hostname}:${server.port}:${database}:${role}:${escaped}\n`, {
      mode: 0o600
    })
    const run = await backup('service=drillsvc', {
      PGSERVICEFILE: serviceFile,
      PGPASSFILE: passfile
    })
    expectAgreement(run)
  })

  it('from a keyword=value string with a quoted raw password', async () => {
    const quoted = PASSWORD.replace(/\\/g, '\\\\').replace(/'/g, "\\'")
    const run = await backup(
      `host=${server.hostname} port=${server.port} dbname=${database} user=${role} password='${quoted}'`
    )
    expectAgreement(run)
  })

  it('from a URL with the password percent-encoded, PGUSER/PGDATABASE in the environment ignored', async () => {
    const run = await backup(
      `postgres://${role}:${encodeURIComponent(PASSWORD)}@${server.host}/${database}`,
      { PGUSER: 'postgres', PGDATABASE: 'postgres', PGHOSTADDR: '192.0.2.1' }
    )
    // PGHOSTADDR is libpq's: the URL does not set hostaddr, so libpq would use it. We do too, and it is unreachable.
    expect(run.code).toBe(1)
    expectNoPassword(run.stdout, run.stderr)
    const direct = await backup(
      `postgres://${role}:${encodeURIComponent(PASSWORD)}@${server.host}/${database}`,
      { PGUSER: 'postgres', PGDATABASE: 'postgres' }
    )
    expectAgreement(direct)
  })

  it('hands pg_dump explicit keywords and an environment without inherited PG* variables', () => {
    const target = parseDatabaseUrl(
      'db-url',
      `postgres://${role}:${encodeURIComponent(PASSWORD)}@${server.host}/${database}?sslmode=disable`,
      {}
    )
    const saved = process.env.PGSERVICE
    process.env.PGSERVICE = 'elsewhere'
    try {
      const tool = libpqTool(target, { PGAPPNAME: 'test' })
      expect(tool.dbnameArg).toBe(
        `host='${server.hostname}' port='${server.port}' dbname='${database}' user='${role}' sslmode='disable' connect_timeout='15'`
      )
      expect(
        Object.keys(tool.env)
          .filter((key) => key.startsWith('PG'))
          .sort()
      ).toEqual(['PGAPPNAME', 'PGPASSWORD'])
      expect(tool.env.PGPASSWORD).toBe(PASSWORD)
    } finally {
      if (saved === undefined) delete process.env.PGSERVICE
      else process.env.PGSERVICE = saved
    }
  })
})

describe('passwords with @ : / ? # % & and unicode', () => {
  it('percent-encoded: backup and drill pass, and no output, manifest or log holds the password', async () => {
    const url = `postgres://${role}:${encodeURIComponent(PASSWORD)}@${server.host}/${database}`
    const run = await backup(url)
    expectAgreement(run)
    const scratch = await createDatabase('scratch')
    const scratchUrl = new URL(scratch)
    const logDir = tempDir()
    const drill = await runCliCaptured([
      'drill',
      '--backup',
      join(run.outDir, run.dump!),
      '--scratch-db-url',
      `postgres://postgres:${scratchUrl.password}@${scratchUrl.host}${scratchUrl.pathname}`,
      '--db-url',
      url,
      '--log-dir',
      logDir,
      '--smoke-command',
      'echo "$DATABASE_URL"; psql "$DATABASE_URL" -Atc "select 1"'
    ])
    expect(drill.code).toBe(0)
    const logs = readdirSync(logDir).map((file) => readFileSync(join(logDir, file), 'utf8'))
    expectNoPassword(drill.stdout, drill.stderr, ...logs)
  })

  it.each([
    ['a raw @', `${'Tr1cky'}@Pa${'ss'}Secret99`],
    ['a raw /', 'Tr1cky/PassSecret99'],
    ['a raw ?', 'Tr1cky?PassSecret99'],
    ['a raw #', 'Tr1cky#PassSecret99']
  ])(
    '%s in the password is ambiguous: refused (exit 2) without printing any of it',
    async (_name, raw) => {
      const run = await backup(`postgres://${role}:${raw}@${server.host}/${database}`)
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(/db-url: is ambiguous/)
      for (const piece of [raw, 'PassSecret99', 'PaSecret99', 'ssSecret99', 'Secret99']) {
        expect(run.stdout + run.stderr).not.toContain(piece)
      }
    }
  )

  it('?options= keeps its percent-encoded spaces and = for libpq (no + re-encoding)', async () => {
    const url = `postgres://${role}:${encodeURIComponent(PASSWORD)}@${server.host}/${database}?options=-c%20statement_timeout%3D0`
    expectAgreement(await backup(url))
  })

  it('an unknown URL parameter is bad input naming db-url', async () => {
    const run = await backup(`postgres://${role}@${server.host}/${database}?sslmod=require`)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/db-url: has an unsupported connection parameter "sslmod"/)
  })
})

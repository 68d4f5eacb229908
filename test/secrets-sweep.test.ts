import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { generateIdentity, identityToRecipient } from 'age-encryption'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { STDERR_TAIL_CHARS } from '../src/postgres/run-pg-tool.js'
import { runActionStep } from './support/action-runner.js'
import { createDatabase, createFixtureDatabase, serverUrl, withClient } from './support/database.js'
import { spawnCli } from './support/processes.js'
import { startS3Server, type S3TestServer } from './support/s3-server.js'

// The bar (issue: "Secrets never appear, whole or in part, raw or encoded, in
// logs, summaries, artifacts, manifests or errors"), checked in ONE sweep: the
// real CLI (a child process per command, so no run inherits another's masking)
// and the drill action go through the whole life cycle with distinctive
// secrets; then everything the runs produced is scanned for every secret:
// stdout/stderr, every file under the sweep's folder (backup sets, manifests,
// .sha256, drill and restore logs, status reports, the action's workspace,
// summary and outputs, TMPDIR of every run), every object of the S3 bucket
// (body and metadata), what the webhook, the heartbeat monitor and the GitHub
// API (the escalation issue) received, and the command lines of the processes
// the runs started. "In part": every substring of 8 characters or more of a
// secret, raw, URL-encoded (two ways), JSON-escaped, hex or base64 (at any
// alignment). A run per failure path too: wrong passwords, a wrong S3 key,
// malformed URLs holding the password, age key mistakes, a refused token.

const BUCKET = 'sweep-backups'
const PREFIX = 'sweep'

/** Random letters and digits: every window of 8 characters of a secret holds some of them. */
const rand = (n: number): string =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n)
    .padEnd(n, 'q')

/**
 * URL-special characters (@ / % : ? # & = +, and ! ' ( * that encodeURIComponent leaves as
 * they are) between random runs: the raw and encoded spellings differ.
 */
const DB_PASSWORD = `${rand(4)}@${rand(3)}/${rand(3)}%${rand(3)}:${rand(4)}?${rand(3)}#${rand(3)}&${rand(2)}=${rand(3)}!${rand(2)}'${rand(2)}(${rand(3)}*`
// A literal "%2F" in the password: decoding the raw password once gives another string;
// " and \ are spelled otherwise in JSON.
const SCRATCH_PASSWORD = `${rand(5)}:${rand(4)}@${rand(4)}%2F${rand(4)}/${rand(3)}"${rand(3)}\\${rand(4)}`
const WRONG_DB_PASSWORD = `${rand(4)}@${rand(4)}:${rand(4)}/${rand(6)}`
// Pasted raw into URLs that cannot be parsed (an invalid percent escape among @ / :).
const MALFORMED_PASSWORD = `${rand(4)}@${rand(4)}/${rand(4)}:${rand(4)}%zz${rand(4)}`
const WRONG_S3_SECRET = randomBytes(30).toString('base64')
const WEBHOOK_TOKEN = rand(24)
const HEARTBEAT_TOKEN = rand(20)
const GITHUB_TOKEN = `ghp_${rand(36)}`
const S3_SESSION_TOKEN = `IQoJb3JpZ2luX2Vj${rand(60)}`

interface Secret {
  name: string
  value: string
}

/** A string to look for, and what it is (secret and encoding). */
type Needles = Map<string, string>

const WINDOW = { text: 8, hex: 16, base64: 11 } as const

/** Every window (of the lengths the scan uses) of every encoding of every secret. */
function needlesOf(secrets: Secret[]): Needles {
  const needles: Needles = new Map()
  const add = (name: string, form: string, encoded: string, length: number) => {
    for (let i = 0; i + length <= encoded.length; i++)
      needles.set(encoded.slice(i, i + length), `${name} (${form})`)
  }
  for (const { name, value } of secrets) {
    add(name, 'raw', value, WINDOW.text)
    add(name, 'lower case', value.toLowerCase(), WINDOW.text)
    add(name, 'URL-encoded', encodeURIComponent(value), WINDOW.text)
    add(name, 'URL-encoded (strict)', strictEncode(value), WINDOW.text)
    add(name, 'URL-decoded', safeDecode(value), WINDOW.text)
    add(name, 'JSON-escaped', JSON.stringify(value).slice(1, -1), WINDOW.text)
    const hex = Buffer.from(value).toString('hex')
    add(name, 'hex', hex, WINDOW.hex)
    add(name, 'hex', hex.toUpperCase(), WINDOW.hex)
    // base64 of any substring: the encoding of the value from each of the 3 byte alignments,
    // without the last 4 characters (padding and the partial last group differ for a substring).
    for (let k = 0; k < 3; k++) {
      const bytes = Buffer.from(value.slice(k))
      add(name, 'base64', bytes.toString('base64').slice(0, -4), WINDOW.base64)
      add(name, 'base64url', bytes.toString('base64url').slice(0, -4), WINDOW.base64)
    }
  }
  return needles
}

/** Percent-encodes every character but letters, digits and - . _ ~ (as Python's quote(safe='') and PHP's rawurlencode do). */
const strictEncode = (value: string): string =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** Where `text` holds any needle: one finding per secret and place. */
function scan(where: string, text: string, needles: Needles): string[] {
  const found = new Map<string, string>()
  for (const length of new Set(Object.values(WINDOW))) {
    for (let i = 0; i + length <= text.length; i++) {
      const hit = needles.get(text.slice(i, i + length))
      if (hit !== undefined && !found.has(hit)) {
        const excerpt = JSON.stringify(text.slice(Math.max(0, i - 40), i + length + 40))
        found.set(hit, `${where}: ${hit} at ${i}: ${excerpt}`)
      }
    }
  }
  return [...found.values()]
}

/** Every file under `dir`, by path. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

/** A local HTTP server answering each request with `answer(method, url)`, recording each one. */
interface Recorder {
  base: string
  requests: Array<{ method: string; url: string; authorization: string; body: string }>
  server: Server
}
async function recorder(
  answer: (method: string, url: string) => [status: number, body: string]
): Promise<Recorder> {
  const requests: Recorder['requests'] = []
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        authorization: request.headers.authorization ?? '',
        body: Buffer.concat(chunks).toString('utf8')
      })
      const [status, body] = answer(request.method ?? '', request.url ?? '')
      response.writeHead(status, { 'content-type': 'application/json' }).end(body)
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return { base: `http://127.0.0.1:${port}`, requests, server }
}

let root: string // everything the runs write (scanned)
let keys: string // inputs this test writes that hold secrets (not scanned)
let s3: S3TestServer
let webhook: Recorder
let monitor: Recorder
let github: Recorder
let identity: string
let otherIdentity: string
let recipient: string
let productionUrl: string
let productionName: string
let secrets: Secret[]

/**
 * Command lines of the processes the runs started (pg_dump, pg_restore, psql, the smoke
 * shell ...), sampled every 50 ms while they run: `ps` shows them to every user. The CLI's
 * own (src/cli/index.ts: this test passes some secrets as flags on purpose) are left out.
 */
const commandLines = new Set<string>()
let sampler: NodeJS.Timeout | undefined
function sampleCommandLines(): void {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ')
      if (command.trim() !== '' && !command.includes('src/cli/index.ts')) commandLines.add(command)
    } catch {
      // The process ended while we looked.
    }
  }
}

/** What each run printed, by run name. */
const outputs: Array<{ run: string; stdout: string; stderr: string; code: number | null }> = []

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'secrets-sweep-'))
  keys = await mkdtemp(join(tmpdir(), 'secrets-sweep-keys-'))
  await mkdir(join(root, 'tmp'))
  ;[s3, webhook, monitor, github] = await Promise.all([
    startS3Server(),
    recorder(() => [500, '{"error":"internal"}']),
    // The status run's monitor answers 500 (a warning naming the ping, never its URL).
    recorder((_method, url) => [url.includes('/status') ? 500 : 200, 'OK']),
    // GitHub: the escalation issue is opened (its body is scanned); the Actions API refuses the token.
    recorder((method, url) =>
      url.startsWith('/repos/octo-org/app/issues')
        ? method === 'POST'
          ? [201, '{"number":7,"html_url":"http://github.test/octo-org/app/issues/7"}']
          : [200, '[]']
        : [401, '{"message":"Bad credentials"}']
    )
  ])
  await s3.createBucket(BUCKET)
  sampler = setInterval(sampleCommandLines, 50)
  identity = await generateIdentity()
  recipient = await identityToRecipient(identity)
  otherIdentity = await generateIdentity()
  await writeFile(join(keys, 'identity.txt'), `${identity}\n`, { mode: 0o600 })
  // age-keygen's layout, with a key the backups are not encrypted to.
  await writeFile(
    join(keys, 'other-identity.txt'),
    `# created: 2026-12-02T00:00:00Z\n# public key: ${await identityToRecipient(otherIdentity)}\n${otherIdentity}\n`,
    { mode: 0o600 }
  )

  const suffix = randomBytes(4).toString('hex')
  const [prodRole, scratchRole] = [`sweep_prod_${suffix}`, `sweep_scratch_${suffix}`]
  await withClient(serverUrl(), async (client) => {
    for (const [role, password] of [
      [prodRole, DB_PASSWORD],
      [scratchRole, SCRATCH_PASSWORD]
    ] as const)
      await client.query(
        `CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN SUPERUSER PASSWORD ${pg.escapeLiteral(password)}`
      )
  })
  const base = new URL(serverUrl())
  // Encoded as strictly as URL builders of other languages do (%21 for !): not encodeURIComponent's spelling.
  const urlOf = (role: string, password: string, database: string) =>
    `postgres://${role}:${strictEncode(password)}@${base.hostname}:${base.port}/${database}`
  const dbName = (url: string) => new URL(url).pathname.slice(1)
  const [production, scratchCli, scratchAction, restoreTarget] = await Promise.all([
    createFixtureDatabase({ users: 10 }),
    createDatabase('scratch'),
    createDatabase('scratch'),
    createDatabase('elsewhere')
  ])
  productionName = dbName(production)
  productionUrl = urlOf(prodRole, DB_PASSWORD, productionName)
  const scratchCliUrl = urlOf(scratchRole, SCRATCH_PASSWORD, dbName(scratchCli))
  const scratchActionUrl = urlOf(scratchRole, SCRATCH_PASSWORD, dbName(scratchAction))

  secrets = [
    { name: 'database password', value: DB_PASSWORD },
    { name: 'scratch password', value: SCRATCH_PASSWORD },
    { name: 'wrong database password', value: WRONG_DB_PASSWORD },
    { name: 'malformed-URL password', value: MALFORMED_PASSWORD },
    { name: 'S3 secret access key', value: s3.secretAccessKey },
    { name: 'wrong S3 secret access key', value: WRONG_S3_SECRET },
    // The key's data part: "AGE-SECRET-KEY-1" itself is public (help texts name it).
    { name: 'age identity', value: identity.slice('AGE-SECRET-KEY-1'.length) },
    { name: 'other age identity', value: otherIdentity.slice('AGE-SECRET-KEY-1'.length) },
    { name: 'webhook token', value: WEBHOOK_TOKEN },
    { name: 'heartbeat token', value: HEARTBEAT_TOKEN },
    { name: 'GitHub token', value: GITHUB_TOKEN },
    { name: 'S3 session token', value: S3_SESSION_TOKEN }
  ]

  const dirs = {
    backups: join(root, 'backups'),
    staging: join(root, 's3-staging'),
    drillLogs: join(root, 'drill-logs'),
    restoreLogs: join(root, 'restore-logs'),
    failures: join(root, 'failures')
  }
  const heartbeat = (check: string) => `${monitor.base}/ping/${HEARTBEAT_TOKEN}/${check}`
  const webhookUrl = `${webhook.base}/services/T0SWEEP/B0SWEEP/${WEBHOOK_TOKEN}`
  // Every run: its temp folder under root (scanned), a GitHub token in the environment as on a runner.
  const common = { TMPDIR: join(root, 'tmp'), GITHUB_TOKEN, GITHUB_API_URL: github.base }
  const s3Env = {
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    AWS_SESSION_TOKEN: S3_SESSION_TOKEN,
    AWS_REGION: s3.region
  }
  const s3Flags = [
    '--store',
    's3',
    '--s3-bucket',
    BUCKET,
    '--s3-endpoint',
    s3.endpoint,
    '--s3-force-path-style',
    'true'
  ]
  const cli = async (run: string, args: string[], env: NodeJS.ProcessEnv = {}) => {
    const result = await spawnCli(args, { ...common, ...env }).done
    outputs.push({ run, stdout: result.stdout, stderr: result.stderr, code: result.code })
  }
  const backupS3 = (run: string, dbUrl: string) =>
    cli(
      run,
      [
        'backup',
        '--db-url',
        dbUrl,
        '--schemas',
        'public,auth',
        '--prefix',
        PREFIX,
        '--out-dir',
        dirs.staging,
        '--encrypt-recipients',
        recipient,
        ...s3Flags,
        '--verbose'
      ],
      s3Env
    )

  // 1. Two backups: a folder (URL from the environment, heartbeat) and the bucket (URL as a flag).
  await Promise.all([
    cli(
      'backup (directory)',
      [
        'backup',
        '--schemas',
        'public,auth',
        '--prefix',
        PREFIX,
        '--out-dir',
        dirs.backups,
        '--encrypt-recipients',
        recipient,
        '--content-hash',
        'true',
        '--heartbeat-url',
        heartbeat('backup'),
        '--verbose'
      ],
      { BACKUP_DRILL_DB_URL: productionUrl }
    ),
    backupS3('backup (s3) 1', productionUrl)
  ])
  // 2. A second set in the bucket (for prune), verify, and the CLI drill of the folder's set.
  await Promise.all([
    // The password as a query parameter.
    backupS3(
      'backup (s3) 2',
      `postgres://${prodRole}@${base.hostname}:${base.port}/${productionName}?password=${strictEncode(DB_PASSWORD)}`
    ),
    cli('verify (directory)', [
      'verify',
      '--out-dir',
      dirs.backups,
      '--prefix',
      PREFIX,
      '--decrypt-identity',
      join(keys, 'identity.txt'),
      '--verbose'
    ]),
    cli(
      'drill (directory)',
      [
        'drill',
        '--out-dir',
        dirs.backups,
        '--prefix',
        PREFIX,
        '--scratch-db-url',
        scratchCliUrl,
        '--log-dir',
        dirs.drillLogs,
        '--jobs',
        '2',
        '--heartbeat-url',
        heartbeat('drill'),
        // A smoke test that prints the URL it was given, then so much that the 16 KB tail the
        // drill keeps of its output (the drill log) begins 11 characters before the URL's @:
        // inside the password.
        '--smoke-command',
        `u="$SCRATCH_DB_URL"; after="\${u#*@}"; printf '%s' "$u"; head -c $((${STDERR_TAIL_CHARS} - \${#after} - 12)) /dev/zero | tr '\\0' .`,
        '--verbose'
      ],
      // Production in libpq's keyword=value form, the password quoted (' and \ escaped).
      {
        BACKUP_DRILL_DB_URL: `host=${base.hostname} port=${base.port} dbname=${productionName} user=${prodRole} password='${DB_PASSWORD.replace(/[\\']/g, (c) => `\\${c}`)}'`,
        BACKUP_DRILL_AGE_IDENTITY: identity
      }
    )
  ])
  // 3. The drill action from the bucket (an RTO of 0 escalates: webhook answering 500, the
  //    escalation issue against a GitHub API answering 401), and a restore elsewhere.
  const [action] = await Promise.all([
    runActionStep('src/actions/entries/drill.ts', {
      workDir: root,
      inputs: {
        'scratch-db-url': scratchActionUrl,
        'db-url': productionUrl,
        store: 's3',
        prefix: PREFIX,
        's3-bucket': BUCKET,
        's3-endpoint': s3.endpoint,
        's3-force-path-style': 'true',
        's3-region': s3.region,
        's3-access-key-id': s3.accessKeyId,
        's3-secret-access-key': s3.secretAccessKey,
        'decrypt-identity': identity,
        jobs: '2',
        'rto-minutes': '0',
        // A failing smoke test that prints its URL: smoke-failed, its output in the log and the notices.
        'smoke-command': 'echo "cannot log in to $DATABASE_URL" >&2; exit 3',
        upload: 'artifact',
        'heartbeat-url': heartbeat('drill-action'),
        'webhook-url': webhookUrl,
        'escalation-issue': 'true',
        'github-token': GITHUB_TOKEN
      },
      env: {
        GITHUB_API_URL: github.base,
        GITHUB_REPOSITORY: 'octo-org/app',
        GITHUB_RUN_ID: '4242',
        RUNNER_DEBUG: '1'
      }
    }),
    // The password from PGPASSWORD (libpq's variable), not in the URL.
    cli(
      'restore (elsewhere)',
      [
        'restore',
        '--db-url',
        `postgres://${prodRole}@${base.hostname}:${base.port}/${dbName(restoreTarget)}`,
        '--project-ref',
        'local',
        '--confirm',
        dbName(restoreTarget),
        '--restore-elsewhere',
        'true',
        '--out-dir',
        dirs.backups,
        '--prefix',
        PREFIX,
        '--decrypt-identity',
        join(keys, 'identity.txt'),
        '--log-dir',
        dirs.restoreLogs,
        '--jobs',
        '2',
        '--smoke-command',
        'echo "restored $DATABASE_URL"',
        '--verbose'
      ],
      { PGPASSWORD: DB_PASSWORD }
    )
  ])
  outputs.push({
    run: 'drill action',
    // The runner masks the values of ::add-mask:: lines; those lines are not in its log.
    stdout: action.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
    stderr: action.stderr,
    code: action.exitCode
  })
  // 4. Status reports, prune, and the failure paths.
  const badHost = `${base.hostname}:${base.port}`
  await Promise.all([
    cli(
      'status --report (s3)',
      [
        'status',
        ...s3Flags,
        '--prefix',
        PREFIX,
        '--report',
        join(root, 'status-s3.html'),
        '--heartbeat-url',
        heartbeat('status'),
        '--json',
        '--verbose'
      ],
      s3Env
    ),
    cli('status --report (directory)', [
      'status',
      '--out-dir',
      dirs.backups,
      '--prefix',
      PREFIX,
      '--log-dir',
      dirs.drillLogs,
      '--report',
      join(root, 'status-directory.html'),
      '--verbose'
    ]),
    cli(
      'prune --no-dry-run (s3)',
      [
        'prune',
        ...s3Flags,
        '--prefix',
        PREFIX,
        '--keep-last',
        '1',
        '--keep-daily',
        '0',
        '--keep-monthly',
        '0',
        '--no-dry-run',
        '--verbose'
      ],
      s3Env
    ),
    cli('backup: wrong password', [
      'backup',
      '--db-url',
      urlOf(prodRole, WRONG_DB_PASSWORD, productionName),
      '--out-dir',
      join(dirs.failures, 'wrong-password'),
      '--json',
      '--verbose'
    ]),
    cli(
      'status: wrong S3 secret key',
      ['status', ...s3Flags, '--prefix', PREFIX, '--json', '--verbose'],
      {
        ...s3Env,
        AWS_SECRET_ACCESS_KEY: WRONG_S3_SECRET
      }
    ),
    // The password pasted raw (its @ / % : unencoded).
    cli('backup: malformed db-url (raw password)', [
      'backup',
      '--db-url',
      `postgres://${prodRole}:${DB_PASSWORD}@${badHost}/${productionName}`,
      '--out-dir',
      join(dirs.failures, 'malformed-raw')
    ]),
    cli('backup: malformed db-url (raw @ / : %zz)', [
      'backup',
      '--db-url',
      `postgres://${prodRole}:${MALFORMED_PASSWORD}@${badHost}/${productionName}`,
      '--out-dir',
      join(dirs.failures, 'malformed-escape')
    ]),
    cli(
      'backup: malformed db-url (unterminated quote)',
      ['backup', '--out-dir', join(dirs.failures, 'malformed-quote')],
      {
        BACKUP_DRILL_DB_URL: `host=${base.hostname} port=${base.port} dbname=${productionName} user=${prodRole} password='${MALFORMED_PASSWORD}`
      }
    ),
    cli('backup: db-url with a misspelled password parameter', [
      'backup',
      '--db-url',
      `postgres://${prodRole}@${badHost}/${productionName}?pasword=${encodeURIComponent(MALFORMED_PASSWORD)}`,
      '--out-dir',
      join(dirs.failures, 'misspelled')
    ]),
    cli(
      'drill: scratch is production',
      ['drill', '--out-dir', dirs.backups, '--prefix', PREFIX, '--log-dir', dirs.failures],
      { BACKUP_DRILL_SCRATCH_DB_URL: productionUrl, BACKUP_DRILL_DB_URL: productionUrl }
    ),
    cli(
      'drill: wrong scratch password',
      [
        'drill',
        '--out-dir',
        dirs.backups,
        '--prefix',
        PREFIX,
        '--log-dir',
        join(dirs.failures, 'drill-logs'),
        '--decrypt-identity',
        join(keys, 'identity.txt'),
        '--verbose'
      ],
      { BACKUP_DRILL_SCRATCH_DB_URL: urlOf(scratchRole, WRONG_DB_PASSWORD, dbName(scratchCli)) }
    ),
    // The identity with its checksum broken (the last character changed).
    cli('verify: corrupted identity', [
      'verify',
      '--out-dir',
      dirs.backups,
      '--prefix',
      PREFIX,
      '--decrypt-identity',
      identity.slice(0, -1) + (identity.endsWith('Q') ? 'P' : 'Q')
    ]),
    cli('verify: identity the backup is not encrypted to', [
      'verify',
      '--out-dir',
      dirs.backups,
      '--prefix',
      PREFIX,
      '--decrypt-identity',
      join(keys, 'other-identity.txt'),
      '--json'
    ]),
    // The secret key pasted where the public key belongs.
    cli('backup: identity given as a recipient', [
      'backup',
      '--db-url',
      productionUrl,
      '--out-dir',
      join(dirs.failures, 'identity-as-recipient'),
      '--encrypt-recipients',
      `${recipient},${identity}`
    ]),
    cli('verify: GitHub token refused (401)', [
      'verify',
      '--artifact-name',
      PREFIX,
      '--repository',
      'octo-org/app',
      '--github-token',
      GITHUB_TOKEN
    ])
  ])
  clearInterval(sampler)
}, 120_000)

afterAll(async () => {
  clearInterval(sampler)
  await s3?.stop()
  for (const { server } of [webhook, monitor, github].filter(Boolean)) {
    server.closeAllConnections()
    await new Promise((done) => server.close(done))
  }
  await rm(root, { recursive: true, force: true })
  await rm(keys, { recursive: true, force: true })
})

describe('secrets sweep: the whole life cycle, every output, every spelling', () => {
  it('the scan finds a planted secret in any spelling and in part', () => {
    const needles = needlesOf([{ name: 'pw', value: DB_PASSWORD }])
    const part = DB_PASSWORD.slice(3, 12)
    const spellings = [
      DB_PASSWORD,
      encodeURIComponent(DB_PASSWORD),
      JSON.stringify({ p: DB_PASSWORD }),
      Buffer.from(`x${DB_PASSWORD}`).toString('base64'),
      Buffer.from(`xy${part}`).toString('base64url'),
      Buffer.from(DB_PASSWORD).toString('hex'),
      Buffer.from(part).toString('hex').toUpperCase(),
      part
    ]
    for (const text of spellings) expect(scan('planted', `...${text}...`, needles)).not.toEqual([])
    expect(scan('clean', 'postgres://user:***@127.0.0.1:5432/db', needles)).toEqual([])
  })

  it('every run did what it was asked (the sweep covers real work and real failures)', () => {
    const codes = Object.fromEntries(outputs.map(({ run, code }) => [run, code]))
    expect(codes).toEqual({
      'backup (directory)': 0,
      'backup (s3) 1': 0,
      'backup (s3) 2': 0,
      'verify (directory)': 0,
      'drill (directory)': 0,
      'restore (elsewhere)': 0,
      'drill action': 1, // smoke-failed, rto-exceeded
      'status --report (s3)': 1, // drill-overdue: the action's drill failed
      'status --report (directory)': 0,
      'prune --no-dry-run (s3)': 0,
      'backup: wrong password': 1,
      'status: wrong S3 secret key': 1,
      'backup: malformed db-url (raw password)': 2,
      'verify: GitHub token refused (401)': 1,
      'backup: malformed db-url (raw @ / : %zz)': 2,
      'backup: malformed db-url (unterminated quote)': 2,
      'backup: db-url with a misspelled password parameter': 2,
      'drill: scratch is production': 2,
      'verify: corrupted identity': 2,
      'verify: identity the backup is not encrypted to': 1,
      'backup: identity given as a recipient': 2,
      'drill: wrong scratch password': 1
    })
    const stderr = (run: string) => outputs.find((output) => output.run === run)!.stderr
    const stdout = (run: string) => outputs.find((output) => output.run === run)!.stdout
    expect(stderr('backup: wrong password')).toMatch(/password authentication failed/)
    expect(stderr('status: wrong S3 secret key')).toMatch(/SignatureDoesNotMatch/)
    expect(stdout('drill: wrong scratch password')).toMatch(/password authentication failed/)
    expect(stderr('verify: GitHub token refused (401)')).toMatch(/GitHub rejected the token/)
    // Each secret was really used: the monitor, the webhook (500, then the retry) and the API saw them.
    expect(monitor.requests.map((r) => r.url)).toEqual(
      expect.arrayContaining([
        `/ping/${HEARTBEAT_TOKEN}/backup/start`,
        `/ping/${HEARTBEAT_TOKEN}/drill`,
        `/ping/${HEARTBEAT_TOKEN}/drill-action/fail`,
        `/ping/${HEARTBEAT_TOKEN}/status/fail`
      ])
    )
    expect(webhook.requests.map((r) => r.url)).toEqual([
      `/services/T0SWEEP/B0SWEEP/${WEBHOOK_TOKEN}`,
      `/services/T0SWEEP/B0SWEEP/${WEBHOOK_TOKEN}`
    ])
    expect(github.requests.some((r) => r.authorization.includes(GITHUB_TOKEN))).toBe(true)
    // The escalation issue was opened with the run summary (the failing smoke test's output in it).
    expect(stdout('drill action')).toContain('Escalation issue opened: #7')
    const issue = github.requests.find((r) => r.method === 'POST')
    expect(issue?.body).toMatch(/cannot log in to postgresql:\/\/sweep_scratch_\w+:\*\*\*@/)
  })

  it("the drill log keeps the smoke output's 16 KB tail, cut inside the password: that part masked", async () => {
    // Before the fix the log held the password's last 11 characters (TextTail cut, then maskSecrets).
    const [log] = (await readdir(join(root, 'drill-logs'))).filter((name) => name.endsWith('.json'))
    const { smoke } = JSON.parse(await readFile(join(root, 'drill-logs', log!), 'utf8')) as {
      smoke: { output: string }
    }
    expect(smoke.output).toMatch(/^\*\*\*@127\.0\.0\.1:\d+\/scratch_\w+\?sslmode=prefer\.+$/)
  })

  it('no secret, whole or in part, raw or encoded, in any output, file, object, request or command line', async () => {
    const needles = needlesOf(secrets)
    if (process.env.SWEEP_DUMP)
      await writeFile(process.env.SWEEP_DUMP, JSON.stringify(outputs, null, 1))
    const findings: string[] = []
    for (const { run, stdout, stderr } of outputs) {
      findings.push(...scan(`${run} stdout`, stdout, needles))
      findings.push(...scan(`${run} stderr`, stderr, needles))
    }
    const files = await filesUnder(root)
    for (const file of files)
      findings.push(...scan(file.slice(root.length), await readFile(file, 'latin1'), needles))
    // What the CLI wrote: sets, manifests, .sha256, drill + restore logs, reports, the action's files.
    const names = files.map((file) => file.slice(root.length))
    for (const pattern of [
      /^\/backups\/.+\.dump\.age$/,
      /^\/backups\/.+\.sha256$/,
      /^\/backups\/.+\.manifest\.json$/,
      /^\/drill-logs\/.+\.json$/,
      /^\/drill-logs\/.+\.md$/,
      /^\/restore-logs\/.+\.json$/,
      /^\/restore-logs\/.+\.md$/,
      /^\/status-s3\.html$/,
      /^\/status-directory\.html$/,
      /^\/drill-.+\/step-summary\.md$/,
      /^\/drill-.+\/github-output$/
    ])
      expect(names.filter((name) => pattern.test(name))).not.toEqual([])

    const client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
    })
    const keysInBucket: string[] = []
    let token: string | undefined
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token })
      )
      keysInBucket.push(...(page.Contents ?? []).map((object) => object.Key!))
      token = page.NextContinuationToken
    } while (token)
    for (const key of keysInBucket) {
      const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
      const body = Buffer.from(await object.Body!.transformToByteArray()).toString('latin1')
      findings.push(...scan(`s3://${BUCKET}/${key}`, body, needles))
      findings.push(
        ...scan(`s3://${BUCKET}/${key} metadata`, JSON.stringify(object.Metadata), needles)
      )
    }
    client.destroy()
    // One set left after prune, and the drill action's log in the bucket.
    expect(keysInBucket.filter((key) => key.endsWith('.manifest.json'))).toHaveLength(1)
    expect(keysInBucket.some((key) => key.includes('/drill-logs/'))).toBe(true)

    for (const { url, body } of webhook.requests)
      findings.push(...scan(`webhook ${url}`, body, needles))
    for (const { body } of monitor.requests) findings.push(...scan('heartbeat body', body, needles))
    // The libpq tools' command lines (passwords go through their environment, never argv).
    expect([...commandLines].some((command) => /pg_restore|pg_dump/.test(command))).toBe(true)
    for (const command of commandLines)
      findings.push(...scan(`command line ${command}`, command, needles))
    for (const { url, body } of github.requests)
      findings.push(...scan(`GitHub API ${url}`, `${url}\n${body}`, needles))
    expect(findings).toEqual([])
  })
})

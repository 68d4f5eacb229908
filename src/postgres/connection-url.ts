import { existsSync } from 'node:fs'
import { isIP } from 'node:net'
import { homedir, userInfo } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../errors.js'
import { registerSecret } from '../secrets.js'
import { CONNINFO_KEYWORDS, parseConninfo, type ConninfoKeyword } from './conninfo.js'
import { passwordFromFile, readService } from './libpq-files.js'

export const SSL_MODES = [
  'disable',
  'allow',
  'prefer',
  'require',
  'verify-ca',
  'verify-full'
] as const
export type SslMode = (typeof SSL_MODES)[number]

/**
 * One database a connection string denotes, resolved ONCE with libpq's rules:
 * the string (URL or keyword=value), then its service entry (pg_service.conf),
 * then the PG* environment, then libpq's defaults, then .pgpass. Every
 * consumer (node-postgres, pg_dump, pg_restore, psql, a smoke command) gets
 * these explicit values and an environment without other PG* variables, so
 * no tool can resolve a different server, database, role or TLS mode.
 */
export interface DatabaseTarget {
  /** The input it came from (named in errors). */
  readonly inputName: string
  /** Host name, IP address, or unix-socket directory (starts with /). */
  readonly host: string
  /** Numeric address to connect to instead of resolving `host` (libpq hostaddr). */
  readonly hostaddr: string | undefined
  readonly port: number
  readonly database: string
  readonly user: string
  /** Never log it: registered as a secret the moment it is known. */
  readonly password: string | undefined
  readonly sslmode: SslMode
  /** CA file (or `system`) used to verify the server; libpq's default ~/.postgresql/root.crt made explicit. */
  readonly sslrootcert: string | undefined
  readonly sslcert: string | undefined
  readonly sslkey: string | undefined
  /** Server options (`-c name=value ...`). */
  readonly options: string | undefined
  readonly connectTimeoutSeconds: number
  /** `postgres://user@host:port/database`: built from the parts, so no password spelling can be in it. */
  readonly display: string
  /** `host:port/database`: no user, no password; what logs and drill logs name. */
  readonly location: string
}

const EXAMPLE = 'postgres://USER:PASSWORD@HOST:5432/DATABASE'
const DEFAULT_CONNECT_TIMEOUT = 15

/**
 * Parses and resolves a connection string given through `inputName` (URL or
 * keyword=value, libpq syntax), registering every password it meets as a
 * secret. Throws InputError naming the input (never its value) before any
 * connection is made.
 */
export function parseDatabaseUrl(
  inputName: string,
  raw: string | undefined,
  env: NodeJS.ProcessEnv = process.env
): DatabaseTarget {
  const value = (raw ?? '').trim()
  // Empty is refused even though libpq would take everything from PG*: an unset secret must not become "whatever the environment says".
  if (!value) throw new InputError(inputName, `is empty: pass a PostgreSQL URL like ${EXAMPLE}`)
  const given = parseConninfo(inputName, value)
  const serviceName = given.get('service') ?? (env.PGSERVICE || undefined)
  const service = serviceName ? readService(inputName, serviceName, env) : new Map()
  // libpq's precedence: the string, then the service entry, then the environment variable.
  const pick = (key: ConninfoKeyword): string | undefined =>
    given.get(key) ?? service.get(key) ?? env[CONNINFO_KEYWORDS[key]]
  // An empty value means libpq's built-in default, never the next source.
  const nonEmpty = (key: ConninfoKeyword) => pick(key) || undefined

  const host = nonEmpty('host') ?? defaultSocketDir()
  const hostaddr = nonEmpty('hostaddr')
  if (hostaddr !== undefined && isIP(hostaddr) === 0) {
    throw new InputError(
      inputName,
      `has hostaddr "${hostaddr}", which is not a numeric IP address: use host= for names`
    )
  }
  const portText = nonEmpty('port') ?? '5432'
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw new InputError(
      inputName,
      `has an invalid port "${portText}": use a number from 1 to 65535`
    )
  }
  const user = nonEmpty('user') ?? userInfo().username
  const database = nonEmpty('dbname') ?? user
  const sslmodeText = nonEmpty('sslmode') ?? 'prefer'
  if (!(SSL_MODES as readonly string[]).includes(sslmodeText)) {
    throw new InputError(
      inputName,
      `has an invalid sslmode "${sslmodeText}": use one of ${SSL_MODES.join(', ')}`
    )
  }
  const sslmode = sslmodeText as SslMode
  const timeoutText = nonEmpty('connect_timeout')
  if (timeoutText !== undefined && !/^\d+$/.test(timeoutText)) {
    throw new InputError(
      inputName,
      `has an invalid connect_timeout "${timeoutText}": use whole seconds`
    )
  }
  // libpq treats 0 as "wait forever" and raises 1 to 2; forever is never what a scheduled job wants.
  const connectTimeoutSeconds =
    timeoutText && Number(timeoutText) > 0
      ? Math.max(2, Number(timeoutText))
      : DEFAULT_CONNECT_TIMEOUT

  const tls = resolveTlsFiles(inputName, sslmode, {
    sslrootcert: nonEmpty('sslrootcert'),
    sslcert: nonEmpty('sslcert'),
    sslkey: nonEmpty('sslkey')
  })

  let password = pick('password')
  registerSecret(password)
  if (password === undefined) {
    const passfile = nonEmpty('passfile') ?? join(homedir(), '.pgpass')
    // libpq matches .pgpass on the host name; the default socket directory counts as "localhost".
    const passHost = host === defaultSocketDir() ? 'localhost' : host
    password = passwordFromFile(passfile, { host: passHost, port: String(port), database, user })
    registerSecret(password)
  }

  return {
    inputName,
    host,
    hostaddr,
    port,
    database,
    user,
    password,
    sslmode,
    ...tls,
    options: nonEmpty('options'),
    connectTimeoutSeconds,
    display: `postgres://${encodeURIComponent(user)}@${urlHost(host)}:${port}/${encodeURIComponent(database)}`,
    location: `${host}:${port}/${database}`
  }
}

/** True when the target is a unix-socket directory (TLS never applies there). */
export function isSocketTarget(target: Pick<DatabaseTarget, 'host' | 'hostaddr'>): boolean {
  return (
    target.hostaddr === undefined && (target.host.startsWith('/') || target.host.startsWith('@'))
  )
}

/**
 * The one form libpq tools get: a keyword=value conninfo for --dbname (no
 * password: argv is visible in `ps`) and a complete child environment with
 * every inherited PG* variable removed (PGHOSTADDR, PGSERVICE, PGDATABASE, ...
 * would otherwise override or fill in what we resolved) and the password in
 * PGPASSWORD. Spawn with exactly `env` (plus `extraEnv`), never with process.env.
 */
export function libpqTool(
  target: DatabaseTarget,
  extraEnv: Record<string, string> = {}
): { dbnameArg: string; env: Record<string, string> } {
  const pairs: Array<[string, string | undefined]> = [
    ['host', target.host],
    ['hostaddr', target.hostaddr],
    ['port', String(target.port)],
    ['dbname', target.database],
    ['user', target.user],
    ['sslmode', target.sslmode],
    ['sslrootcert', target.sslrootcert],
    ['sslcert', target.sslcert],
    ['sslkey', target.sslkey],
    ['options', target.options],
    ['connect_timeout', String(target.connectTimeoutSeconds)]
  ]
  const dbnameArg = pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([key, value]) => `${key}='${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)
    .join(' ')
  const env = withoutLibpqEnvironment(process.env)
  if (target.password !== undefined) env.PGPASSWORD = target.password
  return { dbnameArg, env: { ...env, ...extraEnv } }
}

/** A copy of `env` without any PG* variable (libpq reads them all as defaults). */
export function withoutLibpqEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const copy: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !key.startsWith('PG')) copy[key] = value
  }
  return copy
}

/**
 * A postgres:// URL with every resolved part explicit (password included):
 * what a smoke command gets as SCRATCH_DB_URL / DATABASE_URL, in an
 * environment without PG* variables, so psql or an app resolves the same target.
 */
export function explicitUrl(target: DatabaseTarget): string {
  const socket = isSocketTarget(target)
  const userinfo =
    encodeURIComponent(target.user) +
    (target.password !== undefined ? `:${encodeURIComponent(target.password)}` : '')
  const params = new URLSearchParams()
  if (socket) params.set('host', target.host)
  if (target.hostaddr) params.set('hostaddr', target.hostaddr)
  params.set('sslmode', target.sslmode)
  if (target.sslrootcert) params.set('sslrootcert', target.sslrootcert)
  if (target.sslcert) params.set('sslcert', target.sslcert)
  if (target.sslkey) params.set('sslkey', target.sslkey)
  if (target.options) params.set('options', target.options)
  // URLSearchParams writes spaces as +, which libpq reads literally: use %20.
  const query = params.toString().replace(/\+/g, '%20')
  return `postgresql://${userinfo}@${socket ? 'localhost' : urlHost(target.host)}:${target.port}/${encodeURIComponent(target.database)}?${query}`
}

/** libpq's compiled-in socket directory: Debian/Ubuntu builds use /var/run/postgresql, upstream /tmp. */
export function defaultSocketDir(): string {
  return existsSync('/var/run/postgresql') ? '/var/run/postgresql' : '/tmp'
}

function urlHost(host: string): string {
  if (host.startsWith('/') || host.startsWith('@')) return encodeURIComponent(host)
  return host.includes(':') ? `[${host}]` : host
}

/**
 * The certificate files libpq would use, made explicit: a verify-* mode needs
 * a CA (sslrootcert, or libpq's default ~/.postgresql/root.crt), and any file
 * named must exist. Checked here so a missing file is bad input, not a
 * connection failure halfway through.
 */
function resolveTlsFiles(
  inputName: string,
  sslmode: SslMode,
  given: {
    sslrootcert: string | undefined
    sslcert: string | undefined
    sslkey: string | undefined
  }
): Pick<DatabaseTarget, 'sslrootcert' | 'sslcert' | 'sslkey'> {
  const dir = join(homedir(), '.postgresql')
  const defaultRoot = join(dir, 'root.crt')
  let sslrootcert = given.sslrootcert
  if (sslrootcert === undefined && sslmode !== 'disable' && existsSync(defaultRoot)) {
    sslrootcert = defaultRoot
  }
  if (sslrootcert === undefined && (sslmode === 'verify-ca' || sslmode === 'verify-full')) {
    throw new InputError(
      inputName,
      `has sslmode=${sslmode} but no sslrootcert: add sslrootcert=/path/to/ca.crt (the CA that signed the server certificate) or sslrootcert=system for public CAs`
    )
  }
  if (sslrootcert !== undefined && sslrootcert !== 'system' && !existsSync(sslrootcert)) {
    throw new InputError(
      inputName,
      `names sslrootcert ${sslrootcert}, which does not exist: pass the path of the CA certificate file`
    )
  }
  const defaultCert = join(dir, 'postgresql.crt')
  const defaultKey = join(dir, 'postgresql.key')
  const sslcert = given.sslcert ?? (existsSync(defaultCert) ? defaultCert : undefined)
  const sslkey = given.sslkey ?? (sslcert && existsSync(defaultKey) ? defaultKey : undefined)
  for (const [name, file] of [
    ['sslcert', sslcert],
    ['sslkey', sslkey]
  ] as const) {
    if (file !== undefined && !existsSync(file)) {
      throw new InputError(
        inputName,
        `names ${name} ${file}, which does not exist: pass the path of the client certificate/key file`
      )
    }
  }
  if ((sslcert === undefined) !== (sslkey === undefined)) {
    throw new InputError(
      inputName,
      'has sslcert without sslkey (or the reverse): pass both for a client certificate'
    )
  }
  return { sslrootcert, sslcert, sslkey }
}

import { InputError } from '../errors.js'
import { registerSecret } from '../secrets.js'

/**
 * The drill's production guard: decides, from the connection strings alone and
 * before any connection is opened, whether the scratch target is (or may be)
 * the production database. The drill restores with --clean, so a false "not
 * production" destroys data while a false "production" only stops a drill:
 * every ambiguity is resolved towards "same target".
 *
 * Parsing follows libpq (not WHATWG URL), because pg_restore is what writes:
 * percent-encoding in every part, `?host=&hostaddr=&port=&dbname=&user=`
 * parameters overriding the URI parts, comma-separated host lists, unix-socket
 * directories as hosts, and dbname defaulting to the user name.
 *
 * What a pure check cannot see (documented limits): DNS (a name and the IP it
 * resolves to look different), the machine's own host name, pg_service.conf,
 * and port forwarding. After connecting, comparing `system_identifier`
 * (pg_control_system()) and current_database() with production settles it.
 */

/** One server+database a connection string denotes, with every spelling of its host. */
export interface NormalizedTarget {
  /** Every spelling that denotes this host (lower case, canonical IPs; all loopback spellings for a local server). */
  hosts: string[]
  port: number
  /** Database name, case-sensitive as PostgreSQL treats it. Defaults to the user name, as libpq does. */
  database: string
  /** User name (libpq default when absent: see TargetDefaults.user). */
  user: string
  /** Supabase project ref, from `db.<ref>.supabase.co` or the pooler user `postgres.<ref>`. */
  projectRef?: string
  /** `host:port/database`: no user, no password; safe for messages. */
  display: string
}

/**
 * What libpq would use for parts the URL leaves out (PGHOST, PGPORT, PGUSER,
 * PGDATABASE or the OS user). Passed in so the module stays pure; without them
 * a missing host is the local socket, the port 5432 and the user `postgres`.
 */
export interface TargetDefaults {
  host?: string
  port?: number
  user?: string
  database?: string
}

export interface NormalizeOptions {
  /** Input named in errors (default `scratch-db-url`). */
  inputName?: string
  defaults?: TargetDefaults
}

export interface ScratchGuardOptions {
  /** Where the drill is about to restore (with --clean). */
  scratchUrl: string
  /** The backup's source database, when the drill knows it. */
  productionUrl?: string
  /** The production Supabase project ref (manifest `projectRef` / input `project-ref`). */
  projectRef?: string
  defaults?: TargetDefaults
}

const SCRATCH_INPUT = 'scratch-db-url'
const PRODUCTION_INPUT = 'db-url'
const DEFAULT_PORT = 5432
/** Canonical spellings shared by every local target (TCP loopback or unix socket). */
const LOOPBACK = ['localhost', '127.0.0.1', '::1']
const SUPABASE_DIRECT = /^(?:db\.)?([a-z0-9]+)\.supabase\.co$/
const SUPABASE_POOLER = /\.pooler\.supabase\.com$/

/**
 * Throws InputError (input `scratch-db-url`) when the scratch target is, or may
 * be, production: same host (any spelling) + port + database as `productionUrl`,
 * the same Supabase project, or a scratch URL mentioning the production project
 * ref anywhere (host, user, database, parameters). Another database on the
 * production server is allowed. Messages never contain credentials.
 */
export function assertScratchIsNotProduction(options: ScratchGuardOptions): void {
  const { scratchUrl, productionUrl, defaults } = options
  const scratch = parseConnectionUri(scratchUrl, SCRATCH_INPUT)
  if (scratch.params.has('service')) {
    throw refusal(
      'uses service=, which names a pg_service.conf entry the drill cannot resolve before connecting, so it cannot prove the target is not production: spell out host, port and dbname'
    )
  }
  const scratchTargets = endpointsOf(scratch, SCRATCH_INPUT, defaults)

  const refs = new Set<string>()
  if (options.projectRef?.trim()) refs.add(options.projectRef.trim().toLowerCase())

  if (productionUrl !== undefined) {
    const production = parseConnectionUri(productionUrl, PRODUCTION_INPUT)
    if (production.params.has('service')) {
      throw refusal(
        `cannot be compared with ${PRODUCTION_INPUT}, which uses service= (a pg_service.conf entry): spell out host, port and dbname in ${PRODUCTION_INPUT}`
      )
    }
    const productionTargets = endpointsOf(production, PRODUCTION_INPUT, defaults)
    for (const target of productionTargets) if (target.projectRef) refs.add(target.projectRef)
    for (const s of scratchTargets) {
      for (const p of productionTargets) {
        if (isSameTarget(s, p)) {
          const why =
            s.projectRef && s.projectRef === p.projectRef
              ? `the same Supabase project (${s.projectRef})`
              : `the same server and database as ${PRODUCTION_INPUT} (${p.display})`
          throw refusal(
            `points at production: ${s.display} is ${why}. The drill restores with --clean and would overwrite it: create a scratch database (another database on the same server is fine) or a scratch Supabase project and pass its URL`
          )
        }
      }
    }
  }

  for (const ref of refs) {
    const s = scratchTargets.find((target) => target.projectRef === ref)
    if (s || mentions(searchableText(scratch), ref)) {
      throw refusal(
        `mentions the production project ref "${ref}"${s ? ` (${s.display})` : ''}: the scratch target must be a different project or server. Pass the URL of a scratch project or database`
      )
    }
  }
}

/**
 * Canonical form of a single-host connection URL. Throws InputError naming
 * `options.inputName` when the URL is malformed or lists several hosts (use
 * normalizeTargets for libpq failover lists).
 */
export function normalizeTarget(url: string, options: NormalizeOptions = {}): NormalizedTarget {
  const inputName = options.inputName ?? SCRATCH_INPUT
  const targets = normalizeTargets(url, options)
  const [only] = targets
  if (!only || targets.length > 1) {
    throw new InputError(
      inputName,
      `lists ${targets.length} hosts: pass a URL with exactly one host`
    )
  }
  return only
}

/** Canonical forms of every host a connection URL lists (libpq tries them in order). */
export function normalizeTargets(url: string, options: NormalizeOptions = {}): NormalizedTarget[] {
  const inputName = options.inputName ?? SCRATCH_INPUT
  return endpointsOf(parseConnectionUri(url, inputName), inputName, options.defaults)
}

/** True when both denote the same database: same Supabase project, or a shared host spelling + same port + same database. */
export function isSameTarget(a: NormalizedTarget, b: NormalizedTarget): boolean {
  // Pooler hosts are shared by every Supabase project in a region, so two refs decide alone.
  if (a.projectRef && b.projectRef) return a.projectRef === b.projectRef
  return (
    a.port === b.port && a.database === b.database && a.hosts.some((host) => b.hosts.includes(host))
  )
}

interface ParsedUri {
  user?: string
  hosts: string[]
  ports: string[]
  database?: string
  /** Decoded query parameters, keys lower-cased, password removed. */
  params: Map<string, string>
}

/** Splits a postgres:// URI the way libpq's conninfo_uri_parse does; the password is registered and dropped. */
function parseConnectionUri(url: string, inputName: string): ParsedUri {
  const text = url.trim()
  const prefix = /^postgres(?:ql)?:\/\//i.exec(text)
  if (!prefix) {
    throw new InputError(
      inputName,
      'must start with postgres:// or postgresql:// (e.g. postgres://USER:PASSWORD@HOST:5432/DATABASE)'
    )
  }
  // libpq has no fragments; cutting one can only make two URLs look more alike (the safe side).
  const body = text.slice(prefix[0].length).split('#')[0] ?? ''
  const queryAt = body.indexOf('?')
  const beforeQuery = queryAt >= 0 ? body.slice(0, queryAt) : body
  const query = queryAt >= 0 ? body.slice(queryAt + 1) : ''
  const slashAt = beforeQuery.indexOf('/')
  const authority = slashAt >= 0 ? beforeQuery.slice(0, slashAt) : beforeQuery
  const path = slashAt >= 0 ? beforeQuery.slice(slashAt + 1) : ''

  // The last @ ends the user info, so an unencoded @ in a password still parses.
  const atAt = authority.lastIndexOf('@')
  const userinfo = atAt >= 0 ? authority.slice(0, atAt) : undefined
  const hostspec = atAt >= 0 ? authority.slice(atAt + 1) : authority
  let user: string | undefined
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':')
    if (colon >= 0) registerPassword(userinfo.slice(colon + 1))
    user =
      decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo, inputName, 'user name') || undefined
  }

  const hosts: string[] = []
  const ports: string[] = []
  for (const entry of hostspec.split(',')) {
    const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(entry)
    const colon = entry.lastIndexOf(':')
    const host = bracketed ? bracketed[1] : colon >= 0 ? entry.slice(0, colon) : entry
    const port = bracketed ? bracketed[2] : colon >= 0 ? entry.slice(colon + 1) : ''
    hosts.push(decode(host ?? '', inputName, 'host'))
    ports.push(decode(port ?? '', inputName, 'port'))
  }

  // A trailing slash is not part of the name: libpq would keep it, but stripping can only make names more alike.
  const database = decode(path.replace(/\/+$/, ''), inputName, 'database name') || undefined

  const params = new Map<string, string>()
  for (const pair of query.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    if (eq < 0)
      throw new InputError(
        inputName,
        'has a query parameter without "=": write ?name=value&name=value'
      )
    const key = decode(pair.slice(0, eq), inputName, 'parameter name').toLowerCase()
    const value = decode(pair.slice(eq + 1), inputName, 'parameter value')
    if (key === 'password') registerSecret(value)
    else params.set(key, value)
  }
  return { user, hosts, ports, database, params }
}

/** Applies the parameter overrides and defaults, then canonicalizes each listed host. */
function endpointsOf(
  uri: ParsedUri,
  inputName: string,
  defaults: TargetDefaults = {}
): NormalizedTarget[] {
  const hostList = uri.params.has('host') ? splitList(uri.params.get('host')) : uri.hosts
  const hostaddrList = uri.params.has('hostaddr') ? splitList(uri.params.get('hostaddr')) : []
  const portList = uri.params.has('port') ? splitList(uri.params.get('port')) : uri.ports
  const user = nonEmpty(uri.params.get('user')) ?? uri.user ?? defaults.user ?? 'postgres'
  // libpq: an absent or empty dbname means the user name.
  const database = nonEmpty(uri.params.get('dbname')) ?? uri.database ?? defaults.database ?? user

  const count = Math.max(hostList.length, hostaddrList.length)
  if (hostaddrList.length > 0 && hostList.length > 1 && hostaddrList.length !== hostList.length) {
    throw new InputError(
      inputName,
      'lists a different number of host and hostaddr values: give one hostaddr per host'
    )
  }
  if (portList.length !== 1 && portList.length !== count) {
    throw new InputError(
      inputName,
      'lists a different number of ports and hosts: give one port, or one per host'
    )
  }
  const targets: NormalizedTarget[] = []
  for (let i = 0; i < count; i++) {
    const portText = (portList.length === 1 ? portList[0] : portList[i]) ?? ''
    const port = portText ? Number(portText) : (defaults.port ?? DEFAULT_PORT)
    if (
      !/^\d+$/.test(portText || String(port)) ||
      !Number.isInteger(port) ||
      port < 1 ||
      port > 65535
    ) {
      throw new InputError(inputName, 'has an invalid port: use a number from 1 to 65535')
    }
    const host = nonEmpty(hostList.length === 1 ? hostList[0] : hostList[i]) ?? defaults.host ?? ''
    const hostaddr = nonEmpty(hostaddrList.length === 1 ? hostaddrList[0] : hostaddrList[i])
    // libpq connects to hostaddr and uses host only for authentication: either could be the real server.
    const named = hostSpellings(host)
    const spellings = hostaddr
      ? [...named.spellings, ...hostSpellings(hostaddr).spellings]
      : named.spellings
    const projectRef = supabaseRef(named.canonical, user)
    targets.push({
      hosts: [...new Set(spellings)],
      port,
      database,
      user,
      ...(projectRef ? { projectRef } : {}),
      display: `${named.display}:${port}/${database}`
    })
  }
  return targets
}

/** Every spelling of one host: loopback names and sockets collapse to one local host; IPs are canonicalized. */
function hostSpellings(raw: string): { spellings: string[]; canonical: string; display: string } {
  // No host at all means libpq's default unix socket directory.
  if (!raw) return { spellings: LOOPBACK, canonical: 'localhost', display: 'localhost' }
  if (raw.startsWith('/') || raw.startsWith('@')) {
    // A socket directory is this machine; its socket file is named after the port, so port still counts.
    const dir = raw.length > 1 ? raw.replace(/\/+$/, '') : raw
    return { spellings: [...LOOPBACK, `unix:${dir}`], canonical: 'localhost', display: dir }
  }
  const canonical = canonicalHost(raw)
  if (isLoopback(canonical))
    return { spellings: [...LOOPBACK, canonical], canonical, display: canonical }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(canonical)) {
    return { spellings: [canonical, `::ffff:${canonical}`], canonical, display: canonical }
  }
  return {
    spellings: [canonical],
    canonical,
    display: canonical.includes(':') ? `[${canonical}]` : canonical
  }
}

/** Lower case, no trailing dot, no brackets; IPv4 and IPv6 in the WHATWG canonical form (127.1 = 127.0.0.1, ::1 = 0:0:0:0:0:0:0:1). */
function canonicalHost(raw: string): string {
  const host = raw
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase()
    .replace(/\.+$/, '')
  const ipv6 = host.includes(':')
  let canonical = host
  try {
    canonical = new URL(`http://${ipv6 ? `[${host}]` : host}/`).hostname.replace(/^\[(.*)\]$/, '$1')
  } catch {
    // Not a valid URL host (zone ids, odd characters): compare the lower-cased text.
  }
  // IPv4-mapped IPv6 (::ffff:7f00:1) is the IPv4 address.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical)
  if (mapped) {
    const high = parseInt(mapped[1] ?? '0', 16)
    const low = parseInt(mapped[2] ?? '0', 16)
    canonical = [high >> 8, high & 255, low >> 8, low & 255].join('.')
  }
  return canonical
}

function isLoopback(host: string): boolean {
  // 0.0.0.0 and :: reach the local host on Linux; all of 127/8 is loopback.
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === '0.0.0.0' ||
    host === '::1' ||
    host === '::'
  )
}

function supabaseRef(host: string, user: string): string | undefined {
  if (SUPABASE_POOLER.test(host)) {
    // Supavisor routes on the user name `<role>.<ref>`.
    return /\.([a-z0-9]+)$/i.exec(user)?.[1]?.toLowerCase()
  }
  return SUPABASE_DIRECT.exec(host)?.[1]
}

/** Every identifying part of the URL (never the password), for the project-ref search. */
function searchableText(uri: ParsedUri): string {
  const parts = [uri.user ?? '', ...uri.hosts, uri.database ?? '']
  for (const [key, value] of uri.params) parts.push(`${key}=${value}`)
  return parts.join('\n').toLowerCase()
}

/** True when `ref` occurs in `text` not glued to other letters or digits (so ref "local" does not match "localhost"). */
function mentions(text: string, ref: string): boolean {
  const escaped = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(text)
}

function refusal(message: string): InputError {
  return new InputError(SCRATCH_INPUT, message)
}

function registerPassword(encoded: string): void {
  registerSecret(encoded)
  try {
    registerSecret(decodeURIComponent(encoded))
  } catch {
    // not valid percent-encoding: the raw form is registered
  }
}

function decode(text: string, inputName: string, part: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw new InputError(inputName, `has invalid percent-encoding in the ${part}: encode % as %25`)
  }
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim())
}

function nonEmpty(value: string | undefined): string | undefined {
  return value ? value : undefined
}

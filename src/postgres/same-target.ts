import { hostname } from 'node:os'
import { InputError } from '../errors.js'
import type { DatabaseTarget } from './connection-url.js'

/**
 * The drill's production guard, first line: decides from the resolved
 * targets alone, before any connection is opened, whether the scratch target
 * is (or may be) the production database. The drill restores with --clean, so
 * a false "not production" destroys data while a false "production" only stops
 * a drill: every ambiguity is resolved towards "same target".
 *
 * Both sides are DatabaseTargets resolved once with libpq's rules
 * (connection-url.ts): service files, PG* variables and defaults are already
 * applied, so the database compared here is the one every tool will use.
 *
 * What spelling cannot see (DNS aliases, the machine's own host name, port
 * forwarding) the identity guard settles after connecting: it compares
 * system_identifier and the database (server-identity.ts).
 */

/** The parts of a target the guard compares (a manifest's structured source has exactly these). */
export type GuardTarget = Pick<DatabaseTarget, 'host' | 'port' | 'database' | 'user'> & {
  hostaddr?: string | undefined
}

/** One server+database a target denotes, with every spelling of its host. */
export interface NormalizedTarget {
  /** Every spelling that denotes this host (lower case, canonical IPs; all loopback spellings for a local server). */
  hosts: string[]
  port: number
  /** Database name, case-sensitive as PostgreSQL treats it. */
  database: string
  user: string
  /** Supabase project ref, from `db.<ref>.supabase.co` or the pooler user `postgres.<ref>`. */
  projectRef?: string
  /** `host:port/database`: no user, no password; safe for messages. */
  display: string
}

export interface ScratchGuardOptions {
  /** Where the drill is about to restore (with --clean). */
  scratch: GuardTarget & Pick<DatabaseTarget, 'options'>
  /** The production database (db-url, or the backup's recorded source). */
  production?: GuardTarget
  /** What `production` is, for the message (default `db-url`). */
  productionName?: string
  /** The production Supabase project ref (manifest `projectRef` / input `project-ref`). */
  projectRef?: string
}

const SCRATCH_INPUT = 'scratch-db-url'
/** Canonical spellings shared by every local target (TCP loopback or unix socket). */
const LOOPBACK = ['localhost', '127.0.0.1', '::1']
const SUPABASE_DIRECT = /^(?:db\.)?([a-z0-9]+)\.supabase\.co$/
const SUPABASE_POOLER = /\.pooler\.supabase\.com$/

/**
 * Throws InputError (input `scratch-db-url`) when the scratch target is, or may
 * be, production: same host (any spelling, host or hostaddr) + port + database,
 * the same Supabase project, or a scratch target mentioning the production
 * project ref anywhere (host, user, database, options). Another database on
 * the production server is allowed. Messages never contain credentials.
 */
export function assertScratchIsNotProduction(options: ScratchGuardOptions): void {
  const scratch = normalizeTarget(options.scratch)
  const refs = new Set<string>()
  if (options.projectRef?.trim()) refs.add(options.projectRef.trim().toLowerCase())
  if (options.production) {
    const production = normalizeTarget(options.production)
    const name = options.productionName ?? 'db-url'
    if (production.projectRef) refs.add(production.projectRef)
    if (isSameTarget(scratch, production)) {
      const why =
        scratch.projectRef && scratch.projectRef === production.projectRef
          ? `the same Supabase project (${scratch.projectRef})`
          : `the same server and database as ${name} (${production.display})`
      throw refusal(
        `points at production: ${scratch.display} is ${why}. The drill restores with --clean and would overwrite it: create a scratch database (another database on the same server is fine) or a scratch Supabase project and pass its URL`
      )
    }
  }
  const text = [
    options.scratch.user,
    options.scratch.host,
    options.scratch.hostaddr ?? '',
    options.scratch.database,
    options.scratch.options ?? ''
  ]
    .join('\n')
    .toLowerCase()
  for (const ref of refs) {
    if (scratch.projectRef === ref || mentions(text, ref)) {
      throw refusal(
        `mentions the production project ref "${ref}" (${scratch.display}): the scratch target must be a different project or server. Pass the URL of a scratch project or database`
      )
    }
  }
}

/** Canonical form of a resolved target: every spelling of its host (and hostaddr). */
export function normalizeTarget(target: GuardTarget): NormalizedTarget {
  const named = hostSpellings(target.host)
  // libpq connects to hostaddr and uses host only for TLS and .pgpass: either could be the real server.
  const spellings = target.hostaddr
    ? [...named.spellings, ...hostSpellings(target.hostaddr).spellings]
    : named.spellings
  const projectRef = supabaseRef(named.canonical, target.user)
  return {
    hosts: [...new Set(spellings)],
    port: target.port,
    database: target.database,
    user: target.user,
    ...(projectRef ? { projectRef } : {}),
    display: `${named.display}:${target.port}/${target.database}`
  }
}

/** True when both denote the same database: same Supabase project, or a shared host spelling + same port + same database. */
export function isSameTarget(a: NormalizedTarget, b: NormalizedTarget): boolean {
  // Pooler hosts are shared by every Supabase project in a region, so two refs decide alone.
  if (a.projectRef && b.projectRef) return a.projectRef === b.projectRef
  // A trailing slash is part of the name for libpq, but stripping it can only make names more alike (the safe side).
  const name = (target: NormalizedTarget) => target.database.replace(/\/+$/, '')
  return a.port === b.port && name(a) === name(b) && a.hosts.some((host) => b.hosts.includes(host))
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
  // 0.0.0.0 and :: reach the local host on Linux; all of 127/8 is loopback; so does this machine's own name.
  return (
    host === 'localhost' ||
    host === hostname().toLowerCase() ||
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

/** True when `ref` occurs in `text` not glued to other letters or digits (so ref "local" does not match "localhost"). */
function mentions(text: string, ref: string): boolean {
  const escaped = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(text)
}

function refusal(message: string): InputError {
  return new InputError(SCRATCH_INPUT, message)
}

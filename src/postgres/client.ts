import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { checkServerIdentity, type ConnectionOptions } from 'node:tls'
import pg from 'pg'
import { EscalationError, type EscalationCondition } from '../errors.js'
import { isSocketTarget, type DatabaseTarget } from './connection-url.js'
import { ConnectionError, describeConnectionError } from './connection-errors.js'

export type Client = pg.Client

export interface ConnectOptions {
  applicationName?: string
  /** Input the target came from, named in the error. */
  inputName: string
}

/**
 * Opens a node-postgres connection to exactly the resolved target, with
 * libpq's TLS semantics: disable = plain; allow = plain, then TLS if the
 * server refuses plain; prefer = TLS, then plain if the server has no TLS;
 * require = TLS without verification (CA-verified when a root certificate is
 * known, as libpq does); verify-ca = CA only; verify-full = CA and host name.
 * A failure is a ConnectionError naming the input and the likely fix, never
 * containing the password; the caller decides what it means (`connectOrEscalate`).
 */
export async function connect(target: DatabaseTarget, options: ConnectOptions): Promise<Client> {
  const attempts = tlsAttempts(target)
  let lastError: unknown
  for (const [index, ssl] of attempts.entries()) {
    const client = new pg.Client(clientConfig(target, ssl, options.applicationName))
    // An 'error' event without a listener would crash the process (e.g. backend terminated).
    client.on('error', () => undefined)
    try {
      await client.connect()
      return client
    } catch (error) {
      await client.end().catch(() => undefined)
      lastError = error
      const next = attempts[index + 1]
      if (next === undefined || !fallsBack(target.sslmode, error)) break
    }
  }
  throw new ConnectionError(
    `${options.inputName}: ${describeConnectionError(lastError, target, target.connectTimeoutSeconds)}`,
    { cause: lastError }
  )
}

/** `connect`, with a connection failure escalated as the caller's own condition. */
export async function connectOrEscalate(
  condition: EscalationCondition,
  target: DatabaseTarget,
  options: ConnectOptions
): Promise<Client> {
  try {
    return await connect(target, options)
  } catch (error) {
    if (error instanceof ConnectionError) {
      throw new EscalationError(condition, error.message, { cause: error.cause })
    }
    throw error
  }
}

/** The node-postgres settings for one attempt: host (or hostaddr), port, database, user, password, TLS. */
function clientConfig(
  target: DatabaseTarget,
  ssl: ConnectionOptions | false,
  applicationName = 'backup-drill'
): pg.ClientConfig {
  return {
    // libpq connects to hostaddr and uses host for TLS verification and .pgpass.
    host: target.hostaddr ?? target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    password: target.password,
    ssl,
    ...(target.options !== undefined ? { options: target.options } : {}),
    application_name: applicationName,
    connectionTimeoutMillis: target.connectTimeoutSeconds * 1000
  }
}

/** TLS settings to try in order, per sslmode. */
function tlsAttempts(target: DatabaseTarget): Array<ConnectionOptions | false> {
  // libpq never negotiates TLS over a unix socket.
  if (isSocketTarget(target) || target.sslmode === 'disable') return [false]
  const tls = tlsOptions(target)
  switch (target.sslmode) {
    case 'allow':
      return [false, tls]
    case 'prefer':
      return [tls, false]
    default:
      return [tls]
  }
}

function tlsOptions(target: DatabaseTarget): ConnectionOptions {
  const files: ConnectionOptions = {}
  if (target.sslrootcert && target.sslrootcert !== 'system')
    files.ca = readFileSync(target.sslrootcert)
  if (target.sslcert) files.cert = readFileSync(target.sslcert)
  if (target.sslkey) files.key = readFileSync(target.sslkey)
  // The name the certificate must carry: host, also when connecting to hostaddr. SNI takes names only.
  const servername =
    isIP(target.host) === 0 && !target.host.startsWith('/') ? target.host : undefined
  switch (target.sslmode) {
    case 'verify-full':
      return {
        ...files,
        rejectUnauthorized: true,
        ...(servername ? { servername } : {}),
        // libpq checks the certificate against host, also when it connects to hostaddr.
        checkServerIdentity: (_connectedTo, cert) => checkServerIdentity(target.host, cert)
      }
    case 'verify-ca':
      return { ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined }
    default:
      // libpq verifies the CA in allow/prefer/require when a root certificate file is present.
      return target.sslrootcert
        ? { ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined }
        : { ...files, rejectUnauthorized: false }
  }
}

/** Whether a failed attempt may be retried with the next TLS setting (libpq's allow/prefer fallbacks). */
function fallsBack(sslmode: DatabaseTarget['sslmode'], error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: string } | undefined)?.code
  // prefer: the server has no TLS, or pg_hba refused the TLS connection (hostnossl).
  if (sslmode === 'prefer') return /does not support SSL/i.test(message) || code === '28000'
  // allow: pg_hba refused the plain connection (hostssl).
  if (sslmode === 'allow') return code === '28000'
  return false
}

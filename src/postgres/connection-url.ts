import { InputError } from '../errors.js'
import { registerSecret } from '../secrets.js'

/**
 * A parsed PostgreSQL connection URL. The password is registered as a secret
 * the moment the URL is parsed; `display` is the only form that may be logged.
 */
export interface DatabaseTarget {
  /** The URL as given (contains the password: never log it). */
  readonly url: string
  readonly host: string
  readonly port: number
  readonly database: string
  readonly user: string
  readonly password: string | undefined
  /** Query parameters other than the password (sslmode, host, options, ...). */
  readonly params: ReadonlyMap<string, string>
  /** The URL with the password replaced by ***. */
  readonly display: string
  /** `host:port/database`: no user, no password; what logs, manifests and drill logs name. */
  readonly location: string
}

const EXAMPLE = 'postgres://USER:PASSWORD@HOST:5432/DATABASE'

/**
 * Parses and validates a connection URL given through `inputName`, registering
 * its password as a secret. Throws InputError naming the input (never its value).
 */
export function parseDatabaseUrl(inputName: string, raw: string | undefined): DatabaseTarget {
  const value = (raw ?? '').trim()
  if (!value) throw new InputError(inputName, `is empty: pass a PostgreSQL URL like ${EXAMPLE}`)
  // Register before anything can fail, so even a malformed URL's password is masked.
  registerPasswordOf(value)
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase()
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    throw new InputError(
      inputName,
      `must start with postgres:// or postgresql:// (got ${scheme ? `${scheme}://` : 'no scheme'}): pass a URL like ${EXAMPLE}`
    )
  }
  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    throw new InputError(
      inputName,
      `is not a valid URL: check it has the form ${EXAMPLE} and that special characters in the password are percent-encoded`
    )
  }
  const params = new Map<string, string>()
  let password = parsed.password ? safeDecode(parsed.password) : undefined
  for (const [key, val] of parsed.searchParams) {
    if (key === 'password') {
      password = val
      registerSecret(val)
    } else params.set(key, val)
  }
  registerSecret(password)
  const host = params.get('host') ?? safeDecode(parsed.hostname).replace(/^\[(.*)\]$/, '$1')
  if (!host) throw new InputError(inputName, `has no host: pass a URL like ${EXAMPLE}`)
  const portText = params.get('port') ?? parsed.port
  const port = portText ? Number(portText) : 5432
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InputError(
      inputName,
      `has an invalid port "${portText}": use a number from 1 to 65535`
    )
  }
  const database =
    params.get('dbname') ?? (safeDecode(parsed.pathname.replace(/^\/+|\/+$/g, '')) || 'postgres')
  const user = params.get('user') ?? (safeDecode(parsed.username) || 'postgres')
  return {
    url: value,
    host,
    port,
    database,
    user,
    password,
    params,
    display: redactUrl(value),
    location: `${host}:${port}/${database}`
  }
}

/** Replaces the password (userinfo and ?password=) in any URL-like text with ***. */
export function redactUrl(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@\s]*@/gi, '$1***@')
    .replace(/([?&]password=)[^&\s]*/gi, '$1***')
}

/** Environment + argument for libpq tools: the password travels in PGPASSWORD, never in argv (visible in `ps`). */
export function libpqConnection(target: DatabaseTarget): {
  dbnameArg: string
  env: Record<string, string>
} {
  const url = new URL(target.url)
  url.password = ''
  url.searchParams.delete('password')
  const env: Record<string, string> = {}
  if (target.password !== undefined) env.PGPASSWORD = target.password
  return { dbnameArg: url.toString(), env }
}

/** The same target pointed at another database on the same server. */
export function withDatabase(
  target: DatabaseTarget,
  database: string,
  inputName = 'db-url'
): DatabaseTarget {
  const url = new URL(target.url)
  url.pathname = `/${encodeURIComponent(database)}`
  url.searchParams.delete('dbname')
  return parseDatabaseUrl(inputName, url.toString())
}

function registerPasswordOf(value: string): void {
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(value)?.[1]
  const colon = userinfo?.indexOf(':') ?? -1
  if (userinfo && colon >= 0) {
    const password = userinfo.slice(colon + 1)
    registerSecret(password)
    registerSecret(safeDecode(password))
  }
  const fromQuery = /[?&]password=([^&]*)/i.exec(value)?.[1]
  if (fromQuery) registerSecret(safeDecode(fromQuery))
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

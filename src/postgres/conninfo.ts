import { InputError } from '../errors.js'
import { registerSecret } from '../secrets.js'

/**
 * The libpq connection keywords backup-drill accepts, each with the environment
 * variable libpq reads when the keyword is not given. Anything else (failover
 * lists, gssencmode, target_session_attrs, ...) is refused: a keyword we do not
 * model is a keyword on which node-postgres and pg_dump could disagree.
 */
export const CONNINFO_KEYWORDS = {
  host: 'PGHOST',
  hostaddr: 'PGHOSTADDR',
  port: 'PGPORT',
  dbname: 'PGDATABASE',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  passfile: 'PGPASSFILE',
  service: 'PGSERVICE',
  options: 'PGOPTIONS',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  // Accepted for compatibility with pasted URLs; the tools always run under our own application name.
  application_name: 'PGAPPNAME'
} as const

export type ConninfoKeyword = keyof typeof CONNINFO_KEYWORDS

/** Keyword -> value, exactly as the connection string spelled it (decoded). */
export type Conninfo = Map<ConninfoKeyword, string>

/** Keywords that name where to connect: an empty value would silently fall back to a libpq default. */
const NO_EMPTY: ReadonlySet<ConninfoKeyword> = new Set([
  'host',
  'hostaddr',
  'port',
  'dbname',
  'user'
])

const EXAMPLE =
  'postgres://USER:PASSWORD@HOST:5432/DATABASE or host=HOST port=5432 dbname=DATABASE user=USER'

/**
 * Parses a connection string the way libpq does (a postgres:// URI or
 * keyword=value pairs), strictly: every spelling on which libpq and a WHATWG
 * URL parser (node-postgres, browsers, most tools) would read different parts
 * is refused, so the value can never be half-parsed. The password is
 * registered as a secret before anything can fail. Throws InputError naming
 * `inputName`, never the value.
 */
export function parseConninfo(inputName: string, text: string): Conninfo {
  const value = text.trim()
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return parseUri(inputName, value)
  if (value.includes('=')) return parseKeywordValue(inputName, value)
  throw new InputError(
    inputName,
    `is neither a postgres:// URL nor keyword=value pairs: pass ${EXAMPLE}`
  )
}

function parseUri(inputName: string, uri: string): Conninfo {
  registerUriPasswordCandidates(uri)
  const prefix = /^postgres(?:ql)?:\/\//i.exec(uri)
  if (!prefix) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1] ?? ''
    throw new InputError(
      inputName,
      `must start with postgres:// or postgresql:// (got ${scheme}://): pass ${EXAMPLE}`
    )
  }
  const body = uri.slice(prefix[0].length)
  const ambiguous = (what: string) => {
    registerAmbiguousPieces(body)
    return new InputError(
      inputName,
      `is ambiguous: ${what}. libpq and URL parsers would read different hosts or passwords from it. Percent-encode the special characters of the password (@ as %40, / as %2F, ? as %3F, # as %23, % as %25) or use keyword=value form`
    )
  }
  if (body.includes('#')) throw ambiguous('it contains a raw #')
  const queryAt = body.indexOf('?')
  const beforeQuery = queryAt >= 0 ? body.slice(0, queryAt) : body
  const query = queryAt >= 0 ? body.slice(queryAt + 1) : ''
  const firstAt = beforeQuery.indexOf('@')
  if (firstAt !== beforeQuery.lastIndexOf('@')) throw ambiguous('it contains more than one raw @')
  const firstSlash = beforeQuery.indexOf('/')
  if (firstAt >= 0 && firstSlash >= 0 && firstSlash < firstAt) {
    throw ambiguous('a raw / comes before the @ that ends the user name and password')
  }
  if (firstAt < 0 && query.includes('@')) {
    throw ambiguous('a raw ? comes before the @ that ends the user name and password')
  }

  const info: Conninfo = new Map()
  const set = (key: ConninfoKeyword, raw: string, part: string) => {
    const decoded = decode(inputName, raw, part)
    if (key === 'password') registerSecret(decoded)
    if (decoded !== '') info.set(key, decoded)
  }
  const authorityAndPath = firstAt >= 0 ? beforeQuery.slice(firstAt + 1) : beforeQuery
  if (firstAt >= 0) {
    const userinfo = beforeQuery.slice(0, firstAt)
    const colon = userinfo.indexOf(':')
    set('user', colon >= 0 ? userinfo.slice(0, colon) : userinfo, 'user name')
    if (colon >= 0) set('password', userinfo.slice(colon + 1), 'password')
  }
  const slash = authorityAndPath.indexOf('/')
  const hostport = slash >= 0 ? authorityAndPath.slice(0, slash) : authorityAndPath
  const path = slash >= 0 ? authorityAndPath.slice(slash + 1) : ''
  if (hostport.includes(',')) {
    throw new InputError(inputName, 'lists several hosts: pass a URL with exactly one host')
  }
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(hostport)
  if (hostport.startsWith('[') && !bracketed) {
    throw new InputError(inputName, 'has an unterminated [IPv6 address]: write [::1]:5432')
  }
  const colon = hostport.lastIndexOf(':')
  const host = bracketed ? (bracketed[1] ?? '') : colon >= 0 ? hostport.slice(0, colon) : hostport
  const port = bracketed ? (bracketed[2] ?? '') : colon >= 0 ? hostport.slice(colon + 1) : ''
  set('host', host, 'host')
  set('port', port, 'port')
  set('dbname', path, 'database name')

  const seen = new Set<string>()
  for (const pair of query.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    if (eq < 0) {
      throw new InputError(
        inputName,
        'has a query parameter without "=": write ?name=value&name=value'
      )
    }
    let key = decode(inputName, pair.slice(0, eq), 'parameter name')
    let raw = pair.slice(eq + 1)
    // libpq's JDBC compatibility: ssl=true means sslmode=require.
    if (key === 'ssl' && raw === 'true') [key, raw] = ['sslmode', 'require']
    const keyword = knownKeyword(inputName, key)
    if (seen.has(keyword)) {
      throw new InputError(inputName, `gives ?${keyword}= twice: give each parameter once`)
    }
    seen.add(keyword)
    const decoded = decode(inputName, raw, `${keyword} parameter`)
    if (keyword === 'password') registerSecret(decoded)
    if (decoded === '' && NO_EMPTY.has(keyword)) {
      throw new InputError(
        inputName,
        `has an empty ?${keyword}=: libpq would fall back to a default (the user name for dbname, the local socket for host). Give a value or leave the parameter out`
      )
    }
    info.set(keyword, decoded)
  }
  return info
}

/** libpq's keyword=value syntax: values may be single-quoted; a backslash escapes the next character. */
function parseKeywordValue(inputName: string, text: string): Conninfo {
  const passwordAt = /(?:^|\s)password\s*=\s*/.exec(text)
  if (passwordAt) {
    // Register the password's spelling before parsing can fail.
    const rest = text.slice(passwordAt.index + passwordAt[0].length)
    registerSecret(/^'((?:[^'\\]|\\.)*)'?/.exec(rest)?.[1] ?? /^\S*/.exec(rest)?.[0])
  }
  const info: Conninfo = new Map()
  let i = 0
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++
  }
  while (true) {
    skipSpace()
    if (i >= text.length) break
    const keyStart = i
    while (i < text.length && text[i] !== '=' && !/\s/.test(text[i]!)) i++
    const key = text.slice(keyStart, i)
    skipSpace()
    if (text[i] !== '=') {
      throw new InputError(
        inputName,
        `has "${key}" without "=": write keyword=value pairs separated by spaces`
      )
    }
    i++
    skipSpace()
    let value = ''
    if (text[i] === "'") {
      i++
      let closed = false
      while (i < text.length) {
        const c = text[i]!
        if (c === '\\' && i + 1 < text.length) {
          value += text[i + 1]
          i += 2
        } else if (c === "'") {
          i++
          closed = true
          break
        } else {
          value += c
          i++
        }
      }
      if (!closed)
        throw new InputError(inputName, "has an unterminated quoted value: close it with '")
    } else {
      while (i < text.length && !/\s/.test(text[i]!)) {
        if (text[i] === '\\' && i + 1 < text.length) i++
        value += text[i]
        i++
      }
    }
    const keyword = knownKeyword(inputName, key)
    if (keyword === 'password') registerSecret(value)
    if (info.has(keyword))
      throw new InputError(inputName, `gives ${keyword}= twice: give each keyword once`)
    if (value === '' && NO_EMPTY.has(keyword)) {
      throw new InputError(
        inputName,
        `has an empty ${keyword}=: give a value or leave the keyword out`
      )
    }
    info.set(keyword, value)
  }
  if (info.size === 0) throw new InputError(inputName, `is empty: pass ${EXAMPLE}`)
  return info
}

function knownKeyword(inputName: string, key: string): ConninfoKeyword {
  if (Object.hasOwn(CONNINFO_KEYWORDS, key)) return key as ConninfoKeyword
  throw new InputError(
    inputName,
    `has an unsupported connection parameter "${key}": backup-drill accepts ${Object.keys(CONNINFO_KEYWORDS).join(', ')}`
  )
}

function decode(inputName: string, text: string, part: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw new InputError(inputName, `has invalid percent-encoding in the ${part}: encode % as %25`)
  }
}

/**
 * Registers every substring that could be the password of a URI, before the
 * URI is judged: a refused (ambiguous) URI must not leak the password either.
 */
function registerUriPasswordCandidates(uri: string): void {
  const body = uri.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
  const lastAt = body.lastIndexOf('@')
  const colon = body.indexOf(':')
  if (lastAt >= 0 && colon >= 0 && colon < lastAt) {
    // Every reading: up to the first @ (libpq), up to the last @ (most URL parsers).
    const firstAt = body.indexOf('@', colon)
    const widest = body.slice(colon + 1, lastAt)
    for (const candidate of [widest, body.slice(colon + 1, firstAt)]) {
      registerSecret(candidate)
      registerSecret(safeDecode(candidate))
    }
  }
  for (const match of uri.matchAll(/[?&]password=([^&#]*)/gi)) {
    registerSecret(match[1])
    registerSecret(safeDecode(match[1] ?? ''))
  }
}

/**
 * For a refused URL only: every piece of the possible password between the
 * characters parsers split on, since a parser that misread it would show one
 * piece as a host or path (`carol:p@ssw0rd@host` -> host `ssw0rd@host`).
 */
function registerAmbiguousPieces(body: string): void {
  const colon = body.indexOf(':')
  const lastAt = body.lastIndexOf('@')
  if (colon < 0 || lastAt < colon) return
  for (const piece of body.slice(colon + 1, lastAt).split(/[@/?#]/)) registerSecret(piece)
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

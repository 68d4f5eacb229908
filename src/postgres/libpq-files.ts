import { existsSync, readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../errors.js'
import { CONNINFO_KEYWORDS, type ConninfoKeyword } from './conninfo.js'

/**
 * The two files libpq reads on its own: the connection service file
 * (pg_service.conf) and the password file (.pgpass). We read them ourselves,
 * with libpq's rules, so the values end up explicit in what every tool gets.
 */

/** Where libpq looks for service definitions, in order (the first file that defines the service wins). */
export function serviceFiles(env: NodeJS.ProcessEnv): string[] {
  const user = env.PGSERVICEFILE || join(homedir(), '.pg_service.conf')
  // PGSYSCONFDIR's default is compiled into libpq; Debian/Ubuntu packages use /etc/postgresql-common.
  const system = join(env.PGSYSCONFDIR || '/etc/postgresql-common', 'pg_service.conf')
  return [user, system]
}

/** The keywords of service `name`, or an InputError naming `inputName` when no file defines it. */
export function readService(
  inputName: string,
  name: string,
  env: NodeJS.ProcessEnv
): Map<ConninfoKeyword, string> {
  const files = serviceFiles(env)
  for (const file of files) {
    if (!existsSync(file)) continue
    const found = parseServiceFile(inputName, file, readFileSync(file, 'utf8'), name)
    if (found) return found
  }
  throw new InputError(
    inputName,
    `names service "${name}", which is not defined in ${files.join(' or ')}: check PGSERVICEFILE / the service name`
  )
}

/** The section `[name]` of a pg_service.conf text, or undefined when absent. */
export function parseServiceFile(
  inputName: string,
  file: string,
  text: string,
  name: string
): Map<ConninfoKeyword, string> | undefined {
  let current: string | undefined
  let found: Map<ConninfoKeyword, string> | undefined
  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    const line = rawLine.trim()
    if (!line || line.startsWith('#')) continue
    const section = /^\[(.*)\]$/.exec(line)
    if (section) {
      current = section[1]
      if (current === name) found = new Map()
      continue
    }
    if (current !== name || !found) continue
    const eq = line.indexOf('=')
    const key = line.slice(0, eq).trim()
    if (eq < 0 || !Object.hasOwn(CONNINFO_KEYWORDS, key) || key === 'service') {
      throw new InputError(
        inputName,
        `service "${name}" in ${file} line ${index + 1} has an unsupported entry${eq < 0 ? '' : ` "${key}"`}: backup-drill accepts ${Object.keys(CONNINFO_KEYWORDS).join(', ')}`
      )
    }
    found.set(key as ConninfoKeyword, line.slice(eq + 1).trim())
  }
  return found
}

/** What a .pgpass line is matched against (libpq: host, port, database, user; `*` matches anything). */
export interface PassfileKey {
  host: string
  port: string
  database: string
  user: string
}

/**
 * The password for `key` from a .pgpass file, or undefined. libpq ignores a
 * file that others can read (it warns); so do we, with the same warning text.
 */
export function passwordFromFile(
  file: string,
  key: PassfileKey,
  warn: (message: string) => void = () => undefined
): string | undefined {
  if (!existsSync(file)) return undefined
  const mode = statSync(file).mode
  if (!statSync(file).isFile()) return undefined
  if ((mode & 0o077) !== 0) {
    warn(
      `password file "${file}" has group or world access; permissions should be u=rw (0600) or less: it is ignored, as libpq ignores it`
    )
    return undefined
  }
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue
    const fields = splitPassfileLine(line)
    if (fields.length < 5) continue
    const [host, port, database, user] = fields
    const matches = (pattern: string | undefined, value: string) =>
      pattern === '*' || pattern === value
    if (
      matches(host, key.host) &&
      matches(port, key.port) &&
      matches(database, key.database) &&
      matches(user, key.user)
    ) {
      return fields[4]
    }
  }
  return undefined
}

/** Splits on unescaped colons (`\:` and `\\` are a colon and a backslash); like libpq, the password ends at the next unescaped colon. */
function splitPassfileLine(line: string): string[] {
  const fields: string[] = ['']
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    let char = c
    if (c === '\\' && i + 1 < line.length) char = line[++i]!
    else if (c === ':') {
      if (fields.length === 5) break
      fields.push('')
      continue
    }
    fields[fields.length - 1] = (fields[fields.length - 1] ?? '') + char
  }
  return fields
}

import { InputError, errorMessage } from '../errors.js'
import type { Client } from '../postgres/client.js'
import { fail, pass, type Check } from './checks.js'

/** Statements a validation file may hold: queries, nothing else. */
const QUERY_KEYWORDS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE'])

/**
 * The early check (before anything is restored): every top-level statement
 * of the file must be a query (SELECT, WITH, VALUES, TABLE, or one of them in
 * parentheses). Transaction control, SET, DDL, DML, COPY and CALL are bad
 * input. It only needs to find statement boundaries and first words, so it
 * lexes just what can hide a `;`: comments (nested), quoted strings (with E''
 * backslash escapes), quoted identifiers and dollar quotes. A query that
 * writes anyway (a data-modifying WITH, a function with side effects) is
 * stopped by the READ ONLY transaction it runs in: that is the enforcement.
 */
export function assertQueriesOnly(sql: string, label: string): void {
  const statements = topLevelStatements(sql, label)
  if (statements.length === 0)
    throw new InputError(
      'validation-sql',
      `${label} holds no query: each statement must be a SELECT returning one row with true in the first column`
    )
  for (const [index, statement] of statements.entries()) {
    const first = /^[\s(]*([A-Za-z_]+)/.exec(statement)?.[1] ?? statement.slice(0, 20)
    if (!QUERY_KEYWORDS.has(first.toUpperCase()))
      throw new InputError(
        'validation-sql',
        `statement ${index + 1} of ${label} starts with ${first}: only queries (SELECT, WITH, VALUES, TABLE) are allowed, the file runs read-only against the scratch database`
      )
  }
}

/** The file's statements split at top-level semicolons, comments blanked, empty ones dropped. */
function topLevelStatements(sql: string, label: string): string[] {
  const statements: string[] = []
  let current = ''
  let i = 0
  const unterminated = (what: string): never => {
    throw new InputError('validation-sql', `${label} has an unterminated ${what}`)
  }
  while (i < sql.length) {
    const char = sql[i]!
    const next = sql[i + 1]
    if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', i)
      i = end === -1 ? sql.length : end + 1
      current += ' '
    } else if (char === '/' && next === '*') {
      let depth = 1
      i += 2
      while (depth > 0) {
        if (i >= sql.length) unterminated('comment')
        const opens = sql.startsWith('/*', i)
        const closes = sql.startsWith('*/', i)
        depth += opens ? 1 : closes ? -1 : 0
        i += opens || closes ? 2 : 1
      }
      current += ' '
    } else if (char === "'" || char === '"') {
      // E'...' strings take backslash escapes; '' (or "") is an escaped quote in all of them.
      const backslashes = char === "'" && /[eE]$/.test(current) && !/\w[eE]$/.test(current)
      let j = i + 1
      for (;;) {
        if (j >= sql.length) unterminated(char === "'" ? 'string' : 'quoted identifier')
        if (backslashes && sql[j] === '\\') j += 2
        else if (sql[j] === char && sql[j + 1] === char) j += 2
        else if (sql[j] === char) break
        else j++
      }
      current += sql.slice(i, j + 1)
      i = j + 1
    } else if (char === '$' && !/[\w$]$/.test(current)) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))?.[0]
      if (!tag) {
        current += char
        i++
        continue
      }
      const end = sql.indexOf(tag, i + tag.length)
      if (end === -1) unterminated('dollar-quoted string')
      current += sql.slice(i, end + tag.length)
      i = end + tag.length
    } else if (char === ';') {
      statements.push(current)
      current = ''
      i++
    } else {
      current += char
      i++
    }
  }
  statements.push(current)
  return statements.map((s) => s.trim()).filter((s) => s.length > 0)
}

/**
 * Runs a file of extra checks against the scratch database: each statement
 * must return exactly one row whose first column is true. The whole file goes
 * in one simple-protocol query inside a READ ONLY transaction that is rolled
 * back: a check can never change what the drill proves.
 */
export async function runValidationSql(
  client: Client,
  sql: string,
  label: string
): Promise<Check[]> {
  let results: unknown
  try {
    await client.query('BEGIN TRANSACTION READ ONLY')
    results = await client.query(sql)
  } catch (error) {
    return [
      fail(`validation-sql ${label}`, 'validation-failed', `the SQL failed: ${errorMessage(error)}`)
    ]
  } finally {
    await client.query('ROLLBACK').catch(() => undefined)
  }
  const list = (Array.isArray(results) ? results : [results]) as Array<{
    rows: Array<Record<string, unknown>>
    fields: Array<{ name: string }>
    command: string
  }>
  // The early check already refused these; this keeps a caller that skipped it honest.
  const notQueries = list.filter(
    (result) => result.command !== 'SELECT' && result.fields.length === 0
  )
  if (notQueries.length > 0)
    return [
      fail(
        `validation-sql ${label}`,
        'validation-failed',
        `the file ran statements that are not queries: ${notQueries.map((r) => r.command).join(', ')}`
      )
    ]
  const queries = list
  if (queries.length === 0)
    return [
      fail(
        `validation-sql ${label}`,
        'validation-failed',
        'the file holds no query that returns a row'
      )
    ]
  return queries.map((result, index) => {
    const name = `validation-sql ${label} #${index + 1}${result.fields[0] ? ` (${result.fields[0].name})` : ''}`
    const first =
      result.rows[0] && result.fields[0] ? result.rows[0][result.fields[0].name] : undefined
    if (result.rows.length === 1 && first === true) return pass(name, 'returned true')
    return fail(
      name,
      'validation-failed',
      result.rows.length !== 1
        ? `returned ${result.rows.length} rows, expected exactly 1`
        : `returned ${JSON.stringify(first)}, expected true`
    )
  })
}

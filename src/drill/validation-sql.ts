import { errorMessage } from '../errors.js'
import type { Client } from '../postgres/client.js'
import { fail, pass, type Check } from './checks.js'

/**
 * Runs a file of extra checks against the scratch database: each statement
 * must return exactly one row whose first column is true. The whole file goes
 * in one simple-protocol query, so statements need no client-side splitting
 * (dollar quotes and semicolons in strings are the server's problem).
 */
export async function runValidationSql(
  client: Client,
  sql: string,
  label: string
): Promise<Check[]> {
  let results: unknown
  try {
    results = await client.query(sql)
  } catch (error) {
    return [
      fail(`validation-sql ${label}`, 'validation-failed', `the SQL failed: ${errorMessage(error)}`)
    ]
  }
  const list = (Array.isArray(results) ? results : [results]) as Array<{
    rows: Array<Record<string, unknown>>
    fields: Array<{ name: string }>
    command: string
  }>
  const queries = list.filter((result) => result.command === 'SELECT' || result.fields.length > 0)
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

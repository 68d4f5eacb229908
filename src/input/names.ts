import { InputError } from '../errors.js'
import { splitList } from './parse-inputs.js'

/**
 * A table pattern `schema.name` where `*` matches any run of characters.
 * Only identifier characters are accepted, so a pattern can never smuggle SQL
 * or a pg_dump flag; quoted mixed-case names are written as they are stored.
 */
export interface TablePattern {
  schema: string
  name: string
  /** The pattern as given, for messages. */
  text: string
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/
const PATTERN_PART = /^[A-Za-z0-9_$*]+$/

/**
 * The schema a drill marks its scratch database with (drill/scratch-target.ts). A
 * backup may not take it into its scope: restored, it would make any database
 * look like a drill's scratch.
 */
export const DRILL_MARKER_SCHEMA = 'backup_drill'

/** Parses a comma-separated list of schema names. */
export function parseSchemaList(input: string, value: string | undefined): string[] {
  const schemas = splitList(value)
  for (const schema of schemas) {
    if (!IDENTIFIER.test(schema)) {
      throw new InputError(
        input,
        `"${printable(schema)}" is not a schema name: use letters, digits and _ (e.g. public,auth)`
      )
    }
    if (schema === DRILL_MARKER_SCHEMA) {
      throw new InputError(
        input,
        `${DRILL_MARKER_SCHEMA} is the schema a drill marks its scratch database with, never data: remove it from the list`
      )
    }
  }
  return [...new Set(schemas)]
}

/** Parses a comma-separated list of `schema.name` table patterns. */
export function parseTablePatterns(input: string, value: string | undefined): TablePattern[] {
  return splitList(value).map((text) => {
    const parts = text.split('.')
    const [schema, name] = parts
    if (
      parts.length !== 2 ||
      !schema ||
      !name ||
      !IDENTIFIER.test(schema) ||
      !PATTERN_PART.test(name)
    ) {
      throw new InputError(
        input,
        `"${printable(text)}" is not a table pattern: write schema.name, with * as a wildcard (e.g. public.accounts_*)`
      )
    }
    return { schema, name, text }
  })
}

/** True when `schema.name` matches the pattern (exact, case-sensitive, * = any run). */
export function matchesPattern(pattern: TablePattern, schema: string, name: string): boolean {
  if (pattern.schema !== schema) return false
  const regex = new RegExp(`^${pattern.name.split('*').map(escapeRegex).join('.*')}$`)
  return regex.test(name)
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Shows control characters visibly in an error message. */
function printable(text: string): string {
  return JSON.stringify(text).slice(1, -1).slice(0, 80)
}

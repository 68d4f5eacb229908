import { InputError } from '../errors.js'
import { matchesPattern, type TablePattern } from '../input/names.js'
import type { Client } from './client.js'
import { listTables, tableKey, type TableRef } from './catalog.js'
import { readDependencies } from './dependencies.js'
import {
  dependencyFindings,
  dependencyWarnings,
  type DependencyFinding
} from './dependency-findings.js'

/** What the backup needs to know about the source before dumping. */
export interface PreflightResult {
  serverVersion: string
  serverMajor: number
  role: string
  bypassesRls: boolean
  /** Tables the backup covers. */
  tables: TableRef[]
  /** Tables in the schemas that the scope leaves out. */
  excluded: TableRef[]
  /** What objects in scope need from outside it; each is also a warning. */
  dependencies: DependencyFinding[]
  warnings: string[]
}

export interface Scope {
  schemas: string[]
  tables: TablePattern[]
  excludeTables: TablePattern[]
}

/**
 * Reads server version and role, resolves the scope to concrete tables, and
 * collects the warnings a person must see before trusting the backup.
 * Unknown schemas and patterns that match nothing are bad input.
 */
export async function preflight(client: Client, scope: Scope): Promise<PreflightResult> {
  // pg_dump would dump system catalogs as if they were user tables, and no
  // restore can load them: refuse before anything runs. (pg_* names are reserved.)
  const system = scope.schemas.filter(
    (schema) => /^pg_/i.test(schema) || schema === 'information_schema'
  )
  if (system.length > 0) {
    throw new InputError(
      'schemas',
      `${system.map((s) => `"${s}"`).join(', ')} is a system schema and cannot be backed up: list your own schemas (e.g. public,auth)`
    )
  }
  const info = await client.query<{ version: string; num: string; role: string; bypass: boolean }>(
    `SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num,
            current_user AS role, (r.rolsuper OR r.rolbypassrls) AS bypass
       FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`
  )
  const row = info.rows[0]
  if (!row) throw new Error('cannot read the current role from pg_roles')
  const serverMajor = Math.floor(Number(row.num) / 10000)

  const existing = await client.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[])`,
    [scope.schemas]
  )
  const found = new Set(existing.rows.map((r) => r.name))
  const missing = scope.schemas.filter((schema) => !found.has(schema))
  if (missing.length > 0) {
    throw new InputError(
      'schemas',
      `schema ${missing.map((s) => `"${s}"`).join(', ')} does not exist on the server: check the spelling (names are case-sensitive)`
    )
  }
  for (const pattern of scope.tables) {
    if (!scope.schemas.includes(pattern.schema)) {
      throw new InputError(
        'tables',
        `"${pattern.text}" is in schema "${pattern.schema}", which is not in schemas (${scope.schemas.join(',')}): add it to schemas`
      )
    }
  }

  const all = await listTables(client, scope.schemas)
  const included = (table: TableRef) =>
    (scope.tables.length === 0 ||
      scope.tables.some((p) => matchesPattern(p, table.schema, table.name))) &&
    !scope.excludeTables.some((p) => matchesPattern(p, table.schema, table.name))
  for (const pattern of scope.tables) {
    if (!all.some((t) => matchesPattern(pattern, t.schema, t.name))) {
      throw new InputError(
        'tables',
        `"${pattern.text}" matches no table in schemas ${scope.schemas.join(',')}: check the name (case-sensitive)`
      )
    }
  }
  const tables = all.filter(included)
  const excluded = all.filter((t) => !included(t))
  const warnings: string[] = []
  if (tables.length === 0)
    warnings.push(
      `No tables in scope (schemas ${scope.schemas.join(',')}): the backup holds only definitions.`
    )

  const rlsTables = tables.filter((t) => t.rlsEnabled)
  if (!row.bypass && rlsTables.length > 0) {
    warnings.push(
      `Role "${row.role}" lacks BYPASSRLS and ${rlsTables.length} table(s) in scope have row-level security (${rlsTables.slice(0, 5).map(tableKey).join(', ')}${rlsTables.length > 5 ? ', ...' : ''}): pg_dump fails on tables whose policies would hide rows from it. Use the postgres role (Supabase) or a role with BYPASSRLS.`
    )
  }
  // What the scope needs from outside it (foreign keys, functions, types, roles, ...): see dependency-findings.ts.
  const { rows, roles } = await readDependencies(client, scope.schemas, excluded.map(tableKey))
  const dependencies = dependencyFindings(rows, roles, {
    schemas: scope.schemas,
    tables: tables.map(tableKey)
  })
  warnings.push(...dependencyWarnings(dependencies))

  return {
    serverVersion: row.version,
    serverMajor,
    role: row.role,
    bypassesRls: row.bypass,
    tables: tables.map(({ schema, name }) => ({ schema, name })),
    excluded: excluded.map(({ schema, name }) => ({ schema, name })),
    dependencies,
    warnings
  }
}

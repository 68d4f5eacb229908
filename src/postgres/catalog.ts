import pg from 'pg'
import type { Inventory, SequenceInventory, TableInventory } from '../manifest/schema.js'
import type { Client } from './client.js'
import {
  inspectComments,
  inspectDomains,
  inspectFunctions,
  inspectTypes
} from './catalog-definitions.js'
import {
  inspectColumnOrders,
  inspectColumns,
  inspectRules,
  inspectTableShapes,
  inspectViews
} from './catalog-relations.js'

/** A table by schema and name, as stored (case-sensitive). */
export interface TableRef {
  schema: string
  name: string
}

/** `schema.name` as used for keys in the manifest (unquoted). */
export const tableKey = (table: TableRef): string => `${table.schema}.${table.name}`

/** A safely quoted `"schema"."name"` for SQL text. */
export const quoteTable = (table: TableRef): string =>
  `${pg.escapeIdentifier(table.schema)}.${pg.escapeIdentifier(table.name)}`

/**
 * Session settings that make every catalog definition schema-qualified and
 * every row's text form identical on the source and on a restored copy
 * (timestamps in UTC, ISO dates, exact floats, hex bytea).
 */
export async function prepareInspectionSession(client: Client): Promise<void> {
  await client.query(`SELECT set_config('search_path', '', false), set_config('TimeZone', 'UTC', false),
    set_config('DateStyle', 'ISO, YMD', false), set_config('IntervalStyle', 'postgres', false),
    set_config('extra_float_digits', '3', false), set_config('bytea_output', 'hex', false)`)
}

/** Ordinary and partitioned tables in the given schemas, sorted by schema then name. */
export async function listTables(
  client: Client,
  schemas: string[]
): Promise<Array<TableRef & { rlsEnabled: boolean }>> {
  const result = await client.query<{ schema: string; name: string; rls: boolean }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.relrowsecurity AS rls
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])
      ORDER BY 1, 2`,
    [schemas]
  )
  return result.rows.map((row) => ({ schema: row.schema, name: row.name, rlsEnabled: row.rls }))
}

export interface InspectOptions {
  /** Also hash every row (order-independent): proves content, costs a read of each table. */
  contentHash: boolean
  /** Called after each table is counted, for progress lines. */
  onTable?: (table: TableRef, rowCount: number) => void
}

/** What a backup covers: whole schemas (their views, functions, types...) and these tables in them. */
export interface InspectScope {
  schemas: string[]
  tables: TableRef[]
}

/**
 * Inspects the scope in the client's current snapshot: per table exact row counts (and content
 * hashes), storage, columns, constraints, indexes, RLS flags, policies, triggers and rules;
 * sequences with their owning column's max; views, functions, types, domains and comments of the
 * schemas. The same code inspects the source at backup time and the scratch copy in the drill, so
 * equal means equal. One query per kind (plus one count per table and owned sequence).
 */
export async function inspectDatabase(
  client: Client,
  scope: InspectScope,
  options: InspectOptions
): Promise<Inventory> {
  await prepareInspectionSession(client)
  const { tables } = scope
  const inScope = new Set(tables.map(tableKey))
  const schemas = [...new Set([...scope.schemas, ...tables.map((t) => t.schema)])]
  const keep = <T extends { schema: string; table: string }>(rows: T[]) =>
    rows.filter((row) => inScope.has(`${row.schema}.${row.table}`))

  const flags = await client.query<{
    schema: string
    table: string
    rls: boolean
    forced: boolean
    partitioned: boolean
  }>(
    `SELECT n.nspname AS schema, c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
            c.relkind = 'p' AS partitioned
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])`,
    [schemas]
  )
  const flagsByTable = new Map(keep(flags.rows).map((row) => [`${row.schema}.${row.table}`, row]))
  const shapes = await inspectTableShapes(client, schemas)
  const columnOrders = await inspectColumnOrders(client, schemas)

  const tableInventories: TableInventory[] = []
  for (const table of tables) {
    const flag = flagsByTable.get(tableKey(table))
    if (!flag) continue // absent here: the diff reports it as a missing table
    const counted = await countTable(
      client,
      table,
      options.contentHash ? (columnOrders.get(tableKey(table))?.recreated ?? []) : undefined
    )
    options.onTable?.(table, counted.rowCount)
    tableInventories.push({
      schema: table.schema,
      name: table.name,
      rowCount: counted.rowCount,
      rlsEnabled: flag.rls,
      rlsForced: flag.forced,
      ...(flag.partitioned ? { partitioned: true } : {}),
      ...shapes.get(tableKey(table)),
      ...(counted.contentHash !== undefined ? { contentHash: counted.contentHash } : {})
    })
  }

  const constraints = await client.query<{
    schema: string
    table: string
    name: string
    type: string
    definition: string
    validated: boolean
    derived: boolean
  }>(
    `SELECT n.nspname AS schema, c.relname AS table, con.conname AS name, con.contype::text AS type,
            pg_catalog.pg_get_constraintdef(con.oid, true) AS definition, con.convalidated AS validated,
            con.conparentid <> 0 AS derived
       FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1::text[]) AND con.contype <> 'n'
      ORDER BY 1, 2, 3`,
    [schemas]
  )
  const indexes = await client.query<{
    schema: string
    table: string
    name: string
    definition: string
    valid: boolean
  }>(
    `SELECT n.nspname AS schema, c.relname AS table, i.relname AS name,
            pg_catalog.pg_get_indexdef(x.indexrelid) AS definition, x.indisvalid AS valid
       FROM pg_catalog.pg_index x
       JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
       JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1::text[])
      ORDER BY 1, 2, 3`,
    [schemas]
  )
  const policies = await client.query<{
    schema: string
    table: string
    name: string
    command: string
    permissive: string
    roles: string[]
    using: string | null
    with_check: string | null
  }>(
    `SELECT schemaname AS schema, tablename AS table, policyname AS name, cmd AS command, permissive,
            roles::text[] AS roles, qual AS using, with_check
       FROM pg_catalog.pg_policies WHERE schemaname = ANY($1::text[])
      ORDER BY 1, 2, 3`,
    [schemas]
  )
  const triggers = await client.query<{
    schema: string
    table: string
    name: string
    definition: string
    enabled: string
  }>(
    `SELECT n.nspname AS schema, c.relname AS table, t.tgname AS name,
            pg_catalog.pg_get_triggerdef(t.oid, true) AS definition, t.tgenabled::text AS enabled
       FROM pg_catalog.pg_trigger t
       JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT t.tgisinternal AND n.nspname = ANY($1::text[])
      ORDER BY 1, 2, 3`,
    [schemas]
  )

  const views = await inspectViews(client, schemas)
  const viewNames = new Set(views.map((view) => view.name))
  return {
    tables: tableInventories,
    constraints: keep(constraints.rows).map(
      ({ schema, table, name, type, definition, validated, derived }) => ({
        table: `${schema}.${table}`,
        name,
        type,
        definition,
        validated,
        derived
      })
    ),
    indexes: keep(indexes.rows).map(({ schema, table, name, definition, valid }) => ({
      table: `${schema}.${table}`,
      name,
      definition,
      valid
    })),
    policies: keep(policies.rows).map(
      ({ schema, table, name, command, permissive, roles, using, with_check }) => ({
        table: `${schema}.${table}`,
        name,
        command,
        permissive: permissive === 'PERMISSIVE',
        roles: [...roles].sort(),
        using,
        withCheck: with_check
      })
    ),
    sequences: await inspectSequences(client, schemas, inScope),
    triggers: keep(triggers.rows).map(({ schema, table, name, definition, enabled }) => ({
      table: `${schema}.${table}`,
      name,
      definition,
      enabled
    })),
    columns: await inspectColumns(client, schemas, inScope, columnOrders),
    rules: await inspectRules(client, schemas, (key) => inScope.has(key) || viewNames.has(key)),
    views,
    functions: await inspectFunctions(client, schemas),
    types: await inspectTypes(client, schemas),
    domains: await inspectDomains(client, schemas),
    comments: await inspectComments(client, schemas, (key) => inScope.has(key))
  }
}

/** count(*), and with `hashColumns` (the table's columns in recreated order) the content hash. */
async function countTable(
  client: Client,
  table: TableRef,
  hashColumns: string[] | undefined
): Promise<{ rowCount: number; contentHash?: string }> {
  if (!hashColumns) {
    const result = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${quoteTable(table)}`
    )
    return { rowCount: Number(result.rows[0]?.n ?? 0) }
  }
  // Sum of 64-bit hashes of each row's text form: independent of row order and physical
  // layout, so a restored copy hashes the same. The row is built from an explicit column list
  // in the order pg_dump recreates the table (an inheritance child comes back with its parents'
  // columns first), so equal data hashes equal whatever the physical order; for a table whose
  // order is its attnum order, ROW(t.a, t.b)::text is exactly t::text. One scan per table;
  // numeric avoids overflow.
  const row = `ROW(${hashColumns.map((name) => `t.${pg.escapeIdentifier(name)}`).join(', ')})`
  const result = await client.query<{ n: string; h: string }>(
    `SELECT count(*) AS n, coalesce(sum(pg_catalog.hashtextextended(${row}::text, 0)::numeric), 0)::text AS h
       FROM ${quoteTable(table)} AS t`
  )
  return { rowCount: Number(result.rows[0]?.n ?? 0), contentHash: result.rows[0]?.h ?? '0' }
}

async function inspectSequences(
  client: Client,
  schemas: string[],
  inScope: Set<string>
): Promise<SequenceInventory[]> {
  const result = await client.query<{
    schema: string
    name: string
    last_value: string | null
    table_schema: string | null
    table_name: string | null
    column_name: string | null
  }>(
    `SELECT sn.nspname AS schema, sc.relname AS name, ps.last_value::text AS last_value,
            tn.nspname AS table_schema, tc.relname AS table_name, a.attname AS column_name
       FROM pg_catalog.pg_class sc
       JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
       LEFT JOIN pg_catalog.pg_sequences ps ON ps.schemaname = sn.nspname AND ps.sequencename = sc.relname
       LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = sc.oid
             AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')
       LEFT JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid
       LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
       LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE sc.relkind = 'S' AND sn.nspname = ANY($1::text[])
      ORDER BY 1, 2`,
    [schemas]
  )
  const owned = result.rows.flatMap((row) => {
    const owner =
      row.table_schema && row.table_name && row.column_name
        ? { schema: row.table_schema, name: row.table_name, column: row.column_name }
        : undefined
    // A sequence owned by a table outside the scope is not part of this backup.
    if (owner && !inScope.has(`${owner.schema}.${owner.name}`)) return []
    return [{ name: `${row.schema}.${row.name}`, lastValue: row.last_value, owner }]
  })
  const maxima = await columnMaxima(
    client,
    owned.flatMap((sequence) => (sequence.owner ? [sequence.owner] : []))
  )
  return owned.map(({ name, lastValue, owner }) => {
    const ownedBy = owner ? `${owner.schema}.${owner.name}.${owner.column}` : null
    return { name, lastValue, ownedBy, columnMax: ownedBy ? (maxima.get(ownedBy) ?? null) : null }
  })
}

/** max() of each owning column, keyed `schema.table.column`: one query per 100 columns, not one each. */
async function columnMaxima(
  client: Client,
  columns: Array<TableRef & { column: string }>
): Promise<Map<string, string | null>> {
  const maxima = new Map<string, string | null>()
  for (let at = 0; at < columns.length; at += 100) {
    const chunk = columns.slice(at, at + 100)
    const result = await client.query<{ i: number; m: string | null }>(
      chunk
        .map(
          (column, i) =>
            `SELECT ${i} AS i, max(${pg.escapeIdentifier(column.column)})::text AS m FROM ${quoteTable(column)}`
        )
        .join(' UNION ALL ')
    )
    for (const row of result.rows) {
      const column = chunk[row.i]!
      maxima.set(`${column.schema}.${column.name}.${column.column}`, row.m)
    }
  }
  return maxima
}

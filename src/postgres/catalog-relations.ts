import pg from 'pg'
import type {
  ColumnInventory,
  RuleInventory,
  TableInventory,
  ViewInventory
} from '../manifest/schema.js'
import type { Client } from './client.js'
import {
  recreatedColumnOrders,
  type ColumnOrder,
  type PhysicalColumns
} from './recreated-column-order.js'

export type { ColumnOrder } from './recreated-column-order.js'

/**
 * Format-2 inventory of relations: how each table is stored and placed in its hierarchy, its
 * columns as pg_dump recreates them, views and materialized views, and rules. One query per kind
 * for all schemas at once (the backup runs this inside the dump's snapshot), filtered to the scope
 * by the caller's `inScope` (tables the scope left out are not dumped, so not recorded).
 */

/** Storage and hierarchy of every table, keyed `schema.name`. */
export type TableShape = Required<
  Pick<
    TableInventory,
    'accessMethod' | 'persistence' | 'partitionKey' | 'partitionBound' | 'parents'
  >
>

export async function inspectTableShapes(
  client: Client,
  schemas: string[]
): Promise<Map<string, TableShape>> {
  const result = await client.query<{
    key: string
    am: string | null
    unlogged: boolean
    partition_key: string | null
    partition_bound: string | null
    parents: string[]
  }>(
    `SELECT n.nspname || '.' || c.relname AS key, am.amname AS am, c.relpersistence = 'u' AS unlogged,
            CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
            pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS partition_bound,
            ARRAY(SELECT pn.nspname || '.' || pc.relname FROM pg_catalog.pg_inherits i
                    JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                    JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                   WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) AS parents
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])`,
    [schemas]
  )
  return new Map(
    result.rows.map((row) => [
      row.key,
      {
        accessMethod: row.am,
        persistence: row.unlogged ? 'unlogged' : 'permanent',
        partitionKey: row.partition_key,
        partitionBound: row.partition_bound,
        parents: row.parents
      }
    ])
  )
}

/**
 * Column orders of the tables in the schemas, keyed `schema.name`, plus the direct INHERITS parents
 * of those tables wherever they live (a child's recreated order starts with its parents').
 */
export async function inspectColumnOrders(
  client: Client,
  schemas: string[]
): Promise<Map<string, ColumnOrder>> {
  const result = await client.query<{ key: string; columns: string[]; parents: string[] }>(
    `SELECT n.nspname || '.' || c.relname AS key,
            ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                   ORDER BY a.attnum) AS columns,
            -- A partition is created with all its columns and then attached: no INHERITS.
            CASE WHEN c.relispartition THEN '{}'::text[]
                 ELSE ARRAY(SELECT pn.nspname || '.' || pc.relname FROM pg_catalog.pg_inherits i
                              JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                              JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                             WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) END AS parents
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p')
        AND (n.nspname = ANY($1::text[])
             OR c.oid IN (SELECT i.inhparent FROM pg_catalog.pg_inherits i
                            JOIN pg_catalog.pg_class cc ON cc.oid = i.inhrelid
                            JOIN pg_catalog.pg_namespace cn ON cn.oid = cc.relnamespace
                           WHERE cn.nspname = ANY($1::text[])))`,
    [schemas]
  )
  const physical = new Map<string, PhysicalColumns>(
    result.rows.map((row) => [row.key, { columns: row.columns, parents: row.parents }])
  )
  const recreated = recreatedColumnOrders(physical)
  return new Map(
    [...physical].map(([key, table]) => [
      key,
      { physical: table.columns, recreated: recreated.get(key) ?? table.columns }
    ])
  )
}

/**
 * Live columns of the tables in scope. A column's position is its place in the order pg_dump's
 * script recreates the table in (`orders`), not its attnum: an inheritance child comes back with
 * its parents' columns first, whatever order it had, so source and restored copy compare by the
 * order both will have after a faithful restore (see recreated-column-order.ts).
 */
export async function inspectColumns(
  client: Client,
  schemas: string[],
  inScope: ReadonlySet<string>,
  orders: ReadonlyMap<string, ColumnOrder>
): Promise<ColumnInventory[]> {
  const result = await client.query<{
    table: string
    name: string
    type: string
    not_null: boolean
    default: string | null
    identity: string
    generated: string
    collation: string | null
  }>(
    `SELECT n.nspname || '.' || c.relname AS table, a.attname AS name,
            pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
            pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity::text AS identity,
            a.attgenerated::text AS generated,
            CASE WHEN a.attcollation <> t.typcollation
                 THEN (SELECT cn.nspname || '.' || co.collname FROM pg_catalog.pg_collation co
                         JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
                        WHERE co.oid = a.attcollation) END AS collation
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
    [schemas]
  )
  return result.rows
    .filter((row) => inScope.has(row.table))
    .map((row) => {
      const generated = row.generated !== '' ? row.default : null
      return {
        table: row.table,
        name: row.name,
        position: (orders.get(row.table)?.recreated.indexOf(row.name) ?? -1) + 1,
        type: row.type,
        notNull: row.not_null,
        // A generated column's expression lives in pg_attrdef too: it is not a default.
        default: generated === null ? row.default : null,
        identity: IDENTITY[row.identity] ?? null,
        generated,
        collation: row.collation
      }
    })
}

const IDENTITY: Record<string, string> = { a: 'always', d: 'by default' }

/** Views and materialized views in the schemas (all of them: the scope's table filters do not apply). */
export async function inspectViews(client: Client, schemas: string[]): Promise<ViewInventory[]> {
  const result = await client.query<{
    schema: string
    rel: string
    name: string
    materialized: boolean
    definition: string
    options: string[] | null
    populated: boolean
  }>(
    `SELECT n.nspname AS schema, c.relname AS rel, n.nspname || '.' || c.relname AS name, c.relkind = 'm' AS materialized,
            pg_catalog.pg_get_viewdef(c.oid, true) AS definition, c.reloptions AS options,
            c.relispopulated AS populated
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                          AND e.objid = c.oid AND e.deptype = 'e')
      ORDER BY 1`,
    [schemas]
  )
  const views: ViewInventory[] = []
  for (const row of result.rows) {
    const view: ViewInventory = {
      name: row.name,
      materialized: row.materialized,
      definition: row.definition.trim(),
      options: [...(row.options ?? [])].sort()
    }
    if (row.materialized) {
      view.populated = row.populated
      // A materialized view's rows are data the restore must load (REFRESH at the end of pg_restore).
      view.rowCount = row.populated ? await countRows(client, row.schema, row.rel) : null
    }
    views.push(view)
  }
  return views
}

async function countRows(client: Client, schema: string, name: string): Promise<number> {
  const result = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(name)}`
  )
  return Number(result.rows[0]?.n ?? 0)
}

/** Rules on the tables in scope and on views (not the `_RETURN` rule that makes a view a view). */
export async function inspectRules(
  client: Client,
  schemas: string[],
  onRelation: (key: string) => boolean
): Promise<RuleInventory[]> {
  const result = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT schemaname || '.' || tablename AS table, rulename AS name, definition
       FROM pg_catalog.pg_rules WHERE schemaname = ANY($1::text[]) ORDER BY 1, 2`,
    [schemas]
  )
  return result.rows.filter((row) => onRelation(row.table))
}

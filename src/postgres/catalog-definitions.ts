import type {
  CommentInventory,
  DomainInventory,
  FunctionInventory,
  TypeInventory
} from '../manifest/schema.js'
import type { Client } from './client.js'
import { owningRelationSql } from './owning-relation-sql.js'

/**
 * Format-2 inventory of the schema-level definitions pg_dump --schema carries: functions (and
 * procedures, aggregates, window functions), types, domains, and comments. One query per kind.
 * Objects that belong to an extension are left out everywhere: CREATE EXTENSION makes them, and
 * pg_dump does not dump them one by one.
 */

/** `NOT <extension member>` for the object `oid` of catalog `catalog` (a SQL fragment). */
const notInExtension = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '${catalog}'::pg_catalog.regclass
                 AND e.objid = ${oid} AND e.deptype = 'e')`

const KIND: Record<string, FunctionInventory['kind']> = {
  f: 'function',
  p: 'procedure',
  a: 'aggregate',
  w: 'window'
}

export async function inspectFunctions(
  client: Client,
  schemas: string[]
): Promise<FunctionInventory[]> {
  // pg_get_functiondef prints the whole CREATE statement as the server deparses it (search_path is
  // empty, so every name is qualified); aggregates have no such text, so their parts are hashed.
  const result = await client.query<{ signature: string; kind: string; hash: string }>(
    `SELECT p.oid::pg_catalog.regprocedure::text AS signature, p.prokind::text AS kind,
            pg_catalog.md5(CASE WHEN p.prokind = 'a' THEN pg_catalog.concat_ws('|',
                 pg_catalog.pg_get_function_arguments(p.oid), pg_catalog.pg_get_function_result(p.oid),
                 ag.aggkind, ag.aggnumdirectargs, ag.aggtransfn, ag.aggfinalfn, ag.aggcombinefn, ag.aggserialfn,
                 ag.aggdeserialfn, ag.aggmtransfn, ag.aggminvtransfn, ag.aggmfinalfn, ag.aggfinalextra,
                 ag.aggmfinalextra, ag.aggfinalmodify, ag.aggmfinalmodify, ag.aggsortop::pg_catalog.regoperator,
                 pg_catalog.format_type(ag.aggtranstype, NULL), ag.aggtransspace,
                 pg_catalog.format_type(ag.aggmtranstype, NULL), ag.aggmtransspace, ag.agginitval,
                 ag.aggminitval, p.proparallel)
               ELSE pg_catalog.pg_get_functiondef(p.oid) END) AS hash
       FROM pg_catalog.pg_proc p
       JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
       LEFT JOIN pg_catalog.pg_aggregate ag ON ag.aggfnoid = p.oid
      WHERE n.nspname = ANY($1::text[]) AND ${notInExtension('pg_catalog.pg_proc', 'p.oid')}
      ORDER BY 1`,
    [schemas]
  )
  return result.rows.map((row) => ({
    signature: row.signature,
    kind: KIND[row.kind] ?? 'function',
    definitionHash: row.hash
  }))
}

/** Enums (labels in order), composite types (attributes) and ranges (subtype and functions). */
export async function inspectTypes(client: Client, schemas: string[]): Promise<TypeInventory[]> {
  const result = await client.query<{ name: string; kind: string; definition: string }>(
    `SELECT n.nspname || '.' || t.typname AS name, t.typtype::text AS kind,
            CASE t.typtype
              WHEN 'e' THEN 'enum (' || coalesce((SELECT pg_catalog.string_agg(pg_catalog.quote_literal(e.enumlabel), ', '
                                 ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid), '') || ')'
              WHEN 'c' THEN 'composite (' || coalesce((SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname) || ' '
                                 || pg_catalog.format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                                 FROM pg_catalog.pg_attribute a
                                WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '') || ')'
              ELSE 'range (subtype ' || pg_catalog.format_type(r.rngsubtype, NULL)
                   || ', collation ' || coalesce(nullif(r.rngcollation, 0)::pg_catalog.regcollation::text, 'default')
                   || ', opclass ' || (SELECT o.opcname FROM pg_catalog.pg_opclass o WHERE o.oid = r.rngsubopc)
                   || ', canonical ' || r.rngcanonical::text || ', subtype_diff ' || r.rngsubdiff::text || ')'
            END AS definition
       FROM pg_catalog.pg_type t
       JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
       LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
      WHERE n.nspname = ANY($1::text[])
        AND (t.typtype IN ('e', 'r')
             OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
        AND ${notInExtension('pg_catalog.pg_type', 't.oid')}
      ORDER BY 1`,
    [schemas]
  )
  const kinds: Record<string, TypeInventory['kind']> = { e: 'enum', c: 'composite', r: 'range' }
  return result.rows.map((row) => ({
    name: row.name,
    kind: kinds[row.kind] ?? 'composite',
    definition: row.definition
  }))
}

export async function inspectDomains(
  client: Client,
  schemas: string[]
): Promise<DomainInventory[]> {
  const result = await client.query<{
    name: string
    definition: string
    constraints: DomainInventory['constraints']
  }>(
    `SELECT n.nspname || '.' || t.typname AS name,
            pg_catalog.format_type(t.typbasetype, t.typtypmod)
              || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END
              || coalesce(' DEFAULT ' || pg_catalog.pg_get_expr(t.typdefaultbin, 0), '')
              || CASE WHEN t.typcollation <> b.typcollation
                      THEN ' COLLATE ' || t.typcollation::pg_catalog.regcollation::text ELSE '' END AS definition,
            coalesce((SELECT pg_catalog.json_agg(pg_catalog.json_build_object('name', c.conname,
                        'definition', pg_catalog.pg_get_constraintdef(c.oid, true), 'validated', c.convalidated)
                        ORDER BY c.conname)
                        FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype <> 'n'),
                     '[]') AS constraints
       FROM pg_catalog.pg_type t
       JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
       JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype
      WHERE t.typtype = 'd' AND n.nspname = ANY($1::text[]) AND ${notInExtension('pg_catalog.pg_type', 't.oid')}
      ORDER BY 1`,
    [schemas]
  )
  return result.rows
}

/**
 * Comments on objects in the schemas: relations, columns, constraints, indexes, triggers,
 * policies, rules, functions, types. An object on a table counts only when that table is in
 * scope (`tableInScope`). Built-in objects (oid below 16384) are skipped before the lookup.
 */
export async function inspectComments(
  client: Client,
  schemas: string[],
  tableInScope: (key: string) => boolean
): Promise<CommentInventory[]> {
  const result = await client.query<{
    object: string
    comment: string
    relation: string | null
    relkind: string | null
  }>(
    `SELECT o.type || ' ' || o.identity AS object, d.description AS comment,
            rn.nspname || '.' || rc.relname AS relation, rc.relkind::text AS relkind
       FROM pg_catalog.pg_description d
       CROSS JOIN LATERAL pg_catalog.pg_identify_object(d.classoid, d.objoid, d.objsubid) o
       CROSS JOIN LATERAL (SELECT ${owningRelationSql('d.classoid', 'd.objoid')} AS relid) owner
       LEFT JOIN pg_catalog.pg_class rc ON rc.oid = owner.relid
       LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE d.objoid >= 16384 AND coalesce(rn.nspname, o.schema) = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = d.classoid
                          AND e.objid = d.objoid AND e.deptype = 'e')
      ORDER BY 1`,
    [schemas]
  )
  return result.rows
    .filter(
      (row) =>
        row.relation === null ||
        (row.relkind !== 'r' && row.relkind !== 'p') ||
        tableInScope(row.relation)
    )
    .map(({ object, comment }) => ({ object, comment }))
}

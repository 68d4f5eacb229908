import type { ExtensionInventory } from '../manifest/schema.js'
import type { Client } from '../postgres/client.js'
import { DRILL_MARKER_SCHEMA } from '../input/names.js'

/**
 * The state of the scratch database before a drill writes anything, and what
 * the drill may do with it. A drill writes only into a database it may own:
 * one that is empty in the schemas the backup restores, or one that carries
 * the marker a previous drill left. Production is never empty in those schemas
 * (the backup came from there) and never carries the marker, so this refusal
 * holds even when every URL comparison was fooled.
 */

/**
 * Where a drill marks the database it restored into: a schema of its own,
 * outside every restored schema, whose comment names what the drills restored.
 * A comment, not a table: nothing in it can be counted as data. (Declared with
 * the input names, because a backup's scope may not name it.)
 */
export const MARKER_SCHEMA = DRILL_MARKER_SCHEMA
const MARKER_PREFIX = 'backup-drill scratch marker '

/** The marker comment for the schemas drills restored into this database. */
export function markerComment(schemas: string[]): string {
  return `${MARKER_PREFIX}${JSON.stringify({ schemas: [...new Set(schemas)].sort() })}`
}

/** An object found in a schema the backup restores. */
export interface ScratchObject {
  schema: string
  /** pg_identify_object's type (table, function, type, extension, ...). */
  type: string
  /** pg_identify_object's qualified identity, usable in DROP <type> <identity>. */
  identity: string
}

export interface ScratchState {
  /** Objects already in the schemas the backup restores (the extensions the drill prepares do not count). */
  objects: ScratchObject[]
  largeObjects: number
  /** Schemas earlier drills restored, from the marker; undefined when there is no marker. */
  marker: { schemas: string[] } | undefined
}

export type ScratchDecision =
  | { action: 'restore'; reason: string }
  | { action: 'reset'; schemas: string[]; reason: string }
  | { action: 'overwrite'; reason: string }
  | { action: 'refuse'; reason: string }

/** Decides what the drill may do with the scratch database (pure). */
export function decideScratch(
  state: ScratchState,
  options: { schemas: string[]; overwrite: boolean; largeObjects: boolean }
): ScratchDecision {
  const restored = options.schemas.join(', ')
  if (state.marker) {
    const schemas = [...new Set([...state.marker.schemas, ...options.schemas])].sort()
    return {
      action: 'reset',
      schemas,
      reason: `it carries the marker of an earlier drill (schema ${MARKER_SCHEMA}): emptying ${schemas.join(', ')}${state.largeObjects ? ` and removing ${state.largeObjects} large object(s)` : ''}, then restoring without --clean`
    }
  }
  const foreign = describeContent(state, options.largeObjects)
  if (!foreign) {
    return {
      action: 'restore',
      reason: `it is empty in ${restored}: restoring without --clean`
    }
  }
  if (options.overwrite) {
    return {
      action: 'overwrite',
      reason: `overwrite-scratch is set and it already holds ${foreign}: restoring with pg_restore --clean --if-exists, which drops the backup's objects there first`
    }
  }
  return {
    action: 'refuse',
    reason: `it already holds ${foreign} and carries no marker of an earlier drill (schema ${MARKER_SCHEMA}), so it may be a real database. Point scratch-db-url at an empty database, or set overwrite-scratch to true (CLI --overwrite-scratch true) to restore over it with pg_restore --clean`
  }
}

/** "3 object(s) in public (table public.x, ...)", or undefined when there is nothing. */
function describeContent(state: ScratchState, largeObjects: boolean): string | undefined {
  const parts: string[] = []
  if (state.objects.length > 0) {
    const shown = state.objects
      .slice(0, 5)
      .map((o) => `${o.type} ${o.identity}`)
      .join(', ')
    const schemas = [...new Set(state.objects.map((o) => o.schema))].join(', ')
    parts.push(
      `${state.objects.length} object(s) in ${schemas} (${shown}${state.objects.length > 5 ? ', …' : ''})`
    )
  }
  // The backup brings large objects, which belong to no schema: existing ones would be counted too.
  if (largeObjects && state.largeObjects > 0) parts.push(`${state.largeObjects} large object(s)`)
  return parts.length ? parts.join(' and ') : undefined
}

/** Reads the scratch database's state; writes nothing. */
export async function inspectScratch(
  client: Client,
  schemas: string[],
  extensions: ExtensionInventory[]
): Promise<ScratchState> {
  const objects = await objectsInSchemas(client, schemas, extensions)
  const los = await client.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_catalog.pg_largeobject_metadata'
  )
  return { objects, largeObjects: los.rows[0]!.n, marker: await readMarker(client) }
}

/**
 * Every object that lives in `schemas`, except `extensions` installed where
 * the manifest says (the drill would prepare exactly those). An extension's
 * members are represented by the extension. Objects that follow another
 * (indexes, array and row types, TOAST, a range's multirange, an identity
 * column's sequence) are left out: they go with their owner.
 */
export async function objectsInSchemas(
  client: Client,
  schemas: string[],
  extensions: ExtensionInventory[]
): Promise<ScratchObject[]> {
  const result = await client.query<ScratchObject>(
    `WITH expected AS (
       SELECT e.oid FROM pg_catalog.pg_extension e
         JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
         JOIN ROWS FROM (pg_catalog.unnest($2::text[]), pg_catalog.unnest($3::text[])) AS x(name, schema)
           ON x.name = e.extname AND x.schema = n.nspname
     ), objects (classid, objid, namespace) AS (
       SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, oid, relnamespace FROM pg_catalog.pg_class
        WHERE relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
       UNION ALL SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, oid, pronamespace FROM pg_catalog.pg_proc
       UNION ALL SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, oid, typnamespace FROM pg_catalog.pg_type
        WHERE (typtype IN ('b', 'd', 'e', 'r') AND typcategory <> 'A')
           OR (typtype = 'c' AND (SELECT relkind FROM pg_catalog.pg_class WHERE oid = typrelid) = 'c')
       UNION ALL SELECT 'pg_catalog.pg_collation'::pg_catalog.regclass, oid, collnamespace FROM pg_catalog.pg_collation
       UNION ALL SELECT 'pg_catalog.pg_operator'::pg_catalog.regclass, oid, oprnamespace FROM pg_catalog.pg_operator
       UNION ALL SELECT 'pg_catalog.pg_opfamily'::pg_catalog.regclass, oid, opfnamespace FROM pg_catalog.pg_opfamily
       UNION ALL SELECT 'pg_catalog.pg_conversion'::pg_catalog.regclass, oid, connamespace FROM pg_catalog.pg_conversion
       UNION ALL SELECT 'pg_catalog.pg_ts_config'::pg_catalog.regclass, oid, cfgnamespace FROM pg_catalog.pg_ts_config
       UNION ALL SELECT 'pg_catalog.pg_ts_dict'::pg_catalog.regclass, oid, dictnamespace FROM pg_catalog.pg_ts_dict
       UNION ALL SELECT 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass, oid, stxnamespace FROM pg_catalog.pg_statistic_ext
       UNION ALL SELECT 'pg_catalog.pg_extension'::pg_catalog.regclass, oid, extnamespace FROM pg_catalog.pg_extension
         WHERE oid NOT IN (SELECT oid FROM expected)
     )
     SELECT n.nspname AS schema, ident.type, ident.identity
       FROM objects o
       JOIN pg_catalog.pg_namespace n ON n.oid = o.namespace
       CROSS JOIN LATERAL pg_catalog.pg_identify_object(o.classid, o.objid, 0) AS ident
      WHERE n.nspname = ANY($1::text[])
        AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                         WHERE d.classid = o.classid AND d.objid = o.objid AND d.objsubid = 0
                           AND d.deptype IN ('e', 'i'))
      ORDER BY (ident.type = 'extension') DESC, 1, 2, 3`,
    [schemas, extensions.map((e) => e.name), extensions.map((e) => e.schema)]
  )
  return result.rows
}

/** The schemas earlier drills restored, from the marker comment; undefined without one. */
export async function readMarker(client: Client): Promise<{ schemas: string[] } | undefined> {
  const result = await client.query<{ comment: string | null }>(
    `SELECT pg_catalog.obj_description(oid, 'pg_namespace') AS comment
       FROM pg_catalog.pg_namespace WHERE nspname = $1`,
    [MARKER_SCHEMA]
  )
  const comment = result.rows[0]?.comment
  if (!comment?.startsWith(MARKER_PREFIX)) return undefined
  try {
    const parsed = JSON.parse(comment.slice(MARKER_PREFIX.length)) as { schemas?: unknown }
    const schemas = Array.isArray(parsed.schemas) ? parsed.schemas.map(String) : []
    return { schemas }
  } catch {
    return undefined
  }
}

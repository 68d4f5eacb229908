import { keepEntries, listedName, parseToc } from '../postgres/archive-check.js'
import { inspectFunctions } from '../postgres/catalog-definitions.js'
import type { Client } from '../postgres/client.js'
import { owningRelationSql } from '../postgres/owning-relation-sql.js'
import { fail, pass, type Check } from './checks.js'

/**
 * The entry kinds of pg_restore --list that name an object `schema name …` or
 * `schema table name …`, longest first (so `FK CONSTRAINT` is not read as `CONSTRAINT`).
 */
const DESCS = [
  'MATERIALIZED VIEW',
  'FOREIGN TABLE',
  'FK CONSTRAINT',
  'CHECK CONSTRAINT',
  'CONSTRAINT',
  'SEQUENCE',
  'AGGREGATE',
  'PROCEDURE',
  'FUNCTION',
  'TRIGGER',
  'DEFAULT',
  'DOMAIN',
  'OPERATOR',
  'POLICY',
  'INDEX',
  'TABLE',
  'VIEW',
  'TYPE',
  'RULE'
].sort((a, b) => b.length - a.length)

/** The catalogs whose objects `cleanBlockers` can find in a listing (as `regclass::text` prints them). */
const KNOWN_CLASSES = new Set([
  'pg_class',
  'pg_trigger',
  'pg_policy',
  'pg_constraint',
  'pg_rewrite',
  'pg_attrdef',
  'pg_proc',
  'pg_type',
  'pg_operator'
])

/** The catalogs whose objects' entries are `schema name …` (an index's is too: pg_class). */
const SCHEMA_NAMED = new Set(['pg_class', 'pg_proc', 'pg_type', 'pg_operator'])

/** One dependency of an object the restore may not re-create on an object it drops. */
export interface CleanDependencyRow {
  /** pg_describe_object of the dependent, e.g. `view rep.v` or `constraint t_c_fkey on table rep.t`. */
  dependent: string
  /** The dependent's schema, or of the table it belongs to (null: no schema, e.g. a cast). */
  dependentSchema: string | null
  /** The relation the dependent belongs to (a view's rule: the view), if any. */
  dependentRelation: string | null
  /** The dependent's own name (a trigger's, a constraint's, a function's …). */
  dependentName: string | null
  /**
   * The dependent's catalog (`pg_class`, `pg_trigger` …). Only kinds whose --list entry can be
   * found (KNOWN_CLASSES) are held against a restore when they lie in the backup's schemas; another
   * kind there (an operator class, a text search object …) is taken as re-created.
   */
  dependentClass: string
  /** The statement that re-creates the dependent (a constraint, trigger, view or policy), if known. */
  recreate?: string | null
  /** pg_describe_object of what it depends on. */
  referenced: string
  referencedSchema: string
  /** The relation, type or function --clean would drop (a column's or index's table, an array's element type). */
  referencedName: string
  /**
   * For a function: its signature as the inventory prints it (`public.is_admin(uuid)`) and as
   * pg_restore --list does after the schema (`is_admin(uuid)`); null for other objects.
   */
  referencedFunction: { signature: string; listed: string } | null
}

/** The kinds --clean drops that others can depend on: relations, types, functions. */
const OWNER_DESCS = new Set([
  'MATERIALIZED VIEW',
  'FOREIGN TABLE',
  'SEQUENCE',
  'AGGREGATE',
  'PROCEDURE',
  'FUNCTION',
  'DOMAIN',
  'OPERATOR',
  'TABLE',
  'VIEW',
  'TYPE'
])

/**
 * The names after each entry's kind in a listing (`schema name owner`, `schema table name
 * owner`), commented-out entries left out; `owners` keeps only relations, types and functions.
 */
function entryNames(listing: string, owners: boolean): string[] {
  return parseToc(listing).flatMap((entry) => {
    // Data only: the table itself is not dropped.
    if (/^(TABLE DATA|SEQUENCE SET|SEQUENCE OWNED BY|INDEX ATTACH) /.test(entry.rest)) return []
    const desc = DESCS.find((d) => entry.rest.startsWith(`${d} `))
    if (!desc || (owners && !OWNER_DESCS.has(desc))) return []
    return [entry.rest.slice(desc.length + 1)]
  })
}

const named = (names: string[], key: string) =>
  names.some((rest) => rest.startsWith(`${key} `) || rest.startsWith(`${key}(`))

/**
 * Pure: the dependencies that make a `pg_restore --clean` of `listing` fail half-way. --clean
 * drops each object of the listing without CASCADE; an object the restore does not re-create
 * (outside the backup's schemas, or in them but unknown to the backup) that depends on one it
 * drops makes that DROP fail, and then its CREATE ("already exists"), its data (appended to the
 * old rows, or refused by the old key) and its keys fail too.
 */
export function cleanBlockers(
  rows: readonly CleanDependencyRow[],
  listing: string,
  schemas: readonly string[]
): CleanDependencyRow[] {
  const owners = entryNames(listing, true)
  const names = entryNames(listing, false)
  const inScope = new Set(schemas)
  const seen = new Set<string>()
  return rows.filter((row) => {
    const dropped = named(
      owners,
      `${listedName(row.referencedSchema)} ${listedName(row.referencedName)}`
    )
    if (!dropped) return false
    if (row.dependentSchema === null) return false
    if (inScope.has(row.dependentSchema)) {
      if (!KNOWN_CLASSES.has(row.dependentClass)) return false
      const schema = listedName(row.dependentSchema)
      // Re-created with its table (a view's rule, a default, a constraint …)
      if (row.dependentRelation && named(owners, `${schema} ${listedName(row.dependentRelation)}`))
        return false
      // … or by its own entry: `schema name` (a relation, index, function, type, operator),
      // `schema table name` (a trigger, policy, constraint, rule or default on a kept table).
      const own = SCHEMA_NAMED.has(row.dependentClass)
        ? `${schema} ${listedName(row.dependentName ?? '')}`
        : `${schema} ${listedName(row.dependentRelation ?? '')} ${listedName(row.dependentName ?? '')}`
      if (row.dependentName && named(names, own)) return false
    }
    const key = `${row.dependent}\u0000${row.referenced}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * Reads every normal dependency on a relation, type or function in `schemas` (not of an
 * extension's member, not built in), with what --clean would drop for it: a column's or an
 * index's table, a constraint's table or domain, an array's element type, a row type's table.
 */
export async function readCleanDependencies(
  client: Client,
  schemas: readonly string[]
): Promise<CleanDependencyRow[]> {
  return withEmptySearchPath(client, () => readRows(client, schemas))
}

/** Runs `work` with an empty search_path (every name printed qualified), the caller's put back after. */
async function withEmptySearchPath<T>(client: Client, work: () => Promise<T>): Promise<T> {
  const saved = await client.query<{ path: string }>(
    `SELECT pg_catalog.current_setting('search_path') AS path, pg_catalog.set_config('search_path', '', false)`
  )
  try {
    return await work()
  } finally {
    await client.query(`SELECT pg_catalog.set_config('search_path', $1, false)`, [
      saved.rows[0]!.path
    ])
  }
}

async function readRows(client: Client, schemas: readonly string[]): Promise<CleanDependencyRow[]> {
  const result = await client.query<{
    dependent: string
    dependent_schema: string | null
    dependent_relation: string | null
    dependent_name: string | null
    dependent_class: string
    recreate: string | null
    referenced: string
    referenced_schema: string
    referenced_name: string
    function_signature: string | null
    function_listed: string | null
  }>(
    `WITH scope AS (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[])),
     dep AS MATERIALIZED (
       SELECT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid,
              ${owningRelationSql('d.classid', 'd.objid')} AS relid,
              CASE d.refclassid
                WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN 'pg_catalog.pg_class'::pg_catalog.regclass
                WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN 'pg_catalog.pg_proc'::pg_catalog.regclass
                WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN
                  CASE WHEN coalesce(et.typrelid, rt.typrelid, 0) <> 0
                        AND (SELECT c.relkind FROM pg_catalog.pg_class c
                              WHERE c.oid = coalesce(et.typrelid, rt.typrelid)) <> 'c'
                       THEN 'pg_catalog.pg_class'::pg_catalog.regclass
                       ELSE 'pg_catalog.pg_type'::pg_catalog.regclass END
                WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN
                  CASE WHEN rk.conrelid <> 0 THEN 'pg_catalog.pg_class'::pg_catalog.regclass
                       ELSE 'pg_catalog.pg_type'::pg_catalog.regclass END
              END AS dropclass,
              CASE d.refclassid
                WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN
                  coalesce((SELECT x.indrelid FROM pg_catalog.pg_index x WHERE x.indexrelid = d.refobjid), d.refobjid)
                WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN d.refobjid
                WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN
                  CASE WHEN coalesce(et.typrelid, rt.typrelid, 0) <> 0
                        AND (SELECT c.relkind FROM pg_catalog.pg_class c
                              WHERE c.oid = coalesce(et.typrelid, rt.typrelid)) <> 'c'
                       THEN coalesce(et.typrelid, rt.typrelid)
                       ELSE coalesce(et.oid, rt.oid) END
                WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN nullif(coalesce(nullif(rk.conrelid, 0), rk.contypid), 0)
              END AS dropid
         FROM pg_catalog.pg_depend d
         LEFT JOIN pg_catalog.pg_type rt
                ON d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND rt.oid = d.refobjid
         LEFT JOIN pg_catalog.pg_type et ON rt.typelem <> 0 AND rt.typsubscript = 'pg_catalog.array_subscript_handler'::pg_catalog.regproc
                AND et.oid = rt.typelem
         LEFT JOIN pg_catalog.pg_constraint rk
                ON d.refclassid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND rk.oid = d.refobjid
        WHERE d.deptype = 'n' AND d.objid >= 16384 AND d.refobjid >= 16384
          AND d.refclassid IN ('pg_catalog.pg_class'::pg_catalog.regclass, 'pg_catalog.pg_proc'::pg_catalog.regclass,
                               'pg_catalog.pg_type'::pg_catalog.regclass, 'pg_catalog.pg_constraint'::pg_catalog.regclass)
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = d.classid
                            AND e.objid = d.objid AND e.deptype = 'e')
          -- A range type's constructor functions go with their type.
          AND NOT (d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                   AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.classid = d.classid
                                 AND i.objid = d.objid AND i.deptype = 'i'))
          -- A partition's copy of its parent's constraint goes with its parent's.
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE d.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
                            AND c.oid = d.objid AND c.conparentid <> 0)
     ), dropped AS (
       SELECT dep.*,
              CASE dep.dropclass
                WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (SELECT c.relnamespace FROM pg_catalog.pg_class c WHERE c.oid = dep.dropid)
                WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (SELECT p.pronamespace FROM pg_catalog.pg_proc p WHERE p.oid = dep.dropid)
                WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (SELECT t.typnamespace FROM pg_catalog.pg_type t WHERE t.oid = dep.dropid)
              END AS dropnsp,
              CASE dep.dropclass
                WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = dep.dropid)
                WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (SELECT p.proname FROM pg_catalog.pg_proc p WHERE p.oid = dep.dropid)
                WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (SELECT t.typname FROM pg_catalog.pg_type t WHERE t.oid = dep.dropid)
              END::text AS dropname
         FROM dep
     )
     SELECT CASE WHEN s.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND s.relid IS NOT NULL
                 THEN pg_catalog.pg_describe_object('pg_catalog.pg_class'::pg_catalog.regclass, s.relid, 0)
                 ELSE pg_catalog.pg_describe_object(s.classid, s.objid, s.objsubid) END AS dependent,
            coalesce(rn.nspname, (pg_catalog.parse_ident(o.schema))[1]) AS dependent_schema,
            r.relname::text AS dependent_relation,
            CASE s.classid
              WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN (SELECT t.tgname FROM pg_catalog.pg_trigger t WHERE t.oid = s.objid)
              WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN (SELECT p.polname FROM pg_catalog.pg_policy p WHERE p.oid = s.objid)
              WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN (SELECT c.conname FROM pg_catalog.pg_constraint c WHERE c.oid = s.objid)
              WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN (SELECT w.rulename FROM pg_catalog.pg_rewrite w WHERE w.oid = s.objid)
              WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = s.objid)
              WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (SELECT p.proname FROM pg_catalog.pg_proc p WHERE p.oid = s.objid)
              WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (SELECT t.typname FROM pg_catalog.pg_type t WHERE t.oid = s.objid)
              WHEN 'pg_catalog.pg_operator'::pg_catalog.regclass THEN (SELECT o.oprname FROM pg_catalog.pg_operator o WHERE o.oid = s.objid)
            END::text AS dependent_name,
            s.classid::pg_catalog.regclass::text AS dependent_class,
            -- What re-creates the dependent after the restore, for the operator who drops it first.
            CASE s.classid
              WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN
                (SELECT 'ALTER TABLE ' || c.conrelid::pg_catalog.regclass::text || ' ADD CONSTRAINT '
                        || pg_catalog.quote_ident(c.conname) || ' ' || pg_catalog.pg_get_constraintdef(c.oid)
                   FROM pg_catalog.pg_constraint c WHERE c.oid = s.objid AND c.conrelid <> 0)
              WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN pg_catalog.pg_get_triggerdef(s.objid)
              WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN
                (SELECT CASE c.relkind WHEN 'm' THEN 'CREATE MATERIALIZED VIEW ' ELSE 'CREATE VIEW ' END
                        || c.oid::pg_catalog.regclass::text
                        || coalesce(' WITH (' || pg_catalog.array_to_string(c.reloptions, ', ') || ')', '') || ' AS ' || pg_catalog.rtrim(pg_catalog.pg_get_viewdef(c.oid), ';')
                   FROM pg_catalog.pg_class c WHERE c.oid = s.relid AND c.relkind IN ('v', 'm'))
              WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN
                (SELECT 'CREATE POLICY ' || pg_catalog.quote_ident(p.polname) || ' ON ' || p.polrelid::pg_catalog.regclass::text
                        || CASE WHEN p.polpermissive THEN '' ELSE ' AS RESTRICTIVE' END
                        || ' FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                                    WHEN 'd' THEN 'DELETE' ELSE 'ALL' END
                        || ' TO ' || (SELECT pg_catalog.string_agg(CASE WHEN r.oid = 0 THEN 'PUBLIC'
                                                  ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r.oid)) END, ', ')
                                        FROM pg_catalog.unnest(p.polroles) AS r(oid))
                        || coalesce(' USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')', '')
                        || coalesce(' WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')', '')
                   FROM pg_catalog.pg_policy p WHERE p.oid = s.objid)
            END AS recreate,
            pg_catalog.pg_describe_object(s.refclassid, s.refobjid, s.refobjsubid) AS referenced,
            dn.nspname AS referenced_schema, s.dropname AS referenced_name,
            CASE WHEN s.dropclass = 'pg_catalog.pg_proc'::pg_catalog.regclass
                 THEN s.dropid::pg_catalog.regprocedure::text END AS function_signature,
            CASE WHEN s.dropclass = 'pg_catalog.pg_proc'::pg_catalog.regclass
                 THEN (SELECT p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')'
                         FROM pg_catalog.pg_proc p WHERE p.oid = s.dropid) END AS function_listed
       FROM dropped s
       JOIN pg_catalog.pg_namespace dn ON dn.oid = s.dropnsp
       CROSS JOIN LATERAL pg_catalog.pg_identify_object(s.classid, s.objid, s.objsubid) o
       LEFT JOIN pg_catalog.pg_class r ON r.oid = s.relid
       LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
      WHERE s.dropnsp IN (SELECT oid FROM scope)
      ORDER BY 1, 5`,
    [schemas]
  )
  return result.rows.map((row) => ({
    dependent: row.dependent,
    dependentSchema: row.dependent_schema,
    dependentRelation: row.dependent_relation,
    dependentName: row.dependent_name,
    dependentClass: row.dependent_class,
    recreate: row.recreate,
    referenced: row.referenced,
    referencedSchema: row.referenced_schema,
    referencedName: row.referenced_name,
    referencedFunction:
      row.function_signature && row.function_listed
        ? { signature: row.function_signature, listed: row.function_listed }
        : null
  }))
}

/**
 * Pure: of the blockers, the functions --clean need not drop: every blocker holding on to them is
 * outside the restore, and production's definition equals the backup's (`definitionHash` from the
 * manifest's inventory): the restore keeps production's function instead of dropping it and
 * creating the same again, and validation still compares it with the manifest. What remains are
 * the blockers that stop the restore.
 */
export function keepUnchangedFunctions(
  blockers: readonly CleanDependencyRow[],
  backupFunctions: ReadonlyArray<{ signature: string; definitionHash: string }> | undefined,
  productionFunctions: ReadonlyArray<{ signature: string; definitionHash: string }>
): {
  kept: Array<{ schema: string; listed: string; signature: string }>
  left: CleanDependencyRow[]
} {
  const backup = new Map((backupFunctions ?? []).map((f) => [f.signature, f.definitionHash]))
  const production = new Map(productionFunctions.map((f) => [f.signature, f.definitionHash]))
  const kept = new Map<string, { schema: string; listed: string; signature: string }>()
  const left: CleanDependencyRow[] = []
  for (const row of blockers) {
    const fn = row.referencedFunction
    const hash = fn ? backup.get(fn.signature) : undefined
    if (fn && hash !== undefined && production.get(fn.signature) === hash)
      kept.set(fn.signature, {
        schema: row.referencedSchema,
        listed: fn.listed,
        signature: fn.signature
      })
    else left.push(row)
  }
  return { kept: [...kept.values()], left }
}

/**
 * Before a --clean restore writes anything: objects the restore does not re-create that depend
 * on objects it drops. Each would make a DROP fail half-way through, leaving the old object and
 * its rows beside (or instead of) the backup's; so the restore stops untouched and names them.
 * A function they hold on to that production has exactly as the backup does is kept instead
 * (left out of the listing, which is returned).
 */
export async function cleanDependencyCheck(
  client: Client,
  listing: string,
  schemas: readonly string[],
  backupFunctions: ReadonlyArray<{ signature: string; definitionHash: string }> | undefined,
  targetInput: string
): Promise<{ check: Check; listing: string }> {
  const found = cleanBlockers(await readCleanDependencies(client, schemas), listing, schemas)
  const production = found.some((b) => b.referencedFunction)
    ? await withEmptySearchPath(client, () => inspectFunctions(client, [...schemas]))
    : []
  const { kept, left: blockers } = keepUnchangedFunctions(found, backupFunctions, production)
  const keptListing = kept.length
    ? keepEntries(
        listing,
        (entry) =>
          !kept.some((fn) =>
            ['FUNCTION', 'PROCEDURE', 'AGGREGATE'].some((desc) =>
              entry.rest.startsWith(`${desc} ${listedName(fn.schema)} ${listedName(fn.listed)} `)
            )
          )
      )
    : listing
  const keptNote = kept.length
    ? `; kept production's ${kept.map((fn) => fn.signature).join(', ')} (equal to the backup's; objects outside the backup use it) instead of dropping and re-creating it`
    : ''
  if (blockers.length === 0)
    return {
      check: pass(
        'clean dependencies',
        `nothing outside the backup depends on an object the restore drops and re-creates${keptNote}`
      ),
      listing: keptListing
    }
  // One line per dependent, naming the objects of the backup it holds on to.
  const byDependent = new Map<string, Set<string>>()
  for (const b of blockers) {
    const held = byDependent.get(b.dependent) ?? new Set<string>()
    held.add(
      b.referencedFunction
        ? `${b.referencedFunction.signature} (its definition differs from the backup's)`
        : `${b.referencedSchema}.${b.referencedName}`
    )
    byDependent.set(b.dependent, held)
  }
  const lines = [...byDependent].map(
    ([dependent, held]) => `${dependent} (on ${[...held].join(', ')})`
  )
  const shown = lines.slice(0, 10).join('; ')
  const more = lines.length > 10 ? `; and ${lines.length - 10} more` : ''
  const recreate = [...new Set(blockers.flatMap((b) => (b.recreate ? [b.recreate] : [])))]
  const statements = recreate.length
    ? ` To re-create them after the restore (as read from production now; their grants and comments are not included): ${recreate.map((r) => `${r};`).join(' ')}`
    : ''
  return {
    check: fail(
      'clean dependencies',
      'restore-failed',
      `${lines.length} object(s) in ${targetInput} that the backup does not contain depend on objects the restore must drop and re-create: ${shown}${more}. pg_restore --clean could not drop those objects, so their old definitions and rows would stay beside the backup's. Nothing was written. Fix: save and drop the dependent objects (re-create them after the restore), or restore a backup whose scope includes them.${statements}`
    ),
    listing
  }
}

import type { Client } from './client.js'

/**
 * What a restore target's platform already manages. On Supabase the platform schemas (auth,
 * storage, extensions, realtime, ...) exist in every project and belong to platform roles; the
 * restoring role (`postgres`) is not a superuser and owns none of them. A restore must load
 * their data into the tables the platform made and leave their definitions alone. Read only.
 */

/** Roles that own the platform's schemas on Supabase. */
export const PLATFORM_ROLES = [
  'supabase_admin',
  'supabase_auth_admin',
  'supabase_storage_admin',
  'supabase_realtime_admin'
] as const

/** A column of a table the target already has. */
export interface TargetColumn {
  name: string
  /** format_type(), as the manifest records it. */
  type: string
  notNull: boolean
  /** Has a default, an identity or a generation expression: a row without it still loads. */
  filled: boolean
  generated: boolean
}

/** A table in a schema the platform manages, as the target has it. */
export interface ManagedTable {
  schema: string
  name: string
  owner: string
  /** The restoring role has its owner's privileges (owner, member, superuser): it may add indexes, policies, constraints. */
  ownerPrivileges: boolean
  /** It may create triggers on it (TRIGGER privilege). */
  triggerPrivilege: boolean
  rlsEnabled: boolean
  /** The table holds at least one row. */
  hasRows: boolean
  columns: TargetColumn[]
  /** The functions its triggers call, `schema`, `name` and identity arguments (to keep them across --clean). */
  triggerFunctions: Array<{ schema: string; name: string; args: string }>
  /**
   * Enabled triggers on it that fire on INSERT, so on every row COPY loads: without the
   * replica role they run during a restore (TRIGGER_TYPE_INSERT is bit 2 of tgtype).
   */
  insertTriggers: string[]
  /** Names of the triggers, policies, indexes and constraints on it (the platform's, or an earlier restore's). */
  objects: { triggers: string[]; policies: string[]; indexes: string[]; constraints: string[] }
}

export interface PlatformTarget {
  /** The role the restore connects as. */
  role: string
  /** Schemas owned by a platform role, with the owner. */
  platformSchemas: Array<{ schema: string; owner: string }>
  /** May the restoring role SET session_replication_role (superuser, or GRANT SET ON PARAMETER, PG 15+)? */
  replicaAllowed: boolean
}

/** Which schemas the platform owns on the target, and whether the replica role is allowed. */
export async function inspectPlatformTarget(client: Client): Promise<PlatformTarget> {
  const schemas = await client.query<{ schema: string; owner: string }>(
    `SELECT n.nspname AS schema, r.rolname AS owner
       FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
      WHERE r.rolname = ANY($1::text[]) ORDER BY 1`,
    [[...PLATFORM_ROLES]]
  )
  const role = await client.query<{ role: string; superuser: boolean; major: number }>(
    `SELECT current_user::text AS role, r.rolsuper AS superuser,
            pg_catalog.current_setting('server_version_num')::int / 10000 AS major
       FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`
  )
  const me = role.rows[0]!
  let replicaAllowed = me.superuser
  if (!replicaAllowed && me.major >= 15) {
    const granted = await client.query<{ allowed: boolean }>(
      `SELECT pg_catalog.has_parameter_privilege('session_replication_role', 'SET') AS allowed`
    )
    replicaAllowed = granted.rows[0]?.allowed === true
  }
  return { role: me.role, platformSchemas: schemas.rows, replicaAllowed }
}

/** The tables of `schemas` on the target, with their columns and the objects on them. */
export async function inspectManagedTables(
  client: Client,
  schemas: string[]
): Promise<ManagedTable[]> {
  if (schemas.length === 0) return []
  const tables = await client.query<{
    schema: string
    name: string
    oid: number
    owner: string
    owner_privileges: boolean
    trigger_privilege: boolean
    rls: boolean
  }>(
    `SELECT n.nspname AS schema, c.relname AS name, c.oid::int AS oid,
            pg_catalog.pg_get_userbyid(c.relowner) AS owner,
            pg_catalog.pg_has_role(c.relowner, 'USAGE') AS owner_privileges,
            pg_catalog.has_table_privilege(c.oid, 'TRIGGER') AS trigger_privilege,
            c.relrowsecurity AS rls
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[]) ORDER BY 1, 2`,
    [schemas]
  )
  const columns = await client.query<TargetColumn & { oid: number }>(
    `SELECT a.attrelid::int AS oid, a.attname AS name,
            pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
            (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') AS filled,
            a.attgenerated <> '' AS generated
       FROM pg_catalog.pg_attribute a
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
    [tables.rows.map((t) => t.oid)]
  )
  const insertTriggers = await client.query<{ oid: number; name: string }>(
    `SELECT tgrelid::int AS oid, tgname AS name FROM pg_catalog.pg_trigger
      WHERE tgrelid = ANY($1::oid[]) AND NOT tgisinternal AND tgenabled <> 'D' AND (tgtype & 4) <> 0
      ORDER BY 2`,
    [tables.rows.map((t) => t.oid)]
  )
  const objects = await client.query<{
    oid: number
    kind: keyof ManagedTable['objects']
    name: string
  }>(
    `SELECT tgrelid::int AS oid, 'triggers' AS kind, tgname AS name FROM pg_catalog.pg_trigger
      WHERE tgrelid = ANY($1::oid[]) AND NOT tgisinternal
     UNION ALL SELECT polrelid::int, 'policies', polname FROM pg_catalog.pg_policy WHERE polrelid = ANY($1::oid[])
     UNION ALL SELECT i.indrelid::int, 'indexes', c.relname FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ANY($1::oid[])
     UNION ALL SELECT conrelid::int, 'constraints', conname FROM pg_catalog.pg_constraint WHERE conrelid = ANY($1::oid[])`,
    [tables.rows.map((t) => t.oid)]
  )
  const functions = await client.query<{ oid: number; schema: string; name: string; args: string }>(
    `SELECT t.tgrelid::int AS oid, n.nspname AS schema, p.proname AS name,
            pg_catalog.pg_get_function_identity_arguments(p.oid) AS args
       FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
       JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
      WHERE t.tgrelid = ANY($1::oid[]) AND NOT t.tgisinternal`,
    [tables.rows.map((t) => t.oid)]
  )
  const result: ManagedTable[] = []
  for (const table of tables.rows) {
    const rows = await client
      .query(`SELECT 1 FROM ${quote(table.schema)}.${quote(table.name)} LIMIT 1`)
      .then(
        (r) => (r.rowCount ?? 0) > 0,
        // A table the role may not read: treat as holding rows, so nothing is loaded over it unasked.
        () => true
      )
    const mine = objects.rows.filter((o) => o.oid === table.oid)
    const named = (kind: keyof ManagedTable['objects']) =>
      mine.filter((o) => o.kind === kind).map((o) => o.name)
    result.push({
      schema: table.schema,
      name: table.name,
      owner: table.owner,
      ownerPrivileges: table.owner_privileges,
      triggerPrivilege: table.trigger_privilege,
      rlsEnabled: table.rls,
      hasRows: rows,
      columns: columns.rows
        .filter((c) => c.oid === table.oid)
        .map(({ name, type, notNull, filled, generated }) => ({
          name,
          type,
          notNull,
          filled,
          generated
        })),
      triggerFunctions: functions.rows
        .filter((f) => f.oid === table.oid)
        .map(({ schema, name, args }) => ({ schema, name, args })),
      insertTriggers: insertTriggers.rows.filter((t) => t.oid === table.oid).map((t) => t.name),
      objects: {
        triggers: named('triggers'),
        policies: named('policies'),
        indexes: named('indexes'),
        constraints: named('constraints')
      }
    })
  }
  return result
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

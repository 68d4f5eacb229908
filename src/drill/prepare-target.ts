import pg from 'pg'
import { EscalationError, errorMessage } from '../errors.js'
import type { Dependency, ExtensionInventory, Manifest } from '../manifest/schema.js'
import { connect, type Client } from '../postgres/client.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'
import { fail, type Check } from './checks.js'
import type { Logger } from '../log/logger.js'
import {
  MARKER_SCHEMA,
  markerComment,
  objectsInSchemas,
  readMarker,
  type ScratchObject
} from './scratch-target.js'

/**
 * Writes that make a scratch database ready for pg_restore, each logged: reset
 * what an earlier drill restored (only when its marker is there), mark the
 * database as this drill's, and install the extensions the backup's schemas
 * use (a scope-only dump never creates them).
 */

const quote = pg.escapeIdentifier

/**
 * Empties `schemas` in place (never DROP SCHEMA: public keeps its grants, which
 * platform roles rely on) and removes every large object. Only for a database
 * carrying the drill marker.
 */
export async function resetScratch(
  client: Client,
  schemas: string[],
  logger: Logger
): Promise<void> {
  const failures: string[] = []
  // Extensions come first in the list: dropping one takes its members along.
  for (const object of await objectsInSchemas(client, schemas, [])) {
    const statement = `DROP ${dropKeyword(object)} IF EXISTS ${object.identity} CASCADE`
    try {
      await client.query(statement)
    } catch (error) {
      failures.push(`${statement}: ${errorMessage(error)}`)
    }
  }
  const unlinked = await client.query<{ n: number }>(
    'SELECT count(pg_catalog.lo_unlink(oid))::int AS n FROM pg_catalog.pg_largeobject_metadata'
  )
  const left = await objectsInSchemas(client, schemas, [])
  if (left.length > 0) {
    throw new EscalationError(
      'restore-failed',
      `could not empty ${schemas.join(', ')} of the earlier drill: ${left
        .slice(0, 5)
        .map((o) => `${o.type} ${o.identity}`)
        .join(', ')} left${failures.length ? ` (${failures[0]})` : ''}`
    )
  }
  logger.info(
    `Emptied ${schemas.join(', ')} and removed ${unlinked.rows[0]!.n} large object(s) left by the earlier drill`
  )
}

/** DROP <keyword> for a pg_identify_object type. */
function dropKeyword(object: ScratchObject): string {
  if (object.type === 'composite type') return 'TYPE'
  if (object.type === 'statistics object') return 'STATISTICS'
  return object.type.toUpperCase()
}

/**
 * Marks the database as a drill's scratch target (schema backup_drill, outside
 * every restored schema; the mark is its comment, so validation and pg_dump
 * of the restored schemas never see it). A later drill may reset the schemas
 * the comment lists; a database without it is never reset.
 */
export async function writeMarker(client: Client, schemas: string[]): Promise<void> {
  const earlier = (await readMarker(client))?.schemas ?? []
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${MARKER_SCHEMA}`)
  await client.query(
    `COMMENT ON SCHEMA ${MARKER_SCHEMA} IS ${pg.escapeLiteral(markerComment([...earlier, ...schemas]))}`
  )
}

/**
 * Installs each extension where the source had it (creating its schema when
 * missing). Returns a problem per extension that could not be prepared; the
 * restore still runs, and the statements needing it fail visibly.
 */
export async function prepareExtensions(
  client: Client,
  extensions: ExtensionInventory[],
  logger: Logger
): Promise<string[]> {
  const problems: string[] = []
  for (const extension of extensions) {
    const statement = `CREATE EXTENSION IF NOT EXISTS ${quote(extension.name)} WITH SCHEMA ${quote(extension.schema)}`
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quote(extension.schema)}`)
      await client.query(statement)
      const installed = await client.query<{ schema: string; version: string }>(
        `SELECT n.nspname AS schema, e.extversion AS version FROM pg_catalog.pg_extension e
           JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = $1`,
        [extension.name]
      )
      const found = installed.rows[0]
      if (found?.schema !== extension.schema) {
        problems.push(
          `extension ${extension.name} is installed in ${found?.schema ?? 'no schema'} on the scratch server, not in ${extension.schema} as in the source`
        )
        continue
      }
      logger.info(`Prepared extension ${extension.name} ${found.version}: ${statement}`)
    } catch (error) {
      problems.push(`${statement} failed: ${errorMessage(error)}`)
    }
  }
  return problems
}

/** The schemas among `schemas` that exist on the target (their CREATE SCHEMA is skipped). */
export async function existingSchemas(client: Client, schemas: string[]): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    'SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY 1',
    [schemas]
  )
  return result.rows.map((row) => row.name)
}

/**
 * Into a plain PostgreSQL (no platform): creates what the manifest says the backup needs from
 * outside its scope and the target lacks, where the need names it fully: a schema, an extension
 * in its schema (uuid-ossp and pgcrypto in `extensions` for a Supabase backup), a role the
 * policies name (NOLOGIN: it exists to be granted and switched to, never to log in). Returns the
 * statements that ran (for the log) and the ones that failed; other needs (a table, a function
 * outside the scope) stay with the dependencies check.
 */
export async function prepareDependencies(
  client: Client,
  missing: readonly Dependency[],
  logger: Logger
): Promise<{ prepared: string[]; problems: string[] }> {
  const statements: string[] = []
  for (const need of missing) {
    let wanted: string[] = []
    if (need.kind === 'schema' && need.probe.kind === 'schema')
      wanted = [`CREATE SCHEMA IF NOT EXISTS ${quote(need.probe.name)}`]
    else if (need.kind === 'role' && need.probe.kind === 'role')
      wanted = [`CREATE ROLE ${quote(need.probe.name)} NOLOGIN`]
    else if (need.kind === 'extension') {
      const schema = /^extension \S+ in schema (\S+)$/.exec(need.requirement)?.[1]
      if (schema) {
        const name = quote(schema.replace(/^"|"$/g, '').replace(/""/g, '"'))
        wanted = [
          `CREATE SCHEMA IF NOT EXISTS ${name}`,
          `CREATE EXTENSION IF NOT EXISTS ${quote(need.probe.name)} WITH SCHEMA ${name}`
        ]
      }
    }
    for (const statement of wanted) if (!statements.includes(statement)) statements.push(statement)
  }
  return runPreparations(client, statements, logger)
}

/**
 * The roles the manifest's RLS proof becomes (`anon`, `authenticated`: the JWT role claims it
 * recorded) that the target lacks, as role needs for prepareDependencies. The proof sets each
 * role in the scratch, and a plain PostgreSQL (a fresh service container) has none of them even
 * when no policy names them.
 */
export async function missingProofRoles(client: Client, manifest: Manifest): Promise<Dependency[]> {
  const proof = manifest.rls
  if (proof?.status !== 'recorded') return []
  const roles = [
    ...new Set(proof.principals.filter((principal) => !principal.error).map((p) => p.role))
  ].sort()
  if (roles.length === 0) return []
  const existing = await client.query<{ name: string }>(
    'SELECT rolname AS name FROM pg_catalog.pg_roles WHERE rolname = ANY($1::text[])',
    [roles]
  )
  const present = new Set(existing.rows.map((row) => row.name))
  return roles
    .filter((role) => !present.has(role))
    .map((role) => ({
      kind: 'role' as const,
      object: 'the RLS behaviour proof',
      needs: `role ${role}`,
      requirement: `role ${role}`,
      probe: { kind: 'role' as const, name: role },
      fix: `create the role ${role} in the target`
    }))
}

/** Runs each statement on its own (one failing does not stop the rest), logged as it succeeds. */
async function runPreparations(
  client: Client,
  statements: readonly string[],
  logger: Logger
): Promise<{ prepared: string[]; problems: string[] }> {
  const prepared: string[] = []
  const problems: string[] = []
  for (const statement of statements) {
    try {
      await client.query(statement)
      prepared.push(statement)
      logger.info(`Prepared the target: ${statement}`)
    } catch (error) {
      problems.push(`${statement} failed: ${errorMessage(error)}`)
    }
  }
  return { prepared, problems }
}

/**
 * Empties the platform's tables a drill loads into (never their definitions): one TRUNCATE, so
 * the foreign keys among them allow it. Only for a scratch that carries the drill marker or that
 * overwrite-scratch gave over.
 */
export async function emptyManagedTables(
  client: Client,
  tables: ReadonlyArray<{ schema: string; name: string }>,
  logger: Logger
): Promise<void> {
  if (tables.length === 0) return
  const list = tables.map((t) => `${quote(t.schema)}.${quote(t.name)}`).join(', ')
  await client.query(`TRUNCATE ${list}`)
  logger.info(
    `Emptied the platform tables ${tables.map((t) => `${t.schema}.${t.name}`).join(', ')}`
  )
}

/** One grant an API role had in the source: USAGE on a schema, or ALL on a table. */
export interface ApiGrant {
  role: string
  schema: string
  table?: string
}

/**
 * The grants the source gave the API roles (pure). The backup carries no grants (pg_dump
 * --no-privileges, as the SOP's commands), so a restored copy lets `anon` and `authenticated`
 * read only what the target's default privileges give the role that re-created the tables:
 * nothing on a plain PostgreSQL, and nothing on Supabase either when the restore connected as
 * another role than the one those default privileges are for. The manifest's RLS proof says
 * which tables each API role could read in the source: those get the platform's grant (ALL;
 * row level security decides the rows), with USAGE on their schemas and on `auth` (its claim
 * functions are what the policies call). Tables a role could not read stay ungranted, so the
 * copy answers as the source did. Schemas in `platformSchemas` are the platform's to grant and
 * are left out. Without a recorded proof: nothing (nothing says what the source granted).
 */
export function apiGrants(
  manifest: Manifest,
  roles: readonly string[],
  platformSchemas: readonly string[] = []
): ApiGrant[] {
  const proof = manifest.rls
  if (proof?.status !== 'recorded') return []
  const readable = new Map<string, Set<string>>()
  for (const principal of proof.principals) {
    if (!roles.includes(principal.role) || principal.error) continue
    for (const table of Object.keys(principal.rows)) {
      readable.set(principal.role, (readable.get(principal.role) ?? new Set()).add(table))
    }
  }
  const grants: ApiGrant[] = []
  for (const [role, tables] of [...readable].sort(([a], [b]) => a.localeCompare(b))) {
    const keys = [...tables].sort()
    const schemas = [...new Set(keys.map((t) => t.slice(0, t.indexOf('.'))))]
    if (manifest.scope.schemas.includes('auth') && !schemas.includes('auth')) schemas.push('auth')
    const ours = (schema: string) => !platformSchemas.includes(schema)
    for (const schema of schemas.filter(ours)) grants.push({ role, schema })
    for (const key of keys) {
      const at = key.indexOf('.')
      const schema = key.slice(0, at)
      if (ours(schema)) grants.push({ role, schema, table: key.slice(at + 1) })
    }
  }
  return grants
}

/** The GRANT statement of one ApiGrant. */
export const grantStatement = (grant: ApiGrant): string =>
  grant.table === undefined
    ? `GRANT USAGE ON SCHEMA ${quote(grant.schema)} TO ${quote(grant.role)}`
    : `GRANT ALL ON TABLE ${quote(grant.schema)}.${quote(grant.table)} TO ${quote(grant.role)}`

/**
 * Gives the API roles the source's grants (apiGrants) that the restored target lacks, each
 * statement logged; a grant the target already gives (Supabase's default privileges for the
 * restoring role) is not repeated, so the log lists only what the restore had to add.
 */
export async function prepareApiGrants(
  client: Client,
  manifest: Manifest,
  logger: Logger,
  platformSchemas: readonly string[] = []
): Promise<{ prepared: string[]; problems: string[] }> {
  const roles = await client.query<{ name: string }>(
    `SELECT rolname AS name FROM pg_catalog.pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role')`
  )
  const grants = apiGrants(
    manifest,
    roles.rows.map((r) => r.name),
    platformSchemas
  )
  if (grants.length === 0) return { prepared: [], problems: [] }
  // USAGE for a schema, SELECT for a table: what the RLS proof's reads need. Something the
  // restore did not create counts as held: validation names it, a GRANT would only fail.
  const held = await client.query<{ held: boolean }>(
    `SELECT CASE WHEN g.tbl IS NULL
                 THEN pg_catalog.to_regnamespace(pg_catalog.quote_ident(g.schema)) IS NULL
                   OR pg_catalog.has_schema_privilege(g.role, g.schema, 'USAGE')
                 ELSE pg_catalog.to_regclass(pg_catalog.quote_ident(g.schema) || '.' || pg_catalog.quote_ident(g.tbl)) IS NULL
                   OR pg_catalog.has_table_privilege(g.role,
                        pg_catalog.quote_ident(g.schema) || '.' || pg_catalog.quote_ident(g.tbl), 'SELECT')
            END AS held
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS g(role, schema, tbl, n)
      ORDER BY g.n`,
    [grants.map((g) => g.role), grants.map((g) => g.schema), grants.map((g) => g.table ?? null)]
  )
  const missing = grants.filter((_, index) => held.rows[index]?.held !== true)
  return runPreparations(client, missing.map(grantStatement), logger)
}

/**
 * After the data is in: connects and gives the API roles the grants the source gave them
 * and the target lacks (prepareApiGrants), each statement added to `record`. A check only when something failed.
 */
export async function finishApiGrants(
  target: DatabaseTarget,
  inputName: string,
  manifest: Manifest,
  preparations: string[],
  logger: Logger,
  platformSchemas: readonly string[] = []
): Promise<Check[]> {
  let client
  try {
    client = await connect(target, { inputName, applicationName: 'backup-drill prepare' })
    const done = await prepareApiGrants(client, manifest, logger, platformSchemas)
    preparations.push(...done.prepared)
    return done.problems.length
      ? [fail('api grants', 'restore-failed', done.problems.join('; '))]
      : []
  } catch (error) {
    return [fail('api grants', 'restore-failed', errorMessage(error))]
  } finally {
    await client?.end().catch(() => undefined)
  }
}

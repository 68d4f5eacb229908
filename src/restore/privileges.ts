import { fail, pass, type Check } from '../drill/checks.js'
import { errorMessage } from '../errors.js'
import type { Logger } from '../log/logger.js'
import { connect, type Client } from '../postgres/client.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'

/**
 * Owners and grants of production's objects, kept across the incident restore. The backup is
 * taken as the SOP says (`pg_dump --no-owner --no-privileges`), so the archive holds no GRANT,
 * and the restore runs `--no-owner`: every object --clean re-creates would come back owned by the
 * restoring role with only its default privileges (or the schema's default privileges). That
 * silently widens access (a column grant becomes the default privileges' whole-table SELECT, a
 * function's revoked PUBLIC EXECUTE comes back) and moves ownership; and DROP TABLE takes the table
 * out of its publications (a --schema dump holds none), so replication (Supabase Realtime) stops
 * for it. So the restore reads the owners, grants and publication memberships of the objects in
 * the backup's schemas before it writes, puts them back on the objects that exist again after
 * the load, and proves them equal.
 */

/** One object's owner and effective grants (`grantee|privilege|grantable`, sorted). */
export interface PrivilegeEntry {
  /** How the log names it: `table app.customers`, `column app.customers.ssn`, `function app.f()`. */
  label: string
  /** The SQL object for GRANT / REVOKE (`TABLE app.customers`, `FUNCTION app.f()`); null: no grants kept. */
  grantOn: string | null
  /** ALTER … OWNER TO for it (`TABLE app.customers`); null: its owner follows another object. */
  alterOwner: string | null
  /** A publication's membership of a table: the statement that adds it again. */
  publicationAdd?: string
  /** The column, quoted, for column grants. */
  column?: string
  owner: string | null
  grants: string[]
}

/** Keyed by label. */
export type PrivilegeState = Map<string, PrivilegeEntry>

const RELATION_WORDS: Record<string, string> = {
  r: 'TABLE',
  p: 'TABLE',
  v: 'VIEW',
  m: 'MATERIALIZED VIEW',
  S: 'SEQUENCE',
  f: 'FOREIGN TABLE'
}

const EXPLODED = (acl: string) => `(SELECT coalesce(pg_catalog.array_agg(
    CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END
    || '|' || x.privilege_type || '|' || x.is_grantable ORDER BY 1), '{}')
  FROM pg_catalog.aclexplode(${acl}) x)`

const NOT_EXTENSION_MEMBER = (classid: string, objid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '${classid}'::pg_catalog.regclass
     AND e.objid = ${objid} AND e.deptype = 'e')`

/** Reads the owners and grants of the relations, columns, routines and types in `schemas`. */
export async function readPrivileges(
  client: Client,
  schemas: readonly string[]
): Promise<PrivilegeState> {
  const saved = await client.query<{ path: string }>(
    `SELECT pg_catalog.current_setting('search_path') AS path, pg_catalog.set_config('search_path', '', false)`
  )
  try {
    const state: PrivilegeState = new Map()
    const relations = await client.query<{
      name: string
      kind: string
      owner: string
      grants: string[]
      follows: boolean
    }>(
      `SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS name,
              c.relkind::text AS kind, pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(c.relowner)) AS owner,
              ${EXPLODED(`coalesce(c.relacl, pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))`)} AS grants,
              (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                    AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i'))) AS follows
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND ${NOT_EXTENSION_MEMBER('pg_catalog.pg_class', 'c.oid')}`,
      [schemas]
    )
    for (const row of relations.rows) {
      const word = RELATION_WORDS[row.kind]!
      const label = `${word.toLowerCase()} ${row.name}`
      state.set(label, {
        label,
        grantOn: `${row.kind === 'S' ? 'SEQUENCE' : 'TABLE'} ${row.name}`,
        // An owned sequence follows its table's owner (ALTER SEQUENCE OWNER is refused).
        alterOwner: row.follows ? null : `${word} ${row.name}`,
        owner: row.owner,
        grants: row.grants
      })
    }
    const columns = await client.query<{ name: string; col: string; grants: string[] }>(
      `SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS name,
              pg_catalog.quote_ident(a.attname) AS col, ${EXPLODED('a.attacl')} AS grants
         FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          -- Every column, with grants or not: one the restore does not bring back is then known gone.
          AND a.attnum > 0 AND NOT a.attisdropped
          AND ${NOT_EXTENSION_MEMBER('pg_catalog.pg_class', 'c.oid')}`,
      [schemas]
    )
    for (const row of columns.rows) {
      const label = `column ${row.name}.${row.col}`
      state.set(label, {
        label,
        grantOn: `TABLE ${row.name}`,
        alterOwner: null,
        column: row.col,
        owner: null,
        grants: row.grants
      })
    }
    const routines = await client.query<{ name: string; owner: string; grants: string[] }>(
      `SELECT p.oid::pg_catalog.regprocedure::text AS name,
              pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(p.proowner)) AS owner,
              ${EXPLODED(`coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))`)} AS grants
         FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = ANY($1::text[])
          -- A range type's constructors go with their type.
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                            AND i.objid = p.oid AND i.deptype = 'i')
          AND ${NOT_EXTENSION_MEMBER('pg_catalog.pg_proc', 'p.oid')}`,
      [schemas]
    )
    for (const row of routines.rows) {
      const label = `routine ${row.name}`
      state.set(label, {
        label,
        grantOn: `ROUTINE ${row.name}`,
        alterOwner: `ROUTINE ${row.name}`,
        owner: row.owner,
        grants: row.grants
      })
    }
    const types = await client.query<{ name: string; domain: boolean; owner: string }>(
      `SELECT pg_catalog.format_type(t.oid, NULL) AS name, t.typtype = 'd' AS domain,
              pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(t.typowner)) AS owner
         FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = ANY($1::text[]) AND t.typtype IN ('e', 'd', 'r', 'c')
          AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')
          AND ${NOT_EXTENSION_MEMBER('pg_catalog.pg_type', 't.oid')}`,
      [schemas]
    )
    for (const row of types.rows) {
      const label = `${row.domain ? 'domain' : 'type'} ${row.name}`
      state.set(label, {
        label,
        grantOn: null,
        alterOwner: `${row.domain ? 'DOMAIN' : 'TYPE'} ${row.name}`,
        owner: row.owner,
        grants: []
      })
    }
    // Explicit members only: FOR ALL TABLES and FOR TABLES IN SCHEMA publications take a re-created table by themselves.
    const modern =
      Number(
        (
          await client.query<{ v: string }>(
            `SELECT pg_catalog.current_setting('server_version_num') AS v`
          )
        ).rows[0]!.v
      ) >= 150000
    const members = await client.query<{
      pub: string
      name: string
      cols: string | null
      filter: string | null
    }>(
      `SELECT pg_catalog.quote_ident(p.pubname) AS pub,
              pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS name,
              ${
                modern
                  ? `(SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
                       FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = ANY(pr.prattrs)) AS cols,
                     pg_catalog.pg_get_expr(pr.prqual, pr.prrelid) AS filter`
                  : 'NULL::text AS cols, NULL::text AS filter'
              }
         FROM pg_catalog.pg_publication_rel pr JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid
         JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1::text[])`,
      [schemas]
    )
    for (const row of members.rows) {
      const label = `publication ${row.pub} table ${row.name}`
      state.set(label, {
        label,
        grantOn: null,
        alterOwner: null,
        publicationAdd: `ALTER PUBLICATION ${row.pub} ADD TABLE ${row.name}${row.cols ? ` (${row.cols})` : ''}${row.filter ? ` WHERE (${row.filter})` : ''}`,
        owner: null,
        grants: []
      })
    }
    return state
  } finally {
    await client.query(`SELECT pg_catalog.set_config('search_path', $1, false)`, [
      saved.rows[0]!.path
    ])
  }
}

/** `grantee|privilege|grantable`, read from the right (a quoted role name may hold a `|`). */
function parseGrant(grant: string): { grantee: string; privilege: string; grantable: boolean } {
  const last = grant.lastIndexOf('|')
  const middle = grant.lastIndexOf('|', last - 1)
  return {
    grantee: grant.slice(0, middle),
    privilege: grant.slice(middle + 1, last),
    grantable: grant.slice(last + 1) === 'true'
  }
}
const grantees = (grants: readonly string[]) => [
  ...new Set(grants.map((g) => parseGrant(g).grantee))
]
const sameGrants = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((grant, i) => grant === b[i])

/**
 * Pure: the statements that give the objects of `after` that `before` knows their owner and
 * grants from `before`: owners first (an owner change rewrites the grants), then each differing
 * object's grants revoked from everyone who holds some and granted as before.
 */
export function privilegeStatements(before: PrivilegeState, after: PrivilegeState): string[] {
  const owners: string[] = []
  const grants: string[] = []
  const relationExists = (grantOn: string) =>
    [...after.values()].some((e) => !e.column && e.grantOn === grantOn)
  // Every object production had, and the columns the restore brought that it did not have.
  const labels = [
    ...before.keys(),
    ...[...after.keys()].filter((label) => label.startsWith('column ') && !before.has(label))
  ]
  for (const label of labels) {
    const was = before.get(label)
    const now = after.get(label)
    if (was?.publicationAdd) {
      const table = label.slice(label.indexOf(' table ') + ' table '.length)
      if (!now && relationExists(`TABLE ${table}`)) owners.push(was.publicationAdd)
      continue
    }
    const expected = was ?? { ...now!, grants: [] }
    // Gone since (a column production added after the backup): nothing to give grants to.
    const current = now
    if (!current) continue
    const ownerChanges = Boolean(
      current.alterOwner && expected.owner && current.owner !== expected.owner
    )
    if (ownerChanges) owners.push(`ALTER ${current.alterOwner} OWNER TO ${expected.owner}`)
    if (!current.grantOn) continue
    // An owner change rewrites the old owner's grants: then they are always given again.
    if (!ownerChanges && sameGrants(current.grants, expected.grants)) continue
    const columns = current.column ? ` (${current.column})` : ''
    const holders = grantees([...current.grants, ...expected.grants, 'PUBLIC|-|-'])
    if (current.owner && !current.column && !holders.includes(current.owner))
      holders.push(current.owner)
    grants.push(`REVOKE ALL${columns} ON ${current.grantOn} FROM ${holders.join(', ')}`)
    // One GRANT per grantee and grant option: `GRANT SELECT, INSERT ON TABLE t TO r`.
    const byGrantee = new Map<
      string,
      { grantee: string; grantable: boolean; privileges: string[] }
    >()
    for (const grant of expected.grants) {
      const { grantee, privilege, grantable } = parseGrant(grant)
      const key = `${grantable}\u0000${grantee}`
      const entry = byGrantee.get(key) ?? { grantee, grantable, privileges: [] }
      entry.privileges.push(`${privilege}${columns}`)
      byGrantee.set(key, entry)
    }
    for (const { grantee, grantable, privileges } of byGrantee.values()) {
      grants.push(
        `GRANT ${privileges.join(', ')} ON ${current.grantOn} TO ${grantee}${grantable ? ' WITH GRANT OPTION' : ''}`
      )
    }
  }
  return [...owners, ...grants]
}

/** What still differs between `before` and `after` for the objects both hold, one line each. */
export function privilegeDifferences(before: PrivilegeState, after: PrivilegeState): string[] {
  const lines: string[] = []
  for (const [label, was] of before) {
    if (was.publicationAdd) {
      if (!after.has(label)) lines.push(`${label}: a member, now not`)
      continue
    }
    // Gone since the restore replaced its table with the backup's (a column added after it).
    const now = after.get(label)
    if (!now) continue
    if (was.owner !== now.owner) lines.push(`${label}: owner ${was.owner}, now ${now.owner}`)
    if (!sameGrants(was.grants, now.grants))
      lines.push(
        `${label}: grants ${was.grants.join(' ') || 'none'}, now ${now.grants.join(' ') || 'none'}`
      )
  }
  for (const [label, now] of after)
    if (now.column && !before.has(label) && now.grants.length)
      lines.push(`${label}: grants none, now ${now.grants.join(' ')}`)
  return lines
}

/**
 * After the load: gives the re-created objects production's owners and grants from `before`
 * (each statement logged and recorded), then proves them equal. A check `privileges`.
 */
export async function restorePrivileges(
  target: DatabaseTarget,
  inputName: string,
  before: PrivilegeState,
  schemas: readonly string[],
  preparations: string[],
  logger: Logger
): Promise<Check> {
  let client: Client | undefined
  try {
    client = await connect(target, { inputName, applicationName: 'backup-drill privileges' })
    const statements = privilegeStatements(before, await readPrivileges(client, schemas))
    const problems: string[] = []
    for (const statement of statements) {
      try {
        await client.query(statement)
        logger.info(statement)
        preparations.push(statement)
      } catch (error) {
        problems.push(`${statement}: ${errorMessage(error)}`)
      }
    }
    const left = privilegeDifferences(before, await readPrivileges(client, schemas))
    if (problems.length || left.length)
      return fail(
        'privileges',
        'restore-failed',
        `production's owners and grants could not all be put back (the backup holds none: pg_dump --no-owner --no-privileges): ${[...problems, ...left].slice(0, 10).join('; ')}${problems.length + left.length > 10 ? `; and ${problems.length + left.length - 10} more` : ''}. Fix: run the statements as the objects' owner or a superuser`
      )
    return pass(
      'privileges',
      `${before.size} objects keep production's owners and grants (${statements.length} statement(s) put them back after --clean re-created them)`
    )
  } catch (error) {
    return fail('privileges', 'restore-failed', errorMessage(error))
  } finally {
    await client?.end().catch(() => undefined)
  }
}

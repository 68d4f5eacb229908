/**
 * What objects in a backup's scope need from outside it, as findings a person can act on. Pure:
 * `src/postgres/dependencies.ts` reads the catalog rows; this module decides what leaves the scope,
 * names the object, what it needs and the fix. The backup warns with these findings and records
 * them in the manifest; the drill checks the target for each need and attributes restore errors.
 */

/** One catalog dependency of an object in the scope's schemas (from pg_depend). */
export interface DependencyRow {
  /** pg_describe_object of the dependent, e.g. `default value for column id of table public.t`. */
  dependent: string
  /** `schema.name` of the table the dependent belongs to (its column default, constraint...), if any. */
  dependentTable: string | null
  /** pg_describe_object of what it needs, e.g. `function extensions.uuid_generate_v4()`. */
  referenced: string
  /** pg_identify_object type of what it needs: `function`, `type`, `table`, `access method`, `schema`... */
  referencedType: string
  /** pg_identify_object identity (schema-qualified, quoted): what the drill looks up on the target. */
  referencedIdentity: string
  /** Schema of what it needs (the schema itself for a schema), null for objects outside schemas. */
  referencedSchema: string | null
  /** `schema.name` when it needs a table (or a column of one), else null. */
  referencedTable: string | null
  /** The extension that owns what it needs, if any. */
  extension: { name: string; schema: string } | null
}

/** A role named by a policy on a table in the scope (roles are cluster-wide: never dumped). */
export interface PolicyRoleRow {
  /** pg_describe_object of the policy. */
  policy: string
  table: string
  role: string
}

export type DependencyKind = 'extension' | 'schema' | 'role' | 'access-method' | 'table'

/** What the drill looks up on the target to tell whether a need is met. */
export interface DependencyProbe {
  kind:
    'extension' | 'schema' | 'role' | 'access-method' | 'relation' | 'function' | 'type' | 'object'
  /** Identity as the catalog spells it (quoted where needed). */
  name: string
}

export interface DependencyFinding {
  kind: DependencyKind
  /** The object in scope, e.g. `default value for column id of table public.t`. */
  object: string
  /** What it needs, e.g. `function extensions.uuid_generate_v4()`. */
  needs: string
  /** What the target must have, e.g. `extension uuid-ossp in schema extensions`: warnings group by it. */
  requirement: string
  probe: DependencyProbe
  /** What to do about it, e.g. `add schema extensions to schemas, or prepare the target with ...`. */
  fix: string
}

export interface DependencyScope {
  schemas: readonly string[]
  /** `schema.name` of every table the backup covers. */
  tables: readonly string[]
}

/** Every need that leaves the scope, once per object and need, in a stable order. */
export function dependencyFindings(
  rows: readonly DependencyRow[],
  roles: readonly PolicyRoleRow[],
  scope: DependencyScope
): DependencyFinding[] {
  const schemas = new Set(scope.schemas)
  const tables = new Set(scope.tables)
  const findings = new Map<string, DependencyFinding>()
  const add = (finding: DependencyFinding) =>
    findings.set(`${finding.object}\0${finding.needs}`, finding)
  for (const row of rows) {
    // Objects of a table the scope leaves out are not dumped: their needs do not matter.
    if (row.dependentTable !== null && !isInScope(row.dependentTable, schemas, tables)) continue
    const finding = classify(row, schemas, tables)
    if (finding) add(finding)
  }
  for (const row of roles) {
    if (!tables.has(row.table)) continue
    add({
      kind: 'role',
      object: row.policy,
      needs: `role ${row.role}`,
      requirement: `role ${row.role}`,
      probe: { kind: 'role', name: row.role },
      fix: `prepare the target: CREATE ROLE ${quoteIdent(row.role)} (roles are cluster-wide and never in a dump; a Supabase project has anon, authenticated and service_role)`
    })
  }
  return [...findings.values()].sort(
    (a, b) =>
      a.requirement.localeCompare(b.requirement) ||
      a.needs.localeCompare(b.needs) ||
      a.object.localeCompare(b.object)
  )
}

function classify(
  row: DependencyRow,
  schemas: ReadonlySet<string>,
  tables: ReadonlySet<string>
): DependencyFinding | undefined {
  const base = { object: row.dependent }
  if (row.extension) {
    // Extensions installed in a schema of the scope are the drill's to create (manifest `extensions`).
    if (schemas.has(row.extension.schema)) return undefined
    const { name, schema } = row.extension
    return {
      ...base,
      kind: 'extension',
      needs: row.referenced,
      requirement: `extension ${name} in schema ${schema}`,
      probe: { kind: 'extension', name },
      fix: `prepare the target: CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)} WITH SCHEMA ${quoteIdent(schema)} (a --schema dump never creates extensions)`
    }
  }
  if (row.referencedType === 'access method') {
    return {
      ...base,
      kind: 'access-method',
      needs: row.referenced,
      requirement: row.referenced,
      probe: { kind: 'access-method', name: row.referencedIdentity },
      fix: `prepare the target with ${row.referenced} (access methods belong to the database, not to a schema, so no --schema dump carries them)`
    }
  }
  if (row.referencedSchema !== null && !schemas.has(row.referencedSchema)) {
    return {
      ...base,
      kind: 'schema',
      needs: row.referenced,
      requirement: `schema ${row.referencedSchema}`,
      probe: probeFor(row),
      fix: `add ${row.referencedSchema} to schemas, or restore into a target that already holds what these objects need from it`
    }
  }
  if (row.referencedTable !== null && !tables.has(row.referencedTable)) {
    return {
      ...base,
      kind: 'table',
      needs: row.referenced,
      requirement: `table ${row.referencedTable} (left out by tables / exclude-tables)`,
      probe: { kind: 'relation', name: row.referencedTable },
      fix: `include ${row.referencedTable} in the backup (tables / exclude-tables), or restore into a target that already holds it`
    }
  }
  return undefined
}

function probeFor(row: DependencyRow): DependencyProbe {
  if (row.referencedType === 'schema') return { kind: 'schema', name: row.referencedIdentity }
  if (row.referencedType === 'function') return { kind: 'function', name: row.referencedIdentity }
  if (row.referencedType === 'type') return { kind: 'type', name: row.referencedIdentity }
  if (row.referencedTable !== null) return { kind: 'relation', name: row.referencedTable }
  return { kind: 'object', name: row.referenced }
}

function isInScope(
  table: string,
  schemas: ReadonlySet<string>,
  tables: ReadonlySet<string>
): boolean {
  return tables.has(table) || !schemas.has(table.slice(0, table.indexOf('.')))
}

/**
 * One warning per requirement, naming every object that needs it and the fix, e.g. `Needs extension
 * uuid-ossp in schema extensions, outside the backup's scope, for: default value for column id of
 * table public.t (function extensions.uuid_generate_v4()). A restore into a target without it fails
 * on this object. Fix: prepare the target: CREATE EXTENSION ...`.
 */
export function dependencyWarnings(findings: readonly DependencyFinding[]): string[] {
  const byRequirement = new Map<string, DependencyFinding[]>()
  for (const finding of findings)
    byRequirement.set(finding.requirement, [
      ...(byRequirement.get(finding.requirement) ?? []),
      finding
    ])
  return [...byRequirement.entries()].map(([requirement, group]) => {
    const objects = group.map((f) =>
      f.needs === requirement ? f.object : `${f.object} (${f.needs})`
    )
    const shown =
      objects.slice(0, 5).join('; ') +
      (objects.length > 5 ? `; and ${objects.length - 5} more` : '')
    const count = objects.length === 1 ? 'this object' : `these ${objects.length} objects`
    return `Needs ${requirement}, outside the backup's scope, for: ${shown}. A restore into a target without it fails on ${count}. Fix: ${group[0]!.fix}.`
  })
}

const quoteIdent = (name: string) =>
  /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`

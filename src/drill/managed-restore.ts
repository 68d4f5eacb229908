import { keepEntries, listedName, parseToc, type TocEntry } from '../postgres/archive-check.js'
import type { Manifest } from '../manifest/schema.js'
import type { ManagedTable } from '../postgres/platform-target.js'

/**
 * A restore into schemas the target's platform already manages (Supabase's auth, storage, ...)
 * is a data-only restore into the tables the platform made, plus the objects the app added to
 * them (a trigger on auth.users, policies and indexes on storage.objects): those are the app's,
 * not the platform's. Pure: what to restore and what version skew means, decided from the
 * manifest, the archive's table of contents and the target's tables (docs/target-kind.md).
 */

/** One way a managed table in the target differs from the backup's (a newer or older platform release). */
export interface SkewDifference {
  /** `schema.table` */
  table: string
  /** The column, or `(table)` when the whole table is missing. */
  column: string
  /** What the backup has: the column's type, or `missing`. */
  backup: string
  /** What the target has: the column's type, or `missing`. */
  target: string
  /** `note`: the rows still load; `blocks`: the table's data is not restored. */
  verdict: 'note' | 'blocks'
  reason: string
}

/**
 * The documented rule (docs/target-kind.md#version-skew): a target column the backup lacks is fine
 * when the rows load without it (nullable, a default, an identity or generated column: a note); a
 * backup column the target lacks, a different type, a NOT NULL target column without a default,
 * or a missing table blocks the table's data (COPY could only fail or lose values).
 */
export function versionSkew(
  manifest: Manifest,
  managedSchemas: ReadonlySet<string>,
  targetTables: readonly ManagedTable[]
): SkewDifference[] {
  const columns = manifest.inventory.columns
  const byKey = new Map(targetTables.map((t) => [`${t.schema}.${t.name}`, t]))
  const differences: SkewDifference[] = []
  for (const table of manifest.inventory.tables) {
    if (!managedSchemas.has(table.schema)) continue
    const key = `${table.schema}.${table.name}`
    const target = byKey.get(key)
    if (!target) {
      differences.push({
        table: key,
        column: '(table)',
        backup: 'present',
        target: 'missing',
        verdict: 'blocks',
        reason: 'the target has no such table: its rows have nowhere to go'
      })
      continue
    }
    // A format-1 manifest recorded no columns: nothing to compare, the COPY decides.
    if (!columns) continue
    const wanted = columns.filter((c) => c.table === key)
    const have = new Map(target.columns.map((c) => [c.name, c]))
    for (const column of wanted) {
      const got = have.get(column.name)
      if (!got) {
        differences.push({
          table: key,
          column: column.name,
          backup: column.type,
          target: 'missing',
          verdict: 'blocks',
          reason:
            "the backup's rows carry values for this column and the target has nowhere to put them"
        })
      } else if (got.type !== column.type) {
        differences.push({
          table: key,
          column: column.name,
          backup: column.type,
          target: got.type,
          verdict: 'blocks',
          reason: 'the column has another type in the target: values may not load or may change'
        })
      } else if ((column.generated !== null) !== got.generated) {
        differences.push({
          table: key,
          column: column.name,
          backup: column.generated !== null ? `${column.type} generated` : column.type,
          target: got.generated ? `${got.type} generated` : got.type,
          verdict: 'blocks',
          reason: 'generated in one and not the other: the data cannot load as dumped'
        })
      }
    }
    const known = new Set(wanted.map((c) => c.name))
    for (const got of target.columns) {
      if (known.has(got.name)) continue
      const loads = !got.notNull || got.filled
      differences.push({
        table: key,
        column: got.name,
        backup: 'missing',
        target: got.type,
        verdict: loads ? 'note' : 'blocks',
        reason: loads
          ? `the target's newer column is ${got.filled ? 'filled by its default' : 'left NULL'} for the restored rows`
          : "the target's column is NOT NULL without a default: the backup's rows have no value for it"
      })
    }
  }
  return differences
}

/** What the filtered table of contents restores into the managed schemas. */
export interface ManagedListing {
  /** The use-list for pg_restore -L. */
  listing: string
  /** The app's objects on platform tables that will be created (`trigger auth.users.on_auth_user_created`). */
  appObjects: string[]
  /** App objects the restoring role may not create there (the platform owns the table). */
  notCreatable: Array<{ object: string; owner: string }>
  /**
   * Policies, indexes and triggers the role could not create but the target already has (same
   * kind and name on the same table: the platform's own, or the app's made through the platform).
   * Left out of the restore; validation compares their definitions with the manifest's.
   */
  alreadyPresent: string[]
}

/**
 * Filters the archive's listing for the managed schemas: their TABLE DATA (except tables version
 * skew blocks) and SEQUENCE SET entries stay; of their post-data entries only the objects the
 * target does not have stay (the app's; the platform's exist), when the role may create them;
 * every other entry in a managed schema (its CREATE SCHEMA, tables, types, functions, comments,
 * defaults) is commented out: the platform made them. Entries in other schemas stay untouched.
 */
export function planManagedListing(
  listing: string,
  manifest: Manifest,
  managedSchemas: ReadonlySet<string>,
  targetTables: readonly ManagedTable[],
  blocked: ReadonlySet<string>
): ManagedListing {
  const byKey = new Map(targetTables.map((t) => [`${t.schema}.${t.name}`, t]))
  const inv = manifest.inventory
  const managedTables = inv.tables.filter((t) => managedSchemas.has(t.schema))
  const appObjects: string[] = []
  const notCreatable: ManagedListing['notCreatable'] = []
  const alreadyPresent: string[] = []

  // The TOC prefix of each object the backup has on a managed table, with what it is.
  interface OnTable {
    prefix: string
    table: string
    name: string
    kind: 'trigger' | 'policy' | 'constraint' | 'index' | 'row security'
  }
  const onTables: OnTable[] = []
  const split = (key: string) => {
    const at = key.indexOf('.')
    return { schema: key.slice(0, at), name: key.slice(at + 1) }
  }
  const add = (desc: string, table: string, name: string, kind: OnTable['kind'], tag: string) => {
    const { schema } = split(table)
    if (managedSchemas.has(schema))
      onTables.push({ prefix: `${desc} ${schema} ${listedName(tag)} `, table, name, kind })
  }
  for (const t of inv.triggers)
    add('TRIGGER', t.table, t.name, 'trigger', `${split(t.table).name} ${t.name}`)
  for (const p of inv.policies)
    add('POLICY', p.table, p.name, 'policy', `${split(p.table).name} ${p.name}`)
  for (const c of inv.constraints) {
    const desc =
      c.type === 'f' ? 'FK CONSTRAINT' : c.type === 'c' ? 'CHECK CONSTRAINT' : 'CONSTRAINT'
    add(desc, c.table, c.name, 'constraint', `${split(c.table).name} ${c.name}`)
  }
  for (const i of inv.indexes) add('INDEX', i.table, i.name, 'index', i.name)
  for (const t of managedTables) {
    if (t.rlsEnabled) add('ROW SECURITY', `${t.schema}.${t.name}`, '', 'row security', t.name)
  }

  const keep = (entry: TocEntry): boolean => {
    const schema = schemaOf(entry)
    if (schema === undefined || !managedSchemas.has(schema)) return true
    if (entry.rest.startsWith('SEQUENCE SET ')) return true
    if (entry.rest.startsWith('TABLE DATA ')) {
      const table = managedTables.find((t) =>
        entry.rest.startsWith(`TABLE DATA ${t.schema} ${listedName(t.name)} `)
      )
      return table !== undefined && !blocked.has(`${table.schema}.${table.name}`)
    }
    // Longest prefix first: `a b` must not claim the entry of `a b c`.
    const object = onTables
      .filter((o) => entry.rest.startsWith(o.prefix))
      .sort((a, b) => b.prefix.length - a.prefix.length)[0]
    if (!object) return false
    const target = byKey.get(object.table)
    if (!target || blocked.has(object.table)) return false
    const existing =
      object.kind === 'trigger'
        ? target.objects.triggers
        : object.kind === 'policy'
          ? target.objects.policies
          : object.kind === 'index'
            ? target.objects.indexes
            : object.kind === 'constraint'
              ? target.objects.constraints
              : []
    const label =
      object.kind === 'row security'
        ? `row level security on ${object.table}`
        : `${object.kind} ${object.name} on ${object.table}`
    const allowed = object.kind === 'trigger' ? target.triggerPrivilege : target.ownerPrivileges
    if (object.kind === 'row security' ? target.rlsEnabled : existing.includes(object.name)) {
      // Constraints are the table's shape, the platform's; only name what an app adds.
      if (!allowed && object.kind !== 'constraint' && object.kind !== 'row security')
        alreadyPresent.push(label)
      return false
    }
    if (!allowed) {
      notCreatable.push({ object: label, owner: target.owner })
      return false
    }
    appObjects.push(label)
    return true
  }
  return { listing: keepEntries(listing, keep), appObjects, notCreatable, alreadyPresent }
}

/** The TOC descriptions of more than one word, longest first (pg_dump's names). */
const MULTI_WORD = [
  'MATERIALIZED VIEW DATA',
  'TEXT SEARCH CONFIGURATION',
  'TEXT SEARCH DICTIONARY',
  'TEXT SEARCH TEMPLATE',
  'TEXT SEARCH PARSER',
  'FOREIGN DATA WRAPPER',
  'SEQUENCE OWNED BY',
  'MATERIALIZED VIEW',
  'CHECK CONSTRAINT',
  'OPERATOR FAMILY',
  'OPERATOR CLASS',
  'FOREIGN SERVER',
  'PUBLICATION TABLE',
  'FOREIGN TABLE',
  'EVENT TRIGGER',
  'FK CONSTRAINT',
  'INDEX ATTACH',
  'LARGE OBJECT',
  'ROW SECURITY',
  'SEQUENCE SET',
  'USER MAPPING',
  'DEFAULT ACL',
  'TABLE ATTACH',
  'TABLE DATA'
]

/** The schema field of a TOC entry (`-` for objects outside schemas: undefined). */
export function schemaOf(entry: TocEntry): string | undefined {
  const desc =
    MULTI_WORD.find((d) => entry.rest.startsWith(`${d} `)) ?? entry.rest.split(' ', 1)[0]!
  const schema = entry.rest.slice(desc.length + 1).split(' ', 1)[0]
  return schema === undefined || schema === '-' ? undefined : schema
}

/**
 * The listing with the TABLE DATA of managed tables ordered so that a referenced table loads
 * before the tables referencing it (the manifest's foreign keys). Needed only where the replica
 * role is not allowed: the platform's foreign keys are live while the data loads, so the
 * restore runs that data serially in this order.
 */
export function orderManagedData(
  listing: string,
  manifest: Manifest,
  managedSchemas: ReadonlySet<string>
): string {
  const lines = listing.split('\n')
  const dataLine = (line: string) => {
    const entry = parseToc(line)[0]
    return entry?.rest.startsWith('TABLE DATA ') && managedSchemas.has(schemaOf(entry) ?? '')
  }
  const indexes = lines.flatMap((line, index) => (dataLine(line) ? [index] : []))
  const tableOf = (line: string) =>
    manifest.inventory.tables.find((t) =>
      parseToc(line)[0]!.rest.startsWith(`TABLE DATA ${t.schema} ${listedName(t.name)} `)
    )
  const references = new Map<string, Set<string>>()
  for (const c of manifest.inventory.constraints) {
    if (c.type !== 'f') continue
    const target = /REFERENCES\s+((?:"[^"]+"|[^\s(.]+)\.(?:"[^"]+"|[^\s(]+))/.exec(c.definition)
    if (!target) continue
    const key = target[1]!.replace(/"/g, '')
    if (key === c.table) continue
    references.set(c.table, (references.get(c.table) ?? new Set()).add(key))
  }
  const pending = indexes.map((i) => ({ line: lines[i]!, table: tableOf(lines[i]!) }))
  const ordered: string[] = []
  const placed = new Set<string>()
  while (pending.length > 0) {
    const keys = new Set(pending.map((p) => (p.table ? `${p.table.schema}.${p.table.name}` : '')))
    const next =
      pending.findIndex((p) => {
        const key = p.table ? `${p.table.schema}.${p.table.name}` : ''
        return [...(references.get(key) ?? [])].every((r) => placed.has(r) || !keys.has(r))
      }) ?? 0
    const [item] = pending.splice(next < 0 ? 0 : next, 1)
    ordered.push(item!.line)
    if (item!.table) placed.add(`${item!.table.schema}.${item!.table.name}`)
  }
  indexes.forEach((lineIndex, i) => (lines[lineIndex] = ordered[i]!))
  return lines.join('\n')
}

/**
 * For a --clean restore into a target whose platform tables carry triggers calling functions of
 * the backup's own schemas (the app's on_auth_user_created): pg_restore would DROP the function,
 * which fails while the trigger depends on it, and the role may not drop a trigger on a table the
 * platform owns. So those functions' entries are left out: the target keeps its function (and the
 * trigger), and validation compares its definition with the manifest's. Returns the use-list and
 * the functions kept (`schema.name(args)`).
 */
export function keepTriggerFunctions(
  listing: string,
  targetTables: readonly ManagedTable[],
  userSchemas: ReadonlySet<string>
): { listing: string; kept: string[] } {
  const functions = targetTables
    .flatMap((t) => t.triggerFunctions)
    .filter((f) => userSchemas.has(f.schema))
  const kept = new Set<string>()
  const result = keepEntries(listing, (entry) => {
    const match = functions.find((f) =>
      entry.rest.startsWith(`FUNCTION ${f.schema} ${listedName(f.name)}(${f.args}) `)
    )
    if (!match) return true
    kept.add(`${match.schema}.${match.name}(${match.args})`)
    return false
  })
  return { listing: result, kept: [...kept] }
}

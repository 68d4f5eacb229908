import type {
  ConstraintInventory,
  IndexInventory,
  Inventory,
  PolicyInventory,
  SequenceInventory,
  TableInventory,
  TriggerInventory
} from '../manifest/schema.js'
import { diffDefinitions } from './definition-diff.js'
import {
  MISSING,
  NONE,
  byKey,
  diffTableObjects,
  objectKey,
  type Difference,
  type DifferenceCheck
} from './diff-core.js'

export type { Difference, DifferenceCheck } from './diff-core.js'

/**
 * Compares the inventory recorded in the manifest (expected: the source, in
 * the dump's snapshot) with the inventory of the restored scratch database
 * (found). The drill passes only when there is no difference.
 *
 * Scope rules (also in docs/inventory-diff.md, with what "equal" means per kind):
 * - Extra tables, sequences and schema-level objects (views, functions, types...)
 *   in found are not differences: a Supabase scratch project has its own, and the
 *   backup may be a subset.
 * - On a table the backup has, found must match exactly: an extra column, policy,
 *   constraint, index, trigger or rule there is a difference, because it changes
 *   who can read a row or which writes succeed.
 * - A missing table is reported once; its other objects are not listed again.
 * - Kinds a format-1 manifest did not record are not compared.
 */

export interface DiffOptions {
  /** Compare per-table content hashes (default true). Hashes are compared only where the backup recorded one. */
  compareContentHash: boolean
  /**
   * The restore runs on another PostgreSQL major than the source: deparsed view definitions
   * are compared without name qualifiers, which PostgreSQL 16 stopped printing for columns.
   */
  acrossMajors?: boolean
}

/**
 * Every way `found` falls short of `expected`, in a stable order (tables,
 * constraints, indexes, policies, sequences, triggers, then the format-2 kinds:
 * table definitions, columns, rules, views, functions, types, domains, comments).
 * Empty when the restore is complete.
 */
export function diffInventories(
  expected: Inventory,
  found: Inventory,
  options: DiffOptions = { compareContentHash: true }
): Difference[] {
  const foundTables = byKey(found.tables, tableKey)
  // Tables of the backup that the restore produced: the only tables whose objects are compared.
  const present = new Set(expected.tables.map(tableKey).filter((key) => foundTables.has(key)))
  return [
    ...diffTables(expected.tables, foundTables, options),
    ...diffConstraints(expected.constraints, found.constraints, present),
    ...diffTableObjects('index', expected.indexes, found.indexes, present, describeIndex),
    ...diffTableObjects('policy', expected.policies, found.policies, present, describePolicy),
    ...diffSequences(expected.sequences, found.sequences),
    ...diffTableObjects('trigger', expected.triggers, found.triggers, present, describeTrigger),
    ...diffDefinitions(expected, found, present, { acrossMajors: options.acrossMajors === true })
  ]
}

const LABELS: Record<DifferenceCheck, string> = {
  table: 'table',
  'row-count': 'row count',
  constraint: 'constraint',
  index: 'index',
  rls: 'row level security',
  policy: 'policy',
  sequence: 'sequence',
  trigger: 'trigger',
  'content-hash': 'content hash',
  'table-definition': 'table definition',
  column: 'column',
  rule: 'rule',
  view: 'view',
  function: 'function',
  type: 'type',
  domain: 'domain',
  comment: 'comment'
}

/** What a difference's check is about, in words (`row count`, `table definition`...); unknown checks as they are. */
export function differenceLabel(check: string): string {
  return (LABELS as Record<string, string>)[check] ?? check
}

/** One line per difference, e.g. "public.api_keys: row count expected 10, found 9". */
export function summarizeDifferences(diffs: readonly Difference[]): string[] {
  return diffs.map(
    (diff) => `${diff.object}: ${LABELS[diff.check]} expected ${diff.expected}, found ${diff.found}`
  )
}

function diffTables(
  expected: readonly TableInventory[],
  found: ReadonlyMap<string, TableInventory>,
  options: DiffOptions
): Difference[] {
  const diffs: Difference[] = []
  for (const table of expected) {
    const object = tableKey(table)
    const other = found.get(object)
    if (!other) {
      diffs.push({ check: 'table', object, expected: 'present', found: MISSING })
      continue
    }
    if (table.rowCount !== other.rowCount) {
      diffs.push({
        check: 'row-count',
        object,
        expected: String(table.rowCount),
        found: String(other.rowCount)
      })
    }
    // Both directions matter: RLS lost exposes rows, RLS gained hides them from the app.
    if (table.rlsEnabled !== other.rlsEnabled || table.rlsForced !== other.rlsForced) {
      diffs.push({ check: 'rls', object, expected: describeRls(table), found: describeRls(other) })
    }
    if (
      options.compareContentHash &&
      table.contentHash !== undefined &&
      table.contentHash !== other.contentHash
    ) {
      // A found table without a hash means the inspection skipped it: never a silent pass.
      diffs.push({
        check: 'content-hash',
        object,
        expected: table.contentHash,
        found: other.contentHash ?? 'not computed'
      })
    }
  }
  return diffs
}

function diffConstraints(
  expected: readonly ConstraintInventory[],
  found: readonly ConstraintInventory[],
  present: ReadonlySet<string>
): Difference[] {
  // PostgreSQL 18 records NOT NULL as constraints (type n); a backup from an older server has
  // none, so those found on a newer scratch server are the same columns' NOT NULL, not extras.
  const sourceHasNotNull = expected.some((constraint) => constraint.type === 'n')
  const comparable = found.filter((constraint) => sourceHasNotNull || constraint.type !== 'n')
  // Names of derived constraints are generated by the server, not chosen by the user: a restore
  // cannot reproduce them, so they are paired by table and definition (format 2 records the flag).
  // A format-1 manifest does not know the flag: then every constraint is matched by name, as it was.
  const recorded = expected.every((constraint) => constraint.derived !== undefined)
  const isDerived = (constraint: ConstraintInventory) => recorded && constraint.derived === true
  return [
    ...diffTableObjects(
      'constraint',
      expected.filter((c) => !isDerived(c)),
      comparable.filter((c) => !isDerived(c)),
      present,
      describeConstraint,
      (want, got) =>
        // A constraint the source had NOT VALID may stay NOT VALID; one the source had validated must be validated.
        want.validated && !got.validated ? describeConstraint(got) : undefined
    ),
    ...diffDerivedConstraints(expected.filter(isDerived), comparable.filter(isDerived), present)
  ]
}

/** Derived constraints as a multiset per table: each expected one consumes one found with the same text. */
function diffDerivedConstraints(
  expected: readonly ConstraintInventory[],
  found: readonly ConstraintInventory[],
  present: ReadonlySet<string>
): Difference[] {
  const describe = (c: ConstraintInventory) => `${describeConstraint(c)} (derived from the parent)`
  const unmatched = new Map<string, ConstraintInventory[]>()
  for (const got of found) {
    const key = `${got.table}\0${describe(got)}`
    unmatched.set(key, [...(unmatched.get(key) ?? []), got])
  }
  const diffs: Difference[] = []
  for (const want of expected) {
    if (!present.has(want.table)) continue
    const candidates = unmatched.get(`${want.table}\0${describe(want)}`)
    if (candidates && candidates.length > 0) {
      candidates.shift()
      continue
    }
    diffs.push({
      check: 'constraint',
      object: objectKey(want),
      expected: describe(want),
      found: MISSING
    })
  }
  for (const got of [...unmatched.values()].flat()) {
    if (present.has(got.table))
      diffs.push({
        check: 'constraint',
        object: objectKey(got),
        expected: NONE,
        found: describe(got)
      })
  }
  return diffs
}

function diffSequences(
  expected: readonly SequenceInventory[],
  found: readonly SequenceInventory[]
): Difference[] {
  const diffs: Difference[] = []
  const foundByName = byKey(found, (sequence) => sequence.name)
  for (const want of expected) {
    const got = foundByName.get(want.name)
    if (!got) {
      diffs.push({ check: 'sequence', object: want.name, expected: 'present', found: MISSING })
      continue
    }
    // Without OWNED BY the column check below would silently skip, and DROP TABLE would leave the sequence behind.
    if (want.ownedBy !== got.ownedBy) {
      diffs.push({
        check: 'sequence',
        object: want.name,
        expected: `owned by ${want.ownedBy ?? NONE}`,
        found: `owned by ${got.ownedBy ?? NONE}`
      })
      continue
    }
    // The classic restore bug: a sequence behind its column hands out ids that already exist.
    // (Assumes ascending sequences, as serial and identity columns are by default.) A source that
    // was behind already (explicit ids, OVERRIDING SYSTEM VALUE) restores behind too: then the
    // restore must only not fall further back than the source's own last value.
    if (!got.ownedBy || got.columnMax === null || !isBehind(got.lastValue, got.columnMax)) continue
    const sourceBehind = want.columnMax !== null && isBehind(want.lastValue, want.columnMax)
    if (sourceBehind && !isBefore(got.lastValue, want.lastValue)) continue
    diffs.push({
      check: 'sequence',
      object: want.name,
      expected: sourceBehind
        ? `last value >= ${want.lastValue ?? 'never used'} (the source was behind max ${want.columnMax} of ${want.ownedBy} already)`
        : `last value >= ${got.columnMax} (max of ${got.ownedBy})`,
      found: got.lastValue === null ? 'never used' : `last value ${got.lastValue}`
    })
  }
  return diffs
}

/** True when last value `a` is before `b` (never used comes before every value). */
function isBefore(a: string | null, b: string | null): boolean {
  if (a === null) return b !== null
  return b !== null && BigInt(a) < BigInt(b)
}

/** True when nextval() may return a value at or below the column's max: never called, or last value below max. */
function isBehind(lastValue: string | null, columnMax: string): boolean {
  if (lastValue === null) return true
  return BigInt(lastValue) < BigInt(columnMax)
}

function describeRls(table: TableInventory): string {
  if (!table.rlsEnabled) return table.rlsForced ? 'disabled (forced)' : 'disabled'
  return table.rlsForced ? 'enabled, forced' : 'enabled'
}

function describeConstraint(constraint: ConstraintInventory): string {
  return `${constraint.definition}${constraint.validated ? '' : ' (not validated)'}`
}

function describeIndex(index: IndexInventory): string {
  return `${index.definition}${index.valid ? '' : ' (invalid)'}`
}

/** A policy as one comparable text; roles are a set, so their order does not matter. */
function describePolicy(policy: PolicyInventory): string {
  const roles = [...policy.roles].sort().join(', ')
  const parts = [
    `${policy.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${policy.command} TO ${roles}`
  ]
  // pg_get_expr already parenthesizes these expressions.
  if (policy.using !== null) parts.push(`USING ${policy.using}`)
  if (policy.withCheck !== null) parts.push(`WITH CHECK ${policy.withCheck}`)
  return parts.join(' ')
}

function describeTrigger(trigger: TriggerInventory): string {
  return `${trigger.definition} [enabled: ${trigger.enabled}]`
}

function tableKey(table: TableInventory): string {
  return `${table.schema}.${table.name}`
}

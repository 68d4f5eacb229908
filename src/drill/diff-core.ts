/** The vocabulary of the inventory comparison, shared by the diff of each object kind. */

export type DifferenceCheck =
  | 'table'
  | 'row-count'
  | 'constraint'
  | 'index'
  | 'rls'
  | 'policy'
  | 'sequence'
  | 'trigger'
  | 'content-hash'
  | 'table-definition'
  | 'column'
  | 'rule'
  | 'view'
  | 'function'
  | 'type'
  | 'domain'
  | 'comment'

export interface Difference {
  check: DifferenceCheck
  /** `schema.table`, or `schema.table.name` for objects on a table, or the object's own `schema.name` / signature. */
  object: string
  expected: string
  found: string
}

export const MISSING = 'missing'
export const NONE = 'none'

/**
 * Objects on the backup's tables: each expected one present with the same
 * description, and no extra ones on those tables. `extraCheck` reports a
 * difference the description does not show (e.g. validation state).
 */
export function diffTableObjects<T extends { table: string; name: string }>(
  check: DifferenceCheck,
  expected: readonly T[],
  found: readonly T[],
  present: ReadonlySet<string>,
  describe: (item: T) => string,
  extraCheck?: (want: T, got: T) => string | undefined
): Difference[] {
  const diffs: Difference[] = []
  const foundByKey = byKey(found, objectKey)
  const expectedKeys = new Set<string>()
  for (const want of expected) {
    const object = objectKey(want)
    expectedKeys.add(object)
    if (!present.has(want.table)) continue
    const got = foundByKey.get(object)
    const wanted = describe(want)
    if (!got) {
      diffs.push({ check, object, expected: wanted, found: MISSING })
      continue
    }
    const gotText = describe(got)
    const mismatch = gotText !== wanted ? gotText : extraCheck?.(want, got)
    if (mismatch !== undefined) diffs.push({ check, object, expected: wanted, found: mismatch })
  }
  for (const got of found) {
    const object = objectKey(got)
    if (present.has(got.table) && !expectedKeys.has(object)) {
      diffs.push({ check, object, expected: NONE, found: describe(got) })
    }
  }
  return diffs
}

/**
 * Schema-level objects (views, functions, types, ...): each expected one present with the same
 * description. Extras are not differences, as for tables: a scratch project has its own.
 */
export function diffNamedObjects<T>(
  check: DifferenceCheck,
  expected: readonly T[],
  found: readonly T[],
  key: (item: T) => string,
  describe: (item: T) => string
): Difference[] {
  const foundByKey = byKey(found, key)
  const diffs: Difference[] = []
  for (const want of expected) {
    const object = key(want)
    const got = foundByKey.get(object)
    const wanted = describe(want)
    if (!got) diffs.push({ check, object, expected: wanted, found: MISSING })
    else if (describe(got) !== wanted)
      diffs.push({ check, object, expected: wanted, found: describe(got) })
  }
  return diffs
}

export function objectKey(item: { table: string; name: string }): string {
  return `${item.table}.${item.name}`
}

export function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]))
}

import type {
  ColumnInventory,
  DomainInventory,
  FunctionInventory,
  Inventory,
  TableInventory,
  ViewInventory
} from '../manifest/schema.js'
import { diffNamedObjects, diffTableObjects, type Difference } from './diff-core.js'

/**
 * The format-2 part of the comparison: table storage, columns, rules, views, functions, types,
 * domains and comments. A kind the manifest did not record (format 1) is not compared. What is
 * normalized, and why, is in docs/inventory-diff.md.
 */
export function diffDefinitions(
  expected: Inventory,
  found: Inventory,
  present: ReadonlySet<string>,
  options: { acrossMajors: boolean } = { acrossMajors: false }
): Difference[] {
  const describeView = (view: ViewInventory) =>
    describeViewText(view, options.acrossMajors ? unqualified(view.definition) : view.definition)
  const foundTables = new Map(found.tables.map((t) => [`${t.schema}.${t.name}`, t]))
  const views = expected.views ?? []
  // Rules sit on tables or views: both count as present when the restore has them.
  const foundViews = new Set((found.views ?? []).map((v) => v.name))
  const ruleHosts = new Set([
    ...present,
    ...views.map((v) => v.name).filter((n) => foundViews.has(n))
  ])
  return [
    ...diffTableShapes(expected.tables, foundTables, present),
    ...(expected.columns
      ? diffTableObjects('column', expected.columns, found.columns ?? [], present, describeColumn)
      : []),
    ...(expected.rules
      ? diffTableObjects('rule', expected.rules, found.rules ?? [], ruleHosts, (r) => r.definition)
      : []),
    ...diffNamedObjects('view', views, found.views ?? [], (v) => v.name, describeView),
    ...diffNamedObjects(
      'function',
      expected.functions ?? [],
      found.functions ?? [],
      (f) => f.signature,
      describeFunction
    ),
    ...diffNamedObjects(
      'type',
      expected.types ?? [],
      found.types ?? [],
      (t) => t.name,
      (t) => t.definition
    ),
    ...diffNamedObjects(
      'domain',
      expected.domains ?? [],
      found.domains ?? [],
      (d) => d.name,
      describeDomain
    ),
    ...diffNamedObjects(
      'comment',
      expected.comments ?? [],
      found.comments ?? [],
      (c) => c.object,
      (c) => JSON.stringify(c.comment)
    )
  ]
}

/** Access method, persistence, partitioning and inheritance: one difference per table and property. */
function diffTableShapes(
  expected: readonly TableInventory[],
  found: ReadonlyMap<string, TableInventory>,
  present: ReadonlySet<string>
): Difference[] {
  const properties: Array<[string, (t: TableInventory) => string | undefined]> = [
    ['access method', (t) => (t.accessMethod === undefined ? undefined : (t.accessMethod ?? NONE))],
    ['persistence', (t) => t.persistence],
    ['partition key', (t) => (t.partitionKey === undefined ? undefined : (t.partitionKey ?? NONE))],
    [
      'partition bound',
      (t) => (t.partitionBound === undefined ? undefined : (t.partitionBound ?? NONE))
    ],
    ['parents', (t) => (t.parents === undefined ? undefined : t.parents.join(', ') || NONE)]
  ]
  const diffs: Difference[] = []
  for (const table of expected) {
    const object = `${table.schema}.${table.name}`
    const other = found.get(object)
    if (!other || !present.has(object)) continue
    for (const [label, read] of properties) {
      const want = read(table)
      if (want === undefined) continue // not recorded (format 1)
      const got = read(other) ?? NONE
      if (got !== want)
        diffs.push({
          check: 'table-definition',
          object,
          expected: `${label} ${want}`,
          found: `${label} ${got}`
        })
    }
  }
  return diffs
}

const NONE = 'none'

function describeColumn(column: ColumnInventory): string {
  return [
    `#${column.position} ${column.type}`,
    column.collation ? `COLLATE ${column.collation}` : '',
    column.notNull ? 'NOT NULL' : '',
    column.default !== null ? `DEFAULT ${column.default}` : '',
    column.identity ? `GENERATED ${column.identity.toUpperCase()} AS IDENTITY` : '',
    column.generated !== null ? `GENERATED ALWAYS AS (${column.generated}) STORED` : ''
  ]
    .filter(Boolean)
    .join(' ')
}

/**
 * A deparsed query without the `name.` qualifiers before names: PostgreSQL 16 prints columns of
 * single-table views unqualified (`SELECT id` where 15 printed `SELECT orders.id`), so across
 * majors only the unqualified text can be compared. String literals are left alone.
 */
export function unqualified(sql: string): string {
  return sql.replace(
    /('(?:[^']|'')*')|(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\.(?=["A-Za-z_])/g,
    (match, literal: string | undefined) => literal ?? ''
  )
}

function describeViewText(view: ViewInventory, definition: string): string {
  const options = view.options.length ? ` WITH (${view.options.join(', ')})` : ''
  // Whether it holds data, not how many rows: a materialized view's rows are not in the dump.
  // pg_restore refreshes it from the restored tables, and the source's rows date from its last
  // REFRESH, older than the tables' rows whenever it is refreshed on a schedule (a stale source
  // failed every drill). What the refresh reads, the tables, is compared row for row.
  const data = view.materialized ? (view.populated ? ' [populated]' : ' [not populated]') : ''
  return `${view.materialized ? 'MATERIALIZED VIEW' : 'VIEW'}${options} AS ${definition}${data}`
}

function describeFunction(fn: FunctionInventory): string {
  return `${fn.kind}, definition md5 ${fn.definitionHash}`
}

function describeDomain(domain: DomainInventory): string {
  const constraints = domain.constraints.map(
    (c) => `CONSTRAINT ${c.name} ${c.definition}${c.validated ? '' : ' (not validated)'}`
  )
  return [domain.definition, ...constraints].join(' ')
}

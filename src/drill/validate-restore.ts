import { errorMessage } from '../errors.js'
import type { Dependency, Manifest } from '../manifest/schema.js'
import { inspectDatabase } from '../postgres/catalog.js'
import { inspectColumnOrders } from '../postgres/catalog-relations.js'
import { outOfRecreatedOrder, type ColumnOrder } from '../postgres/recreated-column-order.js'
import { connect } from '../postgres/client.js'
import type { PgTool } from '../postgres/client-tools.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'
import type { DrillLog } from '../report/drill-log.js'
import type { Logger } from '../log/logger.js'
import { fail, pass, skip, type Check } from './checks.js'
import { attributeRestoreErrors, EXPECTED } from './dependency-check.js'
import { diffInventories, type Difference } from './inventory-diff.js'
import type { RestoreRun } from './restore-archive.js'
import { runValidationSql } from './validation-sql.js'

/**
 * Judging a restore, shared by the drill (into scratch) and the production
 * restore: pg_restore's classified output, then the restored database
 * inspected with the backup's own inspection code and compared with the manifest.
 */

/** The `restore` check and the log's error list for one pg_restore run. */
export function judgeRestoreRun(
  restored: RestoreRun,
  pgRestore: PgTool,
  missing: readonly Dependency[] = []
): { check: Check; restoreErrors: DrillLog['restoreErrors'] } {
  const { classification } = restored
  // Errors a need the target lacks explains (the dependencies check names it) say so.
  const errors = attributeRestoreErrors(classification.errors, missing)
  const restoreErrors = errors.map(({ message, harmless, reason }) => ({
    message,
    harmless,
    ...(reason ? { reason } : {})
  }))
  const harmful = errors.filter((e) => !e.harmless)
  const expected = harmful.filter((e) => e.reason?.startsWith(EXPECTED))
  const explained =
    expected.length > 0
      ? ` (${expected.length === harmful.length ? 'all' : `${expected.length} of them`} expected: the target lacks what the dependencies check names)`
      : ''
  const check =
    classification.fatal || harmful.length > 0
      ? fail(
          'restore',
          'restore-failed',
          `pg_restore exited ${restored.exitCode}${classification.fatal ? ' and stopped early' : ''}; ${harmful.length} error(s) outside the harmless list${explained}: ${harmful
            .slice(0, 3)
            .map((e) => e.message)
            .join(' | ')}`,
          restored.seconds
        )
      : pass(
          'restore',
          `pg_restore ${pgRestore.version} finished${classification.errors.length ? ` (${classification.errors.length} harmless error(s) ignored)` : ''}`,
          restored.seconds
        )
  return { check, restoreErrors }
}

export interface ValidateRestoredOptions {
  /** The input naming the target, for connection error messages. */
  inputName: string
  /** Extra checks (validation-sql): each statement returns one row whose first column is true. */
  validationSql?: { text: string; label: string } | undefined
  /** Differences the restore's plan accepted (version skew notes): left out of the checks. */
  accepted?: ((difference: Difference) => boolean) | undefined
  logger: Logger
}

/**
 * Inspects the restored database with the backup's own inspection code and
 * compares it with the manifest. Never throws: every problem becomes a failed
 * check (validation-failed) so the caller can still report the rest.
 */
export async function validateRestored(
  target: DatabaseTarget,
  manifest: Manifest,
  options: ValidateRestoredOptions
): Promise<{ checks: Check[]; differences: Difference[] }> {
  const started = performance.now()
  let client
  try {
    client = await connect(target, {
      inputName: options.inputName,
      applicationName: 'backup-drill validate'
    })
  } catch (error) {
    return {
      checks: [fail('validation', 'validation-failed', errorMessage(error))],
      differences: []
    }
  }
  try {
    const tables = manifest.inventory.tables.map(({ schema, name }) => ({ schema, name }))
    const found = await inspectDatabase(
      client,
      { schemas: manifest.scope.schemas, tables },
      { contentHash: manifest.contentHash }
    )
    const version = await client.query<{ major: number }>(
      `SELECT pg_catalog.current_setting('server_version_num')::int / 10000 AS major`
    )
    const all = [
      ...diffInventories(manifest.inventory, found, {
        compareContentHash: manifest.contentHash,
        acrossMajors: version.rows[0]?.major !== manifest.source.serverMajor
      }),
      ...(manifest.inventory.columns
        ? physicalOrderDifferences(
            await inspectColumnOrders(client, manifest.scope.schemas),
            found.tables.map((table) => `${table.schema}.${table.name}`)
          )
        : [])
    ]
    const differences = options.accepted ? all.filter((d) => !options.accepted!(d)) : all
    const seconds = (performance.now() - started) / 1000
    const checks = categoryChecks(manifest, differences, seconds)
    for (const d of differences) {
      options.logger.info(
        `difference: ${d.check} ${d.object}: expected ${d.expected}, found ${d.found}`
      )
    }
    if (options.validationSql) {
      checks.push(
        ...(await runValidationSql(client, options.validationSql.text, options.validationSql.label))
      )
    }
    return { checks, differences }
  } catch (error) {
    return {
      checks: [
        fail(
          'validation',
          'validation-failed',
          `inspecting the restored database failed: ${errorMessage(error)}`
        )
      ],
      differences: []
    }
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * Columns are compared by their place in the order pg_dump recreates each table, which an
 * inheritance child's physical order need not be. On the restored copy the two must agree (a
 * pg_dump script creates every table in that order); a table where they do not was restored some
 * other way, with columns elsewhere than the source's will be after a faithful restore. Pure.
 */
export function physicalOrderDifferences(
  orders: ReadonlyMap<string, ColumnOrder>,
  tables: string[]
): Difference[] {
  return outOfRecreatedOrder(orders, tables).map(({ table, physical, recreated }) => ({
    check: 'column',
    object: table,
    expected: `column order ${recreated.join(', ')} (as pg_dump recreates it)`,
    found: `column order ${physical.join(', ')}`
  }))
}

/**
 * One check per kind of object, so the log reads like the SOP's checklist. A table missing from the
 * restore fails the row counts (and content hashes) as well: its rows are not there, and a pass line
 * such as "exact match" would be false. Other checks count only objects on tables that are present.
 */
export function categoryChecks(
  manifest: Manifest,
  differences: Difference[],
  seconds: number
): Check[] {
  const inv = manifest.inventory
  const missing = new Set(differences.filter((d) => d.check === 'table').map((d) => d.object))
  const present = inv.tables.filter((t) => !missing.has(`${t.schema}.${t.name}`))
  const onPresent = <T extends { table: string }>(items: readonly T[]) =>
    items.filter((item) => !missing.has(item.table))
  const notCompared = missing.size > 0 ? ` (${missing.size} missing table(s) not compared)` : ''
  const rows = present.reduce((n, t) => n + t.rowCount, 0)
  // The rows of a missing table: one difference per table for the checks about rows.
  const lostRows: Difference[] = inv.tables
    .filter((t) => missing.has(`${t.schema}.${t.name}`))
    .map((t) => ({
      check: 'row-count',
      object: `${t.schema}.${t.name}`,
      expected: `${t.rowCount} rows`,
      found: 'table missing'
    }))
  const categories: Array<{
    name: string
    kinds: Difference['check'][]
    ok: string
    /** False: not compared (say why in `skipped`). */
    applies?: boolean
    skipped?: string
    also?: Difference[]
  }> = [
    { name: 'tables present', kinds: ['table'], ok: `all ${inv.tables.length} tables present` },
    {
      name: 'row counts',
      kinds: ['row-count'],
      ok: `${present.length} tables, ${rows} rows, exact match`,
      also: lostRows
    },
    {
      name: 'constraints',
      kinds: ['constraint'],
      ok: `${onPresent(inv.constraints).length} constraints (PK/FK/unique/check) present, same definitions, validated${notCompared}`
    },
    {
      name: 'indexes',
      kinds: ['index'],
      ok: `${onPresent(inv.indexes).length} indexes present and valid${notCompared}`
    },
    {
      name: 'row-level security',
      kinds: ['rls', 'policy'],
      ok: `RLS on ${present.filter((t) => t.rlsEnabled).length} tables, ${onPresent(inv.policies).length} policies identical${notCompared}`
    },
    {
      name: 'sequences',
      kinds: ['sequence'],
      ok: `${inv.sequences.length} sequences present, none behind its column (or behind as in the source)`
    },
    {
      name: 'triggers',
      kinds: ['trigger'],
      ok: `${onPresent(inv.triggers).length} triggers present${notCompared}`
    },
    {
      name: 'columns and storage',
      kinds: ['column', 'table-definition'],
      ok: `${onPresent(inv.columns ?? []).length} columns in the same order and definition; access method, persistence, partitioning and inheritance equal${notCompared}`,
      applies: inv.columns !== undefined
    },
    {
      name: 'rules',
      kinds: ['rule'],
      ok: `${(inv.rules ?? []).length} rules present`,
      applies: inv.rules !== undefined
    },
    {
      name: 'views',
      kinds: ['view'],
      ok: `${(inv.views ?? []).length} views and materialized views with the same definitions, populated as in the source (a materialized view's rows are refreshed from the restored tables)`,
      applies: inv.views !== undefined
    },
    {
      name: 'functions',
      kinds: ['function'],
      ok: `${(inv.functions ?? []).length} functions, procedures and aggregates with the same definitions`,
      applies: inv.functions !== undefined
    },
    {
      name: 'types and domains',
      kinds: ['type', 'domain'],
      ok: `${(inv.types ?? []).length} types and ${(inv.domains ?? []).length} domains with the same definitions`,
      applies: inv.types !== undefined
    },
    {
      name: 'comments',
      kinds: ['comment'],
      ok: `${(inv.comments ?? []).length} comments present`,
      applies: inv.comments !== undefined
    },
    {
      name: 'content hashes',
      kinds: ['content-hash'],
      ok: `row content of ${present.length} tables hashes equal`,
      applies: manifest.contentHash,
      skipped: 'the backup was taken without content-hash',
      also: lostRows
    }
  ]
  return categories.map((category, index) => {
    const time = index === 0 ? seconds : undefined
    if (category.applies === false)
      return skip(
        category.name,
        category.skipped ?? `not recorded in this format-${manifest.formatVersion} manifest`
      )
    const found = [
      ...(category.also ?? []),
      ...differences.filter((d) => category.kinds.includes(d.check))
    ]
    if (found.length === 0) return pass(category.name, category.ok, time)
    const shown = found
      .slice(0, 5)
      .map((d) => `${d.object}: expected ${d.expected}, found ${d.found}`)
      .join('; ')
    return fail(
      category.name,
      'validation-failed',
      `${found.length} difference(s): ${shown}${found.length > 5 ? '; …' : ''}`,
      time
    )
  })
}

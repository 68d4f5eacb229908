import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { DrillOptions } from '../config/drill-options.js'
import { InputError, errorMessage } from '../errors.js'
import { backupSetName } from '../manifest/backup-set.js'
import type { Manifest } from '../manifest/schema.js'
import { inspectDatabase } from '../postgres/catalog.js'
import { connect } from '../postgres/client.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'
import { assertScratchIsNotProduction } from '../postgres/same-target.js'
import { DRILL_LOG_FORMAT_VERSION, drillLogMarkdown, drillLogSchema, type DrillLog } from '../report/drill-log.js'
import type { Logger } from '../report/logger.js'
import { TOOL_VERSION } from '../version.js'
import { conditionsOf, fail, pass, skip, type Check } from './checks.js'
import { diffInventories, type Difference } from './inventory-diff.js'
import { locateBackup } from './locate-backup.js'
import { restoreArchive } from './restore-archive.js'
import { runSmokeCommand } from './smoke.js'
import { runValidationSql } from './validation-sql.js'
import { verifyBackup } from './verify-backup.js'

/** Seams: the clock (RPO tests), a hook between restore and validation (fault tests), the log upload. */
export interface DrillDependencies {
  now?: () => Date
  /** Runs after pg_restore and before validation, against the real scratch database. */
  afterRestore?: (scratch: DatabaseTarget) => Promise<void>
  /** Stores the log files (the action uploads them as an artifact). */
  storeLog?: (files: string[], name: string) => Promise<void>
}

export interface DrillResult {
  log: DrillLog
  logPath: string
  markdownPath: string
  markdown: string
}

/**
 * SOP §2–3 automated: guard, fetch, verify, restore into scratch, validate
 * against the manifest, run the smoke command, measure RPO/RTO and write the
 * drill log. Runs every check it still can and reports every condition; only
 * bad input throws (before anything is touched).
 */
export async function runDrill(options: DrillOptions, logger: Logger, deps: DrillDependencies = {}): Promise<DrillResult> {
  const now = deps.now ?? (() => new Date())
  const startedAt = now()
  const started = performance.now()
  // Before any connection: the scratch target must provably not be production.
  assertScratchIsNotProduction({ scratchUrl: options.scratch.url, productionUrl: options.production?.url, projectRef: options.projectRef })
  const validationSql = options.validationSqlPath ? await readValidationSql(options.validationSqlPath) : undefined

  const checks: Check[] = []
  let differences: Difference[] = []
  let restoreErrors: DrillLog['restoreErrors'] = []
  let smoke: DrillLog['smoke']
  let manifest: Manifest | undefined
  const located = await logger.group('Fetch backup', () => locateBackup(options.source, logger))
  try {
    const verified = await logger.group(`Verify ${located.name}`, () => verifyBackup(located, { pgBinDir: options.pgBinDir, logger }))
    checks.push(...verified.checks)
    manifest = verified.manifest
    if (manifest) guardAgainstSource(options, manifest)

    if (!verified.ok || !manifest || !verified.pgRestore) {
      checks.push(skip('restore', 'the backup did not verify: a corrupt archive is never restored'))
    } else {
      const pgRestore = verified.pgRestore
      const restored = await logger.group(`Restore into ${display(options.scratch)} (pg_restore -j ${options.jobs})`, () =>
        restoreArchive({ pgRestore, archive: located.dump, target: options.scratch, jobs: options.jobs })
      )
      const { classification } = restored
      restoreErrors = classification.errors.map(({ message, harmless, reason }) => ({ message, harmless, ...(reason ? { reason } : {}) }))
      const harmful = classification.errors.filter((e) => !e.harmless)
      checks.push(
        classification.fatal || harmful.length > 0
          ? fail('restore', 'restore-failed', `pg_restore exited ${restored.exitCode}${classification.fatal ? ' and stopped early' : ''}; ${harmful.length} error(s) outside the harmless list: ${harmful.slice(0, 3).map((e) => e.message).join(' | ')}`, restored.seconds)
          : pass('restore', `pg_restore ${pgRestore.version} finished${classification.errors.length ? ` (${classification.errors.length} harmless error(s) ignored)` : ''}`, restored.seconds)
      )
      await deps.afterRestore?.(options.scratch)
      const validated = await logger.group('Validate against the manifest', () => validate(options, manifest!, validationSql, logger))
      checks.push(...validated.checks)
      differences = validated.differences
      if (options.smokeCommand) {
        const ran = await logger.group('Smoke test', () => runSmokeCommand(options.smokeCommand!, options.scratch.url))
        smoke = { command: options.smokeCommand, exitCode: ran.exitCode, output: ran.output }
        checks.push(ran.exitCode === 0 ? pass('smoke', 'smoke command exited 0', ran.seconds) : fail('smoke', 'smoke-failed', `smoke command exited ${ran.exitCode}`, ran.seconds))
      } else {
        checks.push(skip('smoke', 'no smoke-command given'))
      }
    }
  } finally {
    await located.cleanup()
  }

  const rtoSeconds = (performance.now() - started) / 1000
  const rpoHours = manifest ? (startedAt.getTime() - Date.parse(manifest.createdAt)) / 3_600_000 : null
  const rpoOk = rpoHours !== null && rpoHours <= options.rpoHours
  const rtoOk = rtoSeconds <= options.rtoMinutes * 60
  checks.push(
    rpoHours === null
      ? skip('rpo', 'backup time unknown (no manifest)')
      : rpoOk
        ? pass('rpo', `backup is ${rpoHours.toFixed(2)} h old (limit ${options.rpoHours} h)`)
        : fail('rpo', 'rpo-exceeded', `backup is ${rpoHours.toFixed(2)} h old, over the ${options.rpoHours} h RPO: the daily backup is missing or failing`),
    rtoOk
      ? pass('rto', `fetch + verify + restore + validate + smoke took ${rtoSeconds.toFixed(1)} s (limit ${options.rtoMinutes} min)`)
      : fail('rto', 'rto-exceeded', `fetch + verify + restore + validate + smoke took ${rtoSeconds.toFixed(1)} s, over the ${options.rtoMinutes} min RTO`)
  )

  const escalations = conditionsOf(checks)
  const id = backupSetName('drill', startedAt)
  const log = drillLogSchema.parse({
    formatVersion: DRILL_LOG_FORMAT_VERSION,
    tool: { name: 'backup-drill', version: TOOL_VERSION },
    kind: 'drill',
    id,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(startedAt.getTime() + rtoSeconds * 1000).toISOString(),
    result: escalations.length === 0 ? 'pass' : 'fail',
    escalations,
    backup: {
      name: located.name,
      origin: located.origin,
      ...(manifest ? { createdAt: manifest.createdAt, projectRef: manifest.projectRef, source: manifest.source.display, sha256: manifest.dump.sha256, sizeBytes: manifest.dump.sizeBytes, pgDumpVersion: manifest.pgDump.version } : {})
    },
    target: display(options.scratch),
    checks,
    rpo: { hours: rpoHours === null ? null : round(rpoHours), limitHours: options.rpoHours, ok: rpoOk },
    rto: { seconds: round(rtoSeconds), limitMinutes: options.rtoMinutes, ok: rtoOk },
    restoreErrors,
    differences,
    ...(smoke ? { smoke } : {})
  })
  const markdown = drillLogMarkdown(log)
  const logDir = resolve(options.logDir)
  await mkdir(logDir, { recursive: true })
  const logPath = join(logDir, `${id}.json`)
  const markdownPath = join(logDir, `${id}.md`)
  await writeFile(logPath, JSON.stringify(log, null, 2) + '\n')
  await writeFile(markdownPath, markdown)
  if (deps.storeLog) await deps.storeLog([logPath, markdownPath], `drill-log-${id}`)
  return { log, logPath, markdownPath, markdown }
}

/** Inspects the restored scratch database with the backup's own inspection code and compares. */
async function validate(options: DrillOptions, manifest: Manifest, validationSql: { text: string; label: string } | undefined, logger: Logger): Promise<{ checks: Check[]; differences: Difference[] }> {
  const started = performance.now()
  let client
  try {
    client = await connect(options.scratch, { condition: 'validation-failed', inputName: 'scratch-db-url', applicationName: 'backup-drill validate' })
  } catch (error) {
    return { checks: [fail('validation', 'validation-failed', errorMessage(error))], differences: [] }
  }
  try {
    const tables = manifest.inventory.tables.map(({ schema, name }) => ({ schema, name }))
    const found = await inspectDatabase(client, tables, { contentHash: manifest.contentHash })
    const differences = diffInventories(manifest.inventory, found, { compareContentHash: manifest.contentHash })
    const seconds = (performance.now() - started) / 1000
    const checks = categoryChecks(manifest, differences, seconds)
    for (const d of differences) logger.info(`difference: ${d.check} ${d.object}: expected ${d.expected}, found ${d.found}`)
    if (validationSql) checks.push(...(await runValidationSql(client, validationSql.text, validationSql.label)))
    return { checks, differences }
  } catch (error) {
    return { checks: [fail('validation', 'validation-failed', `inspecting the scratch database failed: ${errorMessage(error)}`)], differences: [] }
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** One check per kind of object, so the log reads like the SOP's checklist. */
function categoryChecks(manifest: Manifest, differences: Difference[], seconds: number): Check[] {
  const inv = manifest.inventory
  const rows = inv.tables.reduce((n, t) => n + t.rowCount, 0)
  const categories: Array<{ name: string; kinds: Difference['check'][]; ok: string; applies?: boolean }> = [
    { name: 'tables present', kinds: ['table'], ok: `all ${inv.tables.length} tables present` },
    { name: 'row counts', kinds: ['row-count'], ok: `${inv.tables.length} tables, ${rows} rows, exact match` },
    { name: 'constraints', kinds: ['constraint'], ok: `${inv.constraints.length} constraints (PK/FK/unique/check) present, same definitions, validated` },
    { name: 'indexes', kinds: ['index'], ok: `${inv.indexes.length} indexes present and valid` },
    { name: 'row-level security', kinds: ['rls', 'policy'], ok: `RLS on ${inv.tables.filter((t) => t.rlsEnabled).length} tables, ${inv.policies.length} policies identical` },
    { name: 'sequences', kinds: ['sequence'], ok: `${inv.sequences.length} sequences present, none behind its column` },
    { name: 'triggers', kinds: ['trigger'], ok: `${inv.triggers.length} triggers present` },
    { name: 'content hashes', kinds: ['content-hash'], ok: `row content of ${inv.tables.length} tables hashes equal`, applies: manifest.contentHash }
  ]
  return categories.map((category, index) => {
    const time = index === 0 ? seconds : undefined
    if (category.applies === false) return skip(category.name, 'the backup was taken without content-hash')
    const found = differences.filter((d) => category.kinds.includes(d.check))
    if (found.length === 0) return pass(category.name, category.ok, time)
    const shown = found.slice(0, 5).map((d) => `${d.object}: expected ${d.expected}, found ${d.found}`).join('; ')
    return fail(category.name, 'validation-failed', `${found.length} difference(s): ${shown}${found.length > 5 ? '; …' : ''}`, time)
  })
}

/** The backup's own source is production too, whatever the inputs say. */
function guardAgainstSource(options: DrillOptions, manifest: Manifest): void {
  const ref = options.projectRef ?? (manifest.projectRef === 'local' ? undefined : manifest.projectRef)
  const [hostPort, ...database] = manifest.source.display.split('/')
  const source = /^(.*):(\d+)$/.exec(hostPort ?? '')
  const host = source?.[1] ?? ''
  const productionUrl = source ? `postgres://${host.includes(':') ? `[${host}]` : host}:${source[2]}/${encodeURIComponent(database.join('/'))}` : undefined
  assertScratchIsNotProduction({ scratchUrl: options.scratch.url, ...(productionUrl ? { productionUrl } : {}), ...(ref ? { projectRef: ref } : {}) })
}

async function readValidationSql(path: string): Promise<{ text: string; label: string }> {
  try {
    return { text: await readFile(path, 'utf8'), label: path.split('/').pop() ?? path }
  } catch {
    throw new InputError('validation-sql', `cannot read ${path}: pass the path of a .sql file whose statements each return one row with true in the first column`)
  }
}

const display = (target: DatabaseTarget) => `${target.host}:${target.port}/${target.database}`
const round = (n: number) => Math.round(n * 1000) / 1000

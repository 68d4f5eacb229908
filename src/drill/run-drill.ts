import { readFile, writeFile } from 'node:fs/promises'
import { listArchive, useListWithoutSchemas } from '../postgres/archive-check.js'
import type { DrillOptions } from '../config/drill-options.js'
import { EscalationError, InputError, errorMessage } from '../errors.js'
import { assertWritableFolder } from '../file-system.js'
import { backupSetName } from '../manifest/backup-set.js'
import type { Manifest } from '../manifest/schema.js'
import { connect } from '../postgres/client.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'
import type { ResolvePgBinDir } from '../postgres/exact-client.js'
import { assertScratchIsNotProduction } from '../postgres/same-target.js'
import type { ServerIdentity } from '../postgres/server-identity.js'
import { sourceTarget } from '../manifest/source.js'
import { drillLogMarkdown, drillLogSchema, logHeader, type DrillLog } from '../report/drill-log.js'
import type { Logger } from '../log/logger.js'
import { backupIdentity, reserveLogFiles } from '../report/log-files.js'
import { fail, pass, skip, type Check } from './checks.js'
import type { Difference } from './inventory-diff.js'
import { checkDependencies } from './dependency-check.js'
import { checkExtensionsAndLargeObjects } from './extensions-and-large-objects.js'
import { locateBackup } from './locate-backup.js'
import { existingSchemas, prepareExtensions, resetScratch, writeMarker } from './prepare-target.js'
import { needsRestorePasses, restoreArchive } from './restore-archive.js'
import { assertNotSameDatabase, identifyScratch } from './scratch-identity.js'
import { decideScratch, inspectScratch } from './scratch-target.js'
import { smokeStep } from './smoke.js'
import { assertQueriesOnly } from './validation-sql.js'
import { judgeRestoreRun, validateRestored } from './validate-restore.js'
import { verifyBackup } from './verify-backup.js'

/** Seams: the clock (RPO tests), a hook between restore and validation (fault tests), the log upload. */
export interface DrillDependencies {
  now?: () => Date
  /** Runs after pg_restore and before validation, against the real scratch database. */
  afterRestore?: (scratch: DatabaseTarget) => Promise<void>
  /** Stores the log files (the action uploads them as an artifact). */
  storeLog?: (files: string[], name: string) => Promise<void>
  /** Without pg-bin-dir: a pg_restore of the archive's exact major (the action installs one). */
  resolvePgBinDir?: ResolvePgBinDir
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
export async function runDrill(
  options: DrillOptions,
  logger: Logger,
  deps: DrillDependencies = {}
): Promise<DrillResult> {
  const now = deps.now ?? (() => new Date())
  const startedAt = now()
  const started = performance.now()
  // Before any connection: the scratch target must not be spelled like production.
  assertScratchIsNotProduction({
    scratch: options.scratch,
    ...(options.production ? { production: options.production } : {}),
    ...(options.projectRef ? { projectRef: options.projectRef } : {})
  })
  const validationSql = options.validationSqlPath
    ? await readValidationSql(options.validationSqlPath)
    : undefined
  // The log is written last: a folder it cannot go to must stop the drill before it starts.
  await assertWritableFolder('log-dir', options.logDir)
  // Then connect (read only) and compare the server and database it really reaches.
  // An unreachable scratch is a failed drill with a log, not a crash: nothing is restored.
  const identified = await logger.group('Identify the scratch target', () =>
    identifyScratch(options.scratch, options.production, logger).then(
      (identity) => ({ identity, problem: undefined }),
      (error: unknown) => {
        if (!(error instanceof EscalationError)) throw error
        return { identity: undefined, problem: error.message }
      }
    )
  )
  const scratchIdentity = identified.identity

  const checks: Check[] = []
  if (identified.problem)
    checks.push(
      fail('scratch target', 'restore-failed', `${identified.problem}; nothing was restored`)
    )
  let differences: Difference[] = []
  let restoreErrors: DrillLog['restoreErrors'] = []
  let smoke: DrillLog['smoke']
  let manifest: Manifest | undefined
  const located = await logger.group('Fetch backup', () => locateBackup(options.source, logger))
  // Undone in reverse: the decrypted copy, then the download. Nothing plaintext outlives the drill.
  const cleanups: Array<() => Promise<void>> = [located.cleanup]
  try {
    const verified = await logger.group(`Verify ${located.name}`, () =>
      verifyBackup(located, {
        pgBinDir: options.pgBinDir,
        decryptIdentity: options.decryptIdentity,
        resolvePgBinDir: deps.resolvePgBinDir,
        logger
      })
    )
    cleanups.push(verified.cleanup)
    checks.push(...verified.checks)
    manifest = verified.manifest
    if (manifest) guardAgainstSource(options, manifest, scratchIdentity)

    if (!verified.ok || !manifest || !verified.pgRestore) {
      checks.push(skip('restore', 'the backup did not verify: a corrupt archive is never restored'))
    } else if (!scratchIdentity) {
      checks.push(skip('restore', 'the scratch target could not be reached and identified'))
    } else {
      const pgRestore = verified.pgRestore
      const plan = await logger.group(`Scratch target ${options.scratch.location}`, () =>
        prepareScratchTarget(options, manifest!, logger)
      )
      checks.push(plan.check)
      if (!plan.ready) {
        checks.push(skip('restore', 'the scratch target could not be prepared'))
      } else {
        // Before restoring: does the scratch have what the backup needs from outside its scope?
        const dependencies = await checkDependencies(options.scratch, manifest, 'scratch-db-url')
        checks.push(dependencies.check)
        // Schemas that exist already (public; one made for an extension) are not created again.
        const listing = useListWithoutSchemas(
          await listArchive(pgRestore, verified.archivePath, 'backup-unreadable'),
          plan.existingSchemas
        )
        const flags = plan.clean ? '--clean --if-exists ' : ''
        // Partition trees and NOT VALID domain constraints race in one parallel run.
        const passes = needsRestorePasses(manifest.inventory)
        const restored = await logger.group(
          `Restore into ${options.scratch.location} (pg_restore ${flags}-j ${options.jobs}${passes && !plan.clean ? ', section by section' : ''})`,
          () =>
            restoreArchive({
              pgRestore,
              archive: verified.archivePath,
              target: options.scratch,
              jobs: options.jobs,
              mode: { clean: plan.clean, passes, listing }
            })
        )
        const judged = judgeRestoreRun(restored, pgRestore, dependencies.missing)
        restoreErrors = judged.restoreErrors
        checks.push(judged.check)
        await deps.afterRestore?.(options.scratch)
        const validated = await logger.group('Validate against the manifest', () =>
          validateRestored(options.scratch, manifest!, {
            inputName: 'scratch-db-url',
            validationSql,
            logger
          })
        )
        checks.push(...validated.checks)
        checks.push(...(await checkExtensionsAndLargeObjects(options.scratch, manifest)))
        differences = validated.differences
        const smoked = await logger.group('Smoke test', () =>
          smokeStep(options.smokeCommand, options.scratch, 'no smoke-command given')
        )
        checks.push(smoked.check)
        smoke = smoked.smoke
      }
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup()
  }

  const rtoSeconds = (performance.now() - started) / 1000
  const rpoHours = manifest
    ? (startedAt.getTime() - Date.parse(manifest.createdAt)) / 3_600_000
    : null
  const rpoOk = rpoHours !== null && rpoHours <= options.rpoHours
  const rtoOk = rtoSeconds <= options.rtoMinutes * 60
  checks.push(
    rpoHours === null
      ? skip('rpo', 'backup time unknown (no manifest)')
      : rpoOk
        ? pass('rpo', `backup is ${rpoHours.toFixed(2)} h old (limit ${options.rpoHours} h)`)
        : fail(
            'rpo',
            'rpo-exceeded',
            `backup is ${rpoHours.toFixed(2)} h old, over the ${options.rpoHours} h RPO: the daily backup is missing or failing`
          ),
    rtoOk
      ? pass(
          'rto',
          `fetch + verify + restore + validate + smoke took ${rtoSeconds.toFixed(1)} s (limit ${options.rtoMinutes} min)`
        )
      : fail(
          'rto',
          'rto-exceeded',
          `fetch + verify + restore + validate + smoke took ${rtoSeconds.toFixed(1)} s, over the ${options.rtoMinutes} min RTO`
        )
  )

  const files = await reserveLogFiles(options.logDir, backupSetName('drill', startedAt))
  const { id } = files
  const log = drillLogSchema.parse({
    ...logHeader('drill', id, startedAt, rtoSeconds, checks),
    backup: backupIdentity(located, manifest),
    target: options.scratch.location,
    checks,
    rpo: {
      hours: rpoHours === null ? null : round(rpoHours),
      limitHours: options.rpoHours,
      ok: rpoOk
    },
    rto: { seconds: round(rtoSeconds), limitMinutes: options.rtoMinutes, ok: rtoOk },
    restoreErrors,
    differences,
    ...(smoke ? { smoke } : {})
  })
  const markdown = drillLogMarkdown(log)
  const { logPath, markdownPath } = files
  await writeFile(logPath, JSON.stringify(log, null, 2) + '\n')
  await writeFile(markdownPath, markdown)
  if (deps.storeLog) await deps.storeLog([logPath, markdownPath], `drill-log-${id}`)
  return { log, logPath, markdownPath, markdown }
}

/**
 * Decides what the drill may do with the scratch database and makes it ready:
 * refuses a database it may not own (InputError, before any write), resets
 * what an earlier drill left, marks it, installs the extensions. Returns
 * whether pg_restore needs --clean and which schemas already exist there.
 */
async function prepareScratchTarget(
  options: DrillOptions,
  manifest: Manifest,
  logger: Logger
): Promise<
  | { ready: true; check: Check; clean: boolean; existingSchemas: string[] }
  | { ready: false; check: Check }
> {
  const schemas = manifest.scope.schemas
  const extensions = manifest.inventory.extensions ?? []
  let client
  try {
    client = await connect(options.scratch, {
      inputName: 'scratch-db-url',
      applicationName: 'backup-drill prepare'
    })
  } catch (error) {
    return { ready: false, check: fail('scratch target', 'restore-failed', errorMessage(error)) }
  }
  try {
    const state = await inspectScratch(client, schemas, extensions)
    const decision = decideScratch(state, {
      schemas,
      overwrite: options.overwriteScratch,
      largeObjects: manifest.inventory.largeObjects !== undefined
    })
    if (decision.action === 'refuse')
      throw new InputError('scratch-db-url', `${options.scratch.location}: ${decision.reason}`)
    logger.info(`Scratch target: ${decision.reason}`)
    if (decision.action === 'reset') await resetScratch(client, decision.schemas, logger)
    await writeMarker(client, schemas)
    const problems = await prepareExtensions(client, extensions, logger)
    const existing = await existingSchemas(client, schemas)
    const prepared = extensions.length ? `; ${extensions.length} extension(s) prepared` : ''
    return {
      ready: true,
      check: problems.length
        ? fail('scratch target', 'restore-failed', problems.join('; '))
        : pass('scratch target', `${decision.reason}${prepared}`),
      clean: decision.action === 'overwrite',
      existingSchemas: existing
    }
  } catch (error) {
    if (error instanceof InputError) throw error
    return { ready: false, check: fail('scratch target', 'restore-failed', errorMessage(error)) }
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** The backup's own source is production too, whatever the inputs say: by spelling, then by identity. */
function guardAgainstSource(
  options: DrillOptions,
  manifest: Manifest,
  scratchIdentity: ServerIdentity | undefined
): void {
  const ref =
    options.projectRef ?? (manifest.projectRef === 'local' ? undefined : manifest.projectRef)
  assertScratchIsNotProduction({
    scratch: options.scratch,
    production: sourceTarget(manifest),
    productionName: "the backup's source",
    ...(ref ? { projectRef: ref } : {})
  })
  // Without the scratch's identity nothing is restored (see runDrill), so there is nothing to compare.
  if (manifest.source.identity && scratchIdentity) {
    assertNotSameDatabase(scratchIdentity, manifest.source.identity, "the backup's source")
  }
}

async function readValidationSql(path: string): Promise<{ text: string; label: string }> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new InputError(
      'validation-sql',
      `cannot read ${path}: pass the path of a .sql file whose statements each return one row with true in the first column`
    )
  }
  const label = path.split('/').pop() ?? path
  assertQueriesOnly(text, label)
  return { text, label }
}

const round = (n: number) => Math.round(n * 1000) / 1000

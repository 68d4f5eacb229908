import { readFile } from 'node:fs/promises'
import { listArchive, useListWithoutSchemas } from '../postgres/archive-check.js'
import type { DrillOptions } from '../config/drill-options.js'
import { EscalationError, InputError, errorMessage } from '../errors.js'
import { assertWritableFolder } from '../file-system.js'
import type { Manifest } from '../manifest/schema.js'
import { connect } from '../postgres/client.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'
import type { ResolvePgBinDir } from '../postgres/exact-client.js'
import { assertScratchIsNotProduction } from '../postgres/same-target.js'
import type { ServerIdentity } from '../postgres/server-identity.js'
import { sourceTarget } from '../manifest/source.js'
import { drillLogMarkdown, type DrillLog } from '../report/drill-log.js'
import type { Logger } from '../log/logger.js'
import { recoveryTimes, writeRunLog } from '../report/run-log.js'
import { fail, pass, skip, type Check } from './checks.js'
import { checkDependencies } from './dependency-check.js'
import { checkExtensionsAndLargeObjects } from './extensions-and-large-objects.js'
import { rlsProofStep } from './rls-check.js'
import { existingSchemas, prepareExtensions, resetScratch, writeMarker } from './prepare-target.js'
import { proveRestore, type PreparedTarget, type RestorableBackup } from './prove-restore.js'
import { needsRestorePasses } from './restore-archive.js'
import { assertNotSameDatabase, identifyScratch } from './scratch-identity.js'
import { decideScratch, inspectScratch } from './scratch-target.js'
import { assertQueriesOnly } from './validation-sql.js'

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

  const proved = await proveRestore(
    {
      source: options.source,
      verify: {
        pgBinDir: options.pgBinDir,
        decryptIdentity: options.decryptIdentity,
        resolvePgBinDir: deps.resolvePgBinDir
      },
      target: options.scratch,
      jobs: options.jobs,
      targetInput: 'scratch-db-url',
      labels: {
        verify: (name) => `Verify ${name}`,
        validate: 'Validate against the manifest',
        smoke: 'Smoke test'
      },
      refuseSource: (manifest) => guardAgainstSource(options, manifest, scratchIdentity),
      notVerified: [
        skip('restore', 'the backup did not verify: a corrupt archive is never restored')
      ],
      prepareTarget: (backup) =>
        scratchIdentity
          ? prepareScratchRestore(options, backup, logger)
          : Promise.resolve({
              checks: [skip('restore', 'the scratch target could not be reached and identified')]
            }),
      afterRestore: deps.afterRestore,
      validationSql,
      proofSteps: [checkExtensionsAndLargeObjects, rlsProofStep(logger)],
      smoke: { command: options.smokeCommand, skipDetail: 'no smoke-command given' }
    },
    logger
  )
  const checks: Check[] = [
    ...(identified.problem
      ? [fail('scratch target', 'restore-failed', `${identified.problem}; nothing was restored`)]
      : []),
    ...proved.checks
  ]

  const times = recoveryTimes(startedAt, (performance.now() - started) / 1000, proved.manifest, {
    rpoHours: options.rpoHours,
    rtoMinutes: options.rtoMinutes
  })
  checks.push(rpoCheck(times.rpo), rtoCheck(times.rto))

  const written = await writeRunLog(
    'drill',
    {
      logDir: options.logDir,
      startedAt,
      located: proved.located,
      manifest: proved.manifest,
      target: options.scratch.location,
      checks,
      ...times,
      restoreErrors: proved.restoreErrors,
      differences: proved.differences,
      ...(proved.smoke ? { smoke: proved.smoke } : {})
    },
    drillLogMarkdown
  )
  if (deps.storeLog)
    await deps.storeLog([written.logPath, written.markdownPath], `drill-log-${written.log.id}`)
  return written
}

/** The drill's RPO: the backup must be younger than rpo-hours (a missing or failing daily backup). */
function rpoCheck(rpo: DrillLog['rpo']): Check {
  if (rpo.hours === null) return skip('rpo', 'backup time unknown (no manifest)')
  const age = `backup is ${rpo.hours.toFixed(2)} h old`
  return rpo.ok
    ? pass('rpo', `${age} (limit ${rpo.limitHours} h)`)
    : fail(
        'rpo',
        'rpo-exceeded',
        `${age}, over the ${rpo.limitHours} h RPO: the daily backup is missing or failing`
      )
}

/** The drill's RTO: fetch to smoke within rto-minutes. */
function rtoCheck(rto: DrillLog['rto']): Check {
  const took = `fetch + verify + restore + validate + smoke took ${rto.seconds.toFixed(1)} s`
  return rto.ok
    ? pass('rto', `${took} (limit ${rto.limitMinutes} min)`)
    : fail('rto', 'rto-exceeded', `${took}, over the ${rto.limitMinutes} min RTO`)
}

/**
 * The drill's restore into scratch, once the backup verified: prepare the
 * scratch (refuse, reset, mark, extensions), probe it for what the backup
 * needs from outside its scope, and choose the pg_restore mode.
 */
async function prepareScratchRestore(
  options: DrillOptions,
  { manifest, pgRestore, archivePath }: RestorableBackup,
  logger: Logger
): Promise<PreparedTarget> {
  const plan = await logger.group(`Scratch target ${options.scratch.location}`, () =>
    prepareScratchTarget(options, manifest, logger)
  )
  if (!plan.ready)
    return { checks: [plan.check, skip('restore', 'the scratch target could not be prepared')] }
  // Before restoring: does the scratch have what the backup needs from outside its scope?
  const dependencies = await checkDependencies(options.scratch, manifest, 'scratch-db-url')
  // Schemas that exist already (public; one made for an extension) are not created again.
  const listing = useListWithoutSchemas(
    await listArchive(pgRestore, archivePath, 'backup-unreadable'),
    plan.existingSchemas
  )
  const flags = plan.clean ? '--clean --if-exists ' : ''
  // Partition trees and NOT VALID domain constraints race in one parallel run.
  const passes = needsRestorePasses(manifest.inventory)
  return {
    checks: [plan.check, dependencies.check],
    restore: {
      mode: { clean: plan.clean, passes, listing },
      title: `Restore into ${options.scratch.location} (pg_restore ${flags}-j ${options.jobs}${passes && !plan.clean ? ', section by section' : ''})`,
      missingDependencies: dependencies.missing
    }
  }
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

import { readFile } from 'node:fs/promises'
import type { DrillOptions } from '../config/drill-options.js'
import { EscalationError, InputError } from '../errors.js'
import { assertWritableFolder } from '../file-system.js'
import type { Manifest } from '../manifest/schema.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'
import type { ResolvePgBinDir } from '../postgres/exact-client.js'
import { assertScratchIsNotProduction } from '../postgres/same-target.js'
import type { ServerIdentity } from '../postgres/server-identity.js'
import { sourceTarget } from '../manifest/source.js'
import { drillLogMarkdown, type DrillLog } from '../report/drill-log.js'
import type { Logger } from '../log/logger.js'
import { recoveryTimes, writeRunLog, type WrittenRunLog } from '../report/run-log.js'
import { fail, pass, skip, type Check } from './checks.js'
import { checkExtensionsAndLargeObjects } from './extensions-and-large-objects.js'
import { rlsProofStep } from './rls-check.js'
import { proveRestore } from './prove-restore.js'
import { prepareScratchRestore } from './scratch-restore.js'
import { assertNotSameDatabase, identifyScratch } from './scratch-identity.js'
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

/** The drill log as written: the JSON, its path, the markdown beside it. */
export type DrillResult = WrittenRunLog

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
      ...(proved.smoke ? { smoke: proved.smoke } : {}),
      ...proved.target
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

import type { RestoreOptions } from '../config/restore-options.js'
import { pass, skip, type Check } from '../drill/checks.js'
import { proveRestore } from '../drill/prove-restore.js'
import { InputError } from '../errors.js'
import { assertWritableFolder } from '../file-system.js'
import type { ResolvePgBinDir } from '../postgres/exact-client.js'
import type { Manifest } from '../manifest/schema.js'
import type { DrillLog } from '../report/drill-log.js'
import type { Logger } from '../log/logger.js'
import { recoveryTimes, writeRunLog } from '../report/run-log.js'
import { proveRestoreTarget } from './restore-target.js'
import { readWholeArchive } from './read-whole-archive.js'
import { prepareProductionTarget } from './restore-target-kind.js'
import { finishApiGrants } from '../drill/prepare-target.js'
import { checkExtensionsAndLargeObjects } from '../drill/extensions-and-large-objects.js'
import { rlsProofStep } from '../drill/rls-check.js'
import { restoreSummaryMarkdown } from './restore-summary.js'
import { trackStoppedRestore } from './stopped-restore-log.js'
import type { Tracked } from '../cleanup/registry.js'
import { fail } from '../drill/checks.js'
import { errorMessage } from '../errors.js'
import { connect } from '../postgres/client.js'
import { readPrivileges, restorePrivileges, type PrivilegeState } from './privileges.js'

/** The SOP's targets: reported for the incident record, not escalated (the restore itself worked). */
export const SOP_RPO_HOURS = 24
export const SOP_RTO_MINUTES = 60
const SOP_LIMITS = { rpoHours: SOP_RPO_HOURS, rtoMinutes: SOP_RTO_MINUTES }

/** Seams: the clock (data-loss window tests), the pg_restore of the archive's major (the action installs one). */
export interface RestoreDependencies {
  now?: () => Date
  resolvePgBinDir?: ResolvePgBinDir
}

export interface RestoreResult {
  log: DrillLog
  logPath: string
  markdownPath: string
  /** The summary: every check, the data-loss window, the SOP §4 steps that remain manual. */
  markdown: string
  /** Restore start minus the backup's createdAt, in hours (null without a readable manifest). */
  dataLossHours: number | null
  /** Wall time of fetch + verify + restore + validate + smoke. */
  restoreSeconds: number
}

/**
 * SOP §4, production restore (incident only): fetch the chosen backup, verify
 * its checksum and archive before any write (a failure leaves production
 * untouched), restore it with the drill's pg_restore flags, prove the result
 * equal to the manifest, run the smoke command against production, and report
 * the data-loss window and the restore duration. `confirm` was checked when
 * the options were parsed. Writes a log of kind `restore`; the result is
 * `fail` with the escalation conditions when anything went wrong.
 */
export async function runRestore(
  options: RestoreOptions,
  logger: Logger,
  deps: RestoreDependencies = {}
): Promise<RestoreResult> {
  const now = deps.now ?? (() => new Date())
  const startedAt = now()
  const started = performance.now()
  // Set once production is being written: writes a log if the run stops before its own.
  let stopped: Tracked | undefined
  const target = options.production.location

  // The log is written last: a folder it cannot go to must stop before production is touched.
  await assertWritableFolder('log-dir', options.logDir)
  const notTouched = [
    skip('restore', 'the backup did not verify: production was not touched'),
    skip('validation', 'nothing was restored'),
    skip('smoke', 'nothing was restored')
  ]
  // A check about the target (its kind, what depends on the backup, sessions) stopped it.
  const stoppedBeforeRestore = [
    skip(
      'restore',
      "stopped before restoring (see the failed check): production's data was not touched"
    ),
    ...notTouched.slice(1)
  ]
  const proved = await proveRestore(
    {
      source: options.source,
      verify: {
        pgBinDir: options.pgBinDir,
        decryptIdentity: options.decryptIdentity,
        resolvePgBinDir: deps.resolvePgBinDir
      },
      target: options.production,
      jobs: options.jobs,
      targetInput: 'db-url',
      labels: {
        verify: (name) => `Verify ${name} before touching production`,
        validate: 'Validate production against the manifest',
        smoke: 'Smoke test against production'
      },
      refuseSource: (manifest) => refuseOtherProject(options, manifest),
      notVerified: notTouched,
      prepareTarget: async ({ name, origin, manifest, pgRestore, archivePath }) => {
        // Connects (read only) and proves db-url is the backup's source before anything is written.
        const checks = [await proveRestoreTarget(options, manifest, logger)]
        // The table of contents read at verify says nothing about the data blocks:
        // read them all before anything in production is dropped.
        checks.push(
          await logger.group('Read the whole archive', () =>
            readWholeArchive(pgRestore, archivePath)
          )
        )
        if (checks.some((c) => c.status === 'fail')) return { checks: [...checks, ...notTouched] }
        // Read only, before the first write: the owners and grants --no-owner would lose.
        let before: PrivilegeState
        try {
          before = await readTargetPrivileges(options, manifest)
        } catch (error) {
          return {
            checks: [
              ...checks,
              fail('privileges', 'restore-failed', errorMessage(error)),
              ...notTouched
            ]
          }
        }
        logger.warning(`Overwriting ${target} with ${name}`, {
          title: 'Production restore'
        })
        stopped = trackStoppedRestore({
          logDir: options.logDir,
          startedAt,
          backup: { name, origin },
          manifest,
          target,
          checks: [pass('confirm', 'confirm names the target db-url overwrites'), ...checks],
          limits: SOP_LIMITS
        })
        // Its kind decides what is restored how; version skew that blocks data stops it here, untouched.
        const prepared = await logger.group('Target kind', () =>
          prepareProductionTarget(options, manifest, pgRestore, archivePath, logger)
        )
        checks.push(...prepared.checks)
        if (!prepared.ok)
          return {
            checks: [...checks, ...stoppedBeforeRestore],
            ...(prepared.record ? { record: prepared.record } : {})
          }
        const { mode } = prepared
        const preparations = (prepared.record.preparations ??= [])
        return {
          checks,
          record: prepared.record,
          restore: {
            // Production is meant to be non-empty: its objects are dropped and re-created.
            mode,
            title: `Restore into production ${target} (pg_restore --clean --if-exists -j ${options.jobs}: production is meant to be non-empty${mode.serialData ? '; one job, platform tables in reference order' : mode.passes ? "; section by section, the re-created tables' foreign keys dropped first" : ''}${mode.replica ? '; platform tables data only, session_replication_role = replica' : ''})`,
            acceptedDifference: prepared.acceptedDifference,
            // --clean re-created the tables without grants: give the API roles what the source
            // gave them and the target's default privileges did not (all of it on a plain PostgreSQL).
            // Then production's own owners and grants on what --clean re-created (privileges.ts).
            afterLoad: async () => [
              ...(await finishApiGrants(
                options.production,
                'db-url',
                manifest,
                preparations,
                logger,
                prepared.record.targetKind?.managedSchemas ?? []
              )),
              await logger.group("Production's owners and grants", () =>
                restorePrivileges(
                  options.production,
                  'db-url',
                  before,
                  manifest.scope.schemas,
                  preparations,
                  logger
                )
              )
            ]
          }
        }
      },
      // The same proofs as the drill, read only: production is proven to hold every
      // extension and large object, and to show each API principal what it showed.
      proofSteps: [
        (target, manifest) => checkExtensionsAndLargeObjects(target, manifest, 'db-url'),
        rlsProofStep(logger, 'db-url')
      ],
      smoke: {
        command: options.smokeCommand,
        skipDetail: 'no smoke-command given: run the smoke tests by hand before reopening traffic'
      }
    },
    logger
  )
  const checks: Check[] = [
    pass('confirm', 'confirm names the target db-url overwrites'),
    ...proved.checks
  ]

  const restoreSeconds = (performance.now() - started) / 1000
  const times = recoveryTimes(startedAt, restoreSeconds, proved.manifest, SOP_LIMITS)
  const written = await writeRunLog(
    'restore',
    {
      logDir: options.logDir,
      startedAt,
      located: proved.located,
      manifest: proved.manifest,
      target,
      checks,
      ...times,
      restoreErrors: proved.restoreErrors,
      differences: proved.differences,
      ...(proved.smoke ? { smoke: proved.smoke } : {}),
      ...proved.target
    },
    restoreSummaryMarkdown
  )
  // The run's own log exists: the stopped-restore log is not needed.
  stopped?.keep()
  return { ...written, dataLossHours: times.rpo.hours, restoreSeconds }
}

/** A backup of another project must never overwrite this one's production. */
function refuseOtherProject(options: RestoreOptions, manifest: Manifest): void {
  if (manifest.projectRef !== 'local' && manifest.projectRef !== options.projectRef) {
    throw new InputError(
      'project-ref',
      `the backup ${manifest.id} was taken from another project than project-ref: pick a backup of this project. Nothing was touched.`
    )
  }
}

/** Production's owners and grants in the backup's schemas, read before anything is written. */
async function readTargetPrivileges(
  options: RestoreOptions,
  manifest: Manifest
): Promise<PrivilegeState> {
  const client = await connect(options.production, {
    inputName: 'db-url',
    applicationName: 'backup-drill privileges'
  })
  try {
    return await readPrivileges(client, manifest.scope.schemas)
  } finally {
    await client.end().catch(() => undefined)
  }
}

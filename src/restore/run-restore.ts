import { writeFile } from 'node:fs/promises'
import type { RestoreOptions } from '../config/restore-options.js'
import { pass, skip, type Check } from '../drill/checks.js'
import type { Difference } from '../drill/inventory-diff.js'
import { locateBackup } from '../drill/locate-backup.js'
import { restoreArchive } from '../drill/restore-archive.js'
import { smokeStep } from '../drill/smoke.js'
import { judgeRestoreRun, validateRestored } from '../drill/validate-restore.js'
import { verifyBackup, type VerifiedBackup } from '../drill/verify-backup.js'
import { InputError } from '../errors.js'
import { assertWritableFolder } from '../file-system.js'
import type { ResolvePgBinDir } from '../postgres/exact-client.js'
import { backupSetName } from '../manifest/backup-set.js'
import type { Manifest } from '../manifest/schema.js'
import { drillLogSchema, logHeader, type DrillLog } from '../report/drill-log.js'
import type { Logger } from '../log/logger.js'
import { backupIdentity, reserveLogFiles } from '../report/log-files.js'
import { proveRestoreTarget } from './restore-target.js'
import { readWholeArchive } from './read-whole-archive.js'
import { restoreSummaryMarkdown } from './restore-summary.js'

/** The SOP's targets: reported for the incident record, not escalated (the restore itself worked). */
export const SOP_RPO_HOURS = 24
export const SOP_RTO_MINUTES = 60

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
  const target = options.production.location
  const checks: Check[] = [pass('confirm', 'confirm names the target db-url overwrites')]
  let differences: Difference[] = []
  let restoreErrors: DrillLog['restoreErrors'] = []
  let smoke: DrillLog['smoke']
  let manifest: Manifest | undefined

  // The log is written last: a folder it cannot go to must stop before production is touched.
  await assertWritableFolder('log-dir', options.logDir)
  const located = await logger.group('Fetch backup', () => locateBackup(options.source, logger))
  let verified: VerifiedBackup | undefined
  try {
    verified = await logger.group(`Verify ${located.name} before touching production`, () =>
      verifyBackup(located, {
        pgBinDir: options.pgBinDir,
        decryptIdentity: options.decryptIdentity,
        resolvePgBinDir: deps.resolvePgBinDir,
        logger
      })
    )
    checks.push(...verified.checks)
    manifest = verified.manifest
    if (manifest) refuseOtherProject(options, manifest)
    // Connects (read only) and proves db-url is the backup's source before anything is written.
    if (verified.ok && manifest) checks.push(await proveRestoreTarget(options, manifest, logger))

    // The table of contents read at verify says nothing about the data blocks:
    // read them all before anything in production is dropped.
    if (verified.ok && manifest && verified.pgRestore) {
      const { pgRestore, archivePath } = verified
      checks.push(
        await logger.group('Read the whole archive', () => readWholeArchive(pgRestore, archivePath))
      )
    }
    if (
      !verified.ok ||
      !manifest ||
      !verified.pgRestore ||
      checks.some((c) => c.status === 'fail')
    ) {
      checks.push(
        skip('restore', 'the backup did not verify: production was not touched'),
        skip('validation', 'nothing was restored'),
        skip('smoke', 'nothing was restored')
      )
    } else {
      const pgRestore = verified.pgRestore
      logger.warning(`Overwriting ${target} with ${located.name}`, {
        title: 'Production restore'
      })
      const restored = await logger.group(
        `Restore into production ${target} (pg_restore --clean --if-exists -j ${options.jobs}: production is meant to be non-empty)`,
        () =>
          restoreArchive({
            pgRestore,
            archive: verified!.archivePath,
            target: options.production,
            jobs: options.jobs,
            // Production is meant to be non-empty: its objects are dropped and re-created.
            mode: { clean: true }
          })
      )
      const judged = judgeRestoreRun(restored, pgRestore)
      restoreErrors = judged.restoreErrors
      checks.push(judged.check)
      const validated = await logger.group('Validate production against the manifest', () =>
        validateRestored(options.production, manifest!, { inputName: 'db-url', logger })
      )
      checks.push(...validated.checks)
      differences = validated.differences
      const smoked = await logger.group('Smoke test against production', () =>
        smokeStep(
          options.smokeCommand,
          options.production,
          'no smoke-command given: run the smoke tests by hand before reopening traffic'
        )
      )
      checks.push(smoked.check)
      smoke = smoked.smoke
    }
  } finally {
    await verified?.cleanup()
    await located.cleanup()
  }

  const restoreSeconds = (performance.now() - started) / 1000
  const dataLossHours = manifest
    ? (startedAt.getTime() - Date.parse(manifest.createdAt)) / 3_600_000
    : null
  const files = await reserveLogFiles(options.logDir, backupSetName('restore', startedAt))
  const { id } = files
  const log = drillLogSchema.parse({
    ...logHeader('restore', id, startedAt, restoreSeconds, checks),
    backup: backupIdentity(located, manifest),
    target,
    checks,
    rpo: {
      hours: dataLossHours === null ? null : round(dataLossHours),
      limitHours: SOP_RPO_HOURS,
      ok: dataLossHours !== null && dataLossHours <= SOP_RPO_HOURS
    },
    rto: {
      seconds: round(restoreSeconds),
      limitMinutes: SOP_RTO_MINUTES,
      ok: restoreSeconds <= SOP_RTO_MINUTES * 60
    },
    restoreErrors,
    differences,
    ...(smoke ? { smoke } : {})
  })
  const markdown = restoreSummaryMarkdown(log)
  const { logPath, markdownPath } = files
  await writeFile(logPath, JSON.stringify(log, null, 2) + '\n')
  await writeFile(markdownPath, markdown)
  return { log, logPath, markdownPath, markdown, dataLossHours, restoreSeconds }
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

const round = (n: number) => Math.round(n * 1000) / 1000

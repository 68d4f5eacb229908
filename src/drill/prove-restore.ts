import type { BackupSource } from '../config/drill-options.js'
import type { Dependency, Manifest } from '../manifest/schema.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'
import type { PgTool } from '../postgres/client-tools.js'
import type { Logger } from '../log/logger.js'
import type { DrillLog } from '../report/drill-log.js'
import type { Check } from './checks.js'
import { withVerifiedBackup } from './fetch-verified.js'
import type { Difference } from './inventory-diff.js'
import type { LocatedBackup } from './locate-backup.js'
import { restoreArchive, type RestoreMode } from './restore-archive.js'
import { smokeStep } from './smoke.js'
import { judgeRestoreRun, validateRestored } from './validate-restore.js'
import type { VerifyBackupOptions } from './verify-backup.js'

/** A backup that verified: its manifest, the pg_restore of its major, the archive to restore. */
export interface RestorableBackup {
  /** The backup set's name. */
  name: string
  /** Where it came from, for people (LocatedBackup's origin). */
  origin: string
  manifest: Manifest
  pgRestore: PgTool
  archivePath: string
}

/** What `prepareTarget` decided: restore (how), or not (its checks say why). */
export type PreparedTarget =
  | { checks: Check[]; restore?: undefined; record?: TargetRecord }
  | {
      checks: Check[]
      /** What the log records about the target: its kind, what was prepared, version skew. */
      record?: TargetRecord
      restore: {
        mode: RestoreMode
        /** The log group's title for the pg_restore run. */
        title: string
        /** Needs from outside the scope the target lacks: restore errors they explain say so. */
        missingDependencies?: readonly Dependency[]
        /** Differences validation does not count (target columns the version-skew rule accepted). */
        acceptedDifference?: (difference: Difference) => boolean
        /** Finishes the target once the data is in (a plain PostgreSQL: the API roles' grants); checks only for problems. */
        afterLoad?: () => Promise<Check[]>
      }
    }

/** The log's record of the target (drill log fields `targetKind`, `preparations`, `versionSkew`). */
export type TargetRecord = Pick<DrillLog, 'targetKind' | 'preparations' | 'versionSkew'>

/** One more proof about the restored target, after validation: later proofs add a step here once. */
export type ProofStep = (target: DatabaseTarget, manifest: Manifest) => Promise<Check[]>

/** The parts of a restore-and-prove run that differ between the drill and the production restore. */
export interface RestorePlan {
  source: BackupSource
  verify: Omit<VerifyBackupOptions, 'logger'>
  /** The database pg_restore writes into. */
  target: DatabaseTarget
  jobs: number
  /** The input naming the target, for connection error messages. */
  targetInput: string
  labels: {
    /** Log group of the verification, given the backup's name. */
    verify: (name: string) => string
    validate: string
    smoke: string
  }
  /** Guards on the backup's own manifest, run whenever one was read (throw InputError to stop). */
  refuseSource: (manifest: Manifest) => void
  /** The checks that say why nothing was restored when the backup did not verify. */
  notVerified: Check[]
  /** Only for a verified backup: the target's guards and state, and the restore mode. */
  prepareTarget: (backup: RestorableBackup) => Promise<PreparedTarget>
  /** Runs after pg_restore and before validation, against the real target (fault tests). */
  afterRestore?: ((target: DatabaseTarget) => Promise<void>) | undefined
  validationSql?: { text: string; label: string } | undefined
  /** Run after validation, in order; their checks follow validation's. */
  proofSteps: ProofStep[]
  smoke: { command: string | undefined; skipDetail: string }
}

/** What a restore-and-prove run found: the body of the drill or restore log. */
export interface ProvedRestore {
  located: LocatedBackup
  manifest: Manifest | undefined
  checks: Check[]
  restoreErrors: DrillLog['restoreErrors']
  differences: Difference[]
  smoke?: DrillLog['smoke']
  target?: TargetRecord
}

/**
 * The pipeline the drill and the production restore share: locate → verify →
 * guard → restore → judge → validate → further proofs → smoke. Runs every step
 * it still can and records each as checks; a corrupt backup is never restored.
 * Only the plan's guards throw (InputError); the download and any decrypted
 * copy are removed either way.
 */
export async function proveRestore(plan: RestorePlan, logger: Logger): Promise<ProvedRestore> {
  return withVerifiedBackup(
    plan.source,
    plan.verify,
    logger,
    plan.labels.verify,
    async (located, verified) => {
      const checks: Check[] = [...verified.checks]
      const { manifest, pgRestore, archivePath } = verified
      const proved: ProvedRestore = {
        located,
        manifest,
        checks,
        restoreErrors: [],
        differences: []
      }
      if (manifest) plan.refuseSource(manifest)
      if (!verified.ok || !manifest || !pgRestore) {
        checks.push(...plan.notVerified)
        return proved
      }
      const prepared = await plan.prepareTarget({
        name: located.name,
        origin: located.origin,
        manifest,
        pgRestore,
        archivePath
      })
      checks.push(...prepared.checks)
      if (prepared.record) proved.target = prepared.record
      if (!prepared.restore) return proved

      const { mode, title, missingDependencies, acceptedDifference, afterLoad } = prepared.restore
      const restored = await logger.group(title, () =>
        restoreArchive({
          pgRestore,
          archive: archivePath,
          target: plan.target,
          targetInput: plan.targetInput,
          jobs: plan.jobs,
          mode
        })
      )
      const judged = judgeRestoreRun(restored, pgRestore, missingDependencies)
      proved.restoreErrors = judged.restoreErrors
      checks.push(judged.check)
      if (afterLoad) checks.push(...(await afterLoad()))
      await plan.afterRestore?.(plan.target)
      const validated = await logger.group(plan.labels.validate, () =>
        validateRestored(plan.target, manifest, {
          inputName: plan.targetInput,
          validationSql: plan.validationSql,
          accepted: acceptedDifference,
          logger
        })
      )
      checks.push(...validated.checks)
      for (const step of plan.proofSteps) checks.push(...(await step(plan.target, manifest)))
      proved.differences = validated.differences
      const smoked = await logger.group(plan.labels.smoke, () =>
        smokeStep(plan.smoke.command, plan.target, plan.smoke.skipDetail)
      )
      checks.push(smoked.check)
      if (smoked.smoke) proved.smoke = smoked.smoke
      return proved
    }
  )
}

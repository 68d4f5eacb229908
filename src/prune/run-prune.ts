import { errorMessage, type EscalationCondition } from '../errors.js'
import type { Logger } from '../log/logger.js'
import { describePolicy, type RetentionPolicy } from '../retention/policy.js'
import { FUTURE_REASON, planRetention } from '../retention/planner.js'
import {
  createArtifactBackupStore,
  isArtifactBackupSet,
  type ArtifactStoreTarget
} from '../storage/artifact-backup-store.js'
import type { BackupSet, BackupStore } from '../storage/backup-store.js'
import { createDirectoryStore } from '../storage/directory-store.js'
import type { S3StoreConfig } from '../storage/s3/s3-config.js'
import { checkArtifactLifetime, lifetimeShortfallText } from './artifact-lifetime.js'

/** The options of one prune run: one store, `store` or else `artifacts` or else `outDir`. */
export interface PruneOptions {
  /** The folder holding the sets (the directory store). */
  outDir?: string
  /** store s3: the bucket. */
  s3?: S3StoreConfig
  /** GitHub artifacts of a repository (the artifact store); `prefix` is then the artifact-name. */
  artifacts?: ArtifactStoreTarget
  prefix: string
  policy: RetentionPolicy
  /** Plan and report only. */
  dryRun: boolean
  /** The run's clock: sets dated after it are kept and reported (see planRetention). */
  now: Date
  /** Where the sets live, when the caller built the store itself. */
  store?: BackupStore
}

/**
 * What happened to a set the plan would delete: `deleted`; `dry-run` (would be
 * deleted); `blocked` (nothing is deleted while the listing has problems);
 * `failed` (the store refused; `error` says why).
 */
export type DeletionStatus = 'deleted' | 'dry-run' | 'blocked' | 'failed'

/** The outcome of a prune run (JSON-safe: times are ISO strings). */
export interface PruneResult {
  store: string
  prefix: string
  dryRun: boolean
  now: string
  policy: RetentionPolicy
  /** Newest first. */
  kept: Array<{ name: string; createdAt: string; reasons: string[] }>
  /** Newest first. */
  deleted: Array<{ name: string; createdAt: string; status: DeletionStatus; error?: string }>
  /** Reported, never counted as backups, never deleted. */
  incomplete: Array<{
    name: string
    createdAt: string
    files: string[]
    missing: string[]
    note?: string
  }>
  strays: string[]
  /** Listing problems; while there are any, nothing is deleted. */
  problems: string[]
  /** Things a person should fix that do not stop the prune. */
  warnings: string[]
  /**
   * Set when the store cannot keep what the policy needs (`retention-unattainable`:
   * artifacts that expire before the policy would delete them). The plan is still
   * applied (its deletions are right either way), but the run fails.
   */
  escalation?: { condition: EscalationCondition; message: string }
  /** False when the listing had problems, a deletion failed, or the run escalated. */
  passed: boolean
}

/**
 * Applies the retention policy to the complete backup sets of one prefix:
 * lists the store, plans (planRetention), and deletes what the plan drops
 * unless this is a dry run or the listing had problems. Incomplete sets are
 * reported and left alone. A failed deletion is reported and the run goes on
 * with the other sets (each set is independent). For artifacts, fails with
 * `retention-unattainable` when their lifetime (expires_at - created_at) is
 * shorter than the policy needs: GitHub would expire backups the policy means
 * to keep, and a green run would hide it.
 */
export async function runPrune(options: PruneOptions, logger: Logger): Promise<PruneResult> {
  const store = options.store ?? (await storeFor(options, logger))
  const listing = await logger.group(
    `List backup sets (${store.description}, prefix ${options.prefix})`,
    async () => {
      const found = await store.list(options.prefix)
      logger.info(
        `${found.sets.length} complete, ${found.incomplete.length} incomplete, ${found.strays.length} stray files`
      )
      for (const partial of found.incomplete) {
        const why = partial.note ?? `missing ${partial.missing.join(', ')}`
        logger.warning(
          `${partial.name} is incomplete (${why}): not counted as a backup, not deleted`,
          {
            title: 'Incomplete backup set'
          }
        )
      }
      for (const stray of found.strays)
        logger.info(`stray file (not part of a backup set): ${stray}`)
      for (const problem of found.problems)
        logger.error(problem, { title: 'Backup listing problem' })
      return found
    }
  )

  const warnings: string[] = []
  const shortfall = checkArtifactLifetime(
    options.policy,
    // Named by set, so a fixed artifact-name still says which run's artifact it is.
    listing.sets.filter(isArtifactBackupSet).map((set) => ({ ...set.artifact, name: set.name }))
  )
  const escalation = shortfall && {
    condition: 'retention-unattainable' as const,
    message: lifetimeShortfallText(shortfall)
  }
  // Not logged here: the action raises it as its escalation, the CLI prints it in the summary.

  const plan = planRetention(
    listing.sets.map((set) => ({ ...set, id: set.name })),
    options.policy,
    options.now
  )
  const blocked = listing.problems.length > 0
  const deleted: PruneResult['deleted'] = []

  await logger.group(`Apply retention (${describePolicy(options.policy)})`, async () => {
    for (const { backup, reasons } of plan.keep) {
      if (reasons.includes(FUTURE_REASON)) {
        logger.warning(
          `${backup.name} is dated after now (${options.now.toISOString()}): kept, check the clock`,
          {
            title: 'Backup set from the future'
          }
        )
      }
      logger.info(`keep   ${backup.name}  ${reasons.join(', ')}`)
    }
    if (blocked && plan.delete.length > 0) {
      logger.error(
        `the listing had problems, so none of the ${plan.delete.length} sets past retention is deleted`,
        {
          title: 'Prune blocked'
        }
      )
    }
    for (const { backup } of plan.delete) {
      const entry = { name: backup.name, createdAt: backup.createdAt.toISOString() }
      if (blocked || options.dryRun) {
        deleted.push({ ...entry, status: blocked ? 'blocked' : 'dry-run' })
        logger.info(`${blocked ? 'blocked' : 'would delete'} ${backup.name}`)
        continue
      }
      try {
        await store.deleteSet(stripId(backup))
        deleted.push({ ...entry, status: 'deleted' })
        logger.info(`delete ${backup.name}`)
      } catch (error) {
        deleted.push({ ...entry, status: 'failed', error: errorMessage(error) })
        logger.error(`could not delete ${backup.name}: ${errorMessage(error)}`, {
          title: 'Prune failed'
        })
      }
    }
  })

  return {
    store: store.description,
    prefix: options.prefix,
    dryRun: options.dryRun,
    now: options.now.toISOString(),
    policy: options.policy,
    kept: plan.keep.map(({ backup, reasons }) => ({
      name: backup.name,
      createdAt: backup.createdAt.toISOString(),
      reasons
    })),
    deleted,
    incomplete: listing.incomplete.map((partial) => ({
      name: partial.name,
      createdAt: partial.createdAt.toISOString(),
      files: partial.files,
      missing: partial.missing,
      ...(partial.note === undefined ? {} : { note: partial.note })
    })),
    strays: listing.strays,
    problems: listing.problems,
    warnings,
    ...(escalation ? { escalation } : {}),
    passed: !blocked && !escalation && deleted.every((entry) => entry.status !== 'failed')
  }
}

/** The store of a run: the bucket or artifacts when given, else the folder. */
async function storeFor(options: PruneOptions, logger: Logger): Promise<BackupStore> {
  // Loaded only for a bucket: the AWS SDK is large.
  if (options.s3)
    return (await import('../storage/s3/s3-backup-store.js')).createS3BackupStore(options.s3)
  if (options.artifacts) return createArtifactBackupStore(options.artifacts, logger)
  if (options.outDir === undefined)
    throw new Error('prune needs a store: outDir, artifacts or store')
  return createDirectoryStore(options.outDir)
}

/** The set as the store listed it, without the planner's id. */
function stripId({ id: _id, ...set }: BackupSet & { id: string }): BackupSet {
  return set
}

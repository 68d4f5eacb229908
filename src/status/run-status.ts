import { mkdir, stat, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { InputError } from '../errors.js'
import { assertWritableFolder } from '../file-system.js'
import type { StatusInputs } from '../config/status-options.js'
import type { Logger } from '../log/logger.js'
import { createArtifactBackupStore } from '../storage/artifact-backup-store.js'
import type { BackupSet, BackupStore } from '../storage/backup-store.js'
import { createDirectoryStore, listBackupSets } from '../storage/directory-store.js'
import { readNewestDrillLogInBucket } from './bucket-drill-logs.js'
import {
  readDrillLogFolder,
  readNewestDrillLogArtifact,
  type FoundDrillLogs
} from './drill-logs.js'
import { readDurationsInBucket, readDurationsInFolder } from './set-durations.js'
import { statusHtml } from './status-html.js'
import { evaluateStatus, type StatusReport } from './evaluate-status.js'

/** One status run: the parsed inputs (one store: `store`, else `s3`, else `artifacts`, else `outDir`), the clock. */
export interface StatusOptions extends StatusInputs {
  /** The run's clock. */
  now: Date
  /** Where the sets live, when the caller built the store itself. */
  store?: BackupStore
}

/**
 * Reads the store's listing and the drill logs, then judges them
 * (evaluateStatus). Reads only: nothing in any store changes.
 */
export async function runStatus(options: StatusOptions, logger: Logger): Promise<StatusReport> {
  // A report path that cannot be written is bad input before anything is read.
  if (options.reportPath !== undefined) await assertReportPath(options.reportPath)
  const store = options.store ?? (await storeFor(options, logger))
  const listing = await logger.group(
    `List backup sets (${store.description}, prefix ${options.prefix})`,
    async () => {
      const found = await store.list(options.prefix)
      logger.info(`${found.sets.length} complete, ${found.incomplete.length} incomplete`)
      return found
    }
  )
  const logs = await logger.group('Read drill logs', async () => {
    const found = await readDrillLogs(options, logger)
    logger.info(`${found.drills.length} drill logs in ${found.source}`)
    return found
  })
  const durations = await readDurations(options, listing.sets, logger)
  const otherPrefixes =
    listing.sets.length === 0 && listing.incomplete.length === 0
      ? await otherPrefixesInFolder(options)
      : undefined
  const report = evaluateStatus({
    now: options.now,
    store: store.description,
    sets: listing.sets.map((set) => {
      const durationSeconds = durations.get(set.name)
      return durationSeconds === undefined ? set : { ...set, durationSeconds }
    }),
    incomplete: listing.incomplete,
    problems: listing.problems,
    drillSource: logs.source,
    drills: logs.drills,
    drillProblems: logs.problems,
    policy: options.policy,
    limits: options.limits,
    ...(otherPrefixes ? { otherPrefixes } : {})
  })
  for (const check of report.checks) {
    if (check.status === 'warn')
      logger.warning(check.detail, { title: `Backup status: ${check.name}` })
    else logger.info(`${check.status} ${check.name}: ${check.detail}`)
  }
  if (options.reportPath !== undefined) {
    await mkdir(dirname(options.reportPath), { recursive: true })
    await writeFile(options.reportPath, statusHtml(report))
    logger.info(`HTML report: ${options.reportPath}`)
  }
  return report
}

/**
 * A folder without a set of the prefix: the prefixes of the sets it does hold
 * (a backup made with --prefix opta-supabase, a status run with the default
 * prefix), so rpo-exceeded can say which prefix to pass.
 */
async function otherPrefixesInFolder(
  options: StatusOptions
): Promise<{ prefix: string; others: string[] } | undefined> {
  if (
    options.store !== undefined ||
    options.s3 ||
    options.artifacts ||
    options.outDir === undefined
  )
    return undefined
  const all = await listBackupSets(options.outDir).catch(() => undefined)
  const others = [...new Set(all?.sets.map((set) => set.prefix) ?? [])].sort()
  return others.length > 0 ? { prefix: options.prefix, others } : undefined
}

/** The report goes to a file (not onto a folder) whose folder exists or can be created. */
async function assertReportPath(file: string): Promise<void> {
  const existing = await stat(file).catch(() => undefined)
  if (existing?.isDirectory())
    throw new InputError(
      'report',
      `${file} is a folder: give the path of the HTML file to write, e.g. ${file.replace(/\/+$/, '')}/status.html`
    )
  await assertWritableFolder('report', dirname(file))
}

/**
 * Each set's backup duration from its manifest: a folder's files, a bucket's
 * manifest objects (the newest MAX_BUCKET_DURATIONS). Artifacts give none: a
 * manifest sits inside the set's zip, and downloading every backup to chart
 * its duration is not worth it.
 */
async function readDurations(
  options: StatusOptions,
  sets: readonly BackupSet[],
  logger: Logger
): Promise<Map<string, number>> {
  if (sets.length === 0) return new Map()
  if (options.s3)
    return logger.group('Read backup durations (manifests in the bucket)', async () => {
      const found = await readDurationsInBucket(options.s3!, sets)
      logger.info(`${found.size} of ${sets.length} sets have a duration`)
      return found
    })
  if (options.store === undefined && !options.artifacts && options.outDir !== undefined)
    return readDurationsInFolder(options.outDir, sets)
  return new Map()
}

/**
 * log-dir when given; else with store s3 the bucket's drill-logs folder (where
 * the drill stores its log), and when it holds none the drill-log-* artifacts
 * (given a token and repository) or ./drill-logs; else an artifact store's
 * drill-log-* artifacts; else ./drill-logs.
 */
async function readDrillLogs(options: StatusOptions, logger: Logger): Promise<FoundDrillLogs> {
  if (options.logDir !== undefined) return readDrillLogFolder(options.logDir)
  if (options.s3) {
    const inBucket = await readNewestDrillLogInBucket(options.s3)
    if (inBucket.drills.length > 0 || inBucket.problems.length > 0) return inBucket
    // None there: the drills may predate logs in the bucket, or ran without upload (the CLI's default).
    return options.drillLogArtifacts
      ? readNewestDrillLogArtifact(options.drillLogArtifacts, logger)
      : readDrillLogFolder('./drill-logs')
  }
  if (options.artifacts) return readNewestDrillLogArtifact(options.artifacts, logger)
  return readDrillLogFolder('./drill-logs')
}

async function storeFor(options: StatusOptions, logger: Logger): Promise<BackupStore> {
  // Loaded only for buckets: the AWS SDK is large.
  if (options.s3)
    return (await import('../storage/s3/s3-backup-store.js')).createS3BackupStore(options.s3)
  if (options.artifacts) return createArtifactBackupStore(options.artifacts, logger)
  if (options.outDir === undefined)
    throw new Error('status needs a store: outDir, artifacts or store')
  return createDirectoryStore(options.outDir)
}

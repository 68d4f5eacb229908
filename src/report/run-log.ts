import { writeFile } from 'node:fs/promises'
import type { Check } from '../drill/checks.js'
import type { LocatedBackup } from '../drill/locate-backup.js'
import { backupSetName } from '../manifest/backup-set.js'
import type { Manifest } from '../manifest/schema.js'
import { round3 } from '../numbers.js'
import { drillLogSchema, logHeader, type DrillLog } from './drill-log.js'
import { backupIdentity, reserveLogFiles } from './log-files.js'

/** The limits a run is measured against: the drill's inputs, or the SOP's targets for a restore. */
export interface RecoveryLimits {
  rpoHours: number
  rtoMinutes: number
}

/**
 * The data-loss window (run start minus the backup's createdAt; null without
 * a manifest) and the run's wall time, each against its limit. Unrounded: the
 * log rounds them.
 */
export function recoveryTimes(
  startedAt: Date,
  seconds: number,
  manifest: Manifest | undefined,
  limits: RecoveryLimits
): Pick<DrillLog, 'rpo' | 'rto'> {
  const hours = manifest ? (startedAt.getTime() - Date.parse(manifest.createdAt)) / 3_600_000 : null
  return {
    rpo: { hours, limitHours: limits.rpoHours, ok: hours !== null && hours <= limits.rpoHours },
    rto: { seconds, limitMinutes: limits.rtoMinutes, ok: seconds <= limits.rtoMinutes * 60 }
  }
}

/** Everything a drill or restore log records about one run. */
export interface RunRecord extends Pick<
  DrillLog,
  'rpo' | 'rto' | 'restoreErrors' | 'smoke' | 'targetKind' | 'preparations' | 'versionSkew'
> {
  logDir: string
  startedAt: Date
  located: Pick<LocatedBackup, 'name' | 'origin'>
  manifest: Manifest | undefined
  /** host:port/database of the restore target. */
  target: string
  checks: Check[]
  differences: DrillLog['differences']
}

export interface WrittenRunLog {
  log: DrillLog
  logPath: string
  markdownPath: string
  markdown: string
}

/**
 * Writes the log of a drill or a restore: `<id>.json` (validated against the
 * log schema) and `<id>.md` rendered by `render`, under a name no other run in
 * the same second took.
 */
export async function writeRunLog(
  kind: DrillLog['kind'],
  run: RunRecord,
  render: (log: DrillLog) => string
): Promise<WrittenRunLog> {
  const { id, logPath, markdownPath } = await reserveLogFiles(
    run.logDir,
    backupSetName(kind, run.startedAt)
  )
  const log = drillLogSchema.parse({
    ...logHeader(kind, id, run.startedAt, run.rto.seconds, run.checks),
    backup: backupIdentity(run.located, run.manifest),
    target: run.target,
    checks: run.checks,
    rpo: { ...run.rpo, hours: run.rpo.hours === null ? null : round3(run.rpo.hours) },
    rto: { ...run.rto, seconds: round3(run.rto.seconds) },
    restoreErrors: run.restoreErrors,
    differences: run.differences,
    ...(run.smoke ? { smoke: run.smoke } : {}),
    ...(run.targetKind ? { targetKind: run.targetKind } : {}),
    ...(run.preparations ? { preparations: run.preparations } : {}),
    ...(run.versionSkew ? { versionSkew: run.versionSkew } : {})
  })
  const markdown = render(log)
  await writeFile(logPath, JSON.stringify(log, null, 2) + '\n')
  await writeFile(markdownPath, markdown)
  return { log, logPath, markdownPath, markdown }
}

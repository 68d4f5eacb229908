import { track, type Tracked } from '../cleanup/registry.js'
import { interruption } from '../cleanup/interrupts.js'
import { fail, type Check } from '../drill/checks.js'
import type { Manifest } from '../manifest/schema.js'
import { recoveryTimes, writeRunLog, type RecoveryLimits } from '../report/run-log.js'
import { restoreSummaryMarkdown } from './restore-summary.js'

/** What is known about a production restore at the moment it starts writing. */
export interface RestoreInProgress {
  logDir: string
  startedAt: Date
  backup: { name: string; origin: string }
  manifest: Manifest
  /** host:port/database of production. */
  target: string
  /** The checks that passed before the first write (confirm, verify, target guards). */
  checks: Check[]
  limits: RecoveryLimits
}

/**
 * From the first write into production until the restore's own log exists, a
 * run that stops — SIGINT/SIGTERM (a cancelled workflow) or a crash — still
 * leaves a restore log: production may be half restored, and whoever reopens
 * traffic must know. Registered with the cleanup registry, so the interrupt and
 * the error path both write it (after pg_restore is stopped: the registry undoes
 * newest first); `keep()` it once the normal log is written.
 */
export function trackStoppedRestore(run: RestoreInProgress): Tracked {
  return track(`restore log of the stopped restore into ${run.target}`, async () => {
    const signal = interruption()
    const why = signal ? `interrupted by ${signal}` : 'stopped by an error'
    const stopped = fail(
      'restore',
      'restore-failed',
      `${why} while writing production ${run.target}: it may be partly restored. Restore ${run.backup.name} again before reopening traffic.`
    )
    const seconds = (Date.now() - run.startedAt.getTime()) / 1000
    await writeRunLog(
      'restore',
      {
        logDir: run.logDir,
        startedAt: run.startedAt,
        located: run.backup,
        manifest: run.manifest,
        target: run.target,
        checks: [...run.checks, stopped],
        ...recoveryTimes(run.startedAt, seconds, run.manifest, run.limits),
        restoreErrors: [],
        differences: []
      },
      restoreSummaryMarkdown
    )
  })
}

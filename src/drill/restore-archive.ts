import { spawn } from 'node:child_process'
import type { PgTool } from '../postgres/client-tools.js'
import { libpqConnection, type DatabaseTarget } from '../postgres/connection-url.js'
import { maskSecrets } from '../secrets.js'
import { classifyRestoreOutput, type RestoreOutputClassification } from './restore-errors.js'

export interface RestoreRun {
  exitCode: number | null
  classification: RestoreOutputClassification
  seconds: number
}

/** How pg_restore treats the target. */
export interface RestoreMode {
  /**
   * --clean --if-exists: drop the backup's objects first. Only for a target
   * meant to be non-empty (production in an incident, an overwritten scratch);
   * into an empty target its DROPs only fail (ALTER DOMAIN … DROP CONSTRAINT
   * IF EXISTS errors when the domain does not exist yet).
   */
  clean: boolean
  /** A `pg_restore --list` file selecting the entries to restore (-L). */
  useList?: string
}

/** The pg_restore arguments: the SOP's flags, plus -j for a parallel restore. */
export function pgRestoreArguments(
  archive: string,
  dbnameArg: string,
  jobs: number,
  mode: RestoreMode
): string[] {
  return [
    ...(mode.clean ? ['--clean', '--if-exists'] : []),
    '--no-owner',
    '--no-privileges',
    `--jobs=${jobs}`,
    ...(mode.useList ? [`--use-list=${mode.useList}`] : []),
    `--dbname=${dbnameArg}`,
    archive
  ]
}

/** pg_restore's stderr is kept up to this size: every error line matters, but memory is finite. */
const STDERR_LIMIT = 1024 * 1024

/**
 * The archive's sections, restored one after the other into an empty target.
 * In one parallel pg_restore, a post-data entry that depends on no table (a
 * domain's NOT VALID CHECK constraint) may run before the COPY of a table using
 * the domain, and the rows it was never meant to check are then rejected.
 * Running the sections apart keeps every post-data entry after all data, at
 * any -j. Not with --clean: each run drops only its own section's objects, so
 * a pre-data run could not drop a table that an old foreign key still needs;
 * a --clean restore stays one pg_restore (docs/restore-errors.md).
 */
export const RESTORE_SECTIONS = ['pre-data', 'data', 'post-data'] as const

type Section = (typeof RESTORE_SECTIONS)[number] | 'all'

/**
 * Restores an archive section by section (password via PGPASSWORD, never
 * argv) and classifies every error line pg_restore printed. Stops after a
 * section that did not run to its end.
 */
export async function restoreArchive(options: {
  pgRestore: PgTool
  archive: string
  target: DatabaseTarget
  jobs: number
  mode: RestoreMode
}): Promise<RestoreRun> {
  const started = performance.now()
  const runs: Array<{ exitCode: number | null; classification: RestoreOutputClassification }> = []
  const sections: readonly Section[] = options.mode.clean ? ['all'] : RESTORE_SECTIONS
  for (const section of sections) {
    const run = await restoreSection(options, section)
    runs.push(run)
    if (run.classification.fatal) break
  }
  const counts = runs.map((run) => run.classification.ignoredCount)
  const failedRun = runs.find((run) => run.exitCode !== 0)
  return {
    exitCode: failedRun ? failedRun.exitCode : 0,
    classification: {
      errors: runs.flatMap((run) => run.classification.errors),
      ...(counts.some((count) => count !== undefined)
        ? { ignoredCount: counts.reduce<number>((sum, count) => sum + (count ?? 0), 0) }
        : {}),
      fatal: runs.some((run) => run.classification.fatal)
    },
    seconds: (performance.now() - started) / 1000
  }
}

async function restoreSection(
  options: {
    pgRestore: PgTool
    archive: string
    target: DatabaseTarget
    jobs: number
    mode: RestoreMode
  },
  section: Section
): Promise<{ exitCode: number | null; classification: RestoreOutputClassification }> {
  const connection = libpqConnection(options.target)
  const args = pgRestoreArguments(options.archive, connection.dbnameArg, options.jobs, options.mode)
  const child = spawn(
    options.pgRestore.path,
    [...(section === 'all' ? [] : [`--section=${section}`]), ...args],
    {
      env: { ...process.env, ...connection.env, PGAPPNAME: 'backup-drill pg_restore' },
      stdio: ['ignore', 'ignore', 'pipe']
    }
  )
  let stderr = ''
  let truncated = false
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += chunk
    else truncated = true
  })
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve(code))
  })
  const classification = classifyRestoreOutput(maskSecrets(stderr), exitCode)
  if (truncated) {
    // The errors past the limit were never read, so they cannot be judged.
    classification.errors.push({
      message: `pg_restore printed more than ${STDERR_LIMIT / 1024 / 1024} MB of messages; the rest was not read`,
      harmless: false,
      reason: 'errors that were not read cannot be judged harmless'
    })
  }
  return { exitCode, classification }
}

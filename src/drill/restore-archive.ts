import { spawn } from 'node:child_process'
import { trackChild } from '../cleanup/registry.js'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  isForeignKey,
  isIndexAttach,
  keepEntries,
  listArchive,
  type TocEntry
} from '../postgres/archive-check.js'
import type { Inventory } from '../manifest/schema.js'
import type { PgTool } from '../postgres/client-tools.js'
import { libpqTool, type DatabaseTarget } from '../postgres/connection-url.js'
import { maskSecrets } from '../secrets.js'
import { classifyRestoreOutput, type RestoreOutputClassification } from './restore-errors.js'
import { dropForeignKeysOfRecreatedTables } from './clean-foreign-keys.js'
import { errorMessage } from '../errors.js'

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
  /**
   * Restore in RESTORE_PASSES instead of one run. The passes cost a few
   * pg_restore starts and the overlap of data loading with index builds, so
   * they are used only where the races they prevent can happen
   * (`needsRestorePasses`). With `clean`, the foreign keys of the tables the
   * restore re-creates are dropped first (clean-foreign-keys.ts).
   */
  passes?: boolean
  /** The `pg_restore --list` of the entries to restore (others commented out with `;`); default: all. */
  listing?: string
  /**
   * Every pg_restore connection runs with session_replication_role = replica: triggers (the app's
   * on a platform table too) and foreign keys stay quiet while data loads into tables that
   * already have them (docs/target-kind.md).
   */
  replica?: boolean
  /**
   * Load the data one entry at a time in the listing's order (a target whose foreign keys are live
   * while loading, without the replica role): the sections run apart, the data serially.
   */
  serialData?: boolean
}

/**
 * Whether a restore of this inventory can hit the races RESTORE_PASSES
 * prevent: partitioned tables (foreign keys and index attaches in a partition
 * tree) or a domain constraint the source has NOT VALID. An inventory that
 * does not say (format 1) gets the passes: they are always correct.
 */
export function needsRestorePasses(inventory: Inventory): boolean {
  if (inventory.domains === undefined) return true
  return (
    inventory.tables.some((table) => table.partitioned === true) ||
    inventory.domains.some((domain) => domain.constraints.some((c) => !c.validated))
  )
}

/** The pg_restore arguments: the SOP's flags, plus -j for a parallel restore. */
export function pgRestoreArguments(
  archive: string,
  dbnameArg: string,
  jobs: number,
  mode: { clean: boolean; useList?: string }
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
 * The passes of a restore into an empty target, one pg_restore each. In one
 * parallel pg_restore, a post-data entry that depends on no table (a domain's
 * NOT VALID CHECK constraint) may run before the COPY of a table using the
 * domain, which then rejects the rows the constraint was never meant to check;
 * a foreign key to a partitioned table may run while its partitions' indexes
 * are still being attached, and deadlock with them; and two index attaches of
 * one multi-level partition tree, run by two workers at once, can each miss
 * the other's commit, so the top index is never marked valid and the foreign
 * keys referencing it fail ("there is no unique constraint matching given
 * keys"; all seen with -j 2 on pg_restore 15). So: the sections apart, the
 * index attaches one at a time (quick catalog updates; the index builds stay
 * parallel), and foreign keys last. With --clean each run drops only its own
 * entries' objects, so a pre-data run could not drop a table an old foreign
 * key still references: those foreign keys are dropped before the first pass.
 */
export const RESTORE_PASSES: ReadonlyArray<{
  section: string | undefined
  keep: (entry: TocEntry) => boolean
  serial?: boolean
}> = [
  { section: 'pre-data', keep: () => true },
  { section: 'data', keep: () => true },
  { section: 'post-data', keep: (entry) => !isForeignKey(entry) && !isIndexAttach(entry) },
  { section: 'post-data', keep: isIndexAttach, serial: true },
  { section: 'post-data', keep: isForeignKey }
]

/**
 * Restores an archive (password via PGPASSWORD, never argv) and classifies
 * every error line pg_restore printed. Stops after a pass that did not run to
 * its end.
 */
export async function restoreArchive(options: {
  pgRestore: PgTool
  archive: string
  target: DatabaseTarget
  /** The input that names the target, for connection errors. */
  targetInput: string
  jobs: number
  mode: RestoreMode
}): Promise<RestoreRun> {
  const started = performance.now()
  const dir = await mkdtemp(join(tmpdir(), 'backup-drill-list-'))
  const runs: Array<{ exitCode: number | null; classification: RestoreOutputClassification }> = []
  try {
    const listing =
      options.mode.listing ??
      (await listArchive(options.pgRestore, options.archive, 'restore-failed'))
    // A --clean restore whose data must load in the listing's order (serialData) stays one run
    // with one job: its DROPs all come first (an app trigger on a platform table is gone before
    // the data arrives, which the live foreign keys need anyway) and one job has no race.
    const inPasses =
      (options.mode.passes || options.mode.serialData) &&
      !(options.mode.clean && options.mode.serialData)
    const passes = inPasses ? RESTORE_PASSES : [{ section: undefined, keep: () => true }]
    if (inPasses && options.mode.clean) {
      try {
        await dropForeignKeysOfRecreatedTables(options.target, listing, options.targetInput)
      } catch (error) {
        return {
          exitCode: null,
          classification: {
            errors: [
              {
                message: `could not drop the foreign keys of the tables the restore re-creates: ${errorMessage(error)}`,
                harmless: false,
                reason: 'nothing was restored'
              }
            ],
            fatal: true
          },
          seconds: (performance.now() - started) / 1000
        }
      }
    }
    const target = options.mode.replica ? withReplicaRole(options.target) : options.target
    for (const [index, pass] of passes.entries()) {
      const useList = join(dir, `pass-${index + 1}.list`)
      await writeFile(useList, keepEntries(listing, pass.keep), { mode: 0o600 })
      const serial =
        ('serial' in pass && pass.serial) ||
        (options.mode.serialData && (pass.section === 'data' || options.mode.clean))
      const jobs = serial ? 1 : options.jobs
      const run = await runPgRestore({ ...options, target, jobs }, pass.section, {
        clean: options.mode.clean,
        useList
      })
      runs.push(run)
      if (run.classification.fatal) break
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
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

/** The target with `-c session_replication_role=replica` added to its connection options. */
function withReplicaRole(target: DatabaseTarget): DatabaseTarget {
  const replica = '-c session_replication_role=replica'
  return { ...target, options: target.options ? `${target.options} ${replica}` : replica }
}

/** One pg_restore run; `section` selects a section (none: all of them). */
async function runPgRestore(
  options: { pgRestore: PgTool; archive: string; target: DatabaseTarget; jobs: number },
  section: string | undefined,
  mode: { clean: boolean; useList: string }
): Promise<{ exitCode: number | null; classification: RestoreOutputClassification }> {
  // Exactly the resolved target: no inherited PG* variable can redirect pg_restore.
  const connection = libpqTool(options.target, { PGAPPNAME: 'backup-drill pg_restore' })
  const args = pgRestoreArguments(options.archive, connection.dbnameArg, options.jobs, mode)
  const child = spawn(
    options.pgRestore.path,
    [...(section ? [`--section=${section}`] : []), ...args],
    {
      env: connection.env,
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group: an interrupt stops pg_restore and its -j workers together.
      detached: true
    }
  )
  trackChild(child, { group: true })
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

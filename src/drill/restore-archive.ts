import { spawn } from 'node:child_process'
import { trackChild } from '../cleanup/registry.js'
import type { PgTool } from '../postgres/client-tools.js'
import { libpqTool, type DatabaseTarget } from '../postgres/connection-url.js'
import { maskSecrets } from '../secrets.js'
import { classifyRestoreOutput, type RestoreOutputClassification } from './restore-errors.js'

export interface RestoreRun {
  exitCode: number | null
  classification: RestoreOutputClassification
  seconds: number
}

/** The pg_restore arguments: the SOP's flags, plus -j for a parallel restore. */
export function pgRestoreArguments(archive: string, dbnameArg: string, jobs: number): string[] {
  return [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--no-privileges',
    `--jobs=${jobs}`,
    `--dbname=${dbnameArg}`,
    archive
  ]
}

/**
 * Restores an archive with the SOP's pg_restore flags (password via
 * PGPASSWORD, never argv) and classifies every error line it printed.
 */
export async function restoreArchive(options: {
  pgRestore: PgTool
  archive: string
  target: DatabaseTarget
  jobs: number
}): Promise<RestoreRun> {
  const started = performance.now()
  // Exactly the resolved target: no inherited PG* variable can redirect pg_restore.
  const connection = libpqTool(options.target, { PGAPPNAME: 'backup-drill pg_restore' })
  const child = spawn(
    options.pgRestore.path,
    pgRestoreArguments(options.archive, connection.dbnameArg, options.jobs),
    {
      env: connection.env,
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group: an interrupt stops pg_restore and its -j workers together.
      detached: true
    }
  )
  trackChild(child, { group: true })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    // Keep the first MB: every error line matters, but a runaway restore must not exhaust memory.
    if (stderr.length < 1024 * 1024) stderr += chunk
  })
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve(code))
  })
  return {
    exitCode,
    classification: classifyRestoreOutput(maskSecrets(stderr), exitCode),
    seconds: (performance.now() - started) / 1000
  }
}

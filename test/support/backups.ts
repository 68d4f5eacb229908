import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parseBackupOptions } from '../../src/config/backup-options.js'
import { runBackup, type BackupResult } from '../../src/backup/run-backup.js'
import { createMemoryLogger } from '../../src/log/logger.js'
import { runCliCaptured } from './cli.js'

/** A fresh temporary folder. */
export const tempDir = (prefix = 'backup-drill-test-'): string =>
  mkdtempSync(join(tmpdir(), prefix))

/** Backs up `dbUrl` (schemas public,auth) into a new folder with the real backup operation. */
export async function makeBackup(
  dbUrl: string,
  extra: Record<string, string> = {}
): Promise<BackupResult & { outDir: string }> {
  const outDir = tempDir()
  const options = parseBackupOptions({
    'db-url': dbUrl,
    'out-dir': outDir,
    schemas: 'public,auth',
    ...extra
  })
  const result = await runBackup(options, createMemoryLogger())
  return { ...result, outDir }
}

/** File names in a folder, sorted. */
export const filesIn = (dir: string): string[] => readdirSync(dir).sort()

/** Copies a backup set's three files into a new folder; returns the copy's dump path. */
export function copyBackupSet(backup: {
  backupPath: string
  checksumPath: string
  manifestPath: string
}): string {
  const dir = tempDir()
  for (const file of [backup.backupPath, backup.checksumPath, backup.manifestPath]) {
    copyFileSync(file, join(dir, basename(file)))
  }
  return join(dir, basename(backup.backupPath))
}

/** Flips one bit in the middle of a file: the smallest possible corruption. */
export function flipOneByte(path: string): void {
  const bytes = readFileSync(path)
  const at = Math.floor(bytes.length / 2)
  bytes[at] = bytes[at]! ^ 0x01
  writeFileSync(path, bytes)
}

/** What a restore's `--json` log holds that the tests read. */
export interface RestoreRunLog {
  checks: Array<{ name: string; status: string; detail: string }>
  restoreErrors: Array<{ message: string }>
}

/**
 * The incident restore of `dump` into its own source `production`, through the CLI: confirm
 * names the database, `-j 2`, the log in `logDir`. Returns the run and its JSON log (empty
 * when the run printed none).
 */
export async function restoreInPlace(
  production: string,
  dump: string,
  logDir = tempDir()
): Promise<{ code: number; log: RestoreRunLog }> {
  const run = await runCliCaptured([
    'restore',
    '--db-url',
    production,
    '--confirm',
    new URL(production).pathname.slice(1),
    '--project-ref',
    'local',
    '--backup',
    dump,
    '--jobs',
    '2',
    '--log-dir',
    logDir,
    '--json'
  ])
  const log = JSON.parse(run.stdout || '{"checks":[],"restoreErrors":[]}') as RestoreRunLog
  return { code: run.code, log }
}

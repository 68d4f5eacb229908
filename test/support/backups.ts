import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseBackupOptions } from '../../src/config/backup-options.js'
import { runBackup, type BackupResult } from '../../src/backup/run-backup.js'
import { createMemoryLogger } from '../../src/report/logger.js'

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

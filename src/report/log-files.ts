import { mkdir, open } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { LocatedBackup } from '../drill/locate-backup.js'
import type { Manifest } from '../manifest/schema.js'
import type { DrillLog } from './drill-log.js'
import { sourceLocation } from '../manifest/source.js'

/** Where a drill or restore log goes: `<id>.json` and `<id>.md` in the log folder. */
export interface LogFiles {
  id: string
  logPath: string
  markdownPath: string
}

/**
 * Reserves `<baseId>.json` in `logDir` (creating it empty, exclusively), or
 * `<baseId>-2.json`, `-3`, … when a drill in the same second took the name:
 * two drills never overwrite each other's log.
 */
export async function reserveLogFiles(logDir: string, baseId: string): Promise<LogFiles> {
  const dir = resolve(logDir)
  await mkdir(dir, { recursive: true })
  for (let attempt = 1; ; attempt++) {
    const id = attempt === 1 ? baseId : `${baseId}-${attempt}`
    const logPath = join(dir, `${id}.json`)
    try {
      await (await open(logPath, 'wx')).close()
      return { id, logPath, markdownPath: join(dir, `${id}.md`) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 1000) throw error
    }
  }
}

/** The `backup` block of a log: which set, from where, and what its manifest says. */
export function backupIdentity(
  located: Pick<LocatedBackup, 'name' | 'origin'>,
  manifest: Manifest | undefined
): DrillLog['backup'] {
  return {
    name: located.name,
    origin: located.origin,
    ...(manifest
      ? {
          createdAt: manifest.createdAt,
          projectRef: manifest.projectRef,
          source: sourceLocation(manifest),
          sha256: manifest.dump.sha256,
          sizeBytes: manifest.dump.sizeBytes,
          pgDumpVersion: manifest.pgDump.version
        }
      : {})
  }
}

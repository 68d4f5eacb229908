import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { manifestSchema } from '../manifest/schema.js'
import type { BackupSet } from '../storage/backup-store.js'

const timingsOnly = manifestSchema.pick({ timings: true })

/**
 * Each set's backup run time (the manifest's `timings.totalSeconds`) in a
 * folder store, by set name: the report's duration chart. A manifest that is
 * not readable or has no timings gives no duration (verify and the drill judge
 * manifests; status only charts them).
 */
export async function readDurationsInFolder(
  dir: string,
  sets: readonly BackupSet[]
): Promise<Map<string, number>> {
  const durations = new Map<string, number>()
  for (const set of sets) {
    try {
      const parsed = timingsOnly.safeParse(
        JSON.parse(await readFile(path.join(dir, set.files.manifest), 'utf8'))
      )
      if (parsed.success) durations.set(set.name, parsed.data.timings.totalSeconds)
    } catch {
      // Unreadable or not JSON: no duration for this set.
    }
  }
  return durations
}

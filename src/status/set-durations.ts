import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { ownedTempDir } from '../cleanup/owner.js'
import { manifestSchema } from '../manifest/schema.js'
import type { BackupSet } from '../storage/backup-store.js'
import type { S3StoreConfig } from '../storage/s3/s3-config.js'

const timingsOnly = manifestSchema.pick({ timings: true })

/** A bucket's manifests are fetched one request each: the newest this many sets get a duration. */
export const MAX_BUCKET_DURATIONS = 100

/** `timings.totalSeconds` of a manifest file, or undefined when it has none or is not readable. */
async function durationOf(file: string): Promise<number | undefined> {
  try {
    const parsed = timingsOnly.safeParse(JSON.parse(await readFile(file, 'utf8')))
    return parsed.success ? parsed.data.timings.totalSeconds : undefined
  } catch {
    return undefined
  }
}

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
    const seconds = await durationOf(path.join(dir, set.files.manifest))
    if (seconds !== undefined) durations.set(set.name, seconds)
  }
  return durations
}

/**
 * The same for a bucket: each of the newest MAX_BUCKET_DURATIONS sets' manifest
 * downloaded (verified against its sha256, as every download) into a temporary
 * folder and read. A manifest that cannot be fetched or verified gives no
 * duration; an unreachable bucket already failed the listing.
 */
export async function readDurationsInBucket(
  config: S3StoreConfig,
  sets: readonly BackupSet[]
): Promise<Map<string, number>> {
  // Loaded only for buckets: the AWS SDK is large.
  const { createS3Client } = await import('../storage/s3/s3-config.js')
  const { downloadVerified } = await import('../storage/s3/s3-objects.js')
  const durations = new Map<string, number>()
  const client = createS3Client(config)
  const folder = await ownedTempDir('backup-drill-status-manifests-')
  try {
    const newest = [...sets]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, MAX_BUCKET_DURATIONS)
    for (const [index, set] of newest.entries()) {
      const file = path.join(folder.path, `${index}.manifest.json`)
      try {
        await downloadVerified(client, config, set.files.manifest, file)
      } catch {
        continue
      }
      const seconds = await durationOf(file)
      if (seconds !== undefined) durations.set(set.name, seconds)
    }
    return durations
  } finally {
    await folder.undo()
    client.destroy()
  }
}

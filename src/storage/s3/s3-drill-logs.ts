import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import { basePrefix, type S3StoreConfig } from './s3-config.js'
import { DRILL_LOGS_FOLDER, listKeys } from './s3-listing.js'
import { putSmallObject } from './s3-objects.js'

/** The key of a drill log file beside the sets: `<prefix>/drill-logs/<file>` (listings skip that folder). */
export function drillLogKey(config: Pick<S3StoreConfig, 'prefix'>, file: string): string {
  return `${basePrefix(config)}${DRILL_LOGS_FOLDER}${file}`
}

/**
 * Stores a drill's log files (`<id>.json`, `<id>.md`) in the bucket under
 * `<prefix>/drill-logs/`, each with its sha256 like every other object.
 * Returns the `s3://` address of each, in order.
 */
export async function storeDrillLogInBucket(
  client: S3Client,
  config: S3StoreConfig,
  files: string[]
): Promise<string[]> {
  const stored: string[] = []
  for (const file of files) {
    const key = drillLogKey(config, basename(file))
    await putSmallObject(client, config, key, await readFile(file))
    stored.push(`s3://${config.bucket}/${key}`)
  }
  return stored
}

/**
 * The key of the newest drill log (`<prefix>/drill-logs/drill-<yyyymmdd-HHMMSS>[-n].json`)
 * in the bucket, or undefined, with whatever made the listing untrustworthy.
 */
export async function newestDrillLogKey(
  client: S3Client,
  config: S3StoreConfig
): Promise<{ key: string | undefined; problems: string[] }> {
  // listKeys pages through `<prefix>/<set-prefix>-`: the drill-logs folder as the prefix, `drill` as the set prefix.
  const folder = drillLogKey(config, '').replace(/\/$/, '')
  const { keys, problems } = await listKeys(client, { ...config, prefix: folder }, 'drill')
  // Ids sort by time (`-2` after the id it follows in the same second), once `.json` is off.
  const ids = keys
    .filter((key) => key.endsWith('.json'))
    .map((key) => key.slice(0, -'.json'.length))
    .sort()
  const newest = ids.at(-1)
  return { key: newest === undefined ? undefined : `${newest}.json`, problems }
}

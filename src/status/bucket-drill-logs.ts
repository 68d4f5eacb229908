import { join } from 'node:path'
import { ownedTempDir } from '../cleanup/owner.js'
import type { S3StoreConfig } from '../storage/s3/s3-config.js'
import type { FoundDrillLogs } from './drill-logs.js'
import { readDrillLogFolder } from './drill-logs.js'

/**
 * The newest drill log in a bucket (`<s3-prefix>/drill-logs/`, where the drill
 * stores it with store s3), downloaded verified into a temporary folder and
 * read. Only the newest is downloaded: it alone decides the drill check.
 */
export async function readNewestDrillLogInBucket(config: S3StoreConfig): Promise<FoundDrillLogs> {
  // Loaded only for buckets: the AWS SDK is large.
  const { createS3Client, describeS3Store } = await import('../storage/s3/s3-config.js')
  const { drillLogKey, newestDrillLogKey } = await import('../storage/s3/s3-drill-logs.js')
  const { downloadVerified } = await import('../storage/s3/s3-objects.js')
  const { S3StoreError } = await import('../storage/s3/s3-errors.js')
  const source = `${describeS3Store(config)} (${drillLogKey(config, '')})`
  const client = createS3Client(config)
  try {
    const { key, problems } = await newestDrillLogKey(client, config)
    if (!key) return { source, drills: [], problems }
    const origin = `s3://${config.bucket}/${key}`
    const folder = await ownedTempDir('backup-drill-status-')
    try {
      await downloadVerified(client, config, key, join(folder.path, 'drill-log.json'))
      const found = await readDrillLogFolder(folder.path)
      return {
        source,
        drills: found.drills.map((drill) => ({ ...drill, origin })),
        problems: [
          ...problems,
          ...(found.drills.length === 0 ? [`${origin} is not a readable drill log`] : [])
        ]
      }
    } catch (error) {
      // A log that does not hash to its sha256 is a finding; an unreachable bucket is not.
      if (error instanceof S3StoreError && error.kind === 'checksum')
        return { source, drills: [], problems: [...problems, error.message] }
      throw error
    } finally {
      await folder.undo()
    }
  } finally {
    client.destroy()
  }
}

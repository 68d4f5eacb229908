import { PassThrough } from 'node:stream'
import { track } from '../cleanup/registry.js'
import type { Logger } from '../log/logger.js'
import { setObjectKey } from '../storage/s3/s3-config.js'
import type { S3BackupStore } from '../storage/s3/s3-backup-store.js'
import {
  addSha256Metadata,
  deleteObject,
  putSmallObject,
  uploadStream
} from '../storage/s3/s3-objects.js'
import type { DumpSink } from './dump-stream.js'

/** The keys a finished set was stored under. */
export interface BucketSetKeys {
  dump: string
  checksum: string
  manifest: string
}

/** A set being written straight into a bucket: the dump's sink now, the rest once the dump is known good. */
export interface BucketSetWriter {
  /** pg_dump's bytes (hashed, maybe encrypted) stream into a multipart upload through this. */
  sink: DumpSink
  /**
   * Stores the `.sha256` and then the `.manifest.json` (last: from then on
   * the set counts) and keeps the set. The dump object gets its sha256 in
   * metadata first (S3 fixes metadata when an upload starts, before the hash
   * is known, so it is added by a copy onto itself).
   */
  finish(texts: { checksum: string; manifest: string }, dumpSha256: string): Promise<BucketSetKeys>
}

/**
 * Opens the upload of set `name` into the store's bucket. Registered with the
 * cleanup registry from the start: a failure or SIGINT/SIGTERM aborts the
 * multipart upload (no parts stay behind) and deletes whatever objects of the
 * set were stored, the manifest first, so no half set ever counts. A process
 * killed outright leaves an open upload and no manifest: the set never counts,
 * and sweepStaleUploads removes the upload later.
 */
export function openBucketSet(
  store: S3BackupStore,
  name: string,
  files: { dump: string; checksum: string; manifest: string },
  logger: Logger
): BucketSetWriter {
  const { client, config } = store
  const keys: BucketSetKeys = {
    dump: setObjectKey(config, name, files.dump),
    checksum: setObjectKey(config, name, files.checksum),
    manifest: setObjectKey(config, name, files.manifest)
  }
  const abort = new AbortController()
  const body = new PassThrough()
  const stored = new Set<string>([keys.dump])
  const upload = uploadStream(client, config, keys.dump, body, { signal: abort.signal })
  // A refused upload stops the dump: pg_dump's pipe breaks instead of filling memory.
  upload.catch((error: unknown) => body.destroy(error as Error))
  const tracked = track(`upload of ${name} to ${store.description}`, async () => {
    abort.abort()
    await upload.catch(() => undefined)
    for (const key of [keys.manifest, keys.checksum, keys.dump])
      if (stored.has(key)) await deleteObject(client, config, key).catch(() => undefined)
  })
  return {
    sink: { stream: body, stored: upload, description: `s3://${config.bucket}/${keys.dump}` },
    async finish(texts, dumpSha256) {
      await addSha256Metadata(client, config, keys.dump, dumpSha256, logger)
      stored.add(keys.checksum)
      await putSmallObject(client, config, keys.checksum, Buffer.from(texts.checksum))
      stored.add(keys.manifest)
      await putSmallObject(client, config, keys.manifest, Buffer.from(texts.manifest))
      tracked.keep()
      return keys
    }
  }
}

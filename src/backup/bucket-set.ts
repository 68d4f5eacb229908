import { PassThrough } from 'node:stream'
import { track } from '../cleanup/registry.js'
import { errorMessage } from '../errors.js'
import type { Logger } from '../log/logger.js'
import { claimBucketSetName } from '../storage/s3/s3-claims.js'
import { setObjectKey } from '../storage/s3/s3-config.js'
import type { S3BackupStore } from '../storage/s3/s3-backup-store.js'
import { deleteObject, putSmallObject, uploadStream } from '../storage/s3/s3-objects.js'
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
   * the set counts) and keeps the set. The dump object carries no sha256 in
   * metadata (S3 fixes metadata when an upload starts, before the hash is
   * known; adding it later would mean a server-side copy of the whole dump,
   * which S3 refuses above 5 GB): the `.sha256` records it, and downloads
   * verify the dump against that.
   */
  finish(texts: { checksum: string; manifest: string }): Promise<BucketSetKeys>
}

/**
 * Claims set `name` in the store's bucket (claimBucketSetName: a conditional
 * PutObject of `<name>.claim`; of two backups with the same name, the second
 * stops here with InputError, before writing anything), then opens the upload
 * of its dump. Registered with the cleanup registry from the start: a failure
 * or SIGINT/SIGTERM aborts the multipart upload (no parts stay behind),
 * deletes whatever objects of the set were stored, the manifest first, so no
 * half set ever counts, and then the claim. A process killed outright leaves
 * an open upload (or none, for a dump smaller than one part), the claim and no
 * manifest: the set never counts, and the next backup removes the upload
 * (sweepStaleUploads) and the claim (sweepStaleClaims) once they are older
 * than 24 hours.
 */
export async function openBucketSet(
  store: S3BackupStore,
  name: string,
  files: { dump: string; checksum: string; manifest: string },
  logger: Logger
): Promise<BucketSetWriter> {
  const { client, config } = store
  const keys: BucketSetKeys = {
    dump: setObjectKey(config, name, files.dump),
    checksum: setObjectKey(config, name, files.checksum),
    manifest: setObjectKey(config, name, files.manifest)
  }
  const claim = await claimBucketSetName(client, config, name, keys.manifest)
  if (claim.note) logger.warning(claim.note, { title: 'Set name not claimed' })
  // Registered first, so undone last: the claim goes once the set's objects are gone.
  const claimed = claim.key
    ? track(`claim ${claim.key} in ${store.description}`, () =>
        deleteObject(client, config, claim.key).catch(() => undefined)
      )
    : undefined
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
    async finish(texts) {
      stored.add(keys.checksum)
      await putSmallObject(client, config, keys.checksum, Buffer.from(texts.checksum))
      stored.add(keys.manifest)
      await putSmallObject(client, config, keys.manifest, Buffer.from(texts.manifest))
      tracked.keep()
      // Only now: a backup that picks this name later finds the manifest (claimBucketSetName looks).
      if (claim.key) {
        claimed?.keep()
        await deleteObject(client, config, claim.key).catch((error: unknown) =>
          logger.warning(
            `${claim.key} could not be removed (${errorMessage(error)}): the set is complete; the next backup removes the claim after 24 hours, or delete it by hand`,
            { title: 'Set name claim left' }
          )
        )
      }
      return keys
    }
  }
}

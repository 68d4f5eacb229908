import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { BackupListing, BackupSet, BackupStore } from '../backup-store.js'
import { createS3Client, describeS3Store, setObjectKey, type S3StoreConfig } from './s3-config.js'
import { groupSetKeys, listKeys } from './s3-listing.js'
import { parseChecksumFile } from '../../manifest/backup-set.js'
import {
  deleteObject,
  downloadVerified,
  putSmallObject,
  uploadStream,
  type ExpectedSha256
} from './s3-objects.js'

/** The local files of one complete set, as the backup wrote them. */
export interface LocalSetFiles {
  name: string
  dump: string
  checksum: string
  manifest: string
  /**
   * The dump's sha256 (hex). putSet records it in the dump object's metadata
   * too; a dump streamed by the backup has none there (its hash is known only
   * after the upload), and the set's `.sha256` is what vouches for it.
   */
  dumpSha256: string
}

/** A bucket (S3, R2, B2, MinIO, Supabase Storage) as a BackupStore, plus storing and fetching whole sets. */
export interface S3BackupStore extends BackupStore {
  readonly config: S3StoreConfig
  readonly client: S3Client
  /**
   * Uploads a set: dump, `.sha256`, then `.manifest.json` last, so the set
   * counts only once everything is there. A failure removes what this call
   * stored (a set without its manifest never counts; a leftover is reported
   * as incomplete by the next listing). Returns the keys.
   */
  putSet(files: LocalSetFiles, options?: { signal?: AbortSignal }): Promise<BackupSet['files']>
  /**
   * Downloads a set's three objects into `folder` (basenames), each verified:
   * the `.sha256` against its metadata, then the manifest and the dump against
   * the `.sha256`'s lines and against their metadata where they carry a sha256
   * (sets stored by putSet, and dumps of older backups, do).
   */
  downloadSet(set: BackupSet, folder: string): Promise<LocalSetFiles>
}

/**
 * The S3 store: one key prefix per set, `<prefix>/<set-name>/<set-name>{.dump|.dump.age, .sha256, .manifest.json}`.
 * Listing reads every page (ListObjectsV2 pages of 1,000) and reports a listing
 * it could not finish as a problem, so prune deletes nothing on it.
 */
export function createS3BackupStore(
  config: S3StoreConfig,
  client = createS3Client(config)
): S3BackupStore {
  return {
    config,
    client,
    description: describeS3Store(config),
    async list(prefix?: string): Promise<BackupListing> {
      const { keys, problems, sizes } = await listKeys(client, config, prefix)
      return { ...groupSetKeys(keys, config, prefix, sizes), problems }
    },
    async deleteSet(set: BackupSet): Promise<void> {
      // The manifest first: from the first delete on, the set no longer counts (nor is offered as latest).
      for (const key of [set.files.manifest, set.files.checksum, set.files.dump])
        await deleteObject(client, config, key)
    },
    async putSet(files, options = {}) {
      const key = (path: string): string => setObjectKey(config, files.name, basename(path))
      const keys = {
        dump: key(files.dump),
        checksum: key(files.checksum),
        manifest: key(files.manifest)
      }
      const stored: string[] = []
      try {
        stored.push(keys.dump)
        await uploadStream(client, config, keys.dump, createReadStream(files.dump), {
          sha256: files.dumpSha256,
          ...(options.signal ? { signal: options.signal } : {})
        })
        for (const [path, objectKey] of [
          [files.checksum, keys.checksum],
          [files.manifest, keys.manifest]
        ] as const) {
          options.signal?.throwIfAborted()
          stored.push(objectKey)
          await putSmallObject(client, config, objectKey, await readFile(path))
        }
        return keys
      } catch (error) {
        // Newest first, manifest before the rest: what stays behind never counts as a set.
        for (const objectKey of stored.reverse())
          await client
            .send(new DeleteObjectCommand({ Bucket: config.bucket, Key: objectKey }))
            .catch(() => undefined)
        throw error
      }
    },
    async downloadSet(set, folder) {
      const local = (key: string): string => join(folder, basename(key))
      const [checksum, manifest, dump] = [
        set.files.checksum,
        set.files.manifest,
        set.files.dump
      ].map(local) as [string, string, string]
      await downloadVerified(client, config, set.files.checksum, checksum)
      // The .sha256 (verified against its own metadata) vouches for the other two.
      const lines = parseChecksumFile(await readFile(checksum, 'utf8')) ?? []
      const recorded = (key: string): ExpectedSha256 | undefined => {
        const line = lines.find((entry) => entry.basename === basename(key))
        return line && { sha256: line.sha256, recordedIn: `the set's ${basename(checksum)}` }
      }
      await downloadVerified(client, config, set.files.manifest, manifest, recorded(manifest))
      const dumpSha256 = await downloadVerified(
        client,
        config,
        set.files.dump,
        dump,
        recorded(dump)
      )
      return { name: set.name, dump, checksum, manifest, dumpSha256 }
    }
  }
}

import {
  AbortMultipartUploadCommand,
  ListMultipartUploadsCommand,
  type S3Client
} from '@aws-sdk/client-s3'
import { basePrefix, type S3StoreConfig } from './s3-config.js'
import { s3Failure } from './s3-errors.js'

/**
 * How old an open multipart upload must be before a backup aborts it as left
 * behind: longer than any backup runs (GitHub-hosted jobs stop at 6 hours), so
 * a backup running elsewhere at the same time is never cut off.
 */
export const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000

/**
 * Aborts the multipart uploads under the store's prefix that were started
 * more than `olderThanMs` ago: what a backup killed outright (SIGKILL, a lost
 * runner) left open. Their parts cost storage but never formed a set (no
 * manifest). Returns the keys. A service that does not list uploads is not
 * an error of the backup (the bucket's lifecycle rule AbortIncompleteMultipartUpload
 * is the backstop): nothing is swept then.
 */
export async function sweepStaleUploads(
  client: S3Client,
  config: S3StoreConfig,
  options: { now?: Date; olderThanMs?: number } = {}
): Promise<string[]> {
  const cutoff = (options.now ?? new Date()).getTime() - (options.olderThanMs ?? STALE_UPLOAD_MS)
  const aborted: string[] = []
  let keyMarker: string | undefined
  let uploadIdMarker: string | undefined
  for (;;) {
    const page = await client
      .send(
        new ListMultipartUploadsCommand({
          Bucket: config.bucket,
          Prefix: basePrefix(config),
          ...(keyMarker ? { KeyMarker: keyMarker } : {}),
          ...(uploadIdMarker ? { UploadIdMarker: uploadIdMarker } : {})
        })
      )
      .catch((error: unknown) => {
        const failure = s3Failure(error, 'Could not list open uploads', config)
        if (failure.kind === 'service') return undefined
        throw failure
      })
    if (!page) return aborted
    for (const upload of page.Uploads ?? []) {
      if (!upload.Key || !upload.UploadId || !upload.Initiated) continue
      if (upload.Initiated.getTime() > cutoff) continue
      await client
        .send(
          new AbortMultipartUploadCommand({
            Bucket: config.bucket,
            Key: upload.Key,
            UploadId: upload.UploadId
          })
        )
        .catch((error: unknown) => {
          throw s3Failure(error, `Could not abort the upload of ${upload.Key}`, config)
        })
      aborted.push(upload.Key)
    }
    if (!page.IsTruncated || !page.NextKeyMarker) return aborted
    keyMarker = page.NextKeyMarker
    uploadIdMarker = page.NextUploadIdMarker
  }
}

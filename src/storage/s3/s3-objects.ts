import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { isAwsS3, type S3StoreConfig } from './s3-config.js'
import { S3StoreError, s3Failure } from './s3-errors.js'

/** The object metadata key (`x-amz-meta-sha256`) holding the object's own sha256, hex. */
export const SHA256_METADATA = 'sha256'
/** Multipart part size: 8 MiB (S3's minimum is 5 MiB; 10,000 parts -> 78 GiB at most). */
export const PART_SIZE = 8 * 1024 * 1024

const base64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64')

/**
 * Stores a small object in one request with its sha256 in metadata and, on
 * AWS, as ChecksumSHA256 (S3 then refuses bytes that do not hash to it).
 */
export async function putSmallObject(
  client: S3Client,
  config: S3StoreConfig,
  key: string,
  body: Buffer
): Promise<string> {
  const sha256 = createHash('sha256').update(body).digest('hex')
  await client
    .send(
      new PutObjectCommand({
        Bucket: config.bucket,
        Key: key,
        Body: body,
        Metadata: { [SHA256_METADATA]: sha256 },
        ...(isAwsS3(config) ? { ChecksumSHA256: base64(sha256) } : {})
      })
    )
    .catch((error: unknown) => {
      throw s3Failure(error, `Could not store ${key}`, config)
    })
  return sha256
}

/**
 * Streams `body` into one object with a multipart upload (parts of
 * PART_SIZE, two in flight): memory stays at a few parts whatever the size.
 * `sha256` (when known before the upload starts) goes into metadata; a
 * streamed dump's is not known then, and is never added afterwards (that
 * would take a server-side copy of the whole object, which S3 refuses above
 * 5 GB): the set's `.sha256` records it, and downloads check against that. On AWS
 * every part carries its ChecksumSHA256. A failed or aborted upload is
 * aborted on the service (no parts are left behind); `signal` aborts it.
 */
export async function uploadStream(
  client: S3Client,
  config: S3StoreConfig,
  key: string,
  body: Readable,
  options: { sha256?: string; signal?: AbortSignal } = {}
): Promise<void> {
  const upload = new Upload({
    client,
    params: {
      Bucket: config.bucket,
      Key: key,
      Body: body,
      ...(options.sha256 ? { Metadata: { [SHA256_METADATA]: options.sha256 } } : {}),
      ...(isAwsS3(config) ? { ChecksumAlgorithm: 'SHA256' as const } : {})
    },
    partSize: PART_SIZE,
    queueSize: 2,
    leavePartsOnError: false
  })
  const abort = (): void => void upload.abort().catch(() => undefined)
  options.signal?.addEventListener('abort', abort, { once: true })
  try {
    await upload.done()
  } catch (error) {
    throw s3Failure(error, `Could not upload ${key}`, config)
  } finally {
    options.signal?.removeEventListener('abort', abort)
  }
}

/** A sha256 the caller knows for an object, and where it is written (for the mismatch message). */
export interface ExpectedSha256 {
  sha256: string
  /** E.g. `the set's .sha256`. */
  recordedIn: string
}

/**
 * Downloads an object into `destination`, hashing it on the way, and checks
 * the hash against the sha256 in its metadata (when it has one) and against
 * `expected` (when given). A mismatch, or no sha256 to check at all, is a
 * `checksum` S3StoreError; the caller removes the file. Returns the hash.
 */
export async function downloadVerified(
  client: S3Client,
  config: S3StoreConfig,
  key: string,
  destination: string,
  expected?: ExpectedSha256
): Promise<string> {
  const response = await client
    .send(new GetObjectCommand({ Bucket: config.bucket, Key: key }))
    .catch((error: unknown) => {
      throw s3Failure(error, `Could not download ${key}`, config)
    })
  const recorded = response.Metadata?.[SHA256_METADATA]?.toLowerCase()
  const hash = createHash('sha256')
  try {
    await pipeline(
      response.Body as Readable,
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk)
          done(null, chunk)
        }
      }),
      createWriteStream(destination, { mode: 0o600 })
    )
  } catch (error) {
    throw s3Failure(error, `Could not download ${key}`, config)
  }
  const actual = hash.digest('hex')
  const wanted: Array<[sha256: string, recordedIn: string]> = [
    ...(recorded !== undefined ? [[recorded, 'its metadata'] as [string, string]] : []),
    ...(expected ? [[expected.sha256.toLowerCase(), expected.recordedIn] as [string, string]] : [])
  ]
  if (wanted.length === 0)
    throw new S3StoreError(
      'checksum',
      undefined,
      `${key} carries no sha256 (metadata ${SHA256_METADATA}) and none is recorded for it elsewhere: the download cannot be verified`
    )
  for (const [sha256, recordedIn] of wanted)
    if (sha256 !== actual)
      throw new S3StoreError(
        'checksum',
        undefined,
        `${key} downloaded as sha256 ${actual}, but ${recordedIn} records ${sha256}: the object is not what was stored`
      )
  return actual
}

/** Deletes one object; one that is already gone is not an error (S3 answers 204 either way). */
export async function deleteObject(
  client: S3Client,
  config: S3StoreConfig,
  key: string
): Promise<void> {
  await client
    .send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }))
    .catch((error: unknown) => {
      throw s3Failure(error, `Could not delete ${key}`, config)
    })
}

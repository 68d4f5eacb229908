import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import type { Logger } from '../../log/logger.js'
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
 * `sha256` (when known before the upload starts) goes into metadata. On AWS
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

/**
 * Downloads an object into `destination`, hashing it on the way, and checks
 * the hash against the sha256 in its metadata and against `expectedSha256`
 * when given. A mismatch (or no sha256 to check at all) is a `checksum`
 * S3StoreError; the caller removes the file. Returns the hash.
 */
export async function downloadVerified(
  client: S3Client,
  config: S3StoreConfig,
  key: string,
  destination: string,
  expectedSha256?: string
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
  const wanted = [recorded, expectedSha256?.toLowerCase()].filter(
    (value): value is string => value !== undefined
  )
  if (wanted.length === 0)
    throw new S3StoreError(
      'checksum',
      undefined,
      `${key} carries no sha256 (metadata ${SHA256_METADATA}) to verify the download against`
    )
  for (const sha256 of wanted)
    if (sha256 !== actual)
      throw new S3StoreError(
        'checksum',
        undefined,
        `${key} downloaded as sha256 ${actual}, but ${sha256 === recorded ? 'its metadata records' : 'the set records'} ${sha256}: the object is not what was stored`
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

/** CopyObject's limit for one request: larger objects would need a multipart copy. */
const MAX_COPY_BYTES = 5 * 1024 ** 3

/**
 * Adds the sha256 to an object uploaded before its hash was known (a
 * streamed dump): a copy onto itself that replaces the metadata, done by the
 * service without moving the bytes through us. Objects over 5 GiB keep no
 * metadata hash (logged): the set's `.sha256` and manifest, each carrying
 * their own, still record it, and downloads are checked against those.
 */
export async function addSha256Metadata(
  client: S3Client,
  config: S3StoreConfig,
  key: string,
  sha256: string,
  logger: Logger
): Promise<void> {
  const fail = (error: unknown): never => {
    throw s3Failure(error, `Could not record the sha256 of ${key}`, config)
  }
  const head = await client
    .send(new HeadObjectCommand({ Bucket: config.bucket, Key: key }))
    .catch(fail)
  if ((head.ContentLength ?? 0) > MAX_COPY_BYTES) {
    logger.info(
      `${key} is over 5 GiB: its sha256 is recorded in the set's .sha256 and manifest only`
    )
    return
  }
  await client
    .send(
      new CopyObjectCommand({
        Bucket: config.bucket,
        Key: key,
        CopySource: `${config.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
        MetadataDirective: 'REPLACE',
        Metadata: { ...head.Metadata, [SHA256_METADATA]: sha256 }
      })
    )
    .catch(fail)
}

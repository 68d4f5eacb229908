import {
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client
} from '@aws-sdk/client-s3'
import { newOwner, ownerText } from '../../cleanup/owner.js'
import { InputError } from '../../errors.js'
import { listKeys } from './s3-listing.js'
import { describeS3Store, setObjectKey, type S3StoreConfig } from './s3-config.js'
import { s3Failure } from './s3-errors.js'
import { STALE_UPLOAD_MS } from './s3-uploads.js'

/**
 * A set name is claimed in a bucket before any object of the set is written,
 * by a conditional PutObject (`If-None-Match: *`, honoured by AWS S3 since
 * 2024, MinIO and R2) of `<prefix>/<set-name>/<set-name>.claim`: of two
 * backups that pick the same name (same prefix, same second), the service
 * stores the claim of one and answers the other 412 PreconditionFailed (or
 * 409 ConditionalRequestConflict while the first is in flight). The claim
 * holds the owner's pid, host and a token, for a person looking at it; it is
 * removed once the manifest is stored (or the set's objects removed).
 */
export const CLAIM_EXTENSION = '.claim'

/** The claim object of a set: `<prefix>/<set-name>/<set-name>.claim`. */
export function claimKey(config: Pick<S3StoreConfig, 'prefix'>, setName: string): string {
  return setObjectKey(config, setName, `${setName}${CLAIM_EXTENSION}`)
}

interface SdkError {
  name?: string
  $metadata?: { httpStatusCode?: number }
}

/** The claim of this run, or none when the service does not do conditional writes (with why). */
export type BucketClaim = { key: string; note?: never } | { key?: never; note: string }

/**
 * Claims set `name` for this run. Throws InputError (`s3-prefix`) when
 * another run holds the name, or when the set's manifest exists already (a
 * set of this name was finished this second; its claim is gone by then). A
 * service that answers conditional writes with NotImplemented gets no claim:
 * the backup goes on, and the note says what is not guarded.
 */
export async function claimBucketSetName(
  client: S3Client,
  config: S3StoreConfig,
  name: string,
  manifestKey: string
): Promise<BucketClaim> {
  const key = claimKey(config, name)
  const where = describeS3Store(config)
  const claimed = await client
    .send(
      new PutObjectCommand({
        Bucket: config.bucket,
        Key: key,
        Body: ownerText(newOwner()),
        ContentType: 'application/json',
        IfNoneMatch: '*'
      })
    )
    .then(
      () => true,
      (error: unknown) => {
        const sdk = (error ?? {}) as SdkError
        const status = sdk.$metadata?.httpStatusCode
        if (
          status === 412 ||
          status === 409 ||
          sdk.name === 'PreconditionFailed' ||
          sdk.name === 'ConditionalRequestConflict'
        )
          throw new InputError(
            's3-prefix',
            `another backup is writing ${name} in ${where} right now (its claim ${key} exists): runs in the same second with the same prefix cannot share a bucket prefix; use another prefix or s3-prefix, or run them a second apart (a claim left by a killed backup is removed by the next backup after 24 hours, or delete it by hand)`
          )
        if (status === 501 || sdk.name === 'NotImplemented') return false
        throw s3Failure(error, `Could not claim the set name ${name} (${key})`, config)
      }
    )
  const exists = await client
    .send(new HeadObjectCommand({ Bucket: config.bucket, Key: manifestKey }))
    .then(
      () => true,
      (error: unknown) => {
        const failure = s3Failure(error, `Could not look for ${manifestKey}`, config)
        if (failure.kind === 'not-found') return false
        throw failure
      }
    )
  if (exists) {
    if (claimed) await deleteQuietly(client, config, key)
    throw new InputError(
      's3-prefix',
      `${manifestKey} already exists in ${where}: a backup set of this name was made this second; wait a second or use another prefix`
    )
  }
  return claimed
    ? { key }
    : {
        note: `${where} does not support conditional writes (If-None-Match): the set name ${name} is not claimed, so two backups in the same second with the same prefix would overwrite each other`
      }
}

async function deleteQuietly(client: S3Client, config: S3StoreConfig, key: string): Promise<void> {
  await client
    .send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }))
    .catch(() => undefined)
}

/**
 * Deletes the claims of set prefix `setPrefix` older than `olderThanMs`
 * (default: the age at which sweepStaleUploads calls an upload abandoned,
 * longer than any backup runs): what a backup killed outright left behind.
 * A fresh claim may belong to a backup running elsewhere and is left alone.
 * Returns the keys deleted.
 */
export async function sweepStaleClaims(
  client: S3Client,
  config: S3StoreConfig,
  setPrefix: string,
  options: { now?: Date; olderThanMs?: number } = {}
): Promise<string[]> {
  const cutoff = (options.now ?? new Date()).getTime() - (options.olderThanMs ?? STALE_UPLOAD_MS)
  const { keys, modified } = await listKeys(client, config, setPrefix)
  const swept: string[] = []
  for (const key of keys) {
    const changed = modified.get(key)
    if (!key.endsWith(CLAIM_EXTENSION) || !changed || changed.getTime() > cutoff) continue
    await client
      .send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }))
      .catch((error: unknown) => {
        throw s3Failure(error, `Could not delete ${key}`, config)
      })
    swept.push(key)
  }
  return swept
}

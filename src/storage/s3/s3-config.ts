import { S3Client } from '@aws-sdk/client-s3'
import { registerSecret } from '../../secrets.js'

/** Static credentials (from inputs or AWS_* env); without them the SDK's default chain (env, OIDC web identity, profile). */
export interface S3Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/** Where the sets live in a bucket, and how to reach it. */
export interface S3StoreConfig {
  bucket: string
  /** Key prefix without slashes at either end; empty: the bucket's root. Sets live at `<prefix>/<set-name>/`. */
  prefix: string
  /** Empty or undefined: AWS S3. Otherwise the service's URL (R2, B2, MinIO, Supabase Storage). */
  endpoint?: string
  region: string
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO, most self-hosted services). */
  forcePathStyle: boolean
  credentials?: S3Credentials
  /** Where the credentials came from, for error messages (e.g. `AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY`). */
  credentialsSource: string
}

/**
 * The SDK client for a store. Checksums: the SDK's own default (a CRC32
 * computed on every request, sent as an aws-chunked trailer on streams) is
 * turned off, because several S3-compatible services reject or mis-store
 * aws-chunked bodies; we send ChecksumSHA256 ourselves where it is known and
 * AWS is the service (see s3-objects.ts), and verify every download ourselves.
 */
export function createS3Client(config: S3StoreConfig): S3Client {
  registerSecret(config.credentials?.secretAccessKey)
  registerSecret(config.credentials?.sessionToken)
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3
  })
}

/** True when the service is AWS S3 itself (no custom endpoint): it verifies x-amz-checksum-sha256. */
export function isAwsS3(config: Pick<S3StoreConfig, 'endpoint'>): boolean {
  return !config.endpoint
}

/** `s3://bucket/prefix` for people. */
export function describeS3Store(
  config: Pick<S3StoreConfig, 'bucket' | 'prefix' | 'endpoint'>
): string {
  const where = config.endpoint ? ` at ${config.endpoint}` : ''
  return `bucket s3://${config.bucket}${config.prefix ? `/${config.prefix}` : ''}${where}`
}

/** The key prefix every set of the store lives under: `<prefix>/` or empty. */
export function basePrefix(config: Pick<S3StoreConfig, 'prefix'>): string {
  return config.prefix ? `${config.prefix}/` : ''
}

/** The key of one file of a set: `<prefix>/<set-name>/<file>`. */
export function setObjectKey(
  config: Pick<S3StoreConfig, 'prefix'>,
  setName: string,
  file: string
): string {
  return `${basePrefix(config)}${setName}/${file}`
}

import { z } from 'zod'
import { InputError } from '../errors.js'
import { registerSecret } from '../secrets.js'
import type { S3Credentials, S3StoreConfig } from '../storage/s3/s3-config.js'
import { booleanRule } from './input-schemas.js'
import { defineInputs } from './input-spec.js'

// The bucket inputs every operation shares (backup, verify, drill, restore,
// prune): one spec object, so their rules and words are the same everywhere.

/** Where the backup sets live. */
export const storeRule = z.enum(['directory', 'artifact', 's3'], {
  error: 'must be directory, artifact or s3'
})
export type StoreKind = z.infer<typeof storeRule>

/** A bucket name as S3 allows it (3-63 lowercase letters, digits, . and -). */
const bucketRule = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
  error: 'must be a bucket name: 3-63 lowercase letters, digits, . and - (e.g. acme-db-backups)'
})
/** Key prefix: path segments of safe characters, no leading or trailing slash. */
const s3PrefixRule = z.string().regex(/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/, {
  error:
    'must be path segments of letters, digits, ., - and _ separated by / without a leading or trailing / (e.g. backups/opta)'
})
const endpointRule = z.string().regex(/^https?:\/\/[^\s/]+(?:\/\S*)?$/, {
  error: 'must be the service URL, https://... (e.g. https://<account>.r2.cloudflarestorage.com)'
})

export const S3_INPUT_SPECS = defineInputs({
  's3-bucket': {
    rule: bucketRule,
    description: 'store s3: the bucket holding the backup sets (it must exist).',
    cli: { value: '<bucket>', help: 'store s3: the bucket holding the backup sets' }
  },
  's3-prefix': {
    rule: s3PrefixRule,
    description:
      'store s3: key prefix of the sets, which live at <s3-prefix>/<set-name>/. Empty: the backup prefix.',
    cli: { value: '<path>', help: 'store s3: key prefix (default: the backup prefix)' }
  },
  's3-endpoint': {
    rule: endpointRule,
    description:
      'store s3: the S3-compatible service URL (Cloudflare R2, Backblaze B2, MinIO, Supabase Storage). Empty: AWS S3.',
    cli: { value: '<url>', help: 'store s3: service URL (default: AWS S3)' }
  },
  's3-region': {
    description:
      'store s3: the bucket region. Empty: AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1 (R2 takes auto).',
    cli: { value: '<region>', help: 'store s3: region (default: AWS_REGION, else us-east-1)' }
  },
  's3-force-path-style': {
    rule: booleanRule('s3-force-path-style'),
    default: 'false',
    description:
      'store s3: true addresses https://endpoint/bucket/key instead of https://bucket.endpoint/key (MinIO and most self-hosted services).',
    cli: { value: '<bool>', help: 'store s3: path-style addressing (true|false)' }
  },
  's3-access-key-id': {
    description:
      'store s3: access key id. Empty: AWS_ACCESS_KEY_ID, else the AWS default chain (e.g. OIDC role credentials from aws-actions/configure-aws-credentials).'
  },
  's3-secret-access-key': {
    secret: 'whole',
    description:
      'store s3: secret access key (pass it from a secret; masked at once). Empty: AWS_SECRET_ACCESS_KEY, else the AWS default chain.'
  },
  's3-session-token': {
    secret: 'whole',
    description: 'store s3: session token of temporary credentials. Empty: AWS_SESSION_TOKEN.'
  }
})

type S3Parsed = {
  's3-bucket'?: string
  's3-prefix'?: string
  's3-endpoint'?: string
  's3-region'?: string
  's3-force-path-style': boolean
  's3-access-key-id'?: string
  's3-secret-access-key'?: string
  's3-session-token'?: string
}

/**
 * The bucket of a run with `store: s3`: inputs first, then the standard AWS
 * environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN,
 * AWS_REGION); without static keys the SDK's default chain (OIDC web
 * identity, profiles) supplies them. Secrets are registered the moment they
 * are read. `setPrefix` is the backup prefix, the default key prefix.
 */
export function parseS3Store(
  parsed: S3Parsed,
  env: NodeJS.ProcessEnv,
  setPrefix: string
): S3StoreConfig {
  registerSecret(parsed['s3-secret-access-key'])
  registerSecret(parsed['s3-session-token'])
  registerSecret(env.AWS_SECRET_ACCESS_KEY)
  registerSecret(env.AWS_SESSION_TOKEN)
  const bucket = parsed['s3-bucket']
  if (!bucket) throw new InputError('s3-bucket', 'store s3 needs the bucket name')
  const fromInputs = Boolean(parsed['s3-access-key-id'] || parsed['s3-secret-access-key'])
  let credentials: S3Credentials | undefined
  let credentialsSource: string
  if (fromInputs) {
    if (!parsed['s3-access-key-id'] || !parsed['s3-secret-access-key'])
      throw new InputError(
        parsed['s3-access-key-id'] ? 's3-secret-access-key' : 's3-access-key-id',
        'give s3-access-key-id and s3-secret-access-key together (or neither, to use the AWS environment)'
      )
    credentials = {
      accessKeyId: parsed['s3-access-key-id'],
      secretAccessKey: parsed['s3-secret-access-key'],
      ...(parsed['s3-session-token'] ? { sessionToken: parsed['s3-session-token'] } : {})
    }
    credentialsSource = 's3-access-key-id / s3-secret-access-key'
  } else if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {})
    }
    credentialsSource = 'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY'
  } else {
    credentialsSource =
      'the AWS credentials (s3-access-key-id / s3-secret-access-key, AWS_* variables or the role from aws-actions/configure-aws-credentials)'
  }
  return {
    bucket,
    prefix: parsed['s3-prefix'] ?? setPrefix,
    ...(parsed['s3-endpoint'] ? { endpoint: parsed['s3-endpoint'] } : {}),
    region: parsed['s3-region'] || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    forcePathStyle: parsed['s3-force-path-style'],
    ...(credentials ? { credentials } : {}),
    credentialsSource
  }
}

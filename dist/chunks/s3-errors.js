import { m as maskSecrets } from './secrets.js';
import { g as describeS3Store } from './s3-config.js';
import './loadSharedConfigFiles.js';
import 'node:path';
import './readFile.js';
import 'node:os';
import 'node:fs/promises';
import './configLoader.js';
import './chain.js';
import './CredentialsProviderError.js';
import './hex-encoding.js';
import 'node:stream';
import 'node:crypto';
import './EventStreamSerdeConfig.js';
import 'node:zlib';
import './node-http-handler.js';
import 'node:https';
import './setCredentialFeature.js';
import 'node:fs';
import 'node:process';

/**
 * A failed bucket operation. The message names the operation, the input to
 * fix and the service's own error code, and is masked: the secret key never
 * reaches it. The SDK error is not kept as `cause` (it carries request details).
 */
class S3StoreError extends Error {
    kind;
    input;
    constructor(kind, 
    /** The input a person should look at (`s3-bucket`, `s3-endpoint`, the credentials' source). */
    input, message) {
        super(maskSecrets(message));
        this.kind = kind;
        this.input = input;
        this.name = 'S3StoreError';
    }
}
/**
 * Turns an SDK error into an S3StoreError saying what to fix: rejected
 * credentials name where they came from, a missing bucket names s3-bucket, an
 * unreachable service names s3-endpoint (or s3-region on AWS).
 */
function s3Failure(error, operation, config) {
    if (error instanceof S3StoreError)
        return error;
    const sdk = (error ?? {});
    const code = sdk.name ?? sdk.code ?? 'Error';
    const status = sdk.$metadata?.httpStatusCode;
    const where = describeS3Store(config);
    const said = `${code}${status ? ` (HTTP ${status})` : ''}`;
    switch (code) {
        case 'InvalidAccessKeyId':
        case 'SignatureDoesNotMatch':
        case 'ExpiredToken':
        case 'InvalidToken':
        case 'TokenRefreshRequired':
        case 'CredentialsProviderError':
            return new S3StoreError('credentials', config.credentialsSource, `${operation} in ${where}: the service rejected the credentials (${said}): check ${config.credentialsSource}`);
        case 'NoSuchBucket':
            return new S3StoreError('no-bucket', 's3-bucket', `${operation}: s3-bucket: the bucket "${config.bucket}" does not exist${config.endpoint ? ` at ${config.endpoint}` : ` in ${config.region}`} (${said}); create it first or fix the name`);
        case 'AccessDenied':
        case 'Forbidden':
            return new S3StoreError('forbidden', config.credentialsSource, `${operation} in ${where}: access denied (${said}): the credentials from ${config.credentialsSource} need s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject and s3:AbortMultipartUpload on the bucket and prefix`);
        case 'NoSuchKey':
        case 'NotFound':
            return new S3StoreError('not-found', undefined, `${operation} in ${where}: not found (${said})`);
    }
    if (status === 301 || code === 'PermanentRedirect' || code === 'AuthorizationHeaderMalformed')
        return new S3StoreError('endpoint', 's3-region', `${operation} in ${where}: the bucket is in another region (${said}): set s3-region to the bucket's region`);
    if (status === undefined) {
        // No HTTP answer at all: DNS, refused connection, TLS. The endpoint (or region) is wrong or down.
        const input = config.endpoint ? 's3-endpoint' : 's3-region';
        return new S3StoreError('endpoint', input, `${operation} in ${where}: could not reach the service (${code}: ${firstLine(sdk.message)}): check ${input}${config.endpoint ? ` (${config.endpoint})` : ''}`);
    }
    return new S3StoreError('service', undefined, `${operation} in ${where}: ${said}: ${firstLine(sdk.message)}`);
}
function firstLine(text) {
    return (text ?? '').split('\n')[0].slice(0, 300);
}

export { S3StoreError, s3Failure };

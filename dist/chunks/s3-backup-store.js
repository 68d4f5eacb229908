import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, basename } from 'node:path';
import { g as describeS3Store, h as createS3Client, s as setObjectKey } from './s3-config.js';
import { l as listKeys, g as groupSetKeys } from './s3-listing.js';
import { p as parseChecksumFile } from './backup-set.js';
import { d as downloadVerified, u as uploadStream, p as putSmallObject, D as DeleteObjectCommand, a as deleteObject } from './s3-objects.js';
import './secrets.js';
import './loadSharedConfigFiles.js';
import './readFile.js';
import 'node:os';
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
import 'node:process';
import './set-files.js';
import './s3-errors.js';
import 'node:stream/promises';
import 'events';
import 'buffer';
import 'stream';

/**
 * The S3 store: one key prefix per set, `<prefix>/<set-name>/<set-name>{.dump|.dump.age, .sha256, .manifest.json}`.
 * Listing reads every page (ListObjectsV2 pages of 1,000) and reports a listing
 * it could not finish as a problem, so prune deletes nothing on it.
 */
function createS3BackupStore(config, client = createS3Client(config)) {
    return {
        config,
        client,
        description: describeS3Store(config),
        async list(prefix) {
            const { keys, problems, sizes } = await listKeys(client, config, prefix);
            return { ...groupSetKeys(keys, config, prefix, sizes), problems };
        },
        async deleteSet(set) {
            // The manifest first: from the first delete on, the set no longer counts (nor is offered as latest).
            for (const key of [set.files.manifest, set.files.checksum, set.files.dump])
                await deleteObject(client, config, key);
        },
        async putSet(files, options = {}) {
            const key = (path) => setObjectKey(config, files.name, basename(path));
            const keys = {
                dump: key(files.dump),
                checksum: key(files.checksum),
                manifest: key(files.manifest)
            };
            const stored = [];
            try {
                stored.push(keys.dump);
                await uploadStream(client, config, keys.dump, createReadStream(files.dump), {
                    sha256: files.dumpSha256,
                    ...(options.signal ? { signal: options.signal } : {})
                });
                for (const [path, objectKey] of [
                    [files.checksum, keys.checksum],
                    [files.manifest, keys.manifest]
                ]) {
                    options.signal?.throwIfAborted();
                    stored.push(objectKey);
                    await putSmallObject(client, config, objectKey, await readFile(path));
                }
                return keys;
            }
            catch (error) {
                // Newest first, manifest before the rest: what stays behind never counts as a set.
                for (const objectKey of stored.reverse())
                    await client
                        .send(new DeleteObjectCommand({ Bucket: config.bucket, Key: objectKey }))
                        .catch(() => undefined);
                throw error;
            }
        },
        async downloadSet(set, folder) {
            const local = (key) => join(folder, basename(key));
            const [checksum, manifest, dump] = [
                set.files.checksum,
                set.files.manifest,
                set.files.dump
            ].map(local);
            await downloadVerified(client, config, set.files.checksum, checksum);
            // The .sha256 (verified against its own metadata) vouches for the other two.
            const lines = parseChecksumFile(await readFile(checksum, 'utf8')) ?? [];
            const recorded = (key) => {
                const line = lines.find((entry) => entry.basename === basename(key));
                return line && { sha256: line.sha256, recordedIn: `the set's ${basename(checksum)}` };
            };
            await downloadVerified(client, config, set.files.manifest, manifest, recorded(manifest));
            const dumpSha256 = await downloadVerified(client, config, set.files.dump, dump, recorded(dump));
            return { name: set.name, dump, checksum, manifest, dumpSha256 };
        }
    };
}

export { createS3BackupStore };

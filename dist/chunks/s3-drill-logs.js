import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { i as basePrefix } from './s3-config.js';
import { l as listKeys, D as DRILL_LOGS_FOLDER } from './s3-listing.js';
import { p as putSmallObject } from './s3-objects.js';
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
import 'node:fs';
import 'node:process';
import './set-files.js';
import './backup-set.js';
import './s3-errors.js';
import 'node:stream/promises';
import 'events';
import 'buffer';
import 'stream';

/** The key of a drill log file beside the sets: `<prefix>/drill-logs/<file>` (listings skip that folder). */
function drillLogKey(config, file) {
    return `${basePrefix(config)}${DRILL_LOGS_FOLDER}${file}`;
}
/**
 * Stores a drill's log files (`<id>.json`, `<id>.md`) in the bucket under
 * `<prefix>/drill-logs/`, each with its sha256 like every other object.
 * Returns the `s3://` address of each, in order.
 */
async function storeDrillLogInBucket(client, config, files) {
    const stored = [];
    for (const file of files) {
        const key = drillLogKey(config, basename(file));
        await putSmallObject(client, config, key, await readFile(file));
        stored.push(`s3://${config.bucket}/${key}`);
    }
    return stored;
}
/**
 * The key of the newest drill log (`<prefix>/drill-logs/drill-<yyyymmdd-HHMMSS>[-n].json`)
 * in the bucket, or undefined, with whatever made the listing untrustworthy.
 */
async function newestDrillLogKey(client, config) {
    // listKeys pages through `<prefix>/<set-prefix>-`: the drill-logs folder as the prefix, `drill` as the set prefix.
    const folder = drillLogKey(config, '').replace(/\/$/, '');
    const { keys, problems } = await listKeys(client, { ...config, prefix: folder }, 'drill');
    // Ids sort by time (`-2` after the id it follows in the same second), once `.json` is off.
    const ids = keys
        .filter((key) => key.endsWith('.json'))
        .map((key) => key.slice(0, -'.json'.length))
        .sort();
    const newest = ids.at(-1);
    return { key: newest === undefined ? undefined : `${newest}.json`, problems };
}

export { drillLogKey, newestDrillLogKey, storeDrillLogInBucket };

import { p as parseFileName, c as classify, n as newestFirst } from './set-files.js';
import { j as command, L as ListObjectsV2$, _ as _mw0, k as _ep8, i as basePrefix } from './s3-config.js';
import { s3Failure } from './s3-errors.js';

class ListObjectsV2Command extends command(_ep8, _mw0, "ListObjectsV2", ListObjectsV2$) {
}

/** Drill logs live beside the sets (`<prefix>/drill-logs/`): never a set, never a stray. */
const DRILL_LOGS_FOLDER = 'drill-logs/';
/** 10,000 pages of 1,000 keys: far beyond any policy, and a bound on a listing that never ends. */
const MAX_PAGES = 10_000;
/**
 * Every key under the store's prefix (or under `<prefix>/<set-prefix>-`), page by page, with
 * what made the listing untrustworthy, and each key's size and last change as listed
 * (ListObjectsV2's Size and LastModified).
 */
async function listKeys(client, config, setPrefix) {
    const prefix = basePrefix(config) + (setPrefix === undefined ? '' : `${setPrefix}-`);
    const keys = [];
    const sizes = new Map();
    const modified = new Map();
    const problems = [];
    let token;
    for (let page = 1;; page++) {
        const response = await client
            .send(new ListObjectsV2Command({
            Bucket: config.bucket,
            Prefix: prefix,
            ...(token ? { ContinuationToken: token } : {})
        }))
            .catch((error) => {
            throw s3Failure(error, `Could not list ${prefix || 'the bucket'}`, config);
        });
        for (const object of response.Contents ?? []) {
            if (!object.Key)
                continue;
            keys.push(object.Key);
            if (object.Size !== undefined)
                sizes.set(object.Key, object.Size);
            if (object.LastModified)
                modified.set(object.Key, object.LastModified);
        }
        if (!response.IsTruncated)
            break;
        token = response.NextContinuationToken;
        if (!token) {
            // A truncated page without a way to the next one: the rest is unknown, so nothing may be deleted on it.
            problems.push(`the listing of ${prefix || 'the bucket'} stopped after ${keys.length} keys: page ${page} was truncated without a continuation token`);
            break;
        }
        if (page === MAX_PAGES) {
            problems.push(`the listing of ${prefix || 'the bucket'} has more than ${MAX_PAGES} pages: stopped reading`);
            break;
        }
    }
    return { keys, problems, sizes, modified };
}
/**
 * Groups keys `<prefix>/<set-name>/<set-name><extension>` into sets. A set is
 * complete with its dump (or encrypted dump), `.sha256` and `.manifest.json`;
 * the backup writes the manifest last and prune deletes it first, so in
 * practice a set counts exactly while its manifest exists. Keys that follow no
 * set (or sit in a set's folder under another name) are strays; with a set
 * prefix, only keys starting with `<prefix>/<set-prefix>-` are looked at.
 * A complete set's `sizeBytes` is its dump object's size when `sizes` (listKeys) has it.
 */
function groupSetKeys(keys, config, setPrefix, sizes) {
    const base = basePrefix(config);
    const groups = new Map();
    const strays = [];
    for (const key of keys) {
        if (!key.startsWith(base))
            continue;
        const relative = key.slice(base.length);
        if (relative.startsWith(DRILL_LOGS_FOLDER))
            continue;
        if (setPrefix !== undefined && !relative.startsWith(`${setPrefix}-`))
            continue;
        const parts = relative.split('/');
        const parsed = parts.length === 2 ? parseFileName(parts[1]) : undefined;
        if (!parsed || parsed.name !== parts[0]) {
            strays.push(key);
            continue;
        }
        if (setPrefix !== undefined && parsed.prefix !== setPrefix)
            continue;
        const group = groups.get(parsed.name) ?? {
            name: parsed.name,
            prefix: parsed.prefix,
            createdAt: parsed.createdAt,
            files: {}
        };
        // The store names files by key, so a set's files can be fetched and deleted as listed.
        group.files[parsed.role] = key;
        groups.set(parsed.name, group);
    }
    const sets = [];
    const incomplete = [];
    for (const group of groups.values()) {
        const result = classify(group);
        if (result.complete) {
            const size = sizes?.get(result.complete.files.dump);
            sets.push(size === undefined ? result.complete : { ...result.complete, sizeBytes: size });
        }
        else
            incomplete.push(result.incomplete);
    }
    return {
        sets: sets.sort(newestFirst),
        incomplete: incomplete.sort(newestFirst),
        strays: strays.sort()
    };
}

export { DRILL_LOGS_FOLDER as D, groupSetKeys as g, listKeys as l };

import { stat, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { I as InputError } from './_commonjsHelpers.js';
import { D as DUMP_EXTENSION } from './backup-set.js';
import { p as parseFileName, c as classify, n as newestFirst } from './set-files.js';

/**
 * Lists the backup sets in a local directory by file name alone (contents are
 * the verify and drill steps' business): files are grouped by set name, a set
 * with dump (or encrypted dump) + checksum + manifest is complete, anything
 * less is reported as incomplete. With a prefix, only `<prefix>-<stamp>` sets
 * count and only files starting with `<prefix>-` can be strays.
 * Throws InputError (`out-dir`) when the directory is missing.
 */
async function listBackupSets(dir, prefix) {
    const entries = await readDirectory(dir);
    const groups = new Map();
    const strays = [];
    const problems = [];
    for (const entry of entries) {
        const parsed = parseFileName(entry.name);
        if (!parsed) {
            if (entry.isFile() && (prefix === undefined || entry.name.startsWith(`${prefix}-`)))
                strays.push(entry.name);
            continue;
        }
        if (prefix !== undefined && parsed.prefix !== prefix)
            continue;
        if (!entry.isFile()) {
            // A directory or link under a set's name: the set's state is unknowable, so no plan may rest on it.
            problems.push(`${entry.name} is not a regular file`);
            continue;
        }
        const group = groups.get(parsed.name) ?? {
            name: parsed.name,
            prefix: parsed.prefix,
            createdAt: parsed.createdAt,
            files: {}
        };
        group.files[parsed.role] = entry.name;
        groups.set(parsed.name, group);
    }
    const sets = [];
    const incomplete = [];
    for (const group of groups.values()) {
        const result = classify(group);
        if (result.complete)
            sets.push(result.complete);
        else
            incomplete.push(result.incomplete);
    }
    for (const set of sets)
        set.sizeBytes = await sizeOf(path.join(dir, set.files.dump));
    sets.sort(newestFirst);
    incomplete.sort(newestFirst);
    strays.sort();
    problems.sort();
    return { sets, incomplete, strays, problems };
}
/**
 * Deletes every file of a set: checksum, then manifest, then the dump last.
 * Three unlinks cannot be atomic, so the order decides what an interruption
 * leaves, and this order leaves exactly what a backup leaves when it stops
 * part-way (it renames dump, then manifest, then checksum into place): every
 * file still there is backed by the files it refers to (a checksum always has
 * the dump and manifest it hashes, a manifest never outlives the dump it
 * describes), and the first unlink already makes the set incomplete, so
 * no listing counts it as a backup or offers it as `latest`. The next
 * listing reports the remains as an incomplete set (never deleted
 * automatically: a person decides). A file already gone is not an error, so
 * repeating the call after an interruption finishes the job.
 */
async function deleteBackupSet(dir, set) {
    for (const file of [set.files.checksum, set.files.manifest, set.files.dump]) {
        try {
            await unlink(path.join(dir, file));
        }
        catch (error) {
            if (error.code !== 'ENOENT')
                throw error;
        }
    }
}
/** The newest complete set in a directory (for `--backup latest`); undefined when there is none. */
async function findLatestCompleteSet(dir, prefix) {
    return (await listBackupSets(dir, prefix)).sets[0];
}
/**
 * Resolves the `backup` input of verify/drill: `latest` (newest complete set
 * in outDir, optionally of one prefix) or the path of a set's `.dump`,
 * `.dump.age` or `.manifest.json`. A bare file name that is not in the
 * working directory is looked up in outDir. Throws InputError (`backup`)
 * when the set is not there or incomplete.
 */
async function resolveBackupSet(pathOrLatest, outDir, prefix) {
    if (pathOrLatest === 'latest') {
        const set = await findLatestCompleteSet(outDir, prefix);
        if (!set) {
            const scope = prefix === undefined ? '' : ` with prefix ${prefix}`;
            throw new InputError('backup', `no complete backup set${scope} in ${outDir} (a set needs its dump, .sha256 and .manifest.json)`);
        }
        return withPaths(outDir, set);
    }
    const parsed = parseFileName(path.basename(pathOrLatest));
    if (!parsed || parsed.role === 'checksum') {
        throw new InputError('backup', `must be "latest" or the path of a backup set's .dump, .dump.age or .manifest.json (<prefix>-<yyyymmdd-HHMMSS>${DUMP_EXTENSION})`);
    }
    let file = path.resolve(pathOrLatest);
    if (!(await isFile(file)) && path.basename(pathOrLatest) === pathOrLatest)
        file = path.resolve(outDir, pathOrLatest);
    const dir = path.dirname(file);
    const basename = path.basename(file);
    let listing;
    try {
        listing = await listBackupSets(dir, parsed.prefix);
    }
    catch (error) {
        if (error instanceof InputError)
            throw new InputError('backup', `${file} not found`);
        throw error;
    }
    const set = listing.sets.find((candidate) => candidate.name === parsed.name);
    if (!set) {
        const partial = listing.incomplete.find((candidate) => candidate.name === parsed.name);
        if (!partial)
            throw new InputError('backup', `${file} not found`);
        const why = partial.note ?? `missing ${partial.missing.join(', ')}`;
        throw new InputError('backup', `backup set ${parsed.name} in ${dir} is incomplete: ${why}`);
    }
    if (basename !== set.files.dump && basename !== set.files.manifest) {
        throw new InputError('backup', `${file} not found (the set's dump is ${set.files.dump})`);
    }
    return withPaths(dir, set);
}
/** The local directory as a BackupStore. */
function createDirectoryStore(dir) {
    return {
        description: `directory ${dir}`,
        list: (prefix) => listBackupSets(dir, prefix),
        deleteSet: (set) => deleteBackupSet(dir, set)
    };
}
function withPaths(dir, set) {
    const absolute = path.resolve(dir);
    return {
        set,
        dir: absolute,
        dump: path.join(absolute, set.files.dump),
        checksum: path.join(absolute, set.files.checksum),
        manifest: path.join(absolute, set.files.manifest)
    };
}
async function readDirectory(dir) {
    try {
        return await readdir(dir, { withFileTypes: true });
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            throw new InputError('out-dir', `${dir} does not exist`);
        if (code === 'ENOTDIR')
            throw new InputError('out-dir', `${dir} is not a directory`);
        throw error;
    }
}
/** A file's size; undefined when it went away since the listing (a prune running meanwhile). */
async function sizeOf(file) {
    try {
        return (await stat(file)).size;
    }
    catch {
        return undefined;
    }
}
async function isFile(file) {
    try {
        return (await stat(file)).isFile();
    }
    catch {
        return false;
    }
}

export { createDirectoryStore as c, listBackupSets as l, resolveBackupSet as r };

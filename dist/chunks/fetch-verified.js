import { o as ownedTempDir, M as MANIFEST_FORMAT_VERSION, T as TOOL_VERSION, m as manifestSchema, c as createProgressReporter, d as decryptToFile } from './notice-inputs.js';
import { E as EscalationError, I as InputError, e as errorMessage } from './_commonjsHelpers.js';
import { A as ArtifactStoreError } from './artifact-errors.js';
import { a as parseBackupSetName, p as parseChecksumFile, c as checksumProblems } from './backup-set.js';
import { r as resolveBackupSet } from './directory-store.js';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { a as sourceLocation, f as findExactPgTool, b as assertToolMajor, c as checkArchive } from './source.js';
import { b as pass, f as fail, s as skip } from './drill-options.js';

/**
 * Finds the backup to verify, drill or restore: a local set (`latest` or a
 * path) or a GitHub artifact, downloaded into a temporary folder. Without a
 * run id, the newest successful run of the backup workflow is used.
 */
async function locateBackup(source, logger) {
    try {
        return await locate(source, logger);
    }
    catch (error) {
        throw fetchFailureAsEscalation(error);
    }
}
/**
 * A backup that cannot be fetched from GitHub or the bucket (missing, expired,
 * no access, service down) cannot be proven restorable: that is the
 * `backup-unreadable` escalation (bytes that do not match their recorded
 * sha256, `checksum-mismatch`), for the CLI and the actions alike, not a
 * crash. Other errors pass through.
 */
function fetchFailureAsEscalation(error) {
    // Known by name: importing the S3 module here would load the AWS SDK for every source.
    if (error instanceof Error && error.name === 'S3StoreError')
        return new EscalationError(error.kind === 'checksum'
            ? 'checksum-mismatch'
            : 'backup-unreadable', `the backup could not be fetched from the bucket: ${error.message}`);
    if (!(error instanceof ArtifactStoreError))
        return error;
    return new EscalationError('backup-unreadable', `the backup could not be fetched: ${error.message}`);
}
async function locate(source, logger) {
    if (source.kind === 'directory') {
        const resolved = await resolveBackupSet(source.backup, source.outDir, source.prefix);
        return {
            name: resolved.set.name,
            dump: resolved.dump,
            checksum: resolved.checksum,
            manifest: resolved.manifest,
            origin: resolved.dump,
            cleanup: async () => undefined
        };
    }
    if (source.kind === 's3')
        return locateInBucket(source, logger);
    // Loaded only for artifact sources: the client (Azure SDK, Octokit) costs about 40 MB.
    const { downloadBackupArtifact, listSuccessfulRuns } = await import('./artifact-store.js');
    let runId = source.runId;
    if (runId === undefined && source.githubToken) {
        const runs = await listSuccessfulRuns({
            workflowFile: source.workflow,
            token: source.githubToken,
            repository: source.repository,
            limit: 1,
            logger
        });
        runId = runs[0]?.runId;
        if (runId === undefined) {
            throw new InputError('run-id', `no successful run of ${source.workflow} found: run the backup workflow first, or pass run-id`);
        }
        logger.info(`Newest successful ${source.workflow} run: ${runId}`);
    }
    // Registered for cleanup: an interrupt removes the download too.
    const folder = await ownedTempDir('backup-drill-artifact-');
    const destination = folder.path;
    try {
        const downloaded = await downloadBackupArtifact({
            name: source.artifactName,
            destination,
            ...(runId !== undefined ? { runId, token: source.githubToken } : {}),
            ...(source.repository ? { repository: source.repository } : {}),
            logger
        });
        const resolved = await resolveBackupSet('latest', destination);
        return {
            name: resolved.set.name,
            dump: resolved.dump,
            checksum: resolved.checksum,
            manifest: resolved.manifest,
            origin: `artifact ${downloaded.name}${runId !== undefined ? ` of run ${runId}` : ''} (id ${downloaded.id})`,
            ...(downloaded.digestMismatch !== undefined
                ? { artifactDigestMismatch: downloaded.digestMismatch }
                : {}),
            cleanup: () => folder.undo()
        };
    }
    catch (error) {
        await folder.undo();
        throw error;
    }
}
/**
 * `latest` (the newest complete set of the prefix) or a named set from the
 * bucket, downloaded into a temporary folder; each object is checked against
 * the sha256 it carries on the way (then verify checks the set as always).
 */
async function locateInBucket(source, logger) {
    // Loaded only for a bucket: the AWS SDK is large.
    const { createS3BackupStore } = await import('./s3-backup-store.js');
    const store = createS3BackupStore(source.s3);
    const wanted = source.backup === 'latest'
        ? undefined
        : source.backup.replace(/(\.dump(\.age)?|\.manifest\.json)$/, '');
    const listing = await store.list(source.prefix ?? parseBackupSetName(wanted ?? '')?.prefix);
    const set = wanted ? listing.sets.find((candidate) => candidate.name === wanted) : listing.sets[0];
    if (!set) {
        const partial = wanted && listing.incomplete.find((candidate) => candidate.name === wanted);
        throw new InputError('backup', partial
            ? `backup set ${wanted} in ${store.description} is incomplete: missing ${partial.missing.join(', ')}`
            : wanted
                ? `no backup set ${wanted} in ${store.description}`
                : `no complete backup set${source.prefix ? ` with prefix ${source.prefix}` : ''} in ${store.description}`);
    }
    logger.info(`Downloading ${set.name} from ${store.description}`);
    const folder = await ownedTempDir('backup-drill-s3-');
    try {
        const local = await store.downloadSet(set, folder.path);
        return {
            name: set.name,
            dump: local.dump,
            checksum: local.checksum,
            manifest: local.manifest,
            origin: `s3://${source.s3.bucket}/${set.files.dump}`,
            cleanup: () => folder.undo()
        };
    }
    catch (error) {
        await folder.undo();
        throw error;
    }
}

/** ISO 8601 with a time zone, as the backup writes it (`2026-11-30T03:15:00.000Z`). */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/**
 * Reads a manifest's text for verify/drill/restore. Throws an Error whose
 * message says what a person can act on: not JSON, written by a newer
 * backup-drill (upgrade), which fields do not match the format, or a
 * createdAt that is not a time (the RPO and data-loss window rest on it).
 */
function parseManifest(text) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        throw new Error(`not JSON (${error.message})`, { cause: error });
    }
    const { formatVersion, tool } = (json ?? {});
    if (typeof formatVersion === 'number' && formatVersion > MANIFEST_FORMAT_VERSION) {
        const writer = typeof tool?.version === 'string' ? ` ${tool.version}` : '';
        throw new Error(`written by a newer backup-drill${writer} (format ${formatVersion}); this backup-drill ${TOOL_VERSION} reads format ${MANIFEST_FORMAT_VERSION}: upgrade backup-drill to use this backup`);
    }
    const parsed = manifestSchema.safeParse(json);
    if (!parsed.success)
        throw new Error(`does not match manifest format ${MANIFEST_FORMAT_VERSION}: ${describeIssues(parsed.error)}`);
    const { createdAt } = parsed.data;
    if (!ISO_TIMESTAMP.test(createdAt) || !Number.isFinite(Date.parse(createdAt)))
        throw new Error(`createdAt ${JSON.stringify(createdAt).slice(0, 60)} is not an ISO 8601 time`);
    return parsed.data;
}
/** `inventory.tables.0.rowCount: expected number, received string; …` (the first few). */
function describeIssues(error) {
    const shown = error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    const more = error.issues.length - shown.length;
    return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/** Temporary folders holding a decrypted dump are named `<tmpdir>/backup-drill-decrypted-*`. */
const DECRYPTED_DIR_PREFIX = 'backup-drill-decrypted-';
/**
 * Proves a stored backup intact: the manifest parses, the bytes hash to the
 * `.sha256` file and to the manifest (streamed, one read), an artifact's
 * digest matched, and `pg_restore --list` reads the archive and lists every
 * manifest table. Conditions: checksum-mismatch, backup-unreadable.
 */
async function verifyBackup(backup, options) {
    const { logger } = options;
    const checks = [];
    let manifest;
    // Hashed as read: the .sha256 vouches for the manifest's bytes too.
    const manifestBytes = await readFile(backup.manifest).catch(() => Buffer.alloc(0));
    try {
        manifest = parseManifest(manifestBytes.toString('utf8'));
        checks.push(pass('manifest', `${manifest.id}: ${manifest.inventory.tables.length} tables, taken ${manifest.createdAt} from ${sourceLocation(manifest)} (PostgreSQL ${manifest.source.serverVersion})`));
    }
    catch (error) {
        checks.push(fail('manifest', 'backup-unreadable', `cannot read ${backup.manifest}: ${errorMessage(error).slice(0, 500)}`));
    }
    if (backup.artifactDigestMismatch === true) {
        checks.push(fail('artifact digest', 'checksum-mismatch', 'the downloaded artifact does not match the digest GitHub recorded at upload'));
    }
    else if (backup.artifactDigestMismatch === false) {
        checks.push(pass('artifact digest', 'the downloaded artifact matches the digest GitHub recorded at upload'));
    }
    const started = performance.now();
    const expected = parseChecksumFile(await readFile(backup.checksum, 'utf8').catch(() => ''));
    const actual = await hashFile(backup.dump, logger);
    const seconds = (performance.now() - started) / 1000;
    const manifestEntry = {
        basename: basename(backup.manifest),
        sha256: createHash('sha256').update(manifestBytes).digest('hex')
    };
    const problems = expected
        ? checksumProblems(expected, {
            dump: { basename: basename(backup.dump), sha256: actual.sha256 },
            manifest: manifestEntry
        })
        : [`${backup.checksum} is not made of "<sha256>  <file>" lines`];
    const coversManifest = expected?.some((entry) => entry.basename === manifestEntry.basename);
    if (manifest && manifest.dump.sha256 !== actual.sha256)
        problems.push(`manifest says ${manifest.dump.sha256}`);
    if (manifest && manifest.dump.sizeBytes !== actual.sizeBytes)
        problems.push(`manifest says ${manifest.dump.sizeBytes} bytes, file has ${actual.sizeBytes}`);
    checks.push(problems.length === 0
        ? pass('checksum', `sha256 ${actual.sha256} matches the .sha256 file${manifest ? ' and the manifest' : ''}; ${coversManifest
            ? 'the .sha256 file vouches for the manifest too'
            : 'the .sha256 file (of an older set) does not cover the manifest'}`, seconds)
        : fail('checksum', 'checksum-mismatch', `computed sha256 ${actual.sha256}, but ${problems.join('; ')}`, seconds));
    let archivePath = backup.dump;
    // Registered for cleanup: an interrupt removes the plaintext too.
    let decryptedDir;
    const cleanup = async () => {
        await decryptedDir?.undo();
    };
    if (manifest?.encryption) {
        if (!options.decryptIdentity) {
            throw new InputError('decrypt-identity', `${backup.name} is encrypted with age: pass the secret key (AGE-SECRET-KEY-1...) or the path of its identity file`);
        }
        if (checks.some((check) => check.status === 'fail')) {
            checks.push(skip('decrypt', 'the stored bytes did not verify: nothing is decrypted'));
        }
        else {
            decryptedDir = await ownedTempDir(DECRYPTED_DIR_PREFIX);
            archivePath = join(decryptedDir.path, `${backup.name}.dump`);
            checks.push(await decryptCheck(backup.dump, options.decryptIdentity, archivePath, manifest.encryption.plaintextSha256));
        }
    }
    let pgRestore;
    if (!manifest) {
        checks.push(skip('archive readable', 'no manifest to check the archive against'));
    }
    else if (checks.some((check) => check.name === 'decrypt' && check.status !== 'pass')) {
        checks.push(skip('archive readable', 'the archive could not be decrypted'));
    }
    else {
        try {
            pgRestore = await findExactPgTool('pg_restore', {
                binDir: options.pgBinDir,
                major: manifest.pgDump.major,
                resolvePgBinDir: options.resolvePgBinDir,
                logger
            });
            assertToolMajor(pgRestore, manifest.pgDump.major, `the archive (written by pg_dump ${manifest.pgDump.version})`, 'backup-unreadable');
            const listed = await checkArchive(pgRestore, archivePath, manifest.inventory.tables, 'backup-unreadable');
            checks.push(pass('archive readable', `pg_restore ${pgRestore.version} lists ${listed.entries} entries, including every manifest table`));
        }
        catch (error) {
            checks.push(fail('archive readable', 'backup-unreadable', errorMessage(error)));
        }
    }
    return {
        manifest,
        checks,
        pgRestore,
        archivePath,
        sha256: actual.sha256,
        ok: checks.every((check) => check.status !== 'fail'),
        cleanup
    };
}
/** Decrypts into `destination` and checks the plaintext against the manifest's plaintext sha256. */
async function decryptCheck(source, identity, destination, plaintextSha256) {
    const started = performance.now();
    try {
        const plain = await decryptToFile(source, identity, destination);
        const seconds = (performance.now() - started) / 1000;
        return plain.sha256 === plaintextSha256
            ? pass('decrypt', `age-decrypted; plaintext sha256 ${plain.sha256} matches the manifest`, seconds)
            : fail('decrypt', 'checksum-mismatch', `decrypted plaintext hashes to ${plain.sha256}, manifest says ${plaintextSha256}`, seconds);
    }
    catch (error) {
        return fail('decrypt', 'backup-unreadable', errorMessage(error));
    }
}
async function hashFile(path, logger) {
    const { size } = await stat(path);
    const hash = createHash('sha256');
    const progress = createProgressReporter(logger, 'sha256', { totalBytes: size });
    let sizeBytes = 0;
    try {
        for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
            hash.update(chunk);
            sizeBytes += chunk.length;
            progress.add(chunk.length);
        }
    }
    finally {
        progress.finish();
    }
    return { sha256: hash.digest('hex'), sizeBytes };
}

/**
 * The first steps of verify, drill and restore: locate (download) the backup,
 * verify it, hand both to `work`, then undo in reverse — the decrypted copy,
 * then the download — whatever `work` did, so nothing plaintext outlives the run.
 * `verifyTitle` names the log group of the verification.
 */
async function withVerifiedBackup(source, options, logger, verifyTitle, work) {
    const located = await logger.group('Fetch backup', () => locateBackup(source, logger));
    try {
        const verified = await logger.group(verifyTitle(located.name), () => verifyBackup(located, { ...options, logger }));
        try {
            return await work(located, verified);
        }
        finally {
            await verified.cleanup();
        }
    }
    finally {
        await located.cleanup();
    }
}

export { fetchFailureAsEscalation as f, withVerifiedBackup as w };

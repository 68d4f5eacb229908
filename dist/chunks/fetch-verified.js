import { availableParallelism } from 'node:os';
import { i as inputNames, n as defineInputs, N as uploadRule, B as jobsRule, A as projectRefRule, O as nonNegativeRule, v as booleanInput, a as asActionOnly, w as withDescriptions, P as workflowFileRule, r as repositoryRule, Q as runIdRule, q as artifactNameRule, u as prefixRule, x as registerSecretInputs, p as parseDatabaseUrl, y as parseRegisteredInputs, R as parseChecksumFile, S as checksumProblems } from './interrupts.js';
import { I as InputError, e as errorMessage } from './artifact-errors.js';
import { N as NOTICE_INPUT_SPECS, _ as parseIdentity, $ as ownedTempDir, M as MANIFEST_FORMAT_VERSION, T as TOOL_VERSION, K as manifestSchema, L as sourceLocation, C as findExactPgTool, E as assertToolMajor, H as checkArchive, g as createProgressReporter, a0 as decryptToFile } from './source.js';
import { r as resolveBackupSet } from './directory-store.js';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

const pass = (name, detail, seconds) => ({
    name,
    status: 'pass',
    detail,
    ...(seconds !== undefined ? { seconds } : {})
});
const fail = (name, condition, detail, seconds) => ({
    name,
    status: 'fail',
    condition,
    detail,
    ...(seconds !== undefined ? { seconds } : {})
});
const skip = (name, detail) => ({ name, status: 'skip', detail });
/** The distinct escalation conditions raised by failed checks, in order of first appearance. */
function conditionsOf(checks) {
    return [
        ...new Set(checks.flatMap((check) => check.status === 'fail' && check.condition ? [check.condition] : []))
    ];
}
/**
 * The sha256 the checksum check computed, read from a log's checks (for logs,
 * which record checks rather than values). Code that holds a VerifiedBackup
 * reads its `sha256` instead.
 */
function computedSha256(checks) {
    const detail = checks.find((check) => check.name === 'checksum')?.detail ?? '';
    return /\bsha256 ([0-9a-f]{64})\b/.exec(detail)?.[1];
}

/** drill and restore fetch artifacts the same way: checked against GitHub's digest too. */
const ARTIFACT_NAME_CHECKED = "Take the backup from this GitHub artifact instead of a folder (the artifact-name the backup action uploaded). The zip is checked against the digest GitHub recorded as well as the backup's own sha256.";
/**
 * The inputs that select the backup, shared by verify, drill and restore (in
 * verify's words; drill and restore reword some with withDescriptions).
 */
const BACKUP_SOURCE_INPUT_SPECS = defineInputs({
    backup: {
        default: 'latest',
        description: 'The set to verify: the path of its .dump, .dump.age or .manifest.json, or latest = the newest complete set in out-dir. Leave it latest when artifact-name is given.',
        cli: {
            value: '<path|latest>',
            help: "the set's .dump / .dump.age / .manifest.json, or latest in --out-dir"
        }
    },
    'out-dir': {
        default: './backups',
        // action.yml defaults cannot use the runner context: the entries put blank in $RUNNER_TEMP.
        actionDefault: '',
        description: 'Folder holding the backup sets (for latest and bare file names). Empty: $RUNNER_TEMP/backups, where the backup action writes them by default.',
        cli: { value: '<dir>', help: 'folder holding backup sets (for latest)' }
    },
    prefix: {
        rule: prefixRule,
        description: 'With latest: only sets named <prefix>-<yyyymmdd-HHMMSS>. Empty: any prefix.',
        cli: { value: '<prefix>', help: 'only sets with this prefix (for latest)' }
    },
    'artifact-name': {
        rule: artifactNameRule,
        description: 'Take the backup from this GitHub artifact instead of a folder (the artifact-name the backup action uploaded).',
        cli: { value: '<name>', help: 'take the backup from this GitHub artifact instead' }
    },
    'run-id': {
        rule: runIdRule,
        description: 'Workflow run holding the artifact. Empty: the newest successful run of backup-workflow (found through the REST API with github-token).',
        cli: {
            value: '<id>',
            help: 'workflow run holding the artifact (default: newest successful backup run)'
        }
    },
    repository: {
        rule: repositoryRule,
        actionDefault: '${{ github.repository }}',
        description: 'owner/repo of that run.',
        cli: { value: '<owner/repo>', help: 'repository of the run (default GITHUB_REPOSITORY)' }
    },
    'github-token': {
        secret: 'whole',
        env: ['GITHUB_TOKEN'],
        actionDefault: '${{ github.token }}',
        description: 'Token that lists runs and downloads artifacts of another run: the job needs permissions actions: read. Masked at once.',
        cli: { value: '<token>', help: 'token with actions:read (env GITHUB_TOKEN)' }
    },
    'backup-workflow': {
        rule: workflowFileRule,
        default: 'backup.yml',
        description: 'Workflow file whose newest successful run holds the backup, when run-id is empty.',
        cli: { value: '<file>', help: 'workflow file whose newest successful run holds the backup' }
    },
    'pg-bin-dir': {
        description: 'Directory holding pg_restore. Empty: see postgres-version.',
        cli: {
            value: '<dir>',
            help: "directory holding pg_restore (default: the dump's major, then PATH)"
        }
    },
    'postgres-version': {
        actionOnly: true,
        default: 'auto',
        description: 'pg_restore major to use when pg-bin-dir is empty: auto (the major of the pg_dump that wrote the backup, from its manifest; on apt-based Linux runners postgresql-client-<major> is installed from apt.postgresql.org when /usr/lib/postgresql/<major>/bin is missing, cached with actions/cache) or a number such as 17 (pins /usr/lib/postgresql/17/bin).'
    },
    'decrypt-identity': {
        // Checked by parseIdentity (a key or the path of an identity file).
        secret: 'whole',
        env: ['BACKUP_DRILL_AGE_IDENTITY'],
        description: 'age secret key (AGE-SECRET-KEY-1...) or the path of an identity file, for encrypted (.dump.age) backups: the dump is decrypted to a temporary file, its plaintext sha256 checked against the manifest, and removed afterwards. Pass it from a secret; masked at once.',
        cli: {
            value: '<file|key>',
            help: 'age identity file (or key) for .dump.age backups; prefer a file or env BACKUP_DRILL_AGE_IDENTITY: argv is visible to other users'
        }
    }
});
/** verify/action.yml: the backup source alone. */
const VERIFY_INPUT_SPECS = BACKUP_SOURCE_INPUT_SPECS;
/** Input names that select the backup (shared by verify, drill and restore). */
const BACKUP_SOURCE_INPUTS = inputNames(BACKUP_SOURCE_INPUT_SPECS, 'parsed');
const VERIFY_INPUTS = BACKUP_SOURCE_INPUTS;
/** The drill's own inputs, besides the backup source. */
const DRILL_OWN_INPUT_SPECS = defineInputs({
    'scratch-db-url': {
        required: true,
        secret: 'url-password',
        env: ['BACKUP_DRILL_SCRATCH_DB_URL'],
        description: "Scratch database to restore into, postgres://USER:PASSWORD@HOST:5432/DATABASE or keyword=value (pass it from a secret; masked at once). Refused when it is, or may be, production: by spelling before connecting (db-url, project-ref, the manifest's source), then by identity after connecting (the same system_identifier and database as db-url or the backup's source), before anything is written.",
        cli: {
            value: '<url>',
            help: 'scratch database to restore into; never production (env BACKUP_DRILL_SCRATCH_DB_URL)'
        }
    },
    'overwrite-scratch': {
        rule: booleanInput('overwrite-scratch'),
        default: 'false',
        description: "false: the drill restores only into a scratch database that is empty in the backup's schemas (extensions it prepares itself do not count) or carries the backup_drill marker an earlier drill left (then it empties those schemas first); anything else is refused (exit 2, nothing written), because it may be a real database. true: restore over such a database anyway, with pg_restore --clean --if-exists.",
        cli: {
            value: '<bool>',
            help: 'true: restore with --clean even into a scratch database that holds other objects and no drill marker'
        }
    },
    'db-url': {
        secret: 'url-password',
        env: ['BACKUP_DRILL_DB_URL'],
        description: 'Production database URL, used only to refuse a scratch-db-url that is the same target: compared by spelling, then connected to read-only to compare its server identity (unreachable: a warning, the manifest identity still counts). Masked at once.',
        cli: {
            value: '<url>',
            help: 'production URL, only to refuse restoring into it: compared by spelling, then read-only by server identity (env BACKUP_DRILL_DB_URL)'
        }
    },
    'project-ref': {
        rule: projectRefRule,
        description: "Production Supabase project ref: a scratch-db-url containing it is refused. Empty: the manifest's.",
        cli: {
            value: '<ref>',
            help: "production project ref (default: the manifest's); a scratch URL containing it is refused"
        }
    },
    jobs: {
        rule: jobsRule,
        description: 'pg_restore parallel jobs (1-64). Empty: the number of CPU cores.',
        cli: { value: '<n>', help: 'pg_restore parallel jobs (default: number of cores)' }
    },
    'smoke-command': {
        description: 'Shell command run after validation with SCRATCH_DB_URL and DATABASE_URL set to the scratch target (every resolved part spelled out; no PG* variable is inherited, so psql reaches exactly the restored database); non-zero exit escalates smoke-failed. Its masked output goes into the drill log.',
        cli: {
            value: '<cmd>',
            help: 'shell command run after validation with SCRATCH_DB_URL and DATABASE_URL set'
        }
    },
    'validation-sql': {
        description: 'Path of a .sql file of extra checks: each statement is a query (SELECT, WITH, VALUES, TABLE) returning one row whose first column is true; anything else escalates validation-failed. The file runs in a READ ONLY transaction that is rolled back; a statement that is not a query (DDL, DML, SET, COMMIT...) is bad input, refused before the restore.',
        cli: {
            value: '<file>',
            help: 'read-only checks: each statement is a query returning one row whose first column is true'
        }
    },
    'rpo-hours': {
        rule: nonNegativeRule('hours'),
        default: '24',
        description: 'Maximum backup age at the start of the drill, in hours (SOP RPO); older escalates rpo-exceeded.',
        cli: { value: '<hours>', help: 'maximum backup age' }
    },
    'rto-minutes': {
        rule: nonNegativeRule('minutes'),
        default: '60',
        description: 'Maximum time for fetch + verify + restore + validate + smoke, in minutes (SOP RTO); longer escalates rto-exceeded.',
        cli: {
            value: '<minutes>',
            help: 'maximum time for fetch + verify + restore + validate + smoke'
        }
    },
    'log-dir': {
        default: './drill-logs',
        actionDefault: '',
        description: 'Folder for the drill log (<id>.json and <id>.md). Empty: $RUNNER_TEMP/drill-logs.',
        cli: { value: '<dir>', help: 'folder for the drill log (JSON + markdown)' }
    },
    upload: {
        rule: uploadRule,
        default: 'none',
        actionDefault: 'artifact',
        description: 'artifact: upload the drill log (JSON + markdown) as the artifact drill-log-<id> of this run, kept as long as the repository allows; none: keep it in log-dir only.',
        cli: { value: '<where>', help: 'artifact or none' }
    }
});
/** What the drill parses: the backup source, then its own inputs. */
const DRILL_PARSED_SPECS = { ...BACKUP_SOURCE_INPUT_SPECS, ...DRILL_OWN_INPUT_SPECS };
inputNames(DRILL_PARSED_SPECS, 'parsed');
const { 'scratch-db-url': scratchDbUrl, 'overwrite-scratch': overwriteScratch, ...drillRest } = DRILL_OWN_INPUT_SPECS;
/** drill/action.yml: the scratch target first, the backup source, the drill's checks, the notices. */
const DRILL_INPUT_SPECS = {
    'scratch-db-url': scratchDbUrl,
    'overwrite-scratch': overwriteScratch,
    ...withDescriptions(BACKUP_SOURCE_INPUT_SPECS, {
        backup: 'The set to drill: the path of its .dump, .dump.age or .manifest.json, or latest = the newest complete set in out-dir. Leave it latest when artifact-name is given.',
        'artifact-name': ARTIFACT_NAME_CHECKED,
        repository: 'owner/repo of that run, and of the escalation issue.',
        'github-token': "Token that lists runs, downloads another run's artifact (permissions actions: read) and, with escalation-issue, opens or comments on the issue (issues: write). Masked at once."
    }),
    ...drillRest,
    ...asActionOnly({
        'escalation-issue': NOTICE_INPUT_SPECS['escalation-issue'],
        'webhook-url': NOTICE_INPUT_SPECS['webhook-url']
    })
};
/** Every input drill/action.yml declares: the drill's plus the notice inputs (github-token is in both). */
const DRILL_ACTION_INPUTS = inputNames(DRILL_INPUT_SPECS);
/** Parses the inputs that choose a backup (verify). */
function parseVerifyOptions(raw) {
    registerSecretInputs(BACKUP_SOURCE_INPUT_SPECS, raw);
    const parsed = parseRegisteredInputs(BACKUP_SOURCE_INPUT_SPECS, raw);
    return {
        source: backupSource(parsed),
        pgBinDir: parsed['pg-bin-dir'],
        decryptIdentity: decryptIdentity(raw)
    };
}
/** Parses drill inputs; secrets (URLs, token) are registered before anything can fail. */
function parseDrillOptions(raw) {
    registerSecretInputs(DRILL_PARSED_SPECS, raw);
    const scratch = parseDatabaseUrl('scratch-db-url', raw['scratch-db-url']);
    const production = raw['db-url'] ? parseDatabaseUrl('db-url', raw['db-url']) : undefined;
    const parsed = parseRegisteredInputs(DRILL_PARSED_SPECS, raw);
    return {
        source: backupSource(parsed),
        pgBinDir: parsed['pg-bin-dir'],
        decryptIdentity: decryptIdentity(raw),
        scratch,
        overwriteScratch: parsed['overwrite-scratch'],
        production,
        projectRef: parsed['project-ref'],
        jobs: parsed.jobs ?? availableParallelism(),
        smokeCommand: parsed['smoke-command'],
        validationSqlPath: parsed['validation-sql'],
        rpoHours: parsed['rpo-hours'],
        rtoMinutes: parsed['rto-minutes'],
        logDir: parsed['log-dir'],
        upload: parsed.upload
    };
}
/** The age identity, when given: a key or the path of an identity file (registered as a secret at once). */
function decryptIdentity(raw) {
    const value = raw['decrypt-identity']?.trim();
    return value ? parseIdentity('decrypt-identity', value) : undefined;
}
function backupSource(parsed) {
    if (parsed['artifact-name']) {
        if (parsed.backup !== 'latest') {
            throw new InputError('backup', 'give either backup (a local set) or artifact-name (a GitHub artifact), not both');
        }
        return {
            kind: 'artifact',
            artifactName: parsed['artifact-name'],
            runId: parsed['run-id'],
            repository: parsed.repository,
            githubToken: parsed['github-token'],
            workflow: parsed['backup-workflow']
        };
    }
    return {
        kind: 'directory',
        backup: parsed.backup,
        outDir: parsed['out-dir'],
        prefix: parsed.prefix
    };
}

/**
 * Finds the backup to verify, drill or restore: a local set (`latest` or a
 * path) or a GitHub artifact, downloaded into a temporary folder. Without a
 * run id, the newest successful run of the backup workflow is used.
 */
async function locateBackup(source, logger) {
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
            origin: `artifact ${source.artifactName}${runId !== undefined ? ` of run ${runId}` : ''} (id ${downloaded.id})`,
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

export { ARTIFACT_NAME_CHECKED as A, BACKUP_SOURCE_INPUT_SPECS as B, DRILL_ACTION_INPUTS as D, VERIFY_INPUTS as V, parseVerifyOptions as a, VERIFY_INPUT_SPECS as b, DRILL_INPUT_SPECS as c, computedSha256 as d, pass as e, fail as f, conditionsOf as g, parseDrillOptions as p, skip as s, withVerifiedBackup as w };

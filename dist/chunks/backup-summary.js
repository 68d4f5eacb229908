import { mkdir, writeFile, rename, rm } from 'node:fs/promises';
import { createWriteStream, existsSync } from 'node:fs';
import { resolve, join, basename, dirname } from 'node:path';
import { I as InputError, E as EscalationError, m as maskSecrets, e as errorMessage } from './secrets.js';
import { b as backupSetName, M as MANIFEST_EXTENSION, C as CHECKSUM_EXTENSION, E as ENCRYPTED_DUMP_EXTENSION, D as DUMP_EXTENSION, c as checksumLine } from './parse-inputs.js';
import { m as matchesPattern, l as libpqConnection, d as createProgressReporter, e as listArchiveFromStream, g as createEncryptingTransform, h as findExactPgTool, i as assertToolMajor, j as findPgTool, k as assertListingHasTables, u as unreadable, n as checkArchive, f as formatBytes, o as manifestSchema, M as MANIFEST_FORMAT_VERSION, c as formatDuration } from './notice-inputs.js';
import { l as listTables, t as tableKey, q as quoteTable, c as connect, i as inspectDatabase, T as TOOL_VERSION } from './version.js';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Writable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Reads server version and role, resolves the scope to concrete tables, and
 * collects the warnings a person must see before trusting the backup.
 * Unknown schemas and patterns that match nothing are bad input.
 */
async function preflight(client, scope) {
    // pg_dump would dump system catalogs as if they were user tables, and no
    // restore can load them: refuse before anything runs. (pg_* names are reserved.)
    const system = scope.schemas.filter((schema) => /^pg_/i.test(schema) || schema === 'information_schema');
    if (system.length > 0) {
        throw new InputError('schemas', `${system.map((s) => `"${s}"`).join(', ')} is a system schema and cannot be backed up: list your own schemas (e.g. public,auth)`);
    }
    const info = await client.query(`SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num,
            current_user AS role, (r.rolsuper OR r.rolbypassrls) AS bypass
       FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`);
    const row = info.rows[0];
    if (!row)
        throw new Error('cannot read the current role from pg_roles');
    const serverMajor = Math.floor(Number(row.num) / 10000);
    const existing = await client.query(`SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[])`, [scope.schemas]);
    const found = new Set(existing.rows.map((r) => r.name));
    const missing = scope.schemas.filter((schema) => !found.has(schema));
    if (missing.length > 0) {
        throw new InputError('schemas', `schema ${missing.map((s) => `"${s}"`).join(', ')} does not exist on the server: check the spelling (names are case-sensitive)`);
    }
    for (const pattern of scope.tables) {
        if (!scope.schemas.includes(pattern.schema)) {
            throw new InputError('tables', `"${pattern.text}" is in schema "${pattern.schema}", which is not in schemas (${scope.schemas.join(',')}): add it to schemas`);
        }
    }
    const all = await listTables(client, scope.schemas);
    const included = (table) => (scope.tables.length === 0 ||
        scope.tables.some((p) => matchesPattern(p, table.schema, table.name))) &&
        !scope.excludeTables.some((p) => matchesPattern(p, table.schema, table.name));
    for (const pattern of scope.tables) {
        if (!all.some((t) => matchesPattern(pattern, t.schema, t.name))) {
            throw new InputError('tables', `"${pattern.text}" matches no table in schemas ${scope.schemas.join(',')}: check the name (case-sensitive)`);
        }
    }
    const tables = all.filter(included);
    const excluded = all.filter((t) => !included(t));
    const warnings = [];
    if (tables.length === 0)
        warnings.push(`No tables in scope (schemas ${scope.schemas.join(',')}): the backup holds only definitions.`);
    const rlsTables = tables.filter((t) => t.rlsEnabled);
    if (!row.bypass && rlsTables.length > 0) {
        warnings.push(`Role "${row.role}" lacks BYPASSRLS and ${rlsTables.length} table(s) in scope have row-level security (${rlsTables.slice(0, 5).map(tableKey).join(', ')}${rlsTables.length > 5 ? ', ...' : ''}): pg_dump fails on tables whose policies would hide rows from it. Use the postgres role (Supabase) or a role with BYPASSRLS.`);
    }
    warnings.push(...(await outOfScopeForeignKeys(client, tables)));
    return {
        serverVersion: row.version,
        serverMajor,
        role: row.role,
        bypassesRls: row.bypass,
        tables: tables.map(({ schema, name }) => ({ schema, name })),
        excluded: excluded.map(({ schema, name }) => ({ schema, name })),
        warnings
    };
}
/** Foreign keys from tables in scope to tables outside it: a restore into an empty database fails on them. */
async function outOfScopeForeignKeys(client, tables) {
    if (tables.length === 0)
        return [];
    const inScope = new Set(tables.map(tableKey));
    const result = await client.query(`SELECT sn.nspname AS src_schema, sc.relname AS src, con.conname AS name, rn.nspname AS ref_schema, rc.relname AS ref
       FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_class sc ON sc.oid = con.conrelid JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
       JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE con.contype = 'f' ORDER BY 1, 2, 3`);
    const outside = result.rows.filter((r) => inScope.has(`${r.src_schema}.${r.src}`) && !inScope.has(`${r.ref_schema}.${r.ref}`));
    if (outside.length === 0)
        return [];
    const targets = [...new Set(outside.map((r) => `${r.ref_schema}.${r.ref}`))];
    const schemas = [...new Set(outside.map((r) => r.ref_schema))];
    return [
        `${outside.length} foreign key(s) point outside the backup's scope, to ${targets.join(', ')} ` +
            `(${outside
                .slice(0, 5)
                .map((r) => `${r.src_schema}.${r.src}.${r.name}`)
                .join(', ')}${outside.length > 5 ? ', ...' : ''}). ` +
            `A restore into an empty database fails on them. Include the referenced data: add ${schemas.join(',')} to schemas ` +
            `(e.g. schemas: public,${schemas.join(',')}), or restore into a project that already holds it (Supabase scratch project with the same auth users).`
    ];
}

/** The application_name pg_dump connects with (lets people and tests find its backend). */
const PG_DUMP_APPLICATION_NAME = 'backup-drill pg_dump';
/** The pg_dump arguments for a scope: whole schemas minus the excluded tables (keeps types and functions). */
function pgDumpArguments(options, dbnameArg) {
    return [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        `--snapshot=${options.snapshot}`,
        ...(options.compress ? [`--compress=${options.compress}`] : []),
        // Double quotes make pg_dump take names literally and case-sensitively.
        ...options.schemas.map((schema) => `--schema="${schema.replaceAll('"', '""')}"`),
        ...options.excluded.map((table) => `--exclude-table=${quoteTable(table)}`),
        `--dbname=${dbnameArg}`
    ];
}
/**
 * Runs pg_dump to stdout and streams it to `destination`, hashing on the way:
 * one pass over the bytes, no second read. The file is fsynced before the
 * promise resolves. On any failure the partial file is left for the caller to
 * remove (it owns the set's cleanup).
 */
async function dumpToFile(options) {
    const started = performance.now();
    const connection = libpqConnection(options.db);
    const child = spawn(options.pgDump.path, pgDumpArguments(options, connection.dbnameArg), {
        env: {
            ...process.env,
            ...connection.env,
            PGAPPNAME: PG_DUMP_APPLICATION_NAME,
            PGCONNECT_TIMEOUT: '15'
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        signal: options.signal
    });
    const stderr = collectTail(child.stderr);
    const exited = new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code) => resolve(code));
    });
    exited.catch(() => undefined); // observed below; avoid an unhandled rejection meanwhile
    const progress = createProgressReporter(options.logger, 'pg_dump');
    const stored = hashingTap({ onChunk: (bytes) => progress.add(bytes) });
    let plaintext;
    const stages = [];
    if (options.encryption) {
        const lister = listArchiveFromStream(options.encryption.pgRestore);
        plaintext = { tap: hashingTap({ copyTo: lister.input }), listing: lister.listing };
        stages.push(plaintext.tap.stream, await createEncryptingTransform(options.encryption.recipients));
    }
    stages.push(stored.stream);
    try {
        // flush: fsync before close, so a backup that reports success is on disk.
        const sink = createWriteStream(options.destination, { flags: 'wx', mode: 0o600, flush: true });
        const [streamed, code] = await Promise.allSettled([
            pipeline([child.stdout, ...stages, sink]),
            exited
        ]);
        if (code.status === 'rejected' || code.value !== 0) {
            const why = code.status === 'rejected' ? String(code.reason) : `exited with code ${code.value}`;
            throw new EscalationError('backup-failed', `pg_dump ${why}: ${maskSecrets(stderr().trim()) || 'no error output'}`);
        }
        if (streamed.status === 'rejected')
            throw streamed.reason;
    }
    finally {
        progress.finish();
    }
    return {
        ...stored.result(),
        seconds: (performance.now() - started) / 1000,
        ...(plaintext ? { plaintext: { ...plaintext.tap.result(), listing: plaintext.listing } } : {})
    };
}
/**
 * A pass-through stage that hashes and counts what flows through it, and
 * optionally copies it into `copyTo` (respecting its backpressure) until that
 * stream closes: pg_restore --list stops reading after the table of contents.
 */
function hashingTap(options) {
    const { copyTo, onChunk } = options;
    const hash = createHash('sha256');
    let sizeBytes = 0;
    let copying = copyTo !== undefined;
    copyTo?.once('close', () => (copying = false));
    copyTo?.on('error', () => (copying = false));
    const stream = new Transform({
        transform(chunk, _encoding, callback) {
            hash.update(chunk);
            sizeBytes += chunk.length;
            onChunk?.(chunk.length);
            if (!copying || copyTo.write(chunk))
                return callback(null, chunk);
            let resumed = false;
            const resume = () => {
                if (resumed)
                    return;
                resumed = true;
                copyTo.off('drain', resume);
                copyTo.off('close', resume);
                callback(null, chunk);
            };
            copyTo.once('drain', resume);
            copyTo.once('close', resume);
        },
        flush(callback) {
            if (copying)
                copyTo.end();
            callback();
        }
    });
    return { stream, result: () => ({ sha256: hash.digest('hex'), sizeBytes }) };
}
/** Keeps the last `limit` bytes a stream produces (pg_dump's error is at the end). */
function collectTail(stream, limit) {
    let tail = '';
    stream.setEncoding('utf8');
    stream.pipe(new Writable({
        write(chunk, _encoding, callback) {
            tail = (tail + chunk).slice(-16384);
            callback();
        }
    }));
    return () => tail;
}

/**
 * SOP §1 "Create Backup", verified: preflight, one snapshot shared by the
 * manifest and pg_dump, streamed sha256, archive check, then the three files
 * appear together. Any failure removes every file of the set and throws
 * EscalationError('backup-failed') (or InputError for bad input).
 */
async function runBackup(options, logger, deps = {}) {
    const started = performance.now();
    const outDir = resolve(options.outDir);
    const client = await logger.group(`Connect to ${options.db.location}`, () => connect(options.db, {
        condition: 'backup-failed',
        inputName: 'db-url',
        applicationName: 'backup-drill backup'
    }));
    const partials = [];
    try {
        const pre = await logger.group('Preflight', async () => {
            const result = await preflight(client, options);
            logger.info(`Server ${options.db.display}: PostgreSQL ${result.serverVersion}, role ${result.role}${result.bypassesRls ? ' (bypasses RLS)' : ''}`);
            logger.info(`Scope: ${result.tables.length} table(s) in ${options.schemas.join(', ')}${result.excluded.length ? `, ${result.excluded.length} excluded` : ''}`);
            for (const warning of result.warnings)
                logger.warning(warning, { title: 'Backup scope' });
            return result;
        });
        const pgDump = await findExactPgTool('pg_dump', {
            binDir: options.pgBinDir,
            major: pre.serverMajor,
            resolvePgBinDir: deps.resolvePgBinDir,
            logger
        });
        assertToolMajor(pgDump, pre.serverMajor, `the server at ${options.db.display}`, 'backup-failed');
        const pgRestore = await findPgTool('pg_restore', {
            binDir: options.pgBinDir ?? join(pgDump.path, '..'),
            minMajor: pgDump.major
        });
        logger.info(`Using ${pgDump.path} ${pgDump.version}`);
        await mkdir(outDir, { recursive: true });
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const snap = await client.query('SELECT pg_catalog.pg_export_snapshot() AS snapshot, pg_catalog.now() AS created_at');
        const { snapshot, created_at: createdAt } = snap.rows[0];
        const name = backupSetName(options.prefix, (deps.now ?? (() => createdAt))());
        const paths = {
            dump: join(outDir, `${name}${options.encryptRecipients.length ? ENCRYPTED_DUMP_EXTENSION : DUMP_EXTENSION}`),
            checksum: join(outDir, `${name}${CHECKSUM_EXTENSION}`),
            manifest: join(outDir, `${name}${MANIFEST_EXTENSION}`)
        };
        const partial = (path) => `${path}.partial`;
        // Partials too: another run writing this set right now owns them, and the
        // cleanup below must never remove its files.
        for (const path of Object.values(paths).flatMap((p) => [p, partial(p)])) {
            if (existsSync(path))
                throw new InputError('out-dir', `${path} already exists: a backup set of this name was made this second; wait a second or use another prefix`);
        }
        partials.push(...Object.values(paths).map(partial));
        // The dump and the inspection run side by side in the same snapshot: the
        // counting costs no second pass after the dump.
        const abort = new AbortController();
        const inspectStarted = performance.now();
        const [dump, inventory] = await logger.group(`Dump ${name} (snapshot ${snapshot})`, () => bothOrAbort(abort, dumpToFile({
            ...options,
            pgDump,
            snapshot,
            excluded: pre.excluded,
            destination: partial(paths.dump),
            logger,
            signal: abort.signal,
            ...(options.encryptRecipients.length
                ? { encryption: { recipients: options.encryptRecipients, pgRestore } }
                : {})
        }), inspectDatabase(client, pre.tables, { contentHash: options.contentHash }).then((inv) => {
            logger.info(`Manifest: ${inv.tables.length} tables, ${inv.tables.reduce((n, t) => n + t.rowCount, 0)} rows counted in the dump's snapshot`);
            return { inv, seconds: (performance.now() - inspectStarted) / 1000 };
        })));
        await client.query('COMMIT');
        await logger.group('Archive check', async () => {
            const tables = pre.tables.map(tableKey);
            // An encrypted dump is listed from its plaintext while it streamed: the
            // stored file cannot be read without the secret key, which backups never get.
            const { entries } = dump.plaintext
                ? assertListingHasTables(await dump.plaintext.listing.catch((error) => {
                    throw unreadable('backup-failed', error.message);
                }), tables, 'backup-failed')
                : await checkArchive(pgRestore, partial(paths.dump), tables, 'backup-failed');
            logger.info(`pg_restore --list reads ${entries} entries, including every table of the manifest${dump.plaintext ? ' (plaintext, before encryption)' : ''}`);
        });
        const manifest = buildManifest({
            options,
            name,
            createdAt,
            pre,
            pgDump,
            dump,
            inventory: inventory.inv,
            inspectSeconds: inventory.seconds,
            totalSeconds: (performance.now() - started) / 1000,
            dumpFile: basename(paths.dump)
        });
        await writeFile(partial(paths.checksum), checksumLine(dump.sha256, basename(paths.dump)), {
            mode: 0o644
        });
        await writeFile(partial(paths.manifest), JSON.stringify(manifest, null, 2) + '\n', {
            mode: 0o644
        });
        // The manifest lands last: a set is complete only when all three exist. A
        // rename that fails half-way must not leave a lone .dump behind: the files
        // already renamed are cleaned up with the partials.
        for (const path of [paths.dump, paths.checksum, paths.manifest]) {
            await rename(partial(path), path);
            partials.push(path);
        }
        partials.length = 0;
        logger.info(`Backup ${name}: ${formatBytes(dump.sizeBytes)}, sha256 ${dump.sha256}`);
        return {
            name,
            backupPath: paths.dump,
            checksumPath: paths.checksum,
            manifestPath: paths.manifest,
            sha256: dump.sha256,
            sizeBytes: dump.sizeBytes,
            durationSeconds: (performance.now() - started) / 1000,
            manifest,
            warnings: pre.warnings
        };
    }
    catch (error) {
        await Promise.all(partials.map((path) => rm(path, { force: true })));
        if (error instanceof InputError || error instanceof EscalationError)
            throw error;
        throw new EscalationError('backup-failed', `backup failed: ${errorMessage(error)}`, {
            cause: error
        });
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
/** Awaits both; when one fails, aborts the other (kills pg_dump) and rethrows the first failure. */
async function bothOrAbort(abort, a, b) {
    const fail = (error) => {
        abort.abort();
        throw error;
    };
    const results = await Promise.allSettled([a.catch(fail), b.catch(fail)]);
    for (const result of results)
        if (result.status === 'rejected')
            throw result.reason;
    return [
        results[0].value,
        results[1].value
    ];
}
function buildManifest(input) {
    const { options, pre } = input;
    // Validating here means a manifest that the drill would reject is never written.
    return manifestSchema.parse({
        formatVersion: MANIFEST_FORMAT_VERSION,
        tool: { name: 'backup-drill', version: TOOL_VERSION },
        id: input.name,
        projectRef: options.projectRef,
        createdAt: input.createdAt.toISOString(),
        source: {
            display: options.db.location,
            serverVersion: pre.serverVersion,
            serverMajor: pre.serverMajor,
            role: pre.role
        },
        pgDump: input.pgDump,
        scope: {
            schemas: options.schemas,
            tables: options.tables.map((t) => t.text),
            excludeTables: options.excludeTables.map((t) => t.text),
            excludedTables: pre.excluded.map(tableKey)
        },
        dump: {
            file: input.dumpFile,
            format: 'custom',
            compression: options.compress ?? 'default',
            sizeBytes: input.dump.sizeBytes,
            sha256: input.dump.sha256
        },
        ...(input.dump.plaintext
            ? {
                encryption: {
                    scheme: 'age',
                    recipients: options.encryptRecipients,
                    plaintextSha256: input.dump.plaintext.sha256,
                    plaintextSizeBytes: input.dump.plaintext.sizeBytes
                }
            }
            : {}),
        contentHash: options.contentHash,
        timings: {
            totalSeconds: round(input.totalSeconds),
            dumpSeconds: round(input.dump.seconds),
            inspectSeconds: round(input.inspectSeconds)
        },
        inventory: input.inventory,
        warnings: pre.warnings
    });
}
const round = (seconds) => Math.round(seconds * 1000) / 1000;

/**
 * Stores a complete backup set: with `upload: artifact`, its three files go up
 * as one artifact. Call it only after runBackup has returned, so only a set
 * whose files are all in place can ever be uploaded. A failed upload is a
 * `backup-failed` escalation; the local files stay (they are complete and valid).
 */
async function storeBackup(result, options, logger, deps = {}) {
    if (options.upload === 'none')
        return {};
    const artifactName = options.artifactName ?? result.name;
    const upload = deps.upload ?? (await loadUploader());
    try {
        const uploaded = await logger.group(`Upload artifact ${artifactName}`, () => upload({
            name: artifactName,
            files: [result.backupPath, result.checksumPath, result.manifestPath],
            retentionDays: options.retentionDays,
            logger
        }));
        return { artifactId: uploaded.id, artifactName };
    }
    catch (error) {
        throw new EscalationError('backup-failed', `the backup set ${result.name} is complete in ${dirname(result.backupPath)} ` +
            `but was not stored as artifact "${artifactName}": ${errorMessage(error)}`, { cause: error });
    }
}
// Loaded on demand: the artifact client and Octokit are large and read their
// environment when imported, which a CLI run with `--upload none` never needs.
async function loadUploader() {
    const { uploadBackupArtifact } = await import('./artifact-store.js');
    return uploadBackupArtifact;
}

/** Markdown for the job summary (and the CLI's human output) of a finished backup. */
function backupSummaryMarkdown(result, upload) {
    const m = result.manifest;
    const rows = m.inventory.tables.map((t) => `| \`${t.schema}.${t.name}\` | ${t.rowCount} | ${t.rlsEnabled ? 'on' : 'off'} |${m.contentHash ? ` \`${t.contentHash?.slice(0, 12) ?? ''}\` |` : ''}`);
    const lines = [
        `## Backup \`${result.name}\` ✅`,
        '',
        '| | |',
        '|---|---|',
        `| Project | \`${m.projectRef}\` |`,
        `| Source | ${m.source.display} (PostgreSQL ${m.source.serverVersion}, role \`${m.source.role}\`) |`,
        `| Snapshot time | ${m.createdAt} |`,
        `| pg_dump | ${m.pgDump.version} |`,
        `| Dump | \`${m.dump.file}\` ${formatBytes(result.sizeBytes)} |`,
        `| SHA-256 | \`${result.sha256}\` |`,
        `| Tables / rows | ${m.inventory.tables.length} / ${m.inventory.tables.reduce((n, t) => n + t.rowCount, 0)} |`,
        `| Constraints / indexes / policies | ${m.inventory.constraints.length} / ${m.inventory.indexes.length} / ${m.inventory.policies.length} |`,
        `| Duration | ${formatDuration(result.durationSeconds)} (dump ${formatDuration(m.timings.dumpSeconds)}) |`,
        ...(upload?.artifactId !== undefined
            ? [`| Artifact | \`${upload.artifactName}\` (id ${upload.artifactId}) |`]
            : []),
        '',
        `| Table | Rows | RLS |${m.contentHash ? ' Content hash |' : ''}`,
        `|---|---:|---|${m.contentHash ? '---|' : ''}`,
        ...rows
    ];
    if (result.warnings.length > 0)
        lines.push('', '### Warnings', '', ...result.warnings.map((w) => `- ${w}`));
    lines.push('', 'A backup counts only once a drill has restored it and proven it equal to its source: run `drill` on it.');
    return lines.join('\n') + '\n';
}

export { backupSummaryMarkdown as b, runBackup as r, storeBackup as s };

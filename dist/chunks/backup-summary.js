import { createHash } from 'node:crypto';
import { readdir, writeFile, link, unlink, rename, rm, mkdir } from 'node:fs/promises';
import { join, resolve, basename, dirname } from 'node:path';
import { m as matchesPattern, l as libpqTool, d as createProgressReporter, e as listArchiveFromStream, g as createEncryptingTransform, r as readOwner, i as isAbandoned, n as newOwner, o as ownerText, h as assertCompressSupported, j as findPgTool, k as findExactPgTool, q as assertToolMajor, s as assertListingHasTables, u as unreadable, t as checkArchive, f as formatBytes, v as manifestSchema, T as TOOL_VERSION, M as MANIFEST_FORMAT_VERSION, w as sourceLocation, c as formatDuration } from './source.js';
import { I as InputError, E as EscalationError, m as maskSecrets, e as errorMessage } from './_commonjsHelpers.js';
import { t as trackChild, c as trackFile, E as ENCRYPTED_DUMP_EXTENSION, D as DUMP_EXTENSION, C as CHECKSUM_EXTENSION, M as MANIFEST_EXTENSION, w as withCleanup, d as backupSetName, e as checksumFileText } from './interrupts.js';
import { l as listTables, t as tableKey, f as fileSystemCause, q as quoteTable, a as assertWritableFolder, c as connect, r as readServerIdentity, d as describeIdentity, i as inspectDatabase } from './file-system.js';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
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
        // Milliseconds: without it, DDL queued behind the backup's own locks would make pg_dump wait forever.
        `--lock-wait-timeout=${Math.round(options.lockTimeoutSeconds * 1000)}`,
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
    // Exactly the resolved target: no inherited PG* variable can redirect pg_dump.
    const connection = libpqTool(options.db, { PGAPPNAME: PG_DUMP_APPLICATION_NAME });
    const child = spawn(options.pgDump.path, pgDumpArguments(options, connection.dbnameArg), {
        env: connection.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        signal: options.signal
    });
    trackChild(child);
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
        // A file the dump cannot be written to (full disk, read-only) is the cause;
        // pg_dump's exit (killed by the broken pipe) is only its consequence.
        const writeCause = streamed.status === 'rejected' ? fileSystemCause(streamed.reason) : undefined;
        if (writeCause) {
            throw new EscalationError('backup-failed', `cannot write ${options.destination}: ${writeCause}`);
        }
        if (code.status === 'rejected' || code.value !== 0) {
            const locked = /LOCK TABLE (\S+) IN ACCESS SHARE MODE/.exec(stderr())?.[1];
            if (locked)
                throw new EscalationError('backup-failed', `table ${locked} is locked by another session: pg_dump waited lock-timeout (${options.lockTimeoutSeconds} s) for it; find the session holding it in pg_locks / pg_stat_activity, then retry`);
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
 * A set name is claimed before any of its files is written, by creating
 * `<name>.claim` with O_EXCL: of any number of runs that pick the same name
 * (same prefix, same second), exactly one gets it. The claim holds the
 * owner's pid, host and a token; the owner's partial files are named
 * `<file>.<token>.partial`, so cleanup (its own, or a later run's sweep of a
 * dead owner) only ever removes files that one owner wrote.
 */
const CLAIM_EXTENSION = '.claim';
const SET_EXTENSIONS = [
    ENCRYPTED_DUMP_EXTENSION,
    DUMP_EXTENSION,
    CHECKSUM_EXTENSION,
    MANIFEST_EXTENSION
];
const partialName = (finalPath, owner) => `${finalPath}.${owner.token}.partial`;
/**
 * Claims `name` in `outDir` for this run. A claim left by a process of this
 * host that no longer exists is swept (its partial files too) and claimed
 * again. Throws InputError (`out-dir`) while a live run holds the name, or
 * when one of `finalPaths` exists already (a set of this name was finished).
 */
async function claimSetName(outDir, name, finalPaths) {
    const claimPath = join(outDir, `${name}${CLAIM_EXTENSION}`);
    const owner = newOwner();
    let tracked;
    for (let attempt = 0; !tracked; attempt++) {
        try {
            await writeFile(claimPath, ownerText(owner), { flag: 'wx', mode: 0o644 });
            tracked = trackFile(claimPath);
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
            const holder = await readOwner(claimPath);
            if (attempt === 0 && holder && isAbandoned(holder)) {
                await sweepClaim(outDir, name, holder);
                continue;
            }
            throw new InputError('out-dir', `another backup is writing ${name} in ${outDir} right now${holder ? ` (pid ${holder.pid} on ${holder.host})` : ''}: runs in the same second with the same prefix cannot share a folder; use another prefix or out-dir, or run them a second apart`);
        }
    }
    for (const path of finalPaths) {
        if (existsSync(path)) {
            await tracked.undo();
            throw new InputError('out-dir', `${path} already exists: a backup set of this name was made this second; wait a second or use another prefix`);
        }
    }
    return { partialOf: (path) => partialName(path, owner), release: () => tracked.undo() };
}
/**
 * Moves a set's partial files to their final names without ever replacing a
 * file (link fails on an existing name, where rename would overwrite it),
 * then removes the partials. Each placed file is registered for cleanup
 * until `keep` is called: a failure half-way leaves no lone file behind.
 */
async function placeFiles(moves) {
    const placed = [];
    for (const [partial, final] of moves) {
        try {
            await link(partial, final);
            placed.push(trackFile(final));
            await unlink(partial);
        }
        catch (error) {
            const code = error.code;
            // File systems without hard links: the claim alone keeps names apart.
            if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP')
                throw error;
            if (existsSync(final))
                throw error;
            await rename(partial, final);
            placed.push(trackFile(final));
        }
    }
    return { keep: () => placed.forEach((file) => file.keep()) };
}
/**
 * Removes the partial files and claims of backups whose process died on
 * this host (SIGKILL, OOM, power loss); returns the removed paths.
 */
async function sweepAbandonedClaims(outDir) {
    const removed = [];
    const entries = await readdir(outDir).catch(() => []);
    for (const entry of entries) {
        if (!entry.endsWith(CLAIM_EXTENSION))
            continue;
        const name = entry.slice(0, -CLAIM_EXTENSION.length);
        const holder = await readOwner(join(outDir, entry));
        if (holder && isAbandoned(holder))
            removed.push(...(await sweepClaim(outDir, name, holder)));
    }
    return removed;
}
/** Removes a dead owner's partial files, then its claim if it still holds it. */
async function sweepClaim(outDir, name, holder) {
    const removed = [];
    for (const extension of SET_EXTENSIONS) {
        const path = partialName(join(outDir, `${name}${extension}`), holder);
        if (existsSync(path)) {
            await rm(path, { force: true });
            removed.push(path);
        }
    }
    const claimPath = join(outDir, `${name}${CLAIM_EXTENSION}`);
    if ((await readOwner(claimPath))?.token === holder.token) {
        await rm(claimPath, { force: true });
        removed.push(claimPath);
    }
    return removed;
}

/** SQLSTATE lock_not_available: lock_timeout expired. */
const LOCK_NOT_AVAILABLE = '55P03';
/**
 * Takes ACCESS SHARE on every table of the scope, one at a time, in the
 * backup's transaction before its snapshot (a lock taken before the first
 * query keeps the snapshot current). A table held by another session's DDL
 * (ACCESS EXCLUSIVE) is waited for at most `seconds`, then the backup fails
 * naming it. Holding the locks also keeps the in-snapshot inspection from
 * waiting behind DDL that starts later. `lock_timeout` stays set for the
 * transaction, so nothing in it waits longer.
 */
async function lockScopeTables(client, tables, seconds) {
    await client.query(`SET LOCAL lock_timeout = ${Math.round(seconds * 1000)}`);
    for (const table of tables) {
        try {
            await client.query(`LOCK TABLE ${quoteTable(table)} IN ACCESS SHARE MODE`);
        }
        catch (error) {
            if (error.code !== LOCK_NOT_AVAILABLE)
                throw error;
            throw new EscalationError('backup-failed', `table ${tableKey(table)} is locked by another session (DDL such as ALTER TABLE, or VACUUM FULL): waited lock-timeout (${seconds} s); find the session holding it in pg_locks / pg_stat_activity, then retry`);
        }
    }
}

/**
 * SOP §1 "Create Backup", verified: preflight, one snapshot shared by the
 * manifest and pg_dump, streamed sha256, archive check, then the three files
 * appear together. Any failure removes every file of the set and throws
 * EscalationError('backup-failed') (or InputError for bad input).
 */
async function runBackup(options, logger, deps = {}) {
    // Everything this run creates is registered; what is still registered when
    // it ends (an error, or SIGINT/SIGTERM through the process's handler) is undone.
    return withCleanup(() => backup(options, logger, deps));
}
async function backup(options, logger, deps) {
    const started = performance.now();
    const outDir = resolve(options.outDir);
    await assertWritableFolder('out-dir', outDir);
    // Known before connecting only when pg-bin-dir names the client; else after the server's major picks it.
    if (options.pgBinDir && options.compress)
        assertCompressSupported(options.compress, (await findPgTool('pg_dump', { binDir: options.pgBinDir })).major);
    for (const path of await sweepAbandonedClaims(outDir))
        logger.info(`Removed ${path}: left by a backup whose process no longer exists`);
    const client = await logger.group(`Connect to ${options.db.location}`, () => connect(options.db, {
        condition: 'backup-failed',
        inputName: 'db-url',
        applicationName: 'backup-drill backup'
    }));
    try {
        const pre = await logger.group('Preflight', async () => {
            const result = await preflight(client, options);
            logger.info(`Server ${options.db.display}: PostgreSQL ${result.serverVersion}, role ${result.role}${result.bypassesRls ? ' (bypasses RLS)' : ''}`);
            logger.info(`Scope: ${result.tables.length} table(s) in ${options.schemas.join(', ')}${result.excluded.length ? `, ${result.excluded.length} excluded` : ''}`);
            for (const warning of result.warnings)
                logger.warning(warning, { title: 'Backup scope' });
            return result;
        });
        // Recorded so a drill can recognise this server and database behind any spelling.
        const identity = await readServerIdentity(client);
        if (identity.note)
            logger.warning(identity.note, { title: 'Source identity' });
        logger.info(`Source: ${describeIdentity(identity.identity)}`);
        const pgDump = await findExactPgTool('pg_dump', {
            binDir: options.pgBinDir,
            major: pre.serverMajor,
            resolvePgBinDir: deps.resolvePgBinDir,
            logger
        });
        assertToolMajor(pgDump, pre.serverMajor, `the server at ${options.db.display}`, 'backup-failed');
        assertCompressSupported(options.compress, pgDump.major);
        const pgRestore = await findPgTool('pg_restore', {
            binDir: options.pgBinDir ?? join(pgDump.path, '..'),
            minMajor: pgDump.major
        });
        logger.info(`Using ${pgDump.path} ${pgDump.version}`);
        await mkdir(outDir, { recursive: true }).catch((error) => {
            throw new InputError('out-dir', `cannot create ${outDir}: ${fileSystemCause(error) ?? errorMessage(error)}`);
        });
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        await lockScopeTables(client, pre.tables, options.lockTimeoutSeconds);
        const snap = await client.query('SELECT pg_catalog.pg_export_snapshot() AS snapshot, pg_catalog.now() AS created_at');
        const { snapshot, created_at: createdAt } = snap.rows[0];
        const name = backupSetName(options.prefix, (deps.now ?? (() => createdAt))());
        const paths = {
            dump: join(outDir, `${name}${options.encryptRecipients.length ? ENCRYPTED_DUMP_EXTENSION : DUMP_EXTENSION}`),
            checksum: join(outDir, `${name}${CHECKSUM_EXTENSION}`),
            manifest: join(outDir, `${name}${MANIFEST_EXTENSION}`)
        };
        // Atomic: of several runs picking this name in the same second, one gets
        // it; the others stop here, before writing anything.
        const claim = await claimSetName(outDir, name, Object.values(paths));
        const partial = claim.partialOf;
        for (const path of Object.values(paths))
            trackFile(partial(path));
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
            identity: identity.identity,
            pgDump,
            dump,
            inventory: inventory.inv,
            inspectSeconds: inventory.seconds,
            totalSeconds: (performance.now() - started) / 1000,
            dumpFile: basename(paths.dump)
        });
        const manifestText = JSON.stringify(manifest, null, 2) + '\n';
        await writeFile(partial(paths.manifest), manifestText, { mode: 0o644 });
        // The .sha256 vouches for the dump and the manifest, so it is written last.
        await writeFile(partial(paths.checksum), checksumFileText([
            { sha256: dump.sha256, basename: basename(paths.dump) },
            {
                sha256: createHash('sha256').update(manifestText).digest('hex'),
                basename: basename(paths.manifest)
            }
        ]), { mode: 0o644 });
        // The .sha256 lands last: a set is complete only when all three exist. A
        // placement that fails half-way must not leave a lone .dump behind: the
        // files already placed are registered for cleanup until kept.
        const placed = await placeFiles([paths.dump, paths.manifest, paths.checksum].map((path) => [partial(path), path]));
        placed.keep();
        await claim.release();
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
        if (error instanceof InputError || error instanceof EscalationError)
            throw error;
        const cause = fileSystemCause(error);
        const path = error.path ?? `in ${outDir}`;
        throw new EscalationError('backup-failed', cause
            ? `backup failed: cannot write ${path}: ${cause}`
            : `backup failed: ${errorMessage(error)}`, { cause: error });
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
            host: options.db.host,
            port: options.db.port,
            database: options.db.database,
            user: options.db.user,
            identity: input.identity,
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
        `| Source | ${sourceLocation(m)} (PostgreSQL ${m.source.serverVersion}, role \`${m.source.role}\`) |`,
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

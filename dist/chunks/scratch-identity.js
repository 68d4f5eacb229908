import { hostname, tmpdir } from 'node:os';
import { I as InputError, e as errorMessage, E as EscalationError } from './_commonjsHelpers.js';
import { mkdir, open, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { b as backupSetName } from './backup-set.js';
import { r as round3 } from './file-system.js';
import { a as drillLogSchema, l as logHeader, b as diffInventories } from './drill-log.js';
import { resolve, join } from 'node:path';
import { a as sourceLocation, e as tableKeyOf, m as parseToc, j as listedName, p as pg, l as listArchive, H as isIndexAttach, I as isForeignKey, k as keepEntries, T as TextTail, F as inspectDatabase, G as inspectColumnOrders, A as outOfRecreatedOrder, J as DRILL_MARKER_SCHEMA } from './source.js';
import { c as connect, e as inspectExtensions, f as inspectLargeObjects, p as probePrincipals, d as describeIdentity, a as connectOrEscalate, r as readServerIdentity, g as isSameDatabase } from './rls-probe.js';
import { f as fail, s as skip, b as pass } from './drill-options.js';
import { w as withVerifiedBackup } from './fetch-verified.js';
import { spawn } from 'node:child_process';
import { J as libpqTool, K as trackChild, M as explicitUrl, N as withoutLibpqEnvironment } from './heartbeat.js';
import { m as maskSecrets } from './secrets.js';

const SCRATCH_INPUT = 'scratch-db-url';
/** Canonical spellings shared by every local target (TCP loopback or unix socket). */
const LOOPBACK = ['localhost', '127.0.0.1', '::1'];
const SUPABASE_DIRECT = /^(?:db\.)?([a-z0-9]+)\.supabase\.co$/;
const SUPABASE_POOLER = /\.pooler\.supabase\.com$/;
/**
 * Throws InputError (input `scratch-db-url`) when the scratch target is, or may
 * be, production: same host (any spelling, host or hostaddr) + port + database,
 * the same Supabase project, or a scratch target mentioning the production
 * project ref anywhere (host, user, database, options). Another database on
 * the production server is allowed. Messages never contain credentials.
 */
function assertScratchIsNotProduction(options) {
    const scratch = normalizeTarget(options.scratch);
    const refs = new Set();
    if (options.projectRef?.trim())
        refs.add(options.projectRef.trim().toLowerCase());
    if (options.production) {
        const production = normalizeTarget(options.production);
        const name = options.productionName ?? 'db-url';
        if (production.projectRef)
            refs.add(production.projectRef);
        if (isSameTarget(scratch, production)) {
            const why = scratch.projectRef && scratch.projectRef === production.projectRef
                ? `the same Supabase project (${scratch.projectRef})`
                : `the same server and database as ${name} (${production.display})`;
            throw refusal(`points at production: ${scratch.display} is ${why}. The drill restores with --clean and would overwrite it: create a scratch database (another database on the same server is fine) or a scratch Supabase project and pass its URL`);
        }
    }
    const text = [
        options.scratch.user,
        options.scratch.host,
        options.scratch.hostaddr ?? '',
        options.scratch.database,
        options.scratch.options ?? ''
    ]
        .join('\n')
        .toLowerCase();
    for (const ref of refs) {
        if (scratch.projectRef === ref || mentions$1(text, ref)) {
            throw refusal(`mentions the production project ref "${ref}" (${scratch.display}): the scratch target must be a different project or server. Pass the URL of a scratch project or database`);
        }
    }
}
/** Canonical form of a resolved target: every spelling of its host (and hostaddr). */
function normalizeTarget(target) {
    const named = hostSpellings(target.host);
    // libpq connects to hostaddr and uses host only for TLS and .pgpass: either could be the real server.
    const spellings = target.hostaddr
        ? [...named.spellings, ...hostSpellings(target.hostaddr).spellings]
        : named.spellings;
    const projectRef = supabaseRef(named.canonical, target.user);
    return {
        hosts: [...new Set(spellings)],
        port: target.port,
        database: target.database,
        user: target.user,
        ...(projectRef ? { projectRef } : {}),
        display: `${named.display}:${target.port}/${target.database}`
    };
}
/** True when both denote the same database: same Supabase project, or a shared host spelling + same port + same database. */
function isSameTarget(a, b) {
    // Pooler hosts are shared by every Supabase project in a region, so two refs decide alone.
    if (a.projectRef && b.projectRef)
        return a.projectRef === b.projectRef;
    // A trailing slash is part of the name for libpq, but stripping it can only make names more alike (the safe side).
    const name = (target) => target.database.replace(/\/+$/, '');
    return a.port === b.port && name(a) === name(b) && a.hosts.some((host) => b.hosts.includes(host));
}
/** Every spelling of one host: loopback names and sockets collapse to one local host; IPs are canonicalized. */
function hostSpellings(raw) {
    // No host at all means libpq's default unix socket directory.
    if (!raw)
        return { spellings: LOOPBACK, canonical: 'localhost', display: 'localhost' };
    if (raw.startsWith('/') || raw.startsWith('@')) {
        // A socket directory is this machine; its socket file is named after the port, so port still counts.
        const dir = raw.length > 1 ? raw.replace(/\/+$/, '') : raw;
        return { spellings: [...LOOPBACK, `unix:${dir}`], canonical: 'localhost', display: dir };
    }
    const canonical = canonicalHost(raw);
    if (isLoopback(canonical))
        return { spellings: [...LOOPBACK, canonical], canonical, display: canonical };
    if (/^\d+\.\d+\.\d+\.\d+$/.test(canonical)) {
        return { spellings: [canonical, `::ffff:${canonical}`], canonical, display: canonical };
    }
    return {
        spellings: [canonical],
        canonical,
        display: canonical.includes(':') ? `[${canonical}]` : canonical
    };
}
/** Lower case, no trailing dot, no brackets; IPv4 and IPv6 in the WHATWG canonical form (127.1 = 127.0.0.1, ::1 = 0:0:0:0:0:0:0:1). */
function canonicalHost(raw) {
    const host = raw
        .replace(/^\[(.*)\]$/, '$1')
        .toLowerCase()
        .replace(/\.+$/, '');
    const ipv6 = host.includes(':');
    let canonical = host;
    try {
        canonical = new URL(`http://${ipv6 ? `[${host}]` : host}/`).hostname.replace(/^\[(.*)\]$/, '$1');
    }
    catch {
        // Not a valid URL host (zone ids, odd characters): compare the lower-cased text.
    }
    // IPv4-mapped IPv6 (::ffff:7f00:1) is the IPv4 address.
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
    if (mapped) {
        const high = parseInt(mapped[1] ?? '0', 16);
        const low = parseInt(mapped[2] ?? '0', 16);
        canonical = [high >> 8, high & 255, low >> 8, low & 255].join('.');
    }
    return canonical;
}
function isLoopback(host) {
    // 0.0.0.0 and :: reach the local host on Linux; all of 127/8 is loopback; so does this machine's own name.
    return (host === 'localhost' ||
        host === hostname().toLowerCase() ||
        host.endsWith('.localhost') ||
        /^127\.\d+\.\d+\.\d+$/.test(host) ||
        host === '0.0.0.0' ||
        host === '::1' ||
        host === '::');
}
function supabaseRef(host, user) {
    if (SUPABASE_POOLER.test(host)) {
        // Supavisor routes on the user name `<role>.<ref>`.
        return /\.([a-z0-9]+)$/i.exec(user)?.[1]?.toLowerCase();
    }
    return SUPABASE_DIRECT.exec(host)?.[1];
}
/** True when `ref` occurs in `text` not glued to other letters or digits (so ref "local" does not match "localhost"). */
function mentions$1(text, ref) {
    const escaped = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(text);
}
function refusal(message) {
    return new InputError(SCRATCH_INPUT, message);
}

/**
 * Reserves `<baseId>.json` in `logDir` (creating it empty, exclusively), or
 * `<baseId>-2.json`, `-3`, … when a drill in the same second took the name:
 * two drills never overwrite each other's log.
 */
async function reserveLogFiles(logDir, baseId) {
    const dir = resolve(logDir);
    await mkdir(dir, { recursive: true });
    for (let attempt = 1;; attempt++) {
        const id = attempt === 1 ? baseId : `${baseId}-${attempt}`;
        const logPath = join(dir, `${id}.json`);
        try {
            await (await open(logPath, 'wx')).close();
            return { id, logPath, markdownPath: join(dir, `${id}.md`) };
        }
        catch (error) {
            if (error.code !== 'EEXIST' || attempt >= 1000)
                throw error;
        }
    }
}
/** The `backup` block of a log: which set, from where, and what its manifest says. */
function backupIdentity(located, manifest) {
    return {
        name: located.name,
        origin: located.origin,
        ...(manifest
            ? {
                createdAt: manifest.createdAt,
                projectRef: manifest.projectRef,
                source: sourceLocation(manifest),
                sha256: manifest.dump.sha256,
                sizeBytes: manifest.dump.sizeBytes,
                pgDumpVersion: manifest.pgDump.version
            }
            : {})
    };
}

/**
 * The data-loss window (run start minus the backup's createdAt; null without
 * a manifest) and the run's wall time, each against its limit. Unrounded: the
 * log rounds them.
 */
function recoveryTimes(startedAt, seconds, manifest, limits) {
    const hours = manifest ? (startedAt.getTime() - Date.parse(manifest.createdAt)) / 3_600_000 : null;
    return {
        rpo: { hours, limitHours: limits.rpoHours, ok: hours !== null && hours <= limits.rpoHours },
        rto: { seconds, limitMinutes: limits.rtoMinutes, ok: seconds <= limits.rtoMinutes * 60 }
    };
}
/**
 * Writes the log of a drill or a restore: `<id>.json` (validated against the
 * log schema) and `<id>.md` rendered by `render`, under a name no other run in
 * the same second took.
 */
async function writeRunLog(kind, run, render) {
    const { id, logPath, markdownPath } = await reserveLogFiles(run.logDir, backupSetName(kind, run.startedAt));
    const log = drillLogSchema.parse({
        ...logHeader(kind, id, run.startedAt, run.rto.seconds, run.checks),
        backup: backupIdentity(run.located, run.manifest),
        target: run.target,
        checks: run.checks,
        rpo: { ...run.rpo, hours: run.rpo.hours === null ? null : round3(run.rpo.hours) },
        rto: { ...run.rto, seconds: round3(run.rto.seconds) },
        restoreErrors: run.restoreErrors,
        differences: run.differences,
        ...(run.smoke ? { smoke: run.smoke } : {}),
        ...(run.targetKind ? { targetKind: run.targetKind } : {}),
        ...(run.preparations ? { preparations: run.preparations } : {}),
        ...(run.versionSkew ? { versionSkew: run.versionSkew } : {})
    });
    const markdown = render(log);
    await writeFile(logPath, JSON.stringify(log, null, 2) + '\n');
    await writeFile(markdownPath, markdown);
    return { log, logPath, markdownPath, markdown };
}

/**
 * What a scope-only restore needs or carries beside the tables, compared with
 * the manifest: the extensions installed in the schemas (name and schema must
 * match; another version is only a note: the objects restored from the dump do
 * not depend on it) and the large objects (count and total bytes).
 */
async function checkExtensionsAndLargeObjects(target, manifest, inputName = 'scratch-db-url') {
    const expected = manifest.inventory;
    let client;
    try {
        client = await connect(target, {
            inputName,
            applicationName: 'backup-drill validate'
        });
    }
    catch (error) {
        return [fail('extensions', 'validation-failed', errorMessage(error))];
    }
    try {
        const checks = [];
        if (!expected.extensions) {
            checks.push(skip('extensions', 'the manifest predates extension records'));
        }
        else {
            const found = await inspectExtensions(client, manifest.scope.schemas);
            checks.push(extensionsCheck(expected.extensions, found));
        }
        if (!expected.largeObjects) {
            checks.push(skip('large objects', 'not in the backup: no table in scope has an oid column'));
        }
        else {
            const found = await inspectLargeObjects(client);
            const want = expected.largeObjects;
            checks.push(found.count === want.count && found.totalBytes === want.totalBytes
                ? pass('large objects', `${want.count} large objects, ${want.totalBytes} bytes, exact match`)
                : fail('large objects', 'validation-failed', `expected ${want.count} large objects of ${want.totalBytes} bytes in all, found ${found.count} of ${found.totalBytes} bytes`));
        }
        return checks;
    }
    catch (error) {
        return [fail('extensions', 'validation-failed', errorMessage(error))];
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
/** Missing or moved extensions fail; a different version is a note. */
function extensionsCheck(expected, found) {
    const byName = new Map(found.map((extension) => [extension.name, extension]));
    const problems = [];
    const notes = [];
    for (const want of expected) {
        const got = byName.get(want.name);
        if (!got)
            problems.push(`${want.name} (in ${want.schema}) missing`);
        else if (got.schema !== want.schema)
            problems.push(`${want.name}: expected in ${want.schema}, found in ${got.schema}`);
        else if (got.version !== want.version)
            notes.push(`${want.name} is version ${got.version} here, ${want.version} in the source`);
    }
    if (problems.length > 0)
        return fail('extensions', 'validation-failed', problems.join('; '));
    return pass('extensions', `${expected.length} extension(s) in the schemas present${notes.length ? ` (note: ${notes.join('; ')})` : ''}`);
}

/**
 * The drill's half of the RLS behaviour proof (docs/rls-proof.md): the principals the backup
 * probed in its snapshot are probed again in the restored scratch, and every count must match.
 * A missing role or claim function is named as such before the counts say what it broke.
 */
const CHECK = 'rls proof';
/** The proof as a drill step: `(target, manifest) => checks`, logging what it did or why not. */
function rlsProofStep(logger, inputName = 'scratch-db-url') {
    return async (target, manifest) => {
        const check = await checkRlsProof(target, manifest, inputName);
        logger.info(`RLS proof: ${check.status} (${check.detail})`);
        return [check];
    };
}
/** Repeats the manifest's RLS probe in `target` and compares: one check. */
async function checkRlsProof(target, manifest, inputName = 'scratch-db-url') {
    const recorded = manifest.rls;
    if (!recorded)
        return skip(CHECK, 'the backup recorded no RLS proof (written before it existed)');
    if (recorded.status === 'off')
        return skip(CHECK, `skipped: the backup ran with rls-principals 0 (${recorded.reason ?? 'off'})`);
    if (recorded.status === 'not-applicable')
        return skip(CHECK, `does not apply: ${recorded.reason ?? 'nothing to prove'}`);
    const tables = recordedTables(recorded, manifest);
    let client;
    try {
        client = await connect(target, { inputName, applicationName: 'backup-drill rls proof' });
    }
    catch (error) {
        return fail(CHECK, 'validation-failed', errorMessage(error));
    }
    try {
        const started = performance.now();
        const roles = await existingRoles(client, recorded.principals.map((p) => p.role));
        const functions = await missingClaimFunctions(client, manifest.inventory.policies, recorded.tables);
        const probed = recorded.principals.filter((p) => p.error === undefined && roles.has(p.role));
        await client.query('BEGIN READ ONLY');
        let found;
        try {
            found = await probePrincipals(client, probed, tables);
        }
        finally {
            await client.query('ROLLBACK');
        }
        const clocked = clockReadingTables(manifest.inventory.policies);
        const compared = compareRlsObservations(recorded, found, roles, clocked);
        const findings = [
            ...functions.map((f) => `claim function ${f.name} does not exist in the restored target (policies on ${f.tables.join(', ')} use it)`),
            ...compared.differences
        ];
        const seconds = (performance.now() - started) / 1000;
        if (findings.length > 0)
            return fail(CHECK, 'validation-failed', findings.join('; '), seconds);
        const users = probed.filter((p) => p.sub !== null).length;
        const moved = compared.moved.length
            ? `; counts that moved with the clock, not held against the restore: ${compared.moved.join('; ')}`
            : '';
        return pass(CHECK, `${probed.some((p) => p.sub === null) ? 'anon and ' : ''}${users} user(s) see the same rows in ${recorded.tables.length} RLS-enabled table(s) as in the backup's snapshot${moved}`, seconds);
    }
    catch (error) {
        return fail(CHECK, 'validation-failed', errorMessage(error));
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
/**
 * Every difference between what the backup's principals saw and what they see now, naming
 * principal, table, expected and found. A principal the backup could not become itself is
 * not compared (there is nothing to hold the scratch to); one whose role is missing here is,
 * when it could read a table in the backup.
 */
function compareRlsObservations(recorded, found, existingRoles, clocked = new Map()) {
    const byId = new Map(found.map((observation) => [observation.id, observation]));
    const differences = [];
    const moved = [];
    for (const want of recorded.principals) {
        if (want.error !== undefined)
            continue;
        const who = `principal ${want.id} (role ${want.role})`;
        if (!existingRoles.has(want.role)) {
            // Without the role nobody can act as this principal here: it sees nothing. That only
            // differs from the backup when the principal could read some table there (a plain
            // PostgreSQL cluster that merely has a role anon, without grants, is not an API).
            if (recorded.tables.some((table) => want.rows[table] !== undefined))
                differences.push(`${who}: role ${want.role} does not exist in the restored target`);
            continue;
        }
        const got = byId.get(want.id);
        if (!got) {
            differences.push(`${who}: not probed in the restored target`);
            continue;
        }
        if (got.error !== undefined) {
            differences.push(`${who}: could not be assumed in the restored target (${got.error})`);
            continue;
        }
        for (const table of recorded.tables) {
            const expected = describe(want, table);
            const actual = describe(got, table);
            if (sameOutcome(want, got, table))
                continue;
            // Rows both times, under a policy that reads the clock: time moved on since the snapshot.
            const clock = clocked.get(table);
            if (clock && want.rows[table] !== undefined && got.rows[table] !== undefined) {
                moved.push(`${who}, table ${table}: ${want.rows[table]} row(s) in the backup, ${got.rows[table]} now: its policies read the clock (${clock})`);
                continue;
            }
            differences.push(`${who}, table ${table}: expected ${expected}, found ${actual}`);
        }
    }
    return { differences, moved };
}
/** What a deparsed policy expression calls to read the clock (pg_get_expr spellings). */
const CLOCK = /\b(now|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday)\(|\b(CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME|LOCALTIMESTAMP|LOCALTIME)\b/gi;
/**
 * Tables (`schema.name`) with a policy whose USING or WITH CHECK reads the clock, and what it
 * calls. Their counts differ between the backup's snapshot and any later probe by design (a row
 * published at a future time, a session that expired), so a differing count there is named, not
 * failed: the same policy, restored, gives what it gives now. A clock read inside a function the
 * policy calls is not seen and still fails.
 */
function clockReadingTables(policies) {
    const tables = new Map();
    for (const policy of policies) {
        const text = `${policy.using ?? ''} ${policy.withCheck ?? ''}`;
        for (const match of text.matchAll(CLOCK)) {
            const call = match[1] ? `${match[1]}()` : match[2];
            tables.set(policy.table, (tables.get(policy.table) ?? new Set()).add(call));
        }
    }
    return new Map([...tables].map(([table, calls]) => [table, [...calls].sort().join(', ')]));
}
function describe(observation, table) {
    const rows = observation.rows[table];
    if (rows !== undefined)
        return `${rows} row(s)`;
    const error = observation.errors[table];
    return error !== undefined ? `error ${error}` : 'no count';
}
/** The same count, or the same error class (SQLSTATE): messages may differ across versions. */
function sameOutcome(want, got, table) {
    if (want.rows[table] !== undefined)
        return want.rows[table] === got.rows[table];
    const code = (text) => text?.split(':')[0];
    return want.errors[table] !== undefined && code(want.errors[table]) === code(got.errors[table]);
}
/** The recorded tables as schema and name (from the inventory: a key alone cannot be split at dots). */
function recordedTables(recorded, manifest) {
    const byKey = new Map(manifest.inventory.tables.map(({ schema, name }) => [
        tableKeyOf({ schema, name }),
        { schema, name }
    ]));
    return recorded.tables.flatMap((key) => {
        const table = byKey.get(key);
        return table ? [table] : [];
    });
}
async function existingRoles(client, roles) {
    const result = await client.query('SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY($1::text[])', [[...new Set(roles)]]);
    return new Set(result.rows.map((row) => row.rolname));
}
/** The claim functions Supabase policies call. */
const CLAIM_FUNCTIONS = ['auth.uid()', 'auth.role()', 'auth.jwt()'];
/** Claim functions the recorded tables' policies call that the target does not have. */
async function missingClaimFunctions(client, policies, tables) {
    const inScope = new Set(tables);
    const missing = [];
    for (const name of CLAIM_FUNCTIONS) {
        const users = [
            ...new Set(policies
                .filter((p) => inScope.has(p.table) && `${p.using ?? ''} ${p.withCheck ?? ''}`.includes(name))
                .map((p) => p.table))
        ].sort();
        if (users.length === 0)
            continue;
        const result = await client.query('SELECT pg_catalog.to_regprocedure($1) IS NOT NULL AS found', [name]);
        if (!result.rows[0]?.found)
            missing.push({ name, tables: users });
    }
    return missing;
}

/**
 * Reads pg_restore's stderr and decides which reported errors a restore drill
 * may accept. pg_restore (without --exit-on-error) keeps going after a failed
 * statement, prints each failure as `pg_restore: error: ...` (plus a
 * `Command was:` block), and exits 1 with `pg_restore: warning: errors ignored
 * on restore: N`. A handful of those failures are expected when restoring into
 * a database that is not brand new (a Supabase scratch project, a non-superuser
 * restore); everything else means the restored copy may differ from the backup.
 *
 * The harmless list is deliberately short; each rule matches the error message
 * AND the exact statement that failed, and is justified here and in
 * docs/restore-errors.md. Anything not on the list is not harmless.
 * Output format: pg_restore 12 and later (earlier versions used "[archiver (db)]").
 */
/**
 * The documented harmless errors (docs/restore-errors.md). Keep this short:
 * every entry widens what a "passing" drill may hide.
 */
const HARMLESS = [
    {
        // Every database has schema public. pg_dump emits CREATE SCHEMA public when the dump selects
        // it with --schema public (or public was re-created in the source); the statement wanted the
        // schema to exist and it does. The objects inside are restored (and checked) separately.
        message: /^schema "public" already exists$/,
        command: /^CREATE SCHEMA public;$/,
        reason: 'schema public exists in every database; its contents are restored separately'
    },
    {
        // Restoring as a role that does not own public (Supabase, managed services): --clean's
        // DROP SCHEMA public fails, so the schema stays and its objects are dropped one by one by
        // their own DROP statements; the comment is documentation only. Other statements on public
        // (ownership, grants) are not covered: --no-owner / --no-privileges keep them out of a drill.
        message: /^must be owner of schema public$/,
        command: /^(?:DROP SCHEMA (?:IF EXISTS )?public;|COMMENT ON SCHEMA public IS '(?:[^']|'')*';)$/,
        reason: 'only the drop or the comment of schema public failed; the schema exists'
    },
    {
        // Supabase installs extensions as its admin role, so the restoring role cannot drop them
        // (--clean) or comment on them. The installed extension stays and CREATE EXTENSION IF NOT
        // EXISTS is then a no-op; if the extension lacks something the dump needs (another schema,
        // a missing type), the statements that need it fail with their own, non-harmless errors.
        message: /^must be owner of extension (\S+)$/,
        command: /^(?:DROP EXTENSION (?:IF EXISTS )?"?([^";\s]+)"?;|COMMENT ON EXTENSION "?([^"\s]+)"? IS '(?:[^']|'')*';)$/,
        reason: 'only the drop or the comment of an installed extension failed; the extension exists'
    }
];
/** Reasons for common errors that are not harmless, so the drill log says what they mean. */
const KNOWN_HARMFUL = [
    [
        /^role ".*" does not exist$/,
        'a role the dump refers to does not exist in the scratch cluster: the policies or grants naming it were not restored (create the role first, e.g. the Supabase roles anon, authenticated, service_role)'
    ],
    [
        /already exists/,
        'the scratch database already held this object: restore into an empty database or with --clean --if-exists'
    ],
    [/^COPY failed for table/, 'rows of this table were not restored'],
    [
        /does not exist$/,
        'an object this statement needs is missing, so the statement was not applied'
    ],
    [
        /^(?:must be owner of|permission denied)/,
        'the restoring role lacks a privilege, so the statement was not applied'
    ]
];
const PREFIX = 'pg_restore: ';
const NOT_LISTED = 'not on the documented harmless list (docs/restore-errors.md)';
/**
 * Classifies pg_restore's stderr. Pass the exit code when known: a non-zero
 * exit with nothing recognizable in stderr (or death by a signal, `null`)
 * becomes a fatal, not-harmless error instead of a silent pass.
 */
function classifyRestoreOutput(stderr, exitCode) {
    const errors = [];
    let ignoredCount;
    let fatal = false;
    for (const block of blocks(stderr)) {
        const [head = '', ...rest] = block;
        const ignored = /errors ignored on restore: (\d+)/.exec(head);
        if (ignored) {
            ignoredCount = Number(ignored[1]);
            continue;
        }
        // pg_restore 12-14 printed unrecoverable errors as "fatal:", 15+ as "error:" followed by exit.
        const kind = /^(error|fatal): (.*)$/.exec(head);
        if (!kind)
            continue; // progress lines (--verbose), "while PROCESSING TOC", TOC entry context, other warnings
        if (kind[1] === 'fatal')
            fatal = true;
        errors.push(classifyError(kind[2] ?? '', rest));
    }
    // pg_restore prints the "errors ignored" total only after finishing; errors without it mean it stopped early.
    if (errors.length > 0 && ignoredCount === undefined)
        fatal = true;
    // The total N is not compared with the errors read: with --jobs > 1, pg_restore over-counts
    // (each worker reports its running total after every item, and the leader adds them all up,
    // src/bin/pg_dump/parallel.c). Every failed statement is printed, so the printed errors are
    // what is judged; output that was cut short is reported by the caller (restore-archive.ts).
    if (exitCode === null) {
        fatal = true;
        errors.push({
            message: 'pg_restore was killed by a signal',
            harmless: false,
            reason: 'the restore did not finish'
        });
    }
    else if (exitCode !== undefined && exitCode !== 0 && errors.length === 0) {
        fatal = true;
        errors.push({
            message: `pg_restore exited with code ${exitCode} without a recognizable error message`,
            harmless: false,
            reason: 'the restore failed for an unknown reason'
        });
    }
    return { errors, ...(ignoredCount !== undefined ? { ignoredCount } : {}), fatal };
}
function classifyError(text, rest) {
    const commandAt = rest.findIndex((line) => line.startsWith('Command was: '));
    const detailLines = commandAt >= 0 ? rest.slice(0, commandAt) : rest;
    const command = commandAt >= 0
        ? [rest[commandAt]?.slice('Command was: '.length) ?? '', ...rest.slice(commandAt + 1)]
            .join('\n')
            .trimEnd()
        : undefined;
    // "could not execute query: ERROR:  <message>" and "COPY failed for table "t": ERROR:  <message>".
    const message = text
        .replace(/^could not execute query: ERROR:\s+/, '')
        .replace(/^(COPY failed for table ".*?"): ERROR:\s+/, '$1: ');
    const detail = detailLines.join('\n').trim();
    const rule = command === undefined
        ? undefined
        : HARMLESS.find((candidate) => matches(candidate, message, command));
    const reason = rule?.reason ?? KNOWN_HARMFUL.find(([pattern]) => pattern.test(message))?.[1] ?? NOT_LISTED;
    return {
        message,
        ...(command !== undefined ? { command } : {}),
        ...(detail ? { detail } : {}),
        harmless: rule !== undefined,
        reason
    };
}
function matches(rule, message, command) {
    const byMessage = rule.message.exec(message);
    const byCommand = rule.command.exec(command);
    if (!byMessage || !byCommand)
        return false;
    // The statement must be about the object the message names (e.g. the same extension).
    const named = byMessage[1];
    const target = byCommand.slice(1).find((group) => group !== undefined);
    return named === undefined || named === target;
}
/** Splits stderr into blocks, each starting at a `pg_restore: ` line; continuation lines (Command was, DETAIL) stay with it. */
function blocks(stderr) {
    const result = [];
    for (const line of stderr.replace(/\r\n/g, '\n').split('\n')) {
        if (line.startsWith(PREFIX))
            result.push([line.slice(PREFIX.length)]);
        else if (/^WARNING: {1,2}errors ignored on restore: \d+$/.test(line))
            result.push([line]);
        else
            result.at(-1)?.push(line);
    }
    return result;
}

/**
 * Before a --clean restore that runs in passes (restore-archive.ts): drops the
 * foreign keys of the tables the restore re-creates, in one transaction. One
 * pg_restore --clean drops those foreign keys (post-data) before the tables;
 * in passes, the pre-data pass drops the tables alone, and a foreign key still
 * on a referencing table makes that DROP TABLE fail. The archive's last pass
 * creates them again. A foreign key of a table the restore does not re-create
 * (a platform table loaded data only, a table outside the backup) is left
 * alone: if it references a re-created table, its DROP fails by name, as in
 * one pg_restore. Returns the constraints dropped (`table.constraint`).
 */
async function dropForeignKeysOfRecreatedTables(target, listing, inputName) {
    const recreated = parseToc(listing)
        .filter((entry) => entry.rest.startsWith('TABLE ') && !entry.rest.startsWith('TABLE DATA '))
        .map((entry) => entry.rest.slice('TABLE '.length));
    if (recreated.length === 0)
        return [];
    const client = await connect(target, {
        inputName,
        applicationName: 'backup-drill clean foreign keys'
    });
    try {
        // Top-level constraints only: dropping a partitioned table's foreign key drops its partitions'.
        const found = await client.query(`SELECT n.nspname AS schema, r.relname AS table, c.conname AS name
         FROM pg_catalog.pg_constraint c
         JOIN pg_catalog.pg_class r ON r.oid = c.conrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
        WHERE c.contype = 'f' AND c.conparentid = 0
        ORDER BY 1, 2, 3`);
        const doomed = found.rows.filter((fk) => recreated.some((rest) => rest.startsWith(`${listedName(fk.schema)} ${listedName(fk.table)} `)));
        if (doomed.length === 0)
            return [];
        await client.query('BEGIN');
        try {
            for (const fk of doomed) {
                await client.query(`ALTER TABLE ${pg.escapeIdentifier(fk.schema)}.${pg.escapeIdentifier(fk.table)} DROP CONSTRAINT ${pg.escapeIdentifier(fk.name)}`);
            }
            await client.query('COMMIT');
        }
        catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw error;
        }
        return doomed.map((fk) => `${fk.schema}.${fk.table}.${fk.name}`);
    }
    finally {
        await client.end().catch(() => undefined);
    }
}

/**
 * Whether a restore of this inventory can hit the races RESTORE_PASSES
 * prevent: partitioned tables (foreign keys and index attaches in a partition
 * tree) or a domain constraint the source has NOT VALID. An inventory that
 * does not say (format 1) gets the passes: they are always correct.
 */
function needsRestorePasses(inventory) {
    if (inventory.domains === undefined)
        return true;
    return (inventory.tables.some((table) => table.partitioned === true) ||
        inventory.domains.some((domain) => domain.constraints.some((c) => !c.validated)));
}
/** The pg_restore arguments: the SOP's flags, plus -j for a parallel restore. */
function pgRestoreArguments(archive, dbnameArg, jobs, mode) {
    return [
        ...(mode.clean ? ['--clean', '--if-exists'] : []),
        '--no-owner',
        '--no-privileges',
        `--jobs=${jobs}`,
        ...(mode.useList ? [`--use-list=${mode.useList}`] : []),
        `--dbname=${dbnameArg}`,
        archive
    ];
}
/** pg_restore's stderr is kept up to this size: every error line matters, but memory is finite. */
const STDERR_LIMIT = 1024 * 1024;
/**
 * The passes of a restore into an empty target, one pg_restore each. In one
 * parallel pg_restore, a post-data entry that depends on no table (a domain's
 * NOT VALID CHECK constraint) may run before the COPY of a table using the
 * domain, which then rejects the rows the constraint was never meant to check;
 * a foreign key to a partitioned table may run while its partitions' indexes
 * are still being attached, and deadlock with them; and two index attaches of
 * one multi-level partition tree, run by two workers at once, can each miss
 * the other's commit, so the top index is never marked valid and the foreign
 * keys referencing it fail ("there is no unique constraint matching given
 * keys"; all seen with -j 2 on pg_restore 15). So: the sections apart, the
 * index attaches one at a time (quick catalog updates; the index builds stay
 * parallel), and foreign keys last. With --clean each run drops only its own
 * entries' objects, so a pre-data run could not drop a table an old foreign
 * key still references: those foreign keys are dropped before the first pass.
 */
const RESTORE_PASSES = [
    { section: 'pre-data', keep: () => true },
    { section: 'data', keep: () => true },
    { section: 'post-data', keep: (entry) => !isForeignKey(entry) && !isIndexAttach(entry) },
    { section: 'post-data', keep: isIndexAttach, serial: true },
    { section: 'post-data', keep: isForeignKey }
];
/**
 * Restores an archive (password via PGPASSWORD, never argv) and classifies
 * every error line pg_restore printed. Stops after a pass that did not run to
 * its end.
 */
async function restoreArchive(options) {
    const started = performance.now();
    const dir = await mkdtemp(join(tmpdir(), 'backup-drill-list-'));
    const runs = [];
    try {
        const listing = options.mode.listing ??
            (await listArchive(options.pgRestore, options.archive, 'restore-failed'));
        // A --clean restore whose data must load in the listing's order (serialData) stays one run
        // with one job: its DROPs all come first (an app trigger on a platform table is gone before
        // the data arrives, which the live foreign keys need anyway) and one job has no race.
        const inPasses = (options.mode.passes || options.mode.serialData) &&
            !(options.mode.clean && options.mode.serialData);
        const passes = inPasses ? RESTORE_PASSES : [{ section: undefined, keep: () => true }];
        if (inPasses && options.mode.clean) {
            try {
                await dropForeignKeysOfRecreatedTables(options.target, listing, options.targetInput);
            }
            catch (error) {
                return {
                    exitCode: null,
                    classification: {
                        errors: [
                            {
                                message: `could not drop the foreign keys of the tables the restore re-creates: ${errorMessage(error)}`,
                                harmless: false,
                                reason: 'nothing was restored'
                            }
                        ],
                        fatal: true
                    },
                    seconds: (performance.now() - started) / 1000
                };
            }
        }
        const target = options.mode.replica ? withReplicaRole(options.target) : options.target;
        for (const [index, pass] of passes.entries()) {
            const useList = join(dir, `pass-${index + 1}.list`);
            await writeFile(useList, keepEntries(listing, pass.keep), { mode: 0o600 });
            const serial = ('serial' in pass && pass.serial) ||
                (options.mode.serialData && (pass.section === 'data' || options.mode.clean));
            const jobs = serial ? 1 : options.jobs;
            const run = await runPgRestore({ ...options, target, jobs }, pass.section, {
                clean: options.mode.clean,
                useList
            });
            runs.push(run);
            if (run.classification.fatal)
                break;
        }
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
    const counts = runs.map((run) => run.classification.ignoredCount);
    const failedRun = runs.find((run) => run.exitCode !== 0);
    return {
        exitCode: failedRun ? failedRun.exitCode : 0,
        classification: {
            errors: runs.flatMap((run) => run.classification.errors),
            ...(counts.some((count) => count !== undefined)
                ? { ignoredCount: counts.reduce((sum, count) => sum + (count ?? 0), 0) }
                : {}),
            fatal: runs.some((run) => run.classification.fatal)
        },
        seconds: (performance.now() - started) / 1000
    };
}
/** The target with `-c session_replication_role=replica` added to its connection options. */
function withReplicaRole(target) {
    const replica = '-c session_replication_role=replica';
    return { ...target, options: target.options ? `${target.options} ${replica}` : replica };
}
/** One pg_restore run; `section` selects a section (none: all of them). */
async function runPgRestore(options, section, mode) {
    // Exactly the resolved target: no inherited PG* variable can redirect pg_restore.
    const connection = libpqTool(options.target, { PGAPPNAME: 'backup-drill pg_restore' });
    const args = pgRestoreArguments(options.archive, connection.dbnameArg, options.jobs, mode);
    const child = spawn(options.pgRestore.path, [...(section ? [`--section=${section}`] : []), ...args], {
        env: connection.env,
        stdio: ['ignore', 'ignore', 'pipe'],
        // Its own process group: an interrupt stops pg_restore and its -j workers together.
        detached: true
    });
    trackChild(child, { group: true });
    let stderr = '';
    let truncated = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
        if (stderr.length < STDERR_LIMIT)
            stderr += chunk;
        else
            truncated = true;
    });
    const exitCode = await new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code) => resolve(code));
    });
    const classification = classifyRestoreOutput(maskSecrets(stderr), exitCode);
    if (truncated) {
        // The errors past the limit were never read, so they cannot be judged.
        classification.errors.push({
            message: `pg_restore printed more than ${STDERR_LIMIT / 1024 / 1024} MB of messages; the rest was not read`,
            harmless: false,
            reason: 'errors that were not read cannot be judged harmless'
        });
    }
    return { exitCode, classification };
}

/**
 * Runs the smoke command through a shell with SCRATCH_DB_URL and DATABASE_URL
 * pointing at the restored database (the SOP's cross-app auth smoke). The URL
 * spells out every resolved part and no PG* variable is inherited, so psql or
 * an app reaches exactly the database that was restored. Output is masked
 * before anyone sees it.
 */
async function runSmokeCommand(command, target, cwd = process.cwd()) {
    const started = performance.now();
    const url = explicitUrl(target);
    const child = spawn('/bin/sh', ['-c', command], {
        cwd,
        env: { ...withoutLibpqEnvironment(process.env), SCRATCH_DB_URL: url, DATABASE_URL: url },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group: an interrupt stops the shell and whatever it started.
        detached: true
    });
    trackChild(child, { group: true });
    // stdout and stderr interleaved as they arrive, the end kept (where a failing command says why).
    const output = new TextTail();
    const keep = (chunk) => output.add(chunk);
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const exitCode = await new Promise((resolve) => {
        child.once('error', () => resolve(127));
        child.once('close', (code) => resolve(code));
    });
    return {
        exitCode,
        output: maskSecrets(output.text),
        seconds: (performance.now() - started) / 1000
    };
}
/**
 * The smoke step of a drill or a restore: runs the command when one is given
 * and turns the run into a check (`smoke-failed` on a non-zero exit) plus the
 * log's smoke record; without a command the check is skipped with `skipDetail`.
 */
async function smokeStep(command, target, skipDetail) {
    if (!command)
        return { check: skip('smoke', skipDetail) };
    const ran = await runSmokeCommand(command, target);
    const smoke = { command, exitCode: ran.exitCode, output: ran.output };
    return ran.exitCode === 0
        ? { check: pass('smoke', 'smoke command exited 0', ran.seconds), smoke }
        : {
            check: fail('smoke', 'smoke-failed', `smoke command exited ${ran.exitCode}`, ran.seconds),
            smoke
        };
}

/**
 * Before a restore: does the target have what the backup's objects need from outside the scope
 * (the manifest's `dependencies`, found at backup time)? A missing need fails the `dependencies`
 * check by name and fix, and the restore errors it causes are attributed to it, so the log says
 * "expected: needs extension pgcrypto in schema extensions, the target lacks it" instead of
 * leaving raw errors to decode.
 */
/** How an attributed restore error's reason starts. */
const EXPECTED = 'expected: needs';
/** SQL that returns one row when the target has the need (`$1` is the probe's name). */
const PROBES = {
    extension: `SELECT 1 FROM pg_catalog.pg_extension WHERE extname = $1`,
    schema: `SELECT 1 WHERE pg_catalog.to_regnamespace($1) IS NOT NULL`,
    role: `SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1`,
    'access-method': `SELECT 1 FROM pg_catalog.pg_am WHERE amname = $1 OR pg_catalog.quote_ident(amname) = $1`,
    relation: `SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname || '.' || c.relname = $1`,
    function: `SELECT 1 WHERE pg_catalog.to_regprocedure($1) IS NOT NULL`,
    type: `SELECT 1 WHERE pg_catalog.to_regtype($1) IS NOT NULL`,
    // Operators, operator classes, collations...: no lookup by name here; never reported missing.
    object: undefined
};
/** The needs the target lacks (each probe once). */
async function missingDependencies(client, dependencies) {
    const answers = new Map();
    const missing = [];
    for (const dependency of dependencies) {
        const sql = PROBES[dependency.probe.kind];
        if (sql === undefined)
            continue;
        const key = `${dependency.probe.kind}\0${dependency.probe.name}`;
        if (!answers.has(key)) {
            const result = await client.query(sql, [dependency.probe.name]);
            answers.set(key, (result.rowCount ?? 0) > 0);
        }
        if (!answers.get(key))
            missing.push(dependency);
    }
    return missing;
}
/** The `dependencies` check: connects to the target, probes every need, never throws. */
async function checkDependencies(target, manifest, inputName) {
    const dependencies = manifest.dependencies;
    if (dependencies === undefined)
        return {
            check: skip('dependencies', `not recorded in this format-${manifest.formatVersion} manifest`),
            missing: []
        };
    if (dependencies.length === 0)
        return {
            check: pass('dependencies', 'the backup needs nothing outside its scope'),
            missing: []
        };
    let client;
    try {
        client = await connect(target, {
            inputName,
            applicationName: 'backup-drill dependencies'
        });
        const missing = await missingDependencies(client, dependencies);
        return { check: dependencyCheck(dependencies, missing), missing };
    }
    catch (error) {
        return {
            check: fail('dependencies', 'restore-failed', `cannot probe the target: ${errorMessage(error)}`),
            missing: []
        };
    }
    finally {
        await client?.end().catch(() => undefined);
    }
}
/** Pass when the target has every need; else one clause per missing requirement with its objects and fix. */
function dependencyCheck(dependencies, missing) {
    if (missing.length === 0)
        return pass('dependencies', `the target has all ${new Set(dependencies.map((d) => d.requirement)).size} requirement(s) from outside the backup's scope`);
    const byRequirement = new Map();
    for (const d of missing)
        byRequirement.set(d.requirement, [...(byRequirement.get(d.requirement) ?? []), d]);
    const clauses = [...byRequirement.entries()].map(([requirement, group]) => `needs ${requirement}, the target lacks it (${group
        .slice(0, 3)
        .map((d) => d.object)
        .join('; ')}${group.length > 3 ? '; …' : ''}); fix: ${group[0].fix}`);
    return fail('dependencies', 'restore-failed', `${byRequirement.size} requirement(s) from outside the backup's scope are missing on the target, as the backup warned: ${clauses.join(' | ')}`);
}
/**
 * Marks the restore errors a missing need explains (reason `expected: needs ...`). An error counts
 * when its message or statement names the need; an object whose CREATE failed that way takes the
 * need along, so later errors about it (its COPY, its indexes) are attributed too.
 */
function attributeRestoreErrors(errors, missing) {
    const tokens = missing.flatMap((d) => needTokens(d).map((token) => [token, d]));
    return errors.map((error) => {
        if (error.harmless)
            return error;
        const text = `${error.message}\n${error.command ?? ''}`;
        const hit = tokens.find(([token]) => mentions(text, token));
        if (!hit)
            return error;
        const created = /^CREATE (?:UNLOGGED )?(?:TABLE|VIEW|MATERIALIZED VIEW|FUNCTION|TYPE|DOMAIN|SEQUENCE) (?:IF NOT EXISTS )?([^\s(]+)/.exec(error.command ?? '')?.[1];
        if (created)
            tokens.push(...nameForms(created).map((t) => [t, hit[1]]));
        return {
            ...error,
            reason: `${EXPECTED} ${hit[1].requirement}, the target lacks it (${hit[1].object}); fix: ${hit[1].fix}`
        };
    });
}
/** True when `text` names `token` as a whole name (not the start of a longer one). */
function mentions(text, token) {
    const identifier = /[\p{L}\p{N}_$]/u;
    for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
        const before = text[at - 1];
        const after = text[at + token.length];
        if ((before === undefined || !identifier.test(before)) &&
            (after === undefined || !identifier.test(after)))
            return true;
    }
    return false;
}
/** How restore errors spell the need: qualified names as printed, bare names in double quotes. */
function needTokens(dependency) {
    const qualified = /^[a-z ]+? ([^\s(]+\.[^\s(]+)/.exec(dependency.needs)?.[1];
    const bare = dependency.requirement.match(/^(?:schema|role|access method|extension) (\S+)/)?.[1];
    return [
        ...(qualified ? nameForms(qualified) : []),
        ...(bare ? [`"${bare.replace(/^"|"$/g, '')}"`] : []),
        ...(dependency.probe.kind === 'relation' ? nameForms(dependency.probe.name) : [])
    ];
}
/** `schema.name` as messages print it: as is, and with the whole name quoted (`relation "public.t"`). */
function nameForms(name) {
    const plain = name.replace(/"/g, '');
    return [...new Set([name, `"${plain}"`, `${plain}`])];
}

/** Statements a validation file may hold: queries, nothing else. */
const QUERY_KEYWORDS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);
/**
 * The early check (before anything is restored): every top-level statement
 * of the file must be a query (SELECT, WITH, VALUES, TABLE, or one of them in
 * parentheses). Transaction control, SET, DDL, DML, COPY and CALL are bad
 * input. It only needs to find statement boundaries and first words, so it
 * lexes just what can hide a `;`: comments (nested), quoted strings (with E''
 * backslash escapes), quoted identifiers and dollar quotes. A query that
 * writes anyway (a data-modifying WITH, a function with side effects) is
 * stopped by the READ ONLY transaction it runs in: that is the enforcement.
 */
function assertQueriesOnly(sql, label) {
    const statements = topLevelStatements(sql, label);
    if (statements.length === 0)
        throw new InputError('validation-sql', `${label} holds no query: each statement must be a SELECT returning one row with true in the first column`);
    for (const [index, statement] of statements.entries()) {
        const first = /^[\s(]*([A-Za-z_]+)/.exec(statement)?.[1] ?? statement.slice(0, 20);
        if (!QUERY_KEYWORDS.has(first.toUpperCase()))
            throw new InputError('validation-sql', `statement ${index + 1} of ${label} starts with ${first}: only queries (SELECT, WITH, VALUES, TABLE) are allowed, the file runs read-only against the scratch database`);
    }
}
/** The file's statements split at top-level semicolons, comments blanked, empty ones dropped. */
function topLevelStatements(sql, label) {
    const statements = [];
    let current = '';
    let i = 0;
    const unterminated = (what) => {
        throw new InputError('validation-sql', `${label} has an unterminated ${what}`);
    };
    while (i < sql.length) {
        const char = sql[i];
        const next = sql[i + 1];
        if (char === '-' && next === '-') {
            const end = sql.indexOf('\n', i);
            i = end === -1 ? sql.length : end + 1;
            current += ' ';
        }
        else if (char === '/' && next === '*') {
            let depth = 1;
            i += 2;
            while (depth > 0) {
                if (i >= sql.length)
                    unterminated('comment');
                const opens = sql.startsWith('/*', i);
                const closes = sql.startsWith('*/', i);
                depth += opens ? 1 : closes ? -1 : 0;
                i += opens || closes ? 2 : 1;
            }
            current += ' ';
        }
        else if (char === "'" || char === '"') {
            // E'...' strings take backslash escapes; '' (or "") is an escaped quote in all of them.
            const backslashes = char === "'" && /[eE]$/.test(current) && !/\w[eE]$/.test(current);
            let j = i + 1;
            for (;;) {
                if (j >= sql.length)
                    unterminated(char === "'" ? 'string' : 'quoted identifier');
                if (backslashes && sql[j] === '\\')
                    j += 2;
                else if (sql[j] === char && sql[j + 1] === char)
                    j += 2;
                else if (sql[j] === char)
                    break;
                else
                    j++;
            }
            current += sql.slice(i, j + 1);
            i = j + 1;
        }
        else if (char === '$' && !/[\w$]$/.test(current)) {
            const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))?.[0];
            if (!tag) {
                current += char;
                i++;
                continue;
            }
            const end = sql.indexOf(tag, i + tag.length);
            if (end === -1)
                unterminated('dollar-quoted string');
            current += sql.slice(i, end + tag.length);
            i = end + tag.length;
        }
        else if (char === ';') {
            statements.push(current);
            current = '';
            i++;
        }
        else {
            current += char;
            i++;
        }
    }
    statements.push(current);
    return statements.map((s) => s.trim()).filter((s) => s.length > 0);
}
/**
 * Runs a file of extra checks against the scratch database: each statement
 * must return exactly one row whose first column is true. The whole file goes
 * in one simple-protocol query inside a READ ONLY transaction that is rolled
 * back: a check can never change what the drill proves.
 */
async function runValidationSql(client, sql, label) {
    let results;
    try {
        await client.query('BEGIN TRANSACTION READ ONLY');
        results = await client.query(sql);
    }
    catch (error) {
        return [
            fail(`validation-sql ${label}`, 'validation-failed', `the SQL failed: ${errorMessage(error)}`)
        ];
    }
    finally {
        await client.query('ROLLBACK').catch(() => undefined);
    }
    const list = (Array.isArray(results) ? results : [results]);
    // The early check already refused these; this keeps a caller that skipped it honest.
    const notQueries = list.filter((result) => result.command !== 'SELECT' && result.fields.length === 0);
    if (notQueries.length > 0)
        return [
            fail(`validation-sql ${label}`, 'validation-failed', `the file ran statements that are not queries: ${notQueries.map((r) => r.command).join(', ')}`)
        ];
    const queries = list;
    if (queries.length === 0)
        return [
            fail(`validation-sql ${label}`, 'validation-failed', 'the file holds no query that returns a row')
        ];
    return queries.map((result, index) => {
        const name = `validation-sql ${label} #${index + 1}${result.fields[0] ? ` (${result.fields[0].name})` : ''}`;
        const first = result.rows[0] && result.fields[0] ? result.rows[0][result.fields[0].name] : undefined;
        if (result.rows.length === 1 && first === true)
            return pass(name, 'returned true');
        return fail(name, 'validation-failed', result.rows.length !== 1
            ? `returned ${result.rows.length} rows, expected exactly 1`
            : `returned ${JSON.stringify(first)}, expected true`);
    });
}

/**
 * Judging a restore, shared by the drill (into scratch) and the production
 * restore: pg_restore's classified output, then the restored database
 * inspected with the backup's own inspection code and compared with the manifest.
 */
/** The `restore` check and the log's error list for one pg_restore run. */
function judgeRestoreRun(restored, pgRestore, missing = []) {
    const { classification } = restored;
    // Errors a need the target lacks explains (the dependencies check names it) say so.
    const errors = attributeRestoreErrors(classification.errors, missing);
    const restoreErrors = errors.map(({ message, harmless, reason }) => ({
        message,
        harmless,
        ...(reason ? { reason } : {})
    }));
    const harmful = errors.filter((e) => !e.harmless);
    const expected = harmful.filter((e) => e.reason?.startsWith(EXPECTED));
    const explained = expected.length > 0
        ? ` (${expected.length === harmful.length ? 'all' : `${expected.length} of them`} expected: the target lacks what the dependencies check names)`
        : '';
    const check = classification.fatal || harmful.length > 0
        ? fail('restore', 'restore-failed', `pg_restore exited ${restored.exitCode}${classification.fatal ? ' and stopped early' : ''}; ${harmful.length} error(s) outside the harmless list${explained}: ${harmful
            .slice(0, 3)
            .map((e) => e.message)
            .join(' | ')}`, restored.seconds)
        : pass('restore', `pg_restore ${pgRestore.version} finished${classification.errors.length ? ` (${classification.errors.length} harmless error(s) ignored)` : ''}`, restored.seconds);
    return { check, restoreErrors };
}
/**
 * Inspects the restored database with the backup's own inspection code and
 * compares it with the manifest. Never throws: every problem becomes a failed
 * check (validation-failed) so the caller can still report the rest.
 */
async function validateRestored(target, manifest, options) {
    const started = performance.now();
    let client;
    try {
        client = await connect(target, {
            inputName: options.inputName,
            applicationName: 'backup-drill validate'
        });
    }
    catch (error) {
        return {
            checks: [fail('validation', 'validation-failed', errorMessage(error))],
            differences: []
        };
    }
    try {
        const tables = manifest.inventory.tables.map(({ schema, name }) => ({ schema, name }));
        const found = await inspectDatabase(client, { schemas: manifest.scope.schemas, tables }, { contentHash: manifest.contentHash });
        const version = await client.query(`SELECT pg_catalog.current_setting('server_version_num')::int / 10000 AS major`);
        const all = [
            ...diffInventories(manifest.inventory, found, {
                compareContentHash: manifest.contentHash,
                acrossMajors: version.rows[0]?.major !== manifest.source.serverMajor
            }),
            ...(manifest.inventory.columns
                ? physicalOrderDifferences(await inspectColumnOrders(client, manifest.scope.schemas), found.tables.map((table) => `${table.schema}.${table.name}`))
                : [])
        ];
        const differences = options.accepted ? all.filter((d) => !options.accepted(d)) : all;
        const seconds = (performance.now() - started) / 1000;
        const checks = categoryChecks(manifest, differences, seconds);
        for (const d of differences) {
            options.logger.info(`difference: ${d.check} ${d.object}: expected ${d.expected}, found ${d.found}`);
        }
        if (options.validationSql) {
            checks.push(...(await runValidationSql(client, options.validationSql.text, options.validationSql.label)));
        }
        return { checks, differences };
    }
    catch (error) {
        return {
            checks: [
                fail('validation', 'validation-failed', `inspecting the restored database failed: ${errorMessage(error)}`)
            ],
            differences: []
        };
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
/**
 * Columns are compared by their place in the order pg_dump recreates each table, which an
 * inheritance child's physical order need not be. On the restored copy the two must agree (a
 * pg_dump script creates every table in that order); a table where they do not was restored some
 * other way, with columns elsewhere than the source's will be after a faithful restore. Pure.
 */
function physicalOrderDifferences(orders, tables) {
    return outOfRecreatedOrder(orders, tables).map(({ table, physical, recreated }) => ({
        check: 'column',
        object: table,
        expected: `column order ${recreated.join(', ')} (as pg_dump recreates it)`,
        found: `column order ${physical.join(', ')}`
    }));
}
/**
 * One check per kind of object, so the log reads like the SOP's checklist. A table missing from the
 * restore fails the row counts (and content hashes) as well: its rows are not there, and a pass line
 * such as "exact match" would be false. Other checks count only objects on tables that are present.
 */
function categoryChecks(manifest, differences, seconds) {
    const inv = manifest.inventory;
    const missing = new Set(differences.filter((d) => d.check === 'table').map((d) => d.object));
    const present = inv.tables.filter((t) => !missing.has(`${t.schema}.${t.name}`));
    const onPresent = (items) => items.filter((item) => !missing.has(item.table));
    const notCompared = missing.size > 0 ? ` (${missing.size} missing table(s) not compared)` : '';
    const rows = present.reduce((n, t) => n + t.rowCount, 0);
    // The rows of a missing table: one difference per table for the checks about rows.
    const lostRows = inv.tables
        .filter((t) => missing.has(`${t.schema}.${t.name}`))
        .map((t) => ({
        check: 'row-count',
        object: `${t.schema}.${t.name}`,
        expected: `${t.rowCount} rows`,
        found: 'table missing'
    }));
    const categories = [
        { name: 'tables present', kinds: ['table'], ok: `all ${inv.tables.length} tables present` },
        {
            name: 'row counts',
            kinds: ['row-count'],
            ok: `${present.length} tables, ${rows} rows, exact match`,
            also: lostRows
        },
        {
            name: 'constraints',
            kinds: ['constraint'],
            ok: `${onPresent(inv.constraints).length} constraints (PK/FK/unique/check) present, same definitions, validated${notCompared}`
        },
        {
            name: 'indexes',
            kinds: ['index'],
            ok: `${onPresent(inv.indexes).length} indexes present and valid${notCompared}`
        },
        {
            name: 'row-level security',
            kinds: ['rls', 'policy'],
            ok: `RLS on ${present.filter((t) => t.rlsEnabled).length} tables, ${onPresent(inv.policies).length} policies identical${notCompared}`
        },
        {
            name: 'sequences',
            kinds: ['sequence'],
            ok: `${inv.sequences.length} sequences present, none behind its column (or behind as in the source)`
        },
        {
            name: 'triggers',
            kinds: ['trigger'],
            ok: `${onPresent(inv.triggers).length} triggers present${notCompared}`
        },
        {
            name: 'columns and storage',
            kinds: ['column', 'table-definition'],
            ok: `${onPresent(inv.columns ?? []).length} columns in the same order and definition; access method, persistence, partitioning and inheritance equal${notCompared}`,
            applies: inv.columns !== undefined
        },
        {
            name: 'rules',
            kinds: ['rule'],
            ok: `${(inv.rules ?? []).length} rules present`,
            applies: inv.rules !== undefined
        },
        {
            name: 'views',
            kinds: ['view'],
            ok: `${(inv.views ?? []).length} views and materialized views with the same definitions, populated as in the source (a materialized view's rows are refreshed from the restored tables)`,
            applies: inv.views !== undefined
        },
        {
            name: 'functions',
            kinds: ['function'],
            ok: `${(inv.functions ?? []).length} functions, procedures and aggregates with the same definitions`,
            applies: inv.functions !== undefined
        },
        {
            name: 'types and domains',
            kinds: ['type', 'domain'],
            ok: `${(inv.types ?? []).length} types and ${(inv.domains ?? []).length} domains with the same definitions`,
            applies: inv.types !== undefined
        },
        {
            name: 'comments',
            kinds: ['comment'],
            ok: `${(inv.comments ?? []).length} comments present`,
            applies: inv.comments !== undefined
        },
        {
            name: 'content hashes',
            kinds: ['content-hash'],
            ok: `row content of ${present.length} tables hashes equal`,
            applies: manifest.contentHash,
            skipped: 'the backup was taken without content-hash',
            also: lostRows
        }
    ];
    return categories.map((category, index) => {
        const time = index === 0 ? seconds : undefined;
        if (category.applies === false)
            return skip(category.name, category.skipped ?? `not recorded in this format-${manifest.formatVersion} manifest`);
        const found = [
            ...(category.also ?? []),
            ...differences.filter((d) => category.kinds.includes(d.check))
        ];
        if (found.length === 0)
            return pass(category.name, category.ok, time);
        const shown = found
            .slice(0, 5)
            .map((d) => `${d.object}: expected ${d.expected}, found ${d.found}`)
            .join('; ');
        return fail(category.name, 'validation-failed', `${found.length} difference(s): ${shown}${found.length > 5 ? '; …' : ''}`, time);
    });
}

/**
 * The pipeline the drill and the production restore share: locate → verify →
 * guard → restore → judge → validate → further proofs → smoke. Runs every step
 * it still can and records each as checks; a corrupt backup is never restored.
 * Only the plan's guards throw (InputError); the download and any decrypted
 * copy are removed either way.
 */
async function proveRestore(plan, logger) {
    return withVerifiedBackup(plan.source, plan.verify, logger, plan.labels.verify, async (located, verified) => {
        const checks = [...verified.checks];
        const { manifest, pgRestore, archivePath } = verified;
        const proved = {
            located,
            manifest,
            checks,
            restoreErrors: [],
            differences: []
        };
        if (manifest)
            plan.refuseSource(manifest);
        if (!verified.ok || !manifest || !pgRestore) {
            checks.push(...plan.notVerified);
            return proved;
        }
        const prepared = await plan.prepareTarget({
            name: located.name,
            origin: located.origin,
            manifest,
            pgRestore,
            archivePath
        });
        checks.push(...prepared.checks);
        if (prepared.record)
            proved.target = prepared.record;
        if (!prepared.restore)
            return proved;
        const { mode, title, missingDependencies, acceptedDifference, afterLoad } = prepared.restore;
        const restored = await logger.group(title, () => restoreArchive({
            pgRestore,
            archive: archivePath,
            target: plan.target,
            targetInput: plan.targetInput,
            jobs: plan.jobs,
            mode
        }));
        const judged = judgeRestoreRun(restored, pgRestore, missingDependencies);
        proved.restoreErrors = judged.restoreErrors;
        checks.push(judged.check);
        if (afterLoad)
            checks.push(...(await afterLoad()));
        await plan.afterRestore?.(plan.target);
        const validated = await logger.group(plan.labels.validate, () => validateRestored(plan.target, manifest, {
            inputName: plan.targetInput,
            validationSql: plan.validationSql,
            accepted: acceptedDifference,
            logger
        }));
        checks.push(...validated.checks);
        for (const step of plan.proofSteps)
            checks.push(...(await step(plan.target, manifest)));
        proved.differences = validated.differences;
        const smoked = await logger.group(plan.labels.smoke, () => smokeStep(plan.smoke.command, plan.target, plan.smoke.skipDetail));
        checks.push(smoked.check);
        if (smoked.smoke)
            proved.smoke = smoked.smoke;
        return proved;
    });
}

/**
 * What a restore target's platform already manages. On Supabase the platform schemas (auth,
 * storage, extensions, realtime, ...) exist in every project and belong to platform roles; the
 * restoring role (`postgres`) is not a superuser and owns none of them. A restore must load
 * their data into the tables the platform made and leave their definitions alone. Read only.
 */
/** Roles that own the platform's schemas on Supabase. */
const PLATFORM_ROLES = [
    'supabase_admin',
    'supabase_auth_admin',
    'supabase_storage_admin',
    'supabase_realtime_admin'
];
/** Which schemas the platform owns on the target, and whether the replica role is allowed. */
async function inspectPlatformTarget(client) {
    const schemas = await client.query(`SELECT n.nspname AS schema, r.rolname AS owner
       FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
      WHERE r.rolname = ANY($1::text[]) ORDER BY 1`, [[...PLATFORM_ROLES]]);
    const role = await client.query(`SELECT current_user::text AS role, r.rolsuper AS superuser,
            pg_catalog.current_setting('server_version_num')::int / 10000 AS major
       FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`);
    const me = role.rows[0];
    let replicaAllowed = me.superuser;
    if (!replicaAllowed && me.major >= 15) {
        const granted = await client.query(`SELECT pg_catalog.has_parameter_privilege('session_replication_role', 'SET') AS allowed`);
        replicaAllowed = granted.rows[0]?.allowed === true;
    }
    return { role: me.role, platformSchemas: schemas.rows, replicaAllowed };
}
/** The tables of `schemas` on the target, with their columns and the objects on them. */
async function inspectManagedTables(client, schemas) {
    if (schemas.length === 0)
        return [];
    const tables = await client.query(`SELECT n.nspname AS schema, c.relname AS name, c.oid::int AS oid,
            pg_catalog.pg_get_userbyid(c.relowner) AS owner,
            pg_catalog.pg_has_role(c.relowner, 'USAGE') AS owner_privileges,
            pg_catalog.has_table_privilege(c.oid, 'TRIGGER') AS trigger_privilege,
            c.relrowsecurity AS rls
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[]) ORDER BY 1, 2`, [schemas]);
    const columns = await client.query(`SELECT a.attrelid::int AS oid, a.attname AS name,
            pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
            (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') AS filled,
            a.attgenerated <> '' AS generated
       FROM pg_catalog.pg_attribute a
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`, [tables.rows.map((t) => t.oid)]);
    const insertTriggers = await client.query(`SELECT tgrelid::int AS oid, tgname AS name FROM pg_catalog.pg_trigger
      WHERE tgrelid = ANY($1::oid[]) AND NOT tgisinternal AND tgenabled <> 'D' AND (tgtype & 4) <> 0
      ORDER BY 2`, [tables.rows.map((t) => t.oid)]);
    const objects = await client.query(`SELECT tgrelid::int AS oid, 'triggers' AS kind, tgname AS name FROM pg_catalog.pg_trigger
      WHERE tgrelid = ANY($1::oid[]) AND NOT tgisinternal
     UNION ALL SELECT polrelid::int, 'policies', polname FROM pg_catalog.pg_policy WHERE polrelid = ANY($1::oid[])
     UNION ALL SELECT i.indrelid::int, 'indexes', c.relname FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ANY($1::oid[])
     UNION ALL SELECT conrelid::int, 'constraints', conname FROM pg_catalog.pg_constraint WHERE conrelid = ANY($1::oid[])`, [tables.rows.map((t) => t.oid)]);
    const functions = await client.query(`SELECT t.tgrelid::int AS oid, n.nspname AS schema, p.proname AS name,
            pg_catalog.pg_get_function_identity_arguments(p.oid) AS args
       FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
       JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
      WHERE t.tgrelid = ANY($1::oid[]) AND NOT t.tgisinternal`, [tables.rows.map((t) => t.oid)]);
    const result = [];
    for (const table of tables.rows) {
        const rows = await client
            .query(`SELECT 1 FROM ${quote$1(table.schema)}.${quote$1(table.name)} LIMIT 1`)
            .then((r) => (r.rowCount ?? 0) > 0, 
        // A table the role may not read: treat as holding rows, so nothing is loaded over it unasked.
        () => true);
        const mine = objects.rows.filter((o) => o.oid === table.oid);
        const named = (kind) => mine.filter((o) => o.kind === kind).map((o) => o.name);
        result.push({
            schema: table.schema,
            name: table.name,
            owner: table.owner,
            ownerPrivileges: table.owner_privileges,
            triggerPrivilege: table.trigger_privilege,
            rlsEnabled: table.rls,
            hasRows: rows,
            columns: columns.rows
                .filter((c) => c.oid === table.oid)
                .map(({ name, type, notNull, filled, generated }) => ({
                name,
                type,
                notNull,
                filled,
                generated
            })),
            triggerFunctions: functions.rows
                .filter((f) => f.oid === table.oid)
                .map(({ schema, name, args }) => ({ schema, name, args })),
            insertTriggers: insertTriggers.rows.filter((t) => t.oid === table.oid).map((t) => t.name),
            objects: {
                triggers: named('triggers'),
                policies: named('policies'),
                indexes: named('indexes'),
                constraints: named('constraints')
            }
        });
    }
    return result;
}
const quote$1 = (name) => `"${name.replace(/"/g, '""')}"`;

/**
 * The state of the scratch database before a drill writes anything, and what
 * the drill may do with it. A drill writes only into a database it may own:
 * one that is empty in the schemas the backup restores, or one that carries
 * the marker a previous drill left. Production is never empty in those schemas
 * (the backup came from there) and never carries the marker, so this refusal
 * holds even when every URL comparison was fooled.
 */
/**
 * Where a drill marks the database it restored into: a schema of its own,
 * outside every restored schema, whose comment names what the drills restored.
 * A comment, not a table: nothing in it can be counted as data. (Declared with
 * the input names, because a backup's scope may not name it.)
 */
const MARKER_SCHEMA = DRILL_MARKER_SCHEMA;
const MARKER_PREFIX = 'backup-drill scratch marker ';
/** The marker comment for the schemas drills restored into this database. */
function markerComment(schemas) {
    return `${MARKER_PREFIX}${JSON.stringify({ schemas: [...new Set(schemas)].sort() })}`;
}
/** Decides what the drill may do with the scratch database (pure). */
function decideScratch(state, options) {
    const restored = options.schemas.join(', ');
    if (state.marker) {
        const schemas = [...new Set([...state.marker.schemas, ...options.schemas])].sort();
        return {
            action: 'reset',
            schemas,
            reason: `it carries the marker of an earlier drill (schema ${MARKER_SCHEMA}): emptying ${schemas.join(', ')}${state.largeObjects ? ` and removing ${state.largeObjects} large object(s)` : ''}, then restoring without --clean`
        };
    }
    const foreign = describeContent(state, options.largeObjects);
    if (!foreign) {
        return {
            action: 'restore',
            reason: `it is empty in ${restored}: restoring without --clean`
        };
    }
    if (options.overwrite) {
        return {
            action: 'overwrite',
            reason: `overwrite-scratch is set and it already holds ${foreign}: restoring with pg_restore --clean --if-exists, which drops the backup's objects there first`
        };
    }
    return {
        action: 'refuse',
        reason: `it already holds ${foreign} and carries no marker of an earlier drill (schema ${MARKER_SCHEMA}), so it may be a real database. Point scratch-db-url at an empty database, or set overwrite-scratch to true (CLI --overwrite-scratch true) to restore over it with pg_restore --clean`
    };
}
/** "3 object(s) in public (table public.x, ...)", or undefined when there is nothing. */
function describeContent(state, largeObjects) {
    const parts = [];
    if (state.objects.length > 0) {
        const shown = state.objects
            .slice(0, 5)
            .map((o) => `${o.type} ${o.identity}`)
            .join(', ');
        const schemas = [...new Set(state.objects.map((o) => o.schema))].join(', ');
        parts.push(`${state.objects.length} object(s) in ${schemas} (${shown}${state.objects.length > 5 ? ', …' : ''})`);
    }
    // The backup brings large objects, which belong to no schema: existing ones would be counted too.
    if (largeObjects && state.largeObjects > 0)
        parts.push(`${state.largeObjects} large object(s)`);
    return parts.length ? parts.join(' and ') : undefined;
}
/** Reads the scratch database's state; writes nothing. */
async function inspectScratch(client, schemas, extensions) {
    const objects = await objectsInSchemas(client, schemas, extensions);
    const los = await client.query('SELECT count(*)::int AS n FROM pg_catalog.pg_largeobject_metadata');
    return { objects, largeObjects: los.rows[0].n, marker: await readMarker(client) };
}
/**
 * Every object that lives in `schemas`, except `extensions` installed where
 * the manifest says (the drill would prepare exactly those). An extension's
 * members are represented by the extension. Objects that follow another
 * (indexes, array and row types, TOAST, a range's multirange, an identity
 * column's sequence) are left out: they go with their owner.
 */
async function objectsInSchemas(client, schemas, extensions) {
    const result = await client.query(`WITH expected AS (
       SELECT e.oid FROM pg_catalog.pg_extension e
         JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
         JOIN ROWS FROM (pg_catalog.unnest($2::text[]), pg_catalog.unnest($3::text[])) AS x(name, schema)
           ON x.name = e.extname AND x.schema = n.nspname
     ), objects (classid, objid, namespace) AS (
       SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, oid, relnamespace FROM pg_catalog.pg_class
        WHERE relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
       UNION ALL SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, oid, pronamespace FROM pg_catalog.pg_proc
       UNION ALL SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, oid, typnamespace FROM pg_catalog.pg_type
        WHERE (typtype IN ('b', 'd', 'e', 'r') AND typcategory <> 'A')
           OR (typtype = 'c' AND (SELECT relkind FROM pg_catalog.pg_class WHERE oid = typrelid) = 'c')
       UNION ALL SELECT 'pg_catalog.pg_collation'::pg_catalog.regclass, oid, collnamespace FROM pg_catalog.pg_collation
       UNION ALL SELECT 'pg_catalog.pg_operator'::pg_catalog.regclass, oid, oprnamespace FROM pg_catalog.pg_operator
       UNION ALL SELECT 'pg_catalog.pg_opfamily'::pg_catalog.regclass, oid, opfnamespace FROM pg_catalog.pg_opfamily
       UNION ALL SELECT 'pg_catalog.pg_conversion'::pg_catalog.regclass, oid, connamespace FROM pg_catalog.pg_conversion
       UNION ALL SELECT 'pg_catalog.pg_ts_config'::pg_catalog.regclass, oid, cfgnamespace FROM pg_catalog.pg_ts_config
       UNION ALL SELECT 'pg_catalog.pg_ts_dict'::pg_catalog.regclass, oid, dictnamespace FROM pg_catalog.pg_ts_dict
       UNION ALL SELECT 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass, oid, stxnamespace FROM pg_catalog.pg_statistic_ext
       UNION ALL SELECT 'pg_catalog.pg_extension'::pg_catalog.regclass, oid, extnamespace FROM pg_catalog.pg_extension
         WHERE oid NOT IN (SELECT oid FROM expected)
     )
     SELECT n.nspname AS schema, ident.type, ident.identity
       FROM objects o
       JOIN pg_catalog.pg_namespace n ON n.oid = o.namespace
       CROSS JOIN LATERAL pg_catalog.pg_identify_object(o.classid, o.objid, 0) AS ident
      WHERE n.nspname = ANY($1::text[])
        AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                         WHERE d.classid = o.classid AND d.objid = o.objid AND d.objsubid = 0
                           AND d.deptype IN ('e', 'i'))
      ORDER BY (ident.type = 'extension') DESC, 1, 2, 3`, [schemas, extensions.map((e) => e.name), extensions.map((e) => e.schema)]);
    return result.rows;
}
/** The schemas earlier drills restored, from the marker comment; undefined without one. */
async function readMarker(client) {
    const result = await client.query(`SELECT pg_catalog.obj_description(oid, 'pg_namespace') AS comment
       FROM pg_catalog.pg_namespace WHERE nspname = $1`, [MARKER_SCHEMA]);
    const comment = result.rows[0]?.comment;
    if (!comment?.startsWith(MARKER_PREFIX))
        return undefined;
    try {
        const parsed = JSON.parse(comment.slice(MARKER_PREFIX.length));
        const schemas = Array.isArray(parsed.schemas) ? parsed.schemas.map(String) : [];
        return { schemas };
    }
    catch {
        return undefined;
    }
}

/**
 * Writes that make a scratch database ready for pg_restore, each logged: reset
 * what an earlier drill restored (only when its marker is there), mark the
 * database as this drill's, and install the extensions the backup's schemas
 * use (a scope-only dump never creates them).
 */
const quote = pg.escapeIdentifier;
/**
 * Empties `schemas` in place (never DROP SCHEMA: public keeps its grants, which
 * platform roles rely on) and removes every large object. Only for a database
 * carrying the drill marker.
 */
async function resetScratch(client, schemas, logger) {
    const failures = [];
    // Extensions come first in the list: dropping one takes its members along.
    for (const object of await objectsInSchemas(client, schemas, [])) {
        const statement = `DROP ${dropKeyword(object)} IF EXISTS ${object.identity} CASCADE`;
        try {
            await client.query(statement);
        }
        catch (error) {
            failures.push(`${statement}: ${errorMessage(error)}`);
        }
    }
    const unlinked = await client.query('SELECT count(pg_catalog.lo_unlink(oid))::int AS n FROM pg_catalog.pg_largeobject_metadata');
    const left = await objectsInSchemas(client, schemas, []);
    if (left.length > 0) {
        throw new EscalationError('restore-failed', `could not empty ${schemas.join(', ')} of the earlier drill: ${left
            .slice(0, 5)
            .map((o) => `${o.type} ${o.identity}`)
            .join(', ')} left${failures.length ? ` (${failures[0]})` : ''}`);
    }
    logger.info(`Emptied ${schemas.join(', ')} and removed ${unlinked.rows[0].n} large object(s) left by the earlier drill`);
}
/** DROP <keyword> for a pg_identify_object type. */
function dropKeyword(object) {
    if (object.type === 'composite type')
        return 'TYPE';
    if (object.type === 'statistics object')
        return 'STATISTICS';
    return object.type.toUpperCase();
}
/**
 * Marks the database as a drill's scratch target (schema backup_drill, outside
 * every restored schema; the mark is its comment, so validation and pg_dump
 * of the restored schemas never see it). A later drill may reset the schemas
 * the comment lists; a database without it is never reset.
 */
async function writeMarker(client, schemas) {
    const earlier = (await readMarker(client))?.schemas ?? [];
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${MARKER_SCHEMA}`);
    await client.query(`COMMENT ON SCHEMA ${MARKER_SCHEMA} IS ${pg.escapeLiteral(markerComment([...earlier, ...schemas]))}`);
}
/**
 * Installs each extension where the source had it (creating its schema when
 * missing). Returns a problem per extension that could not be prepared; the
 * restore still runs, and the statements needing it fail visibly.
 */
async function prepareExtensions(client, extensions, logger) {
    const problems = [];
    for (const extension of extensions) {
        const statement = `CREATE EXTENSION IF NOT EXISTS ${quote(extension.name)} WITH SCHEMA ${quote(extension.schema)}`;
        try {
            await client.query(`CREATE SCHEMA IF NOT EXISTS ${quote(extension.schema)}`);
            await client.query(statement);
            const installed = await client.query(`SELECT n.nspname AS schema, e.extversion AS version FROM pg_catalog.pg_extension e
           JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = $1`, [extension.name]);
            const found = installed.rows[0];
            if (found?.schema !== extension.schema) {
                problems.push(`extension ${extension.name} is installed in ${found?.schema ?? 'no schema'} on the scratch server, not in ${extension.schema} as in the source`);
                continue;
            }
            logger.info(`Prepared extension ${extension.name} ${found.version}: ${statement}`);
        }
        catch (error) {
            problems.push(`${statement} failed: ${errorMessage(error)}`);
        }
    }
    return problems;
}
/** The schemas among `schemas` that exist on the target (their CREATE SCHEMA is skipped). */
async function existingSchemas(client, schemas) {
    const result = await client.query('SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY 1', [schemas]);
    return result.rows.map((row) => row.name);
}
/**
 * Into a plain PostgreSQL (no platform): creates what the manifest says the backup needs from
 * outside its scope and the target lacks, where the need names it fully: a schema, an extension
 * in its schema (uuid-ossp and pgcrypto in `extensions` for a Supabase backup), a role the
 * policies name (NOLOGIN: it exists to be granted and switched to, never to log in). Returns the
 * statements that ran (for the log) and the ones that failed; other needs (a table, a function
 * outside the scope) stay with the dependencies check.
 */
async function prepareDependencies(client, missing, logger) {
    const statements = [];
    for (const need of missing) {
        let wanted = [];
        if (need.kind === 'schema' && need.probe.kind === 'schema')
            wanted = [`CREATE SCHEMA IF NOT EXISTS ${quote(need.probe.name)}`];
        else if (need.kind === 'role' && need.probe.kind === 'role')
            wanted = [`CREATE ROLE ${quote(need.probe.name)} NOLOGIN`];
        else if (need.kind === 'extension') {
            const schema = /^extension \S+ in schema (\S+)$/.exec(need.requirement)?.[1];
            if (schema) {
                const name = quote(schema.replace(/^"|"$/g, '').replace(/""/g, '"'));
                wanted = [
                    `CREATE SCHEMA IF NOT EXISTS ${name}`,
                    `CREATE EXTENSION IF NOT EXISTS ${quote(need.probe.name)} WITH SCHEMA ${name}`
                ];
            }
        }
        for (const statement of wanted)
            if (!statements.includes(statement))
                statements.push(statement);
    }
    return runPreparations(client, statements, logger);
}
/**
 * The roles the manifest's RLS proof becomes (`anon`, `authenticated`: the JWT role claims it
 * recorded) that the target lacks, as role needs for prepareDependencies. The proof sets each
 * role in the scratch, and a plain PostgreSQL (a fresh service container) has none of them even
 * when no policy names them.
 */
async function missingProofRoles(client, manifest) {
    const proof = manifest.rls;
    if (proof?.status !== 'recorded')
        return [];
    const roles = [
        ...new Set(proof.principals.filter((principal) => !principal.error).map((p) => p.role))
    ].sort();
    if (roles.length === 0)
        return [];
    const existing = await client.query('SELECT rolname AS name FROM pg_catalog.pg_roles WHERE rolname = ANY($1::text[])', [roles]);
    const present = new Set(existing.rows.map((row) => row.name));
    return roles
        .filter((role) => !present.has(role))
        .map((role) => ({
        kind: 'role',
        object: 'the RLS behaviour proof',
        needs: `role ${role}`,
        requirement: `role ${role}`,
        probe: { kind: 'role', name: role },
        fix: `create the role ${role} in the target`
    }));
}
/** Runs each statement on its own (one failing does not stop the rest), logged as it succeeds. */
async function runPreparations(client, statements, logger) {
    const prepared = [];
    const problems = [];
    for (const statement of statements) {
        try {
            await client.query(statement);
            prepared.push(statement);
            logger.info(`Prepared the target: ${statement}`);
        }
        catch (error) {
            problems.push(`${statement} failed: ${errorMessage(error)}`);
        }
    }
    return { prepared, problems };
}
/**
 * Empties the platform's tables a drill loads into (never their definitions): one TRUNCATE, so
 * the foreign keys among them allow it. Only for a scratch that carries the drill marker or that
 * overwrite-scratch gave over.
 */
async function emptyManagedTables(client, tables, logger) {
    if (tables.length === 0)
        return;
    const list = tables.map((t) => `${quote(t.schema)}.${quote(t.name)}`).join(', ');
    await client.query(`TRUNCATE ${list}`);
    logger.info(`Emptied the platform tables ${tables.map((t) => `${t.schema}.${t.name}`).join(', ')}`);
}
/**
 * The grants the source gave the API roles (pure). The backup carries no grants (pg_dump
 * --no-privileges, as the SOP's commands), so a restored copy lets `anon` and `authenticated`
 * read only what the target's default privileges give the role that re-created the tables:
 * nothing on a plain PostgreSQL, and nothing on Supabase either when the restore connected as
 * another role than the one those default privileges are for. The manifest's RLS proof says
 * which tables each API role could read in the source: those get the platform's grant (ALL;
 * row level security decides the rows), with USAGE on their schemas and on `auth` (its claim
 * functions are what the policies call). Tables a role could not read stay ungranted, so the
 * copy answers as the source did. Schemas in `platformSchemas` are the platform's to grant and
 * are left out. Without a recorded proof: nothing (nothing says what the source granted).
 */
function apiGrants(manifest, roles, platformSchemas = []) {
    const proof = manifest.rls;
    if (proof?.status !== 'recorded')
        return [];
    const readable = new Map();
    for (const principal of proof.principals) {
        if (!roles.includes(principal.role) || principal.error)
            continue;
        for (const table of Object.keys(principal.rows)) {
            readable.set(principal.role, (readable.get(principal.role) ?? new Set()).add(table));
        }
    }
    const grants = [];
    for (const [role, tables] of [...readable].sort(([a], [b]) => a.localeCompare(b))) {
        const keys = [...tables].sort();
        const schemas = [...new Set(keys.map((t) => t.slice(0, t.indexOf('.'))))];
        if (manifest.scope.schemas.includes('auth') && !schemas.includes('auth'))
            schemas.push('auth');
        const ours = (schema) => !platformSchemas.includes(schema);
        for (const schema of schemas.filter(ours))
            grants.push({ role, schema });
        for (const key of keys) {
            const at = key.indexOf('.');
            const schema = key.slice(0, at);
            if (ours(schema))
                grants.push({ role, schema, table: key.slice(at + 1) });
        }
    }
    return grants;
}
/** The GRANT statement of one ApiGrant. */
const grantStatement = (grant) => grant.table === undefined
    ? `GRANT USAGE ON SCHEMA ${quote(grant.schema)} TO ${quote(grant.role)}`
    : `GRANT ALL ON TABLE ${quote(grant.schema)}.${quote(grant.table)} TO ${quote(grant.role)}`;
/**
 * Gives the API roles the source's grants (apiGrants) that the restored target lacks, each
 * statement logged; a grant the target already gives (Supabase's default privileges for the
 * restoring role) is not repeated, so the log lists only what the restore had to add.
 */
async function prepareApiGrants(client, manifest, logger, platformSchemas = []) {
    const roles = await client.query(`SELECT rolname AS name FROM pg_catalog.pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role')`);
    const grants = apiGrants(manifest, roles.rows.map((r) => r.name), platformSchemas);
    if (grants.length === 0)
        return { prepared: [], problems: [] };
    // USAGE for a schema, SELECT for a table: what the RLS proof's reads need. Something the
    // restore did not create counts as held: validation names it, a GRANT would only fail.
    const held = await client.query(`SELECT CASE WHEN g.tbl IS NULL
                 THEN pg_catalog.to_regnamespace(pg_catalog.quote_ident(g.schema)) IS NULL
                   OR pg_catalog.has_schema_privilege(g.role, g.schema, 'USAGE')
                 ELSE pg_catalog.to_regclass(pg_catalog.quote_ident(g.schema) || '.' || pg_catalog.quote_ident(g.tbl)) IS NULL
                   OR pg_catalog.has_table_privilege(g.role,
                        pg_catalog.quote_ident(g.schema) || '.' || pg_catalog.quote_ident(g.tbl), 'SELECT')
            END AS held
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS g(role, schema, tbl, n)
      ORDER BY g.n`, [grants.map((g) => g.role), grants.map((g) => g.schema), grants.map((g) => g.table ?? null)]);
    const missing = grants.filter((_, index) => held.rows[index]?.held !== true);
    return runPreparations(client, missing.map(grantStatement), logger);
}
/**
 * After the data is in: connects and gives the API roles the grants the source gave them
 * and the target lacks (prepareApiGrants), each statement added to `record`. A check only when something failed.
 */
async function finishApiGrants(target, inputName, manifest, preparations, logger, platformSchemas = []) {
    let client;
    try {
        client = await connect(target, { inputName, applicationName: 'backup-drill prepare' });
        const done = await prepareApiGrants(client, manifest, logger, platformSchemas);
        preparations.push(...done.prepared);
        return done.problems.length
            ? [fail('api grants', 'restore-failed', done.problems.join('; '))]
            : [];
    }
    catch (error) {
        return [fail('api grants', 'restore-failed', errorMessage(error))];
    }
    finally {
        await client?.end().catch(() => undefined);
    }
}

/**
 * The documented rule (docs/target-kind.md#version-skew): a target column the backup lacks is fine
 * when the rows load without it (nullable, a default, an identity or generated column: a note); a
 * backup column the target lacks, a different type, a NOT NULL target column without a default,
 * or a missing table blocks the table's data (COPY could only fail or lose values).
 */
function versionSkew(manifest, managedSchemas, targetTables) {
    const columns = manifest.inventory.columns;
    const byKey = new Map(targetTables.map((t) => [`${t.schema}.${t.name}`, t]));
    const differences = [];
    for (const table of manifest.inventory.tables) {
        if (!managedSchemas.has(table.schema))
            continue;
        const key = `${table.schema}.${table.name}`;
        const target = byKey.get(key);
        if (!target) {
            differences.push({
                table: key,
                column: '(table)',
                backup: 'present',
                target: 'missing',
                verdict: 'blocks',
                reason: 'the target has no such table: its rows have nowhere to go'
            });
            continue;
        }
        // A format-1 manifest recorded no columns: nothing to compare, the COPY decides.
        if (!columns)
            continue;
        const wanted = columns.filter((c) => c.table === key);
        const have = new Map(target.columns.map((c) => [c.name, c]));
        for (const column of wanted) {
            const got = have.get(column.name);
            if (!got) {
                differences.push({
                    table: key,
                    column: column.name,
                    backup: column.type,
                    target: 'missing',
                    verdict: 'blocks',
                    reason: "the backup's rows carry values for this column and the target has nowhere to put them"
                });
            }
            else if (got.type !== column.type) {
                differences.push({
                    table: key,
                    column: column.name,
                    backup: column.type,
                    target: got.type,
                    verdict: 'blocks',
                    reason: 'the column has another type in the target: values may not load or may change'
                });
            }
            else if ((column.generated !== null) !== got.generated) {
                differences.push({
                    table: key,
                    column: column.name,
                    backup: column.generated !== null ? `${column.type} generated` : column.type,
                    target: got.generated ? `${got.type} generated` : got.type,
                    verdict: 'blocks',
                    reason: 'generated in one and not the other: the data cannot load as dumped'
                });
            }
        }
        const known = new Set(wanted.map((c) => c.name));
        for (const got of target.columns) {
            if (known.has(got.name))
                continue;
            const loads = !got.notNull || got.filled;
            differences.push({
                table: key,
                column: got.name,
                backup: 'missing',
                target: got.type,
                verdict: loads ? 'note' : 'blocks',
                reason: loads
                    ? `the target's newer column is ${got.filled ? 'filled by its default' : 'left NULL'} for the restored rows`
                    : "the target's column is NOT NULL without a default: the backup's rows have no value for it"
            });
        }
    }
    return differences;
}
/**
 * Filters the archive's listing for the managed schemas: their TABLE DATA (except tables version
 * skew blocks) and SEQUENCE SET entries stay; of their post-data entries only the objects the
 * target does not have stay (the app's; the platform's exist), when the role may create them;
 * every other entry in a managed schema (its CREATE SCHEMA, tables, types, functions, comments,
 * defaults) is commented out: the platform made them. Entries in other schemas stay untouched.
 */
function planManagedListing(listing, manifest, managedSchemas, targetTables, blocked) {
    const byKey = new Map(targetTables.map((t) => [`${t.schema}.${t.name}`, t]));
    const inv = manifest.inventory;
    const managedTables = inv.tables.filter((t) => managedSchemas.has(t.schema));
    const appObjects = [];
    const notCreatable = [];
    const alreadyPresent = [];
    const onTables = [];
    const split = (key) => {
        const at = key.indexOf('.');
        return { schema: key.slice(0, at), name: key.slice(at + 1) };
    };
    const add = (desc, table, name, kind, tag) => {
        const { schema } = split(table);
        if (managedSchemas.has(schema))
            onTables.push({ prefix: `${desc} ${schema} ${listedName(tag)} `, table, name, kind });
    };
    for (const t of inv.triggers)
        add('TRIGGER', t.table, t.name, 'trigger', `${split(t.table).name} ${t.name}`);
    for (const p of inv.policies)
        add('POLICY', p.table, p.name, 'policy', `${split(p.table).name} ${p.name}`);
    for (const c of inv.constraints) {
        const desc = c.type === 'f' ? 'FK CONSTRAINT' : c.type === 'c' ? 'CHECK CONSTRAINT' : 'CONSTRAINT';
        add(desc, c.table, c.name, 'constraint', `${split(c.table).name} ${c.name}`);
    }
    for (const i of inv.indexes)
        add('INDEX', i.table, i.name, 'index', i.name);
    for (const t of managedTables) {
        if (t.rlsEnabled)
            add('ROW SECURITY', `${t.schema}.${t.name}`, '', 'row security', t.name);
    }
    const keep = (entry) => {
        const schema = schemaOf(entry);
        if (schema === undefined || !managedSchemas.has(schema))
            return true;
        if (entry.rest.startsWith('SEQUENCE SET '))
            return true;
        if (entry.rest.startsWith('TABLE DATA ')) {
            const table = managedTables.find((t) => entry.rest.startsWith(`TABLE DATA ${t.schema} ${listedName(t.name)} `));
            return table !== undefined && !blocked.has(`${table.schema}.${table.name}`);
        }
        // Longest prefix first: `a b` must not claim the entry of `a b c`.
        const object = onTables
            .filter((o) => entry.rest.startsWith(o.prefix))
            .sort((a, b) => b.prefix.length - a.prefix.length)[0];
        if (!object)
            return false;
        const target = byKey.get(object.table);
        if (!target || blocked.has(object.table))
            return false;
        const existing = object.kind === 'trigger'
            ? target.objects.triggers
            : object.kind === 'policy'
                ? target.objects.policies
                : object.kind === 'index'
                    ? target.objects.indexes
                    : object.kind === 'constraint'
                        ? target.objects.constraints
                        : [];
        const label = object.kind === 'row security'
            ? `row level security on ${object.table}`
            : `${object.kind} ${object.name} on ${object.table}`;
        const allowed = object.kind === 'trigger' ? target.triggerPrivilege : target.ownerPrivileges;
        if (object.kind === 'row security' ? target.rlsEnabled : existing.includes(object.name)) {
            // Constraints are the table's shape, the platform's; only name what an app adds.
            if (!allowed && object.kind !== 'constraint' && object.kind !== 'row security')
                alreadyPresent.push(label);
            return false;
        }
        if (!allowed) {
            notCreatable.push({ object: label, owner: target.owner });
            return false;
        }
        appObjects.push(label);
        return true;
    };
    return { listing: keepEntries(listing, keep), appObjects, notCreatable, alreadyPresent };
}
/** The TOC descriptions of more than one word, longest first (pg_dump's names). */
const MULTI_WORD = [
    'MATERIALIZED VIEW DATA',
    'TEXT SEARCH CONFIGURATION',
    'TEXT SEARCH DICTIONARY',
    'TEXT SEARCH TEMPLATE',
    'TEXT SEARCH PARSER',
    'FOREIGN DATA WRAPPER',
    'SEQUENCE OWNED BY',
    'MATERIALIZED VIEW',
    'CHECK CONSTRAINT',
    'OPERATOR FAMILY',
    'OPERATOR CLASS',
    'FOREIGN SERVER',
    'PUBLICATION TABLE',
    'FOREIGN TABLE',
    'EVENT TRIGGER',
    'FK CONSTRAINT',
    'INDEX ATTACH',
    'LARGE OBJECT',
    'ROW SECURITY',
    'SEQUENCE SET',
    'USER MAPPING',
    'DEFAULT ACL',
    'TABLE ATTACH',
    'TABLE DATA'
];
/** The schema field of a TOC entry (`-` for objects outside schemas: undefined). */
function schemaOf(entry) {
    const desc = MULTI_WORD.find((d) => entry.rest.startsWith(`${d} `)) ?? entry.rest.split(' ', 1)[0];
    const schema = entry.rest.slice(desc.length + 1).split(' ', 1)[0];
    return schema === undefined || schema === '-' ? undefined : schema;
}
/**
 * The listing with the TABLE DATA of managed tables ordered so that a referenced table loads
 * before the tables referencing it (the manifest's foreign keys). Needed only where the replica
 * role is not allowed: the platform's foreign keys are live while the data loads, so the
 * restore runs that data serially in this order.
 */
function orderManagedData(listing, manifest, managedSchemas) {
    const lines = listing.split('\n');
    const dataLine = (line) => {
        const entry = parseToc(line)[0];
        return entry?.rest.startsWith('TABLE DATA ') && managedSchemas.has(schemaOf(entry) ?? '');
    };
    const indexes = lines.flatMap((line, index) => (dataLine(line) ? [index] : []));
    const tableOf = (line) => manifest.inventory.tables.find((t) => parseToc(line)[0].rest.startsWith(`TABLE DATA ${t.schema} ${listedName(t.name)} `));
    const references = new Map();
    for (const c of manifest.inventory.constraints) {
        if (c.type !== 'f')
            continue;
        const target = /REFERENCES\s+((?:"[^"]+"|[^\s(.]+)\.(?:"[^"]+"|[^\s(]+))/.exec(c.definition);
        if (!target)
            continue;
        const key = target[1].replace(/"/g, '');
        if (key === c.table)
            continue;
        references.set(c.table, (references.get(c.table) ?? new Set()).add(key));
    }
    const pending = indexes.map((i) => ({ line: lines[i], table: tableOf(lines[i]) }));
    const ordered = [];
    const placed = new Set();
    while (pending.length > 0) {
        const keys = new Set(pending.map((p) => (p.table ? `${p.table.schema}.${p.table.name}` : '')));
        const next = pending.findIndex((p) => {
            const key = p.table ? `${p.table.schema}.${p.table.name}` : '';
            return [...(references.get(key) ?? [])].every((r) => placed.has(r) || !keys.has(r));
        }) ?? 0;
        const [item] = pending.splice(next < 0 ? 0 : next, 1);
        ordered.push(item.line);
        if (item.table)
            placed.add(`${item.table.schema}.${item.table.name}`);
    }
    indexes.forEach((lineIndex, i) => (lines[lineIndex] = ordered[i]));
    return lines.join('\n');
}
/**
 * For a --clean restore into a target whose platform tables carry triggers calling functions of
 * the backup's own schemas (the app's on_auth_user_created): pg_restore would DROP the function,
 * which fails while the trigger depends on it, and the role may not drop a trigger on a table the
 * platform owns. So those functions' entries are left out: the target keeps its function (and the
 * trigger), and validation compares its definition with the manifest's. Returns the use-list and
 * the functions kept (`schema.name(args)`).
 */
function keepTriggerFunctions(listing, targetTables, userSchemas) {
    const functions = targetTables
        .flatMap((t) => t.triggerFunctions)
        .filter((f) => userSchemas.has(f.schema));
    const kept = new Set();
    const result = keepEntries(listing, (entry) => {
        const match = functions.find((f) => entry.rest.startsWith(`FUNCTION ${f.schema} ${listedName(f.name)}(${f.args}) `));
        if (!match)
            return true;
        kept.add(`${match.schema}.${match.name}(${match.args})`);
        return false;
    });
    return { listing: result, kept: [...kept] };
}

/** The target's kind, from the input and what the target shows (pure). */
function resolveTargetKind(requested, platform) {
    const owned = platform.platformSchemas.map((s) => `${s.schema} (${s.owner})`).join(', ');
    if (requested !== 'auto') {
        return {
            kind: requested,
            detail: `target-kind ${requested} (given)${owned ? `; platform schemas there: ${owned}` : ''}`
        };
    }
    return platform.platformSchemas.length > 0
        ? { kind: 'supabase', detail: `detected supabase: schemas owned by platform roles: ${owned}` }
        : {
            kind: 'postgres',
            detail: 'detected postgres: no schema is owned by a platform role (supabase_admin, supabase_auth_admin, supabase_storage_admin)'
        };
}
/**
 * Connects to the database a restore writes into, to inspect and prepare it
 * (the drill's scratch, the production target). A connection that fails is
 * the `restore-failed` check `checkName`, not a throw: the run reports it with
 * the other checks and restores nothing.
 */
async function connectRestoreTarget(target, options, checkName) {
    try {
        return { client: await connect(target, options) };
    }
    catch (error) {
        return { check: fail(checkName, 'restore-failed', errorMessage(error)) };
    }
}
/** Inspects the target (read only) and decides how this backup is restored into it. */
async function planTarget(client, requested, manifest) {
    const platform = await inspectPlatformTarget(client);
    const { kind, detail } = resolveTargetKind(requested, platform);
    const owned = new Set(platform.platformSchemas.map((s) => s.schema));
    const managedSchemas = kind === 'supabase' ? manifest.scope.schemas.filter((s) => owned.has(s)) : [];
    const managedTables = await inspectManagedTables(client, managedSchemas);
    const skew = versionSkew(manifest, new Set(managedSchemas), managedTables);
    const replica = managedSchemas.length > 0 && platform.replicaAllowed;
    const loaded = new Set(manifest.inventory.tables.map((t) => `${t.schema}.${t.name}`));
    // A restore never fires triggers (pg_restore creates its own after the data); a platform
    // table's trigger that this role can neither silence nor drop would run for every row loaded.
    const firing = replica
        ? []
        : managedTables.filter((t) => loaded.has(`${t.schema}.${t.name}`) && t.insertTriggers.length);
    return {
        kind,
        detail,
        role: platform.role,
        managedSchemas,
        managedTables,
        replica,
        skew,
        firingTriggers: firing.flatMap((t) => t.insertTriggers.map((trigger) => `${trigger} on ${t.schema}.${t.name}`)),
        blocked: new Set([
            ...skew.filter((d) => d.verdict === 'blocks').map((d) => d.table),
            ...firing.map((t) => `${t.schema}.${t.name}`)
        ])
    };
}
/** The schemas a restore creates and fills itself (the backup's, minus the managed ones). */
const userSchemas = (plan, manifest) => manifest.scope.schemas.filter((s) => !plan.managedSchemas.includes(s));
/** The tables of the manifest that the target's platform manages and that exist there. */
function managedTablesOfBackup(plan, manifest) {
    const keys = new Set(manifest.inventory.tables.map((t) => `${t.schema}.${t.name}`));
    return plan.managedTables.filter((t) => keys.has(`${t.schema}.${t.name}`));
}
/** The `version skew` check: notes pass, anything that blocks data fails naming table and column. */
function skewCheck(plan) {
    if (plan.managedSchemas.length === 0)
        return undefined;
    const describe = (d) => `${d.table}${d.column === '(table)' ? '' : `.${d.column}`}: backup ${d.backup}, target ${d.target} (${d.reason})`;
    const blocking = plan.skew.filter((d) => d.verdict === 'blocks');
    const notes = plan.skew.filter((d) => d.verdict === 'note');
    const tables = managedTableCount(plan);
    if (blocking.length > 0) {
        return fail('version skew', 'restore-failed', `${blocking.length} difference(s) between the backup and the target's platform tables block their data, which was not restored: ${blocking.map(describe).join('; ')}${notes.length ? `; note: ${notes.map(describe).join('; ')}` : ''}`);
    }
    return pass('version skew', `the ${tables} platform table(s) of ${plan.managedSchemas.join(', ')} take the backup's rows${notes.length ? ` (note: ${notes.map(describe).join('; ')})` : ' (same columns)'}`);
}
const managedTableCount = (plan) => plan.managedTables.length;
/**
 * The `platform triggers` check, only without the replica role: INSERT triggers the target
 * has on platform tables the backup loads fail it (those tables' data is not restored),
 * naming each trigger and the grant that lets the restore keep them quiet.
 */
function firingTriggerCheck(plan) {
    if (plan.firingTriggers.length === 0)
        return undefined;
    return fail('platform triggers', 'restore-failed', `${plan.firingTriggers.join(', ')} would fire for every row loaded, and role ${plan.role} may not set session_replication_role = replica to keep them quiet (nor drop them): their tables' data was not restored. Fix: GRANT SET ON PARAMETER session_replication_role TO ${plan.role} (PostgreSQL 15+; Supabase grants it to postgres), or restore as a superuser`);
}
/** The use-list for a target with managed schemas, and the check about the app's objects on platform tables. */
function managedRestoreListing(plan, manifest, listing, clean = false) {
    if (plan.managedSchemas.length === 0)
        return { listing, check: undefined, planned: undefined };
    const managed = new Set(plan.managedSchemas);
    const planned = planManagedListing(listing, manifest, managed, plan.managedTables, plan.blocked);
    const kept = clean
        ? keepTriggerFunctions(planned.listing, plan.managedTables, new Set(userSchemas(plan, manifest)))
        : { listing: planned.listing, kept: [] };
    const ordered = plan.replica ? kept.listing : orderManagedData(kept.listing, manifest, managed);
    const check = planned.notCreatable.length
        ? fail('platform tables', 'restore-failed', `${planned.notCreatable.length} object(s) the app added to platform tables cannot be created by role ${plan.role}, which lacks the table owner's privileges: ${planned.notCreatable.map((o) => `${o.object} (owner ${o.owner})`).join('; ')}. Drill as a role with the owner's privileges (on a self-hosted or local Supabase, supabase_admin), or re-create them through the platform (docs/target-kind.md#objects-on-platform-tables)`)
        : pass('platform tables', `data only into the platform's tables of ${plan.managedSchemas.join(', ')}${planned.appObjects.length ? `; the app's own objects on them restored: ${planned.appObjects.join(', ')}` : ''}${presentNote(planned.alreadyPresent, plan.role)}${kept.kept.length ? `; kept the target's ${kept.kept.join(', ')} (a trigger on a platform table calls it, which this role may not drop; validation compares its definition)` : ''}; loaded with ${plan.replica ? 'session_replication_role = replica (triggers and foreign keys quiet while loading)' : 'foreign keys live, in reference order, one table at a time (session_replication_role = replica not allowed to this role)'}`);
    return { listing: ordered, check, planned };
}
/** How many already-present objects the check names (a hosted project's auth tables carry dozens of the platform's indexes). */
const PRESENT_NAMED = 12;
/** The passing check's note on objects the role could not create but the target already has. */
function presentNote(present, role) {
    if (present.length === 0)
        return '';
    // Policies first: the platform ships none on its tables, so they are the app's.
    const order = (o) => (o.startsWith('policy ') ? 0 : o.startsWith('trigger ') ? 1 : 2);
    const sorted = [...present].sort((a, b) => order(a) - order(b));
    const named = sorted.slice(0, PRESENT_NAMED).join(', ');
    const more = sorted.length > PRESENT_NAMED ? ` and ${sorted.length - PRESENT_NAMED} more` : '';
    return `; already present in the target, not re-created (role ${role} lacks the table owner's privileges; validation compares their definitions): ${named}${more}`;
}
/** Differences validation must not count against a restore: target columns the skew rule accepted. */
function acceptedSkew(plan) {
    const notes = plan.skew.filter((d) => d.verdict === 'note');
    const columns = new Set(notes.map((d) => `${d.table}.${d.column}`));
    const tables = new Set(notes.map((d) => d.table));
    return (d) => (d.check === 'column' && columns.has(d.object)) ||
        // The row hash covers every column of the target's row, the accepted one too.
        (d.check === 'content-hash' && tables.has(d.object));
}

/**
 * The production guard's second line, after the spelling check: connect to
 * the scratch target (nothing is written) and compare the server and database
 * it really reached with production's. A DNS alias, the host name, a unix
 * socket, a hostaddr or a service entry cannot hide production from this.
 */
/** Connects to `target` and reads its identity; a connection failure is an EscalationError (`condition`). */
async function identifyTarget(target, logger, condition = 'restore-failed') {
    const client = await connectOrEscalate(condition, target, {
        inputName: target.inputName,
        applicationName: 'backup-drill identity'
    });
    try {
        const { identity, note } = await readServerIdentity(client);
        if (note)
            logger.warning(`${target.inputName}: ${note}`, { title: 'Target identity' });
        return identity;
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
/**
 * The scratch target's identity, refused (InputError, exit 2, before any
 * write) when it is db-url's database. db-url is only read; when it cannot be
 * reached the drill goes on with a warning (the backup's recorded identity is
 * checked as soon as the manifest is read).
 */
async function identifyScratch(scratch, production, logger) {
    const identity = await identifyTarget(scratch, logger);
    logger.info(`Scratch target: ${describeIdentity(identity)}`);
    if (production) {
        const prod = await identifyTarget(production, logger).catch((error) => {
            logger.warning(`could not read db-url's identity (${errorMessage(error)}); relying on the backup's recorded source`, { title: 'Production guard' });
            return undefined;
        });
        if (prod)
            assertNotSameDatabase(identity, prod, 'db-url');
    }
    return identity;
}
/** Throws InputError (scratch-db-url) when `scratch` is the same database as `production`. */
function assertNotSameDatabase(scratch, production, productionName) {
    if (!isSameDatabase(scratch, production))
        return;
    throw new InputError('scratch-db-url', `reaches production: it connects to the same server and database as ${productionName} (${describeIdentity(production)}), whatever its spelling (alias, socket, hostaddr, service, defaults). The drill restores with --clean and would overwrite it; nothing was written. Pass the URL of a scratch database`);
}

export { writeRunLog as A, assertQueriesOnly as B, checkExtensionsAndLargeObjects as C, rlsProofStep as D, assertNotSameDatabase as E, identifyTarget as F, isSameTarget as G, normalizeTarget as H, finishApiGrants as a, acceptedSkew as b, checkDependencies as c, connectRestoreTarget as d, managedTablesOfBackup as e, firingTriggerCheck as f, decideScratch as g, emptyManagedTables as h, inspectScratch as i, inspectManagedTables as j, prepareDependencies as k, missingDependencies as l, managedRestoreListing as m, needsRestorePasses as n, missingProofRoles as o, planTarget as p, prepareExtensions as q, resetScratch as r, skewCheck as s, existingSchemas as t, userSchemas as u, assertScratchIsNotProduction as v, writeMarker as w, identifyScratch as x, proveRestore as y, recoveryTimes as z };

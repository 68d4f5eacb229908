import { writeFile, readFile } from 'node:fs/promises';
import { I as InputError, r as registerSecret } from './secrets.js';
import { b as backupSetName } from './parse-inputs.js';
import { r as restoreArchive, j as judgeRestoreRun, v as validateRestored, s as smokeStep, a as reserveLogFiles, d as drillLogSchema, b as backupIdentity, l as logHeader, c as drillLogMarkdown } from './validate-restore.js';
import { l as locateBackup, v as verifyBackup, s as skip, d as pass, f as fail } from './verify-backup.js';

const SCRATCH_INPUT = 'scratch-db-url';
const PRODUCTION_INPUT = 'db-url';
const DEFAULT_PORT = 5432;
/** Canonical spellings shared by every local target (TCP loopback or unix socket). */
const LOOPBACK = ['localhost', '127.0.0.1', '::1'];
const SUPABASE_DIRECT = /^(?:db\.)?([a-z0-9]+)\.supabase\.co$/;
const SUPABASE_POOLER = /\.pooler\.supabase\.com$/;
/**
 * Throws InputError (input `scratch-db-url`) when the scratch target is, or may
 * be, production: same host (any spelling) + port + database as `productionUrl`,
 * the same Supabase project, or a scratch URL mentioning the production project
 * ref anywhere (host, user, database, parameters). Another database on the
 * production server is allowed. Messages never contain credentials.
 */
function assertScratchIsNotProduction(options) {
    const { scratchUrl, productionUrl, defaults } = options;
    const scratch = parseConnectionUri(scratchUrl, SCRATCH_INPUT);
    if (scratch.params.has('service')) {
        throw refusal('uses service=, which names a pg_service.conf entry the drill cannot resolve before connecting, so it cannot prove the target is not production: spell out host, port and dbname');
    }
    const scratchTargets = endpointsOf(scratch, SCRATCH_INPUT, defaults);
    const refs = new Set();
    if (options.projectRef?.trim())
        refs.add(options.projectRef.trim().toLowerCase());
    if (productionUrl !== undefined) {
        const production = parseConnectionUri(productionUrl, PRODUCTION_INPUT);
        if (production.params.has('service')) {
            throw refusal(`cannot be compared with ${PRODUCTION_INPUT}, which uses service= (a pg_service.conf entry): spell out host, port and dbname in ${PRODUCTION_INPUT}`);
        }
        const productionTargets = endpointsOf(production, PRODUCTION_INPUT, defaults);
        for (const target of productionTargets)
            if (target.projectRef)
                refs.add(target.projectRef);
        for (const s of scratchTargets) {
            for (const p of productionTargets) {
                if (isSameTarget(s, p)) {
                    const why = s.projectRef && s.projectRef === p.projectRef
                        ? `the same Supabase project (${s.projectRef})`
                        : `the same server and database as ${PRODUCTION_INPUT} (${p.display})`;
                    throw refusal(`points at production: ${s.display} is ${why}. The drill restores with --clean and would overwrite it: create a scratch database (another database on the same server is fine) or a scratch Supabase project and pass its URL`);
                }
            }
        }
    }
    for (const ref of refs) {
        const s = scratchTargets.find((target) => target.projectRef === ref);
        if (s || mentions(searchableText(scratch), ref)) {
            throw refusal(`mentions the production project ref "${ref}"${s ? ` (${s.display})` : ''}: the scratch target must be a different project or server. Pass the URL of a scratch project or database`);
        }
    }
}
/** True when both denote the same database: same Supabase project, or a shared host spelling + same port + same database. */
function isSameTarget(a, b) {
    // Pooler hosts are shared by every Supabase project in a region, so two refs decide alone.
    if (a.projectRef && b.projectRef)
        return a.projectRef === b.projectRef;
    return (a.port === b.port && a.database === b.database && a.hosts.some((host) => b.hosts.includes(host)));
}
/** Splits a postgres:// URI the way libpq's conninfo_uri_parse does; the password is registered and dropped. */
function parseConnectionUri(url, inputName) {
    const text = url.trim();
    const prefix = /^postgres(?:ql)?:\/\//i.exec(text);
    if (!prefix) {
        throw new InputError(inputName, 'must start with postgres:// or postgresql:// (e.g. postgres://USER:PASSWORD@HOST:5432/DATABASE)');
    }
    // libpq has no fragments; cutting one can only make two URLs look more alike (the safe side).
    const body = text.slice(prefix[0].length).split('#')[0] ?? '';
    const queryAt = body.indexOf('?');
    const beforeQuery = queryAt >= 0 ? body.slice(0, queryAt) : body;
    const query = queryAt >= 0 ? body.slice(queryAt + 1) : '';
    const slashAt = beforeQuery.indexOf('/');
    const authority = slashAt >= 0 ? beforeQuery.slice(0, slashAt) : beforeQuery;
    const path = slashAt >= 0 ? beforeQuery.slice(slashAt + 1) : '';
    // The last @ ends the user info, so an unencoded @ in a password still parses.
    const atAt = authority.lastIndexOf('@');
    const userinfo = atAt >= 0 ? authority.slice(0, atAt) : undefined;
    const hostspec = atAt >= 0 ? authority.slice(atAt + 1) : authority;
    let user;
    if (userinfo !== undefined) {
        const colon = userinfo.indexOf(':');
        if (colon >= 0)
            registerPassword(userinfo.slice(colon + 1));
        user =
            decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo, inputName, 'user name') || undefined;
    }
    const hosts = [];
    const ports = [];
    for (const entry of hostspec.split(',')) {
        const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(entry);
        const colon = entry.lastIndexOf(':');
        const host = bracketed ? bracketed[1] : colon >= 0 ? entry.slice(0, colon) : entry;
        const port = bracketed ? bracketed[2] : colon >= 0 ? entry.slice(colon + 1) : '';
        hosts.push(decode(host ?? '', inputName, 'host'));
        ports.push(decode(port ?? '', inputName, 'port'));
    }
    // A trailing slash is not part of the name: libpq would keep it, but stripping can only make names more alike.
    const database = decode(path.replace(/\/+$/, ''), inputName, 'database name') || undefined;
    const params = new Map();
    for (const pair of query.split('&')) {
        if (!pair)
            continue;
        const eq = pair.indexOf('=');
        if (eq < 0)
            throw new InputError(inputName, 'has a query parameter without "=": write ?name=value&name=value');
        const key = decode(pair.slice(0, eq), inputName, 'parameter name').toLowerCase();
        const value = decode(pair.slice(eq + 1), inputName, 'parameter value');
        if (key === 'password')
            registerSecret(value);
        else
            params.set(key, value);
    }
    return { user, hosts, ports, database, params };
}
/** Applies the parameter overrides and defaults, then canonicalizes each listed host. */
function endpointsOf(uri, inputName, defaults = {}) {
    const hostList = uri.params.has('host') ? splitList(uri.params.get('host')) : uri.hosts;
    const hostaddrList = uri.params.has('hostaddr') ? splitList(uri.params.get('hostaddr')) : [];
    const portList = uri.params.has('port') ? splitList(uri.params.get('port')) : uri.ports;
    const user = nonEmpty(uri.params.get('user')) ?? uri.user ?? defaults.user ?? 'postgres';
    // libpq: an absent or empty dbname means the user name.
    const database = nonEmpty(uri.params.get('dbname')) ?? uri.database ?? defaults.database ?? user;
    const count = Math.max(hostList.length, hostaddrList.length);
    if (hostaddrList.length > 0 && hostList.length > 1 && hostaddrList.length !== hostList.length) {
        throw new InputError(inputName, 'lists a different number of host and hostaddr values: give one hostaddr per host');
    }
    if (portList.length !== 1 && portList.length !== count) {
        throw new InputError(inputName, 'lists a different number of ports and hosts: give one port, or one per host');
    }
    const targets = [];
    for (let i = 0; i < count; i++) {
        const portText = (portList.length === 1 ? portList[0] : portList[i]) ?? '';
        const port = portText ? Number(portText) : (defaults.port ?? DEFAULT_PORT);
        if (!/^\d+$/.test(portText || String(port)) ||
            !Number.isInteger(port) ||
            port < 1 ||
            port > 65535) {
            throw new InputError(inputName, 'has an invalid port: use a number from 1 to 65535');
        }
        const host = nonEmpty(hostList.length === 1 ? hostList[0] : hostList[i]) ?? defaults.host ?? '';
        const hostaddr = nonEmpty(hostaddrList.length === 1 ? hostaddrList[0] : hostaddrList[i]);
        // libpq connects to hostaddr and uses host only for authentication: either could be the real server.
        const named = hostSpellings(host);
        const spellings = hostaddr
            ? [...named.spellings, ...hostSpellings(hostaddr).spellings]
            : named.spellings;
        const projectRef = supabaseRef(named.canonical, user);
        targets.push({
            hosts: [...new Set(spellings)],
            port,
            database,
            user,
            ...(projectRef ? { projectRef } : {}),
            display: `${named.display}:${port}/${database}`
        });
    }
    return targets;
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
    // 0.0.0.0 and :: reach the local host on Linux; all of 127/8 is loopback.
    return (host === 'localhost' ||
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
/** Every identifying part of the URL (never the password), for the project-ref search. */
function searchableText(uri) {
    const parts = [uri.user ?? '', ...uri.hosts, uri.database ?? ''];
    for (const [key, value] of uri.params)
        parts.push(`${key}=${value}`);
    return parts.join('\n').toLowerCase();
}
/** True when `ref` occurs in `text` not glued to other letters or digits (so ref "local" does not match "localhost"). */
function mentions(text, ref) {
    const escaped = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(text);
}
function refusal(message) {
    return new InputError(SCRATCH_INPUT, message);
}
function registerPassword(encoded) {
    registerSecret(encoded);
    try {
        registerSecret(decodeURIComponent(encoded));
    }
    catch {
        // not valid percent-encoding: the raw form is registered
    }
}
function decode(text, inputName, part) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        throw new InputError(inputName, `has invalid percent-encoding in the ${part}: encode % as %25`);
    }
}
function splitList(value) {
    return (value ?? '').split(',').map((item) => item.trim());
}
function nonEmpty(value) {
    return value ? value : undefined;
}

/**
 * SOP §2–3 automated: guard, fetch, verify, restore into scratch, validate
 * against the manifest, run the smoke command, measure RPO/RTO and write the
 * drill log. Runs every check it still can and reports every condition; only
 * bad input throws (before anything is touched).
 */
async function runDrill(options, logger, deps = {}) {
    const now = deps.now ?? (() => new Date());
    const startedAt = now();
    const started = performance.now();
    // Before any connection: the scratch target must provably not be production.
    assertScratchIsNotProduction({
        scratchUrl: options.scratch.url,
        productionUrl: options.production?.url,
        projectRef: options.projectRef
    });
    const validationSql = options.validationSqlPath
        ? await readValidationSql(options.validationSqlPath)
        : undefined;
    const checks = [];
    let differences = [];
    let restoreErrors = [];
    let smoke;
    let manifest;
    const located = await logger.group('Fetch backup', () => locateBackup(options.source, logger));
    // Undone in reverse: the decrypted copy, then the download. Nothing plaintext outlives the drill.
    const cleanups = [located.cleanup];
    try {
        const verified = await logger.group(`Verify ${located.name}`, () => verifyBackup(located, {
            pgBinDir: options.pgBinDir,
            decryptIdentity: options.decryptIdentity,
            resolvePgBinDir: deps.resolvePgBinDir,
            logger
        }));
        cleanups.push(verified.cleanup);
        checks.push(...verified.checks);
        manifest = verified.manifest;
        if (manifest)
            guardAgainstSource(options, manifest);
        if (!verified.ok || !manifest || !verified.pgRestore) {
            checks.push(skip('restore', 'the backup did not verify: a corrupt archive is never restored'));
        }
        else {
            const pgRestore = verified.pgRestore;
            const restored = await logger.group(`Restore into ${options.scratch.location} (pg_restore -j ${options.jobs})`, () => restoreArchive({
                pgRestore,
                archive: verified.archivePath,
                target: options.scratch,
                jobs: options.jobs
            }));
            const judged = judgeRestoreRun(restored, pgRestore);
            restoreErrors = judged.restoreErrors;
            checks.push(judged.check);
            await deps.afterRestore?.(options.scratch);
            const validated = await logger.group('Validate against the manifest', () => validateRestored(options.scratch, manifest, {
                inputName: 'scratch-db-url',
                validationSql,
                logger
            }));
            checks.push(...validated.checks);
            differences = validated.differences;
            const smoked = await logger.group('Smoke test', () => smokeStep(options.smokeCommand, options.scratch.url, 'no smoke-command given'));
            checks.push(smoked.check);
            smoke = smoked.smoke;
        }
    }
    finally {
        for (const cleanup of cleanups.reverse())
            await cleanup();
    }
    const rtoSeconds = (performance.now() - started) / 1000;
    const rpoHours = manifest
        ? (startedAt.getTime() - Date.parse(manifest.createdAt)) / 3_600_000
        : null;
    const rpoOk = rpoHours !== null && rpoHours <= options.rpoHours;
    const rtoOk = rtoSeconds <= options.rtoMinutes * 60;
    checks.push(rpoHours === null
        ? skip('rpo', 'backup time unknown (no manifest)')
        : rpoOk
            ? pass('rpo', `backup is ${rpoHours.toFixed(2)} h old (limit ${options.rpoHours} h)`)
            : fail('rpo', 'rpo-exceeded', `backup is ${rpoHours.toFixed(2)} h old, over the ${options.rpoHours} h RPO: the daily backup is missing or failing`), rtoOk
        ? pass('rto', `fetch + verify + restore + validate + smoke took ${rtoSeconds.toFixed(1)} s (limit ${options.rtoMinutes} min)`)
        : fail('rto', 'rto-exceeded', `fetch + verify + restore + validate + smoke took ${rtoSeconds.toFixed(1)} s, over the ${options.rtoMinutes} min RTO`));
    const files = await reserveLogFiles(options.logDir, backupSetName('drill', startedAt));
    const { id } = files;
    const log = drillLogSchema.parse({
        ...logHeader('drill', id, startedAt, rtoSeconds, checks),
        backup: backupIdentity(located, manifest),
        target: options.scratch.location,
        checks,
        rpo: {
            hours: rpoHours === null ? null : round(rpoHours),
            limitHours: options.rpoHours,
            ok: rpoOk
        },
        rto: { seconds: round(rtoSeconds), limitMinutes: options.rtoMinutes, ok: rtoOk },
        restoreErrors,
        differences,
        ...(smoke ? { smoke } : {})
    });
    const markdown = drillLogMarkdown(log);
    const { logPath, markdownPath } = files;
    await writeFile(logPath, JSON.stringify(log, null, 2) + '\n');
    await writeFile(markdownPath, markdown);
    if (deps.storeLog)
        await deps.storeLog([logPath, markdownPath], `drill-log-${id}`);
    return { log, logPath, markdownPath, markdown };
}
/** The backup's own source is production too, whatever the inputs say. */
function guardAgainstSource(options, manifest) {
    const ref = options.projectRef ?? (manifest.projectRef === 'local' ? undefined : manifest.projectRef);
    const [hostPort, ...database] = manifest.source.display.split('/');
    const source = /^(.*):(\d+)$/.exec(hostPort ?? '');
    const host = source?.[1] ?? '';
    const productionUrl = source
        ? `postgres://${host.includes(':') ? `[${host}]` : host}:${source[2]}/${encodeURIComponent(database.join('/'))}`
        : undefined;
    assertScratchIsNotProduction({
        scratchUrl: options.scratch.url,
        ...(productionUrl ? { productionUrl } : {}),
        ...(ref ? { projectRef: ref } : {})
    });
}
async function readValidationSql(path) {
    try {
        return { text: await readFile(path, 'utf8'), label: path.split('/').pop() ?? path };
    }
    catch {
        throw new InputError('validation-sql', `cannot read ${path}: pass the path of a .sql file whose statements each return one row with true in the first column`);
    }
}
const round = (n) => Math.round(n * 1000) / 1000;

export { runDrill as r };

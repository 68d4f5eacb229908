import { hostname, tmpdir } from 'node:os';
import { I as InputError, a as ESCALATION_CONDITIONS, m as maskSecrets, e as errorMessage } from './artifact-errors.js';
import { mkdir, open, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { o as object, F as number, _ as _enum, e as string, G as array, H as boolean, I as literal, k as backupSetName, l as libpqTool, t as trackChild, J as explicitUrl, K as withoutLibpqEnvironment } from './interrupts.js';
import { r as round3, c as connect, e as describeIdentity, b as connectOrEscalate, d as readServerIdentity, g as isSameDatabase } from './file-system.js';
import { g as conditionsOf, s as skip, e as pass, f as fail, w as withVerifiedBackup } from './fetch-verified.js';
import { T as TOOL_VERSION, f as formatBytes, e as formatDuration, L as sourceLocation, Q as listArchive, W as isIndexAttach, X as isForeignKey, Y as keepEntries, Z as TextTail, I as inspectDatabase, J as inspectColumnOrders, y as outOfRecreatedOrder } from './source.js';
import { resolve, join } from 'node:path';
import { spawn } from 'node:child_process';

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

/** The vocabulary of the inventory comparison, shared by the diff of each object kind. */
const MISSING = 'missing';
const NONE$1 = 'none';
/**
 * Objects on the backup's tables: each expected one present with the same
 * description, and no extra ones on those tables. `extraCheck` reports a
 * difference the description does not show (e.g. validation state).
 */
function diffTableObjects(check, expected, found, present, describe, extraCheck) {
    const diffs = [];
    const foundByKey = byKey(found, objectKey);
    const expectedKeys = new Set();
    for (const want of expected) {
        const object = objectKey(want);
        expectedKeys.add(object);
        if (!present.has(want.table))
            continue;
        const got = foundByKey.get(object);
        const wanted = describe(want);
        if (!got) {
            diffs.push({ check, object, expected: wanted, found: MISSING });
            continue;
        }
        const gotText = describe(got);
        const mismatch = gotText !== wanted ? gotText : extraCheck?.(want, got);
        if (mismatch !== undefined)
            diffs.push({ check, object, expected: wanted, found: mismatch });
    }
    for (const got of found) {
        const object = objectKey(got);
        if (present.has(got.table) && !expectedKeys.has(object)) {
            diffs.push({ check, object, expected: NONE$1, found: describe(got) });
        }
    }
    return diffs;
}
/**
 * Schema-level objects (views, functions, types, ...): each expected one present with the same
 * description. Extras are not differences, as for tables: a scratch project has its own.
 */
function diffNamedObjects(check, expected, found, key, describe) {
    const foundByKey = byKey(found, key);
    const diffs = [];
    for (const want of expected) {
        const object = key(want);
        const got = foundByKey.get(object);
        const wanted = describe(want);
        if (!got)
            diffs.push({ check, object, expected: wanted, found: MISSING });
        else if (describe(got) !== wanted)
            diffs.push({ check, object, expected: wanted, found: describe(got) });
    }
    return diffs;
}
function objectKey(item) {
    return `${item.table}.${item.name}`;
}
function byKey(items, key) {
    return new Map(items.map((item) => [key(item), item]));
}

/**
 * The format-2 part of the comparison: table storage, columns, rules, views, functions, types,
 * domains and comments. A kind the manifest did not record (format 1) is not compared. What is
 * normalized, and why, is in docs/inventory-diff.md.
 */
function diffDefinitions(expected, found, present, options = { acrossMajors: false }) {
    const describeView = (view) => describeViewText(view, options.acrossMajors ? unqualified(view.definition) : view.definition);
    const foundTables = new Map(found.tables.map((t) => [`${t.schema}.${t.name}`, t]));
    const views = expected.views ?? [];
    // Rules sit on tables or views: both count as present when the restore has them.
    const foundViews = new Set((found.views ?? []).map((v) => v.name));
    const ruleHosts = new Set([
        ...present,
        ...views.map((v) => v.name).filter((n) => foundViews.has(n))
    ]);
    return [
        ...diffTableShapes(expected.tables, foundTables, present),
        ...(expected.columns
            ? diffTableObjects('column', expected.columns, found.columns ?? [], present, describeColumn)
            : []),
        ...(expected.rules
            ? diffTableObjects('rule', expected.rules, found.rules ?? [], ruleHosts, (r) => r.definition)
            : []),
        ...diffNamedObjects('view', views, found.views ?? [], (v) => v.name, describeView),
        ...diffNamedObjects('function', expected.functions ?? [], found.functions ?? [], (f) => f.signature, describeFunction),
        ...diffNamedObjects('type', expected.types ?? [], found.types ?? [], (t) => t.name, (t) => t.definition),
        ...diffNamedObjects('domain', expected.domains ?? [], found.domains ?? [], (d) => d.name, describeDomain),
        ...diffNamedObjects('comment', expected.comments ?? [], found.comments ?? [], (c) => c.object, (c) => JSON.stringify(c.comment))
    ];
}
/** Access method, persistence, partitioning and inheritance: one difference per table and property. */
function diffTableShapes(expected, found, present) {
    const properties = [
        ['access method', (t) => (t.accessMethod === undefined ? undefined : (t.accessMethod ?? NONE))],
        ['persistence', (t) => t.persistence],
        ['partition key', (t) => (t.partitionKey === undefined ? undefined : (t.partitionKey ?? NONE))],
        [
            'partition bound',
            (t) => (t.partitionBound === undefined ? undefined : (t.partitionBound ?? NONE))
        ],
        ['parents', (t) => (t.parents === undefined ? undefined : t.parents.join(', ') || NONE)]
    ];
    const diffs = [];
    for (const table of expected) {
        const object = `${table.schema}.${table.name}`;
        const other = found.get(object);
        if (!other || !present.has(object))
            continue;
        for (const [label, read] of properties) {
            const want = read(table);
            if (want === undefined)
                continue; // not recorded (format 1)
            const got = read(other) ?? NONE;
            if (got !== want)
                diffs.push({
                    check: 'table-definition',
                    object,
                    expected: `${label} ${want}`,
                    found: `${label} ${got}`
                });
        }
    }
    return diffs;
}
const NONE = 'none';
function describeColumn(column) {
    return [
        `#${column.position} ${column.type}`,
        column.collation ? `COLLATE ${column.collation}` : '',
        column.notNull ? 'NOT NULL' : '',
        column.default !== null ? `DEFAULT ${column.default}` : '',
        column.identity ? `GENERATED ${column.identity.toUpperCase()} AS IDENTITY` : '',
        column.generated !== null ? `GENERATED ALWAYS AS (${column.generated}) STORED` : ''
    ]
        .filter(Boolean)
        .join(' ');
}
/**
 * A deparsed query without the `name.` qualifiers before names: PostgreSQL 16 prints columns of
 * single-table views unqualified (`SELECT id` where 15 printed `SELECT orders.id`), so across
 * majors only the unqualified text can be compared. String literals are left alone.
 */
function unqualified(sql) {
    return sql.replace(/('(?:[^']|'')*')|(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\.(?=["A-Za-z_])/g, (match, literal) => literal ?? '');
}
function describeViewText(view, definition) {
    const options = view.options.length ? ` WITH (${view.options.join(', ')})` : '';
    const data = view.materialized
        ? view.populated
            ? ` [populated, ${view.rowCount ?? '?'} rows]`
            : ' [not populated]'
        : '';
    return `${view.materialized ? 'MATERIALIZED VIEW' : 'VIEW'}${options} AS ${definition}${data}`;
}
function describeFunction(fn) {
    return `${fn.kind}, definition md5 ${fn.definitionHash}`;
}
function describeDomain(domain) {
    const constraints = domain.constraints.map((c) => `CONSTRAINT ${c.name} ${c.definition}${c.validated ? '' : ' (not validated)'}`);
    return [domain.definition, ...constraints].join(' ');
}

/**
 * Every way `found` falls short of `expected`, in a stable order (tables,
 * constraints, indexes, policies, sequences, triggers, then the format-2 kinds:
 * table definitions, columns, rules, views, functions, types, domains, comments).
 * Empty when the restore is complete.
 */
function diffInventories(expected, found, options = { compareContentHash: true }) {
    const foundTables = byKey(found.tables, tableKey);
    // Tables of the backup that the restore produced: the only tables whose objects are compared.
    const present = new Set(expected.tables.map(tableKey).filter((key) => foundTables.has(key)));
    return [
        ...diffTables(expected.tables, foundTables, options),
        ...diffConstraints(expected.constraints, found.constraints, present),
        ...diffTableObjects('index', expected.indexes, found.indexes, present, describeIndex),
        ...diffTableObjects('policy', expected.policies, found.policies, present, describePolicy),
        ...diffSequences(expected.sequences, found.sequences),
        ...diffTableObjects('trigger', expected.triggers, found.triggers, present, describeTrigger),
        ...diffDefinitions(expected, found, present, { acrossMajors: options.acrossMajors === true })
    ];
}
const LABELS = {
    table: 'table',
    'row-count': 'row count',
    constraint: 'constraint',
    index: 'index',
    rls: 'row level security',
    policy: 'policy',
    sequence: 'sequence',
    trigger: 'trigger',
    'content-hash': 'content hash',
    'table-definition': 'table definition',
    column: 'column',
    rule: 'rule',
    view: 'view',
    function: 'function',
    type: 'type',
    domain: 'domain',
    comment: 'comment'
};
/** What a difference's check is about, in words (`row count`, `table definition`...); unknown checks as they are. */
function differenceLabel(check) {
    return LABELS[check] ?? check;
}
function diffTables(expected, found, options) {
    const diffs = [];
    for (const table of expected) {
        const object = tableKey(table);
        const other = found.get(object);
        if (!other) {
            diffs.push({ check: 'table', object, expected: 'present', found: MISSING });
            continue;
        }
        if (table.rowCount !== other.rowCount) {
            diffs.push({
                check: 'row-count',
                object,
                expected: String(table.rowCount),
                found: String(other.rowCount)
            });
        }
        // Both directions matter: RLS lost exposes rows, RLS gained hides them from the app.
        if (table.rlsEnabled !== other.rlsEnabled || table.rlsForced !== other.rlsForced) {
            diffs.push({ check: 'rls', object, expected: describeRls(table), found: describeRls(other) });
        }
        if (options.compareContentHash &&
            table.contentHash !== undefined &&
            table.contentHash !== other.contentHash) {
            // A found table without a hash means the inspection skipped it: never a silent pass.
            diffs.push({
                check: 'content-hash',
                object,
                expected: table.contentHash,
                found: other.contentHash ?? 'not computed'
            });
        }
    }
    return diffs;
}
function diffConstraints(expected, found, present) {
    // PostgreSQL 18 records NOT NULL as constraints (type n); a backup from an older server has
    // none, so those found on a newer scratch server are the same columns' NOT NULL, not extras.
    const sourceHasNotNull = expected.some((constraint) => constraint.type === 'n');
    const comparable = found.filter((constraint) => sourceHasNotNull || constraint.type !== 'n');
    // Names of derived constraints are generated by the server, not chosen by the user: a restore
    // cannot reproduce them, so they are paired by table and definition (format 2 records the flag).
    // A format-1 manifest does not know the flag: then every constraint is matched by name, as it was.
    const recorded = expected.every((constraint) => constraint.derived !== undefined);
    const isDerived = (constraint) => recorded && constraint.derived === true;
    return [
        ...diffTableObjects('constraint', expected.filter((c) => !isDerived(c)), comparable.filter((c) => !isDerived(c)), present, describeConstraint, (want, got) => 
        // A constraint the source had NOT VALID may stay NOT VALID; one the source had validated must be validated.
        want.validated && !got.validated ? describeConstraint(got) : undefined),
        ...diffDerivedConstraints(expected.filter(isDerived), comparable.filter(isDerived), present)
    ];
}
/** Derived constraints as a multiset per table: each expected one consumes one found with the same text. */
function diffDerivedConstraints(expected, found, present) {
    const describe = (c) => `${describeConstraint(c)} (derived from the parent)`;
    const unmatched = new Map();
    for (const got of found) {
        const key = `${got.table}\0${describe(got)}`;
        unmatched.set(key, [...(unmatched.get(key) ?? []), got]);
    }
    const diffs = [];
    for (const want of expected) {
        if (!present.has(want.table))
            continue;
        const candidates = unmatched.get(`${want.table}\0${describe(want)}`);
        if (candidates && candidates.length > 0) {
            candidates.shift();
            continue;
        }
        diffs.push({
            check: 'constraint',
            object: objectKey(want),
            expected: describe(want),
            found: MISSING
        });
    }
    for (const got of [...unmatched.values()].flat()) {
        if (present.has(got.table))
            diffs.push({
                check: 'constraint',
                object: objectKey(got),
                expected: NONE$1,
                found: describe(got)
            });
    }
    return diffs;
}
function diffSequences(expected, found) {
    const diffs = [];
    const foundByName = byKey(found, (sequence) => sequence.name);
    for (const want of expected) {
        const got = foundByName.get(want.name);
        if (!got) {
            diffs.push({ check: 'sequence', object: want.name, expected: 'present', found: MISSING });
            continue;
        }
        // Without OWNED BY the column check below would silently skip, and DROP TABLE would leave the sequence behind.
        if (want.ownedBy !== got.ownedBy) {
            diffs.push({
                check: 'sequence',
                object: want.name,
                expected: `owned by ${want.ownedBy ?? NONE$1}`,
                found: `owned by ${got.ownedBy ?? NONE$1}`
            });
            continue;
        }
        // The classic restore bug: a sequence behind its column hands out ids that already exist.
        // (Assumes ascending sequences, as serial and identity columns are by default.) A source that
        // was behind already (explicit ids, OVERRIDING SYSTEM VALUE) restores behind too: then the
        // restore must only not fall further back than the source's own last value.
        if (!got.ownedBy || got.columnMax === null || !isBehind(got.lastValue, got.columnMax))
            continue;
        const sourceBehind = want.columnMax !== null && isBehind(want.lastValue, want.columnMax);
        if (sourceBehind && !isBefore(got.lastValue, want.lastValue))
            continue;
        diffs.push({
            check: 'sequence',
            object: want.name,
            expected: sourceBehind
                ? `last value >= ${want.lastValue ?? 'never used'} (the source was behind max ${want.columnMax} of ${want.ownedBy} already)`
                : `last value >= ${got.columnMax} (max of ${got.ownedBy})`,
            found: got.lastValue === null ? 'never used' : `last value ${got.lastValue}`
        });
    }
    return diffs;
}
/** True when last value `a` is before `b` (never used comes before every value). */
function isBefore(a, b) {
    if (a === null)
        return b !== null;
    return b !== null && BigInt(a) < BigInt(b);
}
/** True when nextval() may return a value at or below the column's max: never called, or last value below max. */
function isBehind(lastValue, columnMax) {
    if (lastValue === null)
        return true;
    return BigInt(lastValue) < BigInt(columnMax);
}
function describeRls(table) {
    if (!table.rlsEnabled)
        return table.rlsForced ? 'disabled (forced)' : 'disabled';
    return table.rlsForced ? 'enabled, forced' : 'enabled';
}
function describeConstraint(constraint) {
    return `${constraint.definition}${constraint.validated ? '' : ' (not validated)'}`;
}
function describeIndex(index) {
    return `${index.definition}${index.valid ? '' : ' (invalid)'}`;
}
/** A policy as one comparable text; roles are a set, so their order does not matter. */
function describePolicy(policy) {
    const roles = [...policy.roles].sort().join(', ');
    const parts = [
        `${policy.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${policy.command} TO ${roles}`
    ];
    // pg_get_expr already parenthesizes these expressions.
    if (policy.using !== null)
        parts.push(`USING ${policy.using}`);
    if (policy.withCheck !== null)
        parts.push(`WITH CHECK ${policy.withCheck}`);
    return parts.join(' ');
}
function describeTrigger(trigger) {
    return `${trigger.definition} [enabled: ${trigger.enabled}]`;
}
function tableKey(table) {
    return `${table.schema}.${table.name}`;
}

const DRILL_LOG_FORMAT_VERSION = 1;
const checkSchema = object({
    name: string(),
    status: _enum(['pass', 'fail', 'skip']),
    detail: string(),
    condition: _enum(ESCALATION_CONDITIONS).optional(),
    seconds: number().optional()
});
/** The drill log (`<drill id>.json`): the SOP's "restore drill log with timestamp + success/failure", in full. */
const drillLogSchema = object({
    formatVersion: literal(DRILL_LOG_FORMAT_VERSION),
    tool: object({ name: literal('backup-drill'), version: string() }),
    kind: _enum(['drill', 'restore']),
    id: string(),
    startedAt: string(),
    finishedAt: string(),
    result: _enum(['pass', 'fail']),
    escalations: array(_enum(ESCALATION_CONDITIONS)),
    backup: object({
        name: string(),
        origin: string(),
        createdAt: string().optional(),
        projectRef: string().optional(),
        source: string().optional(),
        sha256: string().optional(),
        sizeBytes: number().optional(),
        pgDumpVersion: string().optional()
    }),
    /** host:port/database of the restore target: never a user or password. */
    target: string(),
    checks: array(checkSchema),
    rpo: object({ hours: number().nullable(), limitHours: number(), ok: boolean() }),
    rto: object({ seconds: number(), limitMinutes: number(), ok: boolean() }),
    restoreErrors: array(object({ message: string(), harmless: boolean(), reason: string().optional() })),
    differences: array(object({ check: string(), object: string(), expected: string(), found: string() })),
    smoke: object({ command: string(), exitCode: number().nullable(), output: string() })
        .optional()
});
const ICON = { pass: '✅', fail: '❌', skip: '⏭️' };
/** The drill log as markdown: the job summary and the `.md` beside the JSON. */
function drillLogMarkdown(log) {
    const title = log.kind === 'drill' ? 'Restore drill' : 'Production restore';
    const verdict = log.result === 'pass' ? 'PASS ✅' : `FAIL ❌ — escalate: ${log.escalations.join(', ')}`;
    const lines = [
        `## ${title} \`${log.id}\`: ${verdict}`,
        '',
        '| | |',
        '|---|---|',
        `| Backup | \`${log.backup.name}\` from ${log.backup.origin} |`,
        ...(log.backup.createdAt
            ? [
                `| Backup taken | ${log.backup.createdAt}${log.backup.source ? ` from ${log.backup.source}` : ''} |`
            ]
            : []),
        ...(log.backup.sizeBytes !== undefined
            ? [
                `| Size / SHA-256 | ${formatBytes(log.backup.sizeBytes)} / \`${log.backup.sha256 ?? ''}\` |`
            ]
            : []),
        `| Target | ${log.target} |`,
        `| Started / finished | ${log.startedAt} / ${log.finishedAt} |`,
        `| RPO (data-loss window) | ${log.rpo.hours === null ? 'unknown' : `${log.rpo.hours.toFixed(2)} h`} (limit ${log.rpo.limitHours} h) ${log.rpo.ok ? '✅' : '❌'} |`,
        `| RTO (restore + checks) | ${formatDuration(log.rto.seconds)} (limit ${log.rto.limitMinutes} min) ${log.rto.ok ? '✅' : '❌'} |`,
        '',
        '| Check | Result | Detail |',
        '|---|---|---|',
        ...log.checks.map((check) => `| ${check.name} | ${ICON[check.status]} ${check.status}${check.condition && check.status === 'fail' ? ` (\`${check.condition}\`)` : ''} | ${cell(check.detail)} |`)
    ];
    if (log.differences.length > 0)
        lines.push('', ...differencesMarkdown(log.differences));
    if (log.restoreErrors.length > 0) {
        lines.push('', '### pg_restore errors', '');
        for (const e of log.restoreErrors)
            lines.push(`- ${e.harmless ? 'harmless' : '**not harmless**'}: ${cell(e.message)}${e.reason ? ` — ${cell(e.reason)}` : ''}`);
    }
    if (log.smoke) {
        lines.push('', `### Smoke command (exit ${log.smoke.exitCode})`, '', '```', log.smoke.output.trim().slice(-4e3) || '(no output)', '```');
    }
    return lines.join('\n') + '\n';
}
/** Differences grouped by kind of object (columns, views, ...), each group one table; at most 200 rows. */
function differencesMarkdown(differences) {
    const lines = ['### Differences from the manifest'];
    const groups = new Map();
    for (const d of differences.slice(0, 200))
        groups.set(d.check, [...(groups.get(d.check) ?? []), d]);
    for (const [check, group] of groups) {
        const all = differences.filter((d) => d.check === check).length;
        lines.push('', `#### ${capitalize(differenceLabel(check))} (${all})`, '', '| Object | Expected | Found |', '|---|---|---|');
        for (const d of group)
            lines.push(`| \`${d.object}\` | ${cell(d.expected)} | ${cell(d.found)} |`);
    }
    if (differences.length > 200)
        lines.push('', `… ${differences.length - 200} more in the JSON log.`);
    return lines;
}
const capitalize = (text) => text.charAt(0).toUpperCase() + text.slice(1);
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').slice(0, 1000);
}
/** The fields every drill and restore log starts with: identity, times, verdict and escalations. */
function logHeader(kind, id, startedAt, seconds, checks) {
    const escalations = conditionsOf(checks);
    return {
        formatVersion: DRILL_LOG_FORMAT_VERSION,
        tool: { name: 'backup-drill', version: TOOL_VERSION },
        kind,
        id,
        startedAt: startedAt.toISOString(),
        finishedAt: new Date(startedAt.getTime() + seconds * 1000).toISOString(),
        result: escalations.length === 0 ? 'pass' : 'fail',
        escalations
    };
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
        ...(run.smoke ? { smoke: run.smoke } : {})
    });
    const markdown = render(log);
    await writeFile(logPath, JSON.stringify(log, null, 2) + '\n');
    await writeFile(markdownPath, markdown);
    return { log, logPath, markdownPath, markdown };
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
 * Whether a restore of this inventory can hit the races EMPTY_TARGET_PASSES
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
 * parallel), and foreign keys last. Not with --clean: each run drops only its
 * own entries' objects, so a pre-data run could not drop a table an old foreign
 * key still references; a --clean restore stays one pg_restore
 * (docs/restore-errors.md).
 */
const EMPTY_TARGET_PASSES = [
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
        const passes = options.mode.clean || !options.mode.passes
            ? [{ section: undefined, keep: () => true }]
            : EMPTY_TARGET_PASSES;
        for (const [index, pass] of passes.entries()) {
            const useList = join(dir, `pass-${index + 1}.list`);
            await writeFile(useList, keepEntries(listing, pass.keep), { mode: 0o600 });
            const jobs = 'serial' in pass && pass.serial ? 1 : options.jobs;
            const run = await runPgRestore({ ...options, jobs }, pass.section, {
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
        const differences = [
            ...diffInventories(manifest.inventory, found, {
                compareContentHash: manifest.contentHash,
                acrossMajors: version.rows[0]?.major !== manifest.source.serverMajor
            }),
            ...(manifest.inventory.columns
                ? physicalOrderDifferences(await inspectColumnOrders(client, manifest.scope.schemas), found.tables.map((table) => `${table.schema}.${table.name}`))
                : [])
        ];
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
            ok: `${(inv.views ?? []).length} views and materialized views with the same definitions and data`,
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
            manifest,
            pgRestore,
            archivePath
        });
        checks.push(...prepared.checks);
        if (!prepared.restore)
            return proved;
        const { mode, title, missingDependencies } = prepared.restore;
        const restored = await logger.group(title, () => restoreArchive({
            pgRestore,
            archive: archivePath,
            target: plan.target,
            jobs: plan.jobs,
            mode
        }));
        const judged = judgeRestoreRun(restored, pgRestore, missingDependencies);
        proved.restoreErrors = judged.restoreErrors;
        checks.push(judged.check);
        await plan.afterRestore?.(plan.target);
        const validated = await logger.group(plan.labels.validate, () => validateRestored(plan.target, manifest, {
            inputName: plan.targetInput,
            validationSql: plan.validationSql,
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

export { assertScratchIsNotProduction as a, assertQueriesOnly as b, checkDependencies as c, drillLogMarkdown as d, assertNotSameDatabase as e, identifyTarget as f, isSameTarget as g, normalizeTarget as h, identifyScratch as i, needsRestorePasses as n, proveRestore as p, recoveryTimes as r, writeRunLog as w };

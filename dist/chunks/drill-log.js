import { a as ESCALATION_CONDITIONS } from './_commonjsHelpers.js';
import { c as conditionsOf } from './drill-options.js';
import { T as TOOL_VERSION, f as formatBytes, b as formatDuration } from './notice-inputs.js';
import { o as object, v as number, _ as _enum, x as array, y as string, z as boolean, A as literal } from './heartbeat.js';

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
    // Whether it holds data, not how many rows: a materialized view's rows are not in the dump.
    // pg_restore refreshes it from the restored tables, and the source's rows date from its last
    // REFRESH, older than the tables' rows whenever it is refreshed on a schedule (a stale source
    // failed every drill). What the refresh reads, the tables, is compared row for row.
    const data = view.materialized ? (view.populated ? ' [populated]' : ' [not populated]') : '';
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
        .optional(),
    // Added later, optional: logs written before them stay valid (docs/target-kind.md).
    /** What the target was taken for (input target-kind) and why. */
    targetKind: object({
        requested: _enum(['auto', 'supabase', 'postgres']),
        kind: _enum(['supabase', 'postgres']),
        detail: string(),
        /** Schemas of the backup the target's platform manages: restored data only. */
        managedSchemas: array(string())
    })
        .optional(),
    /** Each statement that prepared a plain PostgreSQL for the backup, in order. */
    preparations: array(string()).optional(),
    /** Each difference between the backup's and the target's platform tables, and its verdict. */
    versionSkew: array(object({
        table: string(),
        column: string(),
        backup: string(),
        target: string(),
        verdict: _enum(['note', 'blocks']),
        reason: string()
    }))
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
    if (log.targetKind)
        lines.splice(lines.indexOf(`| Target | ${log.target} |`) + 1, 0, `| Target kind | ${cell(log.targetKind.detail)}${log.targetKind.managedSchemas.length ? `; data only into ${log.targetKind.managedSchemas.join(', ')}` : ''} |`);
    if (log.preparations?.length) {
        lines.push('', '### Target prepared', '');
        for (const statement of log.preparations)
            lines.push(`- \`${statement}\``);
    }
    if (log.versionSkew?.length) {
        lines.push('', '### Version skew (backup vs target)', '', '| Table | Column | Backup | Target | Verdict |', '|---|---|---|---|---|');
        for (const d of log.versionSkew)
            lines.push(`| \`${d.table}\` | \`${d.column}\` | ${cell(d.backup)} | ${cell(d.target)} | ${d.verdict}: ${cell(d.reason)} |`);
    }
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

export { drillLogSchema as a, diffInventories as b, drillLogMarkdown as d, logHeader as l };

import { I as InputError, e as errorMessage, A as ArtifactStoreError } from './artifact-errors.js';
import { p as parseRetentionPolicy, d as describePolicy } from './policy.js';
import { d as DRILL_INPUT_SPECS } from './drill-options.js';
import { z as string, h as asActionOnly, H as HEARTBEAT_INPUT_SPECS, S as S3_INPUT_SPECS, d as defineInputs, n as nonNegativeRule, k as withDescriptions, e as inputNames, l as registerSecretInputs, q as parseRegisteredInputs, t as parseS3Store } from './heartbeat.js';
import { N as NOTICE_INPUT_SPECS, o as ownedTempDir, f as formatBytes } from './notice-inputs.js';
import { b as PRUNE_INPUT_SPECS, D as DEFAULT_PREFIX, d as DEFAULT_OUT_DIR, a as planRetention, c as createArtifactBackupStore } from './artifact-backup-store.js';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { c as createDirectoryStore } from './directory-store.js';
import { join } from 'node:path';
import { a as drillLogSchema } from './drill-log.js';
import { r as round3 } from './numbers.js';

/** Where the drill logs are read when neither log-dir nor artifacts say otherwise (the drill's CLI default). */
const DEFAULT_LOG_DIR = './drill-logs';
/** A factor above 1 (2 = half or double). */
const sizeChangeFactorRule = string()
    .regex(/^\d+(\.\d+)?$/, {
    error: 'must be a number above 1 (2 = a set half or double the usual size)'
})
    .transform(Number)
    .refine((factor) => factor > 1, {
    error: 'must be above 1 (2 = a set half or double the usual size)'
});
const { store, 'out-dir': outDir, prefix, 'artifact-name': artifactName, repository, 'github-token': githubToken, 'keep-last': keepLast, 'keep-daily': keepDaily, 'keep-weekly': keepWeekly, 'keep-monthly': keepMonthly, 'keep-yearly': keepYearly } = PRUNE_INPUT_SPECS;
/** status/action.yml's inputs and the CLI's flags: the store (as prune's), the drill logs, the limits, the policy. */
const STATUS_INPUT_SPECS = {
    ...withDescriptions(defineInputs({
        store,
        'out-dir': outDir,
        prefix,
        'artifact-name': artifactName,
        repository,
        'github-token': githubToken
    }), {
        store: 'Where the sets live: s3 reads the s3-bucket (the sets named <prefix>-<yyyymmdd-HHMMSS> under s3-prefix, which defaults to the prefix; the drill logs from log-dir, else the newest in <s3-prefix>/drill-logs/ where the drill stores them, and when there is none the drill-log-* artifacts when a token and repository are given, else ./drill-logs). Empty: artifact when artifact-name is given, else directory (out-dir).',
        'out-dir': 'Folder holding the backup sets. Blank means ./backups. Used only when artifact-name is blank; giving both is an error (one store per run).',
        'artifact-name': 'Read GitHub artifacts instead of a folder: those named <artifact-name>-<yyyymmdd-HHMMSS> (one per set) or exactly <artifact-name> (one per run, dated by created_at); the drill logs are then the drill-log-* artifacts unless log-dir is given.',
        'github-token': 'Token that lists the artifacts and downloads the newest drill log (permissions actions: read) and, with escalation-issue, opens or comments on the issue (issues: write). Masked at once.'
    }),
    ...defineInputs({
        'log-dir': {
            description: 'Folder holding the drill logs (<id>.json). Blank: with store s3 the bucket (<s3-prefix>/drill-logs/), the drill-log-* artifacts of the repository when artifact-name is given, else ./drill-logs.',
            cli: {
                value: '<dir>',
                help: `folder holding the drill logs (default: the bucket with --store s3, drill-log-* artifacts with --artifact-name, else "${DEFAULT_LOG_DIR}")`
            }
        },
        'rpo-hours': {
            ...DRILL_INPUT_SPECS['rpo-hours'],
            description: 'Maximum age of the newest complete backup, in hours (SOP RPO); older escalates rpo-exceeded.'
        },
        'drill-max-age-days': {
            rule: nonNegativeRule('days'),
            default: '35',
            description: 'Maximum age of the newest drill log, in days; older, none at all, or a failed last drill escalates drill-overdue.',
            cli: { value: '<days>', help: 'maximum age of the newest drill' }
        },
        'size-change-factor': {
            rule: sizeChangeFactorRule,
            default: '2',
            description: 'The newest set smaller than the median of the week before divided by this, or larger than it times this, is a warning naming the set (a table emptied by a bad migration shows up here first).',
            cli: {
                value: '<factor>',
                help: 'size change against the median of the week before that warns'
            }
        },
        'keep-last': keepLast,
        'keep-daily': {
            ...keepDaily,
            description: 'The retention policy the store should show: the newest N UTC days before today should each hold a set (as prune keeps them).'
        },
        'keep-weekly': keepWeekly,
        'keep-monthly': {
            ...keepMonthly,
            description: 'The newest N UTC months before this one should each hold a set (as prune keeps them).'
        },
        'keep-yearly': keepYearly,
        report: {
            description: 'Path of a self-contained HTML report to write (no external assets, no script): the checks, backup size per backup, hours between backups against the RPO, drill durations and results as inline SVG charts. Blank: none.',
            cli: { value: '<file>', help: 'write a self-contained HTML report with charts' }
        }
    }),
    ...S3_INPUT_SPECS,
    ...asActionOnly({
        ...HEARTBEAT_INPUT_SPECS,
        'escalation-issue': {
            ...NOTICE_INPUT_SPECS['escalation-issue'],
            description: 'true: when status escalates, open an issue labelled backup-escalation (or comment on the open one) with the conditions and the status table (needs issues: write).'
        },
        'webhook-url': NOTICE_INPUT_SPECS['webhook-url']
    })
};
/** Input names status parses (the CLI's flags). */
inputNames(STATUS_INPUT_SPECS, 'parsed');
/** Every input status/action.yml declares. */
const STATUS_ACTION_INPUTS = inputNames(STATUS_INPUT_SPECS);
/**
 * Parses the status inputs; throws InputError naming the offending input.
 * The store rule is prune's: artifact-name -> GitHub artifacts of repository
 * (needs github-token), else the folder out-dir; both is bad input.
 */
function parseStatusInputs(raw, env = process.env) {
    registerSecretInputs(STATUS_INPUT_SPECS, raw);
    const parsed = parseRegisteredInputs(STATUS_INPUT_SPECS, raw);
    const common = {
        ...(parsed['log-dir'] === undefined ? {} : { logDir: parsed['log-dir'] }),
        ...(parsed.report === undefined ? {} : { reportPath: parsed.report }),
        policy: parseRetentionPolicy(raw),
        limits: {
            rpoHours: parsed['rpo-hours'],
            drillMaxAgeDays: parsed['drill-max-age-days'],
            sizeChangeFactor: parsed['size-change-factor']
        }
    };
    const name = parsed['artifact-name'];
    if (parsed.store === 's3') {
        if (parsed['out-dir'] !== undefined)
            throw new InputError('out-dir', 'applies to another store: with store s3, status reads the s3-bucket');
        const prefix = parsed.prefix ?? DEFAULT_PREFIX;
        const token = parsed['github-token'];
        return {
            s3: parseS3Store(parsed, env, prefix),
            prefix,
            ...(token && parsed.repository
                ? { drillLogArtifacts: { repository: parsed.repository, token } }
                : {}),
            ...common
        };
    }
    if (name === undefined) {
        return {
            outDir: parsed['out-dir'] ?? DEFAULT_OUT_DIR,
            prefix: parsed.prefix ?? DEFAULT_PREFIX,
            ...common
        };
    }
    if (parsed['out-dir'] !== undefined)
        throw new InputError('out-dir', 'give either out-dir (a folder) or artifact-name (GitHub artifacts), not both');
    if (parsed.prefix !== undefined)
        throw new InputError('prefix', 'applies to out-dir only; with artifact-name, the artifact-name selects the backups');
    if (!parsed['github-token'])
        throw new InputError('github-token', 'reading artifacts needs a token with actions:read on the repository (in a workflow: permissions: actions: read)');
    if (!parsed.repository)
        throw new InputError('repository', 'give owner/repo (GITHUB_REPOSITORY is not set)');
    return {
        artifacts: { repository: parsed.repository, token: parsed['github-token'] },
        prefix: name,
        ...common
    };
}

/** The drill uploads its log as the artifact `drill-log-<id>` (src/drill/run-drill.ts). */
const DRILL_LOG_ARTIFACT_PREFIX = 'drill-log-';
/**
 * Every drill log (`<id>.json` with kind `drill`) in a folder. A folder that
 * does not exist holds no drills (the drill check then says where it looked);
 * restore logs and other JSON files are not drills; a drill log that does not
 * parse is a problem, not a drill.
 */
async function readDrillLogFolder(dir) {
    const source = `folder ${dir}`;
    let names;
    try {
        names = await readdir(dir);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return { source: `${source} (it does not exist)`, drills: [], problems: [] };
        throw error;
    }
    const drills = [];
    const problems = [];
    for (const name of names.filter((file) => file.endsWith('.json')).sort()) {
        const file = join(dir, name);
        const drill = await readDrillLog(file, file).catch((error) => {
            // Only files named like a drill's log are expected to be one.
            if (name.startsWith('drill-'))
                problems.push(`${file} is not a readable drill log: ${errorMessage(error)}`);
            return undefined;
        });
        if (drill)
            drills.push(drill);
    }
    return { source, drills, problems };
}
/**
 * The newest drill log among a repository's artifacts (`drill-log-<id>`,
 * uploaded by the drill with upload: artifact): listed through the REST API,
 * the newest one downloaded into a temporary folder and read. Only the newest
 * is downloaded: it alone decides the drill check.
 */
async function readNewestDrillLogArtifact(target, logger) {
    const source = `artifacts ${DRILL_LOG_ARTIFACT_PREFIX}* of ${target.repository}`;
    const { listArtifacts, downloadBackupArtifact } = await import('./artifact-store.js');
    const artifacts = (await listArtifacts({
        token: target.token,
        repository: target.repository,
        namePrefix: DRILL_LOG_ARTIFACT_PREFIX,
        logger
    })).filter((artifact) => !artifact.expired);
    const newest = artifacts[0];
    if (!newest)
        return { source, drills: [], problems: [] };
    const folder = await ownedTempDir('backup-drill-status-');
    try {
        await downloadBackupArtifact({
            name: newest.name,
            destination: folder.path,
            ...(newest.runId === undefined ? {} : { runId: newest.runId }),
            repository: target.repository,
            token: target.token,
            logger
        });
        const found = await readDrillLogFolder(folder.path);
        const origin = `artifact ${newest.name}${newest.runId === undefined ? '' : ` of run ${newest.runId}`}`;
        return {
            source,
            drills: found.drills.map((drill) => ({ ...drill, origin })),
            problems: found.drills.length === 0 ? [`${origin} holds no drill log`] : []
        };
    }
    catch (error) {
        if (error instanceof ArtifactStoreError &&
            error.kind !== 'unauthorized' &&
            error.kind !== 'forbidden')
            return { source, drills: [], problems: [`${newest.name}: ${error.message}`] };
        throw error;
    }
    finally {
        await folder.undo();
    }
}
async function readDrillLog(file, origin) {
    const log = drillLogSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    if (log.kind !== 'drill')
        return undefined;
    return {
        id: log.id,
        startedAt: new Date(log.startedAt),
        finishedAt: new Date(log.finishedAt),
        result: log.result,
        escalations: log.escalations,
        origin
    };
}

/**
 * The newest drill log in a bucket (`<s3-prefix>/drill-logs/`, where the drill
 * stores it with store s3), downloaded verified into a temporary folder and
 * read. Only the newest is downloaded: it alone decides the drill check.
 */
async function readNewestDrillLogInBucket(config) {
    // Loaded only for buckets: the AWS SDK is large.
    const { createS3Client, describeS3Store } = await import('./s3-config.js').then(function (n) { return n.aX; });
    const { drillLogKey, newestDrillLogKey } = await import('./s3-drill-logs.js');
    const { downloadVerified } = await import('./s3-objects.js').then(function (n) { return n.s; });
    const { S3StoreError } = await import('./s3-errors.js');
    const source = `${describeS3Store(config)} (${drillLogKey(config, '')})`;
    const client = createS3Client(config);
    try {
        const { key, problems } = await newestDrillLogKey(client, config);
        if (!key)
            return { source, drills: [], problems };
        const origin = `s3://${config.bucket}/${key}`;
        const folder = await ownedTempDir('backup-drill-status-');
        try {
            await downloadVerified(client, config, key, join(folder.path, 'drill-log.json'));
            const found = await readDrillLogFolder(folder.path);
            return {
                source,
                drills: found.drills.map((drill) => ({ ...drill, origin })),
                problems: [
                    ...problems,
                    ...(found.drills.length === 0 ? [`${origin} is not a readable drill log`] : [])
                ]
            };
        }
        catch (error) {
            // A log that does not hash to its sha256 is a finding; an unreachable bucket is not.
            if (error instanceof S3StoreError && error.kind === 'checksum')
                return { source, drills: [], problems: [...problems, error.message] };
            throw error;
        }
        finally {
            await folder.undo();
        }
    }
    finally {
        client.destroy();
    }
}

/**
 * The status as one self-contained HTML page (`status --report out.html`): no
 * script, no external asset, charts as inline SVG drawn here, one point per
 * backup or drill, so it opens anywhere, offline, and can be kept as an artifact.
 */
function statusHtml(report) {
    const { sets, drills } = report.history;
    const sizes = sets.flatMap((set) => set.sizeBytes === undefined
        ? []
        : [{ at: Date.parse(set.createdAt), value: set.sizeBytes, label: set.name }]);
    // The data-loss window each backup closed: hours since the backup before it.
    const gaps = sets.slice(1).map((set, index) => ({
        at: Date.parse(set.createdAt),
        value: (Date.parse(set.createdAt) - Date.parse(sets[index].createdAt)) / 3_600_000,
        label: set.name
    }));
    const drillPoints = drills.map((drill) => ({
        at: Date.parse(drill.startedAt),
        value: drill.seconds / 60,
        label: `${drill.id} ${drill.result}`,
        fail: drill.result === 'fail'
    }));
    const rows = report.checks
        .map((check) => `<tr class="${check.status}"><td>${escape(check.name)}</td><td>${check.status}${check.condition ? ` (${check.condition})` : ''}</td><td>${escape(check.detail)}</td></tr>`)
        .join('\n');
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Backup status ${escape(report.now)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
tr.fail td { background: #fdd; } tr.warn td { background: #ffd; } tr.pass td { background: #efe; }
svg { border: 1px solid #ddd; margin: 0.5em 0 1.5em; background: #fff; }
circle.fail { fill: #c00; } circle { fill: #06c; }
</style>
</head>
<body>
<h1>Backup status: ${report.result === 'pass' ? 'PASS' : `FAIL (${escape(report.conditions.join(', '))})`}</h1>
<p>${escape(report.store)} — checked ${escape(report.now)}</p>
<table><tr><th>Check</th><th>Result</th><th>Detail</th></tr>
${rows}
</table>
<h2>Backup size (${sizes.length} backups)</h2>
${chart('size', sizes, 'bytes')}
<h2>Hours since the previous backup (RPO ${report.backup.limitHours} h)</h2>
${chart('rpo', gaps, 'h', report.backup.limitHours)}
<h2>Drills: duration in minutes (${drills.length} drills; red = failed)</h2>
${chart('drills', drillPoints, 'min')}
</body>
</html>
`;
}
const WIDTH = 720;
const HEIGHT = 200;
const PAD = 40;
/** A scatter chart with one circle per point (and an optional limit line), time on x. */
function chart(name, points, unit, limit) {
    if (points.length === 0)
        return `<p data-chart="${name}">No data.</p>`;
    const times = points.map((point) => point.at);
    const values = points.map((point) => point.value).concat(limit === undefined ? [] : [limit]);
    const [t0, t1] = [Math.min(...times), Math.max(...times)];
    const top = Math.max(...values, 1);
    const x = (at) => PAD + ((at - t0) / Math.max(t1 - t0, 1)) * (WIDTH - 2 * PAD);
    const y = (value) => HEIGHT - PAD + -(value / top) * (HEIGHT - 2 * PAD);
    const circles = points
        .map((point) => `<circle cx="${x(point.at).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="3"${point.fail ? ' class="fail"' : ''}><title>${escape(point.label)}: ${round(point.value)} ${unit}</title></circle>`)
        .join('');
    const line = limit === undefined
        ? ''
        : `<line x1="${PAD}" x2="${WIDTH - PAD}" y1="${y(limit).toFixed(1)}" y2="${y(limit).toFixed(1)}" stroke="#c00" stroke-dasharray="4"/>`;
    const axis = `<text x="${PAD}" y="${HEIGHT - 10}" font-size="11">${new Date(t0).toISOString().slice(0, 10)}</text><text x="${WIDTH - PAD}" y="${HEIGHT - 10}" font-size="11" text-anchor="end">${new Date(t1).toISOString().slice(0, 10)}</text><text x="4" y="${PAD - 10}" font-size="11">${round(top)} ${unit}</text>`;
    return `<svg data-chart="${name}" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${name}">${axis}${line}${circles}</svg>`;
}
const round = (value) => (Math.round(value * 10) / 10).toString();
function escape(text) {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The sets the newest is compared with: a week of dailies. */
const TREND_WINDOW = 7;
/** Fewer sets before the newest than this give no median worth comparing with. */
const TREND_MINIMUM = 2;
function evaluateStatus(input) {
    const sets = [...input.sets].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const checks = [];
    const backup = backupAge(input, sets, checks);
    const drill = drillAge(input, checks);
    const retention = retentionHealth(input, sets, checks);
    const sizeTrend = sizeTrendOf(sets, input.limits.sizeChangeFactor, checks);
    if (input.problems.length > 0 || input.drillProblems.length > 0) {
        checks.push({
            name: 'listing',
            status: 'warn',
            detail: [...input.problems, ...input.drillProblems].join('; ')
        });
    }
    const conditions = [
        ...new Set(checks.flatMap((check) => check.status === 'fail' && check.condition ? [check.condition] : []))
    ];
    return {
        now: input.now.toISOString(),
        store: input.store,
        result: conditions.length > 0 ? 'fail' : 'pass',
        conditions,
        checks,
        backup,
        drill,
        retention,
        ...(sizeTrend ? { sizeTrend } : {}),
        history: {
            sets: [...sets].reverse().map((set) => ({
                name: set.name,
                createdAt: set.createdAt.toISOString(),
                ...(set.sizeBytes === undefined ? {} : { sizeBytes: set.sizeBytes })
            })),
            drills: [...input.drills]
                .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
                .map((drill) => ({
                id: drill.id,
                startedAt: drill.startedAt.toISOString(),
                result: drill.result,
                seconds: round3((drill.finishedAt.getTime() - drill.startedAt.getTime()) / 1000)
            }))
        }
    };
}
function backupAge(input, sets, checks) {
    const limitHours = input.limits.rpoHours;
    const newest = sets[0];
    if (!newest) {
        checks.push({
            name: 'backup-age',
            status: 'fail',
            condition: 'rpo-exceeded',
            detail: `no complete backup set in ${input.store}`
        });
        return { count: 0, limitHours };
    }
    const ageHours = round3((input.now.getTime() - newest.createdAt.getTime()) / HOUR);
    const over = ageHours > limitHours;
    checks.push({
        name: 'backup-age',
        status: over ? 'fail' : 'pass',
        ...(over ? { condition: 'rpo-exceeded' } : {}),
        detail: `newest complete backup ${newest.name} is ${ageHours.toFixed(1)} h old (limit ${limitHours} h)`
    });
    return {
        count: sets.length,
        limitHours,
        newest: {
            name: newest.name,
            createdAt: newest.createdAt.toISOString(),
            ageHours,
            ...(newest.sizeBytes === undefined ? {} : { sizeBytes: newest.sizeBytes })
        }
    };
}
function drillAge(input, checks) {
    const maxAgeDays = input.limits.drillMaxAgeDays;
    const base = { source: input.drillSource, count: input.drills.length, maxAgeDays };
    const newest = [...input.drills].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())[0];
    if (!newest) {
        checks.push({
            name: 'drill',
            status: 'fail',
            condition: 'drill-overdue',
            detail: `no drill log in ${input.drillSource}: run the restore drill (at least every ${maxAgeDays} days)`
        });
        return base;
    }
    const ageDays = round3((input.now.getTime() - newest.finishedAt.getTime()) / DAY);
    const failed = newest.result === 'fail';
    const old = ageDays > maxAgeDays;
    const escalated = newest.escalations.length > 0 ? ` (${newest.escalations.join(', ')})` : '';
    const detail = failed
        ? `the last drill ${newest.id} failed${escalated}, ${ageDays.toFixed(1)} days ago: fix it and drill again`
        : old
            ? `the last drill ${newest.id} passed ${ageDays.toFixed(1)} days ago (limit ${maxAgeDays} days): drill again`
            : `the last drill ${newest.id} passed ${ageDays.toFixed(1)} days ago (limit ${maxAgeDays} days)`;
    checks.push({
        name: 'drill',
        status: failed || old ? 'fail' : 'pass',
        ...(failed || old ? { condition: 'drill-overdue' } : {}),
        detail
    });
    return {
        ...base,
        newest: {
            id: newest.id,
            finishedAt: newest.finishedAt.toISOString(),
            ageDays,
            result: newest.result,
            escalations: newest.escalations,
            origin: newest.origin
        }
    };
}
/**
 * Daily: each of the `keep-daily` UTC days before today (today's backup may not
 * have run yet; the age check covers it) should hold a set, counted from the day
 * of the oldest set (a young history is not missing days it never had). Monthly
 * the same for the `keep-monthly` months before this one. Sets the policy would
 * delete mean prune is not applied.
 */
function retentionHealth(input, sets, checks) {
    const { policy, now } = input;
    const oldest = sets.at(-1)?.createdAt;
    const days = new Set(sets.map((set) => set.createdAt.toISOString().slice(0, 10)));
    const months = new Set(sets.map((set) => set.createdAt.toISOString().slice(0, 7)));
    const coverage = (keys, present) => ({
        expected: keys.length,
        present: keys.filter((key) => present.has(key)).length,
        missing: keys.filter((key) => !present.has(key))
    });
    const daily = policy.daily > 0 && oldest ? coverage(previousDays(now, policy.daily, oldest), days) : undefined;
    const monthly = policy.monthly > 0 && oldest
        ? coverage(previousMonths(now, policy.monthly, oldest), months)
        : undefined;
    const plan = planRetention(sets.map((set) => ({ ...set, id: set.name })), policy, now);
    const beyondPolicy = plan.delete.map(({ backup }) => backup.name);
    const problems = [];
    if (daily && daily.missing.length > 0)
        problems.push(`${daily.missing.length} of the last ${daily.expected} days have no backup (${listed(daily.missing)})`);
    if (monthly && monthly.missing.length > 0)
        problems.push(`${monthly.missing.length} of the last ${monthly.expected} months have no backup (${listed(monthly.missing)})`);
    if (beyondPolicy.length > 0)
        problems.push(`${beyondPolicy.length} sets are beyond the policy (${describePolicy(policy)}): is prune running? (${listed(beyondPolicy)})`);
    const shape = [
        daily ? `${daily.present} of ${daily.expected} daily` : undefined,
        monthly ? `${monthly.present} of ${monthly.expected} monthly` : undefined
    ].filter(Boolean);
    checks.push({
        name: 'retention',
        status: problems.length > 0 ? 'warn' : 'pass',
        detail: problems.length > 0
            ? problems.join('; ')
            : sets.length === 0
                ? 'no sets yet'
                : `${shape.join(', ') || `${sets.length} sets`} present (${describePolicy(policy)})`
    });
    const incomplete = input.incomplete.map((set) => ({
        name: set.name,
        createdAt: set.createdAt.toISOString(),
        missing: set.missing,
        ...(set.note === undefined ? {} : { note: set.note })
    }));
    if (incomplete.length > 0) {
        checks.push({
            name: 'incomplete-sets',
            status: 'warn',
            detail: incomplete
                .map((set) => `${set.name}: ${set.note ?? `missing ${set.missing.join(', ')}`}`)
                .join('; ')
        });
    }
    return {
        policy,
        ...(daily ? { daily } : {}),
        ...(monthly ? { monthly } : {}),
        beyondPolicy,
        incomplete
    };
}
/**
 * The newest set's size against the median of the (up to a week of) sets before
 * it: a table emptied by a bad migration, or one that exploded, shows here first.
 */
function sizeTrendOf(sets, factor, checks) {
    const [newest, ...before] = sets;
    const previous = before
        .slice(0, TREND_WINDOW)
        .flatMap((set) => (set.sizeBytes === undefined ? [] : [set.sizeBytes]));
    if (!newest || newest.sizeBytes === undefined || previous.length < TREND_MINIMUM)
        return undefined;
    const medianBytes = median(previous);
    const ratio = medianBytes > 0 ? round3(newest.sizeBytes / medianBytes) : newest.sizeBytes > 0 ? Infinity : 1;
    const changed = ratio < 1 / factor || ratio > factor;
    const direction = ratio < 1 ? 'dropped' : 'grew';
    checks.push({
        name: 'size-trend',
        status: changed ? 'warn' : 'pass',
        detail: changed
            ? `${newest.name} ${direction} to ${percent(ratio)} of the median of the ${previous.length} sets before it (${newest.sizeBytes} vs ${medianBytes} bytes): check for emptied or exploded tables`
            : `${newest.name} is ${percent(ratio)} of the median of the ${previous.length} sets before it`
    });
    return {
        set: newest.name,
        sizeBytes: newest.sizeBytes,
        medianBytes,
        ratio: Number.isFinite(ratio) ? ratio : Number.MAX_SAFE_INTEGER,
        compared: previous.length
    };
}
/** The `count` UTC days before `now`'s day, from `oldest`'s day on, newest first. */
function previousDays(now, count, oldest) {
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const first = oldest.toISOString().slice(0, 10);
    const days = [];
    for (let back = 1; back <= count; back++) {
        const day = new Date(today - back * DAY).toISOString().slice(0, 10);
        if (day < first)
            break;
        days.push(day);
    }
    return days;
}
/** The `count` UTC months before `now`'s month, from `oldest`'s month on, newest first. */
function previousMonths(now, count, oldest) {
    const first = oldest.toISOString().slice(0, 7);
    const months = [];
    for (let back = 1; back <= count; back++) {
        const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))
            .toISOString()
            .slice(0, 7);
        if (month < first)
            break;
        months.push(month);
    }
    return months;
}
function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
const percent = (ratio) => Number.isFinite(ratio) ? `${Math.round(ratio * 100)} %` : 'infinitely more';
/** At most 10 names, then how many more. */
function listed(names) {
    return names.length <= 10
        ? names.join(', ')
        : `${names.slice(0, 10).join(', ')} and ${names.length - 10} more`;
}

/**
 * Reads the store's listing and the drill logs, then judges them
 * (evaluateStatus). Reads only: nothing in any store changes.
 */
async function runStatus(options, logger) {
    const store = options.store ?? (await storeFor(options, logger));
    const listing = await logger.group(`List backup sets (${store.description}, prefix ${options.prefix})`, async () => {
        const found = await store.list(options.prefix);
        logger.info(`${found.sets.length} complete, ${found.incomplete.length} incomplete`);
        return found;
    });
    const logs = await logger.group('Read drill logs', async () => {
        const found = await readDrillLogs(options, logger);
        logger.info(`${found.drills.length} drill logs in ${found.source}`);
        return found;
    });
    const report = evaluateStatus({
        now: options.now,
        store: store.description,
        sets: listing.sets,
        incomplete: listing.incomplete,
        problems: listing.problems,
        drillSource: logs.source,
        drills: logs.drills,
        drillProblems: logs.problems,
        policy: options.policy,
        limits: options.limits
    });
    for (const check of report.checks) {
        if (check.status === 'warn')
            logger.warning(check.detail, { title: `Backup status: ${check.name}` });
        else
            logger.info(`${check.status} ${check.name}: ${check.detail}`);
    }
    if (options.reportPath !== undefined) {
        await writeFile(options.reportPath, statusHtml(report));
        logger.info(`HTML report: ${options.reportPath}`);
    }
    return report;
}
/**
 * log-dir when given; else with store s3 the bucket's drill-logs folder (where
 * the drill stores its log), and when it holds none the drill-log-* artifacts
 * (given a token and repository) or ./drill-logs; else an artifact store's
 * drill-log-* artifacts; else ./drill-logs.
 */
async function readDrillLogs(options, logger) {
    if (options.logDir !== undefined)
        return readDrillLogFolder(options.logDir);
    if (options.s3) {
        const inBucket = await readNewestDrillLogInBucket(options.s3);
        if (inBucket.drills.length > 0 || inBucket.problems.length > 0)
            return inBucket;
        // None there: the drills may predate logs in the bucket, or ran without upload (the CLI's default).
        return options.drillLogArtifacts
            ? readNewestDrillLogArtifact(options.drillLogArtifacts, logger)
            : readDrillLogFolder('./drill-logs');
    }
    if (options.artifacts)
        return readNewestDrillLogArtifact(options.artifacts, logger);
    return readDrillLogFolder('./drill-logs');
}
async function storeFor(options, logger) {
    // Loaded only for buckets: the AWS SDK is large.
    if (options.s3)
        return (await import('./s3-backup-store.js')).createS3BackupStore(options.s3);
    if (options.artifacts)
        return createArtifactBackupStore(options.artifacts, logger);
    if (options.outDir === undefined)
        throw new Error('status needs a store: outDir, artifacts or store');
    return createDirectoryStore(options.outDir);
}

const ICON = { pass: '✅', warn: '⚠️', fail: '❌' };
/** The status as markdown: the job summary and the CLI's human output. */
function statusSummaryMarkdown(report) {
    const verdict = report.result === 'pass'
        ? `PASS ✅${report.checks.some((check) => check.status === 'warn') ? ' (with warnings)' : ''}`
        : `FAIL ❌ — escalate: ${report.conditions.join(', ')}`;
    const { backup, drill, retention } = report;
    const lines = [
        `## Backup status: ${verdict}`,
        '',
        '| | |',
        '|---|---|',
        `| Store | ${cell(report.store)} |`,
        `| Newest backup | ${backup.newest ? `\`${backup.newest.name}\`, ${backup.newest.ageHours.toFixed(1)} h old (limit ${backup.limitHours} h)${backup.newest.sizeBytes === undefined ? '' : `, ${formatBytes(backup.newest.sizeBytes)}`}` : 'none'} |`,
        `| Complete sets | ${backup.count} |`,
        `| Newest drill | ${drill.newest ? `\`${drill.newest.id}\` ${drill.newest.result}, ${drill.newest.ageDays.toFixed(1)} days old (limit ${drill.maxAgeDays} days)` : `none in ${cell(drill.source)}`} |`,
        ...(retention.daily
            ? [`| Daily sets | ${retention.daily.present} of the last ${retention.daily.expected} days |`]
            : []),
        ...(retention.monthly
            ? [
                `| Monthly sets | ${retention.monthly.present} of the last ${retention.monthly.expected} months |`
            ]
            : []),
        ...(report.sizeTrend
            ? [
                `| Size trend | ${Math.round(report.sizeTrend.ratio * 100)} % of the median of the ${report.sizeTrend.compared} sets before |`
            ]
            : []),
        `| Checked at | ${report.now} |`,
        '',
        '| Check | Result | Detail |',
        '|---|---|---|',
        ...report.checks.map((check) => `| ${check.name} | ${ICON[check.status]} ${check.status}${check.condition ? ` (\`${check.condition}\`)` : ''} | ${cell(check.detail)} |`)
    ];
    return lines.join('\n') + '\n';
}
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').slice(0, 2000);
}

export { STATUS_ACTION_INPUTS as S, STATUS_INPUT_SPECS as a, parseStatusInputs as p, runStatus as r, statusSummaryMarkdown as s };

import { I as InputError, e as errorMessage } from './_commonjsHelpers.js';
import { p as parseRetentionPolicy, d as describePolicy } from './policy.js';
import { d as DRILL_INPUT_SPECS } from './drill-options.js';
import { y as string, d as defineInputs, g as booleanInput, h as asActionOnly, H as HEARTBEAT_INPUT_SPECS, S as S3_INPUT_SPECS, n as nonNegativeRule, k as withDescriptions, e as inputNames, l as registerSecretInputs, q as parseRegisteredInputs, t as parseS3Store } from './heartbeat.js';
import { N as NOTICE_INPUT_SPECS, o as ownedTempDir, m as manifestSchema, f as formatBytes } from './notice-inputs.js';
import { b as PRUNE_INPUT_SPECS, D as DEFAULT_PREFIX, d as DEFAULT_OUT_DIR, a as planRetention, c as createArtifactBackupStore } from './artifact-backup-store.js';
import { readdir, readFile, mkdir, writeFile, stat } from 'node:fs/promises';
import path, { join, dirname } from 'node:path';
import { r as round3, a as assertWritableFolder } from './file-system.js';
import { c as createDirectoryStore, l as listBackupSets } from './directory-store.js';
import { a as drillLogSchema } from './drill-log.js';
import { A as ArtifactStoreError } from './artifact-errors.js';

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
/** The status action's report upload (its entry reads it; the CLI writes the file only). */
const STATUS_REPORT_INPUT_SPECS = defineInputs({
    'report-artifact': {
        rule: booleanInput('report-artifact'),
        default: 'true',
        description: 'true: write the HTML report (to report, or when blank into a temporary folder) and upload it as the artifact status-report-<yyyymmdd-HHMMSS> of this run, linked from the job summary. An upload failure is a warning; the status result stands.'
    }
});
/** Whether the status action uploads its HTML report (action only). */
function parseStatusReportArtifact(raw) {
    return parseRegisteredInputs(STATUS_REPORT_INPUT_SPECS, raw)['report-artifact'];
}
/** status/action.yml's inputs and the CLI's flags: the store (as prune's), the drill logs, the limits, the policy. */
const STATUS_INPUT_SPECS = {
    ...withDescriptions(defineInputs({
        store,
        'out-dir': outDir,
        prefix,
        'artifact-name': {
            ...artifactName,
            cli: {
                value: '<name>',
                help: 'read GitHub artifacts instead of a folder: those named <name>-<yyyymmdd-HHMMSS> (one per set) or exactly <name> (one per run, dated by created_at); the drill logs from the drill-log-* artifacts unless --log-dir; token from GITHUB_TOKEN or GH_TOKEN'
            }
        },
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
            description: 'Path of a self-contained HTML report to write (no external assets, no script): the checks, a pass/fail timeline of backups and drills (failed drills and stretches longer than the RPO without a backup in red), backup size and duration per backup, hours between backups against the RPO, each drill RTO against its budget, a retention calendar (days and months kept, days the next prune deletes) as inline SVG charts. Blank: none (the action with report-artifact true writes it into a temporary folder to upload it).',
            cli: { value: '<file>', help: 'write a self-contained HTML report with charts' }
        }
    }),
    ...S3_INPUT_SPECS,
    ...asActionOnly({
        ...STATUS_REPORT_INPUT_SPECS,
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
        origin,
        rto: log.rto
    };
}

/**
 * The newest drill log in a bucket (`<s3-prefix>/drill-logs/`, where the drill
 * stores it with store s3), downloaded verified into a temporary folder and
 * read. Only the newest is downloaded: it alone decides the drill check.
 */
async function readNewestDrillLogInBucket(config) {
    // Loaded only for buckets: the AWS SDK is large.
    const { createS3Client, describeS3Store } = await import('./s3-config.js').then(function (n) { return n.aV; });
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

const timingsOnly = manifestSchema.pick({ timings: true });
/** A bucket's manifests are fetched one request each: the newest this many sets get a duration. */
const MAX_BUCKET_DURATIONS = 100;
/** `timings.totalSeconds` of a manifest file, or undefined when it has none or is not readable. */
async function durationOf(file) {
    try {
        const parsed = timingsOnly.safeParse(JSON.parse(await readFile(file, 'utf8')));
        return parsed.success ? parsed.data.timings.totalSeconds : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * Each set's backup run time (the manifest's `timings.totalSeconds`) in a
 * folder store, by set name: the report's duration chart. A manifest that is
 * not readable or has no timings gives no duration (verify and the drill judge
 * manifests; status only charts them).
 */
async function readDurationsInFolder(dir, sets) {
    const durations = new Map();
    for (const set of sets) {
        const seconds = await durationOf(path.join(dir, set.files.manifest));
        if (seconds !== undefined)
            durations.set(set.name, seconds);
    }
    return durations;
}
/**
 * The same for a bucket: each of the newest MAX_BUCKET_DURATIONS sets' manifest
 * downloaded (verified against its sha256, as every download) into a temporary
 * folder and read. A manifest that cannot be fetched or verified gives no
 * duration; an unreachable bucket already failed the listing.
 */
async function readDurationsInBucket(config, sets) {
    // Loaded only for buckets: the AWS SDK is large.
    const { createS3Client } = await import('./s3-config.js').then(function (n) { return n.aV; });
    const { downloadVerified } = await import('./s3-objects.js').then(function (n) { return n.s; });
    const durations = new Map();
    const client = createS3Client(config);
    const folder = await ownedTempDir('backup-drill-status-manifests-');
    try {
        const newest = [...sets]
            .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
            .slice(0, MAX_BUCKET_DURATIONS);
        for (const [index, set] of newest.entries()) {
            const file = path.join(folder.path, `${index}.manifest.json`);
            try {
                await downloadVerified(client, config, set.files.manifest, file);
            }
            catch {
                continue;
            }
            const seconds = await durationOf(file);
            if (seconds !== undefined)
                durations.set(set.name, seconds);
        }
        return durations;
    }
    finally {
        await folder.undo();
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
    const durations = sets.flatMap((set) => set.durationSeconds === undefined
        ? []
        : [{ at: Date.parse(set.createdAt), value: set.durationSeconds, label: set.name }]);
    // Each drill's RTO (restore + checks) against its own budget; a log without one charts its run time.
    const rtoPoints = drills.map((drill) => ({
        at: Date.parse(drill.startedAt),
        value: (drill.rto?.seconds ?? drill.seconds) / 60,
        label: `${drill.id} ${drill.result}${drill.rto ? ` (budget ${drill.rto.limitMinutes} min)` : ''}`,
        fail: drill.result === 'fail',
        ...(drill.rto ? { budget: drill.rto.limitMinutes } : {})
    }));
    const newestBudget = drills.at(-1)?.rto?.limitMinutes;
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
circle.fail { fill: #c00; } circle { fill: #06c; } circle.pass { fill: #3a3; } rect.gap { fill: #c00; opacity: 0.35; }
rect.day { stroke: #fff; } rect.daily { fill: #3a3; } rect.monthly { fill: #063; } rect.other { fill: #9c9; } rect.expiring { fill: #e90; } rect.none { fill: #ddd; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: middle; }
</style>
</head>
<body>
<h1>Backup status: ${report.result === 'pass' ? 'PASS' : `FAIL (${escape(report.conditions.join(', '))})`}</h1>
<p>${escape(report.store)} — checked ${escape(report.now)}</p>
<table><tr><th>Check</th><th>Result</th><th>Detail</th></tr>
${rows}
</table>
<h2>Pass/fail timeline (${sets.length} backups, ${drills.length} drills; red = failed drill or more than the RPO without a backup)</h2>
${timeline(report)}
<h2>Backup size (${sizes.length} backups)</h2>
${chart('size', sizes, 'bytes')}
<h2>Backup duration in seconds (${durations.length} backups${durations.length < sets.length ? `; ${sets.length - durations.length} without timings: durations are read from the manifests of a folder or a bucket (its newest 100 sets), not from inside artifacts` : ''})</h2>
${chart('duration', durations, 's')}
<h2>Hours since the previous backup (RPO ${report.backup.limitHours} h)</h2>
${chart('rpo', gaps, 'h', report.backup.limitHours)}
<h2>Drills: RTO in minutes against the budget (${drills.length} drills; red = failed${newestBudget === undefined ? '' : `; line = budget ${newestBudget} min`})</h2>
${chart('rto', rtoPoints, 'min', newestBudget)}
<h2>Retention calendar (${escape(describePolicy(report.retention.policy))})</h2>
<p class="legend"><span style="background:#3a3"></span>kept (daily)<span style="background:#063"></span>kept (monthly: the month's newest)<span style="background:#9c9"></span>kept (another rule: last, weekly, yearly, the oldest)<span style="background:#e90"></span>expiring: beyond the policy, the next prune deletes it<span style="background:#ddd"></span>no backup</p>
${calendar(report)}
</body>
</html>
`;
}
/**
 * Backups and drills on one time axis, from the oldest to the check: a green
 * point per backup and per passed drill, a red point per failed drill, and a
 * red band wherever more than the RPO passed without a backup (up to the
 * check itself: the rpo-exceeded of today shows as a band reaching the right edge).
 */
function timeline(report) {
    const { sets, drills } = report.history;
    if (sets.length === 0 && drills.length === 0)
        return '<p data-chart="timeline">No data.</p>';
    const now = Date.parse(report.now);
    const backups = sets.map((set) => ({ at: Date.parse(set.createdAt), name: set.name }));
    const runs = drills.map((drill) => ({ ...drill, at: Date.parse(drill.startedAt) }));
    const t0 = Math.min(...backups.map((b) => b.at), ...runs.map((d) => d.at));
    const t1 = Math.max(now, ...backups.map((b) => b.at), ...runs.map((d) => d.at));
    const x = (at) => LANE_LEFT + ((at - t0) / Math.max(t1 - t0, 1)) * (WIDTH - LANE_LEFT - PAD);
    const rpoMs = report.backup.limitHours * 3_600_000;
    // Each stretch longer than the RPO without a backup: between two backups, and from the newest to now.
    const ends = [...backups.map((b) => b.at), now];
    const gaps = backups.flatMap((backup, index) => {
        const next = ends[index + 1];
        return next - backup.at > rpoMs ? [{ from: backup.at, to: next }] : [];
    });
    const hours = (ms) => round(ms / 3_600_000);
    const gapRects = gaps
        .map((gap) => `<rect class="gap" x="${x(gap.from).toFixed(1)}" y="${BACKUP_LANE - 10}" width="${Math.max(x(gap.to) - x(gap.from), 1).toFixed(1)}" height="20"><title>${escape(`${new Date(gap.from).toISOString()} to ${gap.to === now ? 'the check' : new Date(gap.to).toISOString()}: ${hours(gap.to - gap.from)} h without a backup (RPO ${report.backup.limitHours} h)`)}</title></rect>`)
        .join('');
    const backupDots = backups
        .map((backup) => `<circle class="pass" data-lane="backups" cx="${x(backup.at).toFixed(1)}" cy="${BACKUP_LANE}" r="3"><title>${escape(backup.name)}</title></circle>`)
        .join('');
    const drillDots = runs
        .map((drill) => `<circle class="${drill.result}" data-lane="drills" cx="${x(drill.at).toFixed(1)}" cy="${DRILL_LANE}" r="5"><title>${escape(`${drill.id} ${drill.result}`)}</title></circle>`)
        .join('');
    const labels = `<text x="4" y="${BACKUP_LANE + 4}" font-size="11">backups</text><text x="4" y="${DRILL_LANE + 4}" font-size="11">drills</text>`;
    const axis = `<text x="${LANE_LEFT}" y="${TIMELINE_HEIGHT - 8}" font-size="11">${new Date(t0).toISOString().slice(0, 10)}</text><text x="${WIDTH - PAD}" y="${TIMELINE_HEIGHT - 8}" font-size="11" text-anchor="end">${new Date(t1).toISOString().slice(0, 10)}</text>`;
    return `<svg data-chart="timeline" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${TIMELINE_HEIGHT}" viewBox="0 0 ${WIDTH} ${TIMELINE_HEIGHT}" role="img" aria-label="pass/fail timeline">${labels}${axis}${gapRects}${backupDots}${drillDots}</svg>`;
}
const LANE_LEFT = 70;
const BACKUP_LANE = 25;
const DRILL_LANE = 60;
const TIMELINE_HEIGHT = 100;
/**
 * One cell per UTC day from the oldest set's day to the check's day, one row
 * per month: what the retention planner keeps (daily, monthly) and what the
 * next prune deletes, from each set's `keptBy` reasons.
 */
function calendar(report) {
    const { sets } = report.history;
    if (sets.length === 0)
        return '<p data-chart="calendar">No data.</p>';
    const byDay = new Map();
    for (const set of sets) {
        const day = set.createdAt.slice(0, 10);
        const state = set.keptBy.some((reason) => reason.startsWith('monthly '))
            ? 'monthly'
            : set.keptBy.some((reason) => reason.startsWith('daily '))
                ? 'daily'
                : set.keptBy.length > 0
                    ? 'other'
                    : 'expiring';
        const entry = byDay.get(day) ?? { state, names: [], reasons: [] };
        // A day with several sets shows the longest-lived state.
        if (STATE_RANK[state] > STATE_RANK[entry.state])
            entry.state = state;
        entry.names.push(set.name);
        entry.reasons.push(...set.keptBy);
        byDay.set(day, entry);
    }
    const first = Date.parse(sets[0].createdAt.slice(0, 10));
    const last = Math.max(Date.parse(report.now.slice(0, 10)), Date.parse(sets.at(-1).createdAt.slice(0, 10)));
    const months = [];
    for (let at = first; at <= last; at += DAY_MS) {
        const month = new Date(at).toISOString().slice(0, 7);
        if (months.at(-1) !== month)
            months.push(month);
    }
    const cells = [];
    for (let at = first; at <= last; at += DAY_MS) {
        const date = new Date(at);
        const day = date.toISOString().slice(0, 10);
        const row = months.indexOf(day.slice(0, 7));
        const entry = byDay.get(day);
        const state = entry?.state ?? 'none';
        const title = entry
            ? `${day}: ${entry.names.join(', ')} — ${entry.reasons.length > 0 ? `kept (${entry.reasons.join(', ')})` : 'beyond the policy: the next prune deletes it'}`
            : `${day}: no backup`;
        cells.push(`<rect class="day ${state}" data-day="${day}" x="${CAL_LEFT + (date.getUTCDate() - 1) * CELL}" y="${CAL_TOP + row * CELL}" width="${CELL}" height="${CELL}"><title>${escape(title)}</title></rect>`);
    }
    const keptMonths = new Set(sets.flatMap((set) => set.keptBy.filter((reason) => reason.startsWith('monthly ')).map((reason) => reason.slice(8))));
    const labels = months
        .map((month, row) => `<text x="4" y="${CAL_TOP + row * CELL + CELL - 4}" font-size="11"${keptMonths.has(month) ? ' font-weight="bold"' : ''}>${month}${keptMonths.has(month) ? ' ◆' : ''}</text>`)
        .join('');
    const header = Array.from({ length: 31 }, (_, index) => `<text x="${CAL_LEFT + index * CELL + CELL / 2}" y="${CAL_TOP - 4}" font-size="9" text-anchor="middle">${index + 1}</text>`).join('');
    const width = CAL_LEFT + 31 * CELL + 8;
    const height = CAL_TOP + months.length * CELL + 8;
    return `<svg data-chart="calendar" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="retention calendar">${header}${labels}${cells.join('')}</svg>
<p>◆ a month the monthly rule keeps a set of (${keptMonths.size} of ${months.length} months shown).</p>`;
}
const STATE_RANK = {
    none: 0,
    expiring: 1,
    other: 2,
    daily: 3,
    monthly: 4
};
const DAY_MS = 86_400_000;
const CELL = 18;
const CAL_LEFT = 90;
const CAL_TOP = 18;
const WIDTH = 720;
const HEIGHT = 200;
const PAD = 40;
/** A scatter chart with one circle per point (and an optional limit line), time on x. */
function chart(name, points, unit, limit) {
    if (points.length === 0)
        return `<p data-chart="${name}">No data.</p>`;
    const times = points.map((point) => point.at);
    const values = points
        .flatMap((point) => (point.budget === undefined ? [point.value] : [point.value, point.budget]))
        .concat(limit === undefined ? [] : [limit]);
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
    const ticks = points
        .filter((point) => point.budget !== undefined)
        .map((point) => `<line class="budget" x1="${(x(point.at) - 6).toFixed(1)}" x2="${(x(point.at) + 6).toFixed(1)}" y1="${y(point.budget).toFixed(1)}" y2="${y(point.budget).toFixed(1)}" stroke="#c00"/>`)
        .join('');
    const axis = `<text x="${PAD}" y="${HEIGHT - 10}" font-size="11">${new Date(t0).toISOString().slice(0, 10)}</text><text x="${WIDTH - PAD}" y="${HEIGHT - 10}" font-size="11" text-anchor="end">${new Date(t1).toISOString().slice(0, 10)}</text><text x="4" y="${PAD - 10}" font-size="11">${round(top)} ${unit}</text>`;
    return `<svg data-chart="${name}" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${name}">${axis}${line}${ticks}${circles}</svg>`;
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
    const { retention, keptBy } = retentionHealth(input, sets, checks);
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
                ...(set.sizeBytes === undefined ? {} : { sizeBytes: set.sizeBytes }),
                ...(set.durationSeconds === undefined ? {} : { durationSeconds: set.durationSeconds }),
                keptBy: keptBy.get(set.name) ?? []
            })),
            drills: [...input.drills]
                .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
                .map((drill) => ({
                id: drill.id,
                startedAt: drill.startedAt.toISOString(),
                result: drill.result,
                seconds: round3((drill.finishedAt.getTime() - drill.startedAt.getTime()) / 1000),
                ...(drill.rto ? { rto: drill.rto } : {})
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
            detail: input.otherPrefixes?.others.length
                ? `no complete backup set with prefix ${input.otherPrefixes.prefix} in ${input.store}; it holds sets with prefix ${input.otherPrefixes.others.join(', ')}: pass that prefix (--prefix, the prefix input)`
                : `no complete backup set in ${input.store}`
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
    const keptBy = new Map(plan.keep.map(({ backup, reasons }) => [backup.name, reasons]));
    const problems = [];
    if (daily && daily.missing.length > 0)
        problems.push(`${daily.missing.length} of the last ${daily.expected} days have no backup (${listed(daily.missing)})`);
    if (monthly && monthly.missing.length > 0)
        problems.push(`${monthly.missing.length} of the last ${monthly.expected} months have no backup (${listed(monthly.missing)})`);
    if (beyondPolicy.length > 0)
        problems.push(`${beyondPolicy.length} sets are beyond the policy (${describePolicy(policy)}): is prune running? (${listed(beyondPolicy)})`);
    // A coverage with nothing due yet (the history began today / this month) says nothing.
    const shape = [
        daily?.expected ? `${daily.present} of ${daily.expected} daily` : undefined,
        monthly?.expected ? `${monthly.present} of ${monthly.expected} monthly` : undefined
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
        retention: {
            policy,
            ...(daily ? { daily } : {}),
            ...(monthly ? { monthly } : {}),
            beyondPolicy,
            incomplete
        },
        keptBy
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
    // A report path that cannot be written is bad input before anything is read.
    if (options.reportPath !== undefined)
        await assertReportPath(options.reportPath);
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
    const durations = await readDurations(options, listing.sets, logger);
    const otherPrefixes = listing.sets.length === 0 && listing.incomplete.length === 0
        ? await otherPrefixesInFolder(options)
        : undefined;
    const report = evaluateStatus({
        now: options.now,
        store: store.description,
        sets: listing.sets.map((set) => {
            const durationSeconds = durations.get(set.name);
            return durationSeconds === undefined ? set : { ...set, durationSeconds };
        }),
        incomplete: listing.incomplete,
        problems: listing.problems,
        drillSource: logs.source,
        drills: logs.drills,
        drillProblems: logs.problems,
        policy: options.policy,
        limits: options.limits,
        ...(otherPrefixes ? { otherPrefixes } : {})
    });
    for (const check of report.checks) {
        if (check.status === 'warn')
            logger.warning(check.detail, { title: `Backup status: ${check.name}` });
        else
            logger.info(`${check.status} ${check.name}: ${check.detail}`);
    }
    if (options.reportPath !== undefined) {
        await mkdir(dirname(options.reportPath), { recursive: true });
        await writeFile(options.reportPath, statusHtml(report));
        logger.info(`HTML report: ${options.reportPath}`);
    }
    return report;
}
/**
 * A folder without a set of the prefix: the prefixes of the sets it does hold
 * (a backup made with --prefix opta-supabase, a status run with the default
 * prefix), so rpo-exceeded can say which prefix to pass.
 */
async function otherPrefixesInFolder(options) {
    if (options.store !== undefined ||
        options.s3 ||
        options.artifacts ||
        options.outDir === undefined)
        return undefined;
    const all = await listBackupSets(options.outDir).catch(() => undefined);
    const others = [...new Set(all?.sets.map((set) => set.prefix) ?? [])].sort();
    return others.length > 0 ? { prefix: options.prefix, others } : undefined;
}
/** The report goes to a file (not onto a folder) whose folder exists or can be created. */
async function assertReportPath(file) {
    const existing = await stat(file).catch(() => undefined);
    if (existing?.isDirectory())
        throw new InputError('report', `${file} is a folder: give the path of the HTML file to write, e.g. ${file.replace(/\/+$/, '')}/status.html`);
    await assertWritableFolder('report', dirname(file));
}
/**
 * Each set's backup duration from its manifest: a folder's files, a bucket's
 * manifest objects (the newest MAX_BUCKET_DURATIONS). Artifacts give none: a
 * manifest sits inside the set's zip, and downloading every backup to chart
 * its duration is not worth it.
 */
async function readDurations(options, sets, logger) {
    if (sets.length === 0)
        return new Map();
    if (options.s3)
        return logger.group('Read backup durations (manifests in the bucket)', async () => {
            const found = await readDurationsInBucket(options.s3, sets);
            logger.info(`${found.size} of ${sets.length} sets have a duration`);
            return found;
        });
    if (options.store === undefined && !options.artifacts && options.outDir !== undefined)
        return readDurationsInFolder(options.outDir, sets);
    return new Map();
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
function statusSummaryMarkdown(report, extras = {}) {
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
            ? [
                `| Daily sets | ${retention.daily.expected === 0 ? 'none due yet: the first set is from today' : `${retention.daily.present} of the last ${retention.daily.expected} days`} |`
            ]
            : []),
        ...(retention.monthly
            ? [
                `| Monthly sets | ${retention.monthly.expected === 0 ? 'none due yet: the first set is from this month' : `${retention.monthly.present} of the last ${retention.monthly.expected} months`} |`
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
    const artifact = extras.reportArtifact;
    if (artifact)
        lines.push('', 'url' in artifact
            ? `📊 HTML report (charts, retention calendar): [${artifact.name}](${artifact.url})`
            : `⚠️ The HTML report was not uploaded: ${cell(artifact.failure)}`);
    if (extras.history)
        lines.push('', ...historyTables(report));
    return lines.join('\n') + '\n';
}
/**
 * The numbers behind the HTML report's charts, as tables: per backup its size,
 * duration, hours since the one before and what the retention policy does with
 * it; per drill its RTO against the budget. Folded, newest first.
 */
function historyTables(report) {
    const { sets, drills } = report.history;
    const backups = sets.map((set, index) => {
        const previous = sets[index - 1];
        const gap = previous
            ? `${((Date.parse(set.createdAt) - Date.parse(previous.createdAt)) / 3_600_000).toFixed(1)}`
            : '';
        const retention = set.keptBy.length > 0
            ? `kept (${set.keptBy.join(', ')})`
            : 'beyond the policy: prune deletes it';
        return `| \`${cell(set.name)}\` | ${set.createdAt.slice(0, 16).replace('T', ' ')} | ${set.sizeBytes === undefined ? '' : formatBytes(set.sizeBytes)} | ${set.durationSeconds === undefined ? '' : set.durationSeconds.toFixed(1)} | ${gap} | ${cell(retention)} |`;
    });
    const drillRows = drills.map((drill) => {
        const rto = drill.rto
            ? `${(drill.rto.seconds / 60).toFixed(1)} | ${drill.rto.limitMinutes} | ${drill.rto.ok ? '✅' : '❌ over'}`
            : `${(drill.seconds / 60).toFixed(1)} | | `;
        return `| \`${cell(drill.id)}\` | ${drill.startedAt.slice(0, 16).replace('T', ' ')} | ${drill.result === 'pass' ? '✅ pass' : '❌ fail'} | ${rto} |`;
    });
    const kept = sets.filter((set) => set.keptBy.length > 0).length;
    const monthly = sets.filter((set) => set.keptBy.some((reason) => reason.startsWith('monthly')));
    return [
        `<details><summary>History: ${sets.length} backups, ${drills.length} drills (the report's numbers)</summary>`,
        '',
        `Retention: ${kept} sets kept (${monthly.length} by the monthly rule: ${monthly.map((set) => set.createdAt.slice(0, 7)).join(', ') || 'none'}), ${sets.length - kept} beyond the policy.`,
        '',
        '| Backup | Created (UTC) | Size | Duration (s) | Hours since previous | Retention |',
        '|---|---|---|---|---|---|',
        ...backups.reverse(),
        '',
        '| Drill | Started (UTC) | Result | RTO (min) | Budget (min) | Within budget |',
        '|---|---|---|---|---|---|',
        ...drillRows.reverse(),
        '',
        '</details>'
    ];
}
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').slice(0, 2000);
}

export { STATUS_ACTION_INPUTS as S, parseStatusReportArtifact as a, STATUS_INPUT_SPECS as b, parseStatusInputs as p, runStatus as r, statusSummaryMarkdown as s };

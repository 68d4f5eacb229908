import { I as InputError } from './_commonjsHelpers.js';
import { d as defineInputs, S as S3_INPUT_SPECS, r as repositoryRule, b as artifactNameRule, c as prefixRule, s as storeRule, g as booleanInput, e as inputNames, l as registerSecretInputs, q as parseRegisteredInputs, t as parseS3Store } from './heartbeat.js';
import { k as keepCountRule, D as DEFAULT_RETENTION_POLICY, p as parseRetentionPolicy, a as policyKeepsSomething, R as RETENTION_RULES } from './policy.js';
import { a as parseBackupSetName } from './backup-set.js';
import { r as registerSecret } from './secrets.js';
import { A as ArtifactStoreError } from './artifact-errors.js';

/** The folder prune works on when it is given no store. */
const DEFAULT_OUT_DIR = './backups';
/** The set name prefix of a folder when none is given (the backup's default). */
const DEFAULT_PREFIX = 'backup';
const keepCount = (rule, description, help) => ({
    rule: keepCountRule,
    default: String(DEFAULT_RETENTION_POLICY[rule]),
    description,
    cli: { value: '<n>', help }
});
/** prune/action.yml's inputs, the CLI's flags (the token comes from the environment there). */
const PRUNE_INPUT_SPECS = defineInputs({
    store: {
        rule: storeRule,
        description: 'Where the sets live: s3 prunes the s3-bucket (the sets named <prefix>-<yyyymmdd-HHMMSS> under s3-prefix, which defaults to the prefix; a set is deleted manifest first). Empty: artifact when artifact-name is given, else directory (out-dir).',
        cli: {
            value: '<store>',
            help: 'directory, artifact or s3 (default: artifact with --artifact-name, else directory)'
        }
    },
    'out-dir': {
        // No default here: giving out-dir together with artifact-name is refused, so blank must stay blank.
        description: 'Folder holding the backup sets (<prefix>-<yyyymmdd-HHMMSS>.dump or .dump.age, .sha256, .manifest.json). Blank means ./backups. Used only when artifact-name is blank; giving both is an error (one store per run).',
        cli: {
            value: '<dir>',
            help: `folder holding the backup sets (default: "${DEFAULT_OUT_DIR}"; not with --artifact-name)`
        }
    },
    prefix: {
        rule: prefixRule,
        description: 'Folder or bucket (store s3): the sets named <prefix>-<yyyymmdd-HHMMSS> are considered. Blank means backup. Giving it together with artifact-name is an error (artifact-name selects the artifacts).',
        cli: {
            value: '<prefix>',
            help: `only sets named <prefix>-<yyyymmdd-HHMMSS> (default: "${DEFAULT_PREFIX}"; not with --artifact-name)`
        }
    },
    'artifact-name': {
        rule: artifactNameRule,
        description: 'Prune GitHub artifacts instead of a folder. Artifacts named <artifact-name>-<yyyymmdd-HHMMSS> (what the backup uploads without an artifact-name: one per set) are dated by that stamp; artifacts named exactly <artifact-name> (a fixed artifact-name: one per run) are dated by their created_at. Expired artifacts are gone and not counted. Fails with retention-unattainable when the artifacts expire before the policy would delete them (90 days on public repositories; 12 monthly needs 366).',
        cli: {
            value: '<name>',
            help: 'prune GitHub artifacts instead of a folder: those named <name>-<yyyymmdd-HHMMSS> (one per set) or exactly <name> (one per run, dated by created_at); token from GITHUB_TOKEN or GH_TOKEN'
        }
    },
    repository: {
        rule: repositoryRule,
        env: ['GITHUB_REPOSITORY'],
        actionDefault: '${{ github.repository }}',
        description: 'owner/repo holding the artifacts (artifact-name only).',
        cli: {
            value: '<owner/repo>',
            help: 'repository of the artifacts'
        }
    },
    'github-token': {
        secret: 'whole',
        // Never a flag: it stays out of shell history and process lists.
        env: ['GITHUB_TOKEN', 'GH_TOKEN'],
        actionDefault: '${{ github.token }}',
        description: 'Token that lists and deletes the artifacts (artifact-name only): the job needs permissions actions: write. Masked at once.'
    },
    'keep-last': keepCount('last', 'Keep the N newest complete sets.', 'keep the n newest sets'),
    'keep-daily': keepCount('daily', 'Keep the newest set of each of the N newest UTC days that have one.', 'keep the newest set of each of the n newest UTC days that have one'),
    'keep-weekly': keepCount('weekly', 'Keep the newest set of each of the N newest ISO weeks that have one.', 'same per ISO week'),
    'keep-monthly': keepCount('monthly', 'Keep the newest set of each of the N newest UTC months that have one.', 'same per UTC month'),
    'keep-yearly': keepCount('yearly', 'Keep the newest set of each of the N newest UTC years that have one.', 'same per UTC year'),
    'dry-run': {
        rule: booleanInput('dry-run'),
        // Deleting is the one irreversible step in this tool, so leaving the flag out only reports.
        default: 'true',
        actionDefault: 'false',
        description: 'true: only report what would be deleted. Incomplete sets are never deleted, and nothing is deleted when the listing has problems (for artifacts: a listing that does not add up).',
        cli: {
            negatable: true,
            help: 'only report what would be deleted (the default)',
            negatedHelp: 'delete the sets outside the policy'
        }
    },
    ...S3_INPUT_SPECS
});
/** Input names of the prune operation: action inputs and CLI flags alike. */
const PRUNE_INPUTS = inputNames(PRUNE_INPUT_SPECS, 'parsed');
/**
 * Parses the prune inputs; throws InputError naming the offending input.
 *
 * The store rule: `artifact-name` given -> GitHub artifacts of `repository`
 * (needs `github-token`); otherwise the folder `out-dir` (default ./backups).
 * Giving both out-dir and artifact-name is bad input (one store per run), and
 * so is prefix with artifact-name (the artifact-name is the prefix there).
 * The token is registered as a secret before anything else happens; it is
 * ignored without artifact-name (the action passes github.token by default).
 */
function parsePruneInputs(raw, env = process.env) {
    registerSecretInputs(PRUNE_INPUT_SPECS, raw);
    const parsed = parseRegisteredInputs(PRUNE_INPUT_SPECS, raw);
    const policy = parseRetentionPolicy(raw);
    const dryRun = parsed['dry-run'];
    const artifactName = parsed['artifact-name'];
    if (parsed.store === 's3') {
        for (const other of ['artifact-name', 'out-dir'])
            if (parsed[other] !== undefined)
                throw new InputError(other, 'applies to another store: with store s3, prune works on the s3-bucket only');
        const prefix = parsed.prefix ?? DEFAULT_PREFIX;
        return { s3: parseS3Store(parsed, env, prefix), prefix, policy, dryRun };
    }
    if (artifactName === undefined) {
        return {
            outDir: parsed['out-dir'] ?? DEFAULT_OUT_DIR,
            prefix: parsed.prefix ?? DEFAULT_PREFIX,
            policy,
            dryRun
        };
    }
    if (parsed['out-dir'] !== undefined) {
        throw new InputError('out-dir', 'give either out-dir (a folder) or artifact-name (GitHub artifacts), not both: prune works on one store per run');
    }
    if (parsed.prefix !== undefined) {
        throw new InputError('prefix', 'applies to out-dir only; with artifact-name, the artifact-name selects the backups (artifacts named <artifact-name>-<yyyymmdd-HHMMSS>, or exactly <artifact-name>)');
    }
    if (!parsed['github-token']) {
        throw new InputError('github-token', 'pruning artifacts needs a token with actions:write on the repository (in a workflow: github-token: ${{ github.token }} and permissions: actions: write)');
    }
    if (!parsed.repository) {
        throw new InputError('repository', 'give owner/repo (GITHUB_REPOSITORY is not set)');
    }
    return {
        artifacts: { repository: parsed.repository, token: parsed['github-token'] },
        prefix: artifactName,
        policy,
        dryRun
    };
}

/** The reason given to a backup created after `now`. */
const FUTURE_REASON = 'future: created after now';
/**
 * Plans retention with the semantics of restic's `forget`:
 * - each rule walks the backups newest first and keeps the newest backup of
 *   each UTC calendar bucket (day, ISO week, month, year; `last` = every
 *   backup its own bucket) until it has kept `policy[rule]` of them; only
 *   buckets that hold a backup count, so a gap of missed days costs nothing;
 * - rules are independent and OR'ed: a backup is kept when any rule keeps it,
 *   with one reason per rule;
 * - like restic >= 0.17, a rule that still has unused slots after the walk
 *   also keeps the oldest backup, so a young history is not thinned to one
 *   backup per bucket at its far end (reason `oldest (monthly: 10 unused)`).
 *
 * `now` is not a reference point for the rules (restic does not use one
 * either: the buckets are counted from the newest backup, so a paused
 * schedule never ages every backup out). It only separates backups dated
 * after `now` (clock skew, a hand-named file): those are kept with
 * FUTURE_REASON and take no part in the rules, so a mis-dated file cannot
 * take the slot of a real day.
 *
 * Guarantees: the newest backup not in the future is always kept (every rule
 * with a count keeps it); the plan is a fixed point (planning again over the
 * kept backups deletes nothing); the keep list is empty only when the input is.
 * Throws when the policy keeps nothing (the schema rejects such input earlier).
 */
function planRetention(backups, policy, now) {
    if (!policyKeepsSomething(policy))
        throw new Error('retention policy keeps nothing');
    for (const backup of backups) {
        if (Number.isNaN(backup.createdAt.getTime()))
            throw new Error(`backup ${backup.id} has an invalid createdAt`);
    }
    const sorted = [...backups].sort(newestFirst);
    const future = sorted.filter((backup) => backup.createdAt.getTime() > now.getTime());
    const past = sorted.filter((backup) => backup.createdAt.getTime() <= now.getTime());
    const reasons = past.map(() => []);
    for (const rule of RETENTION_RULES) {
        let left = policy[rule];
        if (left <= 0)
            continue;
        let lastBucket;
        let oldestKept = false;
        for (const [index, backup] of past.entries()) {
            if (left === 0)
                break;
            const bucket = bucketOf(rule, backup.createdAt, index);
            if (bucket === lastBucket)
                continue;
            lastBucket = bucket;
            left--;
            reasons[index].push(`${rule} ${bucket}`);
            oldestKept = index === past.length - 1;
        }
        if (left > 0 && past.length > 0 && !oldestKept) {
            reasons[past.length - 1].push(`oldest (${rule}: ${left} unused)`);
        }
    }
    const keep = future.map((backup) => ({
        backup,
        reasons: [FUTURE_REASON]
    }));
    const remove = [];
    for (const [index, backup] of past.entries()) {
        const why = reasons[index];
        if (why.length > 0)
            keep.push({ backup, reasons: why });
        else
            remove.push({ backup });
    }
    return { keep, delete: remove };
}
/** Newest first; ties broken by id so the plan does not depend on input order. */
function newestFirst(a, b) {
    return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
/** The UTC calendar bucket of a time for a rule, as the label shown in reasons. */
function bucketOf(rule, at, index) {
    const year = String(at.getUTCFullYear()).padStart(4, '0');
    const month = pad2(at.getUTCMonth() + 1);
    switch (rule) {
        case 'last':
            return `#${index + 1}`;
        case 'daily':
            return `${year}-${month}-${pad2(at.getUTCDate())}`;
        case 'weekly':
            return isoWeek(at);
        case 'monthly':
            return `${year}-${month}`;
        case 'yearly':
            return year;
    }
}
/** ISO 8601 week of a UTC time, `2026-W48`: weeks start on Monday and belong to the year of their Thursday. */
function isoWeek(at) {
    const weekday = at.getUTCDay() || 7;
    // setUTC* rather than Date.UTC(y, ...), which maps years 0-99 to 1900-1999.
    const thursday = new Date(at.getTime());
    thursday.setUTCDate(at.getUTCDate() + 4 - weekday);
    const year = thursday.getUTCFullYear();
    const januaryFirst = new Date(thursday.getTime());
    januaryFirst.setUTCMonth(0, 1);
    const week = Math.floor((thursday.getTime() - januaryFirst.getTime()) / 86_400_000 / 7) + 1;
    return `${String(year).padStart(4, '0')}-W${pad2(week)}`;
}
function pad2(n) {
    return String(n).padStart(2, '0');
}

// The artifact client (Azure SDK, Octokit) is loaded only when a store is used:
// it costs about 40 MB of memory that directory-only runs should not pay.
const artifactClient = () => import('./artifact-store.js');
/** True for sets listed by an artifact store (they carry their artifact's id and times). */
function isArtifactBackupSet(set) {
    const artifact = set.artifact;
    return typeof artifact === 'object' && artifact !== null && typeof artifact.id === 'number';
}
function roleOf(artifact, name) {
    if (name !== undefined && artifact.name === name)
        return { kind: 'run-set' };
    const parsed = parseBackupSetName(artifact.name);
    if (parsed && (name === undefined || parsed.prefix === name))
        return { kind: 'named-set', ...parsed };
    if (!parsed && name !== undefined && artifact.name.startsWith(`${name}-`))
        return { kind: 'stray' };
    return { kind: 'other' };
}
/**
 * The backup sets among a repository's artifacts for the name N (see the
 * mapping above; every `<prefix>-<stamp>` artifact when N is omitted).
 * Pure: takes the REST listing, expired artifacts included (they are skipped).
 */
function backupListingFromArtifacts(artifacts, name) {
    const sets = [];
    const strays = [];
    const problems = [];
    for (const artifact of artifacts) {
        if (artifact.expired)
            continue;
        const role = roleOf(artifact, name);
        if (role.kind === 'stray')
            strays.push(artifact.name);
        if (role.kind !== 'named-set' && role.kind !== 'run-set')
            continue;
        if (artifact.createdAt.getTime() <= 0) {
            // Without created_at neither a fixed-name set's date nor the artifact's lifetime is known.
            problems.push(`artifact ${artifact.name} (id ${artifact.id}) has no created_at`);
            continue;
        }
        const where = artifact.runId === undefined ? `artifact ${artifact.id}` : `run ${artifact.runId}`;
        const ref = `artifact ${artifact.id}`;
        sets.push({
            name: role.kind === 'run-set' ? `${artifact.name} (${where})` : artifact.name,
            prefix: role.kind === 'run-set' ? artifact.name : role.prefix,
            createdAt: role.kind === 'run-set' ? artifact.createdAt : role.createdAt,
            encrypted: false,
            sizeBytes: artifact.sizeBytes,
            files: { dump: ref, checksum: ref, manifest: ref },
            artifact: {
                id: artifact.id,
                name: artifact.name,
                ...(artifact.runId === undefined ? {} : { runId: artifact.runId }),
                createdAt: artifact.createdAt,
                expiresAt: artifact.expiresAt
            }
        });
    }
    disambiguate(sets);
    sets.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() ||
        b.artifact.createdAt.getTime() - a.artifact.createdAt.getTime() ||
        b.artifact.id - a.artifact.id);
    return { sets, incomplete: [], strays: strays.sort(), problems };
}
/** How many of the listed artifacts would be sets for N but have expired. */
function countExpiredSets(artifacts, name) {
    return artifacts.filter((artifact) => {
        if (!artifact.expired)
            return false;
        const role = roleOf(artifact, name).kind;
        return role === 'named-set' || role === 'run-set';
    }).length;
}
/**
 * The artifacts of a repository as a BackupStore: list() reads the REST
 * listing (listArtifacts) and maps it with backupListingFromArtifacts; a
 * listing that does not add up (pages that changed while read, a service
 * failure) becomes a listing problem, so prune deletes nothing. A rejected
 * token or unknown repository still throws: that needs a person, not a retry.
 * deleteSet deletes the set's artifact by id; an artifact already gone counts
 * as deleted, so a repeated prune finishes an interrupted one.
 */
function createArtifactBackupStore(target, logger) {
    registerSecret(target.token);
    const { repository, token } = target;
    return {
        description: `GitHub artifacts of ${repository}`,
        list: async (name) => {
            let artifacts;
            try {
                artifacts = await (await artifactClient()).listArtifacts({ token, repository, namePrefix: name, logger });
            }
            catch (error) {
                if (error instanceof ArtifactStoreError && error.kind === 'service')
                    return { sets: [], incomplete: [], strays: [], problems: [error.message] };
                throw error;
            }
            const expired = countExpiredSets(artifacts, name);
            if (expired > 0)
                logger.info(`${expired} expired backup artifacts skipped (GitHub has removed their content)`);
            return backupListingFromArtifacts(artifacts, name);
        },
        deleteSet: async (set) => {
            if (!isArtifactBackupSet(set))
                throw new Error(`${set.name} was not listed by the artifact store`);
            try {
                await (await artifactClient()).deleteArtifact({ id: set.artifact.id, token, repository, logger });
            }
            catch (error) {
                if (error instanceof ArtifactStoreError && error.kind === 'not-found') {
                    logger.info(`artifact ${set.artifact.id} (${set.name}) was already gone`);
                    return;
                }
                throw error;
            }
        }
    };
}
/**
 * Set names must be unique (the planner tells backups apart by name, the summary
 * shows them): two runs that started in the same second can upload artifacts of
 * one set name, so such names get the artifact id.
 */
function disambiguate(sets) {
    const counts = new Map();
    for (const set of sets)
        counts.set(set.name, (counts.get(set.name) ?? 0) + 1);
    for (const set of sets) {
        if (counts.get(set.name) > 1)
            set.name = `${set.name} (artifact ${set.artifact.id})`;
    }
}

export { DEFAULT_PREFIX as D, FUTURE_REASON as F, PRUNE_INPUTS as P, planRetention as a, PRUNE_INPUT_SPECS as b, createArtifactBackupStore as c, DEFAULT_OUT_DIR as d, isArtifactBackupSet as i, parsePruneInputs as p };

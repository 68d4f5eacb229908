import { availableParallelism } from 'node:os';
import { d as defineInputs, S as S3_INPUT_SPECS, s as storeRule, w as workflowFileRule, r as repositoryRule, a as runIdRule, b as artifactNameRule, c as prefixRule, e as inputNames, u as uploadRule, j as jobsRule, f as projectRefRule, T as TARGET_KIND_SPEC, n as nonNegativeRule, g as booleanInput, h as asActionOnly, H as HEARTBEAT_INPUT_SPECS, k as withDescriptions, l as registerSecretInputs, m as parseDatabaseUrl, q as parseRegisteredInputs, t as parseS3Store } from './heartbeat.js';
import { I as InputError } from './_commonjsHelpers.js';
import { N as NOTICE_INPUT_SPECS, a as parseIdentity } from './notice-inputs.js';

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
const ARTIFACT_NAME_CHECKED = "Take the backup from this GitHub artifact instead of a folder: the artifact named exactly this in the run (a backup with this artifact-name), else the run's newest <artifact-name>-<yyyymmdd-HHMMSS> (a backup with this prefix and no artifact-name; the log names the one taken). The zip is checked against the digest GitHub recorded as well as the backup's own sha256.";
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
        description: "Take the backup from this GitHub artifact instead of a folder: the artifact named exactly this in the run (a backup with this artifact-name), else the run's newest <artifact-name>-<yyyymmdd-HHMMSS> (a backup with this prefix and no artifact-name; the log names the one taken).",
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
        // The CLI's fallback, as the artifact client's (storage/artifact-store.ts reads it too).
        env: ['GITHUB_REPOSITORY'],
        actionDefault: '${{ github.repository }}',
        description: 'owner/repo of that run.',
        cli: { value: '<owner/repo>', help: 'repository of the run' }
    },
    'github-token': {
        secret: 'whole',
        env: ['GITHUB_TOKEN'],
        actionDefault: '${{ github.token }}',
        description: 'Token that lists runs and downloads artifacts of another run: the job needs permissions actions: read. Masked at once.',
        cli: { value: '<token>', help: 'token with actions:read' }
    },
    'backup-workflow': {
        rule: workflowFileRule,
        default: 'backup.yml',
        description: 'Workflow file whose newest successful run holds the backup, when run-id is empty.',
        cli: { value: '<file>', help: 'workflow file whose newest successful run holds the backup' }
    },
    store: {
        rule: storeRule,
        description: 'Where the backup is: s3 takes latest (or a set name given as backup) from the s3-bucket, downloaded and verified against the sha256 each object carries. Empty: artifact when artifact-name is given, else directory (out-dir).',
        cli: {
            value: '<store>',
            help: 'directory, artifact or s3 (default: artifact with --artifact-name, else directory)'
        }
    },
    ...S3_INPUT_SPECS,
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
            help: 'scratch database to restore into; never production'
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
    'target-kind': TARGET_KIND_SPEC,
    'db-url': {
        secret: 'url-password',
        env: ['BACKUP_DRILL_DB_URL'],
        description: 'Production database URL, used only to refuse a scratch-db-url that is the same target: compared by spelling, then connected to read-only to compare its server identity (unreachable: a warning, the manifest identity still counts). Masked at once.',
        cli: {
            value: '<url>',
            help: 'production URL, only to refuse restoring into it: compared by spelling, then read-only by server identity'
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
        description: 'artifact: store the drill log (JSON + markdown) where the backups are: with store s3 in the bucket under <s3-prefix>/drill-logs/<id>.json and .md, else as the artifact drill-log-<id> of this run, kept as long as the repository allows; none: keep it in log-dir only.',
        cli: {
            value: '<where>',
            help: 'artifact (with --store s3: the bucket, <s3-prefix>/drill-logs/) or none'
        }
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
        ...HEARTBEAT_INPUT_SPECS,
        'escalation-issue': NOTICE_INPUT_SPECS['escalation-issue'],
        'webhook-url': NOTICE_INPUT_SPECS['webhook-url']
    })
};
/** Every input drill/action.yml declares: the drill's plus the notice inputs (github-token is in both). */
const DRILL_ACTION_INPUTS = inputNames(DRILL_INPUT_SPECS);
/** Parses the inputs that choose a backup (verify). */
function parseVerifyOptions(raw, env = process.env) {
    registerSecretInputs(BACKUP_SOURCE_INPUT_SPECS, raw);
    const parsed = parseRegisteredInputs(BACKUP_SOURCE_INPUT_SPECS, raw);
    return {
        source: backupSource(parsed, env),
        pgBinDir: parsed['pg-bin-dir'],
        decryptIdentity: decryptIdentity(raw)
    };
}
/** Parses drill inputs; secrets (URLs, token) are registered before anything can fail. */
function parseDrillOptions(raw, env = process.env) {
    registerSecretInputs(DRILL_PARSED_SPECS, raw);
    const scratch = parseDatabaseUrl('scratch-db-url', raw['scratch-db-url']);
    const production = raw['db-url'] ? parseDatabaseUrl('db-url', raw['db-url']) : undefined;
    const parsed = parseRegisteredInputs(DRILL_PARSED_SPECS, raw);
    return {
        source: backupSource(parsed, env),
        pgBinDir: parsed['pg-bin-dir'],
        decryptIdentity: decryptIdentity(raw),
        scratch,
        overwriteScratch: parsed['overwrite-scratch'],
        targetKind: parsed['target-kind'],
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
function backupSource(parsed, env) {
    if (parsed.store === 's3') {
        if (parsed['artifact-name'])
            throw new InputError('artifact-name', 'applies to store artifact: with store s3 the backup comes from the s3-bucket');
        return {
            kind: 's3',
            // The backup's default key prefix is its set prefix, so the same default finds its sets.
            s3: parseS3Store(parsed, env, parsed.prefix ?? 'backup'),
            backup: parsed.backup,
            prefix: parsed.prefix
        };
    }
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

export { ARTIFACT_NAME_CHECKED as A, BACKUP_SOURCE_INPUT_SPECS as B, DRILL_ACTION_INPUTS as D, VERIFY_INPUTS as V, parseVerifyOptions as a, pass as b, conditionsOf as c, DRILL_INPUT_SPECS as d, VERIFY_INPUT_SPECS as e, fail as f, computedSha256 as g, parseDrillOptions as p, skip as s };

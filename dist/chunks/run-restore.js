import { availableParallelism } from 'node:os';
import { r as registerSecret, I as InputError, m as maskSecrets } from './_commonjsHelpers.js';
import { a as parseDatabaseUrl, K as projectRefFromTarget, J as sourceTarget, c as formatDuration } from './source.js';
import { B as BACKUP_SOURCE_INPUTS, a as parseVerifyOptions, d as pass, f as fail, l as locateBackup, v as verifyBackup, s as skip } from './verify-backup.js';
import { o as object, a as string, b as integerInput, f as booleanInput, p as parseInputs, t as trackChild, d as backupSetName } from './interrupts.js';
import { writeFile } from 'node:fs/promises';
import { k as identifyTarget, m as isSameTarget, o as normalizeTarget, f as drillLogMarkdown, r as restoreArchive, j as judgeRestoreRun, v as validateRestored, s as smokeStep, b as reserveLogFiles, d as drillLogSchema, e as backupIdentity, l as logHeader } from './validate-restore.js';
import { i as isSameServer, d as describeIdentity, a as assertWritableFolder } from './file-system.js';
import { spawn } from 'node:child_process';

/** Input names of the production restore (SOP §4), action and CLI alike. */
const RESTORE_INPUTS = [
    ...BACKUP_SOURCE_INPUTS,
    'db-url',
    'confirm',
    'project-ref',
    'restore-elsewhere',
    'smoke-command',
    'jobs',
    'log-dir'
];
const restoreSchema = object({
    'project-ref': string({
        error: 'is required: the production project ref (the restore is confirmed against it)'
    })
        .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, { error: 'must be 1-63 letters, digits, - or _' }),
    confirm: string({
        error: 'is required: type the production project ref (Supabase) or the database name of db-url to confirm that production will be overwritten'
    }),
    'restore-elsewhere': booleanInput('restore-elsewhere').default(false),
    jobs: integerInput(1, 64).optional(),
    'smoke-command': string().optional(),
    'log-dir': string().default('./restore-logs')
});
/**
 * Parses the production restore's inputs. Secrets are registered first; then
 * `confirm` must name the target db-url overwrites: its Supabase project ref
 * (which must also equal project-ref), or, for any other PostgreSQL, its
 * database name. Every refusal is an InputError (exit 2) raised before
 * anything is fetched or touched. Neither value is echoed: the project ref is
 * kept as a secret in the workflows.
 */
function parseRestoreOptions(raw) {
    registerSecret(raw['github-token']);
    registerSecret(raw['decrypt-identity']);
    const production = parseDatabaseUrl('db-url', raw['db-url']);
    const parsed = parseInputs(restoreSchema, raw);
    const urlRef = projectRefFromTarget(production);
    if (urlRef !== undefined && urlRef !== parsed['project-ref']) {
        throw new InputError('db-url', 'names a different Supabase project than project-ref: check that db-url is the production database you mean to overwrite. Nothing was touched.');
    }
    if (urlRef !== undefined && parsed.confirm !== parsed['project-ref']) {
        throw new InputError('confirm', 'does not equal project-ref: type the production project ref exactly (same case, no spaces) to confirm that production will be overwritten. Nothing was touched.');
    }
    // Not Supabase: a project ref names nothing on the server, so confirm must name the database itself.
    if (urlRef === undefined && parsed.confirm !== production.database) {
        throw new InputError('confirm', 'does not name the database db-url overwrites: db-url is not a Supabase project, so type its database name exactly (same case, no spaces) to confirm that it will be overwritten. Nothing was touched.');
    }
    return {
        ...parseVerifyOptions(raw),
        production,
        projectRef: parsed['project-ref'],
        restoreElsewhere: parsed['restore-elsewhere'],
        jobs: parsed.jobs ?? availableParallelism(),
        smokeCommand: parsed['smoke-command'],
        logDir: parsed['log-dir']
    };
}

/**
 * Before a production restore writes anything: db-url must be the backup's
 * own source — the same server (system_identifier) and database name, read
 * after connecting, whatever the spelling — unless `restore-elsewhere` says
 * the incident restores into another server or database. The database OID may
 * differ: production dropped and recreated is still production. Manifests
 * without a recorded identity are compared by their recorded host, port and
 * database. Returns the `target` check; throws InputError (nothing touched).
 */
async function proveRestoreTarget(options, manifest, logger) {
    const recorded = manifest.source.identity;
    let same;
    let what;
    if (recorded) {
        const target = await identifyTarget(options.production, logger);
        same = isSameServer(target, recorded) && target.database === recorded.database;
        what = `db-url reaches ${describeIdentity(target)}; the backup was taken from ${describeIdentity(recorded)}`;
    }
    else {
        const source = sourceTarget(manifest);
        same = isSameTarget(normalizeTarget(options.production), normalizeTarget(source));
        what = `db-url is ${options.production.location}; the backup was taken from ${source.host}:${source.port}/${source.database} (an older manifest without a server identity: compared by spelling)`;
    }
    if (same)
        return pass('target', `db-url is the backup's own source: ${what}`);
    if (!options.restoreElsewhere) {
        throw new InputError('db-url', `is not the backup's source (${what}). If the incident restores into another server or database on purpose, pass restore-elsewhere: true (CLI --restore-elsewhere true). Nothing was touched.`);
    }
    logger.warning(`Restoring elsewhere (restore-elsewhere: true): ${what}`, {
        title: 'Production restore'
    });
    return pass('target', `restore-elsewhere: ${what}`);
}

/**
 * Reads and decompresses every block of an archive without writing anywhere:
 * `pg_restore -f /dev/null` renders the whole restore script, COPY data
 * included, so a corrupt data block behind an intact table of contents (which
 * `pg_restore --list` never reads) fails here, before a production restore
 * drops anything. One sequential read; the check's condition is backup-unreadable.
 */
async function readWholeArchive(pgRestore, archive) {
    const started = performance.now();
    const child = spawn(pgRestore.path, ['--file=/dev/null', archive], {
        stdio: ['ignore', 'ignore', 'pipe']
    });
    trackChild(child);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-8192)));
    const code = await new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', resolve);
    }).catch((error) => error);
    const seconds = (performance.now() - started) / 1000;
    if (code === 0)
        return pass('archive complete', 'pg_restore read and decompressed every block of the archive', seconds);
    const why = code instanceof Error ? code.message : stderr.trim() || `exit code ${code}`;
    return fail('archive complete', 'backup-unreadable', `pg_restore cannot read the whole archive: ${maskSecrets(why)}`, seconds);
}

/**
 * SOP §4 step by step, with this run's part filled in. The steps marked
 * manual are the ones no tool can do: the summary says so in so many words
 * so nobody reopens traffic on the strength of a green job alone.
 */
function sopSteps(log) {
    const status = (name) => log.checks.find((check) => check.name === name)?.status ?? 'skip';
    const checksum = status('checksum');
    const smoke = status('smoke');
    return [
        {
            step: '1. Declare the Sev-1 incident',
            servedBy: 'Manual: the incident commander declares it before the restore starts',
            manual: true
        },
        {
            step: '1. Freeze writes and deploys',
            servedBy: 'Manual: pause deploy workflows and stop writers (maintenance mode) until traffic reopens',
            manual: true
        },
        {
            step: '2. Select restore point (latest known-good)',
            servedBy: `This run: \`${log.backup.name}\`${log.backup.createdAt ? ` taken ${log.backup.createdAt}` : ''}`,
            manual: false
        },
        {
            step: '3. Validate checksum matches artifact',
            servedBy: `This run, before any write: ${checksum === 'pass' ? 'sha256 matched the .sha256 file and the manifest' : `checksum ${checksum}`}`,
            manual: false
        },
        {
            step: '4. Restore with explicit IC approval',
            servedBy: "Manual: the IC approves the job (the workflow's production-restore environment reviewers; on the CLI, get it before running). `confirm` named the target.",
            manual: true
        },
        {
            step: '5. Run smoke tests',
            servedBy: `This run: ${smoke === 'pass' ? 'the smoke command exited 0' : smoke === 'fail' ? 'the smoke command FAILED' : 'no smoke command was run: run the smoke tests by hand'}`,
            manual: smoke !== 'pass' && smoke !== 'fail'
        },
        {
            step: '5. Reopen traffic',
            servedBy: 'Manual: only after this summary says PASS and the smoke tests are green',
            manual: true
        },
        {
            step: '6. Document the data-loss window (RPO) and restore duration (RTO)',
            servedBy: 'This run measured both (below); copying them into the incident record is manual',
            manual: true
        }
    ];
}
/**
 * The production restore's summary: the drill-log markdown (every check), then
 * the data-loss window and duration in words, then the SOP §4 checklist with
 * the steps that remain manual.
 */
function restoreSummaryMarkdown(log) {
    const hours = log.rpo.hours;
    const lines = [
        drillLogMarkdown(log).trimEnd(),
        '',
        '### Data-loss window and restore duration',
        '',
        hours === null
            ? '- **Data-loss window:** unknown (the backup has no readable manifest)'
            : `- **Data-loss window:** ${hours.toFixed(2)} h — writes made after ${log.backup.createdAt} are not in the restored database${log.rpo.ok ? '' : ` (over the SOP's ${log.rpo.limitHours} h RPO)`}`,
        `- **Restore duration:** ${formatDuration(log.rto.seconds)} for fetch + verify + restore + validate + smoke${log.rto.ok ? '' : ` (over the SOP's ${log.rto.limitMinutes} min RTO)`}`,
        '',
        log.result === 'pass'
            ? '**Production holds the restored backup and it matches its manifest.**'
            : verdictOnFailure(log),
        '',
        '### SOP §4 checklist: steps that remain manual',
        '',
        '| SOP §4 step | Served by | |',
        '|---|---|---|',
        ...sopSteps(log).map((s) => `| ${s.step} | ${s.servedBy.replace(/\|/g, '\\|')} | ${s.manual ? '**MANUAL**' : 'done by this run'} |`)
    ];
    return lines.join('\n') + '\n';
}
function verdictOnFailure(log) {
    const restore = log.checks.find((check) => check.name === 'restore');
    if (!restore || restore.status === 'skip') {
        return '**Production was not touched:** the backup did not verify. Pick another restore point (an older backup run) and escalate.';
    }
    if (restore.status === 'fail') {
        return '**Production may be partially restored:** pg_restore failed. Keep writes frozen and escalate.';
    }
    return '**Production now holds the restored backup, but a check failed:** keep writes frozen, read the failed checks above and escalate.';
}

/** The SOP's targets: reported for the incident record, not escalated (the restore itself worked). */
const SOP_RPO_HOURS = 24;
const SOP_RTO_MINUTES = 60;
/**
 * SOP §4, production restore (incident only): fetch the chosen backup, verify
 * its checksum and archive before any write (a failure leaves production
 * untouched), restore it with the drill's pg_restore flags, prove the result
 * equal to the manifest, run the smoke command against production, and report
 * the data-loss window and the restore duration. `confirm` was checked when
 * the options were parsed. Writes a log of kind `restore`; the result is
 * `fail` with the escalation conditions when anything went wrong.
 */
async function runRestore(options, logger, deps = {}) {
    const now = deps.now ?? (() => new Date());
    const startedAt = now();
    const started = performance.now();
    const target = options.production.location;
    const checks = [pass('confirm', 'confirm names the target db-url overwrites')];
    let differences = [];
    let restoreErrors = [];
    let smoke;
    let manifest;
    // The log is written last: a folder it cannot go to must stop before production is touched.
    await assertWritableFolder('log-dir', options.logDir);
    const located = await logger.group('Fetch backup', () => locateBackup(options.source, logger));
    let verified;
    try {
        verified = await logger.group(`Verify ${located.name} before touching production`, () => verifyBackup(located, {
            pgBinDir: options.pgBinDir,
            decryptIdentity: options.decryptIdentity,
            resolvePgBinDir: deps.resolvePgBinDir,
            logger
        }));
        checks.push(...verified.checks);
        manifest = verified.manifest;
        if (manifest)
            refuseOtherProject(options, manifest);
        // Connects (read only) and proves db-url is the backup's source before anything is written.
        if (verified.ok && manifest)
            checks.push(await proveRestoreTarget(options, manifest, logger));
        // The table of contents read at verify says nothing about the data blocks:
        // read them all before anything in production is dropped.
        if (verified.ok && manifest && verified.pgRestore) {
            const { pgRestore, archivePath } = verified;
            checks.push(await logger.group('Read the whole archive', () => readWholeArchive(pgRestore, archivePath)));
        }
        if (!verified.ok ||
            !manifest ||
            !verified.pgRestore ||
            checks.some((c) => c.status === 'fail')) {
            checks.push(skip('restore', 'the backup did not verify: production was not touched'), skip('validation', 'nothing was restored'), skip('smoke', 'nothing was restored'));
        }
        else {
            const pgRestore = verified.pgRestore;
            logger.warning(`Overwriting ${target} with ${located.name}`, {
                title: 'Production restore'
            });
            const restored = await logger.group(`Restore into production ${target} (pg_restore --clean --if-exists -j ${options.jobs}: production is meant to be non-empty)`, () => restoreArchive({
                pgRestore,
                archive: verified.archivePath,
                target: options.production,
                jobs: options.jobs,
                // Production is meant to be non-empty: its objects are dropped and re-created.
                mode: { clean: true }
            }));
            const judged = judgeRestoreRun(restored, pgRestore);
            restoreErrors = judged.restoreErrors;
            checks.push(judged.check);
            const validated = await logger.group('Validate production against the manifest', () => validateRestored(options.production, manifest, { inputName: 'db-url', logger }));
            checks.push(...validated.checks);
            differences = validated.differences;
            const smoked = await logger.group('Smoke test against production', () => smokeStep(options.smokeCommand, options.production, 'no smoke-command given: run the smoke tests by hand before reopening traffic'));
            checks.push(smoked.check);
            smoke = smoked.smoke;
        }
    }
    finally {
        await verified?.cleanup();
        await located.cleanup();
    }
    const restoreSeconds = (performance.now() - started) / 1000;
    const dataLossHours = manifest
        ? (startedAt.getTime() - Date.parse(manifest.createdAt)) / 3_600_000
        : null;
    const files = await reserveLogFiles(options.logDir, backupSetName('restore', startedAt));
    const { id } = files;
    const log = drillLogSchema.parse({
        ...logHeader('restore', id, startedAt, restoreSeconds, checks),
        backup: backupIdentity(located, manifest),
        target,
        checks,
        rpo: {
            hours: dataLossHours === null ? null : round(dataLossHours),
            limitHours: SOP_RPO_HOURS,
            ok: dataLossHours !== null && dataLossHours <= SOP_RPO_HOURS
        },
        rto: {
            seconds: round(restoreSeconds),
            limitMinutes: SOP_RTO_MINUTES,
            ok: restoreSeconds <= SOP_RTO_MINUTES * 60
        },
        restoreErrors,
        differences,
        ...(smoke ? { smoke } : {})
    });
    const markdown = restoreSummaryMarkdown(log);
    const { logPath, markdownPath } = files;
    await writeFile(logPath, JSON.stringify(log, null, 2) + '\n');
    await writeFile(markdownPath, markdown);
    return { log, logPath, markdownPath, markdown, dataLossHours, restoreSeconds };
}
/** A backup of another project must never overwrite this one's production. */
function refuseOtherProject(options, manifest) {
    if (manifest.projectRef !== 'local' && manifest.projectRef !== options.projectRef) {
        throw new InputError('project-ref', `the backup ${manifest.id} was taken from another project than project-ref: pick a backup of this project. Nothing was touched.`);
    }
}
const round = (n) => Math.round(n * 1000) / 1000;

export { RESTORE_INPUTS as R, parseRestoreOptions as p, runRestore as r };

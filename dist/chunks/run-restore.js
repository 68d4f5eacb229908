import { availableParallelism } from 'node:os';
import { I as InputError, e as errorMessage } from './artifact-errors.js';
import { d as defineInputs, T as TARGET_KIND_SPEC, f as projectRefRule, g as booleanInput, k as withDescriptions, e as inputNames, j as jobsRule, l as registerSecretInputs, m as parseDatabaseUrl, q as parseRegisteredInputs } from './heartbeat.js';
import { h as projectRefFromTarget, g as sourceTarget, i as runPgTool, l as listArchive, u as useListWithoutSchemas, b as pg } from './source.js';
import { A as ARTIFACT_NAME_CHECKED, B as BACKUP_SOURCE_INPUT_SPECS, a as parseVerifyOptions, b as pass, f as fail, s as skip } from './drill-options.js';
import { A as identifyTarget, B as isSameTarget, C as normalizeTarget, p as planTarget, s as skewCheck, l as existingSchemas, m as managedRestoreListing, b as managedTablesOfBackup, h as prepareDependencies, j as missingDependencies, a as acceptedSkew, t as proveRestore, v as recoveryTimes, x as writeRunLog, f as finishApiGrants } from './scratch-identity.js';
import { i as isSameServer, d as describeIdentity, c as connect, a as assertWritableFolder } from './file-system.js';
import { m as maskSecrets } from './secrets.js';
import { d as drillLogMarkdown } from './drill-log.js';
import { b as formatDuration } from './notice-inputs.js';

/** The restore's own inputs, besides the backup source (the target and its confirmation first). */
const RESTORE_TARGET_INPUT_SPECS = defineInputs({
    'db-url': {
        required: true,
        secret: 'url-password',
        env: ['BACKUP_DRILL_DB_URL'],
        description: "Production database to OVERWRITE, postgres://USER:PASSWORD@HOST:5432/DATABASE or keyword=value (pass it from a secret; masked at once). A Supabase URL must name the project-ref project. Before any write the restore connects and proves it is the backup's own source (same system_identifier and database name, whatever the spelling), unless restore-elsewhere is true.",
        cli: { value: '<url>', help: 'production database to overwrite' }
    },
    'project-ref': {
        rule: projectRefRule,
        required: true,
        missing: 'is required: the production project ref (the restore is confirmed against it)',
        env: ['BACKUP_DRILL_PROJECT_REF'],
        description: 'Production Supabase project ref. A backup taken from another project is refused.',
        cli: { value: '<ref>', help: 'production project ref' }
    },
    confirm: {
        required: true,
        missing: 'is required: type the production project ref (Supabase) or the database name of db-url to confirm that production will be overwritten',
        description: 'Names the target, typed by the person starting the restore: for a Supabase db-url the project ref (must equal project-ref), for any other PostgreSQL the database name of db-url. Anything else fails the step as bad input before anything is fetched or touched.',
        cli: {
            value: '<name>',
            help: 'type the project ref (Supabase) or the database name of --db-url to confirm it will be overwritten'
        }
    },
    'restore-elsewhere': {
        rule: booleanInput('restore-elsewhere'),
        default: 'false',
        description: "true when the incident restores on purpose into another server or database than the backup's source (a rebuilt server, a new project). false: a db-url that is not the backup's source is refused as bad input before anything is touched.",
        cli: {
            value: '<bool>',
            help: "db-url is on purpose another server or database than the backup's source (true|false)"
        }
    },
    'target-kind': TARGET_KIND_SPEC
});
const RESTORE_RUN_INPUT_SPECS = defineInputs({
    'smoke-command': {
        description: 'Shell command run after validation with DATABASE_URL (and SCRATCH_DB_URL, the same value) set to production (every resolved part spelled out; no PG* variable is inherited); non-zero exit escalates smoke-failed. Its masked output goes into the restore log. Empty: run the smoke tests by hand before reopening traffic.',
        cli: {
            value: '<cmd>',
            help: 'shell command run after validation with DATABASE_URL (and SCRATCH_DB_URL) set to production'
        }
    },
    jobs: {
        rule: jobsRule,
        description: 'pg_restore parallel jobs (1-64). Empty: the number of CPU cores.',
        cli: { value: '<n>', help: 'pg_restore parallel jobs (default: number of cores)' }
    },
    'log-dir': {
        default: './restore-logs',
        // action.yml defaults cannot use the runner context: the entry puts blank in $RUNNER_TEMP.
        actionDefault: '',
        description: 'Folder for the restore log (<id>.json and <id>.md). Empty: $RUNNER_TEMP/restore-logs.',
        cli: { value: '<dir>', help: 'folder for the restore log (JSON + markdown)' }
    }
});
/** What parseRestoreOptions checks before the backup source (which parseVerifyOptions parses). */
const RESTORE_OWN_INPUT_SPECS = { ...RESTORE_TARGET_INPUT_SPECS, ...RESTORE_RUN_INPUT_SPECS };
/** restore/action.yml: the target and its confirmation, the backup source, the run. */
const RESTORE_INPUT_SPECS = {
    ...RESTORE_TARGET_INPUT_SPECS,
    ...withDescriptions(BACKUP_SOURCE_INPUT_SPECS, {
        backup: 'The set to restore: the path of its .dump, .dump.age or .manifest.json, or latest = the newest complete set in out-dir. Leave it latest when artifact-name is given.',
        'out-dir': 'Folder holding the backup sets (for latest and bare file names). Empty: $RUNNER_TEMP/backups.',
        'artifact-name': ARTIFACT_NAME_CHECKED,
        'run-id': 'Workflow run holding the artifact (the restore point). Empty: the newest successful run of backup-workflow.',
        'github-token': "Token that lists runs and downloads another run's artifact (permissions actions: read). Masked at once.",
        'decrypt-identity': 'age secret key (AGE-SECRET-KEY-1...) or the path of an identity file, for encrypted (.dump.age) backups: decrypted to a temporary file, plaintext sha256 checked against the manifest before any write, removed afterwards. Pass it from a secret; masked at once.'
    }),
    ...RESTORE_RUN_INPUT_SPECS
};
/** Input names of the production restore (SOP §4), action and CLI alike. */
const RESTORE_INPUTS = inputNames(RESTORE_INPUT_SPECS, 'parsed');
/**
 * Parses the production restore's inputs. Secrets are registered first; then
 * `confirm` must name the target db-url overwrites: its Supabase project ref
 * (which must also equal project-ref), or, for any other PostgreSQL, its
 * database name. Every refusal is an InputError (exit 2) raised before
 * anything is fetched or touched. Neither value is echoed: the project ref is
 * kept as a secret in the workflows.
 */
function parseRestoreOptions(raw, env = process.env) {
    registerSecretInputs(RESTORE_INPUT_SPECS, raw);
    const production = parseDatabaseUrl('db-url', raw['db-url']);
    const parsed = parseRegisteredInputs(RESTORE_OWN_INPUT_SPECS, raw);
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
        ...parseVerifyOptions(raw, env),
        production,
        projectRef: parsed['project-ref'],
        restoreElsewhere: parsed['restore-elsewhere'],
        targetKind: parsed['target-kind'],
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
    const { code, stderr } = await runPgTool(pgRestore.path, ['--file=/dev/null', archive]);
    const seconds = (performance.now() - started) / 1000;
    if (code === 0)
        return pass('archive complete', 'pg_restore read and decompressed every block of the archive', seconds);
    const why = code instanceof Error ? code.message : stderr.trim() || `exit code ${code}`;
    return fail('archive complete', 'backup-unreadable', `pg_restore cannot read the whole archive: ${maskSecrets(why)}`, seconds);
}

/**
 * The production restore meets its target as the drill does (docs/target-kind.md): into a
 * Supabase project the platform's schemas get their data only (their tables emptied first, in
 * one TRUNCATE with the backup's own tables that --clean replaces anyway, so no foreign key from
 * outside the backup can be cut silently), public is never dropped, and version skew that would
 * block data stops the restore before anything is written. Into a plain PostgreSQL it prepares
 * what the manifest says the backup needs, each step logged.
 */
async function prepareProductionTarget(options, manifest, pgRestore, archivePath, logger) {
    let client;
    try {
        client = await connect(options.production, {
            inputName: 'db-url',
            applicationName: 'backup-drill restore prepare'
        });
    }
    catch (error) {
        return { ok: false, checks: [fail('target kind', 'restore-failed', errorMessage(error))] };
    }
    try {
        const target = await planTarget(client, options.targetKind, manifest);
        logger.info(`Target kind: ${target.detail}`);
        const record = {
            targetKind: {
                requested: options.targetKind,
                kind: target.kind,
                detail: target.detail,
                managedSchemas: target.managedSchemas
            },
            ...(target.skew.length ? { versionSkew: target.skew } : {})
        };
        const skew = skewCheck(target);
        // Production is never loaded partly: a table whose data cannot go in stops the whole restore.
        if (skew?.status === 'fail')
            return { ok: false, checks: [skew], record };
        const checks = [pass('target kind', target.detail), ...(skew ? [skew] : [])];
        let listing = await listArchive(pgRestore, archivePath, 'restore-failed');
        if (target.managedSchemas.length > 0) {
            // Never DROP SCHEMA public (or any schema that exists): its grants and default privileges stay.
            listing = useListWithoutSchemas(listing, await existingSchemas(client, manifest.scope.schemas));
            const managed = managedRestoreListing(target, manifest, listing, true);
            if (managed.check?.status === 'fail')
                return { ok: false, checks: [...checks, managed.check], record };
            if (managed.check)
                checks.push(managed.check);
            listing = managed.listing;
            await emptyForDataOnly(client, manifest, managedTablesOfBackup(target, manifest), logger);
        }
        else if (target.kind === 'postgres') {
            const needs = await prepareDependencies(client, manifest.dependencies ? await missingDependencies(client, manifest.dependencies) : [], logger);
            const prepared = needs;
            record.preparations = [...prepared.prepared];
            if (prepared.problems.length)
                return {
                    ok: false,
                    checks: [...checks, fail('target kind', 'restore-failed', prepared.problems.join('; '))],
                    record
                };
        }
        return {
            ok: true,
            kind: target.kind,
            checks,
            record,
            mode: {
                clean: true,
                listing,
                replica: target.replica,
                serialData: target.managedSchemas.length > 0 && !target.replica
            },
            acceptedDifference: acceptedSkew(target)
        };
    }
    catch (error) {
        return { ok: false, checks: [fail('target kind', 'restore-failed', errorMessage(error))] };
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
/**
 * Empties the platform tables the restore loads, together with the backup's own tables that
 * exist (--clean drops and re-creates those anyway): one TRUNCATE without CASCADE, so a table
 * outside the backup that references them makes it fail, by name, before anything is written.
 */
async function emptyForDataOnly(client, manifest, managed, logger) {
    if (managed.length === 0)
        return;
    const managedKeys = new Set(managed.map((t) => `${t.schema}.${t.name}`));
    const present = await client.query(`SELECT n.nspname || '.' || c.relname AS key FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname || '.' || c.relname = ANY($1::text[])`, [manifest.inventory.tables.map((t) => `${t.schema}.${t.name}`)]);
    const keys = new Set([...managedKeys, ...present.rows.map((r) => r.key)]);
    const tables = manifest.inventory.tables.filter((t) => keys.has(`${t.schema}.${t.name}`));
    const list = tables
        .map((t) => `${pg.escapeIdentifier(t.schema)}.${pg.escapeIdentifier(t.name)}`)
        .join(', ');
    await client.query(`TRUNCATE ${list}`);
    logger.info(`Emptied ${tables.map((t) => `${t.schema}.${t.name}`).join(', ')} before loading the platform tables' data`);
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
    // The log is written last: a folder it cannot go to must stop before production is touched.
    await assertWritableFolder('log-dir', options.logDir);
    const notTouched = [
        skip('restore', 'the backup did not verify: production was not touched'),
        skip('validation', 'nothing was restored'),
        skip('smoke', 'nothing was restored')
    ];
    const proved = await proveRestore({
        source: options.source,
        verify: {
            pgBinDir: options.pgBinDir,
            decryptIdentity: options.decryptIdentity,
            resolvePgBinDir: deps.resolvePgBinDir
        },
        target: options.production,
        jobs: options.jobs,
        targetInput: 'db-url',
        labels: {
            verify: (name) => `Verify ${name} before touching production`,
            validate: 'Validate production against the manifest',
            smoke: 'Smoke test against production'
        },
        refuseSource: (manifest) => refuseOtherProject(options, manifest),
        notVerified: notTouched,
        prepareTarget: async ({ name, manifest, pgRestore, archivePath }) => {
            // Connects (read only) and proves db-url is the backup's source before anything is written.
            const checks = [await proveRestoreTarget(options, manifest, logger)];
            // The table of contents read at verify says nothing about the data blocks:
            // read them all before anything in production is dropped.
            checks.push(await logger.group('Read the whole archive', () => readWholeArchive(pgRestore, archivePath)));
            if (checks.some((c) => c.status === 'fail'))
                return { checks: [...checks, ...notTouched] };
            logger.warning(`Overwriting ${target} with ${name}`, {
                title: 'Production restore'
            });
            // Its kind decides what is restored how; version skew that blocks data stops it here, untouched.
            const prepared = await logger.group('Target kind', () => prepareProductionTarget(options, manifest, pgRestore, archivePath, logger));
            checks.push(...prepared.checks);
            if (!prepared.ok)
                return {
                    checks: [...checks, ...notTouched],
                    ...(prepared.record ? { record: prepared.record } : {})
                };
            const { mode } = prepared;
            return {
                checks,
                record: prepared.record,
                restore: {
                    // Production is meant to be non-empty: its objects are dropped and re-created.
                    mode,
                    title: `Restore into production ${target} (pg_restore --clean --if-exists -j ${options.jobs}: production is meant to be non-empty${mode.replica ? '; platform tables data only, session_replication_role = replica' : ''})`,
                    acceptedDifference: prepared.acceptedDifference,
                    // A plain PostgreSQL: --clean re-created the tables without grants; give the API roles what the source gave.
                    ...(prepared.kind === 'postgres'
                        ? {
                            afterLoad: () => finishApiGrants(options.production, 'db-url', manifest, (prepared.record.preparations ??= []), logger)
                        }
                        : {})
                }
            };
        },
        proofSteps: [],
        smoke: {
            command: options.smokeCommand,
            skipDetail: 'no smoke-command given: run the smoke tests by hand before reopening traffic'
        }
    }, logger);
    const checks = [
        pass('confirm', 'confirm names the target db-url overwrites'),
        ...proved.checks
    ];
    const restoreSeconds = (performance.now() - started) / 1000;
    const times = recoveryTimes(startedAt, restoreSeconds, proved.manifest, {
        rpoHours: SOP_RPO_HOURS,
        rtoMinutes: SOP_RTO_MINUTES
    });
    const written = await writeRunLog('restore', {
        logDir: options.logDir,
        startedAt,
        located: proved.located,
        manifest: proved.manifest,
        target,
        checks,
        ...times,
        restoreErrors: proved.restoreErrors,
        differences: proved.differences,
        ...(proved.smoke ? { smoke: proved.smoke } : {}),
        ...proved.target
    }, restoreSummaryMarkdown);
    return { ...written, dataLossHours: times.rpo.hours, restoreSeconds };
}
/** A backup of another project must never overwrite this one's production. */
function refuseOtherProject(options, manifest) {
    if (manifest.projectRef !== 'local' && manifest.projectRef !== options.projectRef) {
        throw new InputError('project-ref', `the backup ${manifest.id} was taken from another project than project-ref: pick a backup of this project. Nothing was touched.`);
    }
}

export { RESTORE_INPUTS as R, RESTORE_INPUT_SPECS as a, parseRestoreOptions as p, runRestore as r };

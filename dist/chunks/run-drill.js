import { e as errorMessage, I as InputError, E as EscalationError } from './_commonjsHelpers.js';
import { m as maskSecrets } from './secrets.js';
import { readFile } from 'node:fs/promises';
import { a as assertWritableFolder } from './file-system.js';
import { c as checkDependencies, m as managedRestoreListing, s as skewCheck, f as firingTriggerCheck, n as needsRestorePasses, a as finishApiGrants, b as acceptedSkew, d as connectRestoreTarget, p as planTarget, u as userSchemas, e as managedTablesOfBackup, i as inspectScratch, g as decideScratch, r as resetScratch, h as emptyManagedTables, j as inspectManagedTables, w as writeMarker, k as prepareDependencies, l as missingDependencies, o as missingProofRoles, q as prepareExtensions, t as existingSchemas, v as assertScratchIsNotProduction, x as identifyScratch, y as proveRestore, z as recoveryTimes, A as writeRunLog, B as assertQueriesOnly, C as checkExtensionsAndLargeObjects, D as rlsProofStep, E as assertNotSameDatabase } from './scratch-identity.js';
import { u as useListWithoutSchemas, l as listArchive, s as sourceTarget } from './source.js';
import { d as drillLogMarkdown } from './drill-log.js';
import { s as skip, f as fail, b as pass } from './drill-options.js';

/**
 * The storeLog seam around `put` (which returns where the log went). A failure
 * is a warning here (the drill result must still be reported) and remembered,
 * so a passing drill can fail for it afterwards (SOP "Store restore drill log").
 */
function rememberingLogStore(logger, where, put) {
    let failure;
    let storedAt;
    return {
        store: async (files, name) => {
            try {
                storedAt = await logger.group(`Store drill log ${name} ${where}`, () => put(files, name));
                logger.info(`Drill log stored: ${storedAt}`);
            }
            catch (error) {
                failure = maskSecrets(errorMessage(error));
                logger.warning(`The drill log ${name} was not stored ${where}: ${failure}`, {
                    title: 'Drill log not stored'
                });
            }
        },
        failure: () => failure,
        storedAt: () => storedAt
    };
}
/** With store s3: the log goes beside the sets, `<prefix>/drill-logs/<id>.json` and `.md`. */
function bucketLogStore(config, logger) {
    return rememberingLogStore(logger, 'in the bucket', async (files) => {
        // Loaded only for a bucket, as every S3 path is (the SDK is large).
        const { createS3Client } = await import('./s3-config.js').then(function (n) { return n.aV; });
        const { storeDrillLogInBucket } = await import('./s3-drill-logs.js');
        return (await storeDrillLogInBucket(createS3Client(config), config, files)).join(', ');
    });
}

/**
 * The drill's restore into scratch, once the backup verified: prepare the
 * scratch (refuse, reset, mark, extensions; the platform's schemas of a Supabase
 * target are loaded, never re-created), probe it for what the backup needs from
 * outside its scope, and choose the pg_restore mode and its table of contents.
 */
async function prepareScratchRestore(options, { manifest, pgRestore, archivePath }, logger) {
    const plan = await logger.group(`Scratch target ${options.scratch.location}`, () => prepareScratchTarget(options, manifest, logger));
    if (!plan.ready)
        return {
            checks: [plan.check, skip('restore', 'the scratch target could not be prepared')],
            ...(plan.record ? { record: plan.record } : {})
        };
    const { target } = plan;
    // Before restoring: does the scratch have what the backup needs from outside its scope?
    const dependencies = await checkDependencies(options.scratch, manifest, 'scratch-db-url');
    // Schemas that exist already (public; one made for an extension; the platform's) are not created again.
    const managed = managedRestoreListing(target, manifest, useListWithoutSchemas(await listArchive(pgRestore, archivePath, 'backup-unreadable'), plan.existingSchemas), plan.clean);
    const skew = skewCheck(target);
    const triggers = firingTriggerCheck(target);
    const flags = plan.clean ? '--clean --if-exists ' : '';
    // Partition trees and NOT VALID domain constraints race in one parallel run.
    const passes = needsRestorePasses(manifest.inventory);
    const serialData = target.managedSchemas.length > 0 && !target.replica;
    return {
        checks: [
            plan.check,
            ...(skew ? [skew] : []),
            ...(triggers ? [triggers] : []),
            ...(managed.check ? [managed.check] : []),
            dependencies.check
        ],
        record: plan.record,
        restore: {
            mode: {
                clean: plan.clean,
                passes,
                listing: managed.listing,
                replica: target.replica,
                serialData
            },
            title: `Restore into ${options.scratch.location} (pg_restore ${flags}-j ${options.jobs}${passes || serialData ? ', section by section' : ''}${target.replica ? ', session_replication_role = replica' : ''})`,
            missingDependencies: dependencies.missing,
            acceptedDifference: acceptedSkew(target),
            // The backup carries no grants: give the API roles what the source gave them and the
            // target's default privileges did not (all of it on a plain PostgreSQL).
            afterLoad: () => finishApiGrants(options.scratch, 'scratch-db-url', manifest, (plan.record.preparations ??= []), logger, target.managedSchemas)
        }
    };
}
/**
 * Decides what the drill may do with the scratch database and makes it ready:
 * takes its kind (Supabase: the platform's schemas are loaded, not re-created),
 * refuses a database it may not own (InputError, before any write), resets
 * what an earlier drill left, marks it, prepares a plain PostgreSQL for what the
 * backup needs, installs the extensions. Returns whether pg_restore needs
 * --clean and which schemas already exist there.
 */
async function prepareScratchTarget(options, manifest, logger) {
    const extensions = manifest.inventory.extensions ?? [];
    const { client, check } = await connectRestoreTarget(options.scratch, { inputName: 'scratch-db-url', applicationName: 'backup-drill prepare' }, 'scratch target');
    if (!client)
        return { ready: false, check };
    let record;
    try {
        const target = await planTarget(client, options.targetKind, manifest);
        logger.info(`Target kind: ${target.detail}`);
        record = {
            targetKind: {
                requested: options.targetKind,
                kind: target.kind,
                detail: target.detail,
                managedSchemas: target.managedSchemas
            },
            ...(target.skew.length ? { versionSkew: target.skew } : {})
        };
        // The platform's schemas hold the platform's objects: only the backup's own schemas must be empty.
        const schemas = userSchemas(target, manifest);
        const loaded = managedTablesOfBackup(target, manifest);
        const state = await inspectScratch(client, schemas, extensions);
        const withRows = loaded.filter((t) => t.hasRows);
        const decision = decideScratch({
            ...state,
            objects: [
                ...state.objects,
                ...withRows.map((t) => ({
                    schema: t.schema,
                    type: 'rows in platform table',
                    identity: `${t.schema}.${t.name}`
                }))
            ]
        }, {
            schemas: [...schemas, ...target.managedSchemas],
            overwrite: options.overwriteScratch,
            largeObjects: manifest.inventory.largeObjects !== undefined
        });
        if (decision.action === 'refuse')
            throw new InputError('scratch-db-url', `${options.scratch.location}: ${decision.reason}`);
        logger.info(`Scratch target: ${decision.reason}`);
        if (decision.action === 'reset')
            await resetScratch(client, decision.schemas.filter((s) => !target.managedSchemas.includes(s)), logger);
        // Data only: rows an earlier drill loaded (or overwrite-scratch gave over) go first; definitions stay.
        if (decision.action !== 'restore') {
            await emptyManagedTables(client, withRows, logger);
            // The reset dropped what an earlier drill added to platform tables (a trigger goes with its function).
            target.managedTables = await inspectManagedTables(client, target.managedSchemas);
        }
        await writeMarker(client, schemas);
        // A plain PostgreSQL gets what the backup needs from outside its scope, and the API roles' grants.
        // (the API roles' grants follow once the tables exist: see prepareScratchRestore)
        const preparedNeeds = target.kind === 'postgres'
            ? await prepareDependencies(client, [
                ...(manifest.dependencies
                    ? await missingDependencies(client, manifest.dependencies)
                    : []),
                ...(await missingProofRoles(client, manifest))
            ], logger)
            : { prepared: [], problems: [] };
        if (target.kind === 'postgres')
            record.preparations = [...preparedNeeds.prepared];
        const problems = [
            ...preparedNeeds.problems,
            ...(await prepareExtensions(client, extensions, logger))
        ];
        const existing = await existingSchemas(client, manifest.scope.schemas);
        const prepared = [
            ...(extensions.length ? [`${extensions.length} extension(s) prepared`] : []),
            ...(preparedNeeds.prepared.length
                ? [`prepared for the backup: ${preparedNeeds.prepared.join('; ')}`]
                : [])
        ];
        return {
            ready: true,
            check: problems.length
                ? fail('scratch target', 'restore-failed', problems.join('; '))
                : pass('scratch target', `${target.kind} target (${target.detail}); ${decision.reason}${prepared.length ? `; ${prepared.join('; ')}` : ''}`),
            clean: decision.action === 'overwrite',
            existingSchemas: existing,
            target,
            record
        };
    }
    catch (error) {
        if (error instanceof InputError)
            throw error;
        return {
            ready: false,
            check: fail('scratch target', 'restore-failed', errorMessage(error)),
            ...(record ? { record } : {})
        };
    }
    finally {
        await client.end().catch(() => undefined);
    }
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
    // Before any connection: the scratch target must not be spelled like production.
    assertScratchIsNotProduction({
        scratch: options.scratch,
        ...(options.production ? { production: options.production } : {}),
        ...(options.projectRef ? { projectRef: options.projectRef } : {})
    });
    const validationSql = options.validationSqlPath
        ? await readValidationSql(options.validationSqlPath)
        : undefined;
    // The log is written last: a folder it cannot go to must stop the drill before it starts.
    await assertWritableFolder('log-dir', options.logDir);
    // Then connect (read only) and compare the server and database it really reaches.
    // An unreachable scratch is a failed drill with a log, not a crash: nothing is restored.
    const identified = await logger.group('Identify the scratch target', () => identifyScratch(options.scratch, options.production, logger).then((identity) => ({ identity, problem: undefined }), (error) => {
        if (!(error instanceof EscalationError))
            throw error;
        return { identity: undefined, problem: error.message };
    }));
    const scratchIdentity = identified.identity;
    const proved = await proveRestore({
        source: options.source,
        verify: {
            pgBinDir: options.pgBinDir,
            decryptIdentity: options.decryptIdentity,
            resolvePgBinDir: deps.resolvePgBinDir
        },
        target: options.scratch,
        jobs: options.jobs,
        targetInput: 'scratch-db-url',
        labels: {
            verify: (name) => `Verify ${name}`,
            validate: 'Validate against the manifest',
            smoke: 'Smoke test'
        },
        refuseSource: (manifest) => guardAgainstSource(options, manifest, scratchIdentity),
        notVerified: [
            skip('restore', 'the backup did not verify: a corrupt archive is never restored')
        ],
        prepareTarget: (backup) => scratchIdentity
            ? prepareScratchRestore(options, backup, logger)
            : Promise.resolve({
                checks: [skip('restore', 'the scratch target could not be reached and identified')]
            }),
        afterRestore: deps.afterRestore,
        validationSql,
        proofSteps: [checkExtensionsAndLargeObjects, rlsProofStep(logger)],
        smoke: { command: options.smokeCommand, skipDetail: 'no smoke-command given' }
    }, logger);
    const checks = [
        ...(identified.problem
            ? [fail('scratch target', 'restore-failed', `${identified.problem}; nothing was restored`)]
            : []),
        ...proved.checks
    ];
    const times = recoveryTimes(startedAt, (performance.now() - started) / 1000, proved.manifest, {
        rpoHours: options.rpoHours,
        rtoMinutes: options.rtoMinutes
    });
    checks.push(rpoCheck(times.rpo), rtoCheck(times.rto));
    const written = await writeRunLog('drill', {
        logDir: options.logDir,
        startedAt,
        located: proved.located,
        manifest: proved.manifest,
        target: options.scratch.location,
        checks,
        ...times,
        restoreErrors: proved.restoreErrors,
        differences: proved.differences,
        ...(proved.smoke ? { smoke: proved.smoke } : {}),
        ...proved.target
    }, drillLogMarkdown);
    if (deps.storeLog)
        await deps.storeLog([written.logPath, written.markdownPath], `drill-log-${written.log.id}`);
    return written;
}
/** The drill's RPO: the backup must be younger than rpo-hours (a missing or failing daily backup). */
function rpoCheck(rpo) {
    if (rpo.hours === null)
        return skip('rpo', 'backup time unknown (no manifest)');
    const age = `backup is ${rpo.hours.toFixed(2)} h old`;
    return rpo.ok
        ? pass('rpo', `${age} (limit ${rpo.limitHours} h)`)
        : fail('rpo', 'rpo-exceeded', `${age}, over the ${rpo.limitHours} h RPO: the daily backup is missing or failing`);
}
/** The drill's RTO: fetch to smoke within rto-minutes. */
function rtoCheck(rto) {
    const took = `fetch + verify + restore + validate + smoke took ${rto.seconds.toFixed(1)} s`;
    return rto.ok
        ? pass('rto', `${took} (limit ${rto.limitMinutes} min)`)
        : fail('rto', 'rto-exceeded', `${took}, over the ${rto.limitMinutes} min RTO`);
}
/** The backup's own source is production too, whatever the inputs say: by spelling, then by identity. */
function guardAgainstSource(options, manifest, scratchIdentity) {
    const ref = options.projectRef ?? (manifest.projectRef === 'local' ? undefined : manifest.projectRef);
    assertScratchIsNotProduction({
        scratch: options.scratch,
        production: sourceTarget(manifest),
        productionName: "the backup's source",
        ...(ref ? { projectRef: ref } : {})
    });
    // Without the scratch's identity nothing is restored (see runDrill), so there is nothing to compare.
    if (manifest.source.identity && scratchIdentity) {
        assertNotSameDatabase(scratchIdentity, manifest.source.identity, "the backup's source");
    }
}
async function readValidationSql(path) {
    let text;
    try {
        text = await readFile(path, 'utf8');
    }
    catch {
        throw new InputError('validation-sql', `cannot read ${path}: pass the path of a .sql file whose statements each return one row with true in the first column`);
    }
    const label = path.split('/').pop() ?? path;
    assertQueriesOnly(text, label);
    return { text, label };
}

export { rememberingLogStore as a, bucketLogStore as b, runDrill as r };

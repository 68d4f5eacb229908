import { e as errorMessage, I as InputError, E as EscalationError } from './artifact-errors.js';
import { m as maskSecrets } from './secrets.js';
import { readFile } from 'node:fs/promises';
import { c as connect, a as assertWritableFolder } from './file-system.js';
import { c as checkDependencies, m as managedRestoreListing, s as skewCheck, n as needsRestorePasses, f as finishApiGrants, a as acceptedSkew, p as planTarget, u as userSchemas, b as managedTablesOfBackup, i as inspectScratch, d as decideScratch, r as resetScratch, e as emptyManagedTables, g as inspectManagedTables, w as writeMarker, h as prepareDependencies, j as missingDependencies, k as prepareExtensions, l as existingSchemas, o as assertScratchIsNotProduction, q as identifyScratch, t as proveRestore, v as recoveryTimes, x as writeRunLog, y as assertQueriesOnly, z as assertNotSameDatabase } from './scratch-identity.js';
import { a as tableKeyOf, u as useListWithoutSchemas, l as listArchive, g as sourceTarget } from './source.js';
import { d as drillLogMarkdown } from './drill-log.js';
import { f as fail, s as skip, b as pass } from './drill-options.js';
import { i as inspectExtensions, a as inspectLargeObjects, p as probePrincipals } from './rls-probe.js';

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
        const { createS3Client } = await import('./s3-config.js').then(function (n) { return n.aX; });
        const { storeDrillLogInBucket } = await import('./s3-drill-logs.js');
        return (await storeDrillLogInBucket(createS3Client(config), config, files)).join(', ');
    });
}

/**
 * What a scope-only restore needs or carries beside the tables, compared with
 * the manifest: the extensions installed in the schemas (name and schema must
 * match; another version is only a note: the objects restored from the dump do
 * not depend on it) and the large objects (count and total bytes).
 */
async function checkExtensionsAndLargeObjects(target, manifest) {
    const expected = manifest.inventory;
    let client;
    try {
        client = await connect(target, {
            inputName: 'scratch-db-url',
            applicationName: 'backup-drill validate'
        });
    }
    catch (error) {
        return [fail('extensions', 'validation-failed', errorMessage(error))];
    }
    try {
        const checks = [];
        if (!expected.extensions) {
            checks.push(skip('extensions', 'the manifest predates extension records'));
        }
        else {
            const found = await inspectExtensions(client, manifest.scope.schemas);
            checks.push(extensionsCheck(expected.extensions, found));
        }
        if (!expected.largeObjects) {
            checks.push(skip('large objects', 'not in the backup: no table in scope has an oid column'));
        }
        else {
            const found = await inspectLargeObjects(client);
            const want = expected.largeObjects;
            checks.push(found.count === want.count && found.totalBytes === want.totalBytes
                ? pass('large objects', `${want.count} large objects, ${want.totalBytes} bytes, exact match`)
                : fail('large objects', 'validation-failed', `expected ${want.count} large objects of ${want.totalBytes} bytes in all, found ${found.count} of ${found.totalBytes} bytes`));
        }
        return checks;
    }
    catch (error) {
        return [fail('extensions', 'validation-failed', errorMessage(error))];
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
/** Missing or moved extensions fail; a different version is a note. */
function extensionsCheck(expected, found) {
    const byName = new Map(found.map((extension) => [extension.name, extension]));
    const problems = [];
    const notes = [];
    for (const want of expected) {
        const got = byName.get(want.name);
        if (!got)
            problems.push(`${want.name} (in ${want.schema}) missing`);
        else if (got.schema !== want.schema)
            problems.push(`${want.name}: expected in ${want.schema}, found in ${got.schema}`);
        else if (got.version !== want.version)
            notes.push(`${want.name} is version ${got.version} here, ${want.version} in the source`);
    }
    if (problems.length > 0)
        return fail('extensions', 'validation-failed', problems.join('; '));
    return pass('extensions', `${expected.length} extension(s) in the schemas present${notes.length ? ` (note: ${notes.join('; ')})` : ''}`);
}

/**
 * The drill's half of the RLS behaviour proof (docs/rls-proof.md): the principals the backup
 * probed in its snapshot are probed again in the restored scratch, and every count must match.
 * A missing role or claim function is named as such before the counts say what it broke.
 */
const CHECK = 'rls proof';
/** The proof as a drill step: `(target, manifest) => checks`, logging what it did or why not. */
function rlsProofStep(logger, inputName = 'scratch-db-url') {
    return async (target, manifest) => {
        const check = await checkRlsProof(target, manifest, inputName);
        logger.info(`RLS proof: ${check.status} (${check.detail})`);
        return [check];
    };
}
/** Repeats the manifest's RLS probe in `target` and compares: one check. */
async function checkRlsProof(target, manifest, inputName = 'scratch-db-url') {
    const recorded = manifest.rls;
    if (!recorded)
        return skip(CHECK, 'the backup recorded no RLS proof (written before it existed)');
    if (recorded.status === 'off')
        return skip(CHECK, `skipped: the backup ran with rls-principals 0 (${recorded.reason ?? 'off'})`);
    if (recorded.status === 'not-applicable')
        return skip(CHECK, `does not apply: ${recorded.reason ?? 'nothing to prove'}`);
    const tables = recordedTables(recorded, manifest);
    let client;
    try {
        client = await connect(target, { inputName, applicationName: 'backup-drill rls proof' });
    }
    catch (error) {
        return fail(CHECK, 'validation-failed', errorMessage(error));
    }
    try {
        const started = performance.now();
        const roles = await existingRoles(client, recorded.principals.map((p) => p.role));
        const functions = await missingClaimFunctions(client, manifest.inventory.policies, recorded.tables);
        const probed = recorded.principals.filter((p) => p.error === undefined && roles.has(p.role));
        await client.query('BEGIN READ ONLY');
        let found;
        try {
            found = await probePrincipals(client, probed, tables);
        }
        finally {
            await client.query('ROLLBACK');
        }
        const findings = [
            ...functions.map((f) => `claim function ${f.name} does not exist in the scratch target (policies on ${f.tables.join(', ')} use it)`),
            ...compareRlsObservations(recorded, found, roles)
        ];
        const seconds = (performance.now() - started) / 1000;
        if (findings.length > 0)
            return fail(CHECK, 'validation-failed', findings.join('; '), seconds);
        const users = probed.filter((p) => p.sub !== null).length;
        return pass(CHECK, `${probed.some((p) => p.sub === null) ? 'anon and ' : ''}${users} user(s) see the same rows in ${recorded.tables.length} RLS-enabled table(s) as in the backup's snapshot`, seconds);
    }
    catch (error) {
        return fail(CHECK, 'validation-failed', errorMessage(error));
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
/**
 * Every difference between what the backup's principals saw and what they see now, naming
 * principal, table, expected and found. A principal the backup could not become itself is
 * not compared (there is nothing to hold the scratch to); one whose role is missing here is,
 * when it could read a table in the backup.
 */
function compareRlsObservations(recorded, found, existingRoles) {
    const byId = new Map(found.map((observation) => [observation.id, observation]));
    const differences = [];
    for (const want of recorded.principals) {
        if (want.error !== undefined)
            continue;
        const who = `principal ${want.id} (role ${want.role})`;
        if (!existingRoles.has(want.role)) {
            // Without the role nobody can act as this principal here: it sees nothing. That only
            // differs from the backup when the principal could read some table there (a plain
            // PostgreSQL cluster that merely has a role anon, without grants, is not an API).
            if (recorded.tables.some((table) => want.rows[table] !== undefined))
                differences.push(`${who}: role ${want.role} does not exist in the scratch target`);
            continue;
        }
        const got = byId.get(want.id);
        if (!got) {
            differences.push(`${who}: not probed in the scratch target`);
            continue;
        }
        if (got.error !== undefined) {
            differences.push(`${who}: could not be assumed in the scratch target (${got.error})`);
            continue;
        }
        for (const table of recorded.tables) {
            const expected = describe(want, table);
            const actual = describe(got, table);
            if (sameOutcome(want, got, table))
                continue;
            differences.push(`${who}, table ${table}: expected ${expected}, found ${actual}`);
        }
    }
    return differences;
}
function describe(observation, table) {
    const rows = observation.rows[table];
    if (rows !== undefined)
        return `${rows} row(s)`;
    const error = observation.errors[table];
    return error !== undefined ? `error ${error}` : 'no count';
}
/** The same count, or the same error class (SQLSTATE): messages may differ across versions. */
function sameOutcome(want, got, table) {
    if (want.rows[table] !== undefined)
        return want.rows[table] === got.rows[table];
    const code = (text) => text?.split(':')[0];
    return want.errors[table] !== undefined && code(want.errors[table]) === code(got.errors[table]);
}
/** The recorded tables as schema and name (from the inventory: a key alone cannot be split at dots). */
function recordedTables(recorded, manifest) {
    const byKey = new Map(manifest.inventory.tables.map(({ schema, name }) => [
        tableKeyOf({ schema, name }),
        { schema, name }
    ]));
    return recorded.tables.flatMap((key) => {
        const table = byKey.get(key);
        return table ? [table] : [];
    });
}
async function existingRoles(client, roles) {
    const result = await client.query('SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY($1::text[])', [[...new Set(roles)]]);
    return new Set(result.rows.map((row) => row.rolname));
}
/** The claim functions Supabase policies call. */
const CLAIM_FUNCTIONS = ['auth.uid()', 'auth.role()', 'auth.jwt()'];
/** Claim functions the recorded tables' policies call that the target does not have. */
async function missingClaimFunctions(client, policies, tables) {
    const inScope = new Set(tables);
    const missing = [];
    for (const name of CLAIM_FUNCTIONS) {
        const users = [
            ...new Set(policies
                .filter((p) => inScope.has(p.table) && `${p.using ?? ''} ${p.withCheck ?? ''}`.includes(name))
                .map((p) => p.table))
        ].sort();
        if (users.length === 0)
            continue;
        const result = await client.query('SELECT pg_catalog.to_regprocedure($1) IS NOT NULL AS found', [name]);
        if (!result.rows[0]?.found)
            missing.push({ name, tables: users });
    }
    return missing;
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
    const flags = plan.clean ? '--clean --if-exists ' : '';
    // Partition trees and NOT VALID domain constraints race in one parallel run.
    const passes = needsRestorePasses(manifest.inventory);
    const serialData = target.managedSchemas.length > 0 && !target.replica;
    return {
        checks: [
            plan.check,
            ...(skew ? [skew] : []),
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
            title: `Restore into ${options.scratch.location} (pg_restore ${flags}-j ${options.jobs}${(passes || serialData) && !plan.clean ? ', section by section' : ''}${target.replica ? ', session_replication_role = replica' : ''})`,
            missingDependencies: dependencies.missing,
            acceptedDifference: acceptedSkew(target),
            ...(target.kind === 'postgres'
                ? {
                    afterLoad: () => finishApiGrants(options.scratch, 'scratch-db-url', manifest, (plan.record.preparations ??= []), logger)
                }
                : {})
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
    let client;
    try {
        client = await connect(options.scratch, {
            inputName: 'scratch-db-url',
            applicationName: 'backup-drill prepare'
        });
    }
    catch (error) {
        return { ready: false, check: fail('scratch target', 'restore-failed', errorMessage(error)) };
    }
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
            ? await prepareDependencies(client, manifest.dependencies ? await missingDependencies(client, manifest.dependencies) : [], logger)
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

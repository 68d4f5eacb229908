import { readFile } from 'node:fs/promises';
import { e as errorMessage, E as EscalationError, I as InputError } from './artifact-errors.js';
import { c as connect, a as assertWritableFolder } from './file-system.js';
import { c as checkDependencies, n as needsRestorePasses, a as assertScratchIsNotProduction, i as identifyScratch, p as proveRestore, r as recoveryTimes, w as writeRunLog, b as assertQueriesOnly, d as drillLogMarkdown, e as assertNotSameDatabase } from './scratch-identity.js';
import { j as pg, O as useListWithoutSchemas, Q as listArchive, R as sourceTarget } from './source.js';
import { f as fail, s as skip, e as pass } from './fetch-verified.js';
import { i as inspectExtensions, a as inspectLargeObjects, p as probePrincipals, b as tableKeyOf } from './rls-probe.js';

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
 * not compared (there is nothing to hold the scratch to); one whose role is missing here is.
 */
function compareRlsObservations(recorded, found, existingRoles) {
    const byId = new Map(found.map((observation) => [observation.id, observation]));
    const differences = [];
    for (const want of recorded.principals) {
        if (want.error !== undefined)
            continue;
        const who = `principal ${want.id} (role ${want.role})`;
        if (!existingRoles.has(want.role)) {
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
 * The state of the scratch database before a drill writes anything, and what
 * the drill may do with it. A drill writes only into a database it may own:
 * one that is empty in the schemas the backup restores, or one that carries
 * the marker a previous drill left. Production is never empty in those schemas
 * (the backup came from there) and never carries the marker, so this refusal
 * holds even when every URL comparison was fooled.
 */
/**
 * Where a drill marks the database it restored into: a schema of its own,
 * outside every restored schema, whose comment names what the drills restored.
 * A comment, not a table: nothing in it can be counted as data.
 */
const MARKER_SCHEMA = 'backup_drill';
const MARKER_PREFIX = 'backup-drill scratch marker ';
/** The marker comment for the schemas drills restored into this database. */
function markerComment(schemas) {
    return `${MARKER_PREFIX}${JSON.stringify({ schemas: [...new Set(schemas)].sort() })}`;
}
/** Decides what the drill may do with the scratch database (pure). */
function decideScratch(state, options) {
    const restored = options.schemas.join(', ');
    if (state.marker) {
        const schemas = [...new Set([...state.marker.schemas, ...options.schemas])].sort();
        return {
            action: 'reset',
            schemas,
            reason: `it carries the marker of an earlier drill (schema ${MARKER_SCHEMA}): emptying ${schemas.join(', ')}${state.largeObjects ? ` and removing ${state.largeObjects} large object(s)` : ''}, then restoring without --clean`
        };
    }
    const foreign = describeContent(state, options.largeObjects);
    if (!foreign) {
        return {
            action: 'restore',
            reason: `it is empty in ${restored}: restoring without --clean`
        };
    }
    if (options.overwrite) {
        return {
            action: 'overwrite',
            reason: `overwrite-scratch is set and it already holds ${foreign}: restoring with pg_restore --clean --if-exists, which drops the backup's objects there first`
        };
    }
    return {
        action: 'refuse',
        reason: `it already holds ${foreign} and carries no marker of an earlier drill (schema ${MARKER_SCHEMA}), so it may be a real database. Point scratch-db-url at an empty database, or set overwrite-scratch to true (CLI --overwrite-scratch true) to restore over it with pg_restore --clean`
    };
}
/** "3 object(s) in public (table public.x, ...)", or undefined when there is nothing. */
function describeContent(state, largeObjects) {
    const parts = [];
    if (state.objects.length > 0) {
        const shown = state.objects
            .slice(0, 5)
            .map((o) => `${o.type} ${o.identity}`)
            .join(', ');
        const schemas = [...new Set(state.objects.map((o) => o.schema))].join(', ');
        parts.push(`${state.objects.length} object(s) in ${schemas} (${shown}${state.objects.length > 5 ? ', …' : ''})`);
    }
    // The backup brings large objects, which belong to no schema: existing ones would be counted too.
    if (largeObjects && state.largeObjects > 0)
        parts.push(`${state.largeObjects} large object(s)`);
    return parts.length ? parts.join(' and ') : undefined;
}
/** Reads the scratch database's state; writes nothing. */
async function inspectScratch(client, schemas, extensions) {
    const objects = await objectsInSchemas(client, schemas, extensions);
    const los = await client.query('SELECT count(*)::int AS n FROM pg_catalog.pg_largeobject_metadata');
    return { objects, largeObjects: los.rows[0].n, marker: await readMarker(client) };
}
/**
 * Every object that lives in `schemas`, except `extensions` installed where
 * the manifest says (the drill would prepare exactly those). An extension's
 * members are represented by the extension. Objects that follow another
 * (indexes, array and row types, TOAST, a range's multirange, an identity
 * column's sequence) are left out: they go with their owner.
 */
async function objectsInSchemas(client, schemas, extensions) {
    const result = await client.query(`WITH expected AS (
       SELECT e.oid FROM pg_catalog.pg_extension e
         JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
         JOIN ROWS FROM (pg_catalog.unnest($2::text[]), pg_catalog.unnest($3::text[])) AS x(name, schema)
           ON x.name = e.extname AND x.schema = n.nspname
     ), objects (classid, objid, namespace) AS (
       SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, oid, relnamespace FROM pg_catalog.pg_class
        WHERE relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
       UNION ALL SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass, oid, pronamespace FROM pg_catalog.pg_proc
       UNION ALL SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, oid, typnamespace FROM pg_catalog.pg_type
        WHERE (typtype IN ('b', 'd', 'e', 'r') AND typcategory <> 'A')
           OR (typtype = 'c' AND (SELECT relkind FROM pg_catalog.pg_class WHERE oid = typrelid) = 'c')
       UNION ALL SELECT 'pg_catalog.pg_collation'::pg_catalog.regclass, oid, collnamespace FROM pg_catalog.pg_collation
       UNION ALL SELECT 'pg_catalog.pg_operator'::pg_catalog.regclass, oid, oprnamespace FROM pg_catalog.pg_operator
       UNION ALL SELECT 'pg_catalog.pg_opfamily'::pg_catalog.regclass, oid, opfnamespace FROM pg_catalog.pg_opfamily
       UNION ALL SELECT 'pg_catalog.pg_conversion'::pg_catalog.regclass, oid, connamespace FROM pg_catalog.pg_conversion
       UNION ALL SELECT 'pg_catalog.pg_ts_config'::pg_catalog.regclass, oid, cfgnamespace FROM pg_catalog.pg_ts_config
       UNION ALL SELECT 'pg_catalog.pg_ts_dict'::pg_catalog.regclass, oid, dictnamespace FROM pg_catalog.pg_ts_dict
       UNION ALL SELECT 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass, oid, stxnamespace FROM pg_catalog.pg_statistic_ext
       UNION ALL SELECT 'pg_catalog.pg_extension'::pg_catalog.regclass, oid, extnamespace FROM pg_catalog.pg_extension
         WHERE oid NOT IN (SELECT oid FROM expected)
     )
     SELECT n.nspname AS schema, ident.type, ident.identity
       FROM objects o
       JOIN pg_catalog.pg_namespace n ON n.oid = o.namespace
       CROSS JOIN LATERAL pg_catalog.pg_identify_object(o.classid, o.objid, 0) AS ident
      WHERE n.nspname = ANY($1::text[])
        AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                         WHERE d.classid = o.classid AND d.objid = o.objid AND d.objsubid = 0
                           AND d.deptype IN ('e', 'i'))
      ORDER BY (ident.type = 'extension') DESC, 1, 2, 3`, [schemas, extensions.map((e) => e.name), extensions.map((e) => e.schema)]);
    return result.rows;
}
/** The schemas earlier drills restored, from the marker comment; undefined without one. */
async function readMarker(client) {
    const result = await client.query(`SELECT pg_catalog.obj_description(oid, 'pg_namespace') AS comment
       FROM pg_catalog.pg_namespace WHERE nspname = $1`, [MARKER_SCHEMA]);
    const comment = result.rows[0]?.comment;
    if (!comment?.startsWith(MARKER_PREFIX))
        return undefined;
    try {
        const parsed = JSON.parse(comment.slice(MARKER_PREFIX.length));
        const schemas = Array.isArray(parsed.schemas) ? parsed.schemas.map(String) : [];
        return { schemas };
    }
    catch {
        return undefined;
    }
}

/**
 * Writes that make a scratch database ready for pg_restore, each logged: reset
 * what an earlier drill restored (only when its marker is there), mark the
 * database as this drill's, and install the extensions the backup's schemas
 * use (a scope-only dump never creates them).
 */
const quote = pg.escapeIdentifier;
/**
 * Empties `schemas` in place (never DROP SCHEMA: public keeps its grants, which
 * platform roles rely on) and removes every large object. Only for a database
 * carrying the drill marker.
 */
async function resetScratch(client, schemas, logger) {
    const failures = [];
    // Extensions come first in the list: dropping one takes its members along.
    for (const object of await objectsInSchemas(client, schemas, [])) {
        const statement = `DROP ${dropKeyword(object)} IF EXISTS ${object.identity} CASCADE`;
        try {
            await client.query(statement);
        }
        catch (error) {
            failures.push(`${statement}: ${errorMessage(error)}`);
        }
    }
    const unlinked = await client.query('SELECT count(pg_catalog.lo_unlink(oid))::int AS n FROM pg_catalog.pg_largeobject_metadata');
    const left = await objectsInSchemas(client, schemas, []);
    if (left.length > 0) {
        throw new EscalationError('restore-failed', `could not empty ${schemas.join(', ')} of the earlier drill: ${left
            .slice(0, 5)
            .map((o) => `${o.type} ${o.identity}`)
            .join(', ')} left${failures.length ? ` (${failures[0]})` : ''}`);
    }
    logger.info(`Emptied ${schemas.join(', ')} and removed ${unlinked.rows[0].n} large object(s) left by the earlier drill`);
}
/** DROP <keyword> for a pg_identify_object type. */
function dropKeyword(object) {
    if (object.type === 'composite type')
        return 'TYPE';
    if (object.type === 'statistics object')
        return 'STATISTICS';
    return object.type.toUpperCase();
}
/**
 * Marks the database as a drill's scratch target (schema backup_drill, outside
 * every restored schema; the mark is its comment, so validation and pg_dump
 * of the restored schemas never see it). A later drill may reset the schemas
 * the comment lists; a database without it is never reset.
 */
async function writeMarker(client, schemas) {
    const earlier = (await readMarker(client))?.schemas ?? [];
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${MARKER_SCHEMA}`);
    await client.query(`COMMENT ON SCHEMA ${MARKER_SCHEMA} IS ${pg.escapeLiteral(markerComment([...earlier, ...schemas]))}`);
}
/**
 * Installs each extension where the source had it (creating its schema when
 * missing). Returns a problem per extension that could not be prepared; the
 * restore still runs, and the statements needing it fail visibly.
 */
async function prepareExtensions(client, extensions, logger) {
    const problems = [];
    for (const extension of extensions) {
        const statement = `CREATE EXTENSION IF NOT EXISTS ${quote(extension.name)} WITH SCHEMA ${quote(extension.schema)}`;
        try {
            await client.query(`CREATE SCHEMA IF NOT EXISTS ${quote(extension.schema)}`);
            await client.query(statement);
            const installed = await client.query(`SELECT n.nspname AS schema, e.extversion AS version FROM pg_catalog.pg_extension e
           JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = $1`, [extension.name]);
            const found = installed.rows[0];
            if (found?.schema !== extension.schema) {
                problems.push(`extension ${extension.name} is installed in ${found?.schema ?? 'no schema'} on the scratch server, not in ${extension.schema} as in the source`);
                continue;
            }
            logger.info(`Prepared extension ${extension.name} ${found.version}: ${statement}`);
        }
        catch (error) {
            problems.push(`${statement} failed: ${errorMessage(error)}`);
        }
    }
    return problems;
}
/** The schemas among `schemas` that exist on the target (their CREATE SCHEMA is skipped). */
async function existingSchemas(client, schemas) {
    const result = await client.query('SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY 1', [schemas]);
    return result.rows.map((row) => row.name);
}

/**
 * The drill's restore into scratch, once the backup verified: prepare the
 * scratch (refuse, reset, mark, extensions), probe it for what the backup
 * needs from outside its scope, and choose the pg_restore mode.
 */
async function prepareScratchRestore(options, { manifest, pgRestore, archivePath }, logger) {
    const plan = await logger.group(`Scratch target ${options.scratch.location}`, () => prepareScratchTarget(options, manifest, logger));
    if (!plan.ready)
        return { checks: [plan.check, skip('restore', 'the scratch target could not be prepared')] };
    // Before restoring: does the scratch have what the backup needs from outside its scope?
    const dependencies = await checkDependencies(options.scratch, manifest, 'scratch-db-url');
    // Schemas that exist already (public; one made for an extension) are not created again.
    const listing = useListWithoutSchemas(await listArchive(pgRestore, archivePath, 'backup-unreadable'), plan.existingSchemas);
    const flags = plan.clean ? '--clean --if-exists ' : '';
    // Partition trees and NOT VALID domain constraints race in one parallel run.
    const passes = needsRestorePasses(manifest.inventory);
    return {
        checks: [plan.check, dependencies.check],
        restore: {
            mode: { clean: plan.clean, passes, listing },
            title: `Restore into ${options.scratch.location} (pg_restore ${flags}-j ${options.jobs}${passes && !plan.clean ? ', section by section' : ''})`,
            missingDependencies: dependencies.missing
        }
    };
}
/**
 * Decides what the drill may do with the scratch database and makes it ready:
 * refuses a database it may not own (InputError, before any write), resets
 * what an earlier drill left, marks it, installs the extensions. Returns
 * whether pg_restore needs --clean and which schemas already exist there.
 */
async function prepareScratchTarget(options, manifest, logger) {
    const schemas = manifest.scope.schemas;
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
    try {
        const state = await inspectScratch(client, schemas, extensions);
        const decision = decideScratch(state, {
            schemas,
            overwrite: options.overwriteScratch,
            largeObjects: manifest.inventory.largeObjects !== undefined
        });
        if (decision.action === 'refuse')
            throw new InputError('scratch-db-url', `${options.scratch.location}: ${decision.reason}`);
        logger.info(`Scratch target: ${decision.reason}`);
        if (decision.action === 'reset')
            await resetScratch(client, decision.schemas, logger);
        await writeMarker(client, schemas);
        const problems = await prepareExtensions(client, extensions, logger);
        const existing = await existingSchemas(client, schemas);
        const prepared = extensions.length ? `; ${extensions.length} extension(s) prepared` : '';
        return {
            ready: true,
            check: problems.length
                ? fail('scratch target', 'restore-failed', problems.join('; '))
                : pass('scratch target', `${decision.reason}${prepared}`),
            clean: decision.action === 'overwrite',
            existingSchemas: existing
        };
    }
    catch (error) {
        if (error instanceof InputError)
            throw error;
        return { ready: false, check: fail('scratch target', 'restore-failed', errorMessage(error)) };
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
        ...(proved.smoke ? { smoke: proved.smoke } : {})
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

export { runDrill as r };

import { availableParallelism } from 'node:os';
import { I as InputError, e as errorMessage } from './_commonjsHelpers.js';
import { d as defineInputs, T as TARGET_KIND_SPEC, f as projectRefRule, g as booleanInput, k as withDescriptions, e as inputNames, j as jobsRule, l as registerSecretInputs, m as parseDatabaseUrl, q as parseRegisteredInputs, I as track, F as interruption } from './heartbeat.js';
import { h as projectRefFromTarget, s as sourceTarget, i as runPgTool, k as keepEntries, j as listedName, m as parseToc, n as inspectFunctions, o as owningRelationSql, u as useListWithoutSchemas, l as listArchive, p as pg } from './source.js';
import { A as ARTIFACT_NAME_CHECKED, B as BACKUP_SOURCE_INPUT_SPECS, a as parseVerifyOptions, b as pass, f as fail, s as skip } from './drill-options.js';
import { F as identifyTarget, G as isSameTarget, H as normalizeTarget, d as connectRestoreTarget, p as planTarget, s as skewCheck, f as firingTriggerCheck, t as existingSchemas, m as managedRestoreListing, e as managedTablesOfBackup, k as prepareDependencies, l as missingDependencies, b as acceptedSkew, n as needsRestorePasses, A as writeRunLog, z as recoveryTimes, y as proveRestore, C as checkExtensionsAndLargeObjects, D as rlsProofStep, a as finishApiGrants } from './scratch-identity.js';
import { a as assertWritableFolder } from './file-system.js';
import { i as isSameServer, d as describeIdentity, c as connect } from './rls-probe.js';
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
 * The entry kinds of pg_restore --list that name an object `schema name …` or
 * `schema table name …`, longest first (so `FK CONSTRAINT` is not read as `CONSTRAINT`).
 */
const DESCS = [
    'MATERIALIZED VIEW',
    'FOREIGN TABLE',
    'FK CONSTRAINT',
    'CHECK CONSTRAINT',
    'CONSTRAINT',
    'SEQUENCE',
    'AGGREGATE',
    'PROCEDURE',
    'FUNCTION',
    'TRIGGER',
    'DEFAULT',
    'DOMAIN',
    'OPERATOR',
    'POLICY',
    'INDEX',
    'TABLE',
    'VIEW',
    'TYPE',
    'RULE'
].sort((a, b) => b.length - a.length);
/** The catalogs whose objects `cleanBlockers` can find in a listing (as `regclass::text` prints them). */
const KNOWN_CLASSES = new Set([
    'pg_class',
    'pg_trigger',
    'pg_policy',
    'pg_constraint',
    'pg_rewrite',
    'pg_attrdef',
    'pg_proc',
    'pg_type',
    'pg_operator'
]);
/** The catalogs whose objects' entries are `schema name …` (an index's is too: pg_class). */
const SCHEMA_NAMED = new Set(['pg_class', 'pg_proc', 'pg_type', 'pg_operator']);
/** The kinds --clean drops that others can depend on: relations, types, functions. */
const OWNER_DESCS = new Set([
    'MATERIALIZED VIEW',
    'FOREIGN TABLE',
    'SEQUENCE',
    'AGGREGATE',
    'PROCEDURE',
    'FUNCTION',
    'DOMAIN',
    'OPERATOR',
    'TABLE',
    'VIEW',
    'TYPE'
]);
/**
 * The names after each entry's kind in a listing (`schema name owner`, `schema table name
 * owner`), commented-out entries left out; `owners` keeps only relations, types and functions.
 */
function entryNames(listing, owners) {
    return parseToc(listing).flatMap((entry) => {
        // Data only: the table itself is not dropped.
        if (/^(TABLE DATA|SEQUENCE SET|SEQUENCE OWNED BY|INDEX ATTACH) /.test(entry.rest))
            return [];
        const desc = DESCS.find((d) => entry.rest.startsWith(`${d} `));
        if (!desc || (owners && !OWNER_DESCS.has(desc)))
            return [];
        return [entry.rest.slice(desc.length + 1)];
    });
}
const named = (names, key) => names.some((rest) => rest.startsWith(`${key} `) || rest.startsWith(`${key}(`));
/**
 * Pure: the dependencies that make a `pg_restore --clean` of `listing` fail half-way. --clean
 * drops each object of the listing without CASCADE; an object the restore does not re-create
 * (outside the backup's schemas, or in them but unknown to the backup) that depends on one it
 * drops makes that DROP fail, and then its CREATE ("already exists"), its data (appended to the
 * old rows, or refused by the old key) and its keys fail too.
 */
function cleanBlockers(rows, listing, schemas) {
    const owners = entryNames(listing, true);
    const names = entryNames(listing, false);
    const inScope = new Set(schemas);
    const seen = new Set();
    return rows.filter((row) => {
        const dropped = named(owners, `${listedName(row.referencedSchema)} ${listedName(row.referencedName)}`);
        if (!dropped)
            return false;
        if (row.dependentSchema === null)
            return false;
        if (inScope.has(row.dependentSchema)) {
            if (!KNOWN_CLASSES.has(row.dependentClass))
                return false;
            const schema = listedName(row.dependentSchema);
            // Re-created with its table (a view's rule, a default, a constraint …)
            if (row.dependentRelation && named(owners, `${schema} ${listedName(row.dependentRelation)}`))
                return false;
            // … or by its own entry: `schema name` (a relation, index, function, type, operator),
            // `schema table name` (a trigger, policy, constraint, rule or default on a kept table).
            const own = SCHEMA_NAMED.has(row.dependentClass)
                ? `${schema} ${listedName(row.dependentName ?? '')}`
                : `${schema} ${listedName(row.dependentRelation ?? '')} ${listedName(row.dependentName ?? '')}`;
            if (row.dependentName && named(names, own))
                return false;
        }
        const key = `${row.dependent}\u0000${row.referenced}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
/**
 * Reads every normal dependency on a relation, type or function in `schemas` (not of an
 * extension's member, not built in), with what --clean would drop for it: a column's or an
 * index's table, a constraint's table or domain, an array's element type, a row type's table.
 */
async function readCleanDependencies(client, schemas) {
    return withEmptySearchPath(client, () => readRows(client, schemas));
}
/** Runs `work` with an empty search_path (every name printed qualified), the caller's put back after. */
async function withEmptySearchPath(client, work) {
    const saved = await client.query(`SELECT pg_catalog.current_setting('search_path') AS path, pg_catalog.set_config('search_path', '', false)`);
    try {
        return await work();
    }
    finally {
        await client.query(`SELECT pg_catalog.set_config('search_path', $1, false)`, [
            saved.rows[0].path
        ]);
    }
}
async function readRows(client, schemas) {
    const result = await client.query(`WITH scope AS (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[])),
     dep AS MATERIALIZED (
       SELECT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid,
              ${owningRelationSql('d.classid', 'd.objid')} AS relid,
              CASE d.refclassid
                WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN 'pg_catalog.pg_class'::pg_catalog.regclass
                WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN 'pg_catalog.pg_proc'::pg_catalog.regclass
                WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN
                  CASE WHEN coalesce(et.typrelid, rt.typrelid, 0) <> 0
                        AND (SELECT c.relkind FROM pg_catalog.pg_class c
                              WHERE c.oid = coalesce(et.typrelid, rt.typrelid)) <> 'c'
                       THEN 'pg_catalog.pg_class'::pg_catalog.regclass
                       ELSE 'pg_catalog.pg_type'::pg_catalog.regclass END
                WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN
                  CASE WHEN rk.conrelid <> 0 THEN 'pg_catalog.pg_class'::pg_catalog.regclass
                       ELSE 'pg_catalog.pg_type'::pg_catalog.regclass END
              END AS dropclass,
              CASE d.refclassid
                WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN
                  coalesce((SELECT x.indrelid FROM pg_catalog.pg_index x WHERE x.indexrelid = d.refobjid), d.refobjid)
                WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN d.refobjid
                WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN
                  CASE WHEN coalesce(et.typrelid, rt.typrelid, 0) <> 0
                        AND (SELECT c.relkind FROM pg_catalog.pg_class c
                              WHERE c.oid = coalesce(et.typrelid, rt.typrelid)) <> 'c'
                       THEN coalesce(et.typrelid, rt.typrelid)
                       ELSE coalesce(et.oid, rt.oid) END
                WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN nullif(coalesce(nullif(rk.conrelid, 0), rk.contypid), 0)
              END AS dropid
         FROM pg_catalog.pg_depend d
         LEFT JOIN pg_catalog.pg_type rt
                ON d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND rt.oid = d.refobjid
         LEFT JOIN pg_catalog.pg_type et ON rt.typelem <> 0 AND rt.typsubscript = 'pg_catalog.array_subscript_handler'::pg_catalog.regproc
                AND et.oid = rt.typelem
         LEFT JOIN pg_catalog.pg_constraint rk
                ON d.refclassid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND rk.oid = d.refobjid
        WHERE d.deptype = 'n' AND d.objid >= 16384 AND d.refobjid >= 16384
          AND d.refclassid IN ('pg_catalog.pg_class'::pg_catalog.regclass, 'pg_catalog.pg_proc'::pg_catalog.regclass,
                               'pg_catalog.pg_type'::pg_catalog.regclass, 'pg_catalog.pg_constraint'::pg_catalog.regclass)
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = d.classid
                            AND e.objid = d.objid AND e.deptype = 'e')
          -- A range type's constructor functions go with their type.
          AND NOT (d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                   AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.classid = d.classid
                                 AND i.objid = d.objid AND i.deptype = 'i'))
          -- A partition's copy of its parent's constraint goes with its parent's.
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE d.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
                            AND c.oid = d.objid AND c.conparentid <> 0)
     ), dropped AS (
       SELECT dep.*,
              CASE dep.dropclass
                WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (SELECT c.relnamespace FROM pg_catalog.pg_class c WHERE c.oid = dep.dropid)
                WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (SELECT p.pronamespace FROM pg_catalog.pg_proc p WHERE p.oid = dep.dropid)
                WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (SELECT t.typnamespace FROM pg_catalog.pg_type t WHERE t.oid = dep.dropid)
              END AS dropnsp,
              CASE dep.dropclass
                WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = dep.dropid)
                WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (SELECT p.proname FROM pg_catalog.pg_proc p WHERE p.oid = dep.dropid)
                WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (SELECT t.typname FROM pg_catalog.pg_type t WHERE t.oid = dep.dropid)
              END::text AS dropname
         FROM dep
     )
     SELECT CASE WHEN s.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND s.relid IS NOT NULL
                 THEN pg_catalog.pg_describe_object('pg_catalog.pg_class'::pg_catalog.regclass, s.relid, 0)
                 ELSE pg_catalog.pg_describe_object(s.classid, s.objid, s.objsubid) END AS dependent,
            coalesce(rn.nspname, (pg_catalog.parse_ident(o.schema))[1]) AS dependent_schema,
            r.relname::text AS dependent_relation,
            CASE s.classid
              WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN (SELECT t.tgname FROM pg_catalog.pg_trigger t WHERE t.oid = s.objid)
              WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN (SELECT p.polname FROM pg_catalog.pg_policy p WHERE p.oid = s.objid)
              WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN (SELECT c.conname FROM pg_catalog.pg_constraint c WHERE c.oid = s.objid)
              WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN (SELECT w.rulename FROM pg_catalog.pg_rewrite w WHERE w.oid = s.objid)
              WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = s.objid)
              WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (SELECT p.proname FROM pg_catalog.pg_proc p WHERE p.oid = s.objid)
              WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (SELECT t.typname FROM pg_catalog.pg_type t WHERE t.oid = s.objid)
              WHEN 'pg_catalog.pg_operator'::pg_catalog.regclass THEN (SELECT o.oprname FROM pg_catalog.pg_operator o WHERE o.oid = s.objid)
            END::text AS dependent_name,
            s.classid::pg_catalog.regclass::text AS dependent_class,
            -- What re-creates the dependent after the restore, for the operator who drops it first.
            CASE s.classid
              WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN
                (SELECT 'ALTER TABLE ' || c.conrelid::pg_catalog.regclass::text || ' ADD CONSTRAINT '
                        || pg_catalog.quote_ident(c.conname) || ' ' || pg_catalog.pg_get_constraintdef(c.oid)
                   FROM pg_catalog.pg_constraint c WHERE c.oid = s.objid AND c.conrelid <> 0)
              WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN pg_catalog.pg_get_triggerdef(s.objid)
              WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN
                (SELECT CASE c.relkind WHEN 'm' THEN 'CREATE MATERIALIZED VIEW ' ELSE 'CREATE VIEW ' END
                        || c.oid::pg_catalog.regclass::text
                        || coalesce(' WITH (' || pg_catalog.array_to_string(c.reloptions, ', ') || ')', '') || ' AS ' || pg_catalog.rtrim(pg_catalog.pg_get_viewdef(c.oid), ';')
                   FROM pg_catalog.pg_class c WHERE c.oid = s.relid AND c.relkind IN ('v', 'm'))
              WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN
                (SELECT 'CREATE POLICY ' || pg_catalog.quote_ident(p.polname) || ' ON ' || p.polrelid::pg_catalog.regclass::text
                        || CASE WHEN p.polpermissive THEN '' ELSE ' AS RESTRICTIVE' END
                        || ' FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                                                    WHEN 'd' THEN 'DELETE' ELSE 'ALL' END
                        || ' TO ' || (SELECT pg_catalog.string_agg(CASE WHEN r.oid = 0 THEN 'PUBLIC'
                                                  ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r.oid)) END, ', ')
                                        FROM pg_catalog.unnest(p.polroles) AS r(oid))
                        || coalesce(' USING (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')', '')
                        || coalesce(' WITH CHECK (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')', '')
                   FROM pg_catalog.pg_policy p WHERE p.oid = s.objid)
            END AS recreate,
            pg_catalog.pg_describe_object(s.refclassid, s.refobjid, s.refobjsubid) AS referenced,
            dn.nspname AS referenced_schema, s.dropname AS referenced_name,
            CASE WHEN s.dropclass = 'pg_catalog.pg_proc'::pg_catalog.regclass
                 THEN s.dropid::pg_catalog.regprocedure::text END AS function_signature,
            CASE WHEN s.dropclass = 'pg_catalog.pg_proc'::pg_catalog.regclass
                 THEN (SELECT p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')'
                         FROM pg_catalog.pg_proc p WHERE p.oid = s.dropid) END AS function_listed
       FROM dropped s
       JOIN pg_catalog.pg_namespace dn ON dn.oid = s.dropnsp
       CROSS JOIN LATERAL pg_catalog.pg_identify_object(s.classid, s.objid, s.objsubid) o
       LEFT JOIN pg_catalog.pg_class r ON r.oid = s.relid
       LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
      WHERE s.dropnsp IN (SELECT oid FROM scope)
      ORDER BY 1, 5`, [schemas]);
    return result.rows.map((row) => ({
        dependent: row.dependent,
        dependentSchema: row.dependent_schema,
        dependentRelation: row.dependent_relation,
        dependentName: row.dependent_name,
        dependentClass: row.dependent_class,
        recreate: row.recreate,
        referenced: row.referenced,
        referencedSchema: row.referenced_schema,
        referencedName: row.referenced_name,
        referencedFunction: row.function_signature && row.function_listed
            ? { signature: row.function_signature, listed: row.function_listed }
            : null
    }));
}
/**
 * Pure: of the blockers, the functions --clean need not drop: every blocker holding on to them is
 * outside the restore, and production's definition equals the backup's (`definitionHash` from the
 * manifest's inventory): the restore keeps production's function instead of dropping it and
 * creating the same again, and validation still compares it with the manifest. What remains are
 * the blockers that stop the restore.
 */
function keepUnchangedFunctions(blockers, backupFunctions, productionFunctions) {
    const backup = new Map((backupFunctions ?? []).map((f) => [f.signature, f.definitionHash]));
    const production = new Map(productionFunctions.map((f) => [f.signature, f.definitionHash]));
    const kept = new Map();
    const left = [];
    for (const row of blockers) {
        const fn = row.referencedFunction;
        const hash = fn ? backup.get(fn.signature) : undefined;
        if (fn && hash !== undefined && production.get(fn.signature) === hash)
            kept.set(fn.signature, {
                schema: row.referencedSchema,
                listed: fn.listed,
                signature: fn.signature
            });
        else
            left.push(row);
    }
    return { kept: [...kept.values()], left };
}
/**
 * Before a --clean restore writes anything: objects the restore does not re-create that depend
 * on objects it drops. Each would make a DROP fail half-way through, leaving the old object and
 * its rows beside (or instead of) the backup's; so the restore stops untouched and names them.
 * A function they hold on to that production has exactly as the backup does is kept instead
 * (left out of the listing, which is returned).
 */
async function cleanDependencyCheck(client, listing, schemas, backupFunctions, targetInput) {
    const found = cleanBlockers(await readCleanDependencies(client, schemas), listing, schemas);
    const production = found.some((b) => b.referencedFunction)
        ? await withEmptySearchPath(client, () => inspectFunctions(client, [...schemas]))
        : [];
    const { kept, left: blockers } = keepUnchangedFunctions(found, backupFunctions, production);
    const keptListing = kept.length
        ? keepEntries(listing, (entry) => !kept.some((fn) => ['FUNCTION', 'PROCEDURE', 'AGGREGATE'].some((desc) => entry.rest.startsWith(`${desc} ${listedName(fn.schema)} ${listedName(fn.listed)} `))))
        : listing;
    const keptNote = kept.length
        ? `; kept production's ${kept.map((fn) => fn.signature).join(', ')} (equal to the backup's; objects outside the backup use it) instead of dropping and re-creating it`
        : '';
    if (blockers.length === 0)
        return {
            check: pass('clean dependencies', `nothing outside the backup depends on an object the restore drops and re-creates${keptNote}`),
            listing: keptListing
        };
    // One line per dependent, naming the objects of the backup it holds on to.
    const byDependent = new Map();
    for (const b of blockers) {
        const held = byDependent.get(b.dependent) ?? new Set();
        held.add(b.referencedFunction
            ? `${b.referencedFunction.signature} (its definition differs from the backup's)`
            : `${b.referencedSchema}.${b.referencedName}`);
        byDependent.set(b.dependent, held);
    }
    const lines = [...byDependent].map(([dependent, held]) => `${dependent} (on ${[...held].join(', ')})`);
    const shown = lines.slice(0, 10).join('; ');
    const more = lines.length > 10 ? `; and ${lines.length - 10} more` : '';
    const recreate = [...new Set(blockers.flatMap((b) => (b.recreate ? [b.recreate] : [])))];
    const statements = recreate.length
        ? ` To re-create them after the restore (as read from production now; their grants and comments are not included): ${recreate.map((r) => `${r};`).join(' ')}`
        : '';
    return {
        check: fail('clean dependencies', 'restore-failed', `${lines.length} object(s) in ${targetInput} that the backup does not contain depend on objects the restore must drop and re-create: ${shown}${more}. pg_restore --clean could not drop those objects, so their old definitions and rows would stay beside the backup's. Nothing was written. Fix: save and drop the dependent objects (re-create them after the restore), or restore a backup whose scope includes them.${statements}`),
        listing
    };
}

/**
 * Reads the locks other sessions hold (granted) on relations in `schemas`. pg_restore --clean's
 * DROP and TRUNCATE take ACCESS EXCLUSIVE and wait, without a timeout, behind any of them: a
 * session left idle in a transaction (an app's pool, a console) makes the restore hang with no
 * word, and every query of the app on that table then queues behind the DROP.
 */
async function readHeldLocks(client, schemas) {
    const result = await client.query(`SELECT l.pid, a.usename::text AS user, a.application_name AS application, a.state,
            pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS relation, l.mode,
            floor(extract(epoch FROM pg_catalog.clock_timestamp() - a.xact_start))::int AS seconds
       FROM pg_catalog.pg_locks l
       JOIN pg_catalog.pg_class c ON c.oid = l.relation
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_catalog.pg_backend_pid()
        -- Autovacuum gives way to a DROP by itself.
        AND a.backend_type IS DISTINCT FROM 'autovacuum worker'
        AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
        AND n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      ORDER BY l.pid, relation, l.mode`, [schemas]);
    return result.rows.map((row) => ({
        pid: row.pid,
        user: row.user,
        application: row.application,
        state: row.state,
        relation: row.relation,
        mode: row.mode,
        transactionSeconds: row.seconds
    }));
}
/** Pure: the `sessions` check from the locks read (fails naming each session and its tables). */
function heldLocksCheck(locks, targetInput) {
    if (locks.length === 0)
        return pass('sessions', 'no other session holds a lock on a table of the backup');
    const sessions = new Map();
    for (const lock of locks) {
        const session = sessions.get(lock.pid) ?? { lock, relations: new Set() };
        session.relations.add(lock.relation);
        sessions.set(lock.pid, session);
    }
    const named = [...sessions.values()].slice(0, 10).map(({ lock, relations }) => {
        const who = [
            lock.user ? `user ${lock.user}` : undefined,
            lock.application ? `application "${lock.application}"` : undefined,
            lock.state ?? undefined,
            lock.transactionSeconds !== null ? `transaction open ${lock.transactionSeconds} s` : undefined
        ].filter(Boolean);
        const tables = [...relations];
        return `pid ${lock.pid} (${who.join(', ')}) on ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ` and ${tables.length - 5} more` : ''}`;
    });
    const more = sessions.size > 10 ? `; and ${sessions.size - 10} more session(s)` : '';
    return fail('sessions', 'restore-failed', `${sessions.size} other session(s) in ${targetInput} hold locks on tables the restore drops: ${named.join('; ')}${more}. pg_restore --clean would wait for them without end, and the app's queries on those tables would queue behind it. Nothing was written. Fix: stop the app's connections (SOP §4 step 1: freeze writes), or end the sessions (SELECT pg_terminate_backend(<pid>)), then run the restore again`);
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
    const { client, check } = await connectRestoreTarget(options.production, { inputName: 'db-url', applicationName: 'backup-drill restore prepare' }, 'target kind');
    if (!client)
        return { ok: false, checks: [check] };
    try {
        // A read replica passes the identity check (same system_identifier): every write would fail.
        const writable = await writableCheck(client);
        if (writable)
            return { ok: false, checks: [writable] };
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
        const triggers = firingTriggerCheck(target);
        // Production is never loaded partly: a table whose data cannot go in stops the whole restore.
        if (skew?.status === 'fail' || triggers)
            return {
                ok: false,
                checks: [...(skew ? [skew] : []), ...(triggers ? [triggers] : [])],
                record
            };
        const checks = [pass('target kind', target.detail), ...(skew ? [skew] : [])];
        // Never DROP SCHEMA public (or any schema that exists), whatever the target's kind: --clean
        // would re-create it without its grants and default privileges (the dump carries none), and
        // every API role would lose USAGE on it.
        let listing = useListWithoutSchemas(await listArchive(pgRestore, archivePath, 'restore-failed'), await existingSchemas(client, manifest.scope.schemas));
        if (target.managedSchemas.length > 0) {
            const managed = managedRestoreListing(target, manifest, listing, true);
            if (managed.check?.status === 'fail')
                return { ok: false, checks: [...checks, managed.check], record };
            if (managed.check)
                checks.push(managed.check);
            listing = managed.listing;
        }
        // Before the first write (the TRUNCATE below, pg_restore): what --clean could not drop.
        const clean = await cleanDependencyCheck(client, listing, manifest.scope.schemas, manifest.inventory.functions, 'db-url');
        checks.push(clean.check);
        if (clean.check.status === 'fail')
            return { ok: false, checks, record };
        listing = clean.listing;
        // Sessions holding locks on the backup's tables would make its DROPs wait without end.
        const sessions = heldLocksCheck(await readHeldLocks(client, manifest.scope.schemas), 'db-url');
        checks.push(sessions);
        if (sessions.status === 'fail')
            return { ok: false, checks, record };
        if (target.managedSchemas.length > 0) {
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
                // Partition trees and NOT VALID domain constraints race in one parallel run.
                passes: needsRestorePasses(manifest.inventory),
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
 * db-url must take writes: a standby (a read replica shares the source's system_identifier, so
 * the identity check lets it through) or a database set read only would refuse every statement
 * of the restore. A failed check, before anything is tried; undefined when writable.
 */
async function writableCheck(client) {
    const state = await client.query(`SELECT pg_catalog.pg_is_in_recovery() AS standby,
            pg_catalog.current_setting('default_transaction_read_only') AS readonly`);
    const row = state.rows[0];
    if (row.standby)
        return fail('writable', 'restore-failed', "db-url reaches a standby (a read replica of the source): it takes no writes. Nothing was written. Fix: use the primary's connection string");
    if (row.readonly === 'on')
        return fail('writable', 'restore-failed', 'db-url opens read-only transactions (default_transaction_read_only = on, as a provider sets it when the disk is full): every statement of the restore would fail. Nothing was written. Fix: make the database writable again (free disk space, or ALTER DATABASE … SET default_transaction_read_only = off as its owner), then run the restore again');
    return undefined;
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
    if (restore?.status === 'skip' && restore.detail.startsWith('stopped before restoring')) {
        return '**Production was not touched:** the backup verified, but a check on production stopped the restore before its first write. Fix what the failed check names and run the restore again.';
    }
    if (!restore || restore.status === 'skip') {
        return '**Production was not touched:** the backup did not verify. Pick another restore point (an older backup run) and escalate.';
    }
    if (restore.status === 'fail') {
        return '**Production may be partially restored:** pg_restore failed. Keep writes frozen and escalate.';
    }
    return '**Production now holds the restored backup, but a check failed:** keep writes frozen, read the failed checks above and escalate.';
}

/**
 * From the first write into production until the restore's own log exists, a
 * run that stops — SIGINT/SIGTERM (a cancelled workflow) or a crash — still
 * leaves a restore log: production may be half restored, and whoever reopens
 * traffic must know. Registered with the cleanup registry, so the interrupt and
 * the error path both write it (after pg_restore is stopped: the registry undoes
 * newest first); `keep()` it once the normal log is written.
 */
function trackStoppedRestore(run) {
    return track(`restore log of the stopped restore into ${run.target}`, async () => {
        const signal = interruption();
        const why = signal ? `interrupted by ${signal}` : 'stopped by an error';
        const stopped = fail('restore', 'restore-failed', `${why} while writing production ${run.target}: it may be partly restored. Restore ${run.backup.name} again before reopening traffic.`);
        const seconds = (Date.now() - run.startedAt.getTime()) / 1000;
        await writeRunLog('restore', {
            logDir: run.logDir,
            startedAt: run.startedAt,
            located: run.backup,
            manifest: run.manifest,
            target: run.target,
            checks: [...run.checks, stopped],
            ...recoveryTimes(run.startedAt, seconds, run.manifest, run.limits),
            restoreErrors: [],
            differences: []
        }, restoreSummaryMarkdown);
    });
}

const RELATION_WORDS = {
    r: 'TABLE',
    p: 'TABLE',
    v: 'VIEW',
    m: 'MATERIALIZED VIEW',
    S: 'SEQUENCE',
    f: 'FOREIGN TABLE'
};
const EXPLODED = (acl) => `(SELECT coalesce(pg_catalog.array_agg(
    CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END
    || '|' || x.privilege_type || '|' || x.is_grantable ORDER BY 1), '{}')
  FROM pg_catalog.aclexplode(${acl}) x)`;
const NOT_EXTENSION_MEMBER = (classid, objid) => `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '${classid}'::pg_catalog.regclass
     AND e.objid = ${objid} AND e.deptype = 'e')`;
/** Reads the owners and grants of the relations, columns, routines and types in `schemas`. */
async function readPrivileges(client, schemas) {
    const saved = await client.query(`SELECT pg_catalog.current_setting('search_path') AS path, pg_catalog.set_config('search_path', '', false)`);
    try {
        const state = new Map();
        const relations = await client.query(`SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS name,
              c.relkind::text AS kind, pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(c.relowner)) AS owner,
              ${EXPLODED(`coalesce(c.relacl, pg_catalog.acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))`)} AS grants,
              (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                    AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i'))) AS follows
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND ${NOT_EXTENSION_MEMBER('pg_catalog.pg_class', 'c.oid')}`, [schemas]);
        for (const row of relations.rows) {
            const word = RELATION_WORDS[row.kind];
            const label = `${word.toLowerCase()} ${row.name}`;
            state.set(label, {
                label,
                grantOn: `${row.kind === 'S' ? 'SEQUENCE' : 'TABLE'} ${row.name}`,
                // An owned sequence follows its table's owner (ALTER SEQUENCE OWNER is refused).
                alterOwner: row.follows ? null : `${word} ${row.name}`,
                owner: row.owner,
                grants: row.grants
            });
        }
        const columns = await client.query(`SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS name,
              pg_catalog.quote_ident(a.attname) AS col, ${EXPLODED('a.attacl')} AS grants
         FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          -- Every column, with grants or not: one the restore does not bring back is then known gone.
          AND a.attnum > 0 AND NOT a.attisdropped
          AND ${NOT_EXTENSION_MEMBER('pg_catalog.pg_class', 'c.oid')}`, [schemas]);
        for (const row of columns.rows) {
            const label = `column ${row.name}.${row.col}`;
            state.set(label, {
                label,
                grantOn: `TABLE ${row.name}`,
                alterOwner: null,
                column: row.col,
                owner: null,
                grants: row.grants
            });
        }
        const routines = await client.query(`SELECT p.oid::pg_catalog.regprocedure::text AS name,
              pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(p.proowner)) AS owner,
              ${EXPLODED(`coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))`)} AS grants
         FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = ANY($1::text[])
          -- A range type's constructors go with their type.
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                            AND i.objid = p.oid AND i.deptype = 'i')
          AND ${NOT_EXTENSION_MEMBER('pg_catalog.pg_proc', 'p.oid')}`, [schemas]);
        for (const row of routines.rows) {
            const label = `routine ${row.name}`;
            state.set(label, {
                label,
                grantOn: `ROUTINE ${row.name}`,
                alterOwner: `ROUTINE ${row.name}`,
                owner: row.owner,
                grants: row.grants
            });
        }
        const types = await client.query(`SELECT pg_catalog.format_type(t.oid, NULL) AS name, t.typtype = 'd' AS domain,
              pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(t.typowner)) AS owner
         FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = ANY($1::text[]) AND t.typtype IN ('e', 'd', 'r', 'c')
          AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')
          AND ${NOT_EXTENSION_MEMBER('pg_catalog.pg_type', 't.oid')}`, [schemas]);
        for (const row of types.rows) {
            const label = `${row.domain ? 'domain' : 'type'} ${row.name}`;
            state.set(label, {
                label,
                grantOn: null,
                alterOwner: `${row.domain ? 'DOMAIN' : 'TYPE'} ${row.name}`,
                owner: row.owner,
                grants: []
            });
        }
        // Explicit members only: FOR ALL TABLES and FOR TABLES IN SCHEMA publications take a re-created table by themselves.
        const modern = Number((await client.query(`SELECT pg_catalog.current_setting('server_version_num') AS v`)).rows[0].v) >= 150000;
        const members = await client.query(`SELECT pg_catalog.quote_ident(p.pubname) AS pub,
              pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS name,
              ${modern
            ? `(SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
                       FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = ANY(pr.prattrs)) AS cols,
                     pg_catalog.pg_get_expr(pr.prqual, pr.prrelid) AS filter`
            : 'NULL::text AS cols, NULL::text AS filter'}
         FROM pg_catalog.pg_publication_rel pr JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid
         JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY($1::text[])`, [schemas]);
        for (const row of members.rows) {
            const label = `publication ${row.pub} table ${row.name}`;
            state.set(label, {
                label,
                grantOn: null,
                alterOwner: null,
                publicationAdd: `ALTER PUBLICATION ${row.pub} ADD TABLE ${row.name}${row.cols ? ` (${row.cols})` : ''}${row.filter ? ` WHERE (${row.filter})` : ''}`,
                owner: null,
                grants: []
            });
        }
        return state;
    }
    finally {
        await client.query(`SELECT pg_catalog.set_config('search_path', $1, false)`, [
            saved.rows[0].path
        ]);
    }
}
/** `grantee|privilege|grantable`, read from the right (a quoted role name may hold a `|`). */
function parseGrant(grant) {
    const last = grant.lastIndexOf('|');
    const middle = grant.lastIndexOf('|', last - 1);
    return {
        grantee: grant.slice(0, middle),
        privilege: grant.slice(middle + 1, last),
        grantable: grant.slice(last + 1) === 'true'
    };
}
const grantees = (grants) => [
    ...new Set(grants.map((g) => parseGrant(g).grantee))
];
const sameGrants = (a, b) => a.length === b.length && a.every((grant, i) => grant === b[i]);
/**
 * Pure: the statements that give the objects of `after` that `before` knows their owner and
 * grants from `before`: owners first (an owner change rewrites the grants), then each differing
 * object's grants revoked from everyone who holds some and granted as before.
 */
function privilegeStatements(before, after) {
    const owners = [];
    const grants = [];
    const relationExists = (grantOn) => [...after.values()].some((e) => !e.column && e.grantOn === grantOn);
    // Every object production had, and the columns the restore brought that it did not have.
    const labels = [
        ...before.keys(),
        ...[...after.keys()].filter((label) => label.startsWith('column ') && !before.has(label))
    ];
    for (const label of labels) {
        const was = before.get(label);
        const now = after.get(label);
        if (was?.publicationAdd) {
            const table = label.slice(label.indexOf(' table ') + ' table '.length);
            if (!now && relationExists(`TABLE ${table}`))
                owners.push(was.publicationAdd);
            continue;
        }
        const expected = was ?? { ...now, grants: [] };
        // Gone since (a column production added after the backup): nothing to give grants to.
        const current = now;
        if (!current)
            continue;
        const ownerChanges = Boolean(current.alterOwner && expected.owner && current.owner !== expected.owner);
        if (ownerChanges)
            owners.push(`ALTER ${current.alterOwner} OWNER TO ${expected.owner}`);
        if (!current.grantOn)
            continue;
        // An owner change rewrites the old owner's grants: then they are always given again.
        if (!ownerChanges && sameGrants(current.grants, expected.grants))
            continue;
        const columns = current.column ? ` (${current.column})` : '';
        const holders = grantees([...current.grants, ...expected.grants, 'PUBLIC|-|-']);
        if (current.owner && !current.column && !holders.includes(current.owner))
            holders.push(current.owner);
        grants.push(`REVOKE ALL${columns} ON ${current.grantOn} FROM ${holders.join(', ')}`);
        // One GRANT per grantee and grant option: `GRANT SELECT, INSERT ON TABLE t TO r`.
        const byGrantee = new Map();
        for (const grant of expected.grants) {
            const { grantee, privilege, grantable } = parseGrant(grant);
            const key = `${grantable}\u0000${grantee}`;
            const entry = byGrantee.get(key) ?? { grantee, grantable, privileges: [] };
            entry.privileges.push(`${privilege}${columns}`);
            byGrantee.set(key, entry);
        }
        for (const { grantee, grantable, privileges } of byGrantee.values()) {
            grants.push(`GRANT ${privileges.join(', ')} ON ${current.grantOn} TO ${grantee}${grantable ? ' WITH GRANT OPTION' : ''}`);
        }
    }
    return [...owners, ...grants];
}
/** What still differs between `before` and `after` for the objects both hold, one line each. */
function privilegeDifferences(before, after) {
    const lines = [];
    for (const [label, was] of before) {
        if (was.publicationAdd) {
            if (!after.has(label))
                lines.push(`${label}: a member, now not`);
            continue;
        }
        // Gone since the restore replaced its table with the backup's (a column added after it).
        const now = after.get(label);
        if (!now)
            continue;
        if (was.owner !== now.owner)
            lines.push(`${label}: owner ${was.owner}, now ${now.owner}`);
        if (!sameGrants(was.grants, now.grants))
            lines.push(`${label}: grants ${was.grants.join(' ') || 'none'}, now ${now.grants.join(' ') || 'none'}`);
    }
    for (const [label, now] of after)
        if (now.column && !before.has(label) && now.grants.length)
            lines.push(`${label}: grants none, now ${now.grants.join(' ')}`);
    return lines;
}
/**
 * After the load: gives the re-created objects production's owners and grants from `before`
 * (each statement logged and recorded), then proves them equal. A check `privileges`.
 */
async function restorePrivileges(target, inputName, before, schemas, preparations, logger) {
    let client;
    try {
        client = await connect(target, { inputName, applicationName: 'backup-drill privileges' });
        const statements = privilegeStatements(before, await readPrivileges(client, schemas));
        const problems = [];
        for (const statement of statements) {
            try {
                await client.query(statement);
                logger.info(statement);
                preparations.push(statement);
            }
            catch (error) {
                problems.push(`${statement}: ${errorMessage(error)}`);
            }
        }
        const left = privilegeDifferences(before, await readPrivileges(client, schemas));
        if (problems.length || left.length)
            return fail('privileges', 'restore-failed', `production's owners and grants could not all be put back (the backup holds none: pg_dump --no-owner --no-privileges): ${[...problems, ...left].slice(0, 10).join('; ')}${problems.length + left.length > 10 ? `; and ${problems.length + left.length - 10} more` : ''}. Fix: run the statements as the objects' owner or a superuser`);
        return pass('privileges', `${before.size} objects keep production's owners and grants (${statements.length} statement(s) put them back after --clean re-created them)`);
    }
    catch (error) {
        return fail('privileges', 'restore-failed', errorMessage(error));
    }
    finally {
        await client?.end().catch(() => undefined);
    }
}

/** The SOP's targets: reported for the incident record, not escalated (the restore itself worked). */
const SOP_RPO_HOURS = 24;
const SOP_RTO_MINUTES = 60;
const SOP_LIMITS = { rpoHours: SOP_RPO_HOURS, rtoMinutes: SOP_RTO_MINUTES };
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
    // Set once production is being written: writes a log if the run stops before its own.
    let stopped;
    const target = options.production.location;
    // The log is written last: a folder it cannot go to must stop before production is touched.
    await assertWritableFolder('log-dir', options.logDir);
    const notTouched = [
        skip('restore', 'the backup did not verify: production was not touched'),
        skip('validation', 'nothing was restored'),
        skip('smoke', 'nothing was restored')
    ];
    // A check about the target (its kind, what depends on the backup, sessions) stopped it.
    const stoppedBeforeRestore = [
        skip('restore', "stopped before restoring (see the failed check): production's data was not touched"),
        ...notTouched.slice(1)
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
        prepareTarget: async ({ name, origin, manifest, pgRestore, archivePath }) => {
            // Connects (read only) and proves db-url is the backup's source before anything is written.
            const checks = [await proveRestoreTarget(options, manifest, logger)];
            // The table of contents read at verify says nothing about the data blocks:
            // read them all before anything in production is dropped.
            checks.push(await logger.group('Read the whole archive', () => readWholeArchive(pgRestore, archivePath)));
            if (checks.some((c) => c.status === 'fail'))
                return { checks: [...checks, ...notTouched] };
            // Read only, before the first write: the owners and grants --no-owner would lose.
            let before;
            try {
                before = await readTargetPrivileges(options, manifest);
            }
            catch (error) {
                return {
                    checks: [
                        ...checks,
                        fail('privileges', 'restore-failed', errorMessage(error)),
                        ...notTouched
                    ]
                };
            }
            logger.warning(`Overwriting ${target} with ${name}`, {
                title: 'Production restore'
            });
            stopped = trackStoppedRestore({
                logDir: options.logDir,
                startedAt,
                backup: { name, origin },
                manifest,
                target,
                checks: [pass('confirm', 'confirm names the target db-url overwrites'), ...checks],
                limits: SOP_LIMITS
            });
            // Its kind decides what is restored how; version skew that blocks data stops it here, untouched.
            const prepared = await logger.group('Target kind', () => prepareProductionTarget(options, manifest, pgRestore, archivePath, logger));
            checks.push(...prepared.checks);
            if (!prepared.ok)
                return {
                    checks: [...checks, ...stoppedBeforeRestore],
                    ...(prepared.record ? { record: prepared.record } : {})
                };
            const { mode } = prepared;
            const preparations = (prepared.record.preparations ??= []);
            return {
                checks,
                record: prepared.record,
                restore: {
                    // Production is meant to be non-empty: its objects are dropped and re-created.
                    mode,
                    title: `Restore into production ${target} (pg_restore --clean --if-exists -j ${options.jobs}: production is meant to be non-empty${mode.serialData ? '; one job, platform tables in reference order' : mode.passes ? "; section by section, the re-created tables' foreign keys dropped first" : ''}${mode.replica ? '; platform tables data only, session_replication_role = replica' : ''})`,
                    acceptedDifference: prepared.acceptedDifference,
                    // --clean re-created the tables without grants: give the API roles what the source
                    // gave them and the target's default privileges did not (all of it on a plain PostgreSQL).
                    // Then production's own owners and grants on what --clean re-created (privileges.ts).
                    afterLoad: async () => [
                        ...(await finishApiGrants(options.production, 'db-url', manifest, preparations, logger, prepared.record.targetKind?.managedSchemas ?? [])),
                        await logger.group("Production's owners and grants", () => restorePrivileges(options.production, 'db-url', before, manifest.scope.schemas, preparations, logger))
                    ]
                }
            };
        },
        // The same proofs as the drill, read only: production is proven to hold every
        // extension and large object, and to show each API principal what it showed.
        proofSteps: [
            (target, manifest) => checkExtensionsAndLargeObjects(target, manifest, 'db-url'),
            rlsProofStep(logger, 'db-url')
        ],
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
    const times = recoveryTimes(startedAt, restoreSeconds, proved.manifest, SOP_LIMITS);
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
    // The run's own log exists: the stopped-restore log is not needed.
    stopped?.keep();
    return { ...written, dataLossHours: times.rpo.hours, restoreSeconds };
}
/** A backup of another project must never overwrite this one's production. */
function refuseOtherProject(options, manifest) {
    if (manifest.projectRef !== 'local' && manifest.projectRef !== options.projectRef) {
        throw new InputError('project-ref', `the backup ${manifest.id} was taken from another project than project-ref: pick a backup of this project. Nothing was touched.`);
    }
}
/** Production's owners and grants in the backup's schemas, read before anything is written. */
async function readTargetPrivileges(options, manifest) {
    const client = await connect(options.production, {
        inputName: 'db-url',
        applicationName: 'backup-drill privileges'
    });
    try {
        return await readPrivileges(client, manifest.scope.schemas);
    }
    finally {
        await client.end().catch(() => undefined);
    }
}

export { RESTORE_INPUTS as R, RESTORE_INPUT_SPECS as a, parseRestoreOptions as p, runRestore as r };

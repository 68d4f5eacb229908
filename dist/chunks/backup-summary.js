import { createHash } from 'node:crypto';
import { readdir, writeFile, link, unlink, rename, rm, mkdir } from 'node:fs/promises';
import { join, resolve, basename, dirname } from 'node:path';
import { q as prepareInspectionSession, o as owningRelationSql, v as listTables, w as matchesPattern, t as tableKey, x as listArchiveFromStream, y as collectStderrTail, z as quoteTable, A as outOfRecreatedOrder, B as assertCompressSupported, C as findPgTool, f as findExactPgTool, b as assertToolMajor, D as assertListingHasTables, E as unreadable, c as checkArchive, F as inspectDatabase, G as inspectColumnOrders, a as sourceLocation } from './source.js';
import { I as InputError, E as EscalationError, e as errorMessage } from './_commonjsHelpers.js';
import { f as fileSystemCause, a as assertWritableFolder, r as round3 } from './file-system.js';
import { E as ENCRYPTED_DUMP_EXTENSION, D as DUMP_EXTENSION, C as CHECKSUM_EXTENSION, M as MANIFEST_EXTENSION, b as backupSetName, d as checksumFileText } from './backup-set.js';
import { e as createEncryptingTransform, c as createProgressReporter, g as ownerText, n as newOwner, r as readOwner, i as isAbandoned, f as formatBytes, m as manifestSchema, T as TOOL_VERSION, M as MANIFEST_FORMAT_VERSION, b as formatDuration } from './notice-inputs.js';
import { a as connectOrEscalate, r as readServerIdentity, d as describeIdentity, t as tablesReferencingLargeObjects, b as recordRlsProof, e as inspectExtensions, f as inspectLargeObjects } from './rls-probe.js';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { Transform, PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { J as libpqTool, K as trackChild, I as track, L as trackFile, C as withCleanup } from './heartbeat.js';
import { m as maskSecrets } from './secrets.js';
import { l as listKeys } from './s3-listing.js';
import { j as command, aq as HeadObject$, ar as _mw8, as as _ep0, at as ListMultipartUploads$, _ as _mw0, k as _ep8, i as basePrefix, g as describeS3Store, s as setObjectKey } from './s3-config.js';
import { s3Failure } from './s3-errors.js';
import { A as AbortMultipartUploadCommand, D as DeleteObjectCommand, P as PutObjectCommand, a as deleteObject, u as uploadStream, p as putSmallObject } from './s3-objects.js';
import { r as rulesShortOf, a as retentionNeeds, d as describeNeeds } from './needs.js';
import { D as DEFAULT_RETENTION_POLICY, d as describePolicy } from './policy.js';
import { r as repositoryRetentionLimit, a as artifactRetentionFix } from './artifact-retention.js';

/**
 * Reads what objects in `schemas` depend on, from pg_depend (one query) and the policies' roles
 * (one query), keeping only rows that may leave the scope: needs in other schemas, outside any
 * schema (access methods, extensions), of an extension, or on the `excluded` tables (`schema.name`
 * of tables in the schemas that the scope leaves out). `dependencyFindings` decides the rest.
 * Built-in objects (oid below 16384) are never a need. Needs inside the scope are dropped before
 * any object is described, which keeps this fast on schemas with thousands of tables.
 */
async function readDependencies(client, schemas, excluded) {
    // An empty search_path makes pg_describe_object qualify every name, as the manifest needs.
    await prepareInspectionSession(client);
    const deps = await client.query(`WITH scope AS (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[])),
     dep AS MATERIALIZED (
       SELECT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid,
              ${owningRelationSql('d.classid', 'd.objid')} AS relid
         FROM pg_catalog.pg_depend d
         LEFT JOIN pg_catalog.pg_class rc0
                ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND rc0.oid = d.refobjid
         LEFT JOIN pg_catalog.pg_proc rp0
                ON d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND rp0.oid = d.refobjid
         LEFT JOIN pg_catalog.pg_type rt0
                ON d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND rt0.oid = d.refobjid
        WHERE d.deptype IN ('n', 'a') AND d.objid >= 16384 AND d.refobjid >= 16384
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = d.classid
                            AND e.objid = d.objid AND e.deptype = 'e')
          -- Needs inside the scope are dropped before anything is described: relations in its
          -- schemas (but the tables it leaves out), the schemas themselves, their types and
          -- functions (extension members in them too: those extensions are the drill's to create).
          AND (coalesce(rc0.relnamespace, rp0.pronamespace, rt0.typnamespace,
                        CASE WHEN d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass THEN d.refobjid END)
                 NOT IN (SELECT oid FROM scope)
               OR coalesce(rc0.relnamespace, rp0.pronamespace, rt0.typnamespace,
                        CASE WHEN d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass THEN d.refobjid END) IS NULL
               OR (rc0.relkind IN ('r', 'p')
                   AND (SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.oid = rc0.relnamespace)
                       || '.' || rc0.relname = ANY($2::text[])))
          -- A partition's copy of its parent's constraint is not dumped: the parent's is reported.
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE d.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
                            AND c.oid = d.objid AND c.conparentid <> 0)
     ), described AS (
       -- pg_identify_object quotes names where needed; parse_ident gives the name as stored.
       SELECT dep.*, (pg_catalog.parse_ident(dobj.schema))[1] AS dependent_schema, robj.type AS referenced_type,
              robj.identity AS referenced_identity,
              CASE WHEN dep.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                   THEN (SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.oid = dep.refobjid)
                   ELSE (pg_catalog.parse_ident(robj.schema))[1] END AS referenced_schema
         FROM dep
        CROSS JOIN LATERAL pg_catalog.pg_identify_object(dep.classid, dep.objid, dep.objsubid) dobj
        CROSS JOIN LATERAL pg_catalog.pg_identify_object(dep.refclassid, dep.refobjid, 0) robj
     )
     SELECT CASE WHEN s.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                 THEN pg_catalog.pg_describe_object('pg_catalog.pg_class'::pg_catalog.regclass, s.relid, 0)
                 ELSE pg_catalog.pg_describe_object(s.classid, s.objid, s.objsubid) END AS dependent,
            CASE WHEN rc.relkind IN ('r', 'p') THEN rn.nspname || '.' || rc.relname END AS dependent_table,
            pg_catalog.pg_describe_object(s.refclassid, s.refobjid, s.refobjsubid) AS referenced,
            s.referenced_type, s.referenced_identity, s.referenced_schema,
            CASE WHEN refc.relkind IN ('r', 'p') THEN refn.nspname || '.' || refc.relname END AS referenced_table,
            ext.extname AS extension, extn.nspname AS extension_schema
       FROM described s
       LEFT JOIN pg_catalog.pg_class rc ON rc.oid = s.relid
       LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
       LEFT JOIN pg_catalog.pg_class refc
              ON s.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND refc.oid = s.refobjid
       LEFT JOIN pg_catalog.pg_namespace refn ON refn.oid = refc.relnamespace
       LEFT JOIN pg_catalog.pg_depend e ON e.classid = s.refclassid AND e.objid = s.refobjid AND e.deptype = 'e'
       LEFT JOIN pg_catalog.pg_extension ext ON ext.oid = e.refobjid
       LEFT JOIN pg_catalog.pg_namespace extn ON extn.oid = ext.extnamespace
      WHERE coalesce(rn.nspname, s.dependent_schema) = ANY($1::text[])
        AND (s.referenced_schema IS NULL OR NOT s.referenced_schema = ANY($1::text[]) OR ext.oid IS NOT NULL
             OR (refc.relkind IN ('r', 'p') AND (refn.nspname || '.' || refc.relname) = ANY($2::text[])))
      ORDER BY 1, 3`, [schemas, excluded]);
    const roles = await client.query(`SELECT pg_catalog.pg_describe_object('pg_catalog.pg_policy'::pg_catalog.regclass, p.oid, 0) AS policy,
            n.nspname || '.' || c.relname AS table, r.rolname AS role
       FROM pg_catalog.pg_policy p
       JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      CROSS JOIN LATERAL pg_catalog.unnest(p.polroles) AS pr(oid)
       JOIN pg_catalog.pg_roles r ON r.oid = pr.oid
      WHERE n.nspname = ANY($1::text[]) AND pr.oid >= 16384
      ORDER BY 1, 3`, [schemas]);
    return {
        rows: deps.rows.map((row) => ({
            dependent: row.dependent,
            dependentTable: row.dependent_table,
            referenced: row.referenced,
            referencedType: row.referenced_type,
            referencedIdentity: row.referenced_identity,
            referencedSchema: row.referenced_schema,
            referencedTable: row.referenced_table,
            extension: row.extension !== null && row.extension_schema !== null
                ? { name: row.extension, schema: row.extension_schema }
                : null
        })),
        roles: roles.rows
    };
}

/**
 * What objects in a backup's scope need from outside it, as findings a person can act on. Pure:
 * `src/postgres/dependencies.ts` reads the catalog rows; this module decides what leaves the scope,
 * names the object, what it needs and the fix. The backup warns with these findings and records
 * them in the manifest; the drill checks the target for each need and attributes restore errors.
 */
/** Every need that leaves the scope, once per object and need, in a stable order. */
function dependencyFindings(rows, roles, scope) {
    const schemas = new Set(scope.schemas);
    const tables = new Set(scope.tables);
    const findings = new Map();
    const add = (finding) => findings.set(`${finding.object}\0${finding.needs}`, finding);
    for (const row of rows) {
        // Objects of a table the scope leaves out are not dumped: their needs do not matter.
        if (row.dependentTable !== null && !isInScope(row.dependentTable, schemas, tables))
            continue;
        const finding = classify(row, schemas, tables);
        if (finding)
            add(finding);
    }
    for (const row of roles) {
        if (!tables.has(row.table))
            continue;
        add({
            kind: 'role',
            object: row.policy,
            needs: `role ${row.role}`,
            requirement: `role ${row.role}`,
            probe: { kind: 'role', name: row.role },
            fix: `prepare the target: CREATE ROLE ${quoteIdent(row.role)} (roles are cluster-wide and never in a dump; a Supabase project has anon, authenticated and service_role)`
        });
    }
    return [...findings.values()].sort((a, b) => a.requirement.localeCompare(b.requirement) ||
        a.needs.localeCompare(b.needs) ||
        a.object.localeCompare(b.object));
}
function classify(row, schemas, tables) {
    const base = { object: row.dependent };
    if (row.extension) {
        // Extensions installed in a schema of the scope are the drill's to create (manifest `extensions`).
        if (schemas.has(row.extension.schema))
            return undefined;
        const { name, schema } = row.extension;
        return {
            ...base,
            kind: 'extension',
            needs: row.referenced,
            requirement: `extension ${name} in schema ${schema}`,
            probe: { kind: 'extension', name },
            fix: `prepare the target: CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)} WITH SCHEMA ${quoteIdent(schema)} (a --schema dump never creates extensions)`
        };
    }
    if (row.referencedType === 'access method') {
        return {
            ...base,
            kind: 'access-method',
            needs: row.referenced,
            requirement: row.referenced,
            probe: { kind: 'access-method', name: row.referencedIdentity },
            fix: `prepare the target with ${row.referenced} (access methods belong to the database, not to a schema, so no --schema dump carries them)`
        };
    }
    if (row.referencedSchema !== null && !schemas.has(row.referencedSchema)) {
        return {
            ...base,
            kind: 'schema',
            needs: row.referenced,
            requirement: `schema ${row.referencedSchema}`,
            probe: probeFor(row),
            fix: `add ${row.referencedSchema} to schemas, or restore into a target that already holds what these objects need from it`
        };
    }
    if (row.referencedTable !== null && !tables.has(row.referencedTable)) {
        return {
            ...base,
            kind: 'table',
            needs: row.referenced,
            requirement: `table ${row.referencedTable} (left out by tables / exclude-tables)`,
            probe: { kind: 'relation', name: row.referencedTable },
            fix: `include ${row.referencedTable} in the backup (tables / exclude-tables), or restore into a target that already holds it`
        };
    }
    return undefined;
}
function probeFor(row) {
    if (row.referencedType === 'schema')
        return { kind: 'schema', name: row.referencedIdentity };
    if (row.referencedType === 'function')
        return { kind: 'function', name: row.referencedIdentity };
    if (row.referencedType === 'type')
        return { kind: 'type', name: row.referencedIdentity };
    if (row.referencedTable !== null)
        return { kind: 'relation', name: row.referencedTable };
    return { kind: 'object', name: row.referenced };
}
function isInScope(table, schemas, tables) {
    return tables.has(table) || !schemas.has(table.slice(0, table.indexOf('.')));
}
/**
 * One warning per requirement, naming every object that needs it and the fix, e.g. `Needs extension
 * uuid-ossp in schema extensions, outside the backup's scope, for: default value for column id of
 * table public.t (function extensions.uuid_generate_v4()). A restore into a target without it fails
 * on this object. Fix: prepare the target: CREATE EXTENSION ...`.
 */
function dependencyWarnings(findings) {
    const byRequirement = new Map();
    for (const finding of findings)
        byRequirement.set(finding.requirement, [
            ...(byRequirement.get(finding.requirement) ?? []),
            finding
        ]);
    return [...byRequirement.entries()].map(([requirement, group]) => {
        const objects = group.map((f) => f.needs === requirement ? f.object : `${f.object} (${f.needs})`);
        const shown = objects.slice(0, 5).join('; ') +
            (objects.length > 5 ? `; and ${objects.length - 5} more` : '');
        const count = objects.length === 1 ? 'this object' : `these ${objects.length} objects`;
        return `Needs ${requirement}, outside the backup's scope, for: ${shown}. A restore into a target without it fails on ${count}. Fix: ${group[0].fix}.`;
    });
}
const quoteIdent = (name) => /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;

/**
 * Reads server version and role, resolves the scope to concrete tables, and
 * collects the warnings a person must see before trusting the backup.
 * Unknown schemas and patterns that match nothing are bad input.
 */
async function preflight(client, scope) {
    // pg_dump would dump system catalogs as if they were user tables, and no
    // restore can load them: refuse before anything runs. (pg_* names are reserved.)
    const system = scope.schemas.filter((schema) => /^pg_/i.test(schema) || schema === 'information_schema');
    if (system.length > 0) {
        throw new InputError('schemas', `${system.map((s) => `"${s}"`).join(', ')} is a system schema and cannot be backed up: list your own schemas (e.g. public,auth)`);
    }
    const info = await client.query(`SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num,
            current_user AS role, (r.rolsuper OR r.rolbypassrls) AS bypass
       FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`);
    const row = info.rows[0];
    if (!row)
        throw new Error('cannot read the current role from pg_roles');
    const serverMajor = Math.floor(Number(row.num) / 10000);
    const existing = await client.query(`SELECT nspname AS name FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[])`, [scope.schemas]);
    const found = new Set(existing.rows.map((r) => r.name));
    const missing = scope.schemas.filter((schema) => !found.has(schema));
    if (missing.length > 0) {
        throw new InputError('schemas', `schema ${missing.map((s) => `"${s}"`).join(', ')} does not exist on the server: check the spelling (names are case-sensitive)`);
    }
    for (const pattern of scope.tables) {
        if (!scope.schemas.includes(pattern.schema)) {
            throw new InputError('tables', `"${pattern.text}" is in schema "${pattern.schema}", which is not in schemas (${scope.schemas.join(',')}): add it to schemas`);
        }
    }
    const all = await listTables(client, scope.schemas);
    const included = (table) => (scope.tables.length === 0 ||
        scope.tables.some((p) => matchesPattern(p, table.schema, table.name))) &&
        !scope.excludeTables.some((p) => matchesPattern(p, table.schema, table.name));
    for (const pattern of scope.tables) {
        if (!all.some((t) => matchesPattern(pattern, t.schema, t.name))) {
            throw new InputError('tables', `"${pattern.text}" matches no table in schemas ${scope.schemas.join(',')}: check the name (case-sensitive)`);
        }
    }
    const tables = all.filter(included);
    const excluded = all.filter((t) => !included(t));
    const warnings = [];
    if (tables.length === 0)
        warnings.push(`No tables in scope (schemas ${scope.schemas.join(',')}): the backup holds only definitions.`);
    const rlsTables = tables.filter((t) => t.rlsEnabled);
    if (!row.bypass && rlsTables.length > 0) {
        warnings.push(`Role "${row.role}" lacks BYPASSRLS and ${rlsTables.length} table(s) in scope have row-level security (${rlsTables.slice(0, 5).map(tableKey).join(', ')}${rlsTables.length > 5 ? ', ...' : ''}): pg_dump fails on tables whose policies would hide rows from it. Use the postgres role (Supabase) or a role with BYPASSRLS.`);
    }
    // What the scope needs from outside it (foreign keys, functions, types, roles, ...): see dependency-findings.ts.
    const { rows, roles } = await readDependencies(client, scope.schemas, excluded.map(tableKey));
    const dependencies = dependencyFindings(rows, roles, {
        schemas: scope.schemas,
        tables: tables.map(tableKey)
    });
    warnings.push(...dependencyWarnings(dependencies));
    return {
        serverVersion: row.version,
        serverMajor,
        role: row.role,
        bypassesRls: row.bypass,
        tables: tables.map(({ schema, name }) => ({ schema, name })),
        excluded: excluded.map(({ schema, name }) => ({ schema, name })),
        dependencies,
        warnings
    };
}

/** The application_name pg_dump connects with (lets people and tests find its backend). */
const PG_DUMP_APPLICATION_NAME = 'backup-drill pg_dump';
/** The pg_dump arguments for a scope: whole schemas minus the excluded tables (keeps types and functions). */
function pgDumpArguments(options, dbnameArg, pgDumpMajor) {
    return [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        `--snapshot=${options.snapshot}`,
        // Milliseconds: without it, DDL queued behind the backup's own locks would make pg_dump wait forever.
        `--lock-wait-timeout=${Math.round(options.lockTimeoutSeconds * 1000)}`,
        ...(options.compress ? [`--compress=${options.compress}`] : []),
        // With --schema, pg_dump leaves large objects out unless asked; the flag was renamed in 16.
        ...(options.largeObjects ? [pgDumpMajor >= 16 ? '--large-objects' : '--blobs'] : []),
        // Double quotes make pg_dump take names literally and case-sensitively.
        ...options.schemas.map((schema) => `--schema="${schema.replaceAll('"', '""')}"`),
        ...options.excluded.map((table) => `--exclude-table=${quoteTable(table)}`),
        `--dbname=${dbnameArg}`
    ];
}
/**
 * Runs pg_dump to stdout and streams it to `destination`, hashing on the way:
 * one pass over the bytes, no second read. The file is fsynced before the
 * promise resolves. On any failure the partial file is left for the caller to
 * remove (it owns the set's cleanup).
 */
async function dumpToFile(options) {
    // flush: fsync before close, so a backup that reports success is on disk.
    const sink = createWriteStream(options.destination, { flags: 'wx', mode: 0o600, flush: true });
    return dumpToSink(options, {
        stream: sink,
        stored: Promise.resolve(),
        description: options.destination
    });
}
/** How long a failed dump waits for the sink's own verdict (an upload aborting its parts). */
const SINK_VERDICT_WAIT_MS = 10_000;
/** Resolves when `promise` settles, or after `ms`, whichever comes first; never rejects. */
async function settledWithin(promise, ms) {
    let timer;
    await Promise.race([
        promise.then(() => undefined, () => undefined),
        new Promise((resolve) => {
            timer = setTimeout(resolve, ms);
        })
    ]);
    clearTimeout(timer);
}
/**
 * Runs pg_dump to stdout and streams it (hashed, optionally encrypted and
 * listed on the way) into `sink`: a file, or a bucket's multipart upload, so
 * the dump never needs local disk. Resolves once the sink reports the bytes stored.
 */
async function dumpToSink(options, sink) {
    const started = performance.now();
    // Exactly the resolved target: no inherited PG* variable can redirect pg_dump.
    const connection = libpqTool(options.db, { PGAPPNAME: PG_DUMP_APPLICATION_NAME });
    // Everything that can wait happens before pg_dump starts: Node discards a child's stdout
    // that nothing reads when the child exits, so a small database dumped during an await
    // here (the age header for many recipients) came back as an empty archive.
    const encrypting = options.encryption
        ? await createEncryptingTransform(options.encryption.recipients)
        : undefined;
    const progress = createProgressReporter(options.logger, 'pg_dump');
    const stored = hashingTap({ onChunk: (bytes) => progress.add(bytes) });
    let plaintext;
    const stages = [];
    let listing;
    if (options.encryption && encrypting) {
        const lister = listArchiveFromStream(options.encryption.pgRestore);
        listing = lister.listing;
        plaintext = { tap: hashingTap({ copyTo: lister.input }), listing: lister.listing };
        stages.push(plaintext.tap.stream, encrypting);
    }
    else if (options.listWith) {
        const lister = listArchiveFromStream(options.listWith);
        listing = lister.listing;
        stages.push(hashingTap({ copyTo: lister.input }).stream);
    }
    stages.push(stored.stream);
    // From here to the pipeline below nothing awaits: pg_dump's stdout is read from its first byte.
    const child = spawn(options.pgDump.path, pgDumpArguments(options, connection.dbnameArg, options.pgDump.major), {
        env: connection.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        signal: options.signal
    });
    trackChild(child);
    const stderr = collectStderrTail(child.stderr);
    const exited = new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code) => resolve(code));
    });
    exited.catch(() => undefined); // observed below; avoid an unhandled rejection meanwhile
    // The sink's own failure (an upload refused) is the cause; pg_dump dying of the broken pipe is its consequence.
    let sinkFailure;
    sink.stored.catch((error) => (sinkFailure ??= error));
    try {
        const [streamed, code] = await Promise.allSettled([
            pipeline([child.stdout, ...stages, sink.stream]).then(() => sink.stored),
            exited
        ]);
        // An upload reports its failure once its abort is done, which can be after the pipeline broke
        // and pg_dump died of it: give the sink a moment to say so before judging what went wrong.
        if (streamed.status === 'rejected' || code.status === 'rejected' || code.value !== 0)
            await settledWithin(sink.stored, SINK_VERDICT_WAIT_MS);
        // A file the dump cannot be written to (full disk, read-only) is the cause;
        // pg_dump's exit (killed by the broken pipe) is only its consequence.
        const writeCause = streamed.status === 'rejected' ? fileSystemCause(streamed.reason) : undefined;
        if (sinkFailure !== undefined)
            throw new EscalationError('backup-failed', `cannot store ${sink.description}: ${errorMessage(sinkFailure)}`);
        if (writeCause) {
            throw new EscalationError('backup-failed', `cannot write ${sink.description}: ${writeCause}`);
        }
        if (code.status === 'rejected' || code.value !== 0) {
            const locked = /LOCK TABLE (\S+) IN ACCESS SHARE MODE/.exec(stderr())?.[1];
            if (locked)
                throw new EscalationError('backup-failed', `table ${locked} is locked by another session: pg_dump waited lock-timeout (${options.lockTimeoutSeconds} s) for it; find the session holding it in pg_locks / pg_stat_activity, then retry`);
            const why = code.status === 'rejected' ? String(code.reason) : `exited with code ${code.value}`;
            throw new EscalationError('backup-failed', `pg_dump ${why}: ${maskSecrets(stderr().trim()) || 'no error output'}`);
        }
        if (streamed.status === 'rejected')
            throw streamed.reason;
    }
    finally {
        progress.finish();
    }
    return {
        ...stored.result(),
        seconds: (performance.now() - started) / 1000,
        ...(plaintext ? { plaintext: { ...plaintext.tap.result(), listing: plaintext.listing } } : {}),
        ...(listing ? { listing } : {})
    };
}
/**
 * A pass-through stage that hashes and counts what flows through it, and
 * optionally copies it into `copyTo` (respecting its backpressure) until that
 * stream closes: pg_restore --list stops reading after the table of contents.
 */
function hashingTap(options) {
    const { copyTo, onChunk } = options;
    const hash = createHash('sha256');
    let sizeBytes = 0;
    let copying = copyTo !== undefined;
    copyTo?.once('close', () => (copying = false));
    copyTo?.on('error', () => (copying = false));
    const stream = new Transform({
        transform(chunk, _encoding, callback) {
            hash.update(chunk);
            sizeBytes += chunk.length;
            onChunk?.(chunk.length);
            if (!copying || copyTo.write(chunk))
                return callback(null, chunk);
            let resumed = false;
            const resume = () => {
                if (resumed)
                    return;
                resumed = true;
                copyTo.off('drain', resume);
                copyTo.off('close', resume);
                callback(null, chunk);
            };
            copyTo.once('drain', resume);
            copyTo.once('close', resume);
        },
        flush(callback) {
            if (copying)
                copyTo.end();
            callback();
        }
    });
    return { stream, result: () => ({ sha256: hash.digest('hex'), sizeBytes }) };
}

class HeadObjectCommand extends command(_ep0, _mw8, "HeadObject", HeadObject$) {
}

class ListMultipartUploadsCommand extends command(_ep8, _mw0, "ListMultipartUploads", ListMultipartUploads$) {
}

/**
 * How old an open multipart upload must be before a backup aborts it as left
 * behind: longer than any backup runs (GitHub-hosted jobs stop at 6 hours), so
 * a backup running elsewhere at the same time is never cut off.
 */
const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;
/**
 * Aborts the multipart uploads under the store's prefix that were started
 * more than `olderThanMs` ago: what a backup killed outright (SIGKILL, a lost
 * runner) left open. Their parts cost storage but never formed a set (no
 * manifest). Returns the keys. A service that does not list uploads is not
 * an error of the backup (the bucket's lifecycle rule AbortIncompleteMultipartUpload
 * is the backstop): nothing is swept then.
 */
async function sweepStaleUploads(client, config, options = {}) {
    const cutoff = (options.now ?? new Date()).getTime() - (options.olderThanMs ?? STALE_UPLOAD_MS);
    const aborted = [];
    let keyMarker;
    let uploadIdMarker;
    for (;;) {
        const page = await client
            .send(new ListMultipartUploadsCommand({
            Bucket: config.bucket,
            Prefix: basePrefix(config),
            ...(keyMarker ? { KeyMarker: keyMarker } : {}),
            ...(uploadIdMarker ? { UploadIdMarker: uploadIdMarker } : {})
        }))
            .catch((error) => {
            const failure = s3Failure(error, 'Could not list open uploads', config);
            if (failure.kind === 'service')
                return undefined;
            throw failure;
        });
        if (!page)
            return aborted;
        for (const upload of page.Uploads ?? []) {
            if (!upload.Key || !upload.UploadId || !upload.Initiated)
                continue;
            if (upload.Initiated.getTime() > cutoff)
                continue;
            await client
                .send(new AbortMultipartUploadCommand({
                Bucket: config.bucket,
                Key: upload.Key,
                UploadId: upload.UploadId
            }))
                .catch((error) => {
                throw s3Failure(error, `Could not abort the upload of ${upload.Key}`, config);
            });
            aborted.push(upload.Key);
        }
        if (!page.IsTruncated || !page.NextKeyMarker)
            return aborted;
        keyMarker = page.NextKeyMarker;
        uploadIdMarker = page.NextUploadIdMarker;
    }
}

/**
 * A set name is claimed in a bucket before any object of the set is written,
 * by a conditional PutObject (`If-None-Match: *`, honoured by AWS S3 since
 * 2024, MinIO and R2) of `<prefix>/<set-name>/<set-name>.claim`: of two
 * backups that pick the same name (same prefix, same second), the service
 * stores the claim of one and answers the other 412 PreconditionFailed (or
 * 409 ConditionalRequestConflict while the first is in flight). The claim
 * holds the owner's pid, host and a token, for a person looking at it; it is
 * removed once the manifest is stored (or the set's objects removed).
 */
const CLAIM_EXTENSION$1 = '.claim';
/** The claim object of a set: `<prefix>/<set-name>/<set-name>.claim`. */
function claimKey(config, setName) {
    return setObjectKey(config, setName, `${setName}${CLAIM_EXTENSION$1}`);
}
/**
 * Claims set `name` for this run. Throws InputError (`s3-prefix`) when
 * another run holds the name, or when the set's manifest exists already (a
 * set of this name was finished this second; its claim is gone by then). A
 * service that answers conditional writes with NotImplemented gets no claim:
 * the backup goes on, and the note says what is not guarded.
 */
async function claimBucketSetName(client, config, name, manifestKey) {
    const key = claimKey(config, name);
    const where = describeS3Store(config);
    const claimed = await client
        .send(new PutObjectCommand({
        Bucket: config.bucket,
        Key: key,
        Body: ownerText(newOwner()),
        ContentType: 'application/json',
        IfNoneMatch: '*'
    }))
        .then(() => true, (error) => {
        const sdk = (error ?? {});
        const status = sdk.$metadata?.httpStatusCode;
        if (status === 412 ||
            status === 409 ||
            sdk.name === 'PreconditionFailed' ||
            sdk.name === 'ConditionalRequestConflict')
            throw new InputError('s3-prefix', `another backup is writing ${name} in ${where} right now (its claim ${key} exists): runs in the same second with the same prefix cannot share a bucket prefix; use another prefix or s3-prefix, or run them a second apart (a claim left by a killed backup is removed by the next backup after 24 hours, or delete it by hand)`);
        if (status === 501 || sdk.name === 'NotImplemented')
            return false;
        throw s3Failure(error, `Could not claim the set name ${name} (${key})`, config);
    });
    const exists = await client
        .send(new HeadObjectCommand({ Bucket: config.bucket, Key: manifestKey }))
        .then(() => true, (error) => {
        const failure = s3Failure(error, `Could not look for ${manifestKey}`, config);
        if (failure.kind === 'not-found')
            return false;
        throw failure;
    });
    if (exists) {
        if (claimed)
            await deleteQuietly(client, config, key);
        throw new InputError('s3-prefix', `${manifestKey} already exists in ${where}: a backup set of this name was made this second; wait a second or use another prefix`);
    }
    return claimed
        ? { key }
        : {
            note: `${where} does not support conditional writes (If-None-Match): the set name ${name} is not claimed, so two backups in the same second with the same prefix would overwrite each other`
        };
}
async function deleteQuietly(client, config, key) {
    await client
        .send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }))
        .catch(() => undefined);
}
/**
 * Deletes the claims of set prefix `setPrefix` older than `olderThanMs`
 * (default: the age at which sweepStaleUploads calls an upload abandoned,
 * longer than any backup runs): what a backup killed outright left behind.
 * A fresh claim may belong to a backup running elsewhere and is left alone.
 * Returns the keys deleted.
 */
async function sweepStaleClaims(client, config, setPrefix, options = {}) {
    const cutoff = (options.now ?? new Date()).getTime() - (options.olderThanMs ?? STALE_UPLOAD_MS);
    const { keys, modified } = await listKeys(client, config, setPrefix);
    const swept = [];
    for (const key of keys) {
        const changed = modified.get(key);
        if (!key.endsWith(CLAIM_EXTENSION$1) || !changed || changed.getTime() > cutoff)
            continue;
        await client
            .send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }))
            .catch((error) => {
            throw s3Failure(error, `Could not delete ${key}`, config);
        });
        swept.push(key);
    }
    return swept;
}

/**
 * Claims set `name` in the store's bucket (claimBucketSetName: a conditional
 * PutObject of `<name>.claim`; of two backups with the same name, the second
 * stops here with InputError, before writing anything), then opens the upload
 * of its dump. Registered with the cleanup registry from the start: a failure
 * or SIGINT/SIGTERM aborts the multipart upload (no parts stay behind),
 * deletes whatever objects of the set were stored, the manifest first, so no
 * half set ever counts, and then the claim. A process killed outright leaves
 * an open upload (or none, for a dump smaller than one part), the claim and no
 * manifest: the set never counts, and the next backup removes the upload
 * (sweepStaleUploads) and the claim (sweepStaleClaims) once they are older
 * than 24 hours.
 */
async function openBucketSet(store, name, files, logger) {
    const { client, config } = store;
    const keys = {
        dump: setObjectKey(config, name, files.dump),
        checksum: setObjectKey(config, name, files.checksum),
        manifest: setObjectKey(config, name, files.manifest)
    };
    const claim = await claimBucketSetName(client, config, name, keys.manifest);
    if (claim.note)
        logger.warning(claim.note, { title: 'Set name not claimed' });
    // Registered first, so undone last: the claim goes once the set's objects are gone.
    const claimed = claim.key
        ? track(`claim ${claim.key} in ${store.description}`, () => deleteObject(client, config, claim.key).catch(() => undefined))
        : undefined;
    const abort = new AbortController();
    const body = new PassThrough();
    const stored = new Set([keys.dump]);
    const upload = uploadStream(client, config, keys.dump, body, { signal: abort.signal });
    // A refused upload stops the dump: pg_dump's pipe breaks instead of filling memory.
    upload.catch((error) => body.destroy(error));
    const tracked = track(`upload of ${name} to ${store.description}`, async () => {
        abort.abort();
        await upload.catch(() => undefined);
        for (const key of [keys.manifest, keys.checksum, keys.dump])
            if (stored.has(key))
                await deleteObject(client, config, key).catch(() => undefined);
    });
    return {
        sink: { stream: body, stored: upload, description: `s3://${config.bucket}/${keys.dump}` },
        async finish(texts) {
            stored.add(keys.checksum);
            await putSmallObject(client, config, keys.checksum, Buffer.from(texts.checksum));
            stored.add(keys.manifest);
            await putSmallObject(client, config, keys.manifest, Buffer.from(texts.manifest));
            tracked.keep();
            // Only now: a backup that picks this name later finds the manifest (claimBucketSetName looks).
            if (claim.key) {
                claimed?.keep();
                await deleteObject(client, config, claim.key).catch((error) => logger.warning(`${claim.key} could not be removed (${errorMessage(error)}): the set is complete; the next backup removes the claim after 24 hours, or delete it by hand`, { title: 'Set name claim left' }));
            }
            return keys;
        }
    };
}

/**
 * A set name is claimed before any of its files is written, by creating
 * `<name>.claim` with O_EXCL: of any number of runs that pick the same name
 * (same prefix, same second), exactly one gets it. The claim holds the
 * owner's pid, host and a token; the owner's partial files are named
 * `<file>.<token>.partial`, so cleanup (its own, or a later run's sweep of a
 * dead owner) only ever removes files that one owner wrote.
 */
const CLAIM_EXTENSION = '.claim';
const SET_EXTENSIONS = [
    ENCRYPTED_DUMP_EXTENSION,
    DUMP_EXTENSION,
    CHECKSUM_EXTENSION,
    MANIFEST_EXTENSION
];
const partialName = (finalPath, owner) => `${finalPath}.${owner.token}.partial`;
/**
 * Claims `name` in `outDir` for this run. A claim left by a process of this
 * host that no longer exists is swept (its partial files too) and claimed
 * again. Throws InputError (`out-dir`) while a live run holds the name, or
 * when one of `finalPaths` exists already (a set of this name was finished).
 */
async function claimSetName(outDir, name, finalPaths) {
    const claimPath = join(outDir, `${name}${CLAIM_EXTENSION}`);
    const owner = newOwner();
    let tracked;
    for (let attempt = 0; !tracked; attempt++) {
        try {
            await writeFile(claimPath, ownerText(owner), { flag: 'wx', mode: 0o644 });
            tracked = trackFile(claimPath);
        }
        catch (error) {
            if (error.code !== 'EEXIST')
                throw error;
            const holder = await readOwner(claimPath);
            if (attempt === 0 && holder && isAbandoned(holder)) {
                await sweepClaim(outDir, name, holder);
                continue;
            }
            throw new InputError('out-dir', `another backup is writing ${name} in ${outDir} right now${holder ? ` (pid ${holder.pid} on ${holder.host})` : ''}: runs in the same second with the same prefix cannot share a folder; use another prefix or out-dir, or run them a second apart`);
        }
    }
    for (const path of finalPaths) {
        if (existsSync(path)) {
            await tracked.undo();
            throw new InputError('out-dir', `${path} already exists: a backup set of this name was made this second; wait a second or use another prefix`);
        }
    }
    return { partialOf: (path) => partialName(path, owner), release: () => tracked.undo() };
}
/**
 * Moves a set's partial files to their final names without ever replacing a
 * file (link fails on an existing name, where rename would overwrite it),
 * then removes the partials. Each placed file is registered for cleanup
 * until `keep` is called: a failure half-way leaves no lone file behind.
 */
async function placeFiles(moves) {
    const placed = [];
    for (const [partial, final] of moves) {
        try {
            await link(partial, final);
            placed.push(trackFile(final));
            await unlink(partial);
        }
        catch (error) {
            const code = error.code;
            // File systems without hard links: the claim alone keeps names apart.
            if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP')
                throw error;
            if (existsSync(final))
                throw error;
            await rename(partial, final);
            placed.push(trackFile(final));
        }
    }
    return { keep: () => placed.forEach((file) => file.keep()) };
}
/**
 * Removes the partial files and claims of backups whose process died on
 * this host (SIGKILL, OOM, power loss); returns the removed paths.
 */
async function sweepAbandonedClaims(outDir) {
    const removed = [];
    const entries = await readdir(outDir).catch(() => []);
    for (const entry of entries) {
        if (!entry.endsWith(CLAIM_EXTENSION))
            continue;
        const name = entry.slice(0, -CLAIM_EXTENSION.length);
        const holder = await readOwner(join(outDir, entry));
        if (holder && isAbandoned(holder))
            removed.push(...(await sweepClaim(outDir, name, holder)));
    }
    return removed;
}
/** Removes a dead owner's partial files, then its claim if it still holds it. */
async function sweepClaim(outDir, name, holder) {
    const removed = [];
    for (const extension of SET_EXTENSIONS) {
        const path = partialName(join(outDir, `${name}${extension}`), holder);
        if (existsSync(path)) {
            await rm(path, { force: true });
            removed.push(path);
        }
    }
    const claimPath = join(outDir, `${name}${CLAIM_EXTENSION}`);
    if ((await readOwner(claimPath))?.token === holder.token) {
        await rm(claimPath, { force: true });
        removed.push(claimPath);
    }
    return removed;
}

/** SQLSTATE lock_not_available: lock_timeout expired. */
const LOCK_NOT_AVAILABLE = '55P03';
/**
 * Takes ACCESS SHARE on every table of the scope, one at a time, in the
 * backup's transaction before its snapshot (a lock taken before the first
 * query keeps the snapshot current). A table held by another session's DDL
 * (ACCESS EXCLUSIVE) is waited for at most `seconds`, then the backup fails
 * naming it. Holding the locks also keeps the in-snapshot inspection from
 * waiting behind DDL that starts later. `lock_timeout` stays set for the
 * transaction, so nothing in it waits longer.
 */
async function lockScopeTables(client, tables, seconds) {
    await client.query(`SET LOCAL lock_timeout = ${Math.round(seconds * 1000)}`);
    for (const table of tables) {
        try {
            await client.query(`LOCK TABLE ${quoteTable(table)} IN ACCESS SHARE MODE`);
        }
        catch (error) {
            if (error.code !== LOCK_NOT_AVAILABLE)
                throw error;
            throw new EscalationError('backup-failed', `table ${tableKey(table)} is locked by another session (DDL such as ALTER TABLE, or VACUUM FULL): waited lock-timeout (${seconds} s); find the session holding it in pg_locks / pg_stat_activity, then retry`);
        }
    }
}

/**
 * What a restore of this inventory will have otherwise than the source because of how pg_dump
 * recreates it, known before the dump is ever restored: warned about at backup time. Pure.
 *
 * pg_dump recreates an inheritance child (not a partition: those are created and then attached,
 * keeping their own order) with `CREATE TABLE child (...) INHERITS (parents)`, and the server
 * puts the inherited columns first, in the parents' order, then the child's own (see
 * recreated-column-order.ts). A child whose columns were in another order comes back reordered.
 * The manifest already records columns in that recreated order, so the drill does not fail on
 * it; the warning is for code that depends on the physical order.
 */
function restoreLimitWarnings(inventory, orders) {
    const tables = inventory.tables.map((table) => `${table.schema}.${table.name}`);
    return outOfRecreatedOrder(orders, tables).map(({ table, physical, recreated }) => `${table}: pg_dump recreates an inheritance child with its parents’ columns first, so a restore orders its columns ${recreated.join(', ')} (the source has ${physical.join(', ')}). The drill compares columns in the restored order; code that relies on column order (SELECT *, INSERT without a column list) sees the difference.`);
}

/**
 * Checks, before anything is dumped, that an artifact upload keeps the backup
 * as long as the retention policy needs (the SOP's 35 daily + 12 monthly ->
 * 366 days). The @actions/artifact client silently lowers retention-days to
 * the repository's limit (GITHUB_RETENTION_DAYS; GitHub's default is 90): when
 * that limit cuts the artifact's life below what the policy needs, the backup
 * would "succeed" while the monthly backups could never exist, so it fails with
 * `retention-unattainable` and the fix. A retention-days set below the need
 * on purpose (a shorter policy) is the person's choice and passes; prune judges
 * the artifacts' real lifetime against its own keep-* rules.
 */
function checkArtifactRetention(retentionDays, env, policy = DEFAULT_RETENTION_POLICY) {
    const limit = repositoryRetentionLimit(env);
    if (limit === undefined || limit >= retentionDays)
        return { days: retentionDays };
    const short = rulesShortOf(policy, limit);
    if (short.length === 0)
        return { days: limit, limitedFrom: retentionDays };
    const needed = retentionNeeds(policy)[0].days;
    throw new EscalationError('retention-unattainable', `backup artifacts would live ${limit} days, not the ${retentionDays} asked: the repository's artifact retention limit (GITHUB_RETENTION_DAYS=${limit}) caps them. ` +
        `The retention policy (${describePolicy(policy)}) needs ${needed} days (${describeNeeds(short)}), so the older backups it keeps would expire first. ` +
        `${artifactRetentionFix(needed)} If a shorter policy is meant, set retention-days to ${limit} or less.`);
}

/**
 * SOP §1 "Create Backup", verified: preflight, one snapshot shared by the
 * manifest and pg_dump, streamed sha256, archive check, then the three files
 * appear together. Any failure removes every file of the set and throws
 * EscalationError('backup-failed') (or InputError for bad input).
 */
async function runBackup(options, logger, deps = {}) {
    // Everything this run creates is registered; what is still registered when
    // it ends (an error, or SIGINT/SIGTERM through the process's handler) is undone.
    return withCleanup(() => backup(options, logger, deps));
}
async function backup(options, logger, deps) {
    const started = performance.now();
    const outDir = resolve(options.outDir);
    // With a bucket, the dump streams straight into it: no out-dir is needed.
    const bucket = deps.bucket ??
        (options.s3
            ? // Loaded only for a bucket: the AWS SDK is large.
                (await import('./s3-backup-store.js')).createS3BackupStore(options.s3)
            : undefined);
    if (!bucket)
        await assertWritableFolder('out-dir', outDir);
    if (options.upload === 'artifact') {
        // Before any dump: an artifact that expires before the monthly backups are due fails here.
        const retention = checkArtifactRetention(options.retentionDays, deps.env ?? process.env);
        if (retention.limitedFrom !== undefined)
            logger.info(`The artifact will be kept ${retention.days} days (the repository's limit), not ${retention.limitedFrom}: enough for the retention policy`);
    }
    // Known before connecting only when pg-bin-dir names the client; else after the server's major picks it.
    if (options.pgBinDir && options.compress)
        assertCompressSupported(options.compress, (await findPgTool('pg_dump', { binDir: options.pgBinDir })).major);
    if (bucket) {
        for (const key of await sweepStaleUploads(bucket.client, bucket.config))
            logger.info(`Aborted the multipart upload of ${key}: left open by a backup killed mid-way`);
        for (const key of await sweepStaleClaims(bucket.client, bucket.config, options.prefix))
            logger.info(`Removed ${key}: the set name claim of a backup killed mid-way`);
    }
    else {
        for (const path of await sweepAbandonedClaims(outDir))
            logger.info(`Removed ${path}: left by a backup whose process no longer exists`);
    }
    const client = await logger.group(`Connect to ${options.db.location}`, () => connectOrEscalate('backup-failed', options.db, {
        inputName: 'db-url',
        applicationName: 'backup-drill backup'
    }));
    try {
        const pre = await logger.group('Preflight', async () => {
            const result = await preflight(client, options);
            logger.info(`Server ${options.db.display}: PostgreSQL ${result.serverVersion}, role ${result.role}${result.bypassesRls ? ' (bypasses RLS)' : ''}`);
            logger.info(`Scope: ${result.tables.length} table(s) in ${options.schemas.join(', ')}${result.excluded.length ? `, ${result.excluded.length} excluded` : ''}`);
            for (const warning of result.warnings)
                logger.warning(warning, { title: 'Backup scope' });
            return result;
        });
        // Recorded so a drill can recognise this server and database behind any spelling.
        const identity = await readServerIdentity(client);
        if (identity.note)
            logger.warning(identity.note, { title: 'Source identity' });
        logger.info(`Source: ${describeIdentity(identity.identity)}`);
        const pgDump = await findExactPgTool('pg_dump', {
            binDir: options.pgBinDir,
            major: pre.serverMajor,
            resolvePgBinDir: deps.resolvePgBinDir,
            logger
        });
        assertToolMajor(pgDump, pre.serverMajor, `the server at ${options.db.display}`, 'backup-failed');
        assertCompressSupported(options.compress, pgDump.major);
        const pgRestore = await findPgTool('pg_restore', {
            binDir: options.pgBinDir ?? join(pgDump.path, '..'),
            minMajor: pgDump.major
        });
        logger.info(`Using ${pgDump.path} ${pgDump.version}`);
        const loReferences = await tablesReferencingLargeObjects(client, pre.tables);
        if (loReferences.length > 0)
            logger.info(`Large objects included: ${loReferences.map(tableKey).join(', ')} can reference them (oid column)`);
        if (!bucket)
            await mkdir(outDir, { recursive: true }).catch((error) => {
                throw new InputError('out-dir', `cannot create ${outDir}: ${fileSystemCause(error) ?? errorMessage(error)}`);
            });
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        await lockScopeTables(client, pre.tables, options.lockTimeoutSeconds);
        const snap = await client.query('SELECT pg_catalog.pg_export_snapshot() AS snapshot, pg_catalog.now() AS created_at');
        const { snapshot, created_at: createdAt } = snap.rows[0];
        const name = backupSetName(options.prefix, (deps.now ?? (() => createdAt))());
        const paths = {
            dump: join(outDir, `${name}${options.encryptRecipients.length ? ENCRYPTED_DUMP_EXTENSION : DUMP_EXTENSION}`),
            checksum: join(outDir, `${name}${CHECKSUM_EXTENSION}`),
            manifest: join(outDir, `${name}${MANIFEST_EXTENSION}`)
        };
        // Atomic: of several runs picking this name in the same second, one gets
        // it; the others stop here, before writing anything (in a bucket, by a
        // conditional PutObject of the claim: openBucketSet).
        const claim = bucket ? undefined : await claimSetName(outDir, name, Object.values(paths));
        const partial = claim ? claim.partialOf : (path) => path;
        if (claim)
            for (const path of Object.values(paths))
                trackFile(partial(path));
        const writer = bucket
            ? await openBucketSet(bucket, name, {
                dump: basename(paths.dump),
                checksum: basename(paths.checksum),
                manifest: basename(paths.manifest)
            }, logger)
            : undefined;
        // The dump and the inspection run side by side in the same snapshot: the
        // counting costs no second pass after the dump.
        const abort = new AbortController();
        const inspectStarted = performance.now();
        const [dump, inventory] = await logger.group(`Dump ${name} (snapshot ${snapshot})`, () => bothOrAbort(abort, (writer ? (o) => dumpToSink(o, writer.sink) : dumpToFile)({
            ...options,
            pgDump,
            snapshot,
            excluded: pre.excluded,
            largeObjects: loReferences.length > 0,
            destination: partial(paths.dump),
            logger,
            signal: abort.signal,
            ...(options.encryptRecipients.length
                ? { encryption: { recipients: options.encryptRecipients, pgRestore } }
                : {}),
            // Streamed into a bucket there is no file to list afterwards: list the stream.
            ...(writer ? { listWith: pgRestore } : {})
        }), inspectInventory(client, pre.tables, {
            contentHash: options.contentHash,
            schemas: options.schemas,
            largeObjects: loReferences.length > 0
        }).then(async ({ inv, columnOrders }) => {
            logger.info(`Manifest: ${inv.tables.length} tables, ${inv.tables.reduce((n, t) => n + t.rowCount, 0)} rows counted in the dump's snapshot`);
            // Still in the snapshot: what each API principal sees is part of what the dump holds.
            const rlsStarted = performance.now();
            const rls = await recordRlsProof(client, {
                principals: options.rlsPrincipals,
                tables: inv.tables
            });
            logRlsProof(logger, rls, (performance.now() - rlsStarted) / 1000);
            return { inv, columnOrders, rls, seconds: (performance.now() - inspectStarted) / 1000 };
        })));
        await client.query('COMMIT');
        // What pg_dump itself cannot reproduce, known now: the drill will report it.
        const limits = restoreLimitWarnings(inventory.inv, inventory.columnOrders);
        for (const warning of limits)
            logger.warning(warning, { title: 'Backup fidelity' });
        const warnings = [...pre.warnings, ...limits];
        await logger.group('Archive check', async () => {
            // The inventory knows which tables are partitioned (no TABLE DATA of their own).
            const tables = inventory.inv.tables;
            // An encrypted dump is listed from its plaintext while it streamed: the
            // stored file cannot be read without the secret key, which backups never get.
            const { entries } = dump.listing
                ? assertListingHasTables(await dump.listing.catch((error) => {
                    throw unreadable('backup-failed', error.message);
                }), tables, 'backup-failed')
                : await checkArchive(pgRestore, partial(paths.dump), tables, 'backup-failed');
            logger.info(`pg_restore --list reads ${entries} entries, including every table of the manifest${dump.plaintext ? ' (plaintext, before encryption)' : dump.listing ? ' (while it streamed)' : ''}`);
        });
        const manifest = buildManifest({
            options,
            name,
            createdAt,
            pre,
            identity: identity.identity,
            pgDump,
            dump,
            inventory: inventory.inv,
            rls: inventory.rls,
            warnings,
            inspectSeconds: inventory.seconds,
            totalSeconds: (performance.now() - started) / 1000,
            dumpFile: basename(paths.dump)
        });
        const manifestText = JSON.stringify(manifest, null, 2) + '\n';
        const checksumText = checksumFileText([
            { sha256: dump.sha256, basename: basename(paths.dump) },
            {
                sha256: createHash('sha256').update(manifestText).digest('hex'),
                basename: basename(paths.manifest)
            }
        ]);
        if (writer) {
            // In a bucket the manifest lands last: a set counts once its manifest exists.
            const keys = await writer.finish({ checksum: checksumText, manifest: manifestText });
            const url = (key) => `s3://${bucket.config.bucket}/${key}`;
            logger.info(`Backup ${name}: ${formatBytes(dump.sizeBytes)}, sha256 ${dump.sha256}, in ${bucket.description}`);
            return {
                name,
                backupPath: url(keys.dump),
                checksumPath: url(keys.checksum),
                manifestPath: url(keys.manifest),
                sha256: dump.sha256,
                sizeBytes: dump.sizeBytes,
                durationSeconds: (performance.now() - started) / 1000,
                manifest,
                warnings
            };
        }
        await writeFile(partial(paths.manifest), manifestText, { mode: 0o644 });
        // The .sha256 vouches for the dump and the manifest, so it is written last.
        await writeFile(partial(paths.checksum), checksumText, { mode: 0o644 });
        // The .sha256 lands last: a set is complete only when all three exist. A
        // placement that fails half-way must not leave a lone .dump behind: the
        // files already placed are registered for cleanup until kept.
        const placed = await placeFiles([paths.dump, paths.manifest, paths.checksum].map((path) => [partial(path), path]));
        placed.keep();
        await claim?.release();
        logger.info(`Backup ${name}: ${formatBytes(dump.sizeBytes)}, sha256 ${dump.sha256}`);
        return {
            name,
            backupPath: paths.dump,
            checksumPath: paths.checksum,
            manifestPath: paths.manifest,
            sha256: dump.sha256,
            sizeBytes: dump.sizeBytes,
            durationSeconds: (performance.now() - started) / 1000,
            manifest,
            warnings
        };
    }
    catch (error) {
        if (error instanceof InputError || error instanceof EscalationError)
            throw error;
        const cause = fileSystemCause(error);
        const path = error.path ?? `in ${outDir}`;
        throw new EscalationError('backup-failed', cause
            ? `backup failed: cannot write ${path}: ${cause}`
            : `backup failed: ${errorMessage(error)}`, { cause: error });
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
/**
 * The manifest's inventory: the catalog inspection, plus what lies beside the
 * tables and a scope-only restore needs or loses (extensions in the schemas,
 * large objects when dumped). Runs in the client's snapshot, one query at a time. Also the
 * tables' physical and recreated column orders, for the backup's warnings (not in the manifest).
 */
async function inspectInventory(client, tables, options) {
    const inventory = await inspectDatabase(client, { schemas: options.schemas, tables }, { contentHash: options.contentHash });
    const extensions = await inspectExtensions(client, options.schemas);
    const inv = {
        ...inventory,
        extensions,
        ...(options.largeObjects ? { largeObjects: await inspectLargeObjects(client) } : {})
    };
    return { inv, columnOrders: await inspectColumnOrders(client, options.schemas) };
}
/** Awaits both; when one fails, aborts the other (kills pg_dump) and rethrows the first failure. */
async function bothOrAbort(abort, a, b) {
    const fail = (error) => {
        abort.abort();
        throw error;
    };
    const results = await Promise.allSettled([a.catch(fail), b.catch(fail)]);
    for (const result of results)
        if (result.status === 'rejected')
            throw result.reason;
    return [
        results[0].value,
        results[1].value
    ];
}
function buildManifest(input) {
    const { options, pre } = input;
    // Validating here means a manifest that the drill would reject is never written.
    return manifestSchema.parse({
        formatVersion: MANIFEST_FORMAT_VERSION,
        tool: { name: 'backup-drill', version: TOOL_VERSION },
        id: input.name,
        projectRef: options.projectRef,
        createdAt: input.createdAt.toISOString(),
        source: {
            host: options.db.host,
            port: options.db.port,
            database: options.db.database,
            user: options.db.user,
            identity: input.identity,
            serverVersion: pre.serverVersion,
            serverMajor: pre.serverMajor,
            role: pre.role
        },
        pgDump: input.pgDump,
        scope: {
            schemas: options.schemas,
            tables: options.tables.map((t) => t.text),
            excludeTables: options.excludeTables.map((t) => t.text),
            excludedTables: pre.excluded.map(tableKey)
        },
        dump: {
            file: input.dumpFile,
            format: 'custom',
            compression: options.compress ?? 'default',
            sizeBytes: input.dump.sizeBytes,
            sha256: input.dump.sha256
        },
        ...(input.dump.plaintext
            ? {
                encryption: {
                    scheme: 'age',
                    recipients: options.encryptRecipients,
                    plaintextSha256: input.dump.plaintext.sha256,
                    plaintextSizeBytes: input.dump.plaintext.sizeBytes
                }
            }
            : {}),
        contentHash: options.contentHash,
        timings: {
            totalSeconds: round3(input.totalSeconds),
            dumpSeconds: round3(input.dump.seconds),
            inspectSeconds: round3(input.inspectSeconds)
        },
        inventory: input.inventory,
        dependencies: pre.dependencies,
        rls: input.rls,
        warnings: input.warnings
    });
}
/** One line for the proof's outcome, one per note (what the sample left out and why). */
function logRlsProof(logger, rls, seconds) {
    if (rls.status === 'recorded') {
        const users = rls.principals.length - 1;
        logger.info(`RLS proof: anon and ${users} user(s) counted in ${rls.tables.length} RLS-enabled table(s) in the dump's snapshot (${seconds.toFixed(2)} s)`);
    }
    else {
        logger.info(`RLS proof ${rls.status === 'off' ? 'off' : 'does not apply'}: ${rls.reason}`);
    }
    for (const note of rls.notes)
        logger.info(`RLS proof: ${note}`);
}

/**
 * Stores a complete backup set: with `upload: artifact`, its three files go up
 * as one artifact. Call it only after runBackup has returned, so only a set
 * whose files are all in place can ever be uploaded. A failed upload is a
 * `backup-failed` escalation; the local files stay (they are complete and valid).
 */
async function storeBackup(result, options, logger, deps = {}) {
    if (options.upload === 'none')
        return {};
    const artifactName = options.artifactName ?? result.name;
    const upload = deps.upload ?? (await loadUploader());
    try {
        const uploaded = await logger.group(`Upload artifact ${artifactName}`, () => upload({
            name: artifactName,
            files: [result.backupPath, result.checksumPath, result.manifestPath],
            retentionDays: options.retentionDays,
            logger
        }));
        return { artifactId: uploaded.id, artifactName };
    }
    catch (error) {
        throw new EscalationError('backup-failed', `the backup set ${result.name} is complete in ${dirname(result.backupPath)} ` +
            `but was not stored as artifact "${artifactName}": ${errorMessage(error)}`, { cause: error });
    }
}
// Loaded on demand: the artifact client and Octokit are large and read their
// environment when imported, which a CLI run with `--upload none` never needs.
async function loadUploader() {
    const { uploadBackupArtifact } = await import('./artifact-store.js');
    return uploadBackupArtifact;
}

/** Markdown for the job summary (and the CLI's human output) of a finished backup. */
function backupSummaryMarkdown(result, upload) {
    const m = result.manifest;
    const rows = m.inventory.tables.map((t) => `| \`${t.schema}.${t.name}\` | ${t.rowCount} | ${t.rlsEnabled ? 'on' : 'off'} |${m.contentHash ? ` \`${t.contentHash?.slice(0, 12) ?? ''}\` |` : ''}`);
    const lines = [
        `## Backup \`${result.name}\` ✅`,
        '',
        '| | |',
        '|---|---|',
        `| Project | \`${m.projectRef}\` |`,
        `| Source | ${sourceLocation(m)} (PostgreSQL ${m.source.serverVersion}, role \`${m.source.role}\`) |`,
        `| Snapshot time | ${m.createdAt} |`,
        `| pg_dump | ${m.pgDump.version} |`,
        `| Dump | \`${m.dump.file}\` ${formatBytes(result.sizeBytes)} |`,
        `| SHA-256 | \`${result.sha256}\` |`,
        `| Tables / rows | ${m.inventory.tables.length} / ${m.inventory.tables.reduce((n, t) => n + t.rowCount, 0)} |`,
        `| Constraints / indexes / policies | ${m.inventory.constraints.length} / ${m.inventory.indexes.length} / ${m.inventory.policies.length} |`,
        `| Duration | ${formatDuration(result.durationSeconds)} (dump ${formatDuration(m.timings.dumpSeconds)}) |`,
        ...(upload?.artifactId !== undefined
            ? [`| Artifact | \`${upload.artifactName}\` (id ${upload.artifactId}) |`]
            : []),
        '',
        `| Table | Rows | RLS |${m.contentHash ? ' Content hash |' : ''}`,
        `|---|---:|---|${m.contentHash ? '---|' : ''}`,
        ...rows
    ];
    if (result.warnings.length > 0)
        lines.push('', '### Warnings', '', ...result.warnings.map((w) => `- ${w}`));
    lines.push('', 'A backup counts only once a drill has restored it and proven it equal to its source: run `drill` on it.');
    return lines.join('\n') + '\n';
}

export { backupSummaryMarkdown as b, runBackup as r, storeBackup as s };

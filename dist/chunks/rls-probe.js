import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import { p as pg, t as tableKey, d as planRlsProof, r as rolesToCheck, e as tableKeyOf, g as claimSettings } from './source.js';
import { E as EscalationError } from './_commonjsHelpers.js';
import { G as isSocketTarget } from './heartbeat.js';
import { R as RLS_PROOF_VERSION } from './notice-inputs.js';

const POOLER_HINT = 'Supabase direct hosts (db.<ref>.supabase.co) are IPv6-only; GitHub runners have no IPv6. Use the session pooler URL from the dashboard (Connect > Session pooler): postgres://postgres.<ref>:PASSWORD@aws-0-<region>.pooler.supabase.com:5432/postgres';
/**
 * The server named by a connection string could not be reached or refused us. The
 * message names the input, the cause and the fix (never the password); whether it
 * escalates, and as what, is the caller's decision.
 */
class ConnectionError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'ConnectionError';
    }
}
/**
 * Turns a connection error into one sentence that names the cause and the fix.
 * Pure: depends only on the error's code/message and the target's public parts.
 */
function describeConnectionError(error, target, timeoutSeconds) {
    const code = error?.code;
    const message = error instanceof Error ? error.message : String(error);
    const where = `${target.host}:${target.port}`;
    const supabaseDirect = /^db\.[a-z0-9]+\.supabase\.co$/i.test(target.host);
    const ipv6 = isIP(target.host) === 6 ||
        (/\b(ENETUNREACH|EADDRNOTAVAIL)\b/.test(`${code} ${message}`) && /:[0-9a-f]*:/i.test(message));
    if (supabaseDirect &&
        (ipv6 || code === 'ENETUNREACH' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH')) {
        return `cannot reach ${where} (${code ?? 'network error'}). ${POOLER_HINT}`;
    }
    const tls = describeTlsError(code, message, target);
    if (tls)
        return `cannot connect to ${where}: ${tls}`;
    switch (code) {
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return `cannot resolve host "${target.host}" (DNS ${code}): check the host name in the URL`;
        case 'ECONNREFUSED':
            return `connection refused at ${where}: check the host and port, and that the server is running and accepts TCP connections`;
        case 'ENETUNREACH':
        case 'EHOSTUNREACH':
            return `network unreachable for ${where} (${code})${ipv6 ? `: the host resolves to IPv6 only. ${POOLER_HINT}` : ': check the host and the network'}`;
        case 'ETIMEDOUT':
            return `connecting to ${where} timed out: check the host, port and firewall`;
        case '28P01':
            return `password authentication failed for user "${target.user}": check the password in the URL (special characters must be percent-encoded)`;
        case '28000':
            if (/no encryption/i.test(message) && target.sslmode === 'disable') {
                return `the server at ${where} accepts only TLS connections (pg_hba.conf hostssl) and sslmode=disable turns TLS off: use sslmode=require (or verify-full with sslrootcert)`;
            }
            return `the server rejected user "${target.user}" (no pg_hba.conf entry or role missing): check the user name and that the server accepts this client`;
        case '3D000':
            return `database "${target.database}" does not exist on ${where}: check the database name in the URL`;
        default:
            if (/timeout/i.test(message)) {
                return `no answer from ${where} within ${timeoutSeconds} s: check the host, port and firewall${supabaseDirect ? `. ${POOLER_HINT}` : ''}`;
            }
            return `cannot connect to ${where}: ${message}`;
    }
}
const UNTRUSTED_CERTIFICATE = new Set([
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_SIGNATURE_FAILURE'
]);
/** TLS failures, named by the setting that decides them (sslmode, sslrootcert). */
function describeTlsError(code, message, target) {
    if (/does not support SSL/i.test(message)) {
        return `the server does not offer TLS but sslmode=${target.sslmode} requires it: enable ssl on the server, or use sslmode=prefer to allow a plain connection`;
    }
    if (code && UNTRUSTED_CERTIFICATE.has(code)) {
        return target.sslrootcert && target.sslrootcert !== 'system'
            ? `the server's certificate is not signed by the CA in sslrootcert (${target.sslrootcert}) (${code}): pass the CA that signed the server certificate as sslrootcert`
            : `the server's certificate is not signed by a trusted CA (${code}): pass its CA as sslrootcert=/path/to/ca.crt`;
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        return `the server's certificate does not name host "${target.host}" (sslmode=verify-full): connect with the host name the certificate names, or use sslmode=verify-ca`;
    }
    if (code === 'CERT_HAS_EXPIRED') {
        return "the server's certificate has expired (sslmode verifies it): renew the server certificate";
    }
    return undefined;
}

/**
 * Opens a node-postgres connection to exactly the resolved target, with
 * libpq's TLS semantics: disable = plain; allow = plain, then TLS if the
 * server refuses plain; prefer = TLS, then plain if the server has no TLS;
 * require = TLS without verification (CA-verified when a root certificate is
 * known, as libpq does); verify-ca = CA only; verify-full = CA and host name.
 * A failure is a ConnectionError naming the input and the likely fix, never
 * containing the password; the caller decides what it means (`connectOrEscalate`).
 */
async function connect(target, options) {
    const attempts = tlsAttempts(target);
    let lastError;
    for (const [index, ssl] of attempts.entries()) {
        const client = new pg.Client(clientConfig(target, ssl, options.applicationName));
        // An 'error' event without a listener would crash the process (e.g. backend terminated).
        client.on('error', () => undefined);
        try {
            await client.connect();
            return client;
        }
        catch (error) {
            await client.end().catch(() => undefined);
            lastError = error;
            const next = attempts[index + 1];
            if (next === undefined || !fallsBack(target.sslmode, error))
                break;
        }
    }
    throw new ConnectionError(`${options.inputName}: ${describeConnectionError(lastError, target, target.connectTimeoutSeconds)}`, { cause: lastError });
}
/** `connect`, with a connection failure escalated as the caller's own condition. */
async function connectOrEscalate(condition, target, options) {
    try {
        return await connect(target, options);
    }
    catch (error) {
        if (error instanceof ConnectionError) {
            throw new EscalationError(condition, error.message, { cause: error.cause });
        }
        throw error;
    }
}
/** The node-postgres settings for one attempt: host (or hostaddr), port, database, user, password, TLS. */
function clientConfig(target, ssl, applicationName = 'backup-drill') {
    return {
        // libpq connects to hostaddr and uses host for TLS verification and .pgpass.
        host: target.hostaddr ?? target.host,
        port: target.port,
        database: target.database,
        user: target.user,
        password: target.password,
        ssl,
        ...(target.options !== undefined ? { options: target.options } : {}),
        application_name: applicationName,
        connectionTimeoutMillis: target.connectTimeoutSeconds * 1000
    };
}
/** TLS settings to try in order, per sslmode. */
function tlsAttempts(target) {
    // libpq never negotiates TLS over a unix socket.
    if (isSocketTarget(target) || target.sslmode === 'disable')
        return [false];
    const tls = tlsOptions(target);
    switch (target.sslmode) {
        case 'allow':
            return [false, tls];
        case 'prefer':
            return [tls, false];
        default:
            return [tls];
    }
}
function tlsOptions(target) {
    const files = {};
    if (target.sslrootcert && target.sslrootcert !== 'system')
        files.ca = readFileSync(target.sslrootcert);
    if (target.sslcert)
        files.cert = readFileSync(target.sslcert);
    if (target.sslkey)
        files.key = readFileSync(target.sslkey);
    // The name the certificate must carry: host, also when connecting to hostaddr. SNI takes names only.
    const servername = isIP(target.host) === 0 && !target.host.startsWith('/') ? target.host : undefined;
    switch (target.sslmode) {
        case 'verify-full':
            return {
                ...files,
                rejectUnauthorized: true,
                ...(servername ? { servername } : {}),
                // libpq checks the certificate against host, also when it connects to hostaddr.
                checkServerIdentity: (_connectedTo, cert) => checkServerIdentity(target.host, cert)
            };
        case 'verify-ca':
            return { ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined };
        default:
            // libpq verifies the CA in allow/prefer/require when a root certificate file is present.
            return target.sslrootcert
                ? { ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined }
                : { ...files, rejectUnauthorized: false };
    }
}
/** Whether a failed attempt may be retried with the next TLS setting (libpq's allow/prefer fallbacks). */
function fallsBack(sslmode, error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = error?.code;
    // prefer: the server has no TLS, or pg_hba refused the TLS connection (hostnossl).
    if (sslmode === 'prefer')
        return /does not support SSL/i.test(message) || code === '28000';
    // allow: pg_hba refused the plain connection (hostssl).
    if (sslmode === 'allow')
        return code === '28000';
    return false;
}

/**
 * Extensions installed in the given schemas. A dump limited to schemas
 * (pg_dump --schema) carries the objects that use them (a citext column, an
 * hstore default) but never CREATE EXTENSION, so a restore needs them first.
 */
async function inspectExtensions(client, schemas) {
    const result = await client.query(`SELECT e.extname AS name, n.nspname AS schema, e.extversion AS version
       FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
      WHERE n.nspname = ANY($1::text[])
      ORDER BY 1`, [schemas]);
    return result.rows.map(({ name, schema, version }) => ({ name, schema, version }));
}

/**
 * Tables in `tables` with a column that can hold a large object's oid: type
 * oid, or a domain over it (the lo extension's `lo` is one). pg_dump --schema
 * leaves large objects out unless asked, so such a table would come back with
 * dangling references.
 */
async function tablesReferencingLargeObjects(client, tables) {
    const result = await client.query(`SELECT DISTINCT n.nspname AS schema, c.relname AS name
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
        AND n.nspname = ANY($1::text[])
        AND (t.oid = 'pg_catalog.oid'::pg_catalog.regtype
             OR (t.typtype = 'd' AND t.typbasetype = 'pg_catalog.oid'::pg_catalog.regtype))
      ORDER BY 1, 2`, [[...new Set(tables.map((t) => t.schema))]]);
    const inScope = new Set(tables.map(tableKey));
    return result.rows.filter((row) => inScope.has(tableKey(row)));
}
/**
 * Count and total size of the database's large objects, in the client's
 * snapshot. The size is read by seeking to each object's end (no data is
 * read); pg_largeobject itself is readable only by superusers.
 */
async function inspectLargeObjects(client) {
    // 262144 = INV_READ: a read-only descriptor, allowed in a read-only transaction; closed at its end.
    const result = await client.query(`SELECT count(*)::int AS count, coalesce(sum(size), 0)::text AS bytes
       FROM (SELECT pg_catalog.lo_lseek64(pg_catalog.lo_open(m.oid, 262144), 0, 2) AS size
               FROM pg_catalog.pg_largeobject_metadata m) AS objects`);
    const row = result.rows[0];
    return { count: row.count, totalBytes: Number(row.bytes) };
}

/** Reads the identity of the server and database `client` is connected to. */
async function readServerIdentity(client) {
    const base = await client.query(`SELECT d.oid::text AS oid, d.datname AS name, pg_catalog.pg_postmaster_start_time()::text AS started
       FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()`);
    const row = base.rows[0];
    if (!row)
        throw new Error('cannot read the current database from pg_database');
    let systemIdentifier = null;
    let note;
    try {
        // Executable by PUBLIC on stock PostgreSQL; some providers revoke it.
        const sys = await client.query('SELECT system_identifier::text AS id FROM pg_catalog.pg_control_system()');
        systemIdentifier = sys.rows[0]?.id ?? null;
    }
    catch (error) {
        note = `pg_control_system() is not readable here (${error instanceof Error ? error.message : String(error)}): the server is identified by its start time instead, which changes on restart`;
    }
    return {
        identity: {
            systemIdentifier,
            postmasterStartTime: row.started,
            databaseOid: Number(row.oid),
            database: row.name
        },
        ...(note ? { note } : {})
    };
}
/**
 * True when both identities are the same server: the same system_identifier,
 * or (where either hides it) the same postmaster start time.
 */
function isSameServer(a, b) {
    if (a.systemIdentifier !== null && b.systemIdentifier !== null) {
        return a.systemIdentifier === b.systemIdentifier;
    }
    return a.postmasterStartTime === b.postmasterStartTime;
}
/**
 * True when both are the same database on the same server. A renamed
 * database keeps its OID and a dropped one frees its name, so either match
 * counts (the safe side for a guard).
 */
function isSameDatabase(a, b) {
    return isSameServer(a, b) && (a.databaseOid === b.databaseOid || a.database === b.database);
}
/** For messages: which server and database, without anything secret. */
function describeIdentity(identity) {
    const server = identity.systemIdentifier !== null
        ? `system_identifier ${identity.systemIdentifier}`
        : `server started ${identity.postmasterStartTime}`;
    return `${server}, database "${identity.database}" (oid ${identity.databaseOid})`;
}

/**
 * The I/O of the RLS behaviour proof (docs/rls-proof.md): read the plan's inputs, then become
 * each principal as PostgREST would and count what it sees. Runs inside a transaction the caller
 * opened (the backup's snapshot; a drill's throwaway transaction) and leaves it as it found it:
 * every step that can fail runs under a savepoint, so a missing grant or function never aborts
 * the caller's transaction, and SET LOCAL ROLE and the claims are rolled back after each principal.
 */
/** Reads the plan's inputs and probes: the manifest's `rls` record. */
async function recordRlsProof(client, options) {
    const users = options.principals === 0 ? [] : await sampleUsers(client, options.principals);
    const plan = planRlsProof({
        principals: options.principals,
        tables: options.tables,
        users,
        existingRoles: await existingRoles(client, rolesToCheck(users))
    });
    if (plan.status !== 'probe')
        return {
            version: RLS_PROOF_VERSION,
            status: plan.status,
            reason: plan.reason,
            notes: plan.notes,
            tables: [],
            principals: []
        };
    return {
        version: RLS_PROOF_VERSION,
        status: 'recorded',
        notes: plan.notes,
        tables: plan.tables.map(tableKeyOf),
        principals: await probePrincipals(client, plan.principals, plan.tables)
    };
}
/** For each principal, the rows it sees in each table (or the error the count raised). */
async function probePrincipals(client, principals, tables) {
    const observations = [];
    for (const principal of principals) {
        const observation = { ...principal, rows: {}, errors: {} };
        await client.query('SAVEPOINT backup_drill_rls_principal');
        try {
            const become = await attempt(client, async () => {
                // The API roles never bypass RLS; row_security = on makes a policy-filtered read an
                // answer, not an error, whatever the session's default.
                const settings = [
                    ['row_security', 'on'],
                    ...claimSettings(principal)
                ];
                await client.query(`SELECT ${settings.map((_, i) => `pg_catalog.set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`, settings.flat());
                await client.query(`SET LOCAL ROLE ${pg.escapeIdentifier(principal.role)}`);
            });
            if (become !== undefined) {
                observation.error = become;
            }
            else {
                for (const table of tables) {
                    let rows = 0;
                    const failed = await attempt(client, async () => {
                        const result = await client.query(`SELECT count(*) AS n FROM ${pg.escapeIdentifier(table.schema)}.${pg.escapeIdentifier(table.name)}`);
                        rows = Number(result.rows[0]?.n);
                    });
                    if (failed === undefined)
                        observation.rows[tableKeyOf(table)] = rows;
                    else
                        observation.errors[tableKeyOf(table)] = failed;
                }
            }
        }
        finally {
            // Undoes the role and the claims: the caller's transaction continues as itself.
            await client.query('ROLLBACK TO SAVEPOINT backup_drill_rls_principal');
            await client.query('RELEASE SAVEPOINT backup_drill_rls_principal');
        }
        observations.push(observation);
    }
    return observations;
}
/**
 * The first `limit` users in id order: the id and the role PostgREST would take from the JWT.
 * `to_jsonb(u) ->> 'role'` reads the role column where it exists and is null where it does not.
 */
async function sampleUsers(client, limit) {
    const exists = await client.query(`SELECT pg_catalog.to_regclass('auth.users') IS NOT NULL AS found`);
    if (!exists.rows[0]?.found)
        return { unavailable: 'auth.users does not exist' };
    let users = [];
    const failed = await attempt(client, async () => {
        const result = await client.query(`SELECT u.id::text AS id, pg_catalog.to_jsonb(u) ->> 'role' AS role
       FROM auth.users u ORDER BY u.id LIMIT $1`, [limit]);
        users = result.rows;
    });
    return failed === undefined ? users : { unavailable: `auth.users could not be read (${failed})` };
}
async function existingRoles(client, roles) {
    const result = await client.query('SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY($1::text[])', [roles]);
    return new Set(result.rows.map((row) => row.rolname));
}
/**
 * Runs `work` under a savepoint: undefined when it succeeded, else `<SQLSTATE>: <message>` of the
 * database error (rolled back to the savepoint, the transaction usable again). Other errors throw.
 */
async function attempt(client, work) {
    await client.query('SAVEPOINT backup_drill_rls_step');
    try {
        await work();
    }
    catch (error) {
        if (!(error instanceof pg.DatabaseError))
            throw error;
        await client.query('ROLLBACK TO SAVEPOINT backup_drill_rls_step');
        await client.query('RELEASE SAVEPOINT backup_drill_rls_step');
        return `${error.code}: ${error.message}`;
    }
    await client.query('RELEASE SAVEPOINT backup_drill_rls_step');
    return undefined;
}

export { connectOrEscalate as a, recordRlsProof as b, connect as c, describeIdentity as d, inspectExtensions as e, inspectLargeObjects as f, isSameDatabase as g, isSameServer as i, probePrincipals as p, readServerIdentity as r, tablesReferencingLargeObjects as t };

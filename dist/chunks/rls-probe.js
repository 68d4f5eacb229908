import { t as tableKey, p as planRlsProof, r as rolesToCheck, R as RLS_PROOF_VERSION, a as tableKeyOf, c as claimSettings, b as pg } from './source.js';

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

export { inspectLargeObjects as a, inspectExtensions as i, probePrincipals as p, recordRlsProof as r, tablesReferencingLargeObjects as t };

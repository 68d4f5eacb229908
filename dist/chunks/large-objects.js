import { t as tableKey } from './source.js';

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

export { inspectLargeObjects as a, inspectExtensions as i, tablesReferencingLargeObjects as t };

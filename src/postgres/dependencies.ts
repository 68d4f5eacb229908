import { owningRelationSql } from './owning-relation-sql.js'
import { prepareInspectionSession } from './catalog.js'
import type { Client } from './client.js'
import type { DependencyRow, PolicyRoleRow } from './dependency-findings.js'

/**
 * Reads what objects in `schemas` depend on, from pg_depend (one query) and the policies' roles
 * (one query), keeping only rows that may leave the scope: needs in other schemas, outside any
 * schema (access methods, extensions), of an extension, or on the `excluded` tables (`schema.name`
 * of tables in the schemas that the scope leaves out). `dependencyFindings` decides the rest.
 * Built-in objects (oid below 16384) are never a need. Needs inside the scope are dropped before
 * any object is described, which keeps this fast on schemas with thousands of tables.
 */
export async function readDependencies(
  client: Client,
  schemas: string[],
  excluded: string[]
): Promise<{ rows: DependencyRow[]; roles: PolicyRoleRow[] }> {
  // An empty search_path makes pg_describe_object qualify every name, as the manifest needs.
  await prepareInspectionSession(client)
  const deps = await client.query<{
    dependent: string
    dependent_table: string | null
    referenced: string
    referenced_type: string
    referenced_identity: string
    referenced_schema: string | null
    referenced_table: string | null
    extension: string | null
    extension_schema: string | null
  }>(
    `WITH scope AS (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[])),
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
      ORDER BY 1, 3`,
    [schemas, excluded]
  )
  const roles = await client.query<PolicyRoleRow>(
    `SELECT pg_catalog.pg_describe_object('pg_catalog.pg_policy'::pg_catalog.regclass, p.oid, 0) AS policy,
            n.nspname || '.' || c.relname AS table, r.rolname AS role
       FROM pg_catalog.pg_policy p
       JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      CROSS JOIN LATERAL pg_catalog.unnest(p.polroles) AS pr(oid)
       JOIN pg_catalog.pg_roles r ON r.oid = pr.oid
      WHERE n.nspname = ANY($1::text[]) AND pr.oid >= 16384
      ORDER BY 1, 3`,
    [schemas]
  )
  return {
    rows: deps.rows.map((row) => ({
      dependent: row.dependent,
      dependentTable: row.dependent_table,
      referenced: row.referenced,
      referencedType: row.referenced_type,
      referencedIdentity: row.referenced_identity,
      referencedSchema: row.referenced_schema,
      referencedTable: row.referenced_table,
      extension:
        row.extension !== null && row.extension_schema !== null
          ? { name: row.extension, schema: row.extension_schema }
          : null
    })),
    roles: roles.rows
  }
}

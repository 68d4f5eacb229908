/**
 * SQL for "the table a catalog object belongs to": an index's table, a column
 * default's, a table constraint's, a trigger's, a policy's or a rule's; a
 * pg_class row is its own relation. Dependency analysis and comments both ask
 * it of (classid, objid) pairs, so it is written once. NULL for other objects.
 */
export function owningRelationSql(classid: string, objid: string): string {
  return `CASE ${classid}
    WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN coalesce(
      (SELECT x.indrelid FROM pg_catalog.pg_index x WHERE x.indexrelid = ${objid}), ${objid})
    WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass THEN
      (SELECT a.adrelid FROM pg_catalog.pg_attrdef a WHERE a.oid = ${objid})
    WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN
      (SELECT nullif(c.conrelid, 0) FROM pg_catalog.pg_constraint c WHERE c.oid = ${objid})
    WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN
      (SELECT t.tgrelid FROM pg_catalog.pg_trigger t WHERE t.oid = ${objid})
    WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN
      (SELECT p.polrelid FROM pg_catalog.pg_policy p WHERE p.oid = ${objid})
    WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN
      (SELECT r.ev_class FROM pg_catalog.pg_rewrite r WHERE r.oid = ${objid})
  END`
}

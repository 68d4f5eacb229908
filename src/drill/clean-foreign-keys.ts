import pg from 'pg'
import { listedName, parseToc } from '../postgres/archive-check.js'
import { connect } from '../postgres/client.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'

/**
 * Before a --clean restore that runs in passes (restore-archive.ts): drops the
 * foreign keys of the tables the restore re-creates, in one transaction. One
 * pg_restore --clean drops those foreign keys (post-data) before the tables;
 * in passes, the pre-data pass drops the tables alone, and a foreign key still
 * on a referencing table makes that DROP TABLE fail. The archive's last pass
 * creates them again. A foreign key of a table the restore does not re-create
 * (a platform table loaded data only, a table outside the backup) is left
 * alone: if it references a re-created table, its DROP fails by name, as in
 * one pg_restore. Returns the constraints dropped (`table.constraint`).
 */
export async function dropForeignKeysOfRecreatedTables(
  target: DatabaseTarget,
  listing: string,
  inputName: string
): Promise<string[]> {
  const recreated = parseToc(listing)
    .filter((entry) => entry.rest.startsWith('TABLE ') && !entry.rest.startsWith('TABLE DATA '))
    .map((entry) => entry.rest.slice('TABLE '.length))
  if (recreated.length === 0) return []
  const client = await connect(target, {
    inputName,
    applicationName: 'backup-drill clean foreign keys'
  })
  try {
    // Top-level constraints only: dropping a partitioned table's foreign key drops its partitions'.
    const found = await client.query<{ schema: string; table: string; name: string }>(
      `SELECT n.nspname AS schema, r.relname AS table, c.conname AS name
         FROM pg_catalog.pg_constraint c
         JOIN pg_catalog.pg_class r ON r.oid = c.conrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
        WHERE c.contype = 'f' AND c.conparentid = 0
        ORDER BY 1, 2, 3`
    )
    const doomed = found.rows.filter((fk) =>
      recreated.some((rest) => rest.startsWith(`${listedName(fk.schema)} ${listedName(fk.table)} `))
    )
    if (doomed.length === 0) return []
    await client.query('BEGIN')
    try {
      for (const fk of doomed) {
        await client.query(
          `ALTER TABLE ${pg.escapeIdentifier(fk.schema)}.${pg.escapeIdentifier(fk.table)} DROP CONSTRAINT ${pg.escapeIdentifier(fk.name)}`
        )
      }
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    }
    return doomed.map((fk) => `${fk.schema}.${fk.table}.${fk.name}`)
  } finally {
    await client.end().catch(() => undefined)
  }
}

import type { ExtensionInventory } from '../manifest/schema.js'
import type { Client } from './client.js'

/**
 * Extensions installed in the given schemas. A dump limited to schemas
 * (pg_dump --schema) carries the objects that use them (a citext column, an
 * hstore default) but never CREATE EXTENSION, so a restore needs them first.
 */
export async function inspectExtensions(
  client: Client,
  schemas: string[]
): Promise<ExtensionInventory[]> {
  const result = await client.query<ExtensionInventory>(
    `SELECT e.extname AS name, n.nspname AS schema, e.extversion AS version
       FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
      WHERE n.nspname = ANY($1::text[])
      ORDER BY 1`,
    [schemas]
  )
  return result.rows.map(({ name, schema, version }) => ({ name, schema, version }))
}

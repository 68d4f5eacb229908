import {
  createPlatformBase,
  createPlatformRoles,
  createPlatformSchemas,
  PLATFORM_POSTGRES,
  PLATFORM_POSTGRES_PASSWORD,
  seedPlatformApp
} from '../../src/fixture/supabase-platform.js'
import { createDatabase, serverUrl, withClient } from './database.js'

/** What a platform-model database holds: the base only, the platform schemas too, or an app on them. */
export type PlatformLayer = 'base' | 'platform' | 'app'

/**
 * Creates the platform's cluster-wide roles once per server. Test files run in parallel workers
 * and role memberships race, so this holds an advisory lock in the maintenance database
 * (advisory locks are per database: every worker must take it in the same one).
 */
export async function ensurePlatformRoles(base = serverUrl()): Promise<void> {
  await withClient(base, async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['backup-drill platform roles'])
    try {
      await createPlatformRoles(client)
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['backup-drill platform roles'])
    }
  })
}

/** A new database with the platform model up to `layer`; returns its superuser URL. */
export async function createPlatformDatabase(
  layer: PlatformLayer = 'app',
  base = serverUrl()
): Promise<string> {
  await ensurePlatformRoles(base)
  const url = await createDatabase(layer === 'base' ? 'platform_base' : 'platform', base)
  await withClient(url, async (client) => {
    await createPlatformBase(client)
    if (layer === 'base') return
    await createPlatformSchemas(client)
    if (layer === 'app') await seedPlatformApp(client)
  })
  return url
}

/** The same database, connected as the platform's demoted `postgres` role. */
export function asPlatformPostgres(url: string): string {
  const parsed = new URL(url)
  parsed.username = PLATFORM_POSTGRES
  parsed.password = PLATFORM_POSTGRES_PASSWORD
  return parsed.toString()
}

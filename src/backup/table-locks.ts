import { EscalationError } from '../errors.js'
import { quoteTable, tableKey, type TableRef } from '../postgres/catalog.js'
import type { Client } from '../postgres/client.js'

/** SQLSTATE lock_not_available: lock_timeout expired. */
const LOCK_NOT_AVAILABLE = '55P03'

/**
 * Takes ACCESS SHARE on every table of the scope, one at a time, in the
 * backup's transaction before its snapshot (a lock taken before the first
 * query keeps the snapshot current). A table held by another session's DDL
 * (ACCESS EXCLUSIVE) is waited for at most `seconds`, then the backup fails
 * naming it. Holding the locks also keeps the in-snapshot inspection from
 * waiting behind DDL that starts later. `lock_timeout` stays set for the
 * transaction, so nothing in it waits longer.
 */
export async function lockScopeTables(
  client: Client,
  tables: TableRef[],
  seconds: number
): Promise<void> {
  await client.query(`SET LOCAL lock_timeout = ${Math.round(seconds * 1000)}`)
  for (const table of tables) {
    try {
      await client.query(`LOCK TABLE ${quoteTable(table)} IN ACCESS SHARE MODE`)
    } catch (error) {
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error
      throw new EscalationError(
        'backup-failed',
        `table ${tableKey(table)} is locked by another session (DDL such as ALTER TABLE, or VACUUM FULL): waited lock-timeout (${seconds} s); find the session holding it in pg_locks / pg_stat_activity, then retry`
      )
    }
  }
}

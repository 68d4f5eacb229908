import type { Client } from './client.js'

/**
 * Which server and database a connection reached, whatever the spelling that
 * got there: a DNS alias, the machine's host name, a unix socket, a hostaddr
 * or a service file all end at the same `system_identifier` (set by initdb,
 * kept for the life of the cluster and by physical replicas) and database OID.
 */
export interface ServerIdentity {
  /** pg_control_system().system_identifier as text; null where the provider hides it. */
  systemIdentifier: string | null
  /** pg_postmaster_start_time() as text: the fallback server identity (changes on restart). */
  postmasterStartTime: string
  databaseOid: number
  database: string
}

/** Reads the identity of the server and database `client` is connected to. */
export async function readServerIdentity(
  client: Client
): Promise<{ identity: ServerIdentity; note?: string }> {
  const base = await client.query<{ oid: string; name: string; started: string }>(
    `SELECT d.oid::text AS oid, d.datname AS name, pg_catalog.pg_postmaster_start_time()::text AS started
       FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()`
  )
  const row = base.rows[0]
  if (!row) throw new Error('cannot read the current database from pg_database')
  let systemIdentifier: string | null = null
  let note: string | undefined
  try {
    // Executable by PUBLIC on stock PostgreSQL; some providers revoke it.
    const sys = await client.query<{ id: string }>(
      'SELECT system_identifier::text AS id FROM pg_catalog.pg_control_system()'
    )
    systemIdentifier = sys.rows[0]?.id ?? null
  } catch (error) {
    note = `pg_control_system() is not readable here (${error instanceof Error ? error.message : String(error)}): the server is identified by its start time instead, which changes on restart`
  }
  return {
    identity: {
      systemIdentifier,
      postmasterStartTime: row.started,
      databaseOid: Number(row.oid),
      database: row.name
    },
    ...(note ? { note } : {})
  }
}

/**
 * True when both identities are the same server: the same system_identifier,
 * or (where either hides it) the same postmaster start time.
 */
export function isSameServer(a: ServerIdentity, b: ServerIdentity): boolean {
  if (a.systemIdentifier !== null && b.systemIdentifier !== null) {
    return a.systemIdentifier === b.systemIdentifier
  }
  return a.postmasterStartTime === b.postmasterStartTime
}

/**
 * True when both are the same database on the same server. A renamed
 * database keeps its OID and a dropped one frees its name, so either match
 * counts (the safe side for a guard).
 */
export function isSameDatabase(a: ServerIdentity, b: ServerIdentity): boolean {
  return isSameServer(a, b) && (a.databaseOid === b.databaseOid || a.database === b.database)
}

/** For messages: which server and database, without anything secret. */
export function describeIdentity(identity: ServerIdentity): string {
  const server =
    identity.systemIdentifier !== null
      ? `system_identifier ${identity.systemIdentifier}`
      : `server started ${identity.postmasterStartTime}`
  return `${server}, database "${identity.database}" (oid ${identity.databaseOid})`
}

import { fail, pass, type Check } from '../drill/checks.js'
import type { Client } from '../postgres/client.js'

/** One lock another session holds on a relation of the backup's schemas. */
export interface HeldLock {
  pid: number
  user: string | null
  application: string | null
  state: string | null
  relation: string
  mode: string
  /** Seconds since the session's transaction began (null: none). */
  transactionSeconds: number | null
}

/**
 * Reads the locks other sessions hold (granted) on relations in `schemas`. pg_restore --clean's
 * DROP and TRUNCATE take ACCESS EXCLUSIVE and wait, without a timeout, behind any of them: a
 * session left idle in a transaction (an app's pool, a console) makes the restore hang with no
 * word, and every query of the app on that table then queues behind the DROP.
 */
export async function readHeldLocks(
  client: Client,
  schemas: readonly string[]
): Promise<HeldLock[]> {
  const result = await client.query<{
    pid: number
    user: string | null
    application: string | null
    state: string | null
    relation: string
    mode: string
    seconds: number | null
  }>(
    `SELECT l.pid, a.usename::text AS user, a.application_name AS application, a.state,
            pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname) AS relation, l.mode,
            floor(extract(epoch FROM pg_catalog.clock_timestamp() - a.xact_start))::int AS seconds
       FROM pg_catalog.pg_locks l
       JOIN pg_catalog.pg_class c ON c.oid = l.relation
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_catalog.pg_backend_pid()
        -- Autovacuum gives way to a DROP by itself.
        AND a.backend_type IS DISTINCT FROM 'autovacuum worker'
        AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
        AND n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      ORDER BY l.pid, relation, l.mode`,
    [schemas]
  )
  return result.rows.map((row) => ({
    pid: row.pid,
    user: row.user,
    application: row.application,
    state: row.state,
    relation: row.relation,
    mode: row.mode,
    transactionSeconds: row.seconds
  }))
}

/** Pure: the `sessions` check from the locks read (fails naming each session and its tables). */
export function heldLocksCheck(locks: readonly HeldLock[], targetInput: string): Check {
  if (locks.length === 0)
    return pass('sessions', 'no other session holds a lock on a table of the backup')
  const sessions = new Map<number, { lock: HeldLock; relations: Set<string> }>()
  for (const lock of locks) {
    const session = sessions.get(lock.pid) ?? { lock, relations: new Set<string>() }
    session.relations.add(lock.relation)
    sessions.set(lock.pid, session)
  }
  const named = [...sessions.values()].slice(0, 10).map(({ lock, relations }) => {
    const who = [
      lock.user ? `user ${lock.user}` : undefined,
      lock.application ? `application "${lock.application}"` : undefined,
      lock.state ?? undefined,
      lock.transactionSeconds !== null ? `transaction open ${lock.transactionSeconds} s` : undefined
    ].filter(Boolean)
    const tables = [...relations]
    return `pid ${lock.pid} (${who.join(', ')}) on ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ` and ${tables.length - 5} more` : ''}`
  })
  const more = sessions.size > 10 ? `; and ${sessions.size - 10} more session(s)` : ''
  return fail(
    'sessions',
    'restore-failed',
    `${sessions.size} other session(s) in ${targetInput} hold locks on tables the restore drops: ${named.join('; ')}${more}. pg_restore --clean would wait for them without end, and the app's queries on those tables would queue behind it. Nothing was written. Fix: stop the app's connections (SOP §4 step 1: freeze writes), or end the sessions (SELECT pg_terminate_backend(<pid>)), then run the restore again`
  )
}

import pg from 'pg'
import {
  RLS_PROOF_VERSION,
  type RlsObservation,
  type RlsPrincipal,
  type RlsProof
} from '../manifest/rls-proof.js'
import type { Client } from './client.js'
import {
  claimSettings,
  planRlsProof,
  rolesToCheck,
  tableKeyOf,
  type RlsPlanInput,
  type RlsTable,
  type SampledUser
} from './rls-plan.js'

/**
 * The I/O of the RLS behaviour proof (docs/rls-proof.md): read the plan's inputs, then become
 * each principal as PostgREST would and count what it sees. Runs inside a transaction the caller
 * opened (the backup's snapshot; a drill's throwaway transaction) and leaves it as it found it:
 * every step that can fail runs under a savepoint, so a missing grant or function never aborts
 * the caller's transaction, and SET LOCAL ROLE and the claims are rolled back after each principal.
 */

/** Reads the plan's inputs and probes: the manifest's `rls` record. */
export async function recordRlsProof(
  client: Client,
  options: { principals: number; tables: RlsPlanInput['tables'] }
): Promise<RlsProof> {
  const users = options.principals === 0 ? [] : await sampleUsers(client, options.principals)
  const plan = planRlsProof({
    principals: options.principals,
    tables: options.tables,
    users,
    existingRoles: await existingRoles(client, rolesToCheck(users))
  })
  if (plan.status !== 'probe')
    return {
      version: RLS_PROOF_VERSION,
      status: plan.status,
      reason: plan.reason,
      notes: plan.notes,
      tables: [],
      principals: []
    }
  return {
    version: RLS_PROOF_VERSION,
    status: 'recorded',
    notes: plan.notes,
    tables: plan.tables.map(tableKeyOf),
    principals: await probePrincipals(client, plan.principals, plan.tables)
  }
}

/** For each principal, the rows it sees in each table (or the error the count raised). */
export async function probePrincipals(
  client: Client,
  principals: readonly RlsPrincipal[],
  tables: readonly RlsTable[]
): Promise<RlsObservation[]> {
  const observations: RlsObservation[] = []
  for (const principal of principals) {
    const observation: RlsObservation = { ...principal, rows: {}, errors: {} }
    await client.query('SAVEPOINT backup_drill_rls_principal')
    try {
      const become = await attempt(client, async () => {
        // The API roles never bypass RLS; row_security = on makes a policy-filtered read an
        // answer, not an error, whatever the session's default.
        const settings: Array<[string, string]> = [
          ['row_security', 'on'],
          ...claimSettings(principal)
        ]
        await client.query(
          `SELECT ${settings.map((_, i) => `pg_catalog.set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`,
          settings.flat()
        )
        await client.query(`SET LOCAL ROLE ${pg.escapeIdentifier(principal.role)}`)
      })
      if (become !== undefined) {
        observation.error = become
      } else {
        for (const table of tables) {
          let rows = 0
          const failed = await attempt(client, async () => {
            const result = await client.query<{ n: string }>(
              `SELECT count(*) AS n FROM ${pg.escapeIdentifier(table.schema)}.${pg.escapeIdentifier(table.name)}`
            )
            rows = Number(result.rows[0]?.n)
          })
          if (failed === undefined) observation.rows[tableKeyOf(table)] = rows
          else observation.errors[tableKeyOf(table)] = failed
        }
      }
    } finally {
      // Undoes the role and the claims: the caller's transaction continues as itself.
      await client.query('ROLLBACK TO SAVEPOINT backup_drill_rls_principal')
      await client.query('RELEASE SAVEPOINT backup_drill_rls_principal')
    }
    observations.push(observation)
  }
  return observations
}

/**
 * The first `limit` users in id order: the id and the role PostgREST would take from the JWT.
 * `to_jsonb(u) ->> 'role'` reads the role column where it exists and is null where it does not.
 */
async function sampleUsers(client: Client, limit: number): Promise<RlsPlanInput['users']> {
  const exists = await client.query<{ found: boolean }>(
    `SELECT pg_catalog.to_regclass('auth.users') IS NOT NULL AS found`
  )
  if (!exists.rows[0]?.found) return { unavailable: 'auth.users does not exist' }
  let users: SampledUser[] = []
  const failed = await attempt(client, async () => {
    const result = await client.query<SampledUser>(
      `SELECT u.id::text AS id, pg_catalog.to_jsonb(u) ->> 'role' AS role
       FROM auth.users u ORDER BY u.id LIMIT $1`,
      [limit]
    )
    users = result.rows
  })
  return failed === undefined ? users : { unavailable: `auth.users could not be read (${failed})` }
}

async function existingRoles(client: Client, roles: string[]): Promise<Set<string>> {
  const result = await client.query<{ rolname: string }>(
    'SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY($1::text[])',
    [roles]
  )
  return new Set(result.rows.map((row) => row.rolname))
}

/**
 * Runs `work` under a savepoint: undefined when it succeeded, else `<SQLSTATE>: <message>` of the
 * database error (rolled back to the savepoint, the transaction usable again). Other errors throw.
 */
async function attempt(client: Client, work: () => Promise<void>): Promise<string | undefined> {
  await client.query('SAVEPOINT backup_drill_rls_step')
  try {
    await work()
  } catch (error) {
    if (!(error instanceof pg.DatabaseError)) throw error
    await client.query('ROLLBACK TO SAVEPOINT backup_drill_rls_step')
    await client.query('RELEASE SAVEPOINT backup_drill_rls_step')
    return `${error.code}: ${error.message}`
  }
  await client.query('RELEASE SAVEPOINT backup_drill_rls_step')
  return undefined
}

import { errorMessage } from '../errors.js'
import type { Logger } from '../log/logger.js'
import type { RlsObservation, RlsProof } from '../manifest/rls-proof.js'
import type { Manifest, PolicyInventory } from '../manifest/schema.js'
import { connect, type Client } from '../postgres/client.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'
import { tableKeyOf, type RlsTable } from '../postgres/rls-plan.js'
import { probePrincipals } from '../postgres/rls-probe.js'
import { fail, pass, skip, type Check } from './checks.js'
import type { ProofStep } from './prove-restore.js'

/**
 * The drill's half of the RLS behaviour proof (docs/rls-proof.md): the principals the backup
 * probed in its snapshot are probed again in the restored scratch, and every count must match.
 * A missing role or claim function is named as such before the counts say what it broke.
 */

const CHECK = 'rls proof'

/** The proof as a drill step: `(target, manifest) => checks`, logging what it did or why not. */
export function rlsProofStep(logger: Logger, inputName = 'scratch-db-url'): ProofStep {
  return async (target, manifest) => {
    const check = await checkRlsProof(target, manifest, inputName)
    logger.info(`RLS proof: ${check.status} (${check.detail})`)
    return [check]
  }
}

/** Repeats the manifest's RLS probe in `target` and compares: one check. */
export async function checkRlsProof(
  target: DatabaseTarget,
  manifest: Manifest,
  inputName = 'scratch-db-url'
): Promise<Check> {
  const recorded = manifest.rls
  if (!recorded) return skip(CHECK, 'the backup recorded no RLS proof (written before it existed)')
  if (recorded.status === 'off')
    return skip(
      CHECK,
      `skipped: the backup ran with rls-principals 0 (${recorded.reason ?? 'off'})`
    )
  if (recorded.status === 'not-applicable')
    return skip(CHECK, `does not apply: ${recorded.reason ?? 'nothing to prove'}`)
  const tables = recordedTables(recorded, manifest)
  let client: Client
  try {
    client = await connect(target, { inputName, applicationName: 'backup-drill rls proof' })
  } catch (error) {
    return fail(CHECK, 'validation-failed', errorMessage(error))
  }
  try {
    const started = performance.now()
    const roles = await existingRoles(
      client,
      recorded.principals.map((p) => p.role)
    )
    const functions = await missingClaimFunctions(
      client,
      manifest.inventory.policies,
      recorded.tables
    )
    const probed = recorded.principals.filter((p) => p.error === undefined && roles.has(p.role))
    await client.query('BEGIN READ ONLY')
    let found: RlsObservation[]
    try {
      found = await probePrincipals(client, probed, tables)
    } finally {
      await client.query('ROLLBACK')
    }
    const clocked = clockReadingTables(manifest.inventory.policies)
    const compared = compareRlsObservations(recorded, found, roles, clocked)
    const findings = [
      ...functions.map(
        (f) =>
          `claim function ${f.name} does not exist in the restored target (policies on ${f.tables.join(', ')} use it)`
      ),
      ...compared.differences
    ]
    const seconds = (performance.now() - started) / 1000
    if (findings.length > 0) return fail(CHECK, 'validation-failed', findings.join('; '), seconds)
    const users = probed.filter((p) => p.sub !== null).length
    const moved = compared.moved.length
      ? `; counts that moved with the clock, not held against the restore: ${compared.moved.join('; ')}`
      : ''
    return pass(
      CHECK,
      `${probed.some((p) => p.sub === null) ? 'anon and ' : ''}${users} user(s) see the same rows in ${recorded.tables.length} RLS-enabled table(s) as in the backup's snapshot${moved}`,
      seconds
    )
  } catch (error) {
    return fail(CHECK, 'validation-failed', errorMessage(error))
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * Every difference between what the backup's principals saw and what they see now, naming
 * principal, table, expected and found. A principal the backup could not become itself is
 * not compared (there is nothing to hold the scratch to); one whose role is missing here is,
 * when it could read a table in the backup.
 */
export function compareRlsObservations(
  recorded: Pick<RlsProof, 'tables' | 'principals'>,
  found: readonly RlsObservation[],
  existingRoles: ReadonlySet<string>,
  clocked: ReadonlyMap<string, string> = new Map()
): { differences: string[]; moved: string[] } {
  const byId = new Map(found.map((observation) => [observation.id, observation]))
  const differences: string[] = []
  const moved: string[] = []
  for (const want of recorded.principals) {
    if (want.error !== undefined) continue
    const who = `principal ${want.id} (role ${want.role})`
    if (!existingRoles.has(want.role)) {
      // Without the role nobody can act as this principal here: it sees nothing. That only
      // differs from the backup when the principal could read some table there (a plain
      // PostgreSQL cluster that merely has a role anon, without grants, is not an API).
      if (recorded.tables.some((table) => want.rows[table] !== undefined))
        differences.push(`${who}: role ${want.role} does not exist in the restored target`)
      continue
    }
    const got = byId.get(want.id)
    if (!got) {
      differences.push(`${who}: not probed in the restored target`)
      continue
    }
    if (got.error !== undefined) {
      differences.push(`${who}: could not be assumed in the restored target (${got.error})`)
      continue
    }
    for (const table of recorded.tables) {
      const expected = describe(want, table)
      const actual = describe(got, table)
      if (sameOutcome(want, got, table)) continue
      // Rows both times, under a policy that reads the clock: time moved on since the snapshot.
      const clock = clocked.get(table)
      if (clock && want.rows[table] !== undefined && got.rows[table] !== undefined) {
        moved.push(
          `${who}, table ${table}: ${want.rows[table]} row(s) in the backup, ${got.rows[table]} now: its policies read the clock (${clock})`
        )
        continue
      }
      differences.push(`${who}, table ${table}: expected ${expected}, found ${actual}`)
    }
  }
  return { differences, moved }
}

/** What a deparsed policy expression calls to read the clock (pg_get_expr spellings). */
const CLOCK =
  /\b(now|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday)\(|\b(CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME|LOCALTIMESTAMP|LOCALTIME)\b/gi

/**
 * Tables (`schema.name`) with a policy whose USING or WITH CHECK reads the clock, and what it
 * calls. Their counts differ between the backup's snapshot and any later probe by design (a row
 * published at a future time, a session that expired), so a differing count there is named, not
 * failed: the same policy, restored, gives what it gives now. A clock read inside a function the
 * policy calls is not seen and still fails.
 */
export function clockReadingTables(policies: readonly PolicyInventory[]): Map<string, string> {
  const tables = new Map<string, Set<string>>()
  for (const policy of policies) {
    const text = `${policy.using ?? ''} ${policy.withCheck ?? ''}`
    for (const match of text.matchAll(CLOCK)) {
      const call = match[1] ? `${match[1]}()` : match[2]!
      tables.set(policy.table, (tables.get(policy.table) ?? new Set()).add(call))
    }
  }
  return new Map([...tables].map(([table, calls]) => [table, [...calls].sort().join(', ')]))
}

function describe(observation: RlsObservation, table: string): string {
  const rows = observation.rows[table]
  if (rows !== undefined) return `${rows} row(s)`
  const error = observation.errors[table]
  return error !== undefined ? `error ${error}` : 'no count'
}

/** The same count, or the same error class (SQLSTATE): messages may differ across versions. */
function sameOutcome(want: RlsObservation, got: RlsObservation, table: string): boolean {
  if (want.rows[table] !== undefined) return want.rows[table] === got.rows[table]
  const code = (text: string | undefined) => text?.split(':')[0]
  return want.errors[table] !== undefined && code(want.errors[table]) === code(got.errors[table])
}

/** The recorded tables as schema and name (from the inventory: a key alone cannot be split at dots). */
function recordedTables(recorded: RlsProof, manifest: Manifest): RlsTable[] {
  const byKey = new Map(
    manifest.inventory.tables.map(({ schema, name }) => [
      tableKeyOf({ schema, name }),
      { schema, name }
    ])
  )
  return recorded.tables.flatMap((key) => {
    const table = byKey.get(key)
    return table ? [table] : []
  })
}

async function existingRoles(client: Client, roles: string[]): Promise<Set<string>> {
  const result = await client.query<{ rolname: string }>(
    'SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY($1::text[])',
    [[...new Set(roles)]]
  )
  return new Set(result.rows.map((row) => row.rolname))
}

/** The claim functions Supabase policies call. */
const CLAIM_FUNCTIONS = ['auth.uid()', 'auth.role()', 'auth.jwt()']

/** Claim functions the recorded tables' policies call that the target does not have. */
async function missingClaimFunctions(
  client: Client,
  policies: readonly PolicyInventory[],
  tables: readonly string[]
): Promise<Array<{ name: string; tables: string[] }>> {
  const inScope = new Set(tables)
  const missing: Array<{ name: string; tables: string[] }> = []
  for (const name of CLAIM_FUNCTIONS) {
    const users = [
      ...new Set(
        policies
          .filter(
            (p) => inScope.has(p.table) && `${p.using ?? ''} ${p.withCheck ?? ''}`.includes(name)
          )
          .map((p) => p.table)
      )
    ].sort()
    if (users.length === 0) continue
    const result = await client.query<{ found: boolean }>(
      'SELECT pg_catalog.to_regprocedure($1) IS NOT NULL AS found',
      [name]
    )
    if (!result.rows[0]?.found) missing.push({ name, tables: users })
  }
  return missing
}

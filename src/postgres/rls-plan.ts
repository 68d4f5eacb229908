import type { RlsPrincipal } from '../manifest/rls-proof.js'

/**
 * Which principals the RLS behaviour proof probes and in which tables (docs/rls-proof.md).
 * Pure: src/postgres/rls-probe.ts reads the inputs from the database and runs the plan.
 */

/** The role PostgREST uses for a request without a user (the anon key). */
export const ANON_ROLE = 'anon'
/** The role a signed-in user gets when auth.users has none for them (GoTrue's default). */
export const DEFAULT_USER_ROLE = 'authenticated'
/** Default of the `rls-principals` input: users sampled besides anon. */
export const DEFAULT_RLS_PRINCIPALS = 3
export const MAX_RLS_PRINCIPALS = 100

/** A user read from auth.users: only the id and the role column (no email, no token). */
export interface SampledUser {
  id: string
  /** auth.users.role; null when the column is absent or empty. */
  role: string | null
}

/** A table the proof counts in. */
export interface RlsTable {
  schema: string
  name: string
}

export interface RlsPlanInput {
  /** `rls-principals`: how many users to sample besides anon; 0 turns the proof off. */
  principals: number
  /** The tables in scope with their RLS flag (the manifest's inventory). */
  tables: ReadonlyArray<RlsTable & { rlsEnabled: boolean }>
  /** Which of the roles the principals would use exist in the database. */
  existingRoles: ReadonlySet<string>
  /** The users read from auth.users, or why none could be read. */
  users: SampledUser[] | { unavailable: string }
}

export type RlsPlan =
  | { status: 'off' | 'not-applicable'; reason: string; notes: string[] }
  | { status: 'probe'; principals: RlsPrincipal[]; tables: RlsTable[]; notes: string[] }

export const tableKeyOf = (table: RlsTable): string => `${table.schema}.${table.name}`

/** The roles a plan may need: anon, plus the role of every sampled user. */
export function rolesToCheck(users: RlsPlanInput['users']): string[] {
  const roles = new Set([ANON_ROLE, DEFAULT_USER_ROLE])
  if (Array.isArray(users)) for (const user of users) roles.add(userRole(user))
  return [...roles].sort()
}

/**
 * anon plus the first `principals` users in id order (deterministic: the same database gives
 * the same sample, and the drill repeats the manifest's list rather than sampling again), in
 * every RLS-enabled table in scope. Off or not applicable says why.
 */
export function planRlsProof(input: RlsPlanInput): RlsPlan {
  if (input.principals === 0)
    return { status: 'off', reason: 'rls-principals is 0: the RLS proof is off', notes: [] }
  const tables = input.tables
    .filter((table) => table.rlsEnabled)
    .map(({ schema, name }) => ({ schema, name }))
    .sort((a, b) => compare(tableKeyOf(a), tableKeyOf(b)))
  if (tables.length === 0)
    return {
      status: 'not-applicable',
      reason: 'no table in scope has row level security enabled',
      notes: []
    }
  if (!input.existingRoles.has(ANON_ROLE))
    return {
      status: 'not-applicable',
      reason: `role ${ANON_ROLE} does not exist: not a Supabase/PostgREST database, no API principal to prove`,
      notes: []
    }
  const notes: string[] = []
  const principals: RlsPrincipal[] = [{ id: ANON_ROLE, role: ANON_ROLE, sub: null }]
  if (!Array.isArray(input.users)) {
    notes.push(`${input.users.unavailable}: anon only`)
  } else {
    const users = [...input.users].sort((a, b) => compare(a.id, b.id)).slice(0, input.principals)
    for (const user of users) {
      const role = userRole(user)
      if (!input.existingRoles.has(role)) {
        notes.push(
          `user ${user.id}: role ${role} does not exist, so PostgREST could not serve them: not probed`
        )
        continue
      }
      principals.push({ id: user.id, role, sub: user.id })
    }
    if (input.users.length === 0) notes.push('auth.users has no rows: anon only')
  }
  return { status: 'probe', principals, tables, notes }
}

/**
 * The settings PostgREST makes for a request: the JSON claims, and the older one-setting-per-claim
 * spelling that auth.uid() / auth.role() still read first.
 */
export function claimSettings(principal: RlsPrincipal): Array<[string, string]> {
  const claims =
    principal.sub === null ? { role: principal.role } : { sub: principal.sub, role: principal.role }
  return [
    ['request.jwt.claims', JSON.stringify(claims)],
    ['request.jwt.claim.sub', principal.sub ?? ''],
    ['request.jwt.claim.role', principal.role]
  ]
}

function userRole(user: SampledUser): string {
  const role = user.role?.trim()
  return role ? role : DEFAULT_USER_ROLE
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

import type { TargetKindInput } from '../config/input-schemas.js'
import { errorMessage } from '../errors.js'
import type { Manifest } from '../manifest/schema.js'
import { connect, type Client, type ConnectOptions } from '../postgres/client.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'
import {
  inspectManagedTables,
  inspectPlatformTarget,
  type ManagedTable,
  type PlatformTarget
} from '../postgres/platform-target.js'
import { fail, pass, type Check } from './checks.js'
import {
  keepTriggerFunctions,
  orderManagedData,
  planManagedListing,
  versionSkew,
  type ManagedListing,
  type SkewDifference
} from './managed-restore.js'

/**
 * What kind of database a drill or restore writes into (input `target-kind`), and what that
 * changes: into a Supabase project the schemas the platform manages get their data only
 * (docs/target-kind.md); into a plain PostgreSQL the whole backup is restored, after the drill
 * prepared what the manifest says it needs from outside its scope.
 */

export type TargetKind = Exclude<TargetKindInput, 'auto'>

/** The target's kind, from the input and what the target shows (pure). */
export function resolveTargetKind(
  requested: TargetKindInput,
  platform: Pick<PlatformTarget, 'platformSchemas'>
): { kind: TargetKind; detail: string } {
  const owned = platform.platformSchemas.map((s) => `${s.schema} (${s.owner})`).join(', ')
  if (requested !== 'auto') {
    return {
      kind: requested,
      detail: `target-kind ${requested} (given)${owned ? `; platform schemas there: ${owned}` : ''}`
    }
  }
  return platform.platformSchemas.length > 0
    ? { kind: 'supabase', detail: `detected supabase: schemas owned by platform roles: ${owned}` }
    : {
        kind: 'postgres',
        detail:
          'detected postgres: no schema is owned by a platform role (supabase_admin, supabase_auth_admin, supabase_storage_admin)'
      }
}

/** The target as a restore of this backup meets it. */
export interface TargetPlan {
  kind: TargetKind
  detail: string
  role: string
  /** Schemas of the backup the target's platform already manages: data only. */
  managedSchemas: string[]
  /** The target's tables in those schemas. */
  managedTables: ManagedTable[]
  /** Load with session_replication_role = replica (triggers and foreign keys stay quiet). */
  replica: boolean
  skew: SkewDifference[]
  /**
   * Without the replica role: the target's INSERT triggers on platform tables the backup loads
   * (`trigger on schema.table`), which would fire for every row loaded.
   */
  firingTriggers: string[]
  /** `schema.table` whose data version skew or a firing trigger blocks. */
  blocked: Set<string>
}

/**
 * Connects to the database a restore writes into, to inspect and prepare it
 * (the drill's scratch, the production target). A connection that fails is
 * the `restore-failed` check `checkName`, not a throw: the run reports it with
 * the other checks and restores nothing.
 */
export async function connectRestoreTarget(
  target: DatabaseTarget,
  options: ConnectOptions,
  checkName: string
): Promise<{ client: Client; check?: never } | { client?: never; check: Check }> {
  try {
    return { client: await connect(target, options) }
  } catch (error) {
    return { check: fail(checkName, 'restore-failed', errorMessage(error)) }
  }
}

/** Inspects the target (read only) and decides how this backup is restored into it. */
export async function planTarget(
  client: Client,
  requested: TargetKindInput,
  manifest: Manifest
): Promise<TargetPlan> {
  const platform = await inspectPlatformTarget(client)
  const { kind, detail } = resolveTargetKind(requested, platform)
  const owned = new Set(platform.platformSchemas.map((s) => s.schema))
  const managedSchemas =
    kind === 'supabase' ? manifest.scope.schemas.filter((s) => owned.has(s)) : []
  const managedTables = await inspectManagedTables(client, managedSchemas)
  const skew = versionSkew(manifest, new Set(managedSchemas), managedTables)
  const replica = managedSchemas.length > 0 && platform.replicaAllowed
  const loaded = new Set(manifest.inventory.tables.map((t) => `${t.schema}.${t.name}`))
  // A restore never fires triggers (pg_restore creates its own after the data); a platform
  // table's trigger that this role can neither silence nor drop would run for every row loaded.
  const firing = replica
    ? []
    : managedTables.filter((t) => loaded.has(`${t.schema}.${t.name}`) && t.insertTriggers.length)
  return {
    kind,
    detail,
    role: platform.role,
    managedSchemas,
    managedTables,
    replica,
    skew,
    firingTriggers: firing.flatMap((t) =>
      t.insertTriggers.map((trigger) => `${trigger} on ${t.schema}.${t.name}`)
    ),
    blocked: new Set([
      ...skew.filter((d) => d.verdict === 'blocks').map((d) => d.table),
      ...firing.map((t) => `${t.schema}.${t.name}`)
    ])
  }
}

/** The schemas a restore creates and fills itself (the backup's, minus the managed ones). */
export const userSchemas = (plan: TargetPlan, manifest: Manifest): string[] =>
  manifest.scope.schemas.filter((s) => !plan.managedSchemas.includes(s))

/** The tables of the manifest that the target's platform manages and that exist there. */
export function managedTablesOfBackup(plan: TargetPlan, manifest: Manifest): ManagedTable[] {
  const keys = new Set(manifest.inventory.tables.map((t) => `${t.schema}.${t.name}`))
  return plan.managedTables.filter((t) => keys.has(`${t.schema}.${t.name}`))
}

/** The `version skew` check: notes pass, anything that blocks data fails naming table and column. */
export function skewCheck(plan: TargetPlan): Check | undefined {
  if (plan.managedSchemas.length === 0) return undefined
  const describe = (d: SkewDifference) =>
    `${d.table}${d.column === '(table)' ? '' : `.${d.column}`}: backup ${d.backup}, target ${d.target} (${d.reason})`
  const blocking = plan.skew.filter((d) => d.verdict === 'blocks')
  const notes = plan.skew.filter((d) => d.verdict === 'note')
  const tables = managedTableCount(plan)
  if (blocking.length > 0) {
    return fail(
      'version skew',
      'restore-failed',
      `${blocking.length} difference(s) between the backup and the target's platform tables block their data, which was not restored: ${blocking.map(describe).join('; ')}${notes.length ? `; note: ${notes.map(describe).join('; ')}` : ''}`
    )
  }
  return pass(
    'version skew',
    `the ${tables} platform table(s) of ${plan.managedSchemas.join(', ')} take the backup's rows${notes.length ? ` (note: ${notes.map(describe).join('; ')})` : ' (same columns)'}`
  )
}

const managedTableCount = (plan: TargetPlan) => plan.managedTables.length

/**
 * The `platform triggers` check, only without the replica role: INSERT triggers the target
 * has on platform tables the backup loads fail it (those tables' data is not restored),
 * naming each trigger and the grant that lets the restore keep them quiet.
 */
export function firingTriggerCheck(plan: TargetPlan): Check | undefined {
  if (plan.firingTriggers.length === 0) return undefined
  return fail(
    'platform triggers',
    'restore-failed',
    `${plan.firingTriggers.join(', ')} would fire for every row loaded, and role ${plan.role} may not set session_replication_role = replica to keep them quiet (nor drop them): their tables' data was not restored. Fix: GRANT SET ON PARAMETER session_replication_role TO ${plan.role} (PostgreSQL 15+; Supabase grants it to postgres), or restore as a superuser`
  )
}

/** The use-list for a target with managed schemas, and the check about the app's objects on platform tables. */
export function managedRestoreListing(
  plan: TargetPlan,
  manifest: Manifest,
  listing: string,
  clean = false
): { listing: string; check: Check | undefined; planned: ManagedListing | undefined } {
  if (plan.managedSchemas.length === 0) return { listing, check: undefined, planned: undefined }
  const managed = new Set(plan.managedSchemas)
  const planned = planManagedListing(listing, manifest, managed, plan.managedTables, plan.blocked)
  const kept = clean
    ? keepTriggerFunctions(
        planned.listing,
        plan.managedTables,
        new Set(userSchemas(plan, manifest))
      )
    : { listing: planned.listing, kept: [] as string[] }
  const ordered = plan.replica ? kept.listing : orderManagedData(kept.listing, manifest, managed)
  const check = planned.notCreatable.length
    ? fail(
        'platform tables',
        'restore-failed',
        `${planned.notCreatable.length} object(s) the app added to platform tables cannot be created by role ${plan.role}, which lacks the table owner's privileges: ${planned.notCreatable.map((o) => `${o.object} (owner ${o.owner})`).join('; ')}. Drill as a role with the owner's privileges (on a self-hosted or local Supabase, supabase_admin), or re-create them through the platform (docs/target-kind.md#objects-on-platform-tables)`
      )
    : pass(
        'platform tables',
        `data only into the platform's tables of ${plan.managedSchemas.join(', ')}${planned.appObjects.length ? `; the app's own objects on them restored: ${planned.appObjects.join(', ')}` : ''}${presentNote(planned.alreadyPresent, plan.role)}${kept.kept.length ? `; kept the target's ${kept.kept.join(', ')} (a trigger on a platform table calls it, which this role may not drop; validation compares its definition)` : ''}; loaded with ${plan.replica ? 'session_replication_role = replica (triggers and foreign keys quiet while loading)' : 'foreign keys live, in reference order, one table at a time (session_replication_role = replica not allowed to this role)'}`
      )
  return { listing: ordered, check, planned }
}

/** How many already-present objects the check names (a hosted project's auth tables carry dozens of the platform's indexes). */
const PRESENT_NAMED = 12

/** The passing check's note on objects the role could not create but the target already has. */
function presentNote(present: readonly string[], role: string): string {
  if (present.length === 0) return ''
  // Policies first: the platform ships none on its tables, so they are the app's.
  const order = (o: string) => (o.startsWith('policy ') ? 0 : o.startsWith('trigger ') ? 1 : 2)
  const sorted = [...present].sort((a, b) => order(a) - order(b))
  const named = sorted.slice(0, PRESENT_NAMED).join(', ')
  const more = sorted.length > PRESENT_NAMED ? ` and ${sorted.length - PRESENT_NAMED} more` : ''
  return `; already present in the target, not re-created (role ${role} lacks the table owner's privileges; validation compares their definitions): ${named}${more}`
}

/** Differences validation must not count against a restore: target columns the skew rule accepted. */
export function acceptedSkew(plan: TargetPlan): (d: { check: string; object: string }) => boolean {
  const notes = plan.skew.filter((d) => d.verdict === 'note')
  const columns = new Set(notes.map((d) => `${d.table}.${d.column}`))
  const tables = new Set(notes.map((d) => d.table))
  return (d) =>
    (d.check === 'column' && columns.has(d.object)) ||
    // The row hash covers every column of the target's row, the accepted one too.
    (d.check === 'content-hash' && tables.has(d.object))
}

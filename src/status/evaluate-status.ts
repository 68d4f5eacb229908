import type { EscalationCondition } from '../errors.js'
import { round3 } from '../numbers.js'
import { planRetention } from '../retention/planner.js'
import { describePolicy, type RetentionPolicy } from '../retention/policy.js'

/**
 * The pure half of `status`: what a store's listing and the drill logs say
 * about the backups' health, at one clock reading. No I/O here, so every rule
 * is tested on hand-built histories (test/status.test.ts).
 */

/** A complete backup set as status sees it. */
export interface StatusSet {
  name: string
  createdAt: Date
  sizeBytes?: number
  /** The backup's run time (the manifest's timings.totalSeconds), when the store's manifests were read. */
  durationSeconds?: number
}

/** A set with files missing (see IncompleteBackupSet). */
export interface StatusIncompleteSet {
  name: string
  createdAt: Date
  missing: string[]
  note?: string
}

/** One drill log, as much as status needs of it. */
export interface StatusDrill {
  id: string
  startedAt: Date
  finishedAt: Date
  result: 'pass' | 'fail'
  escalations: string[]
  /** Where it was read (a file or an artifact). */
  origin: string
  /** The drill's measured RTO (restore + checks) and its budget, from the log. */
  rto?: { seconds: number; limitMinutes: number; ok: boolean }
}

/** The limits status measures against. */
export interface StatusLimits {
  /** Newest complete backup older than this: `rpo-exceeded`. */
  rpoHours: number
  /** Newest drill older than this, or failed: `drill-overdue`. */
  drillMaxAgeDays: number
  /** The newest set's size below median/factor or above median*factor of the sets before it: a warning. */
  sizeChangeFactor: number
}

export interface StatusInput {
  now: Date
  /** For people: `directory ./backups`. */
  store: string
  /** Complete sets, any order. */
  sets: readonly StatusSet[]
  incomplete: readonly StatusIncompleteSet[]
  /** Why the listing may be partial. */
  problems: readonly string[]
  /** Where the drill logs were looked for. */
  drillSource: string
  drills: readonly StatusDrill[]
  /** Drill logs that could not be read. */
  drillProblems: readonly string[]
  policy: RetentionPolicy
  limits: StatusLimits
  /** No set of `prefix` in the store, but sets of these other prefixes (the listing said so). */
  otherPrefixes?: { prefix: string; others: readonly string[] }
}

/** One line of the status: `fail` raises its condition, `warn` needs a look but does not fail the run. */
export interface StatusCheck {
  name: 'backup-age' | 'drill' | 'retention' | 'incomplete-sets' | 'size-trend' | 'listing'
  status: 'pass' | 'warn' | 'fail'
  detail: string
  condition?: EscalationCondition
}

/** The status of a store (JSON-safe: times are ISO strings). */
export interface StatusReport {
  now: string
  store: string
  result: 'pass' | 'fail'
  /** The conditions of the failed checks, in check order. */
  conditions: EscalationCondition[]
  checks: StatusCheck[]
  backup: {
    count: number
    limitHours: number
    newest?: { name: string; createdAt: string; ageHours: number; sizeBytes?: number }
  }
  drill: {
    source: string
    count: number
    maxAgeDays: number
    newest?: {
      id: string
      finishedAt: string
      ageDays: number
      result: 'pass' | 'fail'
      escalations: string[]
      origin: string
    }
  }
  retention: {
    policy: RetentionPolicy
    daily?: { expected: number; present: number; missing: string[] }
    monthly?: { expected: number; present: number; missing: string[] }
    /** Sets the policy would delete: prune is not running (or not for this store). */
    beyondPolicy: string[]
    incomplete: Array<{ name: string; createdAt: string; missing: string[]; note?: string }>
  }
  sizeTrend?: {
    set: string
    sizeBytes: number
    medianBytes: number
    ratio: number
    compared: number
  }
  /** Every complete set and drill read, oldest first (the HTML report's charts). */
  history: {
    sets: Array<{
      name: string
      createdAt: string
      sizeBytes?: number
      durationSeconds?: number
      /** Why the policy keeps it (the planner's reasons: `daily 2026-11-23`, `monthly 2026-10`); empty: prune deletes it. */
      keptBy: string[]
    }>
    drills: Array<{
      id: string
      startedAt: string
      result: 'pass' | 'fail'
      seconds: number
      rto?: { seconds: number; limitMinutes: number; ok: boolean }
    }>
  }
}

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** The sets the newest is compared with: a week of dailies. */
const TREND_WINDOW = 7
/** Fewer sets before the newest than this give no median worth comparing with. */
const TREND_MINIMUM = 2

export function evaluateStatus(input: StatusInput): StatusReport {
  const sets = [...input.sets].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
  const checks: StatusCheck[] = []

  const backup = backupAge(input, sets, checks)
  const drill = drillAge(input, checks)
  const { retention, keptBy } = retentionHealth(input, sets, checks)
  const sizeTrend = sizeTrendOf(sets, input.limits.sizeChangeFactor, checks)
  if (input.problems.length > 0 || input.drillProblems.length > 0) {
    checks.push({
      name: 'listing',
      status: 'warn',
      detail: [...input.problems, ...input.drillProblems].join('; ')
    })
  }

  const conditions = [
    ...new Set(
      checks.flatMap((check) =>
        check.status === 'fail' && check.condition ? [check.condition] : []
      )
    )
  ]
  return {
    now: input.now.toISOString(),
    store: input.store,
    result: conditions.length > 0 ? 'fail' : 'pass',
    conditions,
    checks,
    backup,
    drill,
    retention,
    ...(sizeTrend ? { sizeTrend } : {}),
    history: {
      sets: [...sets].reverse().map((set) => ({
        name: set.name,
        createdAt: set.createdAt.toISOString(),
        ...(set.sizeBytes === undefined ? {} : { sizeBytes: set.sizeBytes }),
        ...(set.durationSeconds === undefined ? {} : { durationSeconds: set.durationSeconds }),
        keptBy: keptBy.get(set.name) ?? []
      })),
      drills: [...input.drills]
        .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
        .map((drill) => ({
          id: drill.id,
          startedAt: drill.startedAt.toISOString(),
          result: drill.result,
          seconds: round3((drill.finishedAt.getTime() - drill.startedAt.getTime()) / 1000),
          ...(drill.rto ? { rto: drill.rto } : {})
        }))
    }
  }
}

function backupAge(
  input: StatusInput,
  sets: readonly StatusSet[],
  checks: StatusCheck[]
): StatusReport['backup'] {
  const limitHours = input.limits.rpoHours
  const newest = sets[0]
  if (!newest) {
    checks.push({
      name: 'backup-age',
      status: 'fail',
      condition: 'rpo-exceeded',
      detail: input.otherPrefixes?.others.length
        ? `no complete backup set with prefix ${input.otherPrefixes.prefix} in ${input.store}; it holds sets with prefix ${input.otherPrefixes.others.join(', ')}: pass that prefix (--prefix, the prefix input)`
        : `no complete backup set in ${input.store}`
    })
    return { count: 0, limitHours }
  }
  const ageHours = round3((input.now.getTime() - newest.createdAt.getTime()) / HOUR)
  const over = ageHours > limitHours
  checks.push({
    name: 'backup-age',
    status: over ? 'fail' : 'pass',
    ...(over ? { condition: 'rpo-exceeded' as const } : {}),
    detail: `newest complete backup ${newest.name} is ${ageHours.toFixed(1)} h old (limit ${limitHours} h)`
  })
  return {
    count: sets.length,
    limitHours,
    newest: {
      name: newest.name,
      createdAt: newest.createdAt.toISOString(),
      ageHours,
      ...(newest.sizeBytes === undefined ? {} : { sizeBytes: newest.sizeBytes })
    }
  }
}

function drillAge(input: StatusInput, checks: StatusCheck[]): StatusReport['drill'] {
  const maxAgeDays = input.limits.drillMaxAgeDays
  const base = { source: input.drillSource, count: input.drills.length, maxAgeDays }
  const newest = [...input.drills].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())[0]
  if (!newest) {
    checks.push({
      name: 'drill',
      status: 'fail',
      condition: 'drill-overdue',
      detail: `no drill log in ${input.drillSource}: run the restore drill (at least every ${maxAgeDays} days)`
    })
    return base
  }
  const ageDays = round3((input.now.getTime() - newest.finishedAt.getTime()) / DAY)
  const failed = newest.result === 'fail'
  const old = ageDays > maxAgeDays
  const escalated = newest.escalations.length > 0 ? ` (${newest.escalations.join(', ')})` : ''
  const detail = failed
    ? `the last drill ${newest.id} failed${escalated}, ${ageDays.toFixed(1)} days ago: fix it and drill again`
    : old
      ? `the last drill ${newest.id} passed ${ageDays.toFixed(1)} days ago (limit ${maxAgeDays} days): drill again`
      : `the last drill ${newest.id} passed ${ageDays.toFixed(1)} days ago (limit ${maxAgeDays} days)`
  checks.push({
    name: 'drill',
    status: failed || old ? 'fail' : 'pass',
    ...(failed || old ? { condition: 'drill-overdue' as const } : {}),
    detail
  })
  return {
    ...base,
    newest: {
      id: newest.id,
      finishedAt: newest.finishedAt.toISOString(),
      ageDays,
      result: newest.result,
      escalations: newest.escalations,
      origin: newest.origin
    }
  }
}

/**
 * Daily: each of the `keep-daily` UTC days before today (today's backup may not
 * have run yet; the age check covers it) should hold a set, counted from the day
 * of the oldest set (a young history is not missing days it never had). Monthly
 * the same for the `keep-monthly` months before this one. Sets the policy would
 * delete mean prune is not applied.
 */
function retentionHealth(
  input: StatusInput,
  sets: readonly StatusSet[],
  checks: StatusCheck[]
): { retention: StatusReport['retention']; keptBy: Map<string, string[]> } {
  const { policy, now } = input
  const oldest = sets.at(-1)?.createdAt
  const days = new Set(sets.map((set) => set.createdAt.toISOString().slice(0, 10)))
  const months = new Set(sets.map((set) => set.createdAt.toISOString().slice(0, 7)))

  const coverage = (keys: string[], present: Set<string>) => ({
    expected: keys.length,
    present: keys.filter((key) => present.has(key)).length,
    missing: keys.filter((key) => !present.has(key))
  })
  const daily =
    policy.daily > 0 && oldest ? coverage(previousDays(now, policy.daily, oldest), days) : undefined
  const monthly =
    policy.monthly > 0 && oldest
      ? coverage(previousMonths(now, policy.monthly, oldest), months)
      : undefined

  const plan = planRetention(
    sets.map((set) => ({ ...set, id: set.name })),
    policy,
    now
  )
  const beyondPolicy = plan.delete.map(({ backup }) => backup.name)
  const keptBy = new Map(plan.keep.map(({ backup, reasons }) => [backup.name, reasons]))

  const problems: string[] = []
  if (daily && daily.missing.length > 0)
    problems.push(
      `${daily.missing.length} of the last ${daily.expected} days have no backup (${listed(daily.missing)})`
    )
  if (monthly && monthly.missing.length > 0)
    problems.push(
      `${monthly.missing.length} of the last ${monthly.expected} months have no backup (${listed(monthly.missing)})`
    )
  if (beyondPolicy.length > 0)
    problems.push(
      `${beyondPolicy.length} sets are beyond the policy (${describePolicy(policy)}): is prune running? (${listed(beyondPolicy)})`
    )
  // A coverage with nothing due yet (the history began today / this month) says nothing.
  const shape = [
    daily?.expected ? `${daily.present} of ${daily.expected} daily` : undefined,
    monthly?.expected ? `${monthly.present} of ${monthly.expected} monthly` : undefined
  ].filter(Boolean)
  checks.push({
    name: 'retention',
    status: problems.length > 0 ? 'warn' : 'pass',
    detail:
      problems.length > 0
        ? problems.join('; ')
        : sets.length === 0
          ? 'no sets yet'
          : `${shape.join(', ') || `${sets.length} sets`} present (${describePolicy(policy)})`
  })

  const incomplete = input.incomplete.map((set) => ({
    name: set.name,
    createdAt: set.createdAt.toISOString(),
    missing: set.missing,
    ...(set.note === undefined ? {} : { note: set.note })
  }))
  if (incomplete.length > 0) {
    checks.push({
      name: 'incomplete-sets',
      status: 'warn',
      detail: incomplete
        .map((set) => `${set.name}: ${set.note ?? `missing ${set.missing.join(', ')}`}`)
        .join('; ')
    })
  }
  return {
    retention: {
      policy,
      ...(daily ? { daily } : {}),
      ...(monthly ? { monthly } : {}),
      beyondPolicy,
      incomplete
    },
    keptBy
  }
}

/**
 * The newest set's size against the median of the (up to a week of) sets before
 * it: a table emptied by a bad migration, or one that exploded, shows here first.
 */
function sizeTrendOf(
  sets: readonly StatusSet[],
  factor: number,
  checks: StatusCheck[]
): StatusReport['sizeTrend'] {
  const [newest, ...before] = sets
  const previous = before
    .slice(0, TREND_WINDOW)
    .flatMap((set) => (set.sizeBytes === undefined ? [] : [set.sizeBytes]))
  if (!newest || newest.sizeBytes === undefined || previous.length < TREND_MINIMUM) return undefined
  const medianBytes = median(previous)
  const ratio =
    medianBytes > 0 ? round3(newest.sizeBytes / medianBytes) : newest.sizeBytes > 0 ? Infinity : 1
  const changed = ratio < 1 / factor || ratio > factor
  const direction = ratio < 1 ? 'dropped' : 'grew'
  checks.push({
    name: 'size-trend',
    status: changed ? 'warn' : 'pass',
    detail: changed
      ? `${newest.name} ${direction} to ${percent(ratio)} of the median of the ${previous.length} sets before it (${newest.sizeBytes} vs ${medianBytes} bytes): check for emptied or exploded tables`
      : `${newest.name} is ${percent(ratio)} of the median of the ${previous.length} sets before it`
  })
  return {
    set: newest.name,
    sizeBytes: newest.sizeBytes,
    medianBytes,
    ratio: Number.isFinite(ratio) ? ratio : Number.MAX_SAFE_INTEGER,
    compared: previous.length
  }
}

/** The `count` UTC days before `now`'s day, from `oldest`'s day on, newest first. */
function previousDays(now: Date, count: number, oldest: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  const first = oldest.toISOString().slice(0, 10)
  const days: string[] = []
  for (let back = 1; back <= count; back++) {
    const day = new Date(today - back * DAY).toISOString().slice(0, 10)
    if (day < first) break
    days.push(day)
  }
  return days
}

/** The `count` UTC months before `now`'s month, from `oldest`'s month on, newest first. */
function previousMonths(now: Date, count: number, oldest: Date): string[] {
  const first = oldest.toISOString().slice(0, 7)
  const months: string[] = []
  for (let back = 1; back <= count; back++) {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))
      .toISOString()
      .slice(0, 7)
    if (month < first) break
    months.push(month)
  }
  return months
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const percent = (ratio: number) =>
  Number.isFinite(ratio) ? `${Math.round(ratio * 100)} %` : 'infinitely more'

/** At most 10 names, then how many more. */
function listed(names: readonly string[]): string {
  return names.length <= 10
    ? names.join(', ')
    : `${names.slice(0, 10).join(', ')} and ${names.length - 10} more`
}

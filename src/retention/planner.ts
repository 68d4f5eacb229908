import {
  RETENTION_RULES,
  policyKeepsSomething,
  type RetentionPolicy,
  type RetentionRule
} from './policy.js'

/** What the planner needs of a backup: a unique id and its UTC creation time. */
export interface BackupRef {
  id: string
  createdAt: Date
}

/** Keep or delete for every backup; each kept one says why (`daily 2026-11-23`, `monthly 2026-10`). */
export interface RetentionPlan<B extends BackupRef> {
  /** Newest first. */
  keep: Array<{ backup: B; reasons: string[] }>
  /** Newest first. */
  delete: Array<{ backup: B }>
}

/** The reason given to a backup created after `now`. */
export const FUTURE_REASON = 'future: created after now'

/**
 * Plans retention with the semantics of restic's `forget`:
 * - each rule walks the backups newest first and keeps the newest backup of
 *   each UTC calendar bucket (day, ISO week, month, year; `last` = every
 *   backup its own bucket) until it has kept `policy[rule]` of them; only
 *   buckets that hold a backup count, so a gap of missed days costs nothing;
 * - rules are independent and OR'ed: a backup is kept when any rule keeps it,
 *   with one reason per rule;
 * - like restic >= 0.17, a rule that still has unused slots after the walk
 *   also keeps the oldest backup, so a young history is not thinned to one
 *   backup per bucket at its far end (reason `oldest (monthly: 10 unused)`).
 *
 * `now` is not a reference point for the rules (restic does not use one
 * either: the buckets are counted from the newest backup, so a paused
 * schedule never ages every backup out). It only separates backups dated
 * after `now` (clock skew, a hand-named file): those are kept with
 * FUTURE_REASON and take no part in the rules, so a mis-dated file cannot
 * take the slot of a real day.
 *
 * Guarantees: the newest backup not in the future is always kept (every rule
 * with a count keeps it); the plan is a fixed point (planning again over the
 * kept backups deletes nothing); the keep list is empty only when the input is.
 * Throws when the policy keeps nothing (the schema rejects such input earlier).
 */
export function planRetention<B extends BackupRef>(
  backups: readonly B[],
  policy: RetentionPolicy,
  now: Date
): RetentionPlan<B> {
  if (!policyKeepsSomething(policy)) throw new Error('retention policy keeps nothing')
  for (const backup of backups) {
    if (Number.isNaN(backup.createdAt.getTime()))
      throw new Error(`backup ${backup.id} has an invalid createdAt`)
  }
  const sorted = [...backups].sort(newestFirst)
  const future = sorted.filter((backup) => backup.createdAt.getTime() > now.getTime())
  const past = sorted.filter((backup) => backup.createdAt.getTime() <= now.getTime())

  const reasons: string[][] = past.map(() => [])
  for (const rule of RETENTION_RULES) {
    let left = policy[rule]
    if (left <= 0) continue
    let lastBucket: string | undefined
    let oldestKept = false
    for (const [index, backup] of past.entries()) {
      if (left === 0) break
      const bucket = bucketOf(rule, backup.createdAt, index)
      if (bucket === lastBucket) continue
      lastBucket = bucket
      left--
      reasons[index]!.push(`${rule} ${bucket}`)
      oldestKept = index === past.length - 1
    }
    if (left > 0 && past.length > 0 && !oldestKept) {
      reasons[past.length - 1]!.push(`oldest (${rule}: ${left} unused)`)
    }
  }

  const keep: RetentionPlan<B>['keep'] = future.map((backup) => ({
    backup,
    reasons: [FUTURE_REASON]
  }))
  const remove: RetentionPlan<B>['delete'] = []
  for (const [index, backup] of past.entries()) {
    const why = reasons[index]!
    if (why.length > 0) keep.push({ backup, reasons: why })
    else remove.push({ backup })
  }
  return { keep, delete: remove }
}

/** Newest first; ties broken by id so the plan does not depend on input order. */
function newestFirst(a: BackupRef, b: BackupRef): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
}

/** The UTC calendar bucket of a time for a rule, as the label shown in reasons. */
export function bucketOf(rule: RetentionRule, at: Date, index: number): string {
  const year = String(at.getUTCFullYear()).padStart(4, '0')
  const month = pad2(at.getUTCMonth() + 1)
  switch (rule) {
    case 'last':
      return `#${index + 1}`
    case 'daily':
      return `${year}-${month}-${pad2(at.getUTCDate())}`
    case 'weekly':
      return isoWeek(at)
    case 'monthly':
      return `${year}-${month}`
    case 'yearly':
      return year
  }
}

/** ISO 8601 week of a UTC time, `2026-W48`: weeks start on Monday and belong to the year of their Thursday. */
export function isoWeek(at: Date): string {
  const weekday = at.getUTCDay() || 7
  // setUTC* rather than Date.UTC(y, ...), which maps years 0-99 to 1900-1999.
  const thursday = new Date(at.getTime())
  thursday.setUTCDate(at.getUTCDate() + 4 - weekday)
  const year = thursday.getUTCFullYear()
  const januaryFirst = new Date(thursday.getTime())
  januaryFirst.setUTCMonth(0, 1)
  const week = Math.floor((thursday.getTime() - januaryFirst.getTime()) / 86_400_000 / 7) + 1
  return `${String(year).padStart(4, '0')}-W${pad2(week)}`
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

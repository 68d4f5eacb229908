import { RETENTION_RULES, type RetentionPolicy, type RetentionRule } from '../retention/policy.js'

const DAY_MS = 24 * 60 * 60 * 1000
/** Days in one bucket of each calendar rule (a month and a year on average, rounded up below). */
const BUCKET_DAYS: Record<Exclude<RetentionRule, 'last'>, number> = {
  daily: 1,
  weekly: 7,
  monthly: 365.25 / 12,
  yearly: 365.25
}
/** The longest retention GitHub allows at all (private repositories); public ones stop at 90. */
export const GITHUB_MAX_ARTIFACT_DAYS = 400
export const GITHUB_PUBLIC_ARTIFACT_DAYS = 90

/** What one rule asks of the store: its backups must live `days` days. */
export interface RuleNeed {
  rule: RetentionRule
  count: number
  days: number
}

/**
 * How long a backup must survive for each calendar rule of the policy to be
 * served: `count` buckets of the rule's length (keep-daily 35 -> 35 days,
 * keep-weekly 8 -> 56, keep-monthly 12 -> 366, keep-yearly 2 -> 731). This
 * is the span the rule's oldest kept backup reaches back at most, rounded up,
 * so a store that keeps backups this long never loses one the policy keeps.
 * keep-last has no span of its own (it depends on the schedule) and is left
 * out. Rules with a count of 0 are left out. Longest first.
 */
export function retentionNeeds(policy: RetentionPolicy): RuleNeed[] {
  const needs: RuleNeed[] = []
  for (const rule of RETENTION_RULES) {
    if (rule === 'last' || policy[rule] <= 0) continue
    // The small epsilon keeps 12 * 365.25 / 12 from becoming 365.00000000000006 -> 366 by float noise alone.
    needs.push({
      rule,
      count: policy[rule],
      days: Math.ceil(policy[rule] * BUCKET_DAYS[rule] - 1e-9)
    })
  }
  return needs.sort((a, b) => b.days - a.days)
}

/** The two times GitHub reports for an artifact, and its name for messages. */
export interface ArtifactTimes {
  name: string
  createdAt: Date
  /** Undefined when GitHub reports none. */
  expiresAt: Date | undefined
}

/** A store whose backups expire before the policy would delete them. */
export interface LifetimeShortfall {
  /** The artifact the lifetime was read from (the newest with an expiry). */
  artifact: string
  /** `expires_at - created_at` in whole days. */
  lifetimeDays: number
  /** The longest need of the policy. */
  neededDays: number
  /** Every rule the lifetime does not cover, longest first. */
  short: RuleNeed[]
}

/**
 * Compares the lifetime GitHub gives the artifacts (`expires_at - created_at`
 * of the newest artifact that has an expiry: the retention the current
 * configuration gets, after any repository or organization cap) with what the
 * policy needs (retentionNeeds). Undefined when the lifetime covers every
 * rule, or when no artifact reports an expiry. Artifacts must be newest first.
 */
export function checkArtifactLifetime(
  policy: RetentionPolicy,
  artifacts: readonly ArtifactTimes[]
): LifetimeShortfall | undefined {
  const newest = artifacts.find((artifact) => artifact.expiresAt !== undefined)
  if (!newest?.expiresAt) return undefined
  const lifetimeDays = Math.round(
    (newest.expiresAt.getTime() - newest.createdAt.getTime()) / DAY_MS
  )
  const needs = retentionNeeds(policy)
  const short = needs.filter((need) => need.days > lifetimeDays)
  if (short.length === 0) return undefined
  return { artifact: newest.name, lifetimeDays, neededDays: short[0]!.days, short }
}

/** The warning for a shortfall: what is lost, why (GitHub's caps), and where to keep the long-lived backups instead. */
export function lifetimeWarningText(shortfall: LifetimeShortfall): string {
  const rules = shortfall.short
    .map((need) => `keep-${need.rule} ${need.count} needs ${need.days} days`)
    .join(', ')
  const cap =
    shortfall.neededDays > GITHUB_MAX_ARTIFACT_DAYS
      ? `No artifact can live that long: GitHub keeps artifacts at most ${GITHUB_MAX_ARTIFACT_DAYS} days (${GITHUB_PUBLIC_ARTIFACT_DAYS} on public repositories).`
      : `GitHub caps artifact retention at ${GITHUB_PUBLIC_ARTIFACT_DAYS} days on public repositories and at the repository's or organization's setting (up to ${GITHUB_MAX_ARTIFACT_DAYS} days) on private ones; the backup's retention-days input cannot go past that cap.`
  return [
    `Backup artifacts live ${shortfall.lifetimeDays} days (expires_at - created_at of ${shortfall.artifact}), but the policy needs ${shortfall.neededDays}: ${rules}.`,
    `Backups older than ${shortfall.lifetimeDays} days expire on their own, so the older backups the policy means to keep (the monthly ones first) will not exist.`,
    cap,
    'To keep the monthly backups, store them where they do not expire as well: a directory store (the backup and prune out-dir on a persistent disk, e.g. a self-hosted runner or a synced folder), later object storage.'
  ].join(' ')
}

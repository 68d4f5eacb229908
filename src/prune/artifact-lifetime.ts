import { describeNeeds, rulesShortOf, type RuleNeed } from '../retention/needs.js'
import type { RetentionPolicy } from '../retention/policy.js'
import { artifactRetentionFix } from '../storage/artifact-retention.js'

const DAY_MS = 24 * 60 * 60 * 1000

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
  const short = rulesShortOf(policy, lifetimeDays)
  if (short.length === 0) return undefined
  return { artifact: newest.name, lifetimeDays, neededDays: short[0]!.days, short }
}

/**
 * The `retention-unattainable` message for a shortfall: what is lost, why, and
 * how to fix it (a longer artifact retention, or a store that does not expire).
 */
export function lifetimeShortfallText(shortfall: LifetimeShortfall): string {
  return [
    `Backup artifacts live ${shortfall.lifetimeDays} days (expires_at - created_at of ${shortfall.artifact}), but the policy needs ${shortfall.neededDays}: ${describeNeeds(shortfall.short)}.`,
    `Backups older than ${shortfall.lifetimeDays} days expire on their own, so the older backups the policy means to keep (the monthly ones first) will not exist.`,
    artifactRetentionFix(shortfall.neededDays),
    'Or lower the keep-* rules to what the artifacts can hold.'
  ].join(' ')
}

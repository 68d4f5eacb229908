import { EscalationError } from '../errors.js'
import { describeNeeds, retentionNeeds, rulesShortOf } from '../retention/needs.js'
import {
  DEFAULT_RETENTION_POLICY,
  describePolicy,
  type RetentionPolicy
} from '../retention/policy.js'
import { artifactRetentionFix, repositoryRetentionLimit } from '../storage/artifact-retention.js'

/** How long GitHub will keep the backup's artifact, and whether the repository's limit lowered it. */
export interface ArtifactRetention {
  /** What the artifact client will ask for: retention-days, lowered to the repository's limit. */
  days: number
  /** Set when the repository's limit (GITHUB_RETENTION_DAYS) is below retention-days. */
  limitedFrom?: number
}

/**
 * Checks, before anything is dumped, that an artifact upload keeps the backup
 * as long as the retention policy needs (the SOP's 35 daily + 12 monthly ->
 * 366 days). The @actions/artifact client silently lowers retention-days to
 * the repository's limit (GITHUB_RETENTION_DAYS; GitHub's default is 90): when
 * that limit cuts the artifact's life below what the policy needs, the backup
 * would "succeed" while the monthly backups could never exist, so it fails with
 * `retention-unattainable` and the fix. A retention-days set below the need
 * on purpose (a shorter policy) is the person's choice and passes; prune judges
 * the artifacts' real lifetime against its own keep-* rules.
 */
export function checkArtifactRetention(
  retentionDays: number,
  env: NodeJS.ProcessEnv,
  policy: RetentionPolicy = DEFAULT_RETENTION_POLICY
): ArtifactRetention {
  const limit = repositoryRetentionLimit(env)
  if (limit === undefined || limit >= retentionDays) return { days: retentionDays }
  const short = rulesShortOf(policy, limit)
  if (short.length === 0) return { days: limit, limitedFrom: retentionDays }
  const needed = retentionNeeds(policy)[0]!.days
  throw new EscalationError(
    'retention-unattainable',
    `backup artifacts would live ${limit} days, not the ${retentionDays} asked: the repository's artifact retention limit (GITHUB_RETENTION_DAYS=${limit}) caps them. ` +
      `The retention policy (${describePolicy(policy)}) needs ${needed} days (${describeNeeds(short)}), so the older backups it keeps would expire first. ` +
      `${artifactRetentionFix(needed)} If a shorter policy is meant, set retention-days to ${limit} or less.`
  )
}

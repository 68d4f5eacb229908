import { z } from 'zod'
import { booleanInput, parseInputs, type RawInputs } from '../input/parse-inputs.js'
import { InputError } from '../errors.js'
import {
  RETENTION_INPUTS,
  parseRetentionPolicy,
  type RetentionPolicy
} from '../retention/policy.js'
import { registerSecret } from '../secrets.js'
import type { ArtifactStoreTarget } from '../storage/artifact-backup-store.js'

/** Input names of the prune operation: action inputs and CLI flags alike. */
export const PRUNE_INPUTS = [
  'out-dir',
  'prefix',
  'artifact-name',
  'repository',
  'github-token',
  ...RETENTION_INPUTS,
  'dry-run'
] as const

/** The folder prune works on when it is given no store. */
export const DEFAULT_OUT_DIR = './backups'
/** The set name prefix of a folder when none is given (the backup's default). */
export const DEFAULT_PREFIX = 'backup'

/**
 * The parsed options of prune, less `now` (the caller's clock). Exactly one
 * store: `artifacts` when artifact-name was given, else the folder `outDir`.
 */
export interface PruneInputs {
  /** The folder holding the sets; undefined when pruning artifacts. */
  outDir?: string
  /** The repository and token of the artifact store; undefined when pruning a folder. */
  artifacts?: ArtifactStoreTarget
  /**
   * Which sets: in a folder, the sets named `<prefix>-<yyyymmdd-HHMMSS>`; with
   * artifacts, the artifact-name (artifacts named `<name>-<yyyymmdd-HHMMSS>`,
   * or exactly `<name>`, one per run; see artifact-backup-store.ts).
   */
  prefix: string
  policy: RetentionPolicy
  dryRun: boolean
}

// Same rule as the backup's prefix, so every prefix a backup can write can be pruned.
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/
// Same rule as the backup's artifact-name, so every name a backup can upload can be pruned.
const ARTIFACT_NAME = /^[^"<>:|*?\\/\r\n]{1,200}$/
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/

const schema = z.object({
  'out-dir': z.string().optional(),
  prefix: z
    .string()
    .regex(PREFIX, {
      error:
        'must start with a letter or digit and hold only letters, digits, ., - and _ (e.g. opta-supabase)'
    })
    .optional(),
  'artifact-name': z
    .string()
    .regex(ARTIFACT_NAME, {
      error: 'must be 1-200 characters without " < > : | * ? \\ / or newlines'
    })
    .optional(),
  repository: z
    .string()
    .regex(REPOSITORY, { error: 'must be owner/repo (e.g. octo-org/octo-repo)' })
    .optional(),
  'github-token': z.string().optional(),
  // Deleting is the one irreversible step in this tool, so leaving the input out only reports.
  'dry-run': booleanInput('dry-run').default(true)
})

/**
 * Parses the prune inputs; throws InputError naming the offending input.
 *
 * The store rule: `artifact-name` given -> GitHub artifacts of `repository`
 * (needs `github-token`); otherwise the folder `out-dir` (default ./backups).
 * Giving both out-dir and artifact-name is bad input (one store per run), and
 * so is prefix with artifact-name (the artifact-name is the prefix there).
 * The token is registered as a secret before anything else happens; it is
 * ignored without artifact-name (the action passes github.token by default).
 */
export function parsePruneInputs(raw: RawInputs): PruneInputs {
  registerSecret(raw['github-token'])
  const parsed = parseInputs(schema, raw)
  const policy = parseRetentionPolicy(raw)
  const dryRun = parsed['dry-run']
  const artifactName = parsed['artifact-name']
  if (artifactName === undefined) {
    return {
      outDir: parsed['out-dir'] ?? DEFAULT_OUT_DIR,
      prefix: parsed.prefix ?? DEFAULT_PREFIX,
      policy,
      dryRun
    }
  }
  if (parsed['out-dir'] !== undefined) {
    throw new InputError(
      'out-dir',
      'give either out-dir (a folder) or artifact-name (GitHub artifacts), not both: prune works on one store per run'
    )
  }
  if (parsed.prefix !== undefined) {
    throw new InputError(
      'prefix',
      'applies to out-dir only; with artifact-name, the artifact-name selects the backups (artifacts named <artifact-name>-<yyyymmdd-HHMMSS>, or exactly <artifact-name>)'
    )
  }
  if (!parsed['github-token']) {
    throw new InputError(
      'github-token',
      'pruning artifacts needs a token with actions:write on the repository (in a workflow: github-token: ${{ github.token }} and permissions: actions: write)'
    )
  }
  if (!parsed.repository) {
    throw new InputError('repository', 'give owner/repo (GITHUB_REPOSITORY is not set)')
  }
  return {
    artifacts: { repository: parsed.repository, token: parsed['github-token'] },
    prefix: artifactName,
    policy,
    dryRun
  }
}

import type { RawInputs } from '../input/parse-inputs.js'
import { InputError } from '../errors.js'
import { artifactNameRule, booleanRule, prefixRule, repositoryRule } from './input-schemas.js'
import {
  defineInputs,
  inputNames,
  parseRegisteredInputs,
  registerSecretInputs
} from './input-spec.js'
import {
  DEFAULT_RETENTION_POLICY,
  keepCountRule,
  parseRetentionPolicy,
  type RetentionPolicy,
  type RetentionRule
} from '../retention/policy.js'
import type { ArtifactStoreTarget } from '../storage/artifact-backup-store.js'
import type { S3StoreConfig } from '../storage/s3/s3-config.js'
import { S3_INPUT_SPECS, parseS3Store, storeRule } from './s3-inputs.js'

/** The folder prune works on when it is given no store. */
export const DEFAULT_OUT_DIR = './backups'
/** The set name prefix of a folder when none is given (the backup's default). */
export const DEFAULT_PREFIX = 'backup'

const keepCount = (rule: RetentionRule, description: string, help: string) => ({
  rule: keepCountRule,
  default: String(DEFAULT_RETENTION_POLICY[rule]),
  description,
  cli: { value: '<n>', help }
})

/** prune/action.yml's inputs, the CLI's flags (the token comes from the environment there). */
export const PRUNE_INPUT_SPECS = defineInputs({
  store: {
    rule: storeRule,
    description:
      'Where the sets live: s3 prunes the s3-bucket (the sets named <prefix>-<yyyymmdd-HHMMSS> under s3-prefix, which defaults to the prefix; a set is deleted manifest first). Empty: artifact when artifact-name is given, else directory (out-dir).',
    cli: {
      value: '<store>',
      help: 'directory, artifact or s3 (default: artifact with --artifact-name, else directory)'
    }
  },
  'out-dir': {
    // No default here: giving out-dir together with artifact-name is refused, so blank must stay blank.
    description:
      'Folder holding the backup sets (<prefix>-<yyyymmdd-HHMMSS>.dump or .dump.age, .sha256, .manifest.json). Blank means ./backups. Used only when artifact-name is blank; giving both is an error (one store per run).',
    cli: {
      value: '<dir>',
      help: `folder holding the backup sets (default: "${DEFAULT_OUT_DIR}"; not with --artifact-name)`
    }
  },
  prefix: {
    rule: prefixRule,
    description:
      'Folder or bucket (store s3): the sets named <prefix>-<yyyymmdd-HHMMSS> are considered. Blank means backup. Giving it together with artifact-name is an error (artifact-name selects the artifacts).',
    cli: {
      value: '<prefix>',
      help: `only sets named <prefix>-<yyyymmdd-HHMMSS> (default: "${DEFAULT_PREFIX}"; not with --artifact-name)`
    }
  },
  'artifact-name': {
    rule: artifactNameRule,
    description:
      'Prune GitHub artifacts instead of a folder. Artifacts named <artifact-name>-<yyyymmdd-HHMMSS> (what the backup uploads without an artifact-name: one per set) are dated by that stamp; artifacts named exactly <artifact-name> (a fixed artifact-name: one per run) are dated by their created_at. Expired artifacts are gone and not counted. Fails with retention-unattainable when the artifacts expire before the policy would delete them (90 days on public repositories; 12 monthly needs 366).',
    cli: {
      value: '<name>',
      help: 'prune GitHub artifacts instead of a folder: those named <name>-<yyyymmdd-HHMMSS> (one per set) or exactly <name> (one per run, dated by created_at); token from GITHUB_TOKEN or GH_TOKEN'
    }
  },
  repository: {
    rule: repositoryRule,
    env: ['GITHUB_REPOSITORY'],
    actionDefault: '${{ github.repository }}',
    description: 'owner/repo holding the artifacts (artifact-name only).',
    cli: {
      value: '<owner/repo>',
      help: 'repository of the artifacts'
    }
  },
  'github-token': {
    secret: 'whole',
    // Never a flag: it stays out of shell history and process lists.
    env: ['GITHUB_TOKEN', 'GH_TOKEN'],
    actionDefault: '${{ github.token }}',
    description:
      'Token that lists and deletes the artifacts (artifact-name only): the job needs permissions actions: write. Masked at once.'
  },
  'keep-last': keepCount('last', 'Keep the N newest complete sets.', 'keep the n newest sets'),
  'keep-daily': keepCount(
    'daily',
    'Keep the newest set of each of the N newest UTC days that have one.',
    'keep the newest set of each of the n newest UTC days that have one'
  ),
  'keep-weekly': keepCount(
    'weekly',
    'Keep the newest set of each of the N newest ISO weeks that have one.',
    'same per ISO week'
  ),
  'keep-monthly': keepCount(
    'monthly',
    'Keep the newest set of each of the N newest UTC months that have one.',
    'same per UTC month'
  ),
  'keep-yearly': keepCount(
    'yearly',
    'Keep the newest set of each of the N newest UTC years that have one.',
    'same per UTC year'
  ),
  'dry-run': {
    rule: booleanRule('dry-run'),
    // Deleting is the one irreversible step in this tool, so leaving the flag out only reports.
    default: 'true',
    actionDefault: 'false',
    description:
      'true: only report what would be deleted. Incomplete sets are never deleted, and nothing is deleted when the listing has problems (for artifacts: a listing that does not add up).',
    cli: {
      negatable: true,
      help: 'only report what would be deleted (the default)',
      negatedHelp: 'delete the sets outside the policy'
    }
  },
  ...S3_INPUT_SPECS
})

/** Input names of the prune operation: action inputs and CLI flags alike. */
export const PRUNE_INPUTS = inputNames(PRUNE_INPUT_SPECS, 'parsed')

/**
 * The parsed options of prune, less `now` (the caller's clock). Exactly one
 * store: `artifacts` when artifact-name was given, else the folder `outDir`.
 */
export interface PruneInputs {
  /** The folder holding the sets; undefined when pruning artifacts. */
  outDir?: string
  /** The repository and token of the artifact store; undefined when pruning a folder. */
  artifacts?: ArtifactStoreTarget
  /** store s3: the bucket. */
  s3?: S3StoreConfig
  /**
   * Which sets: in a folder, the sets named `<prefix>-<yyyymmdd-HHMMSS>`; with
   * artifacts, the artifact-name (artifacts named `<name>-<yyyymmdd-HHMMSS>`,
   * or exactly `<name>`, one per run; see artifact-backup-store.ts).
   */
  prefix: string
  policy: RetentionPolicy
  dryRun: boolean
}

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
export function parsePruneInputs(
  raw: RawInputs,
  env: NodeJS.ProcessEnv = process.env
): PruneInputs {
  registerSecretInputs(PRUNE_INPUT_SPECS, raw)
  const parsed = parseRegisteredInputs(PRUNE_INPUT_SPECS, raw)
  const policy = parseRetentionPolicy(raw)
  const dryRun = parsed['dry-run']
  const artifactName = parsed['artifact-name']
  if (parsed.store === 's3') {
    for (const other of ['artifact-name', 'out-dir'] as const)
      if (parsed[other] !== undefined)
        throw new InputError(
          other,
          'applies to another store: with store s3, prune works on the s3-bucket only'
        )
    const prefix = parsed.prefix ?? DEFAULT_PREFIX
    return { s3: parseS3Store(parsed, env, prefix), prefix, policy, dryRun }
  }
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

import { availableParallelism } from 'node:os'
import { InputError } from '../errors.js'
import { parseDatabaseUrl, type DatabaseTarget } from '../postgres/connection-url.js'
import { projectRefFromTarget } from './backup-options.js'
import {
  ARTIFACT_NAME_CHECKED,
  BACKUP_SOURCE_INPUT_SPECS,
  parseVerifyOptions,
  type VerifyOptions
} from './drill-options.js'
import {
  booleanRule,
  jobsRule,
  projectRefRule,
  TARGET_KIND_SPEC,
  type TargetKindInput
} from './input-schemas.js'
import {
  defineInputs,
  inputNames,
  parseRegisteredInputs,
  registerSecretInputs,
  withDescriptions
} from './input-spec.js'
import type { RawInputs } from '../input/parse-inputs.js'

/** The restore's own inputs, besides the backup source (the target and its confirmation first). */
const RESTORE_TARGET_INPUT_SPECS = defineInputs({
  'db-url': {
    required: true,
    secret: 'url-password',
    env: ['BACKUP_DRILL_DB_URL'],
    description:
      "Production database to OVERWRITE, postgres://USER:PASSWORD@HOST:5432/DATABASE or keyword=value (pass it from a secret; masked at once). A Supabase URL must name the project-ref project. Before any write the restore connects and proves it is the backup's own source (same system_identifier and database name, whatever the spelling), unless restore-elsewhere is true.",
    cli: { value: '<url>', help: 'production database to overwrite' }
  },
  'project-ref': {
    rule: projectRefRule,
    required: true,
    missing: 'is required: the production project ref (the restore is confirmed against it)',
    env: ['BACKUP_DRILL_PROJECT_REF'],
    description: 'Production Supabase project ref. A backup taken from another project is refused.',
    cli: { value: '<ref>', help: 'production project ref' }
  },
  confirm: {
    required: true,
    missing:
      'is required: type the production project ref (Supabase) or the database name of db-url to confirm that production will be overwritten',
    description:
      'Names the target, typed by the person starting the restore: for a Supabase db-url the project ref (must equal project-ref), for any other PostgreSQL the database name of db-url. Anything else fails the step as bad input before anything is fetched or touched.',
    cli: {
      value: '<name>',
      help: 'type the project ref (Supabase) or the database name of --db-url to confirm it will be overwritten'
    }
  },
  'restore-elsewhere': {
    rule: booleanRule('restore-elsewhere'),
    default: 'false',
    description:
      "true when the incident restores on purpose into another server or database than the backup's source (a rebuilt server, a new project). false: a db-url that is not the backup's source is refused as bad input before anything is touched.",
    cli: {
      value: '<bool>',
      help: "db-url is on purpose another server or database than the backup's source (true|false)"
    }
  },
  'target-kind': TARGET_KIND_SPEC
})

const RESTORE_RUN_INPUT_SPECS = defineInputs({
  'smoke-command': {
    description:
      'Shell command run after validation with DATABASE_URL (and SCRATCH_DB_URL, the same value) set to production (every resolved part spelled out; no PG* variable is inherited); non-zero exit escalates smoke-failed. Its masked output goes into the restore log. Empty: run the smoke tests by hand before reopening traffic.',
    cli: {
      value: '<cmd>',
      help: 'shell command run after validation with DATABASE_URL (and SCRATCH_DB_URL) set to production'
    }
  },
  jobs: {
    rule: jobsRule,
    description: 'pg_restore parallel jobs (1-64). Empty: the number of CPU cores.',
    cli: { value: '<n>', help: 'pg_restore parallel jobs (default: number of cores)' }
  },
  'log-dir': {
    default: './restore-logs',
    // action.yml defaults cannot use the runner context: the entry puts blank in $RUNNER_TEMP.
    actionDefault: '',
    description:
      'Folder for the restore log (<id>.json and <id>.md). Empty: $RUNNER_TEMP/restore-logs.',
    cli: { value: '<dir>', help: 'folder for the restore log (JSON + markdown)' }
  }
})

/** What parseRestoreOptions checks before the backup source (which parseVerifyOptions parses). */
const RESTORE_OWN_INPUT_SPECS = { ...RESTORE_TARGET_INPUT_SPECS, ...RESTORE_RUN_INPUT_SPECS }

/** restore/action.yml: the target and its confirmation, the backup source, the run. */
export const RESTORE_INPUT_SPECS = {
  ...RESTORE_TARGET_INPUT_SPECS,
  ...withDescriptions(BACKUP_SOURCE_INPUT_SPECS, {
    backup:
      'The set to restore: the path of its .dump, .dump.age or .manifest.json, or latest = the newest complete set in out-dir. Leave it latest when artifact-name is given.',
    'out-dir':
      'Folder holding the backup sets (for latest and bare file names). Empty: $RUNNER_TEMP/backups.',
    'artifact-name': ARTIFACT_NAME_CHECKED,
    'run-id':
      'Workflow run holding the artifact (the restore point). Empty: the newest successful run of backup-workflow.',
    'github-token':
      "Token that lists runs and downloads another run's artifact (permissions actions: read). Masked at once.",
    'decrypt-identity':
      'age secret key (AGE-SECRET-KEY-1...) or the path of an identity file, for encrypted (.dump.age) backups: decrypted to a temporary file, plaintext sha256 checked against the manifest before any write, removed afterwards. Pass it from a secret; masked at once.'
  }),
  ...RESTORE_RUN_INPUT_SPECS
}

/** Input names of the production restore (SOP §4), action and CLI alike. */
export const RESTORE_INPUTS = inputNames(RESTORE_INPUT_SPECS, 'parsed')

/** Everything the production restore needs, parsed once. */
export interface RestoreOptions extends VerifyOptions {
  /** Production: the database that will be overwritten. */
  production: DatabaseTarget
  projectRef: string
  /** The incident restores into another server or database than the backup's source (checked by identity). */
  restoreElsewhere: boolean
  /** supabase: the platform's schemas get data only; postgres: everything; auto: detected (docs/target-kind.md). */
  targetKind: TargetKindInput
  jobs: number
  smokeCommand: string | undefined
  logDir: string
}

/**
 * Parses the production restore's inputs. Secrets are registered first; then
 * `confirm` must name the target db-url overwrites: its Supabase project ref
 * (which must also equal project-ref), or, for any other PostgreSQL, its
 * database name. Every refusal is an InputError (exit 2) raised before
 * anything is fetched or touched. Neither value is echoed: the project ref is
 * kept as a secret in the workflows.
 */
export function parseRestoreOptions(
  raw: RawInputs,
  env: NodeJS.ProcessEnv = process.env
): RestoreOptions {
  registerSecretInputs(RESTORE_INPUT_SPECS, raw)
  const production = parseDatabaseUrl('db-url', raw['db-url'])
  const parsed = parseRegisteredInputs(RESTORE_OWN_INPUT_SPECS, raw)
  const urlRef = projectRefFromTarget(production)
  if (urlRef !== undefined && urlRef !== parsed['project-ref']) {
    throw new InputError(
      'db-url',
      'names a different Supabase project than project-ref: check that db-url is the production database you mean to overwrite. Nothing was touched.'
    )
  }
  if (urlRef !== undefined && parsed.confirm !== parsed['project-ref']) {
    throw new InputError(
      'confirm',
      'does not equal project-ref: type the production project ref exactly (same case, no spaces) to confirm that production will be overwritten. Nothing was touched.'
    )
  }
  // Not Supabase: a project ref names nothing on the server, so confirm must name the database itself.
  if (urlRef === undefined && parsed.confirm !== production.database) {
    throw new InputError(
      'confirm',
      'does not name the database db-url overwrites: db-url is not a Supabase project, so type its database name exactly (same case, no spaces) to confirm that it will be overwritten. Nothing was touched.'
    )
  }
  return {
    ...parseVerifyOptions(raw, env),
    production,
    projectRef: parsed['project-ref'],
    restoreElsewhere: parsed['restore-elsewhere'],
    targetKind: parsed['target-kind'],
    jobs: parsed.jobs ?? availableParallelism(),
    smokeCommand: parsed['smoke-command'],
    logDir: parsed['log-dir']
  }
}

import { z } from 'zod'
import { InputError } from '../errors.js'
import type { RawInputs } from '../input/parse-inputs.js'
import { parseRetentionPolicy, type RetentionPolicy } from '../retention/policy.js'
import type { ArtifactStoreTarget } from '../storage/artifact-backup-store.js'
import type { S3StoreConfig } from '../storage/s3/s3-config.js'
import { DRILL_INPUT_SPECS } from './drill-options.js'
import { booleanRule, nonNegativeRule } from './input-schemas.js'
import {
  asActionOnly,
  defineInputs,
  inputNames,
  parseRegisteredInputs,
  registerSecretInputs,
  withDescriptions
} from './input-spec.js'
import { HEARTBEAT_INPUT_SPECS } from './heartbeat-inputs.js'
import { NOTICE_INPUT_SPECS } from './notice-inputs.js'
import { DEFAULT_OUT_DIR, DEFAULT_PREFIX, PRUNE_INPUT_SPECS } from './prune-options.js'
import { S3_INPUT_SPECS, parseS3Store } from './s3-inputs.js'

/** Where the drill logs are read when neither log-dir nor artifacts say otherwise (the drill's CLI default). */
export const DEFAULT_LOG_DIR = './drill-logs'

/** A factor above 1 (2 = half or double). */
const sizeChangeFactorRule = z
  .string()
  .regex(/^\d+(\.\d+)?$/, {
    error: 'must be a number above 1 (2 = a set half or double the usual size)'
  })
  .transform(Number)
  .refine((factor) => factor > 1, {
    error: 'must be above 1 (2 = a set half or double the usual size)'
  })

const {
  store,
  'out-dir': outDir,
  prefix,
  'artifact-name': artifactName,
  repository,
  'github-token': githubToken,
  'keep-last': keepLast,
  'keep-daily': keepDaily,
  'keep-weekly': keepWeekly,
  'keep-monthly': keepMonthly,
  'keep-yearly': keepYearly
} = PRUNE_INPUT_SPECS

/** The status action's report upload (its entry reads it; the CLI writes the file only). */
export const STATUS_REPORT_INPUT_SPECS = defineInputs({
  'report-artifact': {
    rule: booleanRule('report-artifact'),
    default: 'true',
    description:
      'true: write the HTML report (to report, or when blank into a temporary folder) and upload it as the artifact status-report-<yyyymmdd-HHMMSS> of this run, linked from the job summary. An upload failure is a warning; the status result stands.'
  }
})

/** Whether the status action uploads its HTML report (action only). */
export function parseStatusReportArtifact(raw: RawInputs): boolean {
  return parseRegisteredInputs(STATUS_REPORT_INPUT_SPECS, raw)['report-artifact']
}

/** status/action.yml's inputs and the CLI's flags: the store (as prune's), the drill logs, the limits, the policy. */
export const STATUS_INPUT_SPECS = {
  ...withDescriptions(
    defineInputs({
      store,
      'out-dir': outDir,
      prefix,
      'artifact-name': {
        ...artifactName,
        cli: {
          value: '<name>',
          help: 'read GitHub artifacts instead of a folder: those named <name>-<yyyymmdd-HHMMSS> (one per set) or exactly <name> (one per run, dated by created_at); the drill logs from the drill-log-* artifacts unless --log-dir; token from GITHUB_TOKEN or GH_TOKEN'
        }
      },
      repository,
      'github-token': githubToken
    }),
    {
      store:
        'Where the sets live: s3 reads the s3-bucket (the sets named <prefix>-<yyyymmdd-HHMMSS> under s3-prefix, which defaults to the prefix; the drill logs from log-dir, else the newest in <s3-prefix>/drill-logs/ where the drill stores them, and when there is none the drill-log-* artifacts when a token and repository are given, else ./drill-logs). Empty: artifact when artifact-name is given, else directory (out-dir).',
      'out-dir':
        'Folder holding the backup sets. Blank means ./backups. Used only when artifact-name is blank; giving both is an error (one store per run).',
      'artifact-name':
        'Read GitHub artifacts instead of a folder: those named <artifact-name>-<yyyymmdd-HHMMSS> (one per set) or exactly <artifact-name> (one per run, dated by created_at); the drill logs are then the drill-log-* artifacts unless log-dir is given.',
      'github-token':
        'Token that lists the artifacts and downloads the newest drill log (permissions actions: read) and, with escalation-issue, opens or comments on the issue (issues: write). Masked at once.'
    }
  ),
  ...defineInputs({
    'log-dir': {
      description:
        'Folder holding the drill logs (<id>.json). Blank: with store s3 the bucket (<s3-prefix>/drill-logs/), the drill-log-* artifacts of the repository when artifact-name is given, else ./drill-logs.',
      cli: {
        value: '<dir>',
        help: `folder holding the drill logs (default: the bucket with --store s3, drill-log-* artifacts with --artifact-name, else "${DEFAULT_LOG_DIR}")`
      }
    },
    'rpo-hours': {
      ...DRILL_INPUT_SPECS['rpo-hours'],
      description:
        'Maximum age of the newest complete backup, in hours (SOP RPO); older escalates rpo-exceeded.'
    },
    'drill-max-age-days': {
      rule: nonNegativeRule('days'),
      default: '35',
      description:
        'Maximum age of the newest drill log, in days; older, none at all, or a failed last drill escalates drill-overdue.',
      cli: { value: '<days>', help: 'maximum age of the newest drill' }
    },
    'size-change-factor': {
      rule: sizeChangeFactorRule,
      default: '2',
      description:
        'The newest set smaller than the median of the week before divided by this, or larger than it times this, is a warning naming the set (a table emptied by a bad migration shows up here first).',
      cli: {
        value: '<factor>',
        help: 'size change against the median of the week before that warns'
      }
    },
    'keep-last': keepLast,
    'keep-daily': {
      ...keepDaily,
      description:
        'The retention policy the store should show: the newest N UTC days before today should each hold a set (as prune keeps them).'
    },
    'keep-weekly': keepWeekly,
    'keep-monthly': {
      ...keepMonthly,
      description:
        'The newest N UTC months before this one should each hold a set (as prune keeps them).'
    },
    'keep-yearly': keepYearly,
    report: {
      description:
        'Path of a self-contained HTML report to write (no external assets, no script): the checks, a pass/fail timeline of backups and drills (failed drills and stretches longer than the RPO without a backup in red), backup size and duration per backup, hours between backups against the RPO, each drill RTO against its budget, a retention calendar (days and months kept, days the next prune deletes) as inline SVG charts. Blank: none (the action with report-artifact true writes it into a temporary folder to upload it).',
      cli: { value: '<file>', help: 'write a self-contained HTML report with charts' }
    }
  }),
  ...S3_INPUT_SPECS,
  ...asActionOnly({
    ...STATUS_REPORT_INPUT_SPECS,
    ...HEARTBEAT_INPUT_SPECS,
    'escalation-issue': {
      ...NOTICE_INPUT_SPECS['escalation-issue'],
      description:
        'true: when status escalates, open an issue labelled backup-escalation (or comment on the open one) with the conditions and the status table (needs issues: write).'
    },
    'webhook-url': NOTICE_INPUT_SPECS['webhook-url']
  })
}

/** Input names status parses (the CLI's flags). */
export const STATUS_INPUTS = inputNames(STATUS_INPUT_SPECS, 'parsed')
/** Every input status/action.yml declares. */
export const STATUS_ACTION_INPUTS = inputNames(STATUS_INPUT_SPECS)

/** The parsed options of status (runStatus's StatusOptions add the clock); one store: `s3`, else `artifacts`, else `outDir`. */
export interface StatusInputs {
  /** Folder holding the sets. */
  outDir?: string
  artifacts?: ArtifactStoreTarget
  /** store s3: the bucket. */
  s3?: S3StoreConfig
  /** store s3: where the drill-log-* artifacts are read when log-dir is blank. */
  drillLogArtifacts?: ArtifactStoreTarget
  prefix: string
  /** The drill logs' folder; without it, the bucket's drill-logs folder (s3) or `drill-log-*` artifacts. */
  logDir?: string
  /** Write the HTML report here. */
  reportPath?: string
  policy: RetentionPolicy
  /** Newest backup older than rpoHours: rpo-exceeded; newest drill older than drillMaxAgeDays or failed: drill-overdue; size change beyond the factor: a warning. */
  limits: { rpoHours: number; drillMaxAgeDays: number; sizeChangeFactor: number }
}

/**
 * Parses the status inputs; throws InputError naming the offending input.
 * The store rule is prune's: artifact-name -> GitHub artifacts of repository
 * (needs github-token), else the folder out-dir; both is bad input.
 */
export function parseStatusInputs(
  raw: RawInputs,
  env: NodeJS.ProcessEnv = process.env
): StatusInputs {
  registerSecretInputs(STATUS_INPUT_SPECS, raw)
  const parsed = parseRegisteredInputs(STATUS_INPUT_SPECS, raw)
  const common = {
    ...(parsed['log-dir'] === undefined ? {} : { logDir: parsed['log-dir'] }),
    ...(parsed.report === undefined ? {} : { reportPath: parsed.report }),
    policy: parseRetentionPolicy(raw),
    limits: {
      rpoHours: parsed['rpo-hours'],
      drillMaxAgeDays: parsed['drill-max-age-days'],
      sizeChangeFactor: parsed['size-change-factor']
    }
  }
  const name = parsed['artifact-name']
  if (parsed.store === 's3') {
    if (parsed['out-dir'] !== undefined)
      throw new InputError(
        'out-dir',
        'applies to another store: with store s3, status reads the s3-bucket'
      )
    const prefix = parsed.prefix ?? DEFAULT_PREFIX
    const token = parsed['github-token']
    return {
      s3: parseS3Store(parsed, env, prefix),
      prefix,
      ...(token && parsed.repository
        ? { drillLogArtifacts: { repository: parsed.repository, token } }
        : {}),
      ...common
    }
  }
  if (name === undefined) {
    return {
      outDir: parsed['out-dir'] ?? DEFAULT_OUT_DIR,
      prefix: parsed.prefix ?? DEFAULT_PREFIX,
      ...common
    }
  }
  if (parsed['out-dir'] !== undefined)
    throw new InputError(
      'out-dir',
      'give either out-dir (a folder) or artifact-name (GitHub artifacts), not both'
    )
  if (parsed.prefix !== undefined)
    throw new InputError(
      'prefix',
      'applies to out-dir only; with artifact-name, the artifact-name selects the backups'
    )
  if (!parsed['github-token'])
    throw new InputError(
      'github-token',
      'reading artifacts needs a token with actions:read on the repository (in a workflow: permissions: actions: read)'
    )
  if (!parsed.repository)
    throw new InputError('repository', 'give owner/repo (GITHUB_REPOSITORY is not set)')
  return {
    artifacts: { repository: parsed.repository, token: parsed['github-token'] },
    prefix: name,
    ...common
  }
}

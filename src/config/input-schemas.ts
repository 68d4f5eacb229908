import { z } from 'zod'
import { booleanInput, integerInput } from '../input/parse-inputs.js'
import { REPOSITORY_PATTERN } from '../input/repository.js'

// The rules several operations share. One rule per kind of value, so every
// prefix a backup can write can be verified, drilled and pruned, and every
// artifact name it can upload can be fetched and pruned.

/** A backup set name prefix: sets are named `<prefix>-<yyyymmdd-HHMMSS>`. */
export const prefixRule = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, {
  error:
    'must start with a letter or digit and hold only letters, digits, ., - and _ (e.g. opta-supabase)'
})

/** A GitHub artifact name (the characters GitHub refuses left out). */
export const artifactNameRule = z.string().regex(/^[^"<>:|*?\\/\r\n]{1,200}$/, {
  error: 'must be 1-200 characters without " < > : | * ? \\ / or newlines'
})

/** `owner/repo`. */
export const repositoryRule = z
  .string()
  .regex(REPOSITORY_PATTERN, { error: 'must be owner/repo (e.g. octo-org/octo-repo)' })

/** A Supabase project ref (or any label of the same shape). */
export const projectRefRule = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, {
  error:
    'must be 1-63 letters, digits, - or _ (the Supabase project ref, e.g. abcdefghijklmnopqrst)'
})

/** A workflow run id. */
export const runIdRule = z
  .string()
  .regex(/^\d{1,20}$/, {
    error: 'must be a workflow run id (digits), or empty for the newest successful backup run'
  })
  .transform(Number)

/** A workflow file name. */
export const workflowFileRule = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+\.ya?ml$/, { error: 'must be a workflow file name like backup.yml' })

/** Where results go besides the local folder. */
export const uploadRule = z.enum(['artifact', 'none'], { error: 'must be artifact or none' })

/** `target-kind`: what the restore target is (docs/target-kind.md). */
export const TARGET_KINDS = ['auto', 'supabase', 'postgres'] as const
export type TargetKindInput = (typeof TARGET_KINDS)[number]
export const targetKindRule = z.enum(TARGET_KINDS, { error: 'must be auto, supabase or postgres' })

/** The target-kind input, the same for drill and restore. */
export const TARGET_KIND_SPEC = {
  rule: targetKindRule,
  default: 'auto',
  description:
    "auto: detected from the target and logged: supabase when schemas exist that platform roles own (supabase_admin, supabase_auth_admin, supabase_storage_admin), else postgres. supabase: the backup's schemas the platform already manages (auth, storage, ...) get their data only, into the existing tables (with session_replication_role = replica where allowed, so triggers stay quiet while loading), plus the app's own triggers, policies and indexes on those tables; a platform table that differs from the backup is named (version skew); public is never dropped. postgres: everything is restored, after preparing what the manifest says the backup needs (schemas, extensions such as uuid-ossp in extensions, roles), each step in the log. See docs/target-kind.md.",
  cli: {
    value: '<kind>',
    help: 'auto|supabase|postgres: supabase loads the platform schemas data only; postgres restores everything after preparing what the backup needs (docs/target-kind.md)'
  }
} as const

/** pg_restore parallel jobs. */
export const jobsRule = integerInput(1, 64)

/** A non-negative number of hours, minutes, ... */
export const nonNegativeRule = (what: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, { error: `must be a non-negative number of ${what}` })
    .transform(Number)

/** An http(s) URL (a webhook). */
export const httpUrlRule = z.string().regex(/^https?:\/\/\S+$/, {
  error: 'must be an http(s) URL (a Slack-compatible incoming webhook)'
})

export { booleanInput as booleanRule, integerInput as integerRule }

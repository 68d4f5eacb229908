import { z } from 'zod'
import { booleanInput, parseInputs, type RawInputs } from '../config/parse-inputs.js'
import {
  RETENTION_INPUTS,
  parseRetentionPolicy,
  type RetentionPolicy
} from '../retention/policy.js'

/** Input names of the prune operation: action inputs and CLI flags alike. */
export const PRUNE_INPUTS = ['out-dir', 'prefix', ...RETENTION_INPUTS, 'dry-run'] as const

/** The parsed options of prune, less `now` (the caller's clock). */
export interface PruneInputs {
  outDir: string
  prefix: string
  policy: RetentionPolicy
  dryRun: boolean
}

// Same rule as the backup's prefix, so every prefix a backup can write can be pruned.
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/

const schema = z.object({
  'out-dir': z.string().default('./backups'),
  prefix: z
    .string()
    .regex(PREFIX, {
      error:
        'must start with a letter or digit and hold only letters, digits, ., - and _ (e.g. opta-supabase)'
    })
    .default('backup'),
  // Deleting is the one irreversible step in this tool, so leaving the input out only reports.
  'dry-run': booleanInput('dry-run').default(true)
})

/** Parses the prune inputs; throws InputError naming the offending input. */
export function parsePruneInputs(raw: RawInputs): PruneInputs {
  const parsed = parseInputs(schema, raw)
  return {
    outDir: parsed['out-dir'],
    prefix: parsed.prefix,
    policy: parseRetentionPolicy(raw),
    dryRun: parsed['dry-run']
  }
}

import { z } from 'zod'
import { InputError } from '../errors.js'
import { usersForSize } from '../fixture/supabase-fixture.js'
import type { SeedOptions } from '../fixture/seed.js'
import { integerInput, parseInputs, type RawInputs } from '../input/parse-inputs.js'
import { parseSize } from '../input/size.js'
import { parseDatabaseUrl } from '../postgres/connection-url.js'

/** Input names of the seed command. */
export const SEED_INPUTS = ['db-url', 'users', 'size'] as const

/** Users seeded when neither --users nor --size is given: a few MB, seeds in about a second. */
export const DEFAULT_SEED_USERS = 1000

const MAX_SEED_BYTES = 1000 ** 4

const seedSchema = z.object({
  'db-url': z.string({
    error: 'is required: pass --db-url postgres://USER:PASSWORD@HOST:5432/DATABASE'
  }),
  users: integerInput(1, 100_000_000).optional(),
  size: z
    .string()
    .optional()
    .refine((value) => value === undefined || (parseSize(value) ?? Infinity) <= MAX_SEED_BYTES, {
      error: 'must be a size like 500MB, 1GB or 3GB (at most 1TB)'
    })
})

/** Validates seed flags: --users and --size are alternatives; bad values are InputError (exit 2). */
export function parseSeedOptions(raw: RawInputs): SeedOptions {
  const parsed = parseInputs(seedSchema, raw)
  const db = parseDatabaseUrl('db-url', parsed['db-url'])
  if (parsed.users !== undefined && parsed.size !== undefined) {
    throw new InputError('size', 'give either --users or --size, not both')
  }
  if (parsed.size !== undefined) {
    const targetBytes = parseSize(parsed.size) as number
    return { db, users: usersForSize(targetBytes), targetBytes }
  }
  return { db, users: parsed.users ?? DEFAULT_SEED_USERS }
}

import type { Command } from 'commander'
import { DEFAULT_SEED_USERS, SEED_INPUTS, parseSeedOptions } from '../../config/seed-options.js'
import { seedDatabase, seedSummary } from '../../fixture/seed.js'
import { runCommand, withCommonFlags, type CliIo } from '../context.js'
import { rawInputsFromFlags } from '../flags.js'
import { withHelpSections, type HelpSections } from '../help.js'

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP: HelpSections = {
  examples: [
    'backup-drill seed --db-url postgres://postgres:PASSWORD@localhost:5432/scratch --users 1000',
    'backup-drill seed --db-url postgres://postgres:PASSWORD@localhost:5432/bench --size 1GB'
  ],
  success: 'the fixture was seeded',
  failure: 'the database is not empty in public or auth, or seeding failed'
}

/** `backup-drill seed`: fills an empty database with the Supabase-shaped fixture (demo, CI, benchmark). */
export function registerSeedCommand(program: Command, io: CliIo): void {
  withHelpSections(
    withCommonFlags(
      program
        .command('seed')
        .description(
          'fill an EMPTY database with the Supabase-shaped test fixture (auth.users, accounts_*, api_keys, RLS, policies); refuses a database that already has tables in public or auth'
        )
        .option('--db-url <url>', 'database to seed (must be empty)')
        .option(
          '--users <n>',
          `number of users; every table scales with it (default ${DEFAULT_SEED_USERS})`
        )
        .option('--size <size>', 'seed about this much data on disk instead, e.g. 500MB, 1GB, 3GB')
    ),
    HELP
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const result = await seedDatabase(
        parseSeedOptions(rawInputsFromFlags(flags, SEED_INPUTS)),
        logger
      )
      return { result, passed: true, human: seedSummary(result) }
    })
  })
}

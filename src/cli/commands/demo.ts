import type { Command } from 'commander'
import { z } from 'zod'
import { integerInput, parseInputs } from '../../input/parse-inputs.js'
import { demoReport } from '../../demo/demo-report.js'
import { runDemo, type DemoOptions } from '../../demo/run-demo.js'
import { runCommand, withCommonFlags, type CliIo } from '../context.js'
import { withHelpSections, type HelpSections } from '../help.js'

/** Users seeded by default: big enough to be a real restore, small enough to run in seconds. */
export const DEFAULT_DEMO_USERS = 200

const demoSchema = z.object({
  users: integerInput(1, 1_000_000).default(DEFAULT_DEMO_USERS)
})

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP: HelpSections = {
  examples: ['backup-drill demo', 'backup-drill demo --users 1000 --keep'],
  success: 'both verdicts as expected: the drill passed and the flipped byte was caught',
  failure:
    'a verdict was not as expected, or the demo could not run (e.g. no PostgreSQL server binaries)'
}

/** `backup-drill demo` (`npm run demo`): a passing drill and a caught corruption on a throwaway server. */
export function registerDemoCommand(program: Command, io: CliIo): void {
  withHelpSections(
    withCommonFlags(
      program
        .command('demo')
        .description(
          'start a throwaway PostgreSQL server, seed a Supabase-shaped "production", back it up, drill it (pass), then drill a copy with one flipped byte (caught: checksum-mismatch); cleans up everything'
        )
        .option('--users <n>', `fixture users in "production" (default ${DEFAULT_DEMO_USERS})`)
        .option(
          '--keep',
          'keep the backups and drill logs in the temporary folder and print its path'
        )
    ),
    HELP
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const parsed = parseInputs(demoSchema, {
        users: typeof flags.users === 'string' ? flags.users : undefined
      })
      const options: DemoOptions = { users: parsed.users, keep: flags.keep === true }
      const result = await runDemo(options, logger)
      return { result: demoJson(result), passed: result.passed, human: demoReport(result) }
    })
  })
}

/** The --json result: the verdicts, the facts and both drill logs (the markdown stays in the human report). */
function demoJson(result: Awaited<ReturnType<typeof runDemo>>) {
  const { good, corrupt, ...rest } = result
  return {
    ...rest,
    good: { log: good.log, logPath: good.logPath },
    corrupt: {
      log: corrupt.log,
      logPath: corrupt.logPath,
      flippedByteOffset: corrupt.flippedByteOffset,
      scratchTablesAfter: corrupt.scratchTablesAfter
    }
  }
}

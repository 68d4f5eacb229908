import { Command, CommanderError } from 'commander'
import { TOOL_VERSION } from '../version.js'
import { EXIT_BAD_INPUT } from './exit-codes.js'
import type { CliIo } from './context.js'
import { registerBackupCommand } from './commands/backup.js'
import { registerPruneCommand } from './commands/prune.js'
import { registerVerifyCommand } from './commands/verify.js'
import { registerDrillCommand } from './commands/drill.js'
import { registerSeedCommand } from './commands/seed.js'
import { registerRestoreCommand } from './commands/restore.js'
import { registerDemoCommand } from './commands/demo.js'
import { registerStatusCommand } from './commands/status.js'

/** The `backup-drill` program. Each command lives in ./commands and registers itself here. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('backup-drill')
    .description('Verified logical backups and restore drills for Supabase / PostgreSQL')
    .version(TOOL_VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
  registerBackupCommand(program, io)
  registerPruneCommand(program, io)
  registerVerifyCommand(program, io)
  registerDrillCommand(program, io)
  registerSeedCommand(program, io)
  registerRestoreCommand(program, io)
  registerDemoCommand(program, io)
  registerStatusCommand(program, io)
  return program
}

/** Runs the CLI with `argv` (user arguments only); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0
  const trackingIo: CliIo = { ...io, setExitCode: (code) => (exitCode = code) }
  const program = buildProgram(trackingIo)
  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; unknown flags and missing arguments are bad input.
      return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT
    }
    throw error
  }
  return exitCode
}

import { Command, CommanderError } from 'commander'
import { TOOL_VERSION } from '../version.js'
import { EXIT_BAD_INPUT } from './exit-codes.js'
import type { CliIo } from './context.js'
import { ignoreProcessEnvValues } from './input-options.js'
import { registerBackupCommand } from './commands/backup.js'
import { registerPruneCommand } from './commands/prune.js'
import { registerVerifyCommand } from './commands/verify.js'
import { registerDrillCommand } from './commands/drill.js'
import { registerSeedCommand } from './commands/seed.js'
import { registerRestoreCommand } from './commands/restore.js'
import { registerDemoCommand } from './commands/demo.js'
import { registerStatusCommand } from './commands/status.js'

/** After the command list: the SOP's loop in three lines, and the exit codes every command shares. */
const PROGRAM_HELP = [
  '',
  'EXAMPLES',
  '  # back up (the URL from the environment keeps the password out of `ps`), drill it, watch it',
  '  BACKUP_DRILL_DB_URL=postgres://... backup-drill backup --prefix opta-supabase --out-dir ./backups',
  '  BACKUP_DRILL_SCRATCH_DB_URL=postgres://... backup-drill drill --backup latest --out-dir ./backups',
  '  backup-drill status --prefix opta-supabase --out-dir ./backups --report status.html',
  '  backup-drill <command> --help   # its flags, EXAMPLES, ENVIRONMENT and EXIT STATUS',
  '',
  'EXIT STATUS',
  '  0    passed',
  '  1    failed or an escalation (the command names it)',
  '  2    bad input: the message names the input and how to fix it',
  '  130  interrupted by SIGINT (Ctrl-C)',
  '  143  interrupted by SIGTERM',
  ''
].join('\n')

/** The `backup-drill` program. Each command lives in ./commands and registers itself here. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('backup-drill')
    .description('Verified logical backups and restore drills for Supabase / PostgreSQL')
    .version(TOOL_VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText('after', PROGRAM_HELP)
    // Fallback variables come from io.env (the registry), never commander's process.env read.
    .hook('preAction', (_program, command) => ignoreProcessEnvValues(command))
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

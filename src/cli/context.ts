import { Command } from 'commander'
import { interruption, signalExitCode } from '../cleanup/interrupts.js'
import { withCleanup } from '../cleanup/registry.js'
import { HEARTBEAT_INPUT_SPECS, parseHeartbeatUrl } from '../config/heartbeat-inputs.js'
import { EscalationError, InputError, errorMessage } from '../errors.js'
import { withHeartbeat } from '../notify/heartbeat.js'
import { createStreamLogger, type Logger } from '../log/logger.js'
import { maskSecrets } from '../secrets.js'
import { exitCodeFor } from './exit-codes.js'
import { rawInputsFromFlags } from './flags.js'
import { withInputOptions } from './input-options.js'

/** What a command needs from the process: injectable so tests run the CLI in-process. */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env: NodeJS.ProcessEnv
  setExitCode: (code: number) => void
}

/** Options every command accepts. */
export interface CommonFlags {
  json?: boolean
  verbose?: boolean
}

/**
 * The single error boundary of every CLI command: runs the command, prints the
 * result as JSON (--json) or lets the command print it, and maps errors to
 * exit codes (0 pass, 1 failure/escalation, 2 bad input). All text is masked.
 */
export async function runCommand<T>(
  io: CliIo,
  flags: CommonFlags & Record<string, string | boolean | undefined>,
  work: (logger: Logger) => Promise<{ result: T; passed: boolean; human?: string }>
): Promise<void> {
  const logger = createStreamLogger((line) => io.stderr(line), { verbose: flags.verbose })
  try {
    // A bad URL is bad input before anything runs; a good one is masked from here on.
    const heartbeatUrl = parseHeartbeatUrl({ 'heartbeat-url': heartbeatUrlFlag(flags) })
    // Whatever the command leaves registered (temporary folders, children) goes with it.
    const { result, passed, human } = await withHeartbeat(
      heartbeatUrl,
      logger,
      () => withCleanup(() => work(logger)),
      (outcome) => outcome.passed
    )
    if (flags.json) io.stdout(maskSecrets(JSON.stringify(result, null, 2)) + '\n')
    else if (human) io.stdout(maskSecrets(human) + '\n')
    io.setExitCode(passed ? 0 : 1)
  } catch (error) {
    const signal = interruption()
    if (signal) {
      // The failure is the interrupt's doing (a killed pg_dump, a removed file): say so, not what broke.
      io.stderr(`interrupted by ${signal}\n`)
      io.setExitCode(signalExitCode(signal))
      return
    }
    const code = exitCodeFor(error)
    const kind =
      error instanceof InputError
        ? 'bad input'
        : error instanceof EscalationError
          ? `ESCALATE ${error.condition}`
          : 'error'
    io.stderr(maskSecrets(`${kind}: ${errorMessage(error)}`) + '\n')
    if (flags.json) {
      const condition = error instanceof EscalationError ? error.condition : undefined
      io.stdout(
        maskSecrets(
          JSON.stringify({ error: errorMessage(error), exitCode: code, condition }, null, 2)
        ) + '\n'
      )
    }
    io.setExitCode(code)
  }
}

/** Adds `--heartbeat-url <url>` (backup, drill, status); runCommand pings it when given. */
export function withHeartbeatFlag(command: Command): Command {
  return withInputOptions(command, HEARTBEAT_INPUT_SPECS)
}

/** The `--heartbeat-url` value of a command's flags. */
function heartbeatUrlFlag(flags: Record<string, string | boolean | undefined>): string | undefined {
  return rawInputsFromFlags(flags, ['heartbeat-url'])['heartbeat-url']
}

/** Adds the flags every command shares. */
export function withCommonFlags(command: Command): Command {
  return command
    .option('--json', 'print the result object as JSON on stdout')
    .option('--verbose', 'print diagnostic lines')
}

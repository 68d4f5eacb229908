import { constants } from 'node:os'
import { undoEverything } from './registry.js'

let interrupted: NodeJS.Signals | undefined
let installed = false

/** The signal that interrupted this process, if one did. */
export function interruption(): NodeJS.Signals | undefined {
  return interrupted
}

/** The conventional exit status after a signal: 128 + its number (SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal]
}

/**
 * For process entries (the CLI, the actions): on SIGINT or SIGTERM (Ctrl-C, a
 * cancelled workflow), stop every child process and remove everything this
 * run created (see registry.ts), say so, and exit 130 / 143. A second signal
 * while cleaning up exits at once.
 */
export function handleInterrupts(io: {
  log: (line: string) => void
  exit: (code: number) => void
}): void {
  if (installed) return
  installed = true
  const onSignal = async (signal: NodeJS.Signals) => {
    const code = signalExitCode(signal)
    if (interrupted) return io.exit(code)
    interrupted = signal
    io.log(`Interrupted by ${signal}: stopping child processes and removing what this run created`)
    for (const failure of await undoEverything()) io.log(`cleanup failed: ${failure}`)
    io.log(`Interrupted by ${signal}: cleaned up, exit ${code}`)
    io.exit(code)
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, (received: NodeJS.Signals) => void onSignal(received))
}

import * as core from '@actions/core'
import { handleInterrupts, interruption } from '../cleanup/interrupts.js'
import { withCleanup } from '../cleanup/registry.js'
import { EscalationError, InputError, errorMessage } from '../errors.js'
import type { RawInputs } from '../input/parse-inputs.js'
import type { Logger } from '../log/logger.js'
import { maskSecrets, onSecretRegistered } from '../secrets.js'

/**
 * The GitHub side of every sub-action: the only module (with the entries in
 * this folder) that imports @actions/core. Every secret registered anywhere is
 * passed to core.setSecret, and every line is masked locally too, so logs stay
 * clean even where no runner masks them (local runs, tests).
 */
export function createActionLogger(): Logger {
  onSecretRegistered((secret) => core.setSecret(secret))
  return {
    info: (message) => core.info(maskSecrets(message)),
    debug: (message) => core.debug(maskSecrets(message)),
    warning: (message, properties) => core.warning(maskSecrets(message), properties),
    error: (message, properties) => core.error(maskSecrets(message), properties),
    group: (name, work) => core.group(maskSecrets(name), work)
  }
}

/** Reads the named inputs (kebab-case, as in action.yml). Blank means not given. */
export function readActionInputs(names: readonly string[]): RawInputs {
  return Object.fromEntries(names.map((name) => [name, core.getInput(name) || undefined]))
}

/** Sets outputs; values are masked (an output is printed in the log). */
export function setOutputs(outputs: Record<string, string | number | undefined>): void {
  for (const [name, value] of Object.entries(outputs))
    core.setOutput(name, maskSecrets(String(value ?? '')))
}

/** Appends markdown to the job summary when the runner provides one. */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(maskSecrets(markdown), true).write()
}

/**
 * The single error boundary of a sub-action. Bad input and escalations fail
 * the run with an annotation whose title names the input or the condition.
 */
export async function runAction(work: (logger: Logger) => Promise<void>): Promise<void> {
  const logger = createActionLogger()
  // A cancelled workflow sends SIGINT, then SIGTERM: stop children, remove what
  // this run created, exit 130/143 with the interruption in the log.
  handleInterrupts({ log: (line) => core.error(line), exit: (code) => process.exit(code) })
  try {
    await withCleanup(() => work(logger))
  } catch (error) {
    if (interruption()) return
    const message = maskSecrets(errorMessage(error))
    if (error instanceof InputError) {
      core.error(message, { title: `Bad input: ${error.input}` })
    } else if (error instanceof EscalationError) {
      core.error(message, { title: `ESCALATE: ${error.condition}` })
    } else {
      core.error(message, { title: 'backup-drill failed' })
    }
    core.setFailed(message)
  }
}

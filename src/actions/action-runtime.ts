import { join } from 'node:path'
import * as core from '@actions/core'
import { handleInterrupts, interruption } from '../cleanup/interrupts.js'
import { withCleanup } from '../cleanup/registry.js'
import { parseHeartbeatUrl } from '../config/heartbeat-inputs.js'
import type { Check } from '../drill/checks.js'
import { EscalationError, InputError, errorMessage, type EscalationCondition } from '../errors.js'
import type { RawInputs } from '../input/parse-inputs.js'
import type { Logger } from '../log/logger.js'
import type { EscalationNotice } from '../notify/notice.js'
import { withHeartbeat } from '../notify/heartbeat.js'
import { notifyEscalation, type NotifyOptions } from '../notify/notify.js'
import { maskSecrets, onSecretRegistered } from '../secrets.js'
import { annotateEscalations } from './escalations.js'

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
async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  await core.summary.addRaw(maskSecrets(markdown), true).write()
}

/** How a step fails: the message, and the title of its own annotation when nothing before named the failure. */
export interface ActionFailure {
  message: string
  /** Absent when the escalation annotations already say why (one per condition). */
  title?: string
}

/** The failure a thrown error means: bad input and escalations are titled by the input or the condition. */
export function failureOf(error: unknown): ActionFailure {
  const message = maskSecrets(errorMessage(error))
  if (error instanceof InputError) return { message, title: `Bad input: ${error.input}` }
  if (error instanceof EscalationError) return { message, title: `ESCALATE: ${error.condition}` }
  return { message, title: 'backup-drill failed' }
}

/**
 * What a sub-action's run came to. An entry returns it and runAction alone
 * reports it, always in this order: outputs, escalation annotations, job
 * summary, escalation notice, closing line, failure.
 */
export interface ActionOutcome {
  outputs?: Record<string, string | number | undefined>
  /** One `ESCALATE: <condition>` annotation per condition, before anything that could hide it. */
  escalations?: { checks: readonly Check[]; conditions: readonly EscalationCondition[] }
  /** The job summary; one that cannot be written is only a warning (the result is already decided). */
  summary?: string
  /** Sent to the configured channels (none configured: nothing is sent); `at` is when it is sent. */
  notice?: { notice: Omit<EscalationNotice, 'at'>; options: NotifyOptions }
  /** The last line of the log (a passing run's result). */
  closing?: string
  /** Fails the step, after everything else (and after the run's cleanup, like a thrown error). */
  failure?: ActionFailure
}

export interface RunActionOptions {
  /**
   * The action declares `heartbeat-url`: ping `<url>/start` before the work and
   * `<url>` or `<url>/fail` after its outcome is reported (notify/heartbeat.ts).
   */
  heartbeat?: boolean
}

/**
 * The single error boundary of a sub-action. The entry's outcome is reported
 * inside the run's cleanup scope; a failure, returned or thrown, fails the
 * step once cleanup is done.
 */
export async function runAction(
  work: (logger: Logger) => Promise<ActionOutcome | void>
): Promise<void>
export async function runAction(
  options: RunActionOptions,
  work: (logger: Logger) => Promise<ActionOutcome | void>
): Promise<void>
export async function runAction(
  first: RunActionOptions | ((logger: Logger) => Promise<ActionOutcome | void>),
  second?: (logger: Logger) => Promise<ActionOutcome | void>
): Promise<void> {
  const [options, work] = typeof first === 'function' ? [{}, first] : [first, second!]
  const logger = createActionLogger()
  // A cancelled workflow sends SIGINT, then SIGTERM: stop children, remove what
  // this run created, exit 130/143 with the interruption in the log.
  handleInterrupts({ log: (line) => core.error(line), exit: (code) => process.exit(code) })
  let failure: ActionFailure | undefined
  try {
    failure = await withCleanup(async () => {
      // Read (and masked) before the work starts, so a bad URL is bad input and the start ping comes first.
      const heartbeatUrl = options.heartbeat
        ? parseHeartbeatUrl({ 'heartbeat-url': core.getInput('heartbeat-url') || undefined })
        : undefined
      const outcome = await withHeartbeat(
        heartbeatUrl,
        logger,
        async () => {
          const reported = (await work(logger)) ?? {}
          await report(reported, logger)
          return reported
        },
        (reported) => reported.failure === undefined
      )
      return outcome.failure
    })
  } catch (error) {
    failure = failureOf(error)
  }
  // An interrupted run ends with the interruption's exit code and log line, not this failure.
  if (failure && !interruption()) fail(failure)
}

async function report(outcome: ActionOutcome, logger: Logger): Promise<void> {
  if (outcome.outputs) setOutputs(outcome.outputs)
  if (outcome.escalations && outcome.escalations.conditions.length > 0)
    annotateEscalations(outcome.escalations.checks, outcome.escalations.conditions, logger)
  if (outcome.summary !== undefined) {
    await writeJobSummary(outcome.summary).catch((error: unknown) =>
      logger.warning(`job summary not written: ${errorMessage(error)}`)
    )
  }
  const { notice } = outcome
  if (notice && (notice.options.escalationIssue || notice.options.webhookUrl)) {
    const { message, summaryMarkdown } = notice.notice
    await notifyEscalation(
      {
        ...notice.notice,
        message: maskSecrets(message),
        ...(summaryMarkdown === undefined ? {} : { summaryMarkdown: maskSecrets(summaryMarkdown) }),
        at: new Date()
      },
      notice.options,
      logger
    ).catch((error: unknown) =>
      logger.warning(`escalation notice: ${errorMessage(error)}`, {
        title: 'Escalation notice not sent'
      })
    )
  }
  if (outcome.closing !== undefined) logger.info(outcome.closing)
}

function fail({ message, title }: ActionFailure): void {
  const masked = maskSecrets(message)
  if (title !== undefined) core.error(masked, { title })
  core.setFailed(masked)
}

/**
 * `name` under the runner's temp folder (RUNNER_TEMP), or undefined off a
 * runner. action.yml defaults cannot use the runner context, so a blank
 * folder input means this.
 */
export function runnerTempPath(
  name: string,
  env: NodeJS.ProcessEnv = process.env
): string | undefined {
  return env.RUNNER_TEMP ? join(env.RUNNER_TEMP, name) : undefined
}

/** Fills the blank folder inputs with their folder under RUNNER_TEMP (see runnerTempPath). */
export function defaultToRunnerTemp(
  raw: RawInputs,
  folders: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env
): void {
  for (const [input, name] of Object.entries(folders)) {
    const path = runnerTempPath(name, env)
    if (!raw[input] && path) raw[input] = path
  }
}

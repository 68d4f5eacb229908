/**
 * The closed set of SOP escalation conditions ("Failure Conditions (Escalate
 * Immediately)"), refined so each failure names exactly one cause.
 */
export const ESCALATION_CONDITIONS = [
  'backup-failed',
  'checksum-mismatch',
  'backup-unreadable',
  'restore-failed',
  'validation-failed',
  'smoke-failed',
  'rpo-exceeded',
  'rto-exceeded',
  // The store cannot keep what the retention policy needs (artifacts that expire before the monthly backups are due).
  'retention-unattainable',
  // `status`: the newest drill log is older than drill-max-age-days, or the last drill failed.
  'drill-overdue'
] as const

export type EscalationCondition = (typeof ESCALATION_CONDITIONS)[number]

/** Bad input from a person: names the input and the fix. CLI exit code 2. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`${input}: ${message}`)
    this.name = 'InputError'
  }
}

/** A failure the SOP says to escalate. CLI exit code 1; the action fails the run. */
export class EscalationError extends Error {
  constructor(
    readonly condition: EscalationCondition,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'EscalationError'
  }
}

/** Human-readable text of any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

import type { EscalationCondition } from '../errors.js'

/** One line of a drill log: what was checked, how it went, and which escalation a failure raises. */
export interface Check {
  name: string
  status: 'pass' | 'fail' | 'skip'
  detail: string
  condition?: EscalationCondition
  seconds?: number
}

export const pass = (name: string, detail: string, seconds?: number): Check => ({
  name,
  status: 'pass',
  detail,
  ...(seconds !== undefined ? { seconds } : {})
})
export const fail = (
  name: string,
  condition: EscalationCondition,
  detail: string,
  seconds?: number
): Check => ({
  name,
  status: 'fail',
  condition,
  detail,
  ...(seconds !== undefined ? { seconds } : {})
})
export const skip = (name: string, detail: string): Check => ({ name, status: 'skip', detail })

/** The distinct escalation conditions raised by failed checks, in order of first appearance. */
export function conditionsOf(checks: readonly Check[]): EscalationCondition[] {
  return [
    ...new Set(
      checks.flatMap((check) =>
        check.status === 'fail' && check.condition ? [check.condition] : []
      )
    )
  ]
}

/**
 * The sha256 the checksum check computed, read from a log's checks (for logs,
 * which record checks rather than values). Code that holds a VerifiedBackup
 * reads its `sha256` instead.
 */
export function computedSha256(checks: readonly Check[]): string | undefined {
  const detail = checks.find((check) => check.name === 'checksum')?.detail ?? ''
  return /\bsha256 ([0-9a-f]{64})\b/.exec(detail)?.[1]
}

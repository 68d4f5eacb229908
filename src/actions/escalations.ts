import type { Check } from '../drill/checks.js'
import type { EscalationCondition } from '../errors.js'
import type { Logger } from '../log/logger.js'

/** One escalation annotation: GitHub shows the title in the run's annotation list. */
export interface EscalationAnnotation {
  condition: EscalationCondition
  title: string
  message: string
}

/**
 * One annotation per condition, titled `ESCALATE: <condition>`, whose message
 * lists the failed checks that raised it, so each condition is visible on its
 * own in the run's annotations and not only the first.
 */
export function escalationAnnotations(
  checks: readonly Check[],
  conditions: readonly EscalationCondition[]
): EscalationAnnotation[] {
  return conditions.map((condition) => {
    const raised = checks.filter(
      (check) => check.status === 'fail' && check.condition === condition
    )
    const message =
      raised.length > 0
        ? raised.map((check) => `${check.name}: ${check.detail}`).join('\n')
        : `the run escalated ${condition}`
    return { condition, title: `ESCALATE: ${condition}`, message }
  })
}

/** Emits the escalation annotations through the (masking) logger. */
export function annotateEscalations(
  checks: readonly Check[],
  conditions: readonly EscalationCondition[],
  logger: Logger
): void {
  for (const { title, message } of escalationAnnotations(checks, conditions))
    logger.error(message, { title })
}

/** The annotations' text as one message (for escalation notices). */
export function escalationMessage(
  checks: readonly Check[],
  conditions: readonly EscalationCondition[]
): string {
  return escalationAnnotations(checks, conditions)
    .map(({ condition, message }) => `${condition}: ${message.replace(/\n/g, '; ')}`)
    .join('\n')
}

export { computedSha256 } from '../drill/checks.js'

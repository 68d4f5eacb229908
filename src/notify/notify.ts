import {
  ESCALATION_CONDITIONS,
  EscalationError,
  errorMessage,
  type EscalationCondition
} from '../errors.js'
import type { Logger } from '../log/logger.js'
import { maskSecrets, registerSecret } from '../secrets.js'
import { reportEscalationIssue, type EscalationIssueResult } from './escalation-issue.js'
import type { EscalationNotice } from './notice.js'
import { postWebhook, webhookPayload } from './webhook.js'

/** Where notices go. Both channels are optional and independent. */
export interface NotifyOptions {
  /** Open or comment on the `backup-escalation` issue. */
  escalationIssue: boolean
  githubToken?: string
  /** `owner/name`; GITHUB_REPOSITORY on a runner. */
  repository?: string
  /** REST API root; GITHUB_API_URL on a runner. */
  apiUrl?: string
  /** Slack-compatible incoming webhook (a secret). */
  webhookUrl?: string
}

export interface NotifyResult {
  issue?: EscalationIssueResult
  webhookPosted: boolean
  /** One masked line per notifier that failed (each was also logged as a warning). */
  failures: string[]
}

/**
 * Sends the notice to every configured channel. Never throws: a notifier
 * failure is a warning, because the run has already failed for the real
 * reason and that reason must stay the one people see.
 */
export async function notifyEscalation(
  notice: EscalationNotice,
  options: NotifyOptions,
  logger: Logger
): Promise<NotifyResult> {
  registerSecret(options.githubToken)
  registerSecret(options.webhookUrl)
  const result: NotifyResult = { webhookPosted: false, failures: [] }
  const fail = (channel: string, message: string): void => {
    const line = maskSecrets(`${channel}: ${message}`)
    result.failures.push(line)
    logger.warning(`${line}. The run still fails for its escalation.`, {
      title: 'Escalation notice not sent'
    })
  }

  if (options.escalationIssue) {
    const repository = options.repository ?? notice.repository
    if (!options.githubToken || !repository) {
      fail('escalation issue', 'needs github-token and the repository (GITHUB_REPOSITORY)')
    } else {
      try {
        result.issue = await reportEscalationIssue(
          notice,
          {
            token: options.githubToken,
            repository,
            apiUrl: options.apiUrl ?? 'https://api.github.com'
          },
          logger
        )
        const verb = result.issue.action === 'created' ? 'opened' : 'commented on'
        logger.info(`Escalation issue ${verb}: #${result.issue.number} ${result.issue.url}`)
      } catch (error) {
        fail('escalation issue', errorMessage(error))
      }
    }
  }

  if (options.webhookUrl) {
    try {
      await postWebhook(options.webhookUrl, webhookPayload(notice))
      result.webhookPosted = true
      logger.info('Escalation notice posted to the webhook')
    } catch (error) {
      fail('webhook', errorMessage(error))
    }
  }
  return result
}

/**
 * The escalation conditions a thrown value carries: an EscalationError's
 * condition, or the `conditions` of an error that reports several (the drill
 * reports every condition it found), or those of an AggregateError's errors.
 */
export function escalationConditionsOf(error: unknown): EscalationCondition[] {
  const found = new Set<EscalationCondition>()
  const visit = (value: unknown): void => {
    if (value instanceof EscalationError) found.add(value.condition)
    if (value instanceof AggregateError) value.errors.forEach(visit)
    const listed = (value as { conditions?: unknown } | null)?.conditions
    if (Array.isArray(listed)) {
      for (const condition of listed) if (isCondition(condition)) found.add(condition)
    }
  }
  visit(error)
  return [...found]
}

function isCondition(value: unknown): value is EscalationCondition {
  return typeof value === 'string' && (ESCALATION_CONDITIONS as readonly string[]).includes(value)
}

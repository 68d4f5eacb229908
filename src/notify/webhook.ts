import { registerSecret } from '../secrets.js'
import { noticeText, type EscalationNotice } from './notice.js'

/** JSON posted to the webhook. `text` is what Slack (and compatible chat hooks) show. */
export interface WebhookPayload {
  text: string
  operation: string
  conditions: string[]
  message: string
  runUrl?: string
  repository?: string
  at: string
}

/** The webhook body for a notice. */
export function webhookPayload(notice: EscalationNotice): WebhookPayload {
  return {
    text: noticeText(notice),
    operation: notice.operation,
    conditions: [...notice.conditions],
    message: notice.message,
    runUrl: notice.runUrl,
    repository: notice.repository,
    at: notice.at.toISOString()
  }
}

export interface PostWebhookOptions {
  /** Give up after this long (a hanging chat service must not hold the run). */
  timeoutMs?: number
}

/**
 * POSTs the payload as JSON. The URL is itself a credential (anyone holding a
 * Slack webhook URL can post), so it is registered as a secret and never
 * appears in the errors thrown here.
 */
export async function postWebhook(
  url: string,
  payload: WebhookPayload,
  options: PostWebhookOptions = {}
): Promise<void> {
  registerSecret(url)
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000)
    })
  } catch (error) {
    throw new Error(`webhook request failed: ${networkReason(error)}`, { cause: error })
  }
  // Drain the body so the connection is released; its content is not needed.
  await response.arrayBuffer().catch(() => undefined)
  if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`)
}

/**
 * The cause of a fetch failure without the URL (fetch puts the URL in some
 * messages). Duck-typed: fetch's errors may come from another realm.
 */
function networkReason(error: unknown): string {
  const failure = error as { name?: string; cause?: { code?: string; message?: string } } | null
  if (failure?.name === 'TimeoutError') return 'timed out'
  return failure?.cause?.code ?? failure?.cause?.message ?? 'network error'
}

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
  /** Pause before the one retry (default 2000 ms; tests use less). */
  retryDelayMs?: number
}

/**
 * POSTs the payload as JSON, and once more after a pause when the first try
 * fails in a way that may pass (no answer, 5xx, 429): one hiccup of the chat
 * service must not lose an escalation. The URL is itself a credential (anyone
 * holding a Slack webhook URL can post), so it is registered as a secret and
 * never appears in the errors thrown here.
 */
export async function postWebhook(
  url: string,
  payload: WebhookPayload,
  options: PostWebhookOptions = {}
): Promise<void> {
  registerSecret(url)
  const first = await attempt(url, payload, options)
  if (first === undefined) return
  if (!first.transient) throw new Error(first.message)
  await new Promise((done) => setTimeout(done, options.retryDelayMs ?? 2000))
  const second = await attempt(url, payload, options)
  if (second !== undefined) throw new Error(`${second.message} (tried twice)`)
}

/** One POST: undefined when it was accepted, else why not and whether trying again may help. */
async function attempt(
  url: string,
  payload: WebhookPayload,
  options: PostWebhookOptions
): Promise<{ message: string; transient: boolean } | undefined> {
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000)
    })
  } catch (error) {
    return { message: `webhook request failed: ${networkReason(error)}`, transient: true }
  }
  // Drain the body so the connection is released; its content is not needed.
  await response.arrayBuffer().catch(() => undefined)
  if (response.ok) return undefined
  return {
    message: `webhook answered HTTP ${response.status}`,
    transient: response.status >= 500 || response.status === 429
  }
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

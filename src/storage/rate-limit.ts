/**
 * GitHub's rate-limit answers that come as HTTP 403 — a status plugin-retry must
 * not retry, because a 403 is usually a missing permission that no retry fixes.
 * GitHub tells the two apart only by the answer's headers and message
 * (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api):
 * `retry-after` (seconds), or `x-ratelimit-remaining: 0` with `x-ratelimit-reset`
 * (epoch seconds), or a message naming the secondary rate limit, after which
 * GitHub asks clients to wait at least a minute.
 */

/** Waits longer than this are not waited for: the run fails with GitHub's message instead. */
export const MAX_RATE_LIMIT_WAIT_MS = 90_000
/** How many times one request is retried after a rate-limit answer. */
export const RATE_LIMIT_RETRIES = 2
/** GitHub's advice when a secondary-limit answer carries no header. */
const SECONDARY_LIMIT_DEFAULT_WAIT_MS = 60_000

/** The parts of an Octokit RequestError this looks at. */
export interface RateLimitAnswer {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | number | undefined> }
}

/**
 * Milliseconds to wait before retrying a 403 rate-limit answer, or undefined
 * when the answer is not a rate limit (or its wait exceeds MAX_RATE_LIMIT_WAIT_MS,
 * as the primary limit's hourly reset usually does).
 */
export function rateLimitWaitMs(answer: RateLimitAnswer, nowMs: number): number | undefined {
  if (answer.status !== 403) return undefined
  const headers = answer.response?.headers ?? {}
  const wait = waitFromHeaders(headers, nowMs) ?? secondaryLimitWait(answer.message ?? '')
  if (wait === undefined || wait > MAX_RATE_LIMIT_WAIT_MS) return undefined
  return Math.max(0, wait)
}

function waitFromHeaders(
  headers: Record<string, string | number | undefined>,
  nowMs: number
): number | undefined {
  const retryAfter = Number(headers['retry-after'])
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter)) return retryAfter * 1000
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset'])
    if (Number.isFinite(reset)) return reset * 1000 - nowMs
  }
  return undefined
}

function secondaryLimitWait(message: string): number | undefined {
  return /secondary rate limit/i.test(message) ? SECONDARY_LIMIT_DEFAULT_WAIT_MS : undefined
}

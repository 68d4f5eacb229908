import type { Logger } from '../log/logger.js'
import { registerSecret } from '../secrets.js'

/**
 * A dead man's switch for scheduled runs (healthchecks.io's convention, which
 * Cronitor, Better Stack and others accept too): `<url>/start` when a run
 * starts, `<url>` when it succeeds, `<url>/fail` when it fails. The external
 * monitor alerts when the pings stop, which catches what nothing inside
 * GitHub can: a schedule GitHub disabled after 60 days without activity,
 * Actions turned off, an expired secret that stops the job before it starts.
 *
 * A ping never changes the run's result: one that fails (unreachable, slow,
 * an HTTP error) is a warning. The URL is a credential (anyone holding it can
 * fake a success), so it is registered as a secret and never part of a message.
 */

export type HeartbeatPing = 'start' | 'success' | 'fail'

/** Long enough for a monitor across the world, short enough not to hold a run. */
export const HEARTBEAT_TIMEOUT_MS = 5_000

export interface HeartbeatOptions {
  timeoutMs?: number
}

/** The URL of one ping: the check's URL, then `/start` or `/fail` (success is the URL itself). */
export function heartbeatPingUrl(url: string, ping: HeartbeatPing): string {
  const base = url.replace(/\/+$/, '')
  return ping === 'success' ? base : `${base}/${ping}`
}

/** Sends one ping; true when the monitor answered 2xx. Failures are warnings without the URL. */
export async function sendHeartbeat(
  url: string,
  ping: HeartbeatPing,
  logger: Logger,
  options: HeartbeatOptions = {}
): Promise<boolean> {
  registerSecret(url)
  const timeoutMs = options.timeoutMs ?? HEARTBEAT_TIMEOUT_MS
  try {
    const response = await fetch(heartbeatPingUrl(url, ping), {
      method: 'GET',
      signal: AbortSignal.timeout(timeoutMs)
    })
    // Drain the body so the connection is released; its content is not needed.
    await response.arrayBuffer().catch(() => undefined)
    if (response.ok) {
      logger.debug(`heartbeat ${ping} sent`)
      return true
    }
    warn(logger, ping, `the monitor answered HTTP ${response.status}`)
  } catch (error) {
    warn(logger, ping, networkReason(error, timeoutMs))
  }
  return false
}

/**
 * Runs `work` between a start ping and a success or fail ping (`succeeded`
 * decides from the result; a thrown error is a failure and is rethrown). No
 * URL: only `work` runs.
 */
export async function withHeartbeat<T>(
  url: string | undefined,
  logger: Logger,
  work: () => Promise<T>,
  succeeded: (result: T) => boolean,
  options: HeartbeatOptions = {}
): Promise<T> {
  if (!url) return work()
  registerSecret(url)
  await sendHeartbeat(url, 'start', logger, options)
  let result: T
  try {
    result = await work()
  } catch (error) {
    await sendHeartbeat(url, 'fail', logger, options)
    throw error
  }
  await sendHeartbeat(url, succeeded(result) ? 'success' : 'fail', logger, options)
  return result
}

function warn(logger: Logger, ping: HeartbeatPing, reason: string): void {
  logger.warning(
    `heartbeat ${ping} ping not sent: ${reason}. The run's result is unchanged; the monitor may alert for a missed ping.`,
    { title: 'Heartbeat not sent' }
  )
}

/** The cause of a fetch failure without the URL (fetch puts it in some messages). */
function networkReason(error: unknown, timeoutMs: number): string {
  const failure = error as { name?: string; cause?: { code?: string } } | null
  if (failure?.name === 'TimeoutError' || failure?.name === 'AbortError')
    return `no answer within ${timeoutMs / 1000} s`
  return failure?.cause?.code ?? 'network error'
}

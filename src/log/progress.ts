import type { Logger } from './logger.js'

/** 1536 -> "1.5 KB"; decimal units like pg_dump's peers (ls -lh uses binary; we say KB/MB/GB = 1000^n). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}

/** Seconds as "42.1 s" or "3 min 05 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const minutes = Math.floor(seconds / 60)
  return `${minutes} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`
}

/** Progress lines for long byte streams: bytes so far, rate, and ETA when the total is known. */
export interface ProgressReporter {
  add(bytes: number): void
  /** Logs the final line and stops the timer. */
  finish(): void
}

export function createProgressReporter(
  logger: Logger,
  label: string,
  options: { intervalMs?: number; totalBytes?: number; now?: () => number } = {}
): ProgressReporter {
  const now = options.now ?? Date.now
  const started = now()
  let bytes = 0
  const line = () => {
    const seconds = Math.max((now() - started) / 1000, 0.001)
    const rate = bytes / seconds
    const total = options.totalBytes
    const eta =
      total && rate > 0 ? `, ETA ${formatDuration(Math.max(total - bytes, 0) / rate)}` : ''
    const of = total ? ` of ${formatBytes(total)}` : ''
    return `${label}: ${formatBytes(bytes)}${of} in ${formatDuration(seconds)} (${formatBytes(rate)}/s${eta})`
  }
  const timer = setInterval(() => logger.info(line()), options.intervalMs ?? 5000)
  timer.unref()
  return {
    add: (n) => {
      bytes += n
    },
    finish: () => {
      clearInterval(timer)
      logger.info(line())
    }
  }
}

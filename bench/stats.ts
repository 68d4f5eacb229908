/** Median and range of repeated measurements. */
export interface Summary {
  n: number
  median: number
  min: number
  max: number
}

/** Median (mean of the middle two for even n), min and max. */
export function summarize(values: number[]): Summary {
  if (values.length === 0) throw new Error('no measurements to summarize')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { n: sorted.length, median, min: sorted[0]!, max: sorted[sorted.length - 1]! }
}

/** "24.1 s (23.8–24.9)" */
export function formatSeconds(summary: Summary): string {
  return `${summary.median.toFixed(1)} s (${summary.min.toFixed(1)}–${summary.max.toFixed(1)})`
}

/** "1.03x" */
export function formatRatio(ours: Summary, sop: Summary): string {
  return `${(ours.median / sop.median).toFixed(2)}x`
}

/** Kilobytes as "84 MB" (decimal, like the rest of the tool's output). */
export function formatKb(kb: number): string {
  return `${Math.round((kb * 1024) / 1e6)} MB`
}

/** A list of values in a stable order, e.g. a variant's seconds. */
export function rounded(values: number[], digits = 3): number[] {
  const factor = 10 ** digits
  return values.map((value) => Math.round(value * factor) / factor)
}

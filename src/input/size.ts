/** Size units as people write them: KB/MB/GB decimal, KiB/MiB/GiB binary (keys lower-case). */
const UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4
}

/**
 * Parses a size like `1GB`, `500 MB`, `1.5gb`, `2GiB` or a plain byte count.
 * KB/MB/GB are decimal (1 GB = 10^9 bytes, as formatBytes prints them);
 * KiB/MiB/GiB are binary. Returns undefined for anything else.
 */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text)
  if (!match) return undefined
  const factor = UNITS[(match[2] || 'b').toLowerCase()]
  if (factor === undefined) return undefined
  const bytes = Math.round(Number(match[1]) * factor)
  return bytes > 0 ? bytes : undefined
}

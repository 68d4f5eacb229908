import type { MachineInfo } from './machine.js'
import { formatKb, formatRatio, formatSeconds, type Summary } from './stats.js'

export type BackupVariant = 'sop' | 'oursOff' | 'oursOn' | 'floor'
export type DrillVariant = 'sop' | 'oursOff' | 'oursOn'

/** Every timed run of one variant. */
export interface VariantResult {
  command: string
  seconds: number[]
  summary: Summary
  /** Peak RSS of our node process per run (ours only). */
  peakRssKb?: number[]
  /** Per run: VmRSS at 10, 25, 50, 75 and 90% of the run (sampled every 250 ms). */
  rssProfileKb?: number[][]
  /** Per run: what the tool itself reported (dump/inspect/restore/validation seconds). */
  details?: unknown[]
}

export interface RssPoint {
  size: string
  fixtureBytes: number
  /** Highest peak over the runs at this size (content hashes off and on). */
  backupPeakRssKb: number
  drillPeakRssKb?: number
  runs: number
}

export interface SourceInfo {
  users: number
  fixtureBytes: number
  databaseBytes: number
  seedSeconds: number
  rows: Record<string, number>
}

/** The JSON written to bench/results/<timestamp>.json. */
export interface BenchResults {
  formatVersion: 1
  startedAt: string
  finishedAt: string
  totalSeconds: number
  machine: MachineInfo
  server: { version: string; settings: Record<string, string> }
  options: { size: string; runs: number; rssSizes: string[]; parts: string[]; cli: string }
  notes: string[]
  quiet: {
    threshold: number
    runs: number
    waitedSeconds: number
    maxBusyBefore: number
    loadAverage: number[]
  }
  source: SourceInfo
  backup?: {
    order: BackupVariant[][]
    dumpBytes: Partial<Record<BackupVariant, number>>
    variants: Record<BackupVariant, VariantResult>
  }
  drill?:
    { order: DrillVariant[][]; variants: Record<DrillVariant, VariantResult> } | { skipped: string }
  rss: RssPoint[]
  markdown: string
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`

/** The markdown the Performance section shows: ratios first, then the floor and memory. */
export function resultsMarkdown(results: Omit<BenchResults, 'markdown'>): string {
  const lines: string[] = []
  const runs = results.options.runs
  lines.push(
    `Data: the Supabase-shaped fixture, ${results.source.users} users, ${gb(results.source.fixtureBytes)} on disk ` +
      `(pg_database_size ${gb(results.source.databaseBytes)}); median (min–max) of ${runs} alternating runs each.`,
    ''
  )
  if (results.backup || (results.drill && 'variants' in results.drill)) {
    lines.push(
      '| Operation | SOP commands | backup-drill | ours / SOP |',
      '| --- | ---: | ---: | ---: |'
    )
    const backup = results.backup?.variants
    if (backup) {
      lines.push(
        `| Backup, content hashes off | ${formatSeconds(backup.sop.summary)} | ${formatSeconds(backup.oursOff.summary)} | ${formatRatio(backup.oursOff.summary, backup.sop.summary)} |`
      )
      lines.push(
        `| Backup, content hashes on | ${formatSeconds(backup.sop.summary)} | ${formatSeconds(backup.oursOn.summary)} | ${formatRatio(backup.oursOn.summary, backup.sop.summary)} |`
      )
    }
    if (results.drill && 'variants' in results.drill) {
      const drill = results.drill.variants
      lines.push(
        `| Drill, content hashes off | ${formatSeconds(drill.sop.summary)} | ${formatSeconds(drill.oursOff.summary)} | ${formatRatio(drill.oursOff.summary, drill.sop.summary)} |`
      )
      lines.push(
        `| Drill, content hashes on | ${formatSeconds(drill.sop.summary)} | ${formatSeconds(drill.oursOn.summary)} | ${formatRatio(drill.oursOn.summary, drill.sop.summary)} |`
      )
    }
    lines.push('')
  }
  if (results.backup) {
    const { floor, sop, oursOff, oursOn } = results.backup.variants
    const above = (v: VariantResult) => {
      const extra = v.summary.median - floor.summary.median
      return `${extra >= 0 ? '+' : ''}${extra.toFixed(1)} s (${extra >= 0 ? '+' : ''}${((extra / floor.summary.median) * 100).toFixed(0)}%)`
    }
    lines.push(
      `Floor, \`pg_dump --format=custom ... > /dev/null\` alone: ${formatSeconds(floor.summary)}. ` +
        `Above the floor: SOP commands ${above(sop)}, backup-drill ${above(oursOff)} with content hashes off and ${above(oursOn)} with them on.`,
      ''
    )
  }
  if (results.drill && 'skipped' in results.drill)
    lines.push(`Drill: not measured (${results.drill.skipped}).`, '')
  if (results.rss.length > 0) {
    lines.push(
      '| Data on disk | peak RSS, backup | peak RSS, drill | runs |',
      '| ---: | ---: | ---: | ---: |'
    )
    for (const point of results.rss) {
      lines.push(
        `| ${gb(point.fixtureBytes)} | ${formatKb(point.backupPeakRssKb)} | ${point.drillPeakRssKb === undefined ? 'n/a' : formatKb(point.drillPeakRssKb)} | ${point.runs} |`
      )
    }
    lines.push('')
  }
  const m = results.machine
  lines.push(
    `Machine: ${m.nproc} cores (${m.cpuModel}), ${gb(m.memTotalBytes)} RAM, Linux ${m.kernel}, node ${m.node}, ${results.server.version}, ${m.pgDump}.`
  )
  return lines.join('\n')
}

import { describePolicy } from '../retention/policy.js'
import type { StatusReport } from './evaluate-status.js'

/**
 * The status as one self-contained HTML page (`status --report out.html`): no
 * script, no external asset, charts as inline SVG drawn here, one point per
 * backup or drill, so it opens anywhere, offline, and can be kept as an artifact.
 */
export function statusHtml(report: StatusReport): string {
  const { sets, drills } = report.history
  const sizes = sets.flatMap((set) =>
    set.sizeBytes === undefined
      ? []
      : [{ at: Date.parse(set.createdAt), value: set.sizeBytes, label: set.name }]
  )
  // The data-loss window each backup closed: hours since the backup before it.
  const gaps = sets.slice(1).map((set, index) => ({
    at: Date.parse(set.createdAt),
    value: (Date.parse(set.createdAt) - Date.parse(sets[index]!.createdAt)) / 3_600_000,
    label: set.name
  }))
  const durations = sets.flatMap((set) =>
    set.durationSeconds === undefined
      ? []
      : [{ at: Date.parse(set.createdAt), value: set.durationSeconds, label: set.name }]
  )
  // Each drill's RTO (restore + checks) against its own budget; a log without one charts its run time.
  const rtoPoints = drills.map((drill) => ({
    at: Date.parse(drill.startedAt),
    value: (drill.rto?.seconds ?? drill.seconds) / 60,
    label: `${drill.id} ${drill.result}${drill.rto ? ` (budget ${drill.rto.limitMinutes} min)` : ''}`,
    fail: drill.result === 'fail',
    ...(drill.rto ? { budget: drill.rto.limitMinutes } : {})
  }))
  const newestBudget = drills.at(-1)?.rto?.limitMinutes
  const rows = report.checks
    .map(
      (check) =>
        `<tr class="${check.status}"><td>${escape(check.name)}</td><td>${check.status}${check.condition ? ` (${check.condition})` : ''}</td><td>${escape(check.detail)}</td></tr>`
    )
    .join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Backup status ${escape(report.now)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
tr.fail td { background: #fdd; } tr.warn td { background: #ffd; } tr.pass td { background: #efe; }
svg { border: 1px solid #ddd; margin: 0.5em 0 1.5em; background: #fff; }
circle.fail { fill: #c00; } circle { fill: #06c; } circle.pass { fill: #3a3; } rect.gap { fill: #c00; opacity: 0.35; }
rect.day { stroke: #fff; } rect.daily { fill: #3a3; } rect.monthly { fill: #063; } rect.other { fill: #9c9; } rect.expiring { fill: #e90; } rect.none { fill: #ddd; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: middle; }
</style>
</head>
<body>
<h1>Backup status: ${report.result === 'pass' ? 'PASS' : `FAIL (${escape(report.conditions.join(', '))})`}</h1>
<p>${escape(report.store)} — checked ${escape(report.now)}</p>
<table><tr><th>Check</th><th>Result</th><th>Detail</th></tr>
${rows}
</table>
<h2>Pass/fail timeline (${sets.length} backups, ${drills.length} drills; red = failed drill or more than the RPO without a backup)</h2>
${timeline(report)}
<h2>Backup size (${sizes.length} backups)</h2>
${chart('size', sizes, 'bytes')}
<h2>Backup duration in seconds (${durations.length} backups${durations.length < sets.length ? `; ${sets.length - durations.length} without timings: durations are read from the manifests of a folder or a bucket (its newest 100 sets), not from inside artifacts` : ''})</h2>
${chart('duration', durations, 's')}
<h2>Hours since the previous backup (RPO ${report.backup.limitHours} h)</h2>
${chart('rpo', gaps, 'h', report.backup.limitHours)}
<h2>Drills: RTO in minutes against the budget (${drills.length} drills; red = failed${newestBudget === undefined ? '' : `; line = budget ${newestBudget} min`})</h2>
${chart('rto', rtoPoints, 'min', newestBudget)}
<h2>Retention calendar (${escape(describePolicy(report.retention.policy))})</h2>
<p class="legend"><span style="background:#3a3"></span>kept (daily)<span style="background:#063"></span>kept (monthly: the month's newest)<span style="background:#9c9"></span>kept (another rule: last, weekly, yearly, the oldest)<span style="background:#e90"></span>expiring: beyond the policy, the next prune deletes it<span style="background:#ddd"></span>no backup</p>
${calendar(report)}
</body>
</html>
`
}

/**
 * Backups and drills on one time axis, from the oldest to the check: a green
 * point per backup and per passed drill, a red point per failed drill, and a
 * red band wherever more than the RPO passed without a backup (up to the
 * check itself: the rpo-exceeded of today shows as a band reaching the right edge).
 */
function timeline(report: StatusReport): string {
  const { sets, drills } = report.history
  if (sets.length === 0 && drills.length === 0) return '<p data-chart="timeline">No data.</p>'
  const now = Date.parse(report.now)
  const backups = sets.map((set) => ({ at: Date.parse(set.createdAt), name: set.name }))
  const runs = drills.map((drill) => ({ ...drill, at: Date.parse(drill.startedAt) }))
  const t0 = Math.min(...backups.map((b) => b.at), ...runs.map((d) => d.at))
  const t1 = Math.max(now, ...backups.map((b) => b.at), ...runs.map((d) => d.at))
  const x = (at: number) =>
    LANE_LEFT + ((at - t0) / Math.max(t1 - t0, 1)) * (WIDTH - LANE_LEFT - PAD)
  const rpoMs = report.backup.limitHours * 3_600_000
  // Each stretch longer than the RPO without a backup: between two backups, and from the newest to now.
  const ends = [...backups.map((b) => b.at), now]
  const gaps = backups.flatMap((backup, index) => {
    const next = ends[index + 1]!
    return next - backup.at > rpoMs ? [{ from: backup.at, to: next }] : []
  })
  const hours = (ms: number) => round(ms / 3_600_000)
  const gapRects = gaps
    .map(
      (gap) =>
        `<rect class="gap" x="${x(gap.from).toFixed(1)}" y="${BACKUP_LANE - 10}" width="${Math.max(x(gap.to) - x(gap.from), 1).toFixed(1)}" height="20"><title>${escape(`${new Date(gap.from).toISOString()} to ${gap.to === now ? 'the check' : new Date(gap.to).toISOString()}: ${hours(gap.to - gap.from)} h without a backup (RPO ${report.backup.limitHours} h)`)}</title></rect>`
    )
    .join('')
  const backupDots = backups
    .map(
      (backup) =>
        `<circle class="pass" data-lane="backups" cx="${x(backup.at).toFixed(1)}" cy="${BACKUP_LANE}" r="3"><title>${escape(backup.name)}</title></circle>`
    )
    .join('')
  const drillDots = runs
    .map(
      (drill) =>
        `<circle class="${drill.result}" data-lane="drills" cx="${x(drill.at).toFixed(1)}" cy="${DRILL_LANE}" r="5"><title>${escape(`${drill.id} ${drill.result}`)}</title></circle>`
    )
    .join('')
  const labels = `<text x="4" y="${BACKUP_LANE + 4}" font-size="11">backups</text><text x="4" y="${DRILL_LANE + 4}" font-size="11">drills</text>`
  const axis = `<text x="${LANE_LEFT}" y="${TIMELINE_HEIGHT - 8}" font-size="11">${new Date(t0).toISOString().slice(0, 10)}</text><text x="${WIDTH - PAD}" y="${TIMELINE_HEIGHT - 8}" font-size="11" text-anchor="end">${new Date(t1).toISOString().slice(0, 10)}</text>`
  return `<svg data-chart="timeline" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${TIMELINE_HEIGHT}" viewBox="0 0 ${WIDTH} ${TIMELINE_HEIGHT}" role="img" aria-label="pass/fail timeline">${labels}${axis}${gapRects}${backupDots}${drillDots}</svg>`
}

const LANE_LEFT = 70
const BACKUP_LANE = 25
const DRILL_LANE = 60
const TIMELINE_HEIGHT = 100

type DayState = 'daily' | 'monthly' | 'other' | 'expiring' | 'none'

/**
 * One cell per UTC day from the oldest set's day to the check's day, one row
 * per month: what the retention planner keeps (daily, monthly) and what the
 * next prune deletes, from each set's `keptBy` reasons.
 */
function calendar(report: StatusReport): string {
  const { sets } = report.history
  if (sets.length === 0) return '<p data-chart="calendar">No data.</p>'
  const byDay = new Map<string, { state: DayState; names: string[]; reasons: string[] }>()
  for (const set of sets) {
    const day = set.createdAt.slice(0, 10)
    const state: DayState = set.keptBy.some((reason) => reason.startsWith('monthly '))
      ? 'monthly'
      : set.keptBy.some((reason) => reason.startsWith('daily '))
        ? 'daily'
        : set.keptBy.length > 0
          ? 'other'
          : 'expiring'
    const entry = byDay.get(day) ?? { state, names: [], reasons: [] }
    // A day with several sets shows the longest-lived state.
    if (STATE_RANK[state] > STATE_RANK[entry.state]) entry.state = state
    entry.names.push(set.name)
    entry.reasons.push(...set.keptBy)
    byDay.set(day, entry)
  }
  const first = Date.parse(sets[0]!.createdAt.slice(0, 10))
  const last = Math.max(
    Date.parse(report.now.slice(0, 10)),
    Date.parse(sets.at(-1)!.createdAt.slice(0, 10))
  )
  const months: string[] = []
  for (let at = first; at <= last; at += DAY_MS) {
    const month = new Date(at).toISOString().slice(0, 7)
    if (months.at(-1) !== month) months.push(month)
  }
  const cells: string[] = []
  for (let at = first; at <= last; at += DAY_MS) {
    const date = new Date(at)
    const day = date.toISOString().slice(0, 10)
    const row = months.indexOf(day.slice(0, 7))
    const entry = byDay.get(day)
    const state = entry?.state ?? 'none'
    const title = entry
      ? `${day}: ${entry.names.join(', ')} — ${entry.reasons.length > 0 ? `kept (${entry.reasons.join(', ')})` : 'beyond the policy: the next prune deletes it'}`
      : `${day}: no backup`
    cells.push(
      `<rect class="day ${state}" data-day="${day}" x="${CAL_LEFT + (date.getUTCDate() - 1) * CELL}" y="${CAL_TOP + row * CELL}" width="${CELL}" height="${CELL}"><title>${escape(title)}</title></rect>`
    )
  }
  const keptMonths = new Set(
    sets.flatMap((set) =>
      set.keptBy.filter((reason) => reason.startsWith('monthly ')).map((reason) => reason.slice(8))
    )
  )
  const labels = months
    .map(
      (month, row) =>
        `<text x="4" y="${CAL_TOP + row * CELL + CELL - 4}" font-size="11"${keptMonths.has(month) ? ' font-weight="bold"' : ''}>${month}${keptMonths.has(month) ? ' ◆' : ''}</text>`
    )
    .join('')
  const header = Array.from(
    { length: 31 },
    (_, index) =>
      `<text x="${CAL_LEFT + index * CELL + CELL / 2}" y="${CAL_TOP - 4}" font-size="9" text-anchor="middle">${index + 1}</text>`
  ).join('')
  const width = CAL_LEFT + 31 * CELL + 8
  const height = CAL_TOP + months.length * CELL + 8
  return `<svg data-chart="calendar" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="retention calendar">${header}${labels}${cells.join('')}</svg>
<p>◆ a month the monthly rule keeps a set of (${keptMonths.size} of ${months.length} months shown).</p>`
}

const STATE_RANK: Record<DayState, number> = {
  none: 0,
  expiring: 1,
  other: 2,
  daily: 3,
  monthly: 4
}
const DAY_MS = 86_400_000
const CELL = 18
const CAL_LEFT = 90
const CAL_TOP = 18

interface Point {
  at: number
  value: number
  label: string
  fail?: boolean
  /** This point's own limit, drawn as a short tick beside it. */
  budget?: number
}

const WIDTH = 720
const HEIGHT = 200
const PAD = 40

/** A scatter chart with one circle per point (and an optional limit line), time on x. */
function chart(name: string, points: readonly Point[], unit: string, limit?: number): string {
  if (points.length === 0) return `<p data-chart="${name}">No data.</p>`
  const times = points.map((point) => point.at)
  const values = points
    .flatMap((point) => (point.budget === undefined ? [point.value] : [point.value, point.budget]))
    .concat(limit === undefined ? [] : [limit])
  const [t0, t1] = [Math.min(...times), Math.max(...times)]
  const top = Math.max(...values, 1)
  const x = (at: number) => PAD + ((at - t0) / Math.max(t1 - t0, 1)) * (WIDTH - 2 * PAD)
  const y = (value: number) => HEIGHT - PAD + -(value / top) * (HEIGHT - 2 * PAD)
  const circles = points
    .map(
      (point) =>
        `<circle cx="${x(point.at).toFixed(1)}" cy="${y(point.value).toFixed(1)}" r="3"${point.fail ? ' class="fail"' : ''}><title>${escape(point.label)}: ${round(point.value)} ${unit}</title></circle>`
    )
    .join('')
  const line =
    limit === undefined
      ? ''
      : `<line x1="${PAD}" x2="${WIDTH - PAD}" y1="${y(limit).toFixed(1)}" y2="${y(limit).toFixed(1)}" stroke="#c00" stroke-dasharray="4"/>`
  const ticks = points
    .filter((point) => point.budget !== undefined)
    .map(
      (point) =>
        `<line class="budget" x1="${(x(point.at) - 6).toFixed(1)}" x2="${(x(point.at) + 6).toFixed(1)}" y1="${y(point.budget!).toFixed(1)}" y2="${y(point.budget!).toFixed(1)}" stroke="#c00"/>`
    )
    .join('')
  const axis = `<text x="${PAD}" y="${HEIGHT - 10}" font-size="11">${new Date(t0).toISOString().slice(0, 10)}</text><text x="${WIDTH - PAD}" y="${HEIGHT - 10}" font-size="11" text-anchor="end">${new Date(t1).toISOString().slice(0, 10)}</text><text x="4" y="${PAD - 10}" font-size="11">${round(top)} ${unit}</text>`
  return `<svg data-chart="${name}" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${name}">${axis}${line}${ticks}${circles}</svg>`
}

const round = (value: number) => (Math.round(value * 10) / 10).toString()

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

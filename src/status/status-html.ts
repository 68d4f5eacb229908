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
  const drillPoints = drills.map((drill) => ({
    at: Date.parse(drill.startedAt),
    value: drill.seconds / 60,
    label: `${drill.id} ${drill.result}`,
    fail: drill.result === 'fail'
  }))
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
circle.fail { fill: #c00; } circle { fill: #06c; }
</style>
</head>
<body>
<h1>Backup status: ${report.result === 'pass' ? 'PASS' : `FAIL (${escape(report.conditions.join(', '))})`}</h1>
<p>${escape(report.store)} — checked ${escape(report.now)}</p>
<table><tr><th>Check</th><th>Result</th><th>Detail</th></tr>
${rows}
</table>
<h2>Backup size (${sizes.length} backups)</h2>
${chart('size', sizes, 'bytes')}
<h2>Hours since the previous backup (RPO ${report.backup.limitHours} h)</h2>
${chart('rpo', gaps, 'h', report.backup.limitHours)}
<h2>Drills: duration in minutes (${drills.length} drills; red = failed)</h2>
${chart('drills', drillPoints, 'min')}
</body>
</html>
`
}

interface Point {
  at: number
  value: number
  label: string
  fail?: boolean
}

const WIDTH = 720
const HEIGHT = 200
const PAD = 40

/** A scatter chart with one circle per point (and an optional limit line), time on x. */
function chart(name: string, points: readonly Point[], unit: string, limit?: number): string {
  if (points.length === 0) return `<p data-chart="${name}">No data.</p>`
  const times = points.map((point) => point.at)
  const values = points.map((point) => point.value).concat(limit === undefined ? [] : [limit])
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
  const axis = `<text x="${PAD}" y="${HEIGHT - 10}" font-size="11">${new Date(t0).toISOString().slice(0, 10)}</text><text x="${WIDTH - PAD}" y="${HEIGHT - 10}" font-size="11" text-anchor="end">${new Date(t1).toISOString().slice(0, 10)}</text><text x="4" y="${PAD - 10}" font-size="11">${round(top)} ${unit}</text>`
  return `<svg data-chart="${name}" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${name}">${axis}${line}${circles}</svg>`
}

const round = (value: number) => (Math.round(value * 10) / 10).toString()

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

import { formatBytes } from '../log/progress.js'
import type { StatusReport } from './evaluate-status.js'

const ICON = { pass: '✅', warn: '⚠️', fail: '❌' } as const

/** What the job summary adds to the status table. */
export interface SummaryExtras {
  /** The report's numbers as tables (the job summary; the CLI's human output leaves them out). */
  history?: boolean
  /** The uploaded HTML report: its link, or why it is not there. */
  reportArtifact?: { name: string; url: string } | { failure: string }
}

/** The status as markdown: the job summary and the CLI's human output. */
export function statusSummaryMarkdown(report: StatusReport, extras: SummaryExtras = {}): string {
  const verdict =
    report.result === 'pass'
      ? `PASS ✅${report.checks.some((check) => check.status === 'warn') ? ' (with warnings)' : ''}`
      : `FAIL ❌ — escalate: ${report.conditions.join(', ')}`
  const { backup, drill, retention } = report
  const lines = [
    `## Backup status: ${verdict}`,
    '',
    '| | |',
    '|---|---|',
    `| Store | ${cell(report.store)} |`,
    `| Newest backup | ${backup.newest ? `\`${backup.newest.name}\`, ${backup.newest.ageHours.toFixed(1)} h old (limit ${backup.limitHours} h)${backup.newest.sizeBytes === undefined ? '' : `, ${formatBytes(backup.newest.sizeBytes)}`}` : 'none'} |`,
    `| Complete sets | ${backup.count} |`,
    `| Newest drill | ${drill.newest ? `\`${drill.newest.id}\` ${drill.newest.result}, ${drill.newest.ageDays.toFixed(1)} days old (limit ${drill.maxAgeDays} days)` : `none in ${cell(drill.source)}`} |`,
    ...(retention.daily
      ? [
          `| Daily sets | ${retention.daily.expected === 0 ? 'none due yet: the first set is from today' : `${retention.daily.present} of the last ${retention.daily.expected} days`} |`
        ]
      : []),
    ...(retention.monthly
      ? [
          `| Monthly sets | ${retention.monthly.expected === 0 ? 'none due yet: the first set is from this month' : `${retention.monthly.present} of the last ${retention.monthly.expected} months`} |`
        ]
      : []),
    ...(report.sizeTrend
      ? [
          `| Size trend | ${Math.round(report.sizeTrend.ratio * 100)} % of the median of the ${report.sizeTrend.compared} sets before |`
        ]
      : []),
    `| Checked at | ${report.now} |`,
    '',
    '| Check | Result | Detail |',
    '|---|---|---|',
    ...report.checks.map(
      (check) =>
        `| ${check.name} | ${ICON[check.status]} ${check.status}${check.condition ? ` (\`${check.condition}\`)` : ''} | ${cell(check.detail)} |`
    )
  ]
  const artifact = extras.reportArtifact
  if (artifact)
    lines.push(
      '',
      'url' in artifact
        ? `📊 HTML report (charts, retention calendar): [${artifact.name}](${artifact.url})`
        : `⚠️ The HTML report was not uploaded: ${cell(artifact.failure)}`
    )
  if (extras.history) lines.push('', ...historyTables(report))
  return lines.join('\n') + '\n'
}

/**
 * The numbers behind the HTML report's charts, as tables: per backup its size,
 * duration, hours since the one before and what the retention policy does with
 * it; per drill its RTO against the budget. Folded, newest first.
 */
export function historyTables(report: StatusReport): string[] {
  const { sets, drills } = report.history
  const backups = sets.map((set, index) => {
    const previous = sets[index - 1]
    const gap = previous
      ? `${((Date.parse(set.createdAt) - Date.parse(previous.createdAt)) / 3_600_000).toFixed(1)}`
      : ''
    const retention =
      set.keptBy.length > 0
        ? `kept (${set.keptBy.join(', ')})`
        : 'beyond the policy: prune deletes it'
    return `| \`${cell(set.name)}\` | ${set.createdAt.slice(0, 16).replace('T', ' ')} | ${set.sizeBytes === undefined ? '' : formatBytes(set.sizeBytes)} | ${set.durationSeconds === undefined ? '' : set.durationSeconds.toFixed(1)} | ${gap} | ${cell(retention)} |`
  })
  const drillRows = drills.map((drill) => {
    const rto = drill.rto
      ? `${(drill.rto.seconds / 60).toFixed(1)} | ${drill.rto.limitMinutes} | ${drill.rto.ok ? '✅' : '❌ over'}`
      : `${(drill.seconds / 60).toFixed(1)} | | `
    return `| \`${cell(drill.id)}\` | ${drill.startedAt.slice(0, 16).replace('T', ' ')} | ${drill.result === 'pass' ? '✅ pass' : '❌ fail'} | ${rto} |`
  })
  const kept = sets.filter((set) => set.keptBy.length > 0).length
  const monthly = sets.filter((set) => set.keptBy.some((reason) => reason.startsWith('monthly')))
  return [
    `<details><summary>History: ${sets.length} backups, ${drills.length} drills (the report's numbers)</summary>`,
    '',
    `Retention: ${kept} sets kept (${monthly.length} by the monthly rule: ${monthly.map((set) => set.createdAt.slice(0, 7)).join(', ') || 'none'}), ${sets.length - kept} beyond the policy.`,
    '',
    '| Backup | Created (UTC) | Size | Duration (s) | Hours since previous | Retention |',
    '|---|---|---|---|---|---|',
    ...backups.reverse(),
    '',
    '| Drill | Started (UTC) | Result | RTO (min) | Budget (min) | Within budget |',
    '|---|---|---|---|---|---|',
    ...drillRows.reverse(),
    '',
    '</details>'
  ]
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').slice(0, 2000)
}

import { formatBytes } from '../log/progress.js'
import type { StatusReport } from './evaluate-status.js'

const ICON = { pass: '✅', warn: '⚠️', fail: '❌' } as const

/** The status as markdown: the job summary and the CLI's human output. */
export function statusSummaryMarkdown(report: StatusReport): string {
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
      ? [`| Daily sets | ${retention.daily.present} of the last ${retention.daily.expected} days |`]
      : []),
    ...(retention.monthly
      ? [
          `| Monthly sets | ${retention.monthly.present} of the last ${retention.monthly.expected} months |`
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
  return lines.join('\n') + '\n'
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').slice(0, 2000)
}

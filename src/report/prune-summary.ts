import type { PruneResult } from '../prune/run-prune.js'
import { describePolicy } from '../retention/policy.js'

const STATUS_TEXT: Record<PruneResult['deleted'][number]['status'], string> = {
  deleted: 'deleted',
  'dry-run': 'would delete (dry run)',
  blocked: 'not deleted (listing problems)',
  failed: 'delete FAILED'
}

/** The prune result as markdown for the job summary and the CLI: one table of kept and deleted sets, then what needs a person. */
export function pruneSummaryMarkdown(result: PruneResult): string {
  const deletedCount = result.deleted.filter((entry) => entry.status === 'deleted').length
  const headline = result.dryRun
    ? `kept ${result.kept.length}, would delete ${result.deleted.length} (dry run)`
    : `kept ${result.kept.length}, deleted ${deletedCount}`
  const lines = [
    `### Prune ${result.passed ? '' : 'FAILED: '}${headline}`,
    '',
    `Store: ${cell(result.store)} · prefix \`${cell(result.prefix)}\` · policy ${describePolicy(result.policy)} · now ${result.now}`,
    ''
  ]

  const rows = [
    ...result.kept.map((entry) => ({ ...entry, action: 'keep', why: entry.reasons.join(', ') })),
    ...result.deleted.map((entry) => ({
      ...entry,
      action: STATUS_TEXT[entry.status],
      why: entry.error ?? 'outside every keep rule'
    }))
  ].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
  if (rows.length === 0) {
    lines.push('No complete backup sets.')
  } else {
    lines.push('| Backup set | Created (UTC) | Action | Reason |', '| --- | --- | --- | --- |')
    for (const row of rows)
      lines.push(`| ${cell(row.name)} | ${row.createdAt} | ${row.action} | ${cell(row.why)} |`)
  }

  if (result.escalation) {
    lines.push(
      '',
      `#### ESCALATE: ${result.escalation.condition}`,
      '',
      cell(result.escalation.message)
    )
  }
  if (result.warnings.length > 0) {
    lines.push('', '#### Warnings', '')
    for (const warning of result.warnings) lines.push(`- ${cell(warning)}`)
  }
  if (result.problems.length > 0) {
    lines.push('', '#### Listing problems (nothing was deleted)', '')
    for (const problem of result.problems) lines.push(`- ${cell(problem)}`)
  }
  if (result.incomplete.length > 0) {
    lines.push(
      '',
      '#### Incomplete sets (not counted, not deleted)',
      '',
      '| Set | Present | Missing |',
      '| --- | --- | --- |'
    )
    for (const partial of result.incomplete) {
      const missing = partial.note ?? partial.missing.join(', ')
      lines.push(`| ${cell(partial.name)} | ${cell(partial.files.join(', '))} | ${cell(missing)} |`)
    }
  }
  if (result.strays.length > 0) {
    lines.push('', '#### Stray files (ignored)', '')
    for (const stray of result.strays) lines.push(`- ${cell(stray)}`)
  }
  return lines.join('\n') + '\n'
}

/** Text safe inside a table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
}

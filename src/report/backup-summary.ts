import type { BackupResult } from '../backup/run-backup.js'
import { formatBytes, formatDuration } from '../log/progress.js'
import { sourceLocation } from '../manifest/source.js'

/** Markdown for the job summary (and the CLI's human output) of a finished backup. */
export function backupSummaryMarkdown(
  result: BackupResult,
  upload?: { artifactId?: number; artifactName?: string }
): string {
  const m = result.manifest
  const rows = m.inventory.tables.map(
    (t) =>
      `| \`${t.schema}.${t.name}\` | ${t.rowCount} | ${t.rlsEnabled ? 'on' : 'off'} |${m.contentHash ? ` \`${t.contentHash?.slice(0, 12) ?? ''}\` |` : ''}`
  )
  const lines = [
    `## Backup \`${result.name}\` ✅`,
    '',
    '| | |',
    '|---|---|',
    `| Project | \`${m.projectRef}\` |`,
    `| Source | ${sourceLocation(m)} (PostgreSQL ${m.source.serverVersion}, role \`${m.source.role}\`) |`,
    `| Snapshot time | ${m.createdAt} |`,
    `| pg_dump | ${m.pgDump.version} |`,
    `| Dump | \`${m.dump.file}\` ${formatBytes(result.sizeBytes)} |`,
    `| SHA-256 | \`${result.sha256}\` |`,
    `| Tables / rows | ${m.inventory.tables.length} / ${m.inventory.tables.reduce((n, t) => n + t.rowCount, 0)} |`,
    `| Constraints / indexes / policies | ${m.inventory.constraints.length} / ${m.inventory.indexes.length} / ${m.inventory.policies.length} |`,
    `| Duration | ${formatDuration(result.durationSeconds)} (dump ${formatDuration(m.timings.dumpSeconds)}) |`,
    ...(upload?.artifactId !== undefined
      ? [`| Artifact | \`${upload.artifactName}\` (id ${upload.artifactId}) |`]
      : []),
    '',
    `| Table | Rows | RLS |${m.contentHash ? ' Content hash |' : ''}`,
    `|---|---:|---|${m.contentHash ? '---|' : ''}`,
    ...rows
  ]
  if (result.warnings.length > 0)
    lines.push('', '### Warnings', '', ...result.warnings.map((w) => `- ${w}`))
  lines.push(
    '',
    'A backup counts only once a drill has restored it and proven it equal to its source: run `drill` on it.'
  )
  return lines.join('\n') + '\n'
}

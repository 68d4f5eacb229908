import type { BackupResult } from '../backup/run-backup.js'
import { EscalationError, InputError, errorMessage } from '../errors.js'
import { backupSummaryMarkdown } from './backup-summary.js'

/**
 * Markdown for the job summary of a backup that failed. When the set was
 * complete on disk but could not be stored, the set's own table follows, so a
 * person sees what exists and where.
 */
export function backupFailureMarkdown(error: unknown, result?: BackupResult): string {
  const what =
    error instanceof EscalationError
      ? `ESCALATE: \`${error.condition}\``
      : error instanceof InputError
        ? `Bad input: \`${error.input}\``
        : 'Failure'
  const lines = [
    '## Backup failed ❌',
    '',
    '| | |',
    '|---|---|',
    `| Result | ${what} |`,
    `| Error | ${oneCell(errorMessage(error))} |`,
    '',
    result
      ? `The set was complete on disk (\`${result.backupPath}\`) but was not stored; it is not a backup of record.`
      : 'No backup was written: partial files were removed and nothing was uploaded.',
    ''
  ]
  const summary = lines.join('\n')
  return result ? `${summary}\n${backupSummaryMarkdown(result).replace(/ ✅/, '')}` : summary
}

/** Text safe inside one markdown table cell. */
function oneCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
}

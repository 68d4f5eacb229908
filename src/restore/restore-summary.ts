import { drillLogMarkdown, type DrillLog } from '../report/drill-log.js'
import { formatDuration } from '../log/progress.js'

/** One SOP §4 step: what it asks, who serves it, and whether a person still has to act. */
export interface SopStep {
  step: string
  servedBy: string
  manual: boolean
}

/**
 * SOP §4 step by step, with this run's part filled in. The steps marked
 * manual are the ones no tool can do: the summary says so in so many words
 * so nobody reopens traffic on the strength of a green job alone.
 */
export function sopSteps(log: DrillLog): SopStep[] {
  const status = (name: string) => log.checks.find((check) => check.name === name)?.status ?? 'skip'
  const checksum = status('checksum')
  const smoke = status('smoke')
  return [
    {
      step: '1. Declare the Sev-1 incident',
      servedBy: 'Manual: the incident commander declares it before the restore starts',
      manual: true
    },
    {
      step: '1. Freeze writes and deploys',
      servedBy:
        'Manual: pause deploy workflows and stop writers (maintenance mode) until traffic reopens',
      manual: true
    },
    {
      step: '2. Select restore point (latest known-good)',
      servedBy: `This run: \`${log.backup.name}\`${log.backup.createdAt ? ` taken ${log.backup.createdAt}` : ''}`,
      manual: false
    },
    {
      step: '3. Validate checksum matches artifact',
      servedBy: `This run, before any write: ${checksum === 'pass' ? 'sha256 matched the .sha256 file and the manifest' : `checksum ${checksum}`}`,
      manual: false
    },
    {
      step: '4. Restore with explicit IC approval',
      servedBy:
        "Manual: the IC approves the job (the workflow's production-restore environment reviewers; on the CLI, get it before running). `confirm` named the target.",
      manual: true
    },
    {
      step: '5. Run smoke tests',
      servedBy: `This run: ${smoke === 'pass' ? 'the smoke command exited 0' : smoke === 'fail' ? 'the smoke command FAILED' : 'no smoke command was run: run the smoke tests by hand'}`,
      manual: smoke !== 'pass' && smoke !== 'fail'
    },
    {
      step: '5. Reopen traffic',
      servedBy: 'Manual: only after this summary says PASS and the smoke tests are green',
      manual: true
    },
    {
      step: '6. Document the data-loss window (RPO) and restore duration (RTO)',
      servedBy: 'This run measured both (below); copying them into the incident record is manual',
      manual: true
    }
  ]
}

/**
 * The production restore's summary: the drill-log markdown (every check), then
 * the data-loss window and duration in words, then the SOP §4 checklist with
 * the steps that remain manual.
 */
export function restoreSummaryMarkdown(log: DrillLog): string {
  const hours = log.rpo.hours
  const lines = [
    drillLogMarkdown(log).trimEnd(),
    '',
    '### Data-loss window and restore duration',
    '',
    hours === null
      ? '- **Data-loss window:** unknown (the backup has no readable manifest)'
      : `- **Data-loss window:** ${hours.toFixed(2)} h — writes made after ${log.backup.createdAt} are not in the restored database${log.rpo.ok ? '' : ` (over the SOP's ${log.rpo.limitHours} h RPO)`}`,
    `- **Restore duration:** ${formatDuration(log.rto.seconds)} for fetch + verify + restore + validate + smoke${log.rto.ok ? '' : ` (over the SOP's ${log.rto.limitMinutes} min RTO)`}`,
    '',
    log.result === 'pass'
      ? '**Production holds the restored backup and it matches its manifest.**'
      : verdictOnFailure(log),
    '',
    '### SOP §4 checklist: steps that remain manual',
    '',
    '| SOP §4 step | Served by | |',
    '|---|---|---|',
    ...sopSteps(log).map(
      (s) =>
        `| ${s.step} | ${s.servedBy.replace(/\|/g, '\\|')} | ${s.manual ? '**MANUAL**' : 'done by this run'} |`
    )
  ]
  return lines.join('\n') + '\n'
}

function verdictOnFailure(log: DrillLog): string {
  const restore = log.checks.find((check) => check.name === 'restore')
  if (restore?.status === 'skip' && restore.detail.startsWith('stopped before restoring')) {
    return '**Production was not touched:** the backup verified, but a check on production stopped the restore before its first write. Fix what the failed check names and run the restore again.'
  }
  if (!restore || restore.status === 'skip') {
    return '**Production was not touched:** the backup did not verify. Pick another restore point (an older backup run) and escalate.'
  }
  if (restore.status === 'fail') {
    return '**Production may be partially restored:** pg_restore failed. Keep writes frozen and escalate.'
  }
  return '**Production now holds the restored backup, but a check failed:** keep writes frozen, read the failed checks above and escalate.'
}

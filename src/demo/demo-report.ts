import { formatBytes, formatDuration } from '../log/progress.js'
import { computedSha256 } from '../drill/checks.js'
import type { DemoResult } from './run-demo.js'

/**
 * The demo's report for a person at a terminal: what happened step by step,
 * both drill reports in full, and the two verdicts at the end where they are
 * seen last. Contains no URL (the cluster's password never reaches it).
 */
export function demoReport(result: DemoResult): string {
  const { good, corrupt } = result
  const corruptSha256 = computedSha256(corrupt.log.checks)
  const goodChecks = good.log.checks.filter((check) => check.status === 'pass').length
  const lines = [
    '# backup-drill demo',
    '',
    'A backup counts only once it has been restored and proven equal to its source.',
    'This demo shows it on a throwaway PostgreSQL server: one good backup, one corrupted copy.',
    '',
    '## 1. Throwaway PostgreSQL server',
    '',
    `PostgreSQL ${result.server.version} on 127.0.0.1:${result.server.port} (binaries: ${result.server.binDir})`,
    '',
    '## 2. "Production"',
    '',
    `Database ${result.production.database}: the Supabase-shaped fixture (auth.users, accounts_*, api_keys, RLS, policies, triggers) with ${result.production.users} users: ${result.production.tables} tables, ${result.production.rows} rows.`,
    '',
    '## 3. Backup',
    '',
    `${result.backup.name}: ${formatBytes(result.backup.sizeBytes)} dump, sha256 ${result.backup.sha256}, manifest taken in the same snapshot (row counts, constraints, indexes, RLS, policies, sequences, content hashes), in ${formatDuration(result.backup.seconds)}.`,
    '',
    '## 4. Restore drill of the backup (expected: PASS)',
    '',
    demote(good.markdown),
    '',
    '## 5. Restore drill of a corrupted copy (expected: checksum-mismatch)',
    '',
    `One bit of byte ${corrupt.flippedByteOffset} flipped in a copy of the dump (the .sha256 and manifest copied unchanged).`,
    '',
    demote(corrupt.markdown),
    '',
    '## Verdicts',
    '',
    `- Good backup:    ${result.goodDrillPassed ? `PASS — restored and proven equal to its manifest (${goodChecks} checks passed)` : `FAIL — escalate: ${good.log.escalations.join(', ')}`}`,
    `- Corrupted copy: ${result.corruptionCaught ? `CAUGHT — checksum-mismatch: its sha256 is ${corruptSha256 ? `${corruptSha256.slice(0, 12)}…` : 'different'}, not the ${result.backup.sha256.slice(0, 12)}… its .sha256 file and manifest recorded; nothing was restored` : `NOT CAUGHT — escalations: ${corrupt.log.escalations.join(', ') || 'none'}, ${corrupt.scratchTablesAfter} table(s) restored`}`,
    '',
    cleanupLine(result),
    '',
    result.passed ? 'Demo passed.' : 'Demo FAILED: see the verdicts above.'
  ]
  return lines.join('\n') + '\n'
}

function cleanupLine(result: DemoResult): string {
  const cluster = result.cleanup.clusterStopped
    ? `server stopped and ${result.clusterDir} removed`
    : `server folder ${result.clusterDir} NOT removed`
  const files = result.kept
    ? `backups and drill logs kept in ${result.workDir} (--keep): remove it when done`
    : result.cleanup.workDirRemoved
      ? `${result.workDir} removed`
      : `${result.workDir} NOT removed`
  return `Cleanup: ${cluster}; ${files}.`
}

/** The drill reports sit under the demo's own headings: one level deeper. */
function demote(markdown: string): string {
  return markdown.trimEnd().replace(/^(#+) /gm, '#$1 ')
}

import { z } from 'zod'
import { ESCALATION_CONDITIONS } from '../errors.js'
import { conditionsOf } from '../drill/checks.js'
import { differenceLabel } from '../drill/inventory-diff.js'
import { TOOL_VERSION } from '../version.js'
import { formatBytes, formatDuration } from '../log/progress.js'

export const DRILL_LOG_FORMAT_VERSION = 1

const checkSchema = z.object({
  name: z.string(),
  status: z.enum(['pass', 'fail', 'skip']),
  detail: z.string(),
  condition: z.enum(ESCALATION_CONDITIONS).optional(),
  seconds: z.number().optional()
})

/** The drill log (`<drill id>.json`): the SOP's "restore drill log with timestamp + success/failure", in full. */
export const drillLogSchema = z.object({
  formatVersion: z.literal(DRILL_LOG_FORMAT_VERSION),
  tool: z.object({ name: z.literal('backup-drill'), version: z.string() }),
  kind: z.enum(['drill', 'restore']),
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  result: z.enum(['pass', 'fail']),
  escalations: z.array(z.enum(ESCALATION_CONDITIONS)),
  backup: z.object({
    name: z.string(),
    origin: z.string(),
    createdAt: z.string().optional(),
    projectRef: z.string().optional(),
    source: z.string().optional(),
    sha256: z.string().optional(),
    sizeBytes: z.number().optional(),
    pgDumpVersion: z.string().optional()
  }),
  /** host:port/database of the restore target: never a user or password. */
  target: z.string(),
  checks: z.array(checkSchema),
  rpo: z.object({ hours: z.number().nullable(), limitHours: z.number(), ok: z.boolean() }),
  rto: z.object({ seconds: z.number(), limitMinutes: z.number(), ok: z.boolean() }),
  restoreErrors: z.array(
    z.object({ message: z.string(), harmless: z.boolean(), reason: z.string().optional() })
  ),
  differences: z.array(
    z.object({ check: z.string(), object: z.string(), expected: z.string(), found: z.string() })
  ),
  smoke: z
    .object({ command: z.string(), exitCode: z.number().nullable(), output: z.string() })
    .optional(),
  // Added later, optional: logs written before them stay valid (docs/target-kind.md).
  /** What the target was taken for (input target-kind) and why. */
  targetKind: z
    .object({
      requested: z.enum(['auto', 'supabase', 'postgres']),
      kind: z.enum(['supabase', 'postgres']),
      detail: z.string(),
      /** Schemas of the backup the target's platform manages: restored data only. */
      managedSchemas: z.array(z.string())
    })
    .optional(),
  /** Each statement that prepared a plain PostgreSQL for the backup, in order. */
  preparations: z.array(z.string()).optional(),
  /** Each difference between the backup's and the target's platform tables, and its verdict. */
  versionSkew: z
    .array(
      z.object({
        table: z.string(),
        column: z.string(),
        backup: z.string(),
        target: z.string(),
        verdict: z.enum(['note', 'blocks']),
        reason: z.string()
      })
    )
    .optional()
})

export type DrillLog = z.infer<typeof drillLogSchema>

const ICON = { pass: '✅', fail: '❌', skip: '⏭️' } as const

/** The drill log as markdown: the job summary and the `.md` beside the JSON. */
export function drillLogMarkdown(log: DrillLog): string {
  const title = log.kind === 'drill' ? 'Restore drill' : 'Production restore'
  const verdict =
    log.result === 'pass' ? 'PASS ✅' : `FAIL ❌ — escalate: ${log.escalations.join(', ')}`
  const lines = [
    `## ${title} \`${log.id}\`: ${verdict}`,
    '',
    '| | |',
    '|---|---|',
    `| Backup | \`${log.backup.name}\` from ${log.backup.origin} |`,
    ...(log.backup.createdAt
      ? [
          `| Backup taken | ${log.backup.createdAt}${log.backup.source ? ` from ${log.backup.source}` : ''} |`
        ]
      : []),
    ...(log.backup.sizeBytes !== undefined
      ? [
          `| Size / SHA-256 | ${formatBytes(log.backup.sizeBytes)} / \`${log.backup.sha256 ?? ''}\` |`
        ]
      : []),
    `| Target | ${log.target} |`,
    `| Started / finished | ${log.startedAt} / ${log.finishedAt} |`,
    `| RPO (data-loss window) | ${log.rpo.hours === null ? 'unknown' : `${log.rpo.hours.toFixed(2)} h`} (limit ${log.rpo.limitHours} h) ${log.rpo.ok ? '✅' : '❌'} |`,
    `| RTO (restore + checks) | ${formatDuration(log.rto.seconds)} (limit ${log.rto.limitMinutes} min) ${log.rto.ok ? '✅' : '❌'} |`,
    '',
    '| Check | Result | Detail |',
    '|---|---|---|',
    ...log.checks.map(
      (check) =>
        `| ${check.name} | ${ICON[check.status]} ${check.status}${check.condition && check.status === 'fail' ? ` (\`${check.condition}\`)` : ''} | ${cell(check.detail)} |`
    )
  ]
  if (log.targetKind)
    lines.splice(
      lines.indexOf(`| Target | ${log.target} |`) + 1,
      0,
      `| Target kind | ${cell(log.targetKind.detail)}${log.targetKind.managedSchemas.length ? `; data only into ${log.targetKind.managedSchemas.join(', ')}` : ''} |`
    )
  if (log.preparations?.length) {
    lines.push('', '### Target prepared', '')
    for (const statement of log.preparations) lines.push(`- \`${statement}\``)
  }
  if (log.versionSkew?.length) {
    lines.push(
      '',
      '### Version skew (backup vs target)',
      '',
      '| Table | Column | Backup | Target | Verdict |',
      '|---|---|---|---|---|'
    )
    for (const d of log.versionSkew)
      lines.push(
        `| \`${d.table}\` | \`${d.column}\` | ${cell(d.backup)} | ${cell(d.target)} | ${d.verdict}: ${cell(d.reason)} |`
      )
  }
  if (log.differences.length > 0) lines.push('', ...differencesMarkdown(log.differences))
  if (log.restoreErrors.length > 0) {
    lines.push('', '### pg_restore errors', '')
    for (const e of log.restoreErrors)
      lines.push(
        `- ${e.harmless ? 'harmless' : '**not harmless**'}: ${cell(e.message)}${e.reason ? ` — ${cell(e.reason)}` : ''}`
      )
  }
  if (log.smoke) {
    lines.push(
      '',
      `### Smoke command (exit ${log.smoke.exitCode})`,
      '',
      '```',
      log.smoke.output.trim().slice(-4000) || '(no output)',
      '```'
    )
  }
  return lines.join('\n') + '\n'
}

/** Differences grouped by kind of object (columns, views, ...), each group one table; at most 200 rows. */
function differencesMarkdown(differences: DrillLog['differences']): string[] {
  const lines = ['### Differences from the manifest']
  const groups = new Map<string, DrillLog['differences']>()
  for (const d of differences.slice(0, 200))
    groups.set(d.check, [...(groups.get(d.check) ?? []), d])
  for (const [check, group] of groups) {
    const all = differences.filter((d) => d.check === check).length
    lines.push(
      '',
      `#### ${capitalize(differenceLabel(check))} (${all})`,
      '',
      '| Object | Expected | Found |',
      '|---|---|---|'
    )
    for (const d of group)
      lines.push(`| \`${d.object}\` | ${cell(d.expected)} | ${cell(d.found)} |`)
  }
  if (differences.length > 200)
    lines.push('', `… ${differences.length - 200} more in the JSON log.`)
  return lines
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').slice(0, 1000)
}

/** The fields every drill and restore log starts with: identity, times, verdict and escalations. */
export function logHeader(
  kind: DrillLog['kind'],
  id: string,
  startedAt: Date,
  seconds: number,
  checks: DrillLog['checks']
): Pick<
  DrillLog,
  'formatVersion' | 'tool' | 'kind' | 'id' | 'startedAt' | 'finishedAt' | 'result' | 'escalations'
> {
  const escalations = conditionsOf(checks)
  return {
    formatVersion: DRILL_LOG_FORMAT_VERSION,
    tool: { name: 'backup-drill', version: TOOL_VERSION },
    kind,
    id,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(startedAt.getTime() + seconds * 1000).toISOString(),
    result: escalations.length === 0 ? 'pass' : 'fail',
    escalations
  }
}

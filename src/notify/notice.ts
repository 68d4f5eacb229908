import type { EscalationCondition } from '../errors.js'

/** What one failed run tells people beyond its red X. Every text in it is already masked. */
export interface EscalationNotice {
  /** The operation that escalated: `backup`, `drill`, `restore`. */
  operation: string
  /** The SOP conditions the run escalated (at least one). */
  conditions: EscalationCondition[]
  /** One or more lines saying what went wrong. */
  message: string
  /** The run's markdown summary (the drill report), when there is one. */
  summaryMarkdown?: string
  /** `owner/name` of the repository the run belongs to. */
  repository?: string
  /** Link to the workflow run. */
  runUrl?: string
  /** When the escalation happened. */
  at: Date
}

/** Where a run is: the parts of the GitHub Actions environment a notice needs. */
export interface RunContext {
  repository?: string
  runUrl?: string
  /** REST API root (GITHUB_API_URL; GitHub Enterprise Server has its own). */
  apiUrl: string
}

/** Reads the run's repository, run link and API root from the GitHub Actions environment. */
export function runContextFromEnv(env: NodeJS.ProcessEnv = process.env): RunContext {
  const repository = env.GITHUB_REPOSITORY || undefined
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  const runUrl =
    repository && env.GITHUB_RUN_ID
      ? `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined
  return {
    repository,
    runUrl,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
  }
}

/** Issue bodies and comments are capped by GitHub at 65,536 characters; keep room for the frame. */
const MAX_SUMMARY_CHARS = 50_000

/** The conditions as inline code, e.g. `checksum-mismatch`, `restore-failed`. */
export function conditionList(conditions: readonly string[]): string {
  return conditions.map((condition) => `\`${condition}\``).join(', ')
}

/** Markdown for an escalation issue or a comment on one. */
export function noticeMarkdown(notice: EscalationNotice): string {
  const lines = [
    `### Escalation: ${notice.operation} failed`,
    '',
    `| | |`,
    `|---|---|`,
    `| Conditions | ${conditionList(notice.conditions)} |`,
    `| Run | ${notice.runUrl ?? 'not run on GitHub Actions'} |`,
    `| When | ${notice.at.toISOString()} |`,
    '',
    quote(notice.message)
  ]
  if (notice.summaryMarkdown) {
    lines.push(
      '',
      '<details><summary>Run summary</summary>',
      '',
      truncate(notice.summaryMarkdown),
      '',
      '</details>'
    )
  }
  lines.push(
    '',
    'What each condition means and what to check first: `docs/RUNBOOK.md`. Close this issue once a run passes again.'
  )
  return lines.join('\n')
}

/** One line for chat (Slack mrkdwn link syntax `<url|label>`). */
export function noticeText(notice: EscalationNotice): string {
  const where = notice.repository ? ` in ${notice.repository}` : ''
  const link = notice.runUrl ? ` <${notice.runUrl}|View run>` : ''
  return `:rotating_light: backup-drill ${notice.operation} escalation${where}: ${notice.conditions.join(', ')}.${link}`
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')
}

function truncate(markdown: string): string {
  if (markdown.length <= MAX_SUMMARY_CHARS) return markdown
  return `${markdown.slice(0, MAX_SUMMARY_CHARS)}\n\n… (truncated: the full summary is on the run page)`
}

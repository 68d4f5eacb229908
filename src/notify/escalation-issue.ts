import type { Logger } from '../log/logger.js'
import { splitRepository } from '../input/repository.js'
import { registerSecret } from '../secrets.js'
import { githubRest } from '../storage/github-rest.js'
import { noticeMarkdown, type EscalationNotice } from './notice.js'

/** The label that marks the one open escalation issue. */
export const ESCALATION_LABEL = 'backup-escalation'

export interface EscalationIssueOptions {
  /** Token with `issues: write` (the workflow's GITHUB_TOKEN). */
  token: string
  /** `owner/name`. */
  repository: string
  /** REST API root (GITHUB_API_URL). */
  apiUrl: string
  label?: string
  /** Base of the retry pauses after a 5xx / 429 answer (see githubRest; tests use less). */
  retryBaseMs?: number
}

export interface EscalationIssueResult {
  action: 'created' | 'commented'
  number: number
  url: string
}

/**
 * Opens an issue labelled `backup-escalation`, or comments on the newest open
 * one, so repeated failures gather in one thread instead of flooding the
 * tracker. Throws on any API failure (the caller decides that a notifier
 * failure is only a warning).
 */
export async function reportEscalationIssue(
  notice: EscalationNotice,
  options: EscalationIssueOptions,
  logger: Logger
): Promise<EscalationIssueResult> {
  registerSecret(options.token)
  const parts = splitRepository(options.repository)
  if (!parts) throw new Error(`repository "${options.repository}" is not owner/name`)
  const { owner, repo } = parts
  const label = options.label ?? ESCALATION_LABEL
  // Retries a 5xx, 429 or rate-limit 403 answer (bounded): a GitHub hiccup must not swallow an escalation.
  const octokit = githubRest(options.token, {
    baseUrl: options.apiUrl,
    ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs }),
    logger
  })
  const body = noticeMarkdown(notice)

  const open = await octokit.rest.issues.listForRepo({
    owner,
    repo,
    labels: label,
    state: 'open',
    sort: 'created',
    direction: 'desc',
    per_page: 20
  })
  // The issues endpoint also lists pull requests; a labelled PR is not the escalation thread.
  const existing = open.data.find((issue) => !issue.pull_request)
  if (existing) {
    await octokit.rest.issues.createComment({ owner, repo, issue_number: existing.number, body })
    return { action: 'commented', number: existing.number, url: existing.html_url }
  }
  const created = await octokit.rest.issues.create({
    owner,
    repo,
    title: `Backup escalation: ${notice.operation} failed (${notice.conditions.join(', ')})`,
    body,
    labels: [label]
  })
  return { action: 'created', number: created.data.number, url: created.data.html_url }
}

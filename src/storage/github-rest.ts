import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'

/** Retries after a transient answer: at most this many, so a run never hangs on GitHub. */
export const GITHUB_REST_RETRIES = 3

export interface GitHubRestOptions {
  /** GITHUB_API_URL (GitHub.com: https://api.github.com). */
  baseUrl: string
  /** Octokit's own log lines (deprecations); route them through the masked logger. */
  log?: {
    debug: (message: string) => void
    info: (message: string) => void
    warn: (message: string) => void
    error: (message: string) => void
  }
  /** The retry delays are 1, 4, 9 × this many milliseconds (default 1000; tests use less). */
  retryBaseMs?: number
}

/**
 * Octokit for GitHub's REST API (escalation issue, artifact listing and deletion)
 * with @octokit/plugin-retry: an answer of 5xx or 429 (a secondary rate limit
 * GitHub sends as 429; one sent as 403 is not told apart from a missing
 * permission, and fails) is retried up to
 * GITHUB_REST_RETRIES times with growing pauses, so a passing GitHub hiccup does
 * not fail a backup or its escalation. Answers that will not change (400, 401,
 * 403, 404, 410, 422, 451) fail at once.
 */
export function githubRest(
  token: string,
  { baseUrl, log, retryBaseMs = 1000 }: GitHubRestOptions
): ReturnType<typeof getOctokit> {
  return getOctokit(
    token,
    {
      baseUrl,
      ...(log ? { log } : {}),
      // plugin-retry's options; OctokitOptions does not declare the plugin's key.
      ...({ retry: { retries: GITHUB_REST_RETRIES, retryAfterBaseValue: retryBaseMs } } as object)
    },
    retry
  )
}

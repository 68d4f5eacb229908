import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import type { Logger } from '../log/logger.js'
import { setTimeout as sleep } from 'node:timers/promises'
import { RATE_LIMIT_RETRIES, rateLimitWaitMs, type RateLimitAnswer } from './rate-limit.js'

/** Retries after a transient answer: at most this many, so a run never hangs on GitHub. */
export const GITHUB_REST_RETRIES = 3

export interface GitHubRestOptions {
  /** GITHUB_API_URL (GitHub.com: https://api.github.com). */
  baseUrl: string
  /**
   * Where Octokit's own lines (deprecations) and the rate-limit waits go: the
   * masked logger, never the console.
   */
  logger?: Logger
  /** The retry delays are 1, 4, 9 × this many milliseconds (default 1000; tests use less). */
  retryBaseMs?: number
}

/**
 * Octokit for GitHub's REST API (escalation issue, artifact listing and deletion)
 * with @octokit/plugin-retry: an answer of 5xx or 429 is retried up to
 * GITHUB_REST_RETRIES times with growing pauses, so a passing GitHub hiccup does
 * not fail a backup or its escalation. A 403 that is a rate limit (rate-limit.ts
 * tells it from a missing permission) is retried up to RATE_LIMIT_RETRIES times
 * after the wait GitHub asks for, when that wait is short. Answers that will not
 * change (400, 401, other 403s, 404, 410, 422, 451) fail at once.
 */
export function githubRest(
  token: string,
  { baseUrl, logger, retryBaseMs = 1000 }: GitHubRestOptions
): ReturnType<typeof getOctokit> {
  const log = logger && {
    debug: (message: string) => logger.debug(message),
    info: (message: string) => logger.debug(message),
    warn: (message: string) => logger.warning(message),
    error: (message: string) => logger.warning(message)
  }
  const octokit = getOctokit(
    token,
    {
      baseUrl,
      ...(log ? { log } : {}),
      // plugin-retry's options; OctokitOptions does not declare the plugin's key.
      ...({ retry: { retries: GITHUB_REST_RETRIES, retryAfterBaseValue: retryBaseMs } } as object)
    },
    retry
  )
  // Registered after plugin-retry, so this wraps it: a 403 reaches here untouched.
  octokit.hook.wrap('request', async (request, options) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(options)
      } catch (error) {
        const wait = rateLimitWaitMs(error as RateLimitAnswer, Date.now())
        if (wait === undefined || attempt >= RATE_LIMIT_RETRIES) throw error
        logger?.warning(
          `GitHub rate limit on ${options.method} ${options.url}: retrying in ${Math.ceil(wait / 1000)} s`
        )
        await sleep(wait)
      }
    }
  })
  return octokit
}

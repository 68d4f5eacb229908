import { describe, expect, it } from '@jest/globals'
import { MAX_RATE_LIMIT_WAIT_MS, rateLimitWaitMs } from '../src/storage/rate-limit.js'

const NOW = Date.parse('2026-12-02T08:00:00Z')

describe('a 403 is a rate limit only when GitHub says so', () => {
  it('waits what retry-after asks', () => {
    expect(
      rateLimitWaitMs({ status: 403, response: { headers: { 'retry-after': '30' } } }, NOW)
    ).toBe(30_000)
  })

  it('waits a minute after a secondary-limit message without headers', () => {
    expect(
      rateLimitWaitMs(
        {
          status: 403,
          message: 'You have exceeded a secondary rate limit and have been temporarily blocked'
        },
        NOW
      )
    ).toBe(60_000)
  })

  it('waits until the primary limit resets when that is soon, and not when it is an hour away', () => {
    const soon = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 20) }
    expect(rateLimitWaitMs({ status: 403, response: { headers: soon } }, NOW)).toBe(20_000)
    const later = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 3600) }
    expect(rateLimitWaitMs({ status: 403, response: { headers: later } }, NOW)).toBeUndefined()
    expect(MAX_RATE_LIMIT_WAIT_MS).toBeLessThan(3_600_000)
  })

  it('a reset already past waits nothing', () => {
    const past = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 - 5) }
    expect(rateLimitWaitMs({ status: 403, response: { headers: past } }, NOW)).toBe(0)
  })

  it('a missing permission, or another status, is not a rate limit', () => {
    expect(
      rateLimitWaitMs({ status: 403, message: 'Resource not accessible by integration' }, NOW)
    ).toBeUndefined()
    expect(
      rateLimitWaitMs(
        { status: 403, response: { headers: { 'x-ratelimit-remaining': '4999' } } },
        NOW
      )
    ).toBeUndefined()
    expect(
      rateLimitWaitMs({ status: 404, response: { headers: { 'retry-after': '1' } } }, NOW)
    ).toBeUndefined()
  })
})

import type { RetentionPolicy } from '../../src/retention/policy.js'

/** A retention policy that keeps nothing except the counts given. */
export const policy = (counts: Partial<RetentionPolicy>): RetentionPolicy => ({
  last: 0,
  daily: 0,
  weekly: 0,
  monthly: 0,
  yearly: 0,
  ...counts
})

/** A UTC time from an ISO string without its zone (`2025-06-01T03:00:00`). */
export const at = (iso: string): Date => new Date(`${iso}Z`)

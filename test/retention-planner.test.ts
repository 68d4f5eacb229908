import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { InputError } from '../src/errors.js'
import { FUTURE_REASON, isoWeek, planRetention, type BackupRef } from '../src/retention/planner.js'
import {
  DEFAULT_RETENTION_POLICY,
  parseRetentionPolicy,
  RETENTION_RULES,
  type RetentionPolicy,
  type RetentionRule
} from '../src/retention/policy.js'
import { at, policy } from './support/retention.js'

const backups = (...times: string[]): BackupRef[] =>
  times.map((time) => ({ id: time, createdAt: at(time) }))
const FAR_FUTURE = at('2100-01-01T00:00:00')

describe('planRetention: table', () => {
  const cases: Array<{
    name: string
    input: BackupRef[]
    policy: RetentionPolicy
    now?: Date
    keep: Record<string, string[]>
  }> = [
    {
      // The example from the restic forum: a day without a backup costs no slot.
      name: 'daily counts only days that hold a backup; newest of each day',
      input: backups(
        '2026-05-01T08:00:00',
        '2026-05-02T08:00:00',
        '2026-05-02T11:00:00',
        '2026-05-04T09:00:00',
        '2026-05-05T10:00:00'
      ),
      policy: policy({ daily: 4 }),
      keep: {
        '2026-05-05T10:00:00': ['daily 2026-05-05'],
        '2026-05-04T09:00:00': ['daily 2026-05-04'],
        '2026-05-02T11:00:00': ['daily 2026-05-02'],
        '2026-05-01T08:00:00': ['daily 2026-05-01']
      }
    },
    {
      name: 'days are UTC days: one second apart across midnight are two days',
      input: backups('2026-11-22T23:59:59', '2026-11-23T00:00:00', '2026-11-22T12:00:00'),
      policy: policy({ daily: 2 }),
      keep: {
        '2026-11-23T00:00:00': ['daily 2026-11-23'],
        '2026-11-22T23:59:59': ['daily 2026-11-22']
      }
    },
    {
      name: 'keep-last keeps the newest n whatever their day',
      input: backups(
        '2026-11-23T01:00:00',
        '2026-11-23T02:00:00',
        '2026-11-23T03:00:00',
        '2026-11-20T03:00:00'
      ),
      policy: policy({ last: 2 }),
      keep: { '2026-11-23T03:00:00': ['last #1'], '2026-11-23T02:00:00': ['last #2'] }
    },
    {
      name: 'weekly uses ISO weeks across a year boundary (2027-01-03 is in 2026-W53)',
      input: backups('2026-12-28T05:00:00', '2027-01-03T05:00:00', '2027-01-04T05:00:00'),
      policy: policy({ weekly: 2 }),
      keep: {
        '2027-01-04T05:00:00': ['weekly 2027-W01'],
        '2027-01-03T05:00:00': ['weekly 2026-W53']
      }
    },
    {
      name: 'rules are independent and ORed, each adding its reason',
      input: backups(
        '2026-09-30T03:00:00',
        '2026-10-30T03:00:00',
        '2026-10-31T03:00:00',
        '2026-11-01T03:00:00',
        '2026-11-02T03:00:00'
      ),
      policy: policy({ daily: 2, monthly: 3 }),
      keep: {
        '2026-11-02T03:00:00': ['daily 2026-11-02', 'monthly 2026-11'],
        '2026-11-01T03:00:00': ['daily 2026-11-01'],
        '2026-10-31T03:00:00': ['monthly 2026-10'],
        '2026-09-30T03:00:00': ['monthly 2026-09']
      }
    },
    {
      name: 'yearly keeps the newest of each year',
      input: backups(
        '2024-03-01T00:00:00',
        '2024-12-31T23:00:00',
        '2025-06-01T00:00:00',
        '2026-01-01T00:00:00'
      ),
      policy: policy({ yearly: 2 }),
      keep: { '2026-01-01T00:00:00': ['yearly 2026'], '2025-06-01T00:00:00': ['yearly 2025'] }
    },
    {
      // restic >= 0.17: unused slots keep the oldest backup too, so a young history keeps its far end.
      name: 'a rule with unused slots also keeps the oldest backup',
      input: backups('2026-11-01T03:00:00', '2026-11-10T03:00:00', '2026-11-20T03:00:00'),
      policy: policy({ monthly: 12 }),
      keep: {
        '2026-11-20T03:00:00': ['monthly 2026-11'],
        '2026-11-01T03:00:00': ['oldest (monthly: 11 unused)']
      }
    },
    {
      name: 'backups dated after now are kept, reported, and take no slot',
      input: backups('2026-11-20T03:00:00', '2026-11-21T03:00:00', '2026-11-25T03:00:00'),
      policy: policy({ daily: 1 }),
      now: at('2026-11-22T00:00:00'),
      keep: {
        '2026-11-25T03:00:00': [FUTURE_REASON],
        '2026-11-21T03:00:00': ['daily 2026-11-21']
      }
    },
    {
      name: 'now is no reference point: an old history still keeps its newest days',
      input: backups('2020-01-01T00:00:00', '2020-01-02T00:00:00', '2020-01-03T00:00:00'),
      policy: policy({ daily: 2 }),
      now: at('2026-11-22T00:00:00'),
      keep: {
        '2020-01-03T00:00:00': ['daily 2020-01-03'],
        '2020-01-02T00:00:00': ['daily 2020-01-02']
      }
    },
    { name: 'no backups, nothing to do', input: [], policy: policy({ daily: 3 }), keep: {} }
  ]

  it.each(cases)('$name', ({ input, policy: rules, now, keep }) => {
    const plan = planRetention(input, rules, now ?? FAR_FUTURE)
    expect(
      Object.fromEntries(plan.keep.map(({ backup, reasons }) => [backup.id, reasons]))
    ).toEqual(keep)
    const expectedDeleted = input.map((backup) => backup.id).filter((id) => !(id in keep))
    expect(plan.delete.map(({ backup }) => backup.id).sort()).toEqual(expectedDeleted.sort())
  })

  it('lists keep and delete newest first, whatever the input order', () => {
    const input = backups(
      '2026-11-01T00:00:00',
      '2026-11-03T00:00:00',
      '2026-11-02T00:00:00',
      '2026-10-01T00:00:00'
    )
    const plan = planRetention(input, policy({ daily: 2 }), FAR_FUTURE)
    expect(plan.keep.map(({ backup }) => backup.id)).toEqual([
      '2026-11-03T00:00:00',
      '2026-11-02T00:00:00'
    ])
    expect(plan.delete.map(({ backup }) => backup.id)).toEqual([
      '2026-11-01T00:00:00',
      '2026-10-01T00:00:00'
    ])
  })

  it('refuses a policy that keeps nothing', () => {
    expect(() => planRetention(backups('2026-11-01T00:00:00'), policy({}), FAR_FUTURE)).toThrow(
      /keeps nothing/
    )
  })

  it.each([
    ['2026-01-01T12:00:00', '2026-W01'],
    ['2027-01-01T12:00:00', '2026-W53'],
    ['2027-01-04T00:00:00', '2027-W01'],
    ['2024-12-30T00:00:00', '2025-W01'],
    ['2021-01-03T23:59:59', '2020-W53'],
    ['2026-11-22T23:59:59', '2026-W47'],
    ['2026-11-23T00:00:00', '2026-W48']
  ])('ISO week of %s is %s', (time, week) => {
    expect(isoWeek(at(time))).toBe(week)
  })
})

describe('retention policy inputs', () => {
  it('defaults to the SOP baseline: 35 daily + 12 monthly', () => {
    expect(parseRetentionPolicy({})).toEqual({
      last: 0,
      daily: 35,
      weekly: 0,
      monthly: 12,
      yearly: 0
    })
    expect(DEFAULT_RETENTION_POLICY).toEqual(parseRetentionPolicy({}))
  })

  it('reads each keep-* input and ignores other inputs', () => {
    expect(
      parseRetentionPolicy({
        'keep-last': '3',
        'keep-daily': '0',
        'keep-weekly': '8',
        'keep-monthly': '',
        'keep-yearly': '2',
        prefix: 'x'
      })
    ).toEqual({ last: 3, daily: 0, weekly: 8, monthly: 12, yearly: 2 })
  })

  it.each([
    ['keep-daily', '-1'],
    ['keep-daily', 'abc'],
    ['keep-monthly', '1.5'],
    ['keep-weekly', '999999999']
  ])('rejects %s=%s naming the input', (input, value) => {
    const call = () => parseRetentionPolicy({ [input]: value })
    expect(call).toThrow(InputError)
    expect(call).toThrow(new RegExp(`^${input}: must be a whole number`))
  })

  it('rejects a policy that keeps nothing', () => {
    const call = () => parseRetentionPolicy({ 'keep-daily': '0', 'keep-monthly': '0' })
    expect(call).toThrow(InputError)
    expect(call).toThrow(/keeps nothing/)
  })
})

// Independent model of the rules: group by a calendar key, newest per group, the n newest groups.
// Weeks are keyed by their Monday's date, which identifies an ISO week without computing its number.
function calendarKey(rule: RetentionRule, time: Date, id: string): string {
  const iso = time.toISOString()
  switch (rule) {
    case 'last':
      return id
    case 'daily':
      return iso.slice(0, 10)
    case 'weekly': {
      const monday = new Date(time.getTime() - ((time.getUTCDay() + 6) % 7) * 86_400_000)
      return monday.toISOString().slice(0, 10)
    }
    case 'monthly':
      return iso.slice(0, 7)
    case 'yearly':
      return iso.slice(0, 4)
  }
}

function idealPicks(input: BackupRef[], rules: RetentionPolicy): Set<string> {
  const picks = new Set<string>()
  for (const rule of RETENTION_RULES) {
    const newestPerKey = new Map<string, BackupRef>()
    for (const backup of input) {
      const key = calendarKey(rule, backup.createdAt, backup.id)
      const current = newestPerKey.get(key)
      if (
        !current ||
        backup.createdAt > current.createdAt ||
        (+backup.createdAt === +current.createdAt && backup.id > current.id)
      ) {
        newestPerKey.set(key, backup)
      }
    }
    const newestGroups = [...newestPerKey.values()].sort(
      (a, b) => +b.createdAt - +a.createdAt || (a.id < b.id ? 1 : -1)
    )
    for (const backup of newestGroups.slice(0, rules[rule])) picks.add(backup.id)
  }
  return picks
}

// Backups at whole seconds over 3 weeks, 4 months or 3 years: dense spans put several in a day
// or week, long ones spread over months and years.
const backupsArbitrary = fc
  .constantFrom(21 * 24, 122 * 24, 3 * 366 * 24)
  .chain((spanHours) => fc.uniqueArray(fc.integer({ min: 0, max: spanHours }), { maxLength: 80 }))
  .chain((hours) =>
    fc.tuple(...hours.map(() => fc.integer({ min: 0, max: 3599 }))).map((seconds) =>
      hours.map((hour, index) => {
        const createdAt = new Date(Date.UTC(2025, 0, 1) + (hour * 3600 + seconds[index]!) * 1000)
        return { id: `b${index}`, createdAt }
      })
    )
  )
const policyArbitrary = fc
  .record({
    last: fc.integer({ min: 0, max: 5 }),
    daily: fc.integer({ min: 0, max: 40 }),
    weekly: fc.integer({ min: 0, max: 10 }),
    monthly: fc.integer({ min: 0, max: 14 }),
    yearly: fc.integer({ min: 0, max: 3 })
  })
  .filter((rules) => RETENTION_RULES.some((rule) => rules[rule] > 0))
const nowArbitrary = fc.oneof(
  fc.constant(FAR_FUTURE),
  fc
    .integer({ min: 0, max: 3 * 366 * 24 })
    .map((hour) => new Date(Date.UTC(2025, 0, 1) + hour * 3600 * 1000))
)

describe('planRetention: properties', () => {
  const ids = (list: Array<{ backup: BackupRef }>) => list.map(({ backup }) => backup.id)

  it("keeps every rule's ideal picks and nothing else but the oldest and future backups", () => {
    fc.assert(
      fc.property(backupsArbitrary, policyArbitrary, nowArbitrary, (input, rules, now) => {
        const plan = planRetention(input, rules, now)
        const past = input.filter((backup) => backup.createdAt <= now)
        const ideal = idealPicks(past, rules)
        const kept = new Set(ids(plan.keep))
        for (const id of ideal) expect(kept.has(id)).toBe(true)
        const oldest = [...past].sort((a, b) => +a.createdAt - +b.createdAt)[0]
        for (const { backup, reasons } of plan.keep) {
          const allowed = ideal.has(backup.id) || backup.id === oldest?.id || backup.createdAt > now
          expect({ id: backup.id, allowed }).toEqual({ id: backup.id, allowed: true })
          expect(reasons.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 300 }
    )
  })

  it('splits the input exactly: every backup once, in keep or delete', () => {
    fc.assert(
      fc.property(backupsArbitrary, policyArbitrary, nowArbitrary, (input, rules, now) => {
        const plan = planRetention(input, rules, now)
        expect([...ids(plan.keep), ...ids(plan.delete)].sort()).toEqual(
          input.map((backup) => backup.id).sort()
        )
      })
    )
  })

  it('is a fixed point: planning again over the kept backups deletes nothing', () => {
    fc.assert(
      fc.property(backupsArbitrary, policyArbitrary, nowArbitrary, (input, rules, now) => {
        const first = planRetention(input, rules, now)
        const second = planRetention(
          first.keep.map(({ backup }) => backup),
          rules,
          now
        )
        expect(ids(second.delete)).toEqual([])
        expect(ids(second.keep)).toEqual(ids(first.keep))
      }),
      { numRuns: 300 }
    )
  })

  it('never empties a non-empty input and always keeps the newest backup and every future one', () => {
    fc.assert(
      fc.property(backupsArbitrary, policyArbitrary, nowArbitrary, (input, rules, now) => {
        const plan = planRetention(input, rules, now)
        expect(plan.keep.length > 0).toBe(input.length > 0)
        const kept = new Set(ids(plan.keep))
        const past = input
          .filter((backup) => backup.createdAt <= now)
          .sort((a, b) => +b.createdAt - +a.createdAt)
        if (past[0]) expect(kept.has(past[0].id)).toBe(true)
        for (const backup of input)
          if (backup.createdAt > now) expect(kept.has(backup.id)).toBe(true)
      })
    )
  })

  it('does not depend on the input order', () => {
    fc.assert(
      fc.property(
        backupsArbitrary,
        policyArbitrary,
        fc.infiniteStream(fc.double()),
        (input, rules, noise) => {
          const shuffled = input
            .map((backup) => ({ backup, key: noise.next().value }))
            .sort((a, b) => a.key - b.key)
            .map(({ backup }) => backup)
          expect(planRetention(shuffled, rules, FAR_FUTURE)).toEqual(
            planRetention(input, rules, FAR_FUTURE)
          )
        }
      )
    )
  })
})

import { beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { InputError } from '../src/errors.js'
import { backupSetName } from '../src/manifest/backup-set.js'
import { checkArtifactLifetime, lifetimeShortfallText } from '../src/prune/artifact-lifetime.js'
import { retentionNeeds } from '../src/retention/needs.js'
import { parsePruneInputs } from '../src/config/prune-options.js'
import { createMemoryLogger } from '../src/log/logger.js'
// Types only from run-prune: safe to import before the env is set.
import { pruneSummaryMarkdown } from '../src/report/prune-summary.js'
import { DEFAULT_RETENTION_POLICY, type RetentionPolicy } from '../src/retention/policy.js'
import { runActionStep } from './support/action-runner.js'
import {
  applyEnv,
  type ArtifactEmulator,
  type EmulatedArtifact
} from './support/artifact-emulator.js'
import { useArtifactEmulator } from './support/emulator-fixture.js'
import { policy } from './support/retention.js'

// Prune over GitHub artifacts: the real Octokit REST client against the local
// emulator (listing, paging, deletion) with Azurite behind it. Nothing leaves
// the loopback interface. Modules that import @actions/github are imported
// only after the env points at the emulator (it reads GITHUB_API_URL on import).

type RunPrune = typeof import('../src/prune/run-prune.js')
type ArtifactBackupStore = typeof import('../src/storage/artifact-backup-store.js')
type Cli = typeof import('./support/cli.js')

const DAY_MS = 24 * 60 * 60 * 1000
const UNATTAINABLE_TITLE = 'ESCALATE: retention-unattainable'

const { emu, work, actAs } = useArtifactEmulator('prune-artifacts-')
let prune: RunPrune
let storeModule: ArtifactBackupStore
let cli: Cli

beforeAll(async () => {
  actAs(emu().registerRun())
  prune = await import('../src/prune/run-prune.js')
  storeModule = await import('../src/storage/artifact-backup-store.js')
  cli = await import('./support/cli.js')
}, 120_000)

/** One artifact uploaded by its own run (GitHub allows one artifact of a name per run). */
function seed(name: string, createdAt: Date, retentionDays = 400): Promise<EmulatedArtifact> {
  return emu().seedArtifact({ name, run: emu().registerRun(), createdAt, retentionDays })
}

/**
 * 03:20 UTC, `days` days before yesterday: a daily schedule's upload time. Counted
 * from yesterday so that even `daysAgo(0)` lies in the past at any hour of a run.
 */
function daysAgo(days: number): Date {
  const today = new Date()
  return new Date(
    Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 1 - days, 3, 20)
  )
}

/** Ids of the artifacts the emulator still holds. */
const storedIds = (): Set<number> =>
  new Set(
    emu()
      .artifacts()
      .map((artifact) => artifact.id)
  )

/** The newest time of each of the n newest UTC days and months that hold one, by a plain calendar rule. */
function expectedKeep(times: Date[], daily: number, monthly: number): Set<number> {
  const newestPer = (key: (iso: string) => string, n: number): number[] => {
    const newest = new Map<string, number>()
    for (const time of times) {
      const k = key(time.toISOString())
      newest.set(k, Math.max(newest.get(k) ?? 0, time.getTime()))
    }
    // More buckets than slots, so no rule has unused slots (restic's "oldest" rule stays out).
    expect(newest.size).toBeGreaterThan(n)
    return [...newest.keys()]
      .sort()
      .reverse()
      .slice(0, n)
      .map((k) => newest.get(k)!)
  }
  return new Set([
    ...newestPer((iso) => iso.slice(0, 10), daily),
    ...newestPer((iso) => iso.slice(0, 7), monthly)
  ])
}

function options(name: string, overrides: { policy: RetentionPolicy; dryRun?: boolean }) {
  return {
    artifacts: { repository: emu().repository, token: emu().apiToken },
    prefix: name,
    policy: overrides.policy,
    dryRun: overrides.dryRun ?? false,
    now: new Date()
  }
}

describe('artifact lifetime (pure)', () => {
  it.each([
    [
      { daily: 35, monthly: 12 },
      [
        ['monthly', 12, 366],
        ['daily', 35, 35]
      ]
    ],
    [{ daily: 35 }, [['daily', 35, 35]]],
    [{ weekly: 8 }, [['weekly', 8, 56]]],
    [{ monthly: 1 }, [['monthly', 1, 31]]],
    [{ monthly: 3 }, [['monthly', 3, 92]]],
    [
      { yearly: 2, daily: 7 },
      [
        ['yearly', 2, 731],
        ['daily', 7, 7]
      ]
    ],
    [{ last: 10 }, []]
  ])('policy %j needs %j (rule, count, days)', (counts, needs) => {
    expect(
      retentionNeeds(policy(counts)).map((need) => [need.rule, need.count, need.days])
    ).toEqual(needs)
  })

  const created = new Date('2026-01-01T03:20:00Z')
  const lifetime = (days: number | undefined, name = 'opta-supabase-backup') => ({
    name,
    createdAt: created,
    expiresAt: days === undefined ? undefined : new Date(created.getTime() + days * DAY_MS)
  })

  it.each([
    [
      '90 days, 35 daily + 12 monthly (a public repository)',
      [90],
      { daily: 35, monthly: 12 },
      366,
      ['monthly']
    ],
    ['400 days, 35 daily + 12 monthly', [400], { daily: 35, monthly: 12 }, undefined, []],
    ['366 days, monthly 12: exactly enough', [366], { monthly: 12 }, undefined, []],
    ['365 days, monthly 12: one day short', [365], { monthly: 12 }, 366, ['monthly']],
    [
      '30 days, 35 daily + 12 monthly: both short',
      [30],
      { daily: 35, monthly: 12 },
      366,
      ['monthly', 'daily']
    ],
    ['90 days, daily 35 only', [90], { daily: 35 }, undefined, []],
    ['the newest artifact decides (old 90, new 400)', [400, 90], { monthly: 12 }, undefined, []],
    ['the newest with an expiry decides', [undefined, 90], { monthly: 12 }, 366, ['monthly']],
    ['no expiry reported: nothing to judge', [undefined], { monthly: 12 }, undefined, []],
    ['no artifacts', [], { monthly: 12 }, undefined, []],
    ['keep-last has no span', [1], { last: 50 }, undefined, []]
  ] as Array<
    [string, Array<number | undefined>, Partial<RetentionPolicy>, number | undefined, string[]]
  >)('%s', (_label, lifetimes, counts, neededDays, shortRules) => {
    const shortfall = checkArtifactLifetime(
      policy(counts),
      lifetimes.map((days) => lifetime(days))
    )
    expect(shortfall?.neededDays).toBe(neededDays)
    expect(shortfall?.short.map((need) => need.rule) ?? []).toEqual(shortRules)
    if (shortfall) expect(shortfall.lifetimeDays).toBe(lifetimes.find((d) => d !== undefined))
  })

  it('says what is lost, names the cap and how to fix it', () => {
    const text = lifetimeShortfallText(
      checkArtifactLifetime(DEFAULT_RETENTION_POLICY, [lifetime(90, 'backup-20260101-031700')])!
    )
    expect(text).toContain(
      'Backup artifacts live 90 days (expires_at - created_at of backup-20260101-031700)'
    )
    expect(text).toContain('keep-monthly 12 needs 366 days')
    expect(text).not.toContain('keep-daily')
    expect(text).toMatch(/public ones stop at 90/)
    expect(text).toMatch(/raise the repository's artifact retention to at least 366 days/)
    expect(text).toMatch(/directory store \(out-dir on a persistent disk/)
    const beyond = lifetimeShortfallText(
      checkArtifactLifetime(policy({ monthly: 24 }), [lifetime(400)])!
    )
    expect(beyond).toMatch(
      /no artifact can live 731 days \(GitHub keeps artifacts at most 400 days/
    )
    expect(beyond).not.toMatch(/raise the repository's artifact retention/)
  })
})

describe('artifacts as backup sets (pure mapping)', () => {
  const artifact = (
    id: number,
    name: string,
    createdAt: string,
    extra: { expired?: boolean; runId?: number } = {}
  ) => ({
    id,
    name,
    createdAt: new Date(createdAt),
    expiresAt: new Date(new Date(createdAt).getTime() + 400 * DAY_MS),
    sizeBytes: 22,
    expired: extra.expired ?? false,
    ...(extra.runId === undefined ? {} : { runId: extra.runId })
  })

  it('dates per-set artifacts by their name and fixed-name artifacts by created_at', () => {
    const listing = storeModule.backupListingFromArtifacts(
      [
        artifact(9, 'opta-supabase-backup', '2026-03-02T03:24:10Z', { runId: 109 }),
        artifact(8, 'opta-supabase-backup-20260301-031700', '2026-03-01T03:21:00Z', { runId: 108 }),
        artifact(7, 'opta-supabase-backup', '2025-01-01T03:20:00Z', { runId: 107, expired: true }),
        artifact(6, 'opta-supabase-backup-old', '2026-02-01T00:00:00Z'),
        artifact(5, 'opta-supabase-backup-staging-20260301-031700', '2026-03-01T03:21:00Z'),
        artifact(4, 'opta-supabase-backupx', '2026-03-01T03:21:00Z'),
        artifact(3, 'opta-supabase-backup', '2026-02-28T03:20:00Z')
      ],
      'opta-supabase-backup'
    )
    expect(listing.sets.map((set) => [set.name, set.prefix, set.createdAt.toISOString()])).toEqual([
      ['opta-supabase-backup (run 109)', 'opta-supabase-backup', '2026-03-02T03:24:10.000Z'],
      ['opta-supabase-backup-20260301-031700', 'opta-supabase-backup', '2026-03-01T03:17:00.000Z'],
      ['opta-supabase-backup (artifact 3)', 'opta-supabase-backup', '2026-02-28T03:20:00.000Z']
    ])
    expect(
      listing.sets.map((set) => storeModule.isArtifactBackupSet(set) && set.artifact.id)
    ).toEqual([9, 8, 3])
    expect(listing.strays).toEqual(['opta-supabase-backup-old'])
    expect(listing.problems).toEqual([])
    expect(listing.incomplete).toEqual([])
  })

  it('lists every <prefix>-<stamp> artifact without a name, and reports a missing created_at', () => {
    const listing = storeModule.backupListingFromArtifacts([
      artifact(3, 'backup-20260301-031700', '2026-03-01T03:21:00Z'),
      artifact(2, 'drill-log', '2026-03-01T03:40:00Z'),
      { ...artifact(1, 'other-20260228-031700', '2026-02-28T03:21:00Z'), createdAt: new Date(0) }
    ])
    expect(listing.sets.map((set) => [set.name, set.prefix])).toEqual([
      ['backup-20260301-031700', 'backup']
    ])
    expect(listing.problems).toEqual(['artifact other-20260228-031700 (id 1) has no created_at'])
  })

  it('keeps two artifacts of one set name apart by their ids', () => {
    const listing = storeModule.backupListingFromArtifacts(
      [
        artifact(12, 'backup-20260301-031700', '2026-03-01T03:21:00Z'),
        artifact(11, 'backup-20260301-031700', '2026-03-01T03:21:00Z')
      ],
      'backup'
    )
    expect(listing.sets.map((set) => set.name)).toEqual([
      'backup-20260301-031700 (artifact 12)',
      'backup-20260301-031700 (artifact 11)'
    ])
  })
})

describe('prune inputs: one store per run', () => {
  const token = 'ghs_prunetokenprunetokenprunetoken0001'
  const refusal = (raw: Record<string, string | undefined>): InputError => {
    try {
      parsePruneInputs(raw)
    } catch (error) {
      expect(error).toBeInstanceOf(InputError)
      expect((error as Error).message).not.toContain(token)
      return error as InputError
    }
    throw new Error('expected an InputError')
  }

  it('prunes a folder without artifact-name, artifacts with it', () => {
    expect(parsePruneInputs({ 'github-token': token, repository: 'o/r' })).toMatchObject({
      outDir: './backups',
      prefix: 'backup',
      dryRun: true
    })
    expect(
      parsePruneInputs({ 'github-token': token, repository: 'o/r', 'out-dir': '/x', prefix: 'p' })
    ).toEqual({ outDir: '/x', prefix: 'p', policy: DEFAULT_RETENTION_POLICY, dryRun: true })
    expect(
      parsePruneInputs({
        'artifact-name': 'opta-supabase-backup',
        repository: 'octo-org/octo-repo',
        'github-token': token,
        'dry-run': 'false'
      })
    ).toEqual({
      artifacts: { repository: 'octo-org/octo-repo', token },
      prefix: 'opta-supabase-backup',
      policy: DEFAULT_RETENTION_POLICY,
      dryRun: false
    })
  })

  it.each([
    [{ 'out-dir': './backups' }, 'out-dir', /not both/],
    [{ prefix: 'opta-supabase' }, 'prefix', /applies to out-dir only/],
    [{ 'github-token': '' }, 'github-token', /needs a token with actions:write/],
    [{ repository: undefined }, 'repository', /owner\/repo/],
    [{ repository: 'not-a-repo' }, 'repository', /must be owner\/repo/],
    [{ 'artifact-name': 'a/b' }, 'artifact-name', /without/]
  ])('refuses %j with artifact-name (input %s)', (extra, input, message) => {
    const error = refusal({
      'artifact-name': 'opta-supabase-backup',
      repository: 'octo-org/octo-repo',
      'github-token': token,
      ...extra
    })
    expect(error.input).toBe(input)
    expect(error.message).toMatch(message)
  })
})

describe('prune over GitHub artifacts (emulator)', () => {
  it('keeps daily + monthly of fixed-name artifacts by created_at, deletes the rest, leaves expired and other artifacts alone', async () => {
    const name = 'opta-supabase-backup'
    const sets: EmulatedArtifact[] = []
    // Every second day over 80 days: more UTC days and months than the policy keeps.
    for (let day = 0; day < 80; day += 2) sets.push(await seed(name, daysAgo(day)))
    const expired = [
      await seed(name, daysAgo(500), 400),
      await seed(`${name}-20200101-031700`, daysAgo(450), 400)
    ]
    const untouched = [
      await seed('drill-log', daysAgo(100)),
      await seed(`${name}-notes`, daysAgo(100)),
      await seed('opta-supabase-backupx', daysAgo(100))
    ]
    const keepTimes = expectedKeep(
      sets.map((set) => set.createdAt),
      7,
      2
    )
    const expectedKept = sets.filter((set) => keepTimes.has(set.createdAt.getTime()))

    const logger = createMemoryLogger()
    const result = await prune.runPrune(
      options(name, { policy: policy({ daily: 7, monthly: 2 }) }),
      logger
    )

    expect(result.passed).toBe(true)
    expect(result.store).toBe(`GitHub artifacts of ${emu().repository}`)
    expect(result.kept.map((entry) => entry.name)).toEqual(
      expectedKept.map((set) => `${name} (run ${set.runId})`)
    )
    // The set's time is the artifact's created_at, and every kept set says why.
    expect(result.kept.map((entry) => entry.createdAt)).toEqual(
      expectedKept.map((set) => set.createdAt.toISOString())
    )
    const newest = sets[0]!.createdAt.toISOString()
    expect(result.kept[0]!.reasons).toEqual([
      `daily ${newest.slice(0, 10)}`,
      `monthly ${newest.slice(0, 7)}`
    ])
    expect(
      result.kept.every((entry) => entry.reasons.every((r) => /^(daily|monthly) /.test(r)))
    ).toBe(true)
    expect(result.deleted).toHaveLength(sets.length - expectedKept.length)
    expect(result.deleted.every((entry) => entry.status === 'deleted')).toBe(true)
    expect(result.strays).toEqual([`${name}-notes`])
    expect(result.warnings).toEqual([])

    const left = storedIds()
    for (const set of sets) expect(left.has(set.id)).toBe(keepTimes.has(set.createdAt.getTime()))
    for (const artifact of [...expired, ...untouched]) expect(left.has(artifact.id)).toBe(true)
    expect(logger.lines.join('\n')).toContain('2 expired backup artifacts skipped')

    const again = await prune.runPrune(
      options(name, { policy: policy({ daily: 7, monthly: 2 }) }),
      createMemoryLogger()
    )
    expect(again.deleted).toEqual([])
    expect(again.kept.map((entry) => entry.name)).toEqual(result.kept.map((entry) => entry.name))
  })

  it('dates per-set artifacts by their name; a dry run deletes nothing and says what it would delete', async () => {
    const prefix = 'opta-supabase'
    const sets: EmulatedArtifact[] = []
    for (let day = 0; day < 12; day++) {
      const stamp = daysAgo(day)
      // Uploaded 9 minutes after the snapshot the name records.
      sets.push(await seed(backupSetName(prefix, stamp), new Date(stamp.getTime() + 9 * 60_000)))
    }
    const staging = await seed(backupSetName(`${prefix}-staging`, daysAgo(30)), daysAgo(30))
    const before = emu().artifacts().length

    const result = await prune.runPrune(
      options(prefix, { policy: policy({ last: 3 }), dryRun: true }),
      createMemoryLogger()
    )

    expect(emu().artifacts().length).toBe(before)
    expect(result.kept.map((entry) => [entry.name, entry.createdAt, entry.reasons])).toEqual(
      [0, 1, 2].map((day) => [
        backupSetName(prefix, daysAgo(day)),
        daysAgo(day).toISOString(),
        [`last #${day + 1}`]
      ])
    )
    expect(result.deleted).toHaveLength(9)
    expect(result.deleted.every((entry) => entry.status === 'dry-run')).toBe(true)
    expect(result.deleted.map((entry) => entry.name)).not.toContain(staging.name)
    const summary = pruneSummaryMarkdown(result)
    expect(summary).toContain('kept 3, would delete 9 (dry run)')
    expect(summary).toContain(
      `| ${sets[11]!.name} | ${daysAgo(11).toISOString()} | would delete (dry run) | outside every keep rule |`
    )
  })

  it('fails with retention-unattainable when 90-day artifacts cannot hold 12 monthly backups (the plan still applies); 400 days passes', async () => {
    const name = 'public-repo-backup'
    const sets: EmulatedArtifact[] = []
    // Four runs on one day, newest first: one UTC day and month, so the plan is fixed.
    for (let minute = 30; minute >= 0; minute -= 10)
      sets.push(await seed(name, new Date(daysAgo(0).getTime() + minute * 60_000), 90))
    const result = await prune.runPrune(
      options(name, { policy: { ...DEFAULT_RETENTION_POLICY, daily: 1 } }),
      createMemoryLogger()
    )
    expect(result.passed).toBe(false)
    expect(result.escalation?.condition).toBe('retention-unattainable')
    expect(result.escalation?.message).toContain('Backup artifacts live 90 days')
    expect(result.escalation?.message).toContain('keep-monthly 12 needs 366 days')
    expect(result.escalation?.message).toMatch(/Fix: raise the repository's artifact retention/)
    expect(result.warnings).toEqual([])
    // Deletions follow the policy either way: daily 1 + monthly 12 keep the newest and (unused monthly slots) the oldest.
    expect(result.deleted.map((entry) => entry.status)).toEqual(['deleted', 'deleted'])
    const left = storedIds()
    expect(sets.map((set) => left.has(set.id))).toEqual([true, false, false, true])
    const summary = pruneSummaryMarkdown(result)
    expect(summary).toContain('### Prune FAILED')
    expect(summary).toContain(`#### ${UNATTAINABLE_TITLE}`)

    const longName = 'private-repo-backup'
    for (let day = 0; day < 5; day++) await seed(longName, daysAgo(day), 400)
    const long = await prune.runPrune(
      options(longName, { policy: { ...DEFAULT_RETENTION_POLICY }, dryRun: true }),
      createMemoryLogger()
    )
    expect(long.passed).toBe(true)
    expect(long.escalation).toBeUndefined()

    const cliRun = await cli.runCliCaptured(['prune', '--artifact-name', name], {
      GITHUB_TOKEN: emu().apiToken,
      GITHUB_REPOSITORY: emu().repository
    })
    expect(cliRun.code).toBe(1)
    expect(cliRun.stdout).toContain(`#### ${UNATTAINABLE_TITLE}`)
    expect(cliRun.stdout).toMatch(
      /Fix: raise the repository's artifact retention to at least 366 days/
    )
  })

  it('deletes nothing when the listing changes while it is read (pages do not add up), and fails', async () => {
    const name = 'race-backup'
    const sets: EmulatedArtifact[] = []
    for (let day = 0; day < 6; day++) sets.push(await seed(name, daysAgo(day)))
    // More than one page (100) in the repository, so the listing takes two requests.
    for (let i = emu().artifacts().length; i <= 101; i++) await seed(`filler-${i}`, daysAgo(1))
    const proxy = await startUploadingProxy(emu(), () => seed('uploaded-meanwhile', new Date()))
    const restoreUrl = applyEnv({ GITHUB_API_URL: proxy.url })
    try {
      const before = storedIds()
      const logger = createMemoryLogger()
      const result = await prune.runPrune(options(name, { policy: policy({ last: 1 }) }), logger)
      expect(proxy.uploads()).toBe(1)
      expect(result.passed).toBe(false)
      expect(result.problems).toEqual([
        expect.stringMatching(/read \d+ of \d+ \(the list changed while it was read/)
      ])
      expect(result.deleted).toEqual([])
      for (const id of before) expect(storedIds().has(id)).toBe(true)
      expect(logger.lines.join('\n')).toContain('Backup listing problem')
      const summary = pruneSummaryMarkdown(result)
      expect(summary).toContain('### Prune FAILED')
      expect(summary).toContain('Listing problems (nothing was deleted)')
    } finally {
      restoreUrl()
      await proxy.stop()
    }
  })

  it('never shows the token: not in logs, results, summaries, CLI output or errors', async () => {
    const name = 'secret-check'
    for (let day = 0; day < 3; day++) await seed(name, daysAgo(day), 90)
    const token = emu().apiToken
    const logger = createMemoryLogger()
    const result = await prune.runPrune(options(name, { policy: policy({ last: 1 }) }), logger)
    expect(result.deleted.map((entry) => entry.status)).toEqual(['deleted', 'deleted'])
    const summary = pruneSummaryMarkdown(result)
    for (const text of [logger.lines.join('\n'), JSON.stringify(result), summary])
      expect(text).not.toContain(token)

    const wrong = `ghs_${'w'.repeat(36)}`
    const rejected = await prune
      .runPrune(
        {
          ...options(name, { policy: policy({ last: 1 }) }),
          artifacts: { repository: emu().repository, token: wrong }
        },
        createMemoryLogger()
      )
      .then(
        () => new Error('expected the prune to fail'),
        (error: unknown) => error as Error
      )
    expect(rejected).toBeInstanceOf(Error)
    expect(rejected.message).toMatch(/GitHub rejected the token/)
    expect(rejected.message).not.toContain(wrong)

    const json = await cli.runCliCaptured(
      [
        'prune',
        '--artifact-name',
        name,
        '--keep-last',
        '1',
        '--keep-daily',
        '0',
        '--keep-monthly',
        '0',
        '--json',
        '--verbose'
      ],
      { GITHUB_TOKEN: token, GITHUB_REPOSITORY: emu().repository }
    )
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({
      dryRun: true,
      prefix: name,
      kept: [{ reasons: ['last #1'] }]
    })
    expect(json.stdout + json.stderr).not.toContain(token)
  })

  it('CLI: one store per run and a token from the environment (exit 2 otherwise)', async () => {
    const both = await cli.runCliCaptured(['prune', '--artifact-name', 'x', '--out-dir', work], {
      GITHUB_TOKEN: emu().apiToken,
      GITHUB_REPOSITORY: emu().repository
    })
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/bad input: out-dir: give either out-dir .* or artifact-name/)
    const noToken = await cli.runCliCaptured(['prune', '--artifact-name', 'x'], {
      GITHUB_TOKEN: '',
      GH_TOKEN: '',
      GITHUB_REPOSITORY: emu().repository
    })
    expect(noToken.code).toBe(2)
    expect(noToken.stderr).toMatch(/bad input: github-token: pruning artifacts needs a token/)
  })
})

describe('prune sub-action over artifacts (end to end)', () => {
  it('runs the action entry with INPUT_* env: deletes past retention, sets outputs and the summary; 90-day artifacts escalate retention-unattainable', async () => {
    const name = 'action-backup'
    const sets: EmulatedArtifact[] = []
    // Four runs on one day, newest first: one UTC day and month, so the plan is fixed.
    for (let minute = 30; minute >= 0; minute -= 10)
      sets.push(await seed(name, new Date(daysAgo(0).getTime() + minute * 60_000), 400))
    const token = emu().apiToken
    const pruneStep = (inputs: Record<string, string>) =>
      runActionStep('src/actions/entries/prune.ts', {
        inputs: { 'github-token': token, ...inputs },
        env: { GITHUB_API_URL: emu().url, GITHUB_REPOSITORY: emu().repository },
        workDir: work
      })
    const step = await pruneStep({
      'artifact-name': name,
      'keep-last': '1',
      'keep-daily': '0',
      'keep-monthly': '12',
      'dry-run': 'false'
    })
    const { stdout } = step
    expect(step.exitCode).toBe(0)
    expect(stdout).not.toMatch(/::error/)
    expect(stdout).not.toMatch(/::warning/)
    // The only place the token may appear is the runner's own masking command.
    for (const line of stdout.split('\n').filter((l) => l.includes(token)))
      expect(line).toBe(`::add-mask::${token}`)

    // keep-last 1 keeps the newest; keep-monthly 12 keeps it too and, with 11 slots unused, the oldest.
    expect(step.outputs['kept-count']).toBe('2')
    expect(step.outputs['deleted-count']).toBe('2')
    const { summary } = step
    expect(summary).toContain('kept 2, deleted 2')
    expect(summary).toContain('oldest (monthly: 11 unused)')
    expect(summary).not.toContain(token)
    const left = storedIds()
    expect(sets.map((set) => left.has(set.id))).toEqual([true, false, false, true])

    // The same prune over artifacts GitHub keeps 90 days fails the step with the condition and the fix.
    const shortName = 'action-backup-90'
    for (let day = 0; day < 3; day++) await seed(shortName, daysAgo(day), 90)
    const failed = await pruneStep({ 'artifact-name': shortName })
    expect(failed.exitCode).toBe(1)
    expect(failed.stdout).toMatch(
      new RegExp(
        `::error title=ESCALATE%3A retention-unattainable::Backup artifacts live 90 days.*Fix: raise the repository's artifact retention to at least 366 days`
      )
    )
  })
})

/**
 * A loopback proxy in front of the emulator's REST API that uploads one
 * artifact right after serving the first page of the repository's artifact
 * list, as a backup finishing while prune reads the list would: the second
 * page then starts one item later than it should.
 */
async function startUploadingProxy(
  target: ArtifactEmulator,
  upload: () => Promise<unknown>
): Promise<{ url: string; uploads: () => number; stop: () => Promise<void> }> {
  let uploads = 0
  const upstream = new URL(target.url)
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', target.url)
    const firstPage =
      request.method === 'GET' &&
      /\/actions\/artifacts$/.test(url.pathname) &&
      (url.searchParams.get('page') ?? '1') === '1'
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: request.headers
      },
      (reply) => {
        const chunks: Buffer[] = []
        reply.on('data', (chunk: Buffer) => chunks.push(chunk))
        reply.on('end', () => {
          void (async () => {
            if (firstPage && uploads === 0) {
              uploads++
              await upload()
            }
            response.writeHead(reply.statusCode ?? 502, reply.headers)
            response.end(Buffer.concat(chunks))
          })()
        })
      }
    )
    request.pipe(forward)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    uploads: () => uploads,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}

import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputError } from '../src/errors.js'
import { backupSetName } from '../src/manifest/backup-set.js'
import { runPrune } from '../src/prune/run-prune.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { pruneSummaryMarkdown } from '../src/report/prune-summary.js'
import { DEFAULT_RETENTION_POLICY } from '../src/retention/policy.js'
import type { BackupSet } from '../src/storage/backup-store.js'
import {
  deleteBackupSet,
  findLatestCompleteSet,
  listBackupSets,
  resolveBackupSet
} from '../src/storage/directory-store.js'
import { runActionStep } from './support/action-runner.js'
import { runCliCaptured } from './support/cli.js'
import { at, policy } from './support/retention.js'

type Part = 'dump' | 'age' | 'sha256' | 'manifest'
const EXTENSION: Record<Part, string> = {
  dump: '.dump',
  age: '.dump.age',
  sha256: '.sha256',
  manifest: '.manifest.json'
}
const COMPLETE: Part[] = ['dump', 'sha256', 'manifest']

const tempDirs: string[] = []
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'prune-test-'))
  tempDirs.push(dir)
  return dir
}
afterAll(async () => {
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true })
})

/** Writes the named parts of a set as small dummy files; the lister goes by names only. */
async function writeSet(dir: string, name: string, parts: Part[] = COMPLETE): Promise<void> {
  for (const part of parts)
    await writeFile(path.join(dir, name + EXTENSION[part]), `${part} of ${name}\n`)
}

const files = async (dir: string) => (await readdir(dir)).sort()

// A small seeded generator so the 500 sets are the same on every run.
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The expected survivors, by a plain calendar rule: the newest set of each of the n newest UTC days / months that hold one. */
function expectedKeep(times: Date[], daily: number, monthly: number): Set<string> {
  const newestPer = (key: (iso: string) => string) => {
    const newest = new Map<string, Date>()
    for (const time of times) {
      const k = key(time.toISOString())
      if (!newest.has(k) || time > newest.get(k)!) newest.set(k, time)
    }
    return newest
  }
  const days = newestPer((iso) => iso.slice(0, 10))
  const months = newestPer((iso) => iso.slice(0, 7))
  const pick = (newest: Map<string, Date>, n: number) =>
    [...newest.keys()]
      .sort()
      .reverse()
      .slice(0, n)
      .map((k) => newest.get(k)!)
  expect(days.size).toBeGreaterThan(daily)
  expect(months.size).toBeGreaterThan(monthly)
  return new Set(
    [...pick(days, daily), ...pick(months, monthly)].map((time) => backupSetName('backup', time))
  )
}

describe('prune over a directory', () => {
  it('keeps exactly 35 daily + 12 monthly of 500 sets over two years, leaves no lone file, and is idempotent', async () => {
    const dir = await tempDir()
    const random = seeded(20261123)
    const start = Date.UTC(2025, 0, 1)
    const span = Date.UTC(2027, 0, 1) - start
    const times = new Map<string, Date>()
    while (times.size < 500) {
      const time = new Date(start + Math.floor((random() * span) / 1000) * 1000)
      times.set(backupSetName('backup', time), time)
    }
    let index = 0
    for (const [name] of times) {
      // Every seventh set is encrypted: `.dump.age` counts as the dump.
      await writeSet(dir, name, index++ % 7 === 0 ? ['age', 'sha256', 'manifest'] : COMPLETE)
    }
    // Things prune must leave alone: two old incomplete sets, a stray file, another prefix's set.
    await writeSet(dir, 'backup-20250102-030000', ['dump'])
    await writeSet(dir, 'backup-20250103-030000', ['dump', 'sha256'])
    await writeFile(path.join(dir, 'backup-notes.txt'), 'hello\n')
    await writeSet(dir, 'other-20250101-000000')

    const expected = expectedKeep([...times.values()], 35, 12)
    const result = await runPrune(
      {
        outDir: dir,
        prefix: 'backup',
        policy: { ...DEFAULT_RETENTION_POLICY },
        dryRun: false,
        now: at('2027-01-01T00:00:00')
      },
      createMemoryLogger()
    )

    expect(result.passed).toBe(true)
    expect(new Set(result.kept.map((entry) => entry.name))).toEqual(expected)
    expect(result.kept.length).toBe(expected.size)
    expect(result.deleted).toHaveLength(500 - expected.size)
    expect(result.deleted.every((entry) => entry.status === 'deleted')).toBe(true)
    expect(result.incomplete.map((partial) => partial.name)).toEqual([
      'backup-20250103-030000',
      'backup-20250102-030000'
    ])
    expect(result.strays).toEqual(['backup-notes.txt'])
    const newest = [...times.keys()].sort().at(-1)!
    expect(result.kept[0]).toEqual({
      name: newest,
      createdAt: times.get(newest)!.toISOString(),
      reasons: [expect.stringMatching(/^daily /), expect.stringMatching(/^monthly /)]
    })

    // On disk: every kept set whole, every deleted set gone without a trace, the rest untouched.
    const after = await listBackupSets(dir)
    expect(
      new Set(after.sets.filter((set) => set.prefix === 'backup').map((set) => set.name))
    ).toEqual(expected)
    expect(after.incomplete.map((partial) => partial.name)).toEqual([
      'backup-20250103-030000',
      'backup-20250102-030000'
    ])
    expect(after.sets.map((set) => set.name)).toContain('other-20250101-000000')
    expect(after.problems).toEqual([])
    expect(await files(dir)).toHaveLength(expected.size * 3 + 3 + 1 + 3)

    const again = await runPrune(
      {
        outDir: dir,
        prefix: 'backup',
        policy: { ...DEFAULT_RETENTION_POLICY },
        dryRun: false,
        now: at('2027-01-01T00:00:00')
      },
      createMemoryLogger()
    )
    expect(again.deleted).toEqual([])
    expect(again.kept.map((entry) => entry.name)).toEqual(result.kept.map((entry) => entry.name))
  })

  it('deletes nothing on a dry run and reports what it would delete', async () => {
    const dir = await tempDir()
    for (let day = 1; day <= 20; day++)
      await writeSet(dir, backupSetName('backup', new Date(Date.UTC(2025, 5, day, 3))))
    const before = await files(dir)
    const result = await runPrune(
      {
        outDir: dir,
        prefix: 'backup',
        policy: policy({ daily: 5 }),
        dryRun: true,
        now: at('2025-07-01T00:00:00')
      },
      createMemoryLogger()
    )
    expect(await files(dir)).toEqual(before)
    expect(result.kept.map((entry) => entry.name)).toEqual(
      [20, 19, 18, 17, 16].map((day) => `backup-202506${day}-030000`)
    )
    expect(result.deleted).toHaveLength(15)
    expect(result.deleted.every((entry) => entry.status === 'dry-run')).toBe(true)
    expect(result.passed).toBe(true)
    const summary = pruneSummaryMarkdown(result)
    expect(summary).toContain('kept 5, would delete 15 (dry run)')
    expect(summary).toContain(
      '| backup-20250620-030000 | 2025-06-20T03:00:00.000Z | keep | daily 2025-06-20 |'
    )
    expect(summary).toContain(
      '| backup-20250601-030000 | 2025-06-01T03:00:00.000Z | would delete (dry run) | outside every keep rule |'
    )
  })

  it('reports incomplete sets, never counts or deletes them', async () => {
    const dir = await tempDir()
    await writeSet(dir, 'backup-20250601-030000')
    await writeSet(dir, 'backup-20250602-030000')
    // Newer than every complete set: a backup in progress must not take the keep-last slot.
    await writeSet(dir, 'backup-20250603-030000', ['dump', 'sha256'])
    await writeSet(dir, 'backup-20250501-030000', ['sha256', 'manifest'])
    await writeSet(dir, 'backup-20250502-030000', ['dump', 'age', 'sha256', 'manifest'])
    const result = await runPrune(
      {
        outDir: dir,
        prefix: 'backup',
        policy: policy({ last: 1 }),
        dryRun: false,
        now: at('2025-07-01T00:00:00')
      },
      createMemoryLogger()
    )
    expect(result.kept.map((entry) => entry.name)).toEqual(['backup-20250602-030000'])
    expect(result.deleted.map((entry) => [entry.name, entry.status])).toEqual([
      ['backup-20250601-030000', 'deleted']
    ])
    expect(result.incomplete).toEqual([
      {
        name: 'backup-20250603-030000',
        createdAt: '2025-06-03T03:00:00.000Z',
        files: ['backup-20250603-030000.dump', 'backup-20250603-030000.sha256'],
        missing: ['.manifest.json']
      },
      {
        name: 'backup-20250502-030000',
        createdAt: '2025-05-02T03:00:00.000Z',
        files: expect.any(Array),
        missing: [],
        note: 'both .dump and .dump.age are present'
      },
      {
        name: 'backup-20250501-030000',
        createdAt: '2025-05-01T03:00:00.000Z',
        files: expect.any(Array),
        missing: ['.dump or .dump.age']
      }
    ])
    const left = await files(dir)
    expect(left.filter((file) => file.startsWith('backup-20250601'))).toEqual([])
    expect(left.filter((file) => !file.startsWith('backup-20250602'))).toHaveLength(2 + 2 + 4)
    expect(pruneSummaryMarkdown(result)).toContain(
      '| backup-20250501-030000 | backup-20250501-030000.manifest.json, backup-20250501-030000.sha256 | .dump or .dump.age |'
    )
  })

  it('deletes nothing when the listing has a problem, and fails', async () => {
    const dir = await tempDir()
    for (let day = 1; day <= 5; day++) await writeSet(dir, `backup-2025060${day}-030000`)
    await mkdir(path.join(dir, 'backup-20250604-030000.dump.age'))
    const before = await files(dir)
    const logger = createMemoryLogger()
    const result = await runPrune(
      {
        outDir: dir,
        prefix: 'backup',
        policy: policy({ last: 1 }),
        dryRun: false,
        now: at('2025-07-01T00:00:00')
      },
      logger
    )
    expect(await files(dir)).toEqual(before)
    expect(result.problems).toEqual(['backup-20250604-030000.dump.age is not a regular file'])
    expect(result.deleted.map((entry) => entry.status)).toEqual([
      'blocked',
      'blocked',
      'blocked',
      'blocked'
    ])
    expect(result.passed).toBe(false)
    expect(logger.lines.join('\n')).toContain('none of the 4 sets past retention is deleted')
    expect(pruneSummaryMarkdown(result)).toContain('Listing problems (nothing was deleted)')
  })

  it('keeps and reports sets dated after now', async () => {
    const dir = await tempDir()
    await writeSet(dir, 'backup-20250601-030000')
    await writeSet(dir, 'backup-20250602-030000')
    await writeSet(dir, 'backup-20300101-000000')
    const logger = createMemoryLogger()
    const result = await runPrune(
      {
        outDir: dir,
        prefix: 'backup',
        policy: policy({ daily: 1 }),
        dryRun: false,
        now: at('2025-07-01T00:00:00')
      },
      logger
    )
    expect(result.kept.map((entry) => [entry.name, entry.reasons])).toEqual([
      ['backup-20300101-000000', ['future: created after now']],
      ['backup-20250602-030000', ['daily 2025-06-02']]
    ])
    expect(result.deleted.map((entry) => entry.name)).toEqual(['backup-20250601-030000'])
    expect(logger.lines.join('\n')).toContain(
      'Backup set from the future: backup-20300101-000000 is dated after now'
    )
  })
})

describe('directory store', () => {
  it('deletes checksum, then manifest, and the dump last: a stop part-way leaves what a crashed backup leaves', async () => {
    const dir = await tempDir()
    const name = 'backup-20250601-030000'
    await writeSet(dir, name, ['dump', 'sha256'])
    // A manifest that cannot be unlinked (a non-empty directory) stops the deletion after the checksum.
    await mkdir(path.join(dir, `${name}.manifest.json`, 'x'), { recursive: true })
    const set: BackupSet = {
      name,
      prefix: 'backup',
      createdAt: at('2025-06-01T03:00:00'),
      encrypted: false,
      files: { dump: `${name}.dump`, checksum: `${name}.sha256`, manifest: `${name}.manifest.json` }
    }
    await expect(deleteBackupSet(dir, set)).rejects.toThrow()
    expect(await files(dir)).toEqual([`${name}.dump`, `${name}.manifest.json`])
    const listing = await listBackupSets(dir, 'backup')
    expect(listing.sets).toEqual([])
    expect(listing.problems).toEqual([`${name}.manifest.json is not a regular file`])
  })

  it('finishes an interrupted deletion when called again', async () => {
    const dir = await tempDir()
    await writeSet(dir, 'backup-20250601-030000')
    const [set] = (await listBackupSets(dir)).sets
    await deleteBackupSet(dir, set!)
    await writeSet(dir, 'backup-20250601-030000', ['dump'])
    await deleteBackupSet(dir, set!)
    expect(await files(dir)).toEqual([])
  })

  it('filters by prefix without mistaking a longer prefix for it', async () => {
    const dir = await tempDir()
    await writeSet(dir, 'backup-20250601-030000')
    await writeSet(dir, 'backup-prod-20250602-030000')
    await writeFile(path.join(dir, 'README.md'), 'x')
    expect((await listBackupSets(dir, 'backup')).sets.map((set) => set.name)).toEqual([
      'backup-20250601-030000'
    ])
    expect((await listBackupSets(dir, 'backup')).strays).toEqual([])
    const all = await listBackupSets(dir)
    expect(all.sets.map((set) => [set.prefix, set.name])).toEqual([
      ['backup-prod', 'backup-prod-20250602-030000'],
      ['backup', 'backup-20250601-030000']
    ])
    expect(all.strays).toEqual(['README.md'])
  })

  it('finds the newest complete set and resolves a backup input to its three paths', async () => {
    const dir = await tempDir()
    await writeSet(dir, 'backup-20250601-030000')
    await writeSet(dir, 'backup-20250602-030000', ['age', 'sha256', 'manifest'])
    await writeSet(dir, 'backup-20250603-030000', ['dump', 'sha256'])
    await writeSet(dir, 'other-20250604-030000')

    expect((await findLatestCompleteSet(dir, 'backup'))?.name).toBe('backup-20250602-030000')
    expect((await findLatestCompleteSet(dir))?.name).toBe('other-20250604-030000')
    expect(await findLatestCompleteSet(await tempDir())).toBeUndefined()

    const paths = (name: string, dump: string) => ({
      dir,
      dump: path.join(dir, `${name}${dump}`),
      checksum: path.join(dir, `${name}.sha256`),
      manifest: path.join(dir, `${name}.manifest.json`)
    })
    const latest = await resolveBackupSet('latest', dir, 'backup')
    expect(latest).toEqual({
      set: expect.objectContaining({ name: 'backup-20250602-030000', encrypted: true }),
      ...paths('backup-20250602-030000', '.dump.age')
    })
    const byDump = await resolveBackupSet(
      path.join(dir, 'backup-20250601-030000.dump'),
      '/nonexistent'
    )
    expect(byDump).toEqual({
      set: expect.objectContaining({ encrypted: false }),
      ...paths('backup-20250601-030000', '.dump')
    })
    expect(
      await resolveBackupSet(path.join(dir, 'backup-20250602-030000.manifest.json'), '/nonexistent')
    ).toEqual(latest)
    expect(await resolveBackupSet('backup-20250601-030000.dump', dir)).toEqual(byDump)

    const refusal = async (input: string, outDir = dir) => {
      const error = await resolveBackupSet(input, outDir).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).input).toBe('backup')
      return (error as Error).message
    }
    expect(await refusal(path.join(dir, 'backup-20250603-030000.dump'))).toMatch(
      /incomplete: missing \.manifest\.json/
    )
    expect(await refusal(path.join(dir, 'backup-20250602-030000.dump'))).toMatch(
      /not found \(the set's dump is backup-20250602-030000\.dump\.age\)/
    )
    expect(await refusal(path.join(dir, 'backup-20240101-000000.dump'))).toMatch(/not found/)
    expect(await refusal(path.join(dir, 'backup-20250601-030000.sha256'))).toMatch(
      /must be "latest" or the path/
    )
    expect(await refusal('/no/such/dir/backup-20250601-030000.dump')).toMatch(/not found/)
    expect(await refusal('latest', await tempDir())).toMatch(/no complete backup set/)
  })
})

describe('prune CLI', () => {
  it.each([
    [['--keep-daily', 'abc'], /keep-daily: must be a whole number/],
    [['--keep-monthly', '-3'], /keep-monthly: must be a whole number/],
    [['--keep-daily', '0', '--keep-monthly', '0'], /keeps nothing/],
    [['--prefix', '../x'], /prefix: must start with a letter or digit/]
  ])('exits 2 on bad input %j', async (args, message) => {
    const dir = await tempDir()
    await writeSet(dir, 'backup-20250601-030000')
    const run = await runCliCaptured(['prune', '--out-dir', dir, '--no-dry-run', ...args])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(await files(dir)).toHaveLength(3)
  })

  it('exits 2 when the folder does not exist', async () => {
    const run = await runCliCaptured(['prune', '--out-dir', path.join(await tempDir(), 'missing')])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/bad input: out-dir: .* does not exist/)
  })

  it('is a dry run unless --no-dry-run is given', async () => {
    const dir = await tempDir()
    for (let day = 1; day <= 4; day++) await writeSet(dir, `backup-2025060${day}-030000`)

    const dry = await runCliCaptured([
      'prune',
      '--out-dir',
      dir,
      '--keep-last',
      '2',
      '--keep-daily',
      '0',
      '--keep-monthly',
      '0',
      '--json'
    ])
    expect(dry.code).toBe(0)
    const planned = JSON.parse(dry.stdout)
    expect(planned).toMatchObject({
      dryRun: true,
      policy: { last: 2, daily: 0, monthly: 0 },
      passed: true
    })
    expect(planned.deleted.map((entry: { status: string }) => entry.status)).toEqual([
      'dry-run',
      'dry-run'
    ])
    expect(await files(dir)).toHaveLength(12)

    const real = await runCliCaptured([
      'prune',
      '--out-dir',
      dir,
      '--keep-last',
      '2',
      '--keep-daily',
      '0',
      '--keep-monthly',
      '0',
      '--no-dry-run'
    ])
    expect(real.code).toBe(0)
    expect(real.stdout).toContain('kept 2, deleted 2')
    expect(await files(dir)).toEqual(
      ['backup-20250603-030000', 'backup-20250604-030000'].flatMap((name) => [
        `${name}.dump`,
        `${name}.manifest.json`,
        `${name}.sha256`
      ])
    )
  })
})

describe('prune sub-action', () => {
  it('runs as an action: deletes past retention, sets outputs and writes the job summary', async () => {
    const dir = await tempDir()
    for (let day = 1; day <= 4; day++) await writeSet(dir, `backup-2025060${day}-030000`)
    const step = await runActionStep('src/actions/entries/prune.ts', {
      inputs: {
        'out-dir': dir,
        prefix: 'backup',
        'keep-last': '1',
        'keep-daily': '0',
        'keep-monthly': '0',
        'dry-run': 'false'
      }
    })
    expect(step.exitCode).toBe(0)
    expect(step.stdout).not.toMatch(/::error/)
    expect(step.outputs['kept-count']).toBe('1')
    expect(step.outputs['deleted-count']).toBe('3')
    expect(step.summary).toContain('kept 1, deleted 3')
    expect((await files(dir)).filter((file) => file.startsWith('backup-'))).toHaveLength(3)
  })
})

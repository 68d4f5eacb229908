import { beforeAll, describe, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import { parseBackupOptions } from '../src/config/backup-options.js'
import { runBackup } from '../src/backup/run-backup.js'
import { InputError } from '../src/errors.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { listBackupSets } from '../src/storage/directory-store.js'
import { tempDir } from './support/backups.js'
import { runCliCaptured } from './support/cli.js'
import { createFixtureDatabase } from './support/database.js'

// Backups racing for one folder and one set name (same prefix, same second):
// the name is claimed atomically, so one run writes the set and the others
// stop before writing anything; no run ever removes another run's files.

const LOSER =
  /^out-dir: (another backup is writing \S+ in .+ right now|\S+ already exists: a backup set of this name was made this second)/

let source: string

beforeAll(async () => {
  source = await createFixtureDatabase({ users: 5 })
})

async function expectOnlyCompleteSetsThatVerify(outDir: string, expected: number): Promise<void> {
  const listing = await listBackupSets(outDir)
  expect(listing.incomplete).toEqual([])
  expect(listing.strays).toEqual([])
  expect(listing.sets).toHaveLength(expected)
  expect(readdirSync(outDir)).toHaveLength(3 * expected)
  for (const set of listing.sets) {
    const verify = await runCliCaptured(['verify', '--backup', `${outDir}/${set.files.dump}`])
    expect(verify.code).toBe(0)
  }
}

describe('concurrent backups into one folder', () => {
  it('8 runs with the same second: exactly one set, the other 7 stop with a clear message', async () => {
    const outDir = tempDir()
    const sameSecond = new Date('2026-11-30T03:15:00Z')
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        runBackup(
          parseBackupOptions({ 'db-url': source, 'out-dir': outDir, schemas: 'public,auth' }),
          createMemoryLogger(),
          { now: () => sameSecond }
        )
      )
    )
    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(won).toHaveLength(1)
    for (const { reason } of lost) {
      expect(reason).toBeInstanceOf(InputError)
      expect((reason as Error).message).toMatch(LOSER)
    }
    await expectOnlyCompleteSetsThatVerify(outDir, 1)
  })

  it('8 CLI runs in parallel: every run that succeeded left a complete set that verifies, none destroyed another', async () => {
    const outDir = tempDir()
    const runs = await Promise.all(
      Array.from({ length: 8 }, () =>
        runCliCaptured([
          'backup',
          '--db-url',
          source,
          '--out-dir',
          outDir,
          '--schemas',
          'public,auth',
          '--json'
        ])
      )
    )
    const succeeded = runs.filter((run) => run.code === 0)
    expect(succeeded.length).toBeGreaterThanOrEqual(1)
    for (const run of runs.filter((r) => r.code !== 0)) {
      expect(run.code).toBe(2)
      expect((JSON.parse(run.stdout) as { error: string }).error).toMatch(LOSER)
    }
    const names = succeeded.map((run) => (JSON.parse(run.stdout) as { name: string }).name)
    expect(new Set(names).size).toBe(names.length)
    await expectOnlyCompleteSetsThatVerify(outDir, succeeded.length)
  })
})

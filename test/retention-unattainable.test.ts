import { beforeAll, describe, expect, it } from '@jest/globals'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { checkArtifactRetention } from '../src/backup/artifact-retention-check.js'
import { EscalationError } from '../src/errors.js'
import { DEFAULT_RETENTION_POLICY } from '../src/retention/policy.js'
import { runCliCaptured } from './support/cli.js'
import { createFixtureDatabase } from './support/database.js'
import { applyEnv, artifactClientEnv } from './support/artifact-emulator.js'
import { useArtifactEmulator } from './support/emulator-fixture.js'

// The backup's side of `retention-unattainable`: an artifact the repository's
// limit (GITHUB_RETENTION_DAYS) cuts below what the policy needs fails the
// backup before anything is dumped, with the fix. The real @actions/artifact
// client uploads against the emulator when the limit is high enough.

const { emu, work } = useArtifactEmulator('retention-unattainable-')
let source: string

beforeAll(async () => {
  source = await createFixtureDatabase({ users: 3 })
}, 300_000)

describe('artifact retention against the policy (pure)', () => {
  const fails = (retentionDays: number, limit: string) => {
    try {
      checkArtifactRetention(retentionDays, { GITHUB_RETENTION_DAYS: limit })
    } catch (error) {
      return error
    }
    return undefined
  }

  it('fails when the repository limit cuts the artifact below the default policy (366 days)', () => {
    const error = fails(400, '90')
    expect(error).toBeInstanceOf(EscalationError)
    expect((error as EscalationError).condition).toBe('retention-unattainable')
    const message = (error as Error).message
    expect(message).toContain('would live 90 days, not the 400 asked')
    expect(message).toContain('keep-monthly 12 needs 366 days')
    expect(message).toMatch(/Fix: raise the repository's artifact retention to at least 366 days/)
    expect(message).toMatch(/directory store/)
  })

  it.each([
    ['no limit reported', 400, {}, { days: 400 }],
    ['limit above the ask', 400, { GITHUB_RETENTION_DAYS: '400' }, { days: 400 }],
    [
      'limit lowers it, still enough',
      400,
      { GITHUB_RETENTION_DAYS: '370' },
      { days: 370, limitedFrom: 400 }
    ],
    ['a shorter retention-days on purpose', 9, { GITHUB_RETENTION_DAYS: '90' }, { days: 9 }],
    [
      'an unreadable limit is no limit (as the artifact client reads it)',
      400,
      { GITHUB_RETENTION_DAYS: 'x' },
      { days: 400 }
    ]
  ] as Array<[string, number, NodeJS.ProcessEnv, object]>)('%s', (_label, days, env, expected) => {
    expect(checkArtifactRetention(days, env, DEFAULT_RETENTION_POLICY)).toEqual(expected)
  })
})

describe('backup --upload artifact with the repository limit', () => {
  async function backup(limit: string, outDir: string) {
    const restoreEnv = applyEnv({
      ...artifactClientEnv(emu(), emu().registerRun(), { workspace: work }),
      GITHUB_RETENTION_DAYS: limit
    })
    try {
      return await runCliCaptured([
        'backup',
        '--db-url',
        source,
        '--out-dir',
        outDir,
        '--upload',
        'artifact',
        '--artifact-name',
        `limit-${limit}`
      ])
    } finally {
      restoreEnv()
    }
  }

  it('GITHUB_RETENTION_DAYS=90 fails with retention-unattainable and the fix, before any dump; 400 passes', async () => {
    const shortDir = join(work, 'limit-90')
    const short = await backup('90', shortDir)
    expect(short.code).toBe(1)
    expect(short.stderr).toMatch(
      /ESCALATE retention-unattainable: backup artifacts would live 90 days/
    )
    expect(short.stderr).toMatch(
      /Fix: raise the repository's artifact retention to at least 366 days/
    )
    expect(await readdir(shortDir).catch(() => [])).toEqual([])
    expect(
      emu()
        .artifacts()
        .filter((a) => a.name === 'limit-90')
    ).toEqual([])

    const long = await backup('400', join(work, 'limit-400'))
    expect(long.stderr).not.toContain('retention-unattainable')
    expect(long.code).toBe(0)
    const stored = emu()
      .artifacts()
      .filter((a) => a.name === 'limit-400')
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ retentionDays: 400, finalized: true })
  })
})

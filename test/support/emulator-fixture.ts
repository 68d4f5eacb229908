import { afterAll, beforeAll } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  applyEnv,
  artifactClientEnv,
  startArtifactEmulator,
  type ArtifactEmulator,
  type EmulatedRun
} from './artifact-emulator.js'
import { startAzurite, type Azurite } from './azurite.js'

/** What a test file gets from useArtifactEmulator(). */
export interface ArtifactEmulatorFixture {
  /** The running emulator (from the fixture's beforeAll on). */
  emu(): ArtifactEmulator
  /** A folder for this file's scratch files and job workspaces; removed after the file. */
  work: string
  /**
   * Makes this process act as a job of `run` (the env the @actions/artifact client and
   * Octokit read) until the next call or the end of the file, when the old env comes back.
   */
  actAs(run: EmulatedRun): void
}

/**
 * Azurite + the GitHub artifact/REST emulator for the tests of one file: started in a
 * beforeAll, stopped (and any env actAs set undone) in an afterAll. Call it at the top
 * level before the file's own beforeAll, which can then use emu() and work.
 */
export function useArtifactEmulator(
  workPrefix = 'backup-drill-artifacts-'
): ArtifactEmulatorFixture {
  const work = mkdtempSync(join(tmpdir(), workPrefix))
  let azurite: Azurite | undefined
  let emulator: ArtifactEmulator | undefined
  let restoreEnv: (() => void) | undefined

  beforeAll(async () => {
    azurite = await startAzurite()
    emulator = await startArtifactEmulator({ azurite })
  }, 120_000)

  afterAll(async () => {
    restoreEnv?.()
    await emulator?.stop()
    await azurite?.stop()
    await rm(work, { recursive: true, force: true })
  })

  const emu = (): ArtifactEmulator => {
    if (!emulator) throw new Error('the artifact emulator is not running (used before beforeAll?)')
    return emulator
  }
  return {
    emu,
    work,
    actAs(run) {
      restoreEnv?.()
      restoreEnv = applyEnv(artifactClientEnv(emu(), run, { workspace: work }))
    }
  }
}

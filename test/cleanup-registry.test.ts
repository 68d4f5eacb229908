import { describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { trackChild, trackFile, track, withCleanup } from '../src/cleanup/registry.js'
import { tempDir } from './support/backups.js'
import { waitFor } from './support/processes.js'

// The registry of what a run created: undone newest first when the run
// fails, kept when the run says so, scoped per run, and a child's whole
// process group stopped.

/** Pids of the live processes in process group `pgid`. */
function groupMembers(pgid: number): number[] {
  const members: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // fields[0] is the state, fields[2] the process group; zombies are already dead.
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry))
    } catch {
      // Gone while we looked.
    }
  }
  return members
}

describe('cleanup registry', () => {
  it('undoes what a failed run registered, newest first, and leaves what it kept', async () => {
    const dir = tempDir()
    const order: string[] = []
    const kept = join(dir, 'kept')
    const removed = join(dir, 'removed')
    await expect(
      withCleanup(async () => {
        writeFileSync(kept, 'x')
        trackFile(kept).keep()
        writeFileSync(removed, 'x')
        trackFile(removed)
        track('first', async () => void order.push('first'))
        track('second', async () => void order.push('second'))
        throw new Error('boom')
      })
    ).rejects.toThrow('boom')
    expect(order).toEqual(['second', 'first'])
    expect(existsSync(kept)).toBe(true)
    expect(existsSync(removed)).toBe(false)
  })

  it('runs in parallel never undo each other’s things', async () => {
    const dir = tempDir()
    const mine = join(dir, 'mine')
    let release!: () => void
    const other = withCleanup(async () => {
      writeFileSync(mine, 'x')
      trackFile(mine)
      await new Promise<void>((resolve) => (release = resolve))
      expect(existsSync(mine)).toBe(true)
      trackFile(mine).keep()
    })
    await expect(
      withCleanup(async () => {
        throw new Error('the other run fails')
      })
    ).rejects.toThrow()
    expect(existsSync(mine)).toBe(true)
    release()
    await other
  })

  it('stops a detached child and every process of its group (pg_restore -j workers)', async () => {
    await withCleanup(async () => {
      const child = spawn('/bin/sh', ['-c', 'sleep 120 & sleep 120 & wait'], {
        detached: true,
        stdio: ['ignore', 'pipe', 'ignore']
      })
      const tracked = trackChild(child, { group: true })
      await waitFor('the shell and both sleeps', () =>
        groupMembers(child.pid!).length >= 3 ? true : undefined
      )
      await tracked.undo()
      // SIGKILL is delivered asynchronously: a killed member can still be in
      // /proc for a few milliseconds on a loaded machine. Unkilled, the sleeps
      // would stay for two minutes, so a short wait still fails a missing kill.
      await waitFor(
        'the group to be gone',
        () => (groupMembers(child.pid!).length === 0 ? true : undefined),
        3000
      )
      expect(groupMembers(child.pid!)).toEqual([])
    })
  })
})

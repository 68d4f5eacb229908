import { spawn } from 'node:child_process'
import {
  explicitUrl,
  withoutLibpqEnvironment,
  type DatabaseTarget
} from '../postgres/connection-url.js'
import { TextTail } from '../postgres/run-pg-tool.js'
import { trackChild } from '../cleanup/registry.js'
import type { DrillLog } from '../report/drill-log.js'
import { maskSecrets } from '../secrets.js'
import { fail, pass, skip, type Check } from './checks.js'

type SmokeRecord = NonNullable<DrillLog['smoke']>

export interface SmokeRun {
  exitCode: number | null
  /** The last 16 KB of combined stdout+stderr, masked. */
  output: string
  seconds: number
}

/**
 * Runs the smoke command through a shell with SCRATCH_DB_URL and DATABASE_URL
 * pointing at the restored database (the SOP's cross-app auth smoke). The URL
 * spells out every resolved part and no PG* variable is inherited, so psql or
 * an app reaches exactly the database that was restored. Output is masked
 * before anyone sees it.
 */
export async function runSmokeCommand(
  command: string,
  target: DatabaseTarget,
  cwd = process.cwd()
): Promise<SmokeRun> {
  const started = performance.now()
  const url = explicitUrl(target)
  const child = spawn('/bin/sh', ['-c', command], {
    cwd,
    env: { ...withoutLibpqEnvironment(process.env), SCRATCH_DB_URL: url, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: an interrupt stops the shell and whatever it started.
    detached: true
  })
  trackChild(child, { group: true })
  // stdout and stderr interleaved as they arrive, the end kept (where a failing command says why).
  const output = new TextTail()
  const keep = (chunk: Buffer) => output.add(chunk)
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const exitCode = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(127))
    child.once('close', (code) => resolve(code))
  })
  return {
    exitCode,
    output: maskSecrets(output.text),
    seconds: (performance.now() - started) / 1000
  }
}

/**
 * The smoke step of a drill or a restore: runs the command when one is given
 * and turns the run into a check (`smoke-failed` on a non-zero exit) plus the
 * log's smoke record; without a command the check is skipped with `skipDetail`.
 */
export async function smokeStep(
  command: string | undefined,
  target: DatabaseTarget,
  skipDetail: string
): Promise<{ check: Check; smoke?: SmokeRecord }> {
  if (!command) return { check: skip('smoke', skipDetail) }
  const ran = await runSmokeCommand(command, target)
  const smoke = { command, exitCode: ran.exitCode, output: ran.output }
  return ran.exitCode === 0
    ? { check: pass('smoke', 'smoke command exited 0', ran.seconds), smoke }
    : {
        check: fail('smoke', 'smoke-failed', `smoke command exited ${ran.exitCode}`, ran.seconds),
        smoke
      }
}

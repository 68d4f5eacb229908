import { spawn } from 'node:child_process'
import { maskSecrets } from '../secrets.js'

export interface SmokeRun {
  exitCode: number | null
  /** The last 16 KB of combined stdout+stderr, masked. */
  output: string
  seconds: number
}

/**
 * Runs the smoke command through a shell with SCRATCH_DB_URL and DATABASE_URL
 * pointing at the restored scratch database (the SOP's cross-app auth smoke,
 * aimed at scratch). Output is masked before anyone sees it.
 */
export async function runSmokeCommand(
  command: string,
  scratchUrl: string,
  cwd = process.cwd()
): Promise<SmokeRun> {
  const started = performance.now()
  const child = spawn('/bin/sh', ['-c', command], {
    cwd,
    env: { ...process.env, SCRATCH_DB_URL: scratchUrl, DATABASE_URL: scratchUrl },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-16 * 1024)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const exitCode = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(127))
    child.once('close', (code) => resolve(code))
  })
  return { exitCode, output: maskSecrets(output), seconds: (performance.now() - started) / 1000 }
}

import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/** How a CLI process ended. */
export interface CliProcessResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/**
 * Starts the CLI as a real process (`node --import tsx src/cli/index.ts`, the
 * same entry as dist/cli.js), so signals reach it as they would in a shell or
 * on a runner.
 */
export function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv = {}
): { pid: number; kill: (signal: NodeJS.Signals) => void; done: Promise<CliProcessResult> } {
  const { NODE_OPTIONS: _unused, ...inherited } = process.env
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
    cwd: resolve('.'),
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const done = new Promise<CliProcessResult>((resolveDone) =>
    child.once('close', (code, signal) => resolveDone({ code, signal, stdout, stderr }))
  )
  return { pid: child.pid!, kill: (signal) => child.kill(signal), done }
}

/**
 * Processes (other than this one and PostgreSQL's own backends) whose
 * command line or environment contains `marker`: a client tool started for a
 * database or a file outlives the run that started it if one is listed here.
 */
export function processesMentioning(marker: string): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim()
      if (command === '' || command.startsWith('postgres:')) continue
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8')
      if (command.includes(marker) || environ.includes(marker))
        found.push({ pid: Number(entry), command })
    } catch {
      // The process ended while we looked.
    }
  }
  return found
}

/** Polls `probe` until it returns a value that is not undefined (or the run ends); fails after `limitMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  limitMs = 60_000
): Promise<T> {
  const deadline = Date.now() + limitMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await sleep(20)
  }
}

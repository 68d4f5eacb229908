import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** One timed child process. */
export interface Measurement {
  /** Wall clock from spawn to exit. */
  seconds: number
  /** Peak RSS of the node process itself (rss-probe), when it was a probed node run. */
  peakRssKb?: number
  /** VmRSS of the child sampled every 250 ms: shows whether memory stays flat over the run. */
  rssSamplesKb: number[]
  stdout: string
}

export interface MeasureOptions {
  env: NodeJS.ProcessEnv
  /** Write the probe's peak RSS here (the command must be node with --import rss-probe.mjs). */
  probeFile?: string
  /** Copy the child's stderr (progress lines) to ours. */
  echoStderr?: boolean
  /** Strings (the throwaway cluster's password) replaced by *** in a failure message. */
  mask?: string[]
}

const PROBE = join(import.meta.dirname, 'rss-probe.mjs')

/** Arguments that run `cli` under node with the RSS probe preloaded. */
export function probedNode(cli: string, args: string[]): [string, string[]] {
  return [process.execPath, ['--import', PROBE, cli, ...args]]
}

/**
 * Runs a command to completion and times it. A non-zero exit throws with the
 * end of its stderr: a failed run makes every number of the benchmark moot.
 */
export async function measure(
  command: string,
  args: string[],
  options: MeasureOptions
): Promise<Measurement> {
  if (options.probeFile) rmSync(options.probeFile, { force: true })
  const env = options.probeFile
    ? { ...options.env, BENCH_RSS_FILE: options.probeFile }
    : options.env
  const started = performance.now()
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderrTail = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-8000)
    if (options.echoStderr) process.stderr.write(chunk)
  })
  const samples: number[] = []
  const sampler = setInterval(() => {
    void readFile(`/proc/${child.pid}/status`, 'utf8')
      .then((status) => {
        const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]
        if (kb) samples.push(Number(kb))
      })
      .catch(() => undefined) // exited between ticks
  }, 250)
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  }).finally(() => clearInterval(sampler))
  const seconds = (performance.now() - started) / 1000
  if (code !== 0) {
    let message = `${command} ${args.join(' ')} exited with ${code}:\n${stderrTail}`
    for (const secret of options.mask ?? []) message = message.split(secret).join('***')
    throw new Error(message)
  }
  let peakRssKb: number | undefined
  if (options.probeFile && existsSync(options.probeFile)) {
    peakRssKb = (JSON.parse(readFileSync(options.probeFile, 'utf8')) as { maxRssKb: number })
      .maxRssKb
  }
  return { seconds, peakRssKb, rssSamplesKb: samples, stdout }
}

/** Busy share of all cores over `ms`, from /proc/stat (everything but idle and iowait). */
export async function cpuBusyShare(ms = 1000): Promise<number> {
  const read = async () => {
    const fields = (await readFile('/proc/stat', 'utf8'))
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number)
    const idle = fields[3]! + (fields[4] ?? 0)
    return { idle, total: fields.reduce((a, b) => a + b, 0) }
  }
  const before = await read()
  await new Promise((resolve) => setTimeout(resolve, ms))
  const after = await read()
  const total = after.total - before.total
  return total > 0 ? 1 - (after.idle - before.idle) / total : 0
}

/**
 * The machine is shared: waits (up to `maxSeconds`) until other processes use
 * less than `threshold` of the CPU while we are idle, so a timed run does not
 * race someone's test suite. Returns the last busy share and the seconds waited.
 */
export async function waitForQuietMachine(
  threshold = 0.15,
  maxSeconds = 120
): Promise<{ busy: number; waitedSeconds: number }> {
  let busy = await cpuBusyShare()
  const started = performance.now()
  while (busy > threshold && performance.now() - started < maxSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 4000))
    busy = await cpuBusyShare()
  }
  return { busy, waitedSeconds: Math.round((performance.now() - started) / 1000) }
}

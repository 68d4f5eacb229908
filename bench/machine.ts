import { execFileSync } from 'node:child_process'
import { availableParallelism, cpus, release, totalmem } from 'node:os'
import { join } from 'node:path'

/** What the numbers were measured on: results are only comparable on the same kind of machine. */
export interface MachineInfo {
  nproc: number
  cpuModel: string
  memTotalBytes: number
  freeH: string
  kernel: string
  node: string
  pgDump: string
  sha256sum: string
}

/** Collects the machine facts the Performance section reports. */
export function machineInfo(binDir: string): MachineInfo {
  const run = (file: string, args: string[]) => {
    try {
      return execFileSync(file, args, { encoding: 'utf8' }).trim()
    } catch {
      return 'unavailable'
    }
  }
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memTotalBytes: totalmem(),
    freeH: run('free', ['-h']),
    kernel: release(),
    node: process.version,
    pgDump: run(join(binDir, 'pg_dump'), ['--version']),
    sha256sum: run('sha256sum', ['--version']).split('\n')[0] ?? ''
  }
}

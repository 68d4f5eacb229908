import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fail, pass } from '../../src/drill/checks.js'
import { backupSetName } from '../../src/manifest/backup-set.js'
import { drillLogSchema, logHeader } from '../../src/report/drill-log.js'

// Stores for `status`, built file by file: sets by name (status reads names and
// sizes, never contents) and drill logs as the drill writes them.

export const HOUR = 3_600_000
export const DAY = 24 * HOUR
/** `ms` before the real clock (the CLI and the actions read it). */
export const ago = (ms: number) => new Date(Date.now() - ms)

/**
 * A set's three files; the dump has `size` bytes and the manifest only the
 * backup's timings (status reads names, sizes and durations, never contents).
 */
export async function writeSet(
  dir: string,
  at: Date,
  size = 1000,
  parts: Array<'.dump' | '.sha256' | '.manifest.json'> = ['.dump', '.sha256', '.manifest.json'],
  totalSeconds = 60,
  prefix = 'backup'
): Promise<string> {
  const name = backupSetName(prefix, at)
  const manifest = JSON.stringify({
    timings: { totalSeconds, dumpSeconds: totalSeconds * 0.8, inspectSeconds: totalSeconds * 0.5 }
  })
  for (const part of parts)
    await writeFile(
      path.join(dir, name + part),
      part === '.dump' ? Buffer.alloc(size, 1) : part === '.manifest.json' ? manifest : '{}'
    )
  return name
}

/** A drill log as the drill writes it (validated against its schema). */
export async function writeDrillLog(
  dir: string,
  startedAt: Date,
  passed: boolean,
  rtoSeconds = 120,
  rtoLimitMinutes = 60
): Promise<string> {
  await mkdir(dir, { recursive: true })
  const id = backupSetName('drill', startedAt)
  const checks = passed
    ? [pass('restore', 'restored')]
    : [fail('restore', 'restore-failed', 'pg_restore exited 1')]
  const log = drillLogSchema.parse({
    ...logHeader('drill', id, startedAt, rtoSeconds, checks),
    backup: { name: 'backup-x', origin: 'test' },
    target: 'localhost:5432/scratch',
    checks,
    rpo: { hours: 2, limitHours: 24, ok: true },
    rto: {
      seconds: rtoSeconds,
      limitMinutes: rtoLimitMinutes,
      ok: rtoSeconds <= rtoLimitMinutes * 60
    },
    restoreErrors: [],
    differences: []
  })
  await writeFile(path.join(dir, `${id}.json`), JSON.stringify(log))
  return id
}

/** A healthy folder: a daily set for 10 days (the newest 2 h old), a drill 5 days ago that passed. */
export async function healthyStore(
  tempDir: () => Promise<string>
): Promise<{ outDir: string; logDir: string; names: string[] }> {
  const outDir = await tempDir()
  const logDir = path.join(outDir, 'drill-logs')
  const names: string[] = []
  for (let day = 0; day < 10; day++) names.push(await writeSet(outDir, ago(2 * HOUR + day * DAY)))
  await writeDrillLog(logDir, ago(5 * DAY), true)
  return { outDir, logDir, names }
}

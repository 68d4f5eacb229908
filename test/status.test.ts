import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DEFAULT_RETENTION_POLICY } from '../src/retention/policy.js'
import { evaluateStatus, type StatusInput } from '../src/status/evaluate-status.js'
import { runActionStep } from './support/action-runner.js'
import { runCliCaptured } from './support/cli.js'
import {
  DAY,
  HOUR,
  ago,
  healthyStore as healthyStoreIn,
  writeDrillLog,
  writeSet
} from './support/status-store.js'

// The CLI and the action read the real clock (ago); the pure tests pin one (days do not roll over mid-test).
const NOW = new Date('2026-12-02T08:00:00Z')
const before = (ms: number) => new Date(NOW.getTime() - ms)

const tempDirs: string[] = []
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'status-test-'))
  tempDirs.push(dir)
  return dir
}
afterAll(async () => {
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true })
})
const healthyStore = () => healthyStoreIn(tempDir)

const status = (outDir: string, logDir: string, ...more: string[]) =>
  runCliCaptured(['status', '--out-dir', outDir, '--log-dir', logDir, '--json', ...more])

describe('status on folders built by the test (CLI)', () => {
  it('a fresh backup and a recent passing drill pass (exit 0)', async () => {
    const { outDir, logDir, names } = await healthyStore()
    const run = await status(outDir, logDir)
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(report.result).toBe('pass')
    expect(report.conditions).toEqual([])
    expect(report.backup.newest.name).toBe(names[0])
    expect(report.backup.newest.sizeBytes).toBe(1000)
    expect(report.drill.newest.result).toBe('pass')
    expect(report.checks.map((check: { status: string }) => check.status)).not.toContain('fail')
  })

  it('the human output is the summary table', async () => {
    const { outDir, logDir } = await healthyStore()
    const run = await runCliCaptured(['status', '--out-dir', outDir, '--log-dir', logDir])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('## Backup status: PASS')
    expect(run.stdout).toMatch(/\| backup-age \| ✅ pass \|/)
  })

  it('a backup older than rpo-hours escalates rpo-exceeded (exit 1)', async () => {
    const { outDir, logDir } = await healthyStore()
    const run = await status(outDir, logDir, '--rpo-hours', '1')
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout)
    expect(report.conditions).toEqual(['rpo-exceeded'])
    expect(report.checks.find((c: { name: string }) => c.name === 'backup-age').detail).toMatch(
      /2\.0 h old \(limit 1 h\)/
    )
  })

  it('no drill for 36 days escalates drill-overdue', async () => {
    const outDir = await tempDir()
    const logDir = path.join(outDir, 'drill-logs')
    await writeSet(outDir, ago(HOUR))
    await writeDrillLog(logDir, ago(36 * DAY), true)
    const run = await status(outDir, logDir)
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout)
    expect(report.conditions).toEqual(['drill-overdue'])
    expect(report.drill.newest.ageDays).toBeGreaterThan(35)
  })

  it('a failed last drill escalates drill-overdue even when it is recent', async () => {
    const { outDir, logDir } = await healthyStore()
    const id = await writeDrillLog(logDir, ago(DAY), false)
    const run = await status(outDir, logDir)
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout)
    expect(report.conditions).toEqual(['drill-overdue'])
    const drill = report.checks.find((c: { name: string }) => c.name === 'drill')
    expect(drill.detail).toContain(`the last drill ${id} failed (restore-failed)`)
  })

  it('no drill log at all escalates drill-overdue, saying where it looked', async () => {
    const outDir = await tempDir()
    await writeSet(outDir, ago(HOUR))
    const run = await status(outDir, path.join(outDir, 'nowhere'))
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout)
    expect(report.conditions).toEqual(['drill-overdue'])
    expect(report.drill.source).toContain('does not exist')
  })

  it('a 90 % size drop is a warning naming the set; the run still passes', async () => {
    const { outDir, logDir } = await healthyStore()
    const dropped = await writeSet(outDir, ago(HOUR), 100)
    const run = await status(outDir, logDir)
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout)
    const trend = report.checks.find((c: { name: string }) => c.name === 'size-trend')
    expect(trend.status).toBe('warn')
    expect(trend.detail).toContain(`${dropped} dropped to 10 %`)
    expect(report.sizeTrend).toMatchObject({ set: dropped, sizeBytes: 100, medianBytes: 1000 })
    expect(run.stderr).toContain(dropped)
  })

  it('an incomplete set is reported by name with what is missing', async () => {
    const { outDir, logDir } = await healthyStore()
    const partial = await writeSet(outDir, ago(HOUR), 1000, ['.dump'])
    const run = await status(outDir, logDir)
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(report.retention.incomplete).toEqual([
      expect.objectContaining({ name: partial, missing: ['.sha256', '.manifest.json'] })
    ])
    const check = report.checks.find((c: { name: string }) => c.name === 'incomplete-sets')
    expect(check).toMatchObject({ status: 'warn' })
    expect(check.detail).toContain(partial)
  })

  it.each([
    [['--rpo-hours', 'soon'], 'rpo-hours'],
    [['--drill-max-age-days', '-1'], 'drill-max-age-days'],
    [['--size-change-factor', '1'], 'size-change-factor'],
    [['--artifact-name', 'x'], 'out-dir']
  ])('bad input %j exits 2 naming %s', async (flags, input) => {
    const { outDir, logDir } = await healthyStore()
    const run = await status(outDir, logDir, ...flags)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`bad input: ${input}`)
  })

  it('no set of the prefix, but sets of another one: rpo-exceeded says which prefix to pass', async () => {
    // Before: "no complete backup set in directory ..." while the folder held a fresh backup
    // made with --prefix opta-supabase (status's default prefix is backup).
    const outDir = await tempDir()
    await writeSet(outDir, ago(2 * HOUR), 1000, undefined, 60, 'opta-supabase')
    const run = await status(outDir, path.join(outDir, 'drill-logs'))
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout) as { checks: Array<{ name: string; detail: string }> }
    expect(report.checks.find((check) => check.name === 'backup-age')?.detail).toBe(
      `no complete backup set with prefix backup in directory ${outDir}; it holds sets with prefix opta-supabase: pass that prefix (--prefix, the prefix input)`
    )
  })

  it('a history that began today: no daily or monthly set is due yet, and the summary says so', async () => {
    // Before: "Daily sets | 0 of the last 0 days", "0 of 0 daily, 0 of 0 monthly present".
    const outDir = await tempDir()
    await writeSet(outDir, new Date())
    const logDir = path.join(outDir, 'drill-logs')
    await writeDrillLog(logDir, ago(HOUR), true)
    const run = await runCliCaptured(['status', '--out-dir', outDir, '--log-dir', logDir])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('| Daily sets | none due yet: the first set is from today |')
    expect(run.stdout).toContain(
      '| Monthly sets | none due yet: the first set is from this month |'
    )
    expect(run.stdout).not.toMatch(/0 of the last 0|0 of 0/)
  })

  it('a missing folder is bad input (exit 2)', async () => {
    const run = await status('/nonexistent/backups', '/nonexistent/logs')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('out-dir')
  })
})

describe('status --report (HTML)', () => {
  it('writes one self-contained page with a point per backup and per drill of a 60-day history', async () => {
    const outDir = await tempDir()
    const logDir = path.join(outDir, 'drill-logs')
    for (let day = 0; day < 60; day++) await writeSet(outDir, ago(2 * HOUR + day * DAY), 1000 + day)
    await writeDrillLog(logDir, ago(3 * DAY), true)
    await writeDrillLog(logDir, ago(33 * DAY), false)
    const file = path.join(outDir, 'status.html')
    const run = await status(outDir, logDir, '--report', file, '--keep-daily', '60')
    expect(run.code).toBe(0)
    const html = await readFile(file, 'utf8')
    const chart = (name: string) =>
      html.match(new RegExp(`<svg data-chart="${name}"[\\s\\S]*?</svg>`))![0]
    const points = (name: string) => chart(name).match(/<circle /g)?.length ?? 0
    expect(points('size')).toBe(60)
    expect(points('duration')).toBe(60)
    expect(points('rpo')).toBe(59)
    expect(points('rto')).toBe(2)
    // The pass/fail timeline: every backup and drill on one axis, the failed drill red, no gap.
    expect(chart('timeline').match(/data-lane="backups"/g)).toHaveLength(60)
    expect(chart('timeline').match(/<circle class="(pass|fail)" data-lane="drills"/g)).toEqual([
      '<circle class="fail" data-lane="drills"',
      '<circle class="pass" data-lane="drills"'
    ])
    expect(chart('timeline')).not.toContain('class="gap"')
    expect(chart('rto').match(/class="fail"/g)).toHaveLength(1)
    expect(chart('rto').match(/class="budget"/g)).toHaveLength(2)
    // One calendar cell per day; keep-daily 60 keeps every one of the 60 backup days.
    const cells = chart('calendar').match(/<rect class="day (\w+)"/g)!
    expect(cells.filter((cell) => !cell.includes('none'))).toHaveLength(60)
    expect(cells.filter((cell) => cell.includes('expiring'))).toHaveLength(0)
    // Self-contained: no script, no external asset.
    expect(html).not.toMatch(/<script|<link|src=|href=/)
    expect(html).toContain('Backup status: PASS')
  })
})

describe('status --report: pass/fail timeline', () => {
  it('marks each stretch longer than the RPO without a backup, up to the check (rpo-exceeded)', async () => {
    const outDir = await tempDir()
    const logDir = path.join(outDir, 'drill-logs')
    // Backups 9, 8.5, 5 and 2 days ago: 8.5 -> 5, 5 -> 2 and 2 -> now exceed 24 h, 9 -> 8.5 does not.
    for (const days of [9, 8.5, 5, 2]) await writeSet(outDir, ago(days * DAY))
    await writeDrillLog(logDir, ago(7 * DAY), true)
    const file = path.join(outDir, 'status.html')
    const run = await status(outDir, logDir, '--report', file)
    expect(run.code).toBe(1) // rpo-exceeded: the newest backup is 48 h old
    const html = await readFile(file, 'utf8')
    const timeline = html.match(/<svg data-chart="timeline"[\s\S]*?<\/svg>/)![0]
    expect(timeline.match(/data-lane="backups"/g)).toHaveLength(4)
    expect(timeline.match(/data-lane="drills"/g)).toHaveLength(1)
    const gaps = [...timeline.matchAll(/<rect class="gap"[^>]*><title>([^<]*)<\/title>/g)].map(
      (match) => match[1]!
    )
    expect(gaps).toEqual([
      expect.stringMatching(/: 84 h without a backup \(RPO 24 h\)$/),
      expect.stringMatching(/: 72 h without a backup \(RPO 24 h\)$/),
      expect.stringMatching(/to the check: 48 h without a backup \(RPO 24 h\)$/)
    ])
  })
})

describe('status --report: where the page goes', () => {
  it('a report path in folders that do not exist yet: they are created, the page written', async () => {
    const { outDir, logDir } = await healthyStore()
    const file = path.join(await tempDir(), 'reports', 'daily', 'status.html')
    const run = await status(outDir, logDir, '--report', file)
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 0,
      stderr: expect.not.stringContaining('ENOENT')
    })
    expect(await readFile(file, 'utf8')).toContain('Backup status: PASS')
  })

  it('a report path that is a folder, or under a file, is bad input (exit 2) before the store is read', async () => {
    // Before: ENOENT / EISDIR as `error:` with exit 1, after listing the store and the drill logs.
    const { outDir, logDir } = await healthyStore()
    const folder = await tempDir()
    const asFolder = await status(outDir, logDir, '--report', folder)
    expect({ code: asFolder.code, stderr: asFolder.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining(`bad input: report: ${folder} is a folder`)
    })
    expect(asFolder.stderr).not.toContain('List backup sets')
    const underFile = await status(
      outDir,
      logDir,
      '--report',
      path.join(
        outDir,
        (await readdir(outDir)).find((name) => name.endsWith('.dump'))!,
        'r.html'
      )
    )
    expect({ code: underFile.code, stderr: underFile.stderr }).toEqual({
      code: 2,
      stderr: expect.stringMatching(/bad input: report: .*is a file, not a folder/)
    })
    expect(underFile.stderr).not.toContain('List backup sets')
  })
})

describe('evaluateStatus (pure)', () => {
  const base = (over: Partial<StatusInput> = {}): StatusInput => ({
    now: NOW,
    store: 'directory test',
    sets: [],
    incomplete: [],
    problems: [],
    drillSource: 'folder logs',
    drills: [
      {
        id: 'drill-1',
        startedAt: before(DAY),
        finishedAt: before(DAY),
        result: 'pass',
        escalations: [],
        origin: 'x'
      }
    ],
    drillProblems: [],
    policy: { ...DEFAULT_RETENTION_POLICY },
    limits: { rpoHours: 24, drillMaxAgeDays: 35, sizeChangeFactor: 2 },
    ...over
  })
  const daily = (days: number, size = 1000) =>
    Array.from({ length: days }, (_, day) => ({
      name: `backup-${day}`,
      createdAt: before(2 * HOUR + day * DAY),
      sizeBytes: size
    }))

  it('an empty store escalates rpo-exceeded', () => {
    const report = evaluateStatus(base())
    expect(report.conditions).toEqual(['rpo-exceeded'])
    expect(report.checks[0]!.detail).toContain('no complete backup set in directory test')
  })

  it('a missed day inside the daily window is a retention warning naming the day', () => {
    const sets = daily(10).filter((set) => set.name !== 'backup-4')
    const report = evaluateStatus(base({ sets }))
    expect(report.result).toBe('pass')
    const retention = report.checks.find((check) => check.name === 'retention')!
    expect(retention.status).toBe('warn')
    expect(report.retention.daily!.missing).toEqual([
      before(2 * HOUR + 4 * DAY)
        .toISOString()
        .slice(0, 10)
    ])
  })

  it('a young history is not missing the days before its first backup', () => {
    const report = evaluateStatus(base({ sets: daily(3) }))
    expect(report.retention.daily).toEqual({ expected: 2, present: 2, missing: [] })
    expect(report.checks.find((check) => check.name === 'retention')!.status).toBe('pass')
  })

  it('sets beyond the policy say prune is not applied', () => {
    const report = evaluateStatus(
      base({ sets: daily(10), policy: { ...DEFAULT_RETENTION_POLICY, daily: 3, monthly: 0 } })
    )
    expect(report.retention.beyondPolicy).toHaveLength(7)
    expect(report.checks.find((check) => check.name === 'retention')!.detail).toContain(
      'is prune running?'
    )
  })

  it('a size jump beyond the factor warns; within it passes', () => {
    const sets = daily(8)
    sets[0]!.sizeBytes = 3000
    expect(evaluateStatus(base({ sets })).checks.find((c) => c.name === 'size-trend')!.status).toBe(
      'warn'
    )
    sets[0]!.sizeBytes = 1500
    expect(evaluateStatus(base({ sets })).checks.find((c) => c.name === 'size-trend')!.status).toBe(
      'pass'
    )
  })
})

describe('status sub-action', () => {
  it('fails with one annotation per condition and reports outputs and summary', async () => {
    const outDir = await tempDir()
    const logDir = path.join(outDir, 'logs')
    await writeSet(outDir, ago(30 * HOUR))
    const step = await runActionStep('src/actions/entries/status.ts', {
      inputs: { 'out-dir': outDir, 'log-dir': logDir }
    })
    expect(step.exitCode).toBe(1)
    expect(step.outputs.result).toBe('fail')
    expect(step.outputs.conditions).toBe('rpo-exceeded,drill-overdue')
    expect(step.annotations.map((a) => a.title)).toEqual(
      expect.arrayContaining(['ESCALATE: rpo-exceeded', 'ESCALATE: drill-overdue'])
    )
    expect(step.summary).toContain('## Backup status: FAIL')
    expect(JSON.parse(step.outputs.json!).backup.count).toBe(1)
  })

  it('passes on a healthy folder', async () => {
    const { outDir, logDir } = await healthyStore()
    const step = await runActionStep('src/actions/entries/status.ts', {
      inputs: { 'out-dir': outDir, 'log-dir': logDir }
    })
    expect(step.exitCode).toBe(0)
    expect(step.outputs.result).toBe('pass')
    expect(step.annotations.filter((a) => a.kind === 'error')).toEqual([])
    // The summary carries the report's numbers: a row per backup and per drill.
    expect(step.summary).toContain('<details><summary>History: 10 backups, 1 drills')
    expect(step.summary.match(/^\| `backup-\d{8}-\d{6}` \|/gm)).toHaveLength(10)
    expect(step.summary).toMatch(
      /^\| `drill-\d{8}-\d{6}` \| .* \| ✅ pass \| 2\.0 \| 60 \| ✅ \|$/m
    )
    // No artifact service in this job (no ACTIONS_RUNTIME_TOKEN): the report upload is a warning, the status stands.
    expect(step.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'warning', title: 'Backup status: report not uploaded' })
      ])
    )
    expect(step.summary).toContain('⚠️ The HTML report was not uploaded: artifact status-report-')
    expect(step.outputs['report-url']).toBe('')
  })

  it('report-artifact false uploads nothing and says nothing about it', async () => {
    const { outDir, logDir } = await healthyStore()
    const step = await runActionStep('src/actions/entries/status.ts', {
      inputs: { 'out-dir': outDir, 'log-dir': logDir, 'report-artifact': 'false' }
    })
    expect(step.exitCode).toBe(0)
    expect(step.annotations.filter((a) => a.kind === 'warning')).toEqual([])
    expect(step.summary).not.toContain('HTML report')
  })
})

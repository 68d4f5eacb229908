import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { createMemoryLogger } from '../src/log/logger.js'
import { backupSetName } from '../src/manifest/backup-set.js'
import { runActionStep, type ActionStep } from './support/action-runner.js'
import { artifactClientEnv, type EmulatedRun } from './support/artifact-emulator.js'
import { useArtifactEmulator } from './support/emulator-fixture.js'
import { DAY, HOUR, ago, writeDrillLog } from './support/status-store.js'

// status on the ARTIFACT store, end to end: the status sub-action (source entry, as a
// runner runs it) lists backups uploaded as artifacts (`<prefix>-<stamp>` per set and a
// fixed name per run, dated by created_at) and reads the newest drill-log-* artifact,
// through the real @actions/artifact and Octokit clients against the local emulator with
// Azurite; then it uploads its HTML report as an artifact of its own run and links it in
// the job summary. Nothing leaves the loopback interface.

type ArtifactStore = typeof import('../src/storage/artifact-store.js')

const { emu, work, actAs } = useArtifactEmulator('status-artifacts-')
let store: ArtifactStore

beforeAll(async () => {
  actAs(emu().registerRun())
  // Imported once the env points at the emulator (@actions/github reads GITHUB_API_URL on import).
  store = await import('../src/storage/artifact-store.js')
}, 120_000)

/** A backup artifact of its own run: `bytes` long (status reads sizes from the listing, never the zip). */
function seedBackup(name: string, createdAt: Date, bytes: number) {
  return emu().seedArtifact({
    name,
    run: emu().registerRun(),
    createdAt,
    bytes: Buffer.alloc(bytes, 7)
  })
}

/**
 * A daily history of `days` backups under `name`, the newest `newestAgo` old: the older
 * half one artifact per set (`<name>-<stamp>`), the newer half the fixed name (one per run).
 */
async function seedHistory(name: string, days: number, newestAgo: number, size = 20_000) {
  for (let day = days - 1; day >= 0; day--) {
    const at = ago(newestAgo + day * DAY)
    if (day >= days / 2) await seedBackup(backupSetName(name, at), new Date(), size + day)
    else await seedBackup(name, at, size + day)
  }
}

/** Uploads a drill log the way the drill does (artifact `drill-log-<id>`, by a run of its own). */
async function uploadDrillLog(startedAt: Date, passed: boolean): Promise<string> {
  const dir = await mkdtemp(path.join(work, 'drill-log-'))
  const id = await writeDrillLog(dir, startedAt, passed, 20 * 60)
  actAs(emu().registerRun())
  await store.uploadBackupArtifact({
    name: `drill-log-${id}`,
    files: [path.join(dir, `${id}.json`)],
    retentionDays: 90,
    logger: createMemoryLogger()
  })
  return id
}

/** The status sub-action as one job of a new run. */
async function status(
  inputs: Record<string, string>
): Promise<{ step: ActionStep; run: EmulatedRun }> {
  const run = emu().registerRun({ workflowFile: 'backup-watch.yml' })
  const step = await runActionStep('src/actions/entries/status.ts', {
    inputs: { 'github-token': emu().apiToken, ...inputs },
    env: artifactClientEnv(emu(), run),
    workDir: work
  })
  return { step, run }
}

const reportArtifacts = () =>
  emu()
    .artifacts()
    .filter((artifact) => artifact.name.startsWith('status-report-'))

describe('status sub-action on the artifact store (emulator)', () => {
  it('passes on fresh backups and a recent passing drill; uploads the report and links it', async () => {
    await seedHistory('app', 10, 2 * HOUR)
    await uploadDrillLog(ago(4 * DAY), true)
    const before = reportArtifacts().length

    const { step, run } = await status({ 'artifact-name': 'app' })
    expect(step.exitCode).toBe(0)
    expect(step.outputs.result).toBe('pass')
    const report = JSON.parse(step.outputs.json!)
    expect(report.backup.count).toBe(10)
    // Five fixed-name sets (named by their run) and five `<prefix>-<stamp>` ones.
    expect(
      report.history.sets.filter((set: { name: string }) => set.name.startsWith('app (run '))
    ).toHaveLength(5)
    expect(
      report.history.sets.every((set: { sizeBytes?: number }) => set.sizeBytes! >= 20_000)
    ).toBe(true)
    expect(report.drill.newest.origin).toMatch(/^artifact drill-log-drill-\d{8}-\d{6} of run \d+$/)

    // The report: one new artifact of this very run, linked from the summary and the output.
    const uploaded = reportArtifacts().slice(before)
    expect(uploaded).toHaveLength(1)
    const artifact = uploaded[0]!
    expect(artifact.runId).toBe(run.runId)
    expect(artifact.finalized).toBe(true)
    const url = `http://github.localhost/${emu().repository}/actions/runs/${run.runId}/artifacts/${artifact.id}`
    expect(step.outputs['report-url']).toBe(url)
    expect(step.summary).toContain(
      `📊 HTML report (charts, retention calendar): [${artifact.name}](${url})`
    )
    expect(step.annotations.filter((a) => a.kind === 'warning')).toEqual([])
    // And the numbers as a table: one row per backup.
    expect(step.summary).toContain('<details><summary>History: 10 backups, 1 drills')
    expect(step.summary.match(/^\| `app(-\d{8}-\d{6}| \(run \d+\))` \|/gm)).toHaveLength(10)

    // What was uploaded is the report: downloaded through the real client, it has the charts.
    const into = await mkdtemp(path.join(work, 'report-'))
    await store.downloadBackupArtifact({
      name: artifact.name,
      destination: into,
      runId: run.runId,
      repository: emu().repository,
      token: emu().apiToken,
      logger: createMemoryLogger()
    })
    expect(await readdir(into)).toEqual(['backup-status.html'])
    const html = await readFile(path.join(into, 'backup-status.html'), 'utf8')
    expect(html).toContain('Backup status: PASS')
    expect(html.match(/<svg data-chart="size"[\s\S]*?<\/svg>/)![0].match(/<circle /g)).toHaveLength(
      10
    )
    expect(html.match(/<rect class="day /g)!.length).toBeGreaterThanOrEqual(10)
  })

  it('escalates rpo-exceeded when the newest artifact backup is older than rpo-hours', async () => {
    await seedHistory('stale', 4, 30 * HOUR)
    const { step } = await status({ 'artifact-name': 'stale' })
    expect(step.exitCode).toBe(1)
    expect(step.outputs.conditions).toBe('rpo-exceeded')
    expect(step.annotations.map((a) => a.title)).toContain('ESCALATE: rpo-exceeded')
    expect(step.summary).toContain('## Backup status: FAIL')
    // The report is uploaded and linked on a failing status too.
    expect(step.outputs['report-url']).toMatch(/\/artifacts\/\d+$/)
  })

  it('escalates drill-overdue when the newest drill-log artifact failed, or is 40 days old', async () => {
    await uploadDrillLog(ago(2 * DAY), false)
    const failed = await status({ 'artifact-name': 'app' })
    expect(failed.step.exitCode).toBe(1)
    expect(failed.step.outputs.conditions).toBe('drill-overdue')
    expect(failed.step.summary).toMatch(/the last drill drill-\d{8}-\d{6} failed/)

    await uploadDrillLog(ago(40 * DAY), true)
    const old = await status({ 'artifact-name': 'app' })
    expect(old.step.exitCode).toBe(1)
    expect(old.step.outputs.conditions).toBe('drill-overdue')
    expect(old.step.summary).toMatch(/passed 40\.\d days ago \(limit 35 days\): drill again/)
  })

  it('an upload that the artifact service refuses is a warning; the status result stands', async () => {
    const run = emu().registerRun()
    const step = await runActionStep('src/actions/entries/status.ts', {
      inputs: { 'github-token': emu().apiToken, 'artifact-name': 'app' },
      // Listing works (REST token), the upload's runtime token is not one the service knows.
      env: { ...artifactClientEnv(emu(), run), ACTIONS_RUNTIME_TOKEN: 'not-a-runtime-token' },
      workDir: work
    })
    expect(step.outputs.conditions).toBe('drill-overdue') // the newest drill log is 40 days old
    expect(step.exitCode).toBe(1)
    expect(step.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'warning', title: 'Backup status: report not uploaded' })
      ])
    )
    expect(step.outputs['report-url']).toBe('')
    expect(step.summary).toContain('⚠️ The HTML report was not uploaded')
  })
})

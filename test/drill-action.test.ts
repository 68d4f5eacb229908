import { beforeAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, join, resolve } from 'node:path'
import type { DrillLog } from '../src/report/drill-log.js'
import { leaks, runActionStep, type ActionStep, type Annotation } from './support/action-runner.js'
import { artifactClientEnv, type EmulatedRun } from './support/artifact-emulator.js'
import { createDatabase, createFixtureDatabase } from './support/database.js'
import { useArtifactEmulator } from './support/emulator-fixture.js'
import { storedZip } from './support/stored-zip.js'

// Issue 6 "Cross-run artifacts", end to end with the real clients: the BUILT
// backup action (dist/backup.js) uploads a backup as an artifact of a backup.yml
// run; the BUILT drill action (dist/drill.js), as a job of another run, finds the
// newest successful backup.yml run through the REST API, downloads the artifact
// with findBy, checks its digest and the backup's sha256, restores it into a fresh
// scratch database and uploads its drill log. Azurite + the local emulator stand in
// for GitHub; the actions run as child processes with the env a runner gives them.

const ROOT = resolve('.')
const ARTIFACT = 'opta-supabase-backup'

const { emu, work } = useArtifactEmulator('backup-drill-action-')
let source: string
let backupRun: EmulatedRun
let backup: ActionStep

/** Runs a built action (`dist/<entry>.js`) as one job of `run`, the way a runner would. */
function runBuiltAction(
  entry: 'backup' | 'drill' | 'verify',
  run: EmulatedRun,
  inputs: Record<string, string>
): Promise<ActionStep> {
  return runActionStep(`dist/${entry}.js`, {
    inputs,
    env: artifactClientEnv(emu(), run),
    workDir: work
  })
}

/** Titles of the escalation annotations, in order. */
const escalationTitles = (run: ActionStep): string[] =>
  run.annotations.flatMap((a) =>
    a.kind === 'error' && a.title?.startsWith('ESCALATE: ') ? [a.title] : []
  )

/** The annotation with this kind and title (exactly one). */
function annotation(run: ActionStep, kind: string, title: string | undefined): Annotation {
  const found = run.annotations.filter((a) => a.kind === kind && a.title === title)
  expect(found).toHaveLength(1)
  return found[0]!
}

/**
 * stderr lines other than Node's deprecation notice for `new Buffer()`, which the
 * artifact client's unzip dependency triggers on every download (not our code).
 */
const unexpectedStderr = (run: ActionStep): string[] =>
  run.stderr
    .split('\n')
    .filter((line) => line !== '')
    .filter(
      (line) => !/\[DEP0005\] DeprecationWarning: Buffer\(\)|node --trace-deprecation/.test(line)
    )

/** A port nothing listens on: a webhook that cannot be reached. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

async function drill(run: EmulatedRun, inputs: Record<string, string> = {}) {
  const scratch = await createDatabase('scratch')
  const result = await runBuiltAction('drill', run, {
    'scratch-db-url': scratch,
    'db-url': source,
    'artifact-name': ARTIFACT,
    'github-token': emu().apiToken,
    jobs: '2',
    ...inputs
  })
  const log = existsSync(result.outputs['log-path'] ?? '')
    ? (JSON.parse(await readFile(result.outputs['log-path']!, 'utf8')) as DrillLog)
    : undefined
  return { ...result, scratch, log }
}

const secretsOf = (...urls: string[]): string[] => [
  ...urls.flatMap((url) => [url, decodeURIComponent(new URL(url).password)]),
  emu().apiToken
]

beforeAll(async () => {
  for (const entry of ['backup', 'drill', 'verify']) {
    if (!existsSync(join(ROOT, 'dist', `${entry}.js`))) {
      throw new Error(`dist/${entry}.js is missing: run npm run bundle before this test`)
    }
  }
  source = await createFixtureDatabase({ users: 10 })
  backupRun = emu().registerRun({ workflowFile: 'backup.yml' })
  backup = await runBuiltAction('backup', backupRun, {
    'db-url': source,
    schemas: 'public,auth',
    'content-hash': 'true',
    'artifact-name': ARTIFACT
  })
  // Newer runs the drill must pass over: a failed backup run, and another workflow's run.
  emu().registerRun({ workflowFile: 'backup.yml', conclusion: 'failure' })
  emu().registerRun({ workflowFile: 'ci.yml' })
}, 180_000)

describe('backup action -> drill action through GitHub artifacts (built dist, real clients)', () => {
  it('the built backup action uploads the set as an artifact of its run', () => {
    expect({ exitCode: backup.exitCode, stderr: backup.stderr }).toEqual({
      exitCode: 0,
      stderr: ''
    })
    const [artifact] = emu().artifacts()
    expect(artifact).toMatchObject({ name: ARTIFACT, runId: backupRun.runId, finalized: true })
    expect(backup.outputs['artifact-id']).toBe(String(artifact!.id))
    expect(backup.outputs.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(leaks(backup, secretsOf(source))).toEqual([])
  })

  it('passes: finds the newest successful backup run, verifies, restores, uploads its log', async () => {
    const drillRun = emu().registerRun({ workflowFile: 'restore-drill.yml' })
    const before = emu().requests.length
    const run = await drill(drillRun, {
      'smoke-command':
        'psql "$SCRATCH_DB_URL" -v ON_ERROR_STOP=1 -Atc "select count(*) from public.api_keys"'
    })
    expect({ exitCode: run.exitCode, stderr: unexpectedStderr(run) }).toEqual({
      exitCode: 0,
      stderr: []
    })
    expect(run.outputs.result).toBe('pass')
    expect(run.outputs.escalations).toBe('')
    expect(Number(run.outputs['rto-seconds'])).toBeGreaterThan(0)
    expect(Number(run.outputs['rpo-hours'])).toBeLessThan(1)
    expect(escalationTitles(run)).toEqual([])

    // Found through the REST API (no run-id given), downloaded across runs with findBy.
    const requests = emu().requests.slice(before)
    expect(requests).toContain(`GET /repos/${emu().repository}/actions/workflows/backup.yml/runs`)
    expect(requests).toContain(
      `GET /repos/${emu().repository}/actions/runs/${backupRun.runId}/artifacts`
    )
    const log = run.log!
    expect(log.result).toBe('pass')
    expect(log.backup.origin).toContain(`of run ${backupRun.runId}`)
    expect(log.backup.sha256).toBe(backup.outputs.sha256)
    const statuses = Object.fromEntries(log.checks.map((check) => [check.name, check.status]))
    expect(statuses).toMatchObject({
      'artifact digest': 'pass',
      checksum: 'pass',
      restore: 'pass',
      'row counts': 'pass',
      'content hashes': 'pass',
      smoke: 'pass'
    })
    expect(log.smoke?.output.trim()).toBe('10')

    // The job summary is the drill log's markdown, with the checks table.
    expect(run.summary).toContain(`## Restore drill \`${log.id}\`: PASS`)
    expect(run.summary).toContain('| Check | Result | Detail |')
    expect(run.summary).toMatch(/\| row counts \| ✅ pass \|/)

    // The log went up as drill-log-<id>, an artifact of the drill's own run.
    const uploaded = emu()
      .artifacts()
      .filter((artifact) => artifact.runId === drillRun.runId)
    expect(uploaded.map((artifact) => artifact.name)).toEqual([`drill-log-${log.id}`])
    const zip = await emu().readArtifactBytes(uploaded[0]!.id)
    expect(zip.includes(Buffer.from(`${log.id}.json`))).toBe(true)
    expect(zip.includes(Buffer.from(`${log.id}.md`))).toBe(true)
    expect(run.outputs['log-path']).toBe(
      join(resolve(run.outputs['log-path']!, '..'), `${log.id}.json`)
    )
    expect(run.outputs['log-path']).toContain(`${join('runner-temp', 'drill-logs')}`)

    // Secrets: masked the moment they are read, never printed, never in the log or summary.
    const secrets = [...secretsOf(source, run.scratch), drillRun.runtimeToken]
    expect(leaks(run, secrets)).toEqual([])
    const lines = run.stdout.split('\n')
    const maskedScratch = lines.indexOf(`::add-mask::${run.scratch}`)
    expect(maskedScratch).toBeGreaterThanOrEqual(0)
    expect(maskedScratch).toBeLessThan(lines.findIndex((line) => line.startsWith('::group::')))
    expect(lines).toContain(`::add-mask::${emu().apiToken}`)
    const written = `${run.summary}${await readFile(run.outputs['log-path']!, 'utf8')}`
    expect(secrets.filter((secret) => written.includes(secret))).toEqual([])
  })

  it('the built verify action proves the artifact intact without restoring it', async () => {
    const run = await runBuiltAction('verify', emu().registerRun({ workflowFile: 'verify.yml' }), {
      'artifact-name': ARTIFACT,
      'github-token': emu().apiToken
    })
    expect({ exitCode: run.exitCode, stderr: unexpectedStderr(run) }).toEqual({
      exitCode: 0,
      stderr: []
    })
    expect(run.outputs).toMatchObject({
      result: 'pass',
      escalations: '',
      sha256: backup.outputs.sha256
    })
    expect(run.summary).toContain('| checksum | pass |')
    expect(escalationTitles(run)).toEqual([])
    expect(leaks(run, [emu().apiToken])).toEqual([])
  })

  it('a backup that cannot be fetched escalates backup-unreadable (drill and verify)', async () => {
    const missing = { 'artifact-name': 'no-such-backup', 'github-token': emu().apiToken }
    const drillRun = await drill(emu().registerRun({ workflowFile: 'restore-drill.yml' }), missing)
    const verifyRun = await runBuiltAction(
      'verify',
      emu().registerRun({ workflowFile: 'verify.yml' }),
      missing
    )
    for (const run of [drillRun, verifyRun]) {
      expect(run.exitCode).toBe(1)
      expect(run.outputs).toMatchObject({ result: 'fail', escalations: 'backup-unreadable' })
      expect(annotation(run, 'error', 'ESCALATE: backup-unreadable').message).toMatch(
        /^the backup could not be fetched: Could not download artifact "no-such-backup" from run \d+/
      )
    }
    expect(drillRun.summary).toContain('escalate: backup-unreadable')
  })

  it('an RTO budget of 0 fails with an ESCALATE annotation, opens the escalation issue, and an unreachable webhook is only a warning', async () => {
    const drillRun = emu().registerRun({ workflowFile: 'restore-drill.yml' })
    const webhook = `http://127.0.0.1:${await closedPort()}/hooks/${randomBytes(8).toString('hex')}`
    const run = await drill(drillRun, {
      'rto-minutes': '0',
      'escalation-issue': 'true',
      'webhook-url': webhook
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect(run.outputs.escalations).toBe('rto-exceeded')
    expect(escalationTitles(run)).toEqual(['ESCALATE: rto-exceeded'])
    expect(annotation(run, 'error', 'ESCALATE: rto-exceeded').message).toMatch(
      /^rto: .*over the 0 min RTO/
    )
    expect(annotation(run, 'error', undefined).message).toMatch(
      /^Restore drill failed: escalate rto-exceeded/
    )
    expect(annotation(run, 'warning', 'Escalation notice not sent').message).toMatch(/^webhook: /)
    expect(run.summary).toContain('FAIL ❌ — escalate: rto-exceeded')

    // The log is still written and uploaded for a failed drill.
    expect(run.log?.escalations).toEqual(['rto-exceeded'])
    expect(
      emu()
        .artifacts()
        .filter((a) => a.runId === drillRun.runId)
    ).toHaveLength(1)

    const issues = emu().issues()
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ number: 1, state: 'open', labels: ['backup-escalation'] })
    expect(issues[0]!.title).toContain('rto-exceeded')
    expect(issues[0]!.body).toContain('`rto-exceeded`')
    expect(issues[0]!.body).toContain(`/actions/runs/${drillRun.runId}`)
    expect(issues[0]!.body).toContain('| Check | Result | Detail |')

    const secrets = [...secretsOf(source, run.scratch), webhook, drillRun.runtimeToken]
    expect(leaks(run, secrets)).toEqual([])
    expect(secrets.filter((secret) => issues[0]!.body.includes(secret))).toEqual([])
  })

  it('a corrupted artifact fails as checksum-mismatch through the digest, restores nothing, and comments on the open issue', async () => {
    const [stored] = emu().artifacts()
    // A valid zip of the same three files with one flipped byte in the dump: it extracts
    // cleanly, so only the digest GitHub recorded and the backup's sha256 can tell.
    const paths = [backup.outputs['backup-path']!, backup.outputs['manifest-path']!]
    paths.push(paths[0]!.replace(/\.dump$/, '.sha256'))
    const entries = await Promise.all(
      paths.map(async (path) => ({ name: basename(path), bytes: await readFile(path) }))
    )
    const dump = entries[0]!.bytes
    const middle = Math.floor(dump.length / 2)
    dump[middle] = dump[middle]! ^ 0x01
    await emu().replaceArtifactBytes(stored!.id, storedZip(entries))

    const drillRun = emu().registerRun({ workflowFile: 'restore-drill.yml' })
    const run = await drill(drillRun, { 'escalation-issue': 'true' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('fail')
    expect((run.outputs.escalations ?? '').split(',')).toContain('checksum-mismatch')
    const titles = escalationTitles(run)
    expect(titles).toContain('ESCALATE: checksum-mismatch')
    // One annotation per condition, each exactly once.
    expect(titles).toEqual((run.outputs.escalations ?? '').split(',').map((c) => `ESCALATE: ${c}`))
    expect(annotation(run, 'error', 'ESCALATE: checksum-mismatch').message).toMatch(
      /^artifact digest: the downloaded artifact does not match/
    )
    const statuses = Object.fromEntries(run.log!.checks.map((check) => [check.name, check.status]))
    expect(statuses).toMatchObject({ 'artifact digest': 'fail', checksum: 'fail', restore: 'skip' })

    const issues = emu().issues()
    expect(issues).toHaveLength(1)
    expect(issues[0]!.comments).toHaveLength(1)
    expect(issues[0]!.comments[0]).toContain('`checksum-mismatch`')

    const verified = await runBuiltAction(
      'verify',
      emu().registerRun({ workflowFile: 'verify.yml' }),
      {
        'artifact-name': ARTIFACT,
        'github-token': emu().apiToken
      }
    )
    expect(verified.exitCode).toBe(1)
    expect(verified.outputs.result).toBe('fail')
    expect(verified.outputs.sha256).not.toBe(backup.outputs.sha256)
    expect(escalationTitles(verified)).toContain('ESCALATE: checksum-mismatch')
    expect(leaks(run, [...secretsOf(source, run.scratch), drillRun.runtimeToken])).toEqual([])
  })
  // Issue 14: the README's daily backup without artifact-name uploads `opta-supabase-<stamp>`,
  // and the monthly drill's `artifact-name: opta-supabase` must find it (it found only the exact name).
  it('a backup with prefix opta-supabase and no artifact-name is found by the drill with artifact-name opta-supabase (newest successful run, REST)', async () => {
    const run = emu().registerRun({ workflowFile: 'backup.yml' })
    const stamped = await runBuiltAction('backup', run, {
      'db-url': source,
      schemas: 'public,auth',
      prefix: 'opta-supabase'
    })
    expect({ exitCode: stamped.exitCode, stderr: stamped.stderr }).toEqual({
      exitCode: 0,
      stderr: ''
    })
    const setName = basename(stamped.outputs['backup-path']!, '.dump')
    expect(setName).toMatch(/^opta-supabase-\d{8}-\d{6}$/)
    const uploaded = emu()
      .artifacts()
      .filter((artifact) => artifact.runId === run.runId)
    expect(uploaded.map((artifact) => artifact.name)).toEqual([setName])

    const drilled = await drill(emu().registerRun({ workflowFile: 'restore-drill.yml' }), {
      'artifact-name': 'opta-supabase'
    })
    expect({ exitCode: drilled.exitCode, stderr: unexpectedStderr(drilled) }).toEqual({
      exitCode: 0,
      stderr: []
    })
    expect(drilled.outputs.result).toBe('pass')
    expect(drilled.stdout).toContain(
      `No artifact named "opta-supabase" from run ${run.runId} of ${emu().repository}: taking "${setName}"`
    )
    expect(drilled.log?.backup.origin).toBe(
      `artifact ${setName} of run ${run.runId} (id ${uploaded[0]!.id})`
    )
    expect(drilled.log?.backup.sha256).toBe(stamped.outputs.sha256)
  })
})

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, join, resolve } from 'node:path'
import pg from 'pg'
import type { DrillLog } from '../src/report/drill-log.js'
import { startCluster } from '../src/sandbox/cluster.js'
import { leaks } from './support/action-runner.js'
import type { EmulatedRun } from './support/artifact-emulator.js'
import { createDatabase } from './support/database.js'
import { useArtifactEmulator } from './support/emulator-fixture.js'
import { asPlatformPostgres, createPlatformDatabase } from './support/platform.js'
import { interpolate } from './support/workflow-expressions.js'
import {
  checkWorkflowShape,
  ourAction,
  parseWorkflow,
  permissionsNeeded,
  runWorkflowJob,
  type EmulatedService,
  type ExpressionTable,
  type JobResult,
  type StepResult,
  type Workflow
} from './support/workflow-runner.js'

// Issue 14 "The documented path is the tested path": the README's "Set up" snippets and the
// repository's workflow files, run in order as a new repository would run them: backup ->
// prune -> drill -> status, then the restore drill and the production restore by run id.
// Every step that is ours runs the BUILT action (dist/<action>.js, as a runner runs it:
// `your-org/backup-drill/drill@v0` and `./drill` both mean the local dist/drill.js) against
// the artifact emulator (Azurite + the twirp/REST emulator) and the test PostgreSQL server.
// Each workflow run is an EmulatedRun, so a drill finds its backup through the REST
// "newest successful run of backup.yml" path. Every `${{ }}` comes from the table below (a
// name it lacks fails the run); steps that are not ours must be on workflow-runner's allow-list.

const ROOT = resolve('.')
const WORKFLOWS = ['backup.yml', 'restore-drill.yml', 'backup-watch.yml', 'production-restore.yml']
const { emu, work } = useArtifactEmulator('backup-drill-snippets-')

/** What actions/checkout brings into the workspace: the new repository's own files. */
const REPOSITORY_FILES: Record<string, string> = {
  // The README drill's smoke-command: the SOP's cross-app auth smoke, reduced to "users are readable".
  'tests/cross-app-auth-smoke.sh': [
    '#!/bin/sh',
    'set -eu',
    'users=$(psql "$SCRATCH_DB_URL" -v ON_ERROR_STOP=1 -Atc "select count(*) from auth.users")',
    'echo "auth.users: $users"',
    'test "$users" -gt 0',
    ''
  ].join('\n'),
  // restore-drill.yml's vars.OPTA_VALIDATION_SQL.
  'tests/validation.sql': 'select count(*) > 0 from auth.users;\n'
}

let production: string
let productionDatabase: string
let scratch: string
let keys: { identity: string; recipient: string }
let pings: Server
let pingUrl: string
const pinged: string[] = []
/** Emulated service containers started so far (each stopped with its job). */
const servicesStarted: string[] = []

/** The test's table of `${{ secrets.* }}`, `${{ vars.* }}` and `${{ github.* }}`; '' = not set. */
function table(overrides: { secrets?: Record<string, string> } = {}): ExpressionTable {
  return {
    secrets: {
      OPTA_SUPABASE_DB_URL: production,
      OPTA_SUPABASE_PROJECT_REF: 'opta-prod',
      OPTA_SUPABASE_SCRATCH_DB_URL: scratch,
      OPTA_BACKUP_AGE_IDENTITY: keys.identity,
      OPTA_ESCALATION_WEBHOOK_URL: `${pingUrl}/webhook`,
      OPTA_BACKUP_HEARTBEAT_URL: `${pingUrl}/heartbeat/backup`,
      OPTA_DRILL_HEARTBEAT_URL: `${pingUrl}/heartbeat/drill`,
      OPTA_WATCH_HEARTBEAT_URL: `${pingUrl}/heartbeat/watch`,
      ...overrides.secrets
    },
    vars: {
      OPTA_BACKUP_SCHEMAS: 'public,auth,storage',
      OPTA_BACKUP_AGE_RECIPIENTS: keys.recipient,
      OPTA_ESCALATION_ISSUE: '',
      OPTA_SCRATCH_IMAGE: '',
      OPTA_POSTGRES_MAJOR: '',
      OPTA_TARGET_KIND: '',
      OPTA_SMOKE_COMMAND:
        'psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -Atc "select count(*) from auth.users"',
      OPTA_VALIDATION_SQL: 'tests/validation.sql'
    },
    github: {
      token: emu().apiToken,
      repository: emu().repository,
      actor: 'octo-operator'
    }
  }
}

/**
 * A postgres service container, emulated: a fresh cluster of the machine's server whose
 * `postgres` user has the container's POSTGRES_PASSWORD, reachable from the job at its port.
 */
async function startPostgresService(
  name: string,
  image: string,
  env: Record<string, string>
): Promise<EmulatedService> {
  const cluster = await startCluster()
  const client = new pg.Client({ connectionString: cluster.url })
  await client.connect()
  try {
    await client.query(
      `ALTER ROLE postgres PASSWORD ${pg.escapeLiteral(env.POSTGRES_PASSWORD ?? '')}`
    )
  } finally {
    await client.end()
  }
  servicesStarted.push(`${name} (${image})`)
  return { ports: { '5432': String(cluster.port) }, stop: () => cluster.stop() }
}

function runJob(
  label: string,
  workflow: Workflow,
  run: EmulatedRun,
  options: {
    event?: Parameters<typeof runWorkflowJob>[0]['event']
    table?: ExpressionTable
  } = {}
): Promise<JobResult> {
  return runWorkflowJob({
    label,
    workflow,
    event: options.event ?? { name: 'schedule' },
    table: options.table ?? table(),
    emulator: emu(),
    run,
    workDir: work,
    repositoryFiles: REPOSITORY_FILES,
    startService: startPostgresService
  })
}

function workflowFile(file: string): Workflow {
  return parseWorkflow(readFileSync(join(ROOT, '.github/workflows', file), 'utf8'))
}

/** The ```yaml blocks of the README's "### Set up" section. */
function setUpSnippets(): Workflow[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf('\n### Set up\n')
  if (start < 0) throw new Error('README.md has no "### Set up" section')
  const end = readme.indexOf('\n### ', start + 1)
  const section = readme.slice(start, end)
  return [...section.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => parseWorkflow(m[1]!))
}

/** The README block whose one job has this id. */
function snippet(jobId: string): Workflow {
  const found = setUpSnippets().filter((workflow) => jobId in workflow.jobs)
  expect(found).toHaveLength(1)
  return found[0]!
}

/** Our steps of a job, as `action: outcome`, and every other step by kind. */
const stepSummary = (job: JobResult): string[] =>
  job.steps.map((step) => `${step.action ?? step.kind}: ${step.outcome}`)

/** Our step running `action` (exactly one). */
function ours(
  job: JobResult,
  action: string
): StepResult & { step: NonNullable<StepResult['step']> } {
  const found = job.steps.filter((step) => step.action === action)
  expect(found).toHaveLength(1)
  return found[0] as StepResult & { step: NonNullable<StepResult['step']> }
}

/** A failing job's steps, with the log tail, for the assertion message. */
function explain(job: JobResult): string {
  return job.steps
    .filter((step) => step.outcome === 'failure')
    .map(
      (step) =>
        `${step.label}:\n${(step.step ? `${step.step.stdout}\n${step.step.stderr}` : (step.stdout ?? '')).slice(-3000)}`
    )
    .join('\n\n')
}

function expectSuccess(job: JobResult): void {
  expect({ conclusion: job.conclusion, failed: explain(job) }).toEqual({
    conclusion: 'success',
    failed: ''
  })
}

function readLog(path: string | undefined): DrillLog {
  expect(path && existsSync(path)).toBeTruthy()
  return JSON.parse(readFileSync(path!, 'utf8')) as DrillLog
}

/** The set name a backup step wrote: its .dump's (or .dump.age's) basename. */
const setNameOf = (step: StepResult): string =>
  basename(step.step!.outputs['backup-path']!).replace(/\.dump(\.age)?$/, '')

/** Secrets of the table that must never reach a log. */
const secretValues = (): string[] => {
  const values = table().secrets
  return [
    production,
    new URL(production).password,
    scratch,
    values.OPTA_BACKUP_AGE_IDENTITY!,
    emu().apiToken
  ]
}

/** Every step's output: no secret in it. */
function expectNoLeaks(job: JobResult, run: EmulatedRun): void {
  for (const step of job.steps) {
    if (step.step) expect(leaks(step.step, [...secretValues(), run.runtimeToken])).toEqual([])
    if (step.stdout !== undefined)
      expect(leaks({ stdout: step.stdout, stderr: '' }, secretValues())).toEqual([])
  }
}

function ageKeygen(): { identity: string; recipient: string } {
  const output = execFileSync('age-keygen', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  return {
    identity: /^AGE-SECRET-KEY-1[0-9A-Z]+$/m.exec(output)![0],
    recipient: /public key: (age1[0-9a-z]+)/.exec(output)![1]!
  }
}

// The first Backup run (backup.yml); the dispatch runs below name it by id.
let workflowBackupRun: EmulatedRun
let workflowSetName: string

beforeAll(async () => {
  for (const entry of ['backup', 'drill', 'prune', 'status', 'restore']) {
    if (!existsSync(join(ROOT, 'dist', `${entry}.js`))) {
      throw new Error(`dist/${entry}.js is missing: run npm run bundle before this test`)
    }
  }
  keys = ageKeygen()
  // As on Supabase, the workflows connect as the project's (non-superuser) postgres role.
  production = asPlatformPostgres(await createPlatformDatabase('app'))
  productionDatabase = new URL(production).pathname.slice(1)
  scratch = await createDatabase('scratch')
  pings = createServer((request, response) => {
    pinged.push(new URL(request.url ?? '/', 'http://pings').pathname)
    response.writeHead(200).end('OK')
  })
  await new Promise<void>((done) => pings.listen(0, '127.0.0.1', done))
  pingUrl = `http://127.0.0.1:${(pings.address() as AddressInfo).port}`
}, 180_000)

afterAll(async () => {
  await new Promise<void>((done) => pings.close(() => done()))
})

describe('every workflow and README snippet is understood before anything runs', () => {
  it('README "Set up" has the three workflow blocks: daily backup (+ prune), monthly drill, daily watch', () => {
    const blocks = setUpSnippets()
    expect(blocks.map((workflow) => Object.keys(workflow.jobs))).toEqual([
      ['backup'],
      ['drill'],
      ['watch']
    ])
  })

  it.each([
    ...WORKFLOWS.map((file) => [`.github/workflows/${file}`, workflowFile(file)] as const),
    ...setUpSnippets().map(
      (workflow) => [`README block "${Object.keys(workflow.jobs)[0]}"`, workflow] as const
    )
  ])('%s: each step is one of ours or on the allow-list', (label, workflow) => {
    expect(() => checkWorkflowShape(label, workflow)).not.toThrow()
  })
})

describe('the emulated runner is strict', () => {
  const scope = {
    contexts: { secrets: { KNOWN: 'x' }, vars: {}, github: { token: 't' }, inputs: {} },
    jobFailed: false
  }

  it('an expression the table does not know fails, even where || would not need it', () => {
    expect(interpolate("${{ secrets.KNOWN || 'd' }}", scope)).toBe('x')
    expect(() => interpolate('${{ secrets.NEW_SECRET }}', scope)).toThrow(
      /secrets\.NEW_SECRET is not in the test's table/
    )
    expect(() => interpolate("${{ secrets.KNOWN || vars.NEW_VAR || 'd' }}", scope)).toThrow(
      /vars\.NEW_VAR is not in the test's table/
    )
    expect(() => interpolate('${{ matrix.node }}', scope)).toThrow(/unknown context matrix/)
  })

  it('a step that is neither ours nor on the allow-list fails, and so does an unpinned checkout', () => {
    const withStep = (step: Record<string, unknown>): Workflow =>
      parseWorkflow(JSON.stringify({ on: 'schedule', jobs: { j: { steps: [step] } } }))
    expect(() => checkWorkflowShape('t', withStep({ uses: 'someone/else@v1' }))).toThrow(
      /neither ours nor on the allow-list/
    )
    expect(() => checkWorkflowShape('t', withStep({ uses: 'actions/checkout@v5' }))).toThrow(
      /neither ours nor on the allow-list/
    )
    expect(() =>
      checkWorkflowShape('t', withStep({ name: 'Install', run: 'apt-get install x' }))
    ).toThrow(/shell step "Install" is not on the allow-list/)
    expect(ourAction('your-org/backup-drill/drill@v0')).toBe('drill')
    expect(ourAction('./drill')).toBe('drill')
    expect(ourAction('your-org/backup-drill@v0')).toBe('backup')
    expect(ourAction('./')).toBe('backup')
  })
})

describe('the emulated token has only the permissions the job declares', () => {
  it('a step whose job lacks a permission it needs fails before it runs (prune deletes: actions: write)', async () => {
    const daily = snippet('backup')
    daily.permissions = { contents: 'read', actions: 'read', issues: 'write' }
    daily.jobs.backup!.steps = daily.jobs.backup!.steps.filter((step) => step.id !== 'backup')
    const before = emu().requests.length
    await expect(
      runJob(
        'README daily backup, actions: read',
        daily,
        emu().registerRun({ workflowFile: 'strict.yml' })
      )
    ).rejects.toThrow(
      'step your-org/backup-drill/prune@v0 needs permissions actions: write, the job grants actions: read'
    )
    expect(emu().requests.slice(before)).toEqual([])
    expect(
      permissionsNeeded('status', { 'artifact-name': 'x', 'escalation-issue': 'true' })
    ).toEqual({
      actions: 'read',
      issues: 'write'
    })
  })
})

describe("the repository's workflows, in order, with the built actions", () => {
  it('backup.yml (schedule): ./ backs up production age-encrypted as artifact opta-supabase-backup, ./prune keeps it', async () => {
    workflowBackupRun = emu().registerRun({ workflowFile: 'backup.yml' })
    const job = await runJob('backup.yml', workflowFile('backup.yml'), workflowBackupRun)
    expectSuccess(job)
    expect(stepSummary(job)).toEqual(['checkout: success', 'backup: success', 'prune: success'])
    const backup = ours(job, 'backup')
    workflowSetName = setNameOf(backup)
    expect(workflowSetName).toMatch(/^opta-supabase-\d{8}-\d{6}$/)
    expect(backup.step.outputs['backup-path']).toMatch(/\.dump\.age$/)
    const uploaded = emu()
      .artifacts()
      .filter((artifact) => artifact.runId === workflowBackupRun.runId)
    expect(uploaded.map((artifact) => [artifact.name, String(artifact.id)])).toEqual([
      ['opta-supabase-backup', backup.step.outputs['artifact-id']]
    ])
    expect(ours(job, 'prune').step.outputs).toMatchObject({
      'kept-count': '1',
      'deleted-count': '0'
    })
    expect(pinged).toEqual(['/heartbeat/backup/start', '/heartbeat/backup'])
    expectNoLeaks(job, workflowBackupRun)
  })

  it('restore-drill.yml (schedule, run-id blank): ./drill finds that run as the newest successful Backup run and passes in the scratch secret', async () => {
    const run = emu().registerRun({ workflowFile: 'restore-drill.yml' })
    const before = emu().requests.length
    const job = await runJob('restore-drill.yml', workflowFile('restore-drill.yml'), run)
    expectSuccess(job)
    expect(stepSummary(job)).toEqual(['checkout: success', 'shell: success', 'drill: success'])
    expect(job.steps[1]!.stdout).toContain(
      'Scratch target: the OPTA_SUPABASE_SCRATCH_DB_URL secret'
    )
    const drill = ours(job, 'drill')
    expect(drill.inputs).toMatchObject({
      'scratch-db-url': scratch,
      'run-id': '',
      'target-kind': 'auto'
    })
    expect(drill.step.outputs).toMatchObject({ result: 'pass', escalations: '' })
    expect(emu().requests.slice(before)).toContain(
      `GET /repos/${emu().repository}/actions/workflows/backup.yml/runs`
    )
    const log = readLog(drill.step.outputs['log-path'])
    expect(log.backup.name).toBe(workflowSetName)
    expect(log.backup.origin).toMatch(
      new RegExp(`^artifact opta-supabase-backup of run ${workflowBackupRun.runId} \\(id \\d+\\)$`)
    )
    const checks = Object.fromEntries(log.checks.map((check) => [check.name, check.status]))
    expect(checks).toMatchObject({
      checksum: 'pass',
      restore: 'pass',
      'row counts': 'pass',
      smoke: 'pass'
    })
    expect(pinged.slice(-2)).toEqual(['/heartbeat/drill/start', '/heartbeat/drill'])
    expectNoLeaks(job, run)
  })

  it('backup-watch.yml (schedule): ./status passes: newest backup within 24 h, last drill passed within 35 days', async () => {
    const run = emu().registerRun({ workflowFile: 'backup-watch.yml' })
    const job = await runJob('backup-watch.yml', workflowFile('backup-watch.yml'), run)
    expectSuccess(job)
    expect(stepSummary(job)).toEqual(['checkout: success', 'status: success'])
    const status = ours(job, 'status')
    expect(status.step.outputs).toMatchObject({ result: 'pass', conditions: '' })
    expect(Number(status.step.outputs['backup-age-hours'])).toBeLessThan(1)
    expect(Number(status.step.outputs['drill-age-days'])).toBeLessThan(1)
    expect(pinged.slice(-2)).toEqual(['/heartbeat/watch/start', '/heartbeat/watch'])
    expectNoLeaks(job, run)
  })
})

describe('README "Set up" snippets, copied into a new repository, in order', () => {
  let readmeBackupRun: EmulatedRun
  let readmeSetName: string

  it('daily backup: your-org/backup-drill@v0 uploads artifact opta-supabase, your-org/backup-drill/prune@v0 keeps it', async () => {
    readmeBackupRun = emu().registerRun({ workflowFile: 'backup.yml' })
    const job = await runJob('README daily backup', snippet('backup'), readmeBackupRun)
    expectSuccess(job)
    expect(stepSummary(job)).toEqual(['backup: success', 'prune: success'])
    const backup = ours(job, 'backup')
    readmeSetName = setNameOf(backup)
    expect(readmeSetName).toMatch(/^opta-supabase-\d{8}-\d{6}$/)
    expect(
      emu()
        .artifacts()
        .filter((artifact) => artifact.runId === readmeBackupRun.runId)
        .map((artifact) => artifact.name)
    ).toEqual(['opta-supabase'])
    expect(ours(job, 'prune').step.outputs).toMatchObject({
      'kept-count': '1',
      'deleted-count': '0'
    })
    expectNoLeaks(job, readmeBackupRun)
  })

  it('monthly drill: your-org/backup-drill/drill@v0 with artifact-name opta-supabase finds that backup run and passes, smoke script from the checkout', async () => {
    const run = emu().registerRun({ workflowFile: 'restore-drill.yml' })
    const before = emu().requests.length
    const job = await runJob('README monthly drill', snippet('drill'), run)
    expectSuccess(job)
    expect(stepSummary(job)).toEqual(['checkout: success', 'drill: success'])
    const drill = ours(job, 'drill')
    expect(drill.step.outputs).toMatchObject({ result: 'pass', escalations: '' })
    // No run-id in the snippet: the newest successful backup.yml run, found through REST.
    expect(emu().requests.slice(before)).toContain(
      `GET /repos/${emu().repository}/actions/workflows/backup.yml/runs`
    )
    const log = readLog(drill.step.outputs['log-path'])
    expect(log.backup.name).toBe(readmeSetName)
    expect(log.backup.origin).toMatch(
      new RegExp(`^artifact opta-supabase of run ${readmeBackupRun.runId} \\(id \\d+\\)$`)
    )
    expect(log.smoke?.output).toContain('auth.users: 5')
    expectNoLeaks(job, run)
  })

  it('daily watch: your-org/backup-drill/status@v0 with artifact-name opta-supabase passes', async () => {
    const run = emu().registerRun({ workflowFile: 'backup-watch.yml' })
    const job = await runJob('README daily watch', snippet('watch'), run)
    expectSuccess(job)
    expect(ours(job, 'status').step.outputs).toMatchObject({ result: 'pass', conditions: '' })
    expectNoLeaks(job, run)
  })

  it('the daily backup without artifact-name (one artifact per set, opta-supabase-<stamp>): its prune and the same drill snippet find it too', async () => {
    const daily = snippet('backup')
    const backupStep = daily.jobs.backup!.steps.find((step) => step.id === 'backup')!
    expect(backupStep.with?.['artifact-name']).toBe('opta-supabase')
    delete backupStep.with!['artifact-name']
    const backupRun = emu().registerRun({ workflowFile: 'backup.yml' })
    const backupJob = await runJob('README daily backup, no artifact-name', daily, backupRun)
    expectSuccess(backupJob)
    const setName = setNameOf(ours(backupJob, 'backup'))
    expect(
      emu()
        .artifacts()
        .filter((artifact) => artifact.runId === backupRun.runId)
        .map((artifact) => artifact.name)
    ).toEqual([setName])
    // Prune sees both spellings: the fixed-name artifact of the run before, and this set's.
    expect(ours(backupJob, 'prune').step.outputs['summary']).toContain(setName)

    const run = emu().registerRun({ workflowFile: 'restore-drill.yml' })
    const job = await runJob('README monthly drill', snippet('drill'), run)
    expectSuccess(job)
    const drill = ours(job, 'drill')
    expect(drill.step.outputs.result).toBe('pass')
    expect(drill.step.stdout).toContain(
      `No artifact named "opta-supabase" from run ${backupRun.runId} of ${emu().repository}: taking "${setName}"`
    )
    const log = readLog(drill.step.outputs['log-path'])
    expect(log.backup.name).toBe(setName)
    expect(log.backup.origin).toContain(`artifact ${setName} of run ${backupRun.runId}`)
  })
})

describe('README monthly drill without the scratch secret (its comment: required there)', () => {
  it('stops as bad input naming scratch-db-url, before downloading or uploading anything', async () => {
    const run = emu().registerRun({ workflowFile: 'restore-drill.yml' })
    const before = emu().requests.length
    const job = await runJob('README monthly drill, no scratch secret', snippet('drill'), run, {
      table: table({ secrets: { OPTA_SUPABASE_SCRATCH_DB_URL: '' } })
    })
    expect(job.conclusion).toBe('failure')
    const drill = ours(job, 'drill')
    // An action fails with 1 (GitHub knows only failure); the annotation says it is bad input.
    expect(drill.step.exitCode).toBe(1)
    expect(drill.step.annotations).toContainEqual({
      kind: 'error',
      title: 'Bad input: scratch-db-url',
      message: expect.stringMatching(/^scratch-db-url: is empty: pass a PostgreSQL URL/)
    })
    expect(emu().requests.slice(before)).toEqual([])
  })
})

describe('by run id (workflow_dispatch), while a newer successful Backup run exists', () => {
  it("restore-drill.yml run-id=<the first Backup run>: drills that run into the job's postgres service container (no scratch secret)", async () => {
    const run = emu().registerRun({ workflowFile: 'restore-drill.yml' })
    const before = emu().requests.length
    const job = await runJob(
      'restore-drill.yml (dispatch)',
      workflowFile('restore-drill.yml'),
      run,
      {
        event: { name: 'workflow_dispatch', inputs: { 'run-id': String(workflowBackupRun.runId) } },
        table: table({ secrets: { OPTA_SUPABASE_SCRATCH_DB_URL: '' } })
      }
    )
    expectSuccess(job)
    // Both restore-drill.yml jobs got their service container; only this one uses it.
    expect(servicesStarted).toEqual(['scratch (postgres:17)', 'scratch (postgres:17)'])
    expect(job.steps[1]!.stdout).toContain("Scratch target: the job's service container")
    const drill = ours(job, 'drill')
    expect(drill.inputs?.['scratch-db-url']).toMatch(
      /^postgresql:\/\/postgres:drill-scratch-only@localhost:\d+\/postgres$/
    )
    expect(drill.inputs?.['run-id']).toBe(String(workflowBackupRun.runId))
    expect(drill.step.outputs).toMatchObject({ result: 'pass', escalations: '' })
    // A fresh server: the drill created the API roles the policies name and the RLS proof becomes.
    for (const role of ['anon', 'authenticated']) {
      expect(drill.step.stdout).toContain(`Prepared the target: CREATE ROLE "${role}" NOLOGIN`)
    }
    // By run id: no search for the newest successful run.
    expect(emu().requests.slice(before)).not.toContain(
      `GET /repos/${emu().repository}/actions/workflows/backup.yml/runs`
    )
    const log = readLog(drill.step.outputs['log-path'])
    expect(log.backup.name).toBe(workflowSetName)
    expect(log.backup.origin).toContain(
      `artifact opta-supabase-backup of run ${workflowBackupRun.runId}`
    )
    expectNoLeaks(job, run)
  })

  it('production-restore.yml run-id=<the first Backup run>, confirm=<database name>: restores production from it and proves it', async () => {
    const run = emu().registerRun({ workflowFile: 'production-restore.yml' })
    const job = await runJob(
      'production-restore.yml',
      workflowFile('production-restore.yml'),
      run,
      {
        event: {
          name: 'workflow_dispatch',
          inputs: {
            confirm: productionDatabase,
            'run-id': String(workflowBackupRun.runId),
            incident: 'INC-42'
          }
        }
      }
    )
    expectSuccess(job)
    expect(stepSummary(job)).toEqual(['checkout: success', 'shell: success', 'restore: success'])
    expect(job.steps[1]!.stdout).toBe('')
    const restore = ours(job, 'restore')
    expect(restore.step.outputs.result).toBe('pass')
    const log = readLog(restore.step.outputs['log-path'])
    expect(log.backup.name).toBe(workflowSetName)
    expect(log.backup.origin).toContain(
      `artifact opta-supabase-backup of run ${workflowBackupRun.runId}`
    )
    expectNoLeaks(job, run)
  })

  it('nothing escalated on the way: no issue opened, no webhook notice', () => {
    expect(emu().issues()).toEqual([])
    expect(pinged.filter((path) => path.startsWith('/webhook'))).toEqual([])
  })
})

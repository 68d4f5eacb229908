import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parse } from 'yaml'
import { runActionStep, type ActionStep } from './action-runner.js'
import { artifactClientEnv, type ArtifactEmulator, type EmulatedRun } from './artifact-emulator.js'
import {
  condition,
  interpolate,
  toText,
  type ExpressionObject,
  type ExpressionScope,
  type ExpressionValue
} from './workflow-expressions.js'

// Runs one job of a workflow file (or a README snippet) the way a runner would,
// with the BUILT actions: a step that uses one of ours (`your-org/backup-drill/drill@v0`,
// `./drill`, ...) runs `dist/<action>.js` as a child process with INPUT_* from its
// `with:` and action.yml's defaults, every `${{ }}` evaluated against the test's table
// (a name the table lacks fails). Anything that is not ours must be on the allow-list
// below (checkout, named shell steps, a postgres service container); anything else fails.

const ROOT = resolve('.')
const OUR_ACTIONS = ['drill', 'verify', 'restore', 'prune', 'status'] as const

/** The entry of our action a `uses:` names, or undefined when it is not ours. */
export function ourAction(uses: string): string | undefined {
  const published =
    /^[A-Za-z0-9_.-]+\/backup-drill(?:\/([a-z]+))?@(?:v\d+(?:\.\d+\.\d+)?|[0-9a-f]{40})$/.exec(uses)
  const local = /^\.\/(?:([a-z]+)\/?)?$/.exec(uses)
  const match = published ?? local
  if (!match) return undefined
  const sub = match[1]
  if (sub === undefined) return 'backup'
  if (!(OUR_ACTIONS as readonly string[]).includes(sub)) {
    throw new Error(`${uses} names no action of backup-drill (${OUR_ACTIONS.join(', ')})`)
  }
  return sub
}

/** Actions that are not ours and what the emulated runner does for them. */
const OTHER_ACTIONS: { pattern: RegExp; what: 'checkout' | 'no-op' }[] = [
  // Pinned by full commit SHA, as the repository's convention demands.
  { pattern: /^actions\/checkout@[0-9a-f]{40}$/, what: 'checkout' },
  { pattern: /^actions\/setup-node@[0-9a-f]{40}$/, what: 'no-op' }
]

/** Shell steps that are not ours, by name: each runs with bash as on a runner. */
const SHELL_STEPS = new Set(['Scratch target', 'Incident checklist'])

const WORKFLOW_KEYS = new Set(['name', 'on', 'concurrency', 'permissions', 'jobs'])
const JOB_KEYS = new Set([
  'name',
  'runs-on',
  'timeout-minutes',
  'permissions',
  'services',
  'steps',
  'environment',
  'concurrency'
])
const STEP_KEYS = new Set(['name', 'id', 'uses', 'with', 'if', 'env', 'run'])

export interface WorkflowStep {
  name?: string
  id?: string
  uses?: string
  run?: string
  if?: string
  with?: Record<string, unknown>
  env?: Record<string, unknown>
}

interface ServiceSpec {
  image: string
  env?: Record<string, unknown>
  ports?: unknown[]
  options?: string
}

interface WorkflowJob {
  services?: Record<string, ServiceSpec>
  steps: WorkflowStep[]
  [key: string]: unknown
}

export interface Workflow {
  name?: string
  on: Record<string, unknown> | string | string[]
  jobs: Record<string, WorkflowJob>
  [key: string]: unknown
}

/** A running stand-in for a service container; its ports as the job context shows them. */
export interface EmulatedService {
  ports: Record<string, string>
  stop(): Promise<void>
}

/** The test's table: every secret, variable and github.* value a workflow may name. */
export interface ExpressionTable {
  secrets: Record<string, string>
  vars: Record<string, string>
  github: Record<string, string>
}

export interface WorkflowRunOptions {
  /** For messages: the file or README block. */
  label: string
  workflow: Workflow
  /** The trigger; workflow_dispatch carries its inputs (each must be declared). */
  event: { name: 'schedule' } | { name: 'workflow_dispatch'; inputs: Record<string, string> }
  table: ExpressionTable
  emulator: ArtifactEmulator
  /** The emulated run this job belongs to (its artifacts and runtime token). */
  run: EmulatedRun
  /** Folder for the job's workspace and temp folder. */
  workDir: string
  /** What actions/checkout puts in the workspace: path -> content (scripts under tests/ are made executable). */
  repositoryFiles: Record<string, string>
  /** Starts the stand-in for an allowed service container (the spec's env already evaluated). */
  startService(name: string, image: string, env: Record<string, string>): Promise<EmulatedService>
}

export interface StepResult {
  /** The step's name, else its uses or first line of run. */
  label: string
  id: string | undefined
  kind: 'ours' | 'checkout' | 'no-op' | 'shell' | 'skipped'
  /** Our action's name for kind ours (backup for the root action). */
  action?: string
  /** The `with:` as evaluated (ours only). */
  inputs?: Record<string, string>
  outcome: 'success' | 'failure' | 'skipped'
  /** Our action's step as the runner saw it. */
  step?: ActionStep
  /** Shell steps: stdout. */
  stdout?: string
}

export interface JobResult {
  conclusion: 'success' | 'failure'
  steps: StepResult[]
  workspace: string
}

/** The `on:` triggers of a workflow, by name. */
function triggers(workflow: Workflow): Record<string, unknown> {
  const on = workflow.on
  if (typeof on === 'string') return { [on]: null }
  if (Array.isArray(on)) return Object.fromEntries(on.map((name) => [name, null]))
  return on
}

/** The workflow_dispatch inputs the workflow declares. */
function declaredInputs(workflow: Workflow): string[] {
  const dispatch = triggers(workflow).workflow_dispatch as
    { inputs?: Record<string, unknown> } | null | undefined
  return Object.keys(dispatch?.inputs ?? {})
}

/** Checks what the runner would: known keys only, the trigger present, one job. */
export function checkWorkflowShape(label: string, workflow: Workflow): [string, WorkflowJob] {
  for (const key of Object.keys(workflow)) {
    if (!WORKFLOW_KEYS.has(key)) throw new Error(`${label}: workflow key ${key} is not emulated`)
  }
  const jobs = Object.entries(workflow.jobs ?? {})
  if (jobs.length !== 1) throw new Error(`${label}: expected one job, found ${jobs.length}`)
  const [id, job] = jobs[0]!
  for (const key of Object.keys(job)) {
    if (!JOB_KEYS.has(key)) throw new Error(`${label}: job key ${key} is not emulated`)
  }
  for (const step of job.steps) {
    for (const key of Object.keys(step)) {
      if (!STEP_KEYS.has(key)) throw new Error(`${label}: step key ${key} is not emulated`)
    }
    if (step.uses !== undefined) {
      const ours = ourAction(step.uses)
      if (!ours && !OTHER_ACTIONS.some((other) => other.pattern.test(step.uses!))) {
        throw new Error(
          `${label}: step ${step.name ?? step.uses} uses ${step.uses}, which is neither ours nor on the allow-list`
        )
      }
    } else if (step.run !== undefined) {
      if (!SHELL_STEPS.has(step.name ?? '')) {
        throw new Error(
          `${label}: shell step "${step.name ?? step.run.split('\n')[0]}" is not on the allow-list`
        )
      }
    } else {
      throw new Error(`${label}: a step with neither uses nor run`)
    }
  }
  return [id, job]
}

/** Parses the YAML of a workflow file or README block. */
export function parseWorkflow(text: string): Workflow {
  return parse(text) as Workflow
}

/** Runs the workflow's one job as the given trigger would, step by step. */
export async function runWorkflowJob(options: WorkflowRunOptions): Promise<JobResult> {
  const { label, workflow, event, table, emulator, run } = options
  const [jobId, job] = checkWorkflowShape(label, workflow)
  if (!(event.name in triggers(workflow))) {
    throw new Error(`${label}: the workflow has no ${event.name} trigger`)
  }
  const declared = declaredInputs(workflow)
  const given = event.name === 'workflow_dispatch' ? event.inputs : {}
  for (const name of Object.keys(given)) {
    if (!declared.includes(name)) throw new Error(`${label}: no workflow_dispatch input ${name}`)
  }
  // On a schedule the inputs context is empty: a declared input reads as null ('').
  const inputs: ExpressionObject = Object.fromEntries(
    declared.map((name) => [name, given[name] ?? null])
  )
  const steps: ExpressionObject = {}
  const jobContext: ExpressionObject = { services: {}, status: 'success' }
  const scope: ExpressionScope = {
    contexts: {
      secrets: table.secrets,
      vars: table.vars,
      github: table.github,
      inputs,
      steps,
      job: jobContext
    },
    jobFailed: false
  }
  // Workflow-level expressions too (concurrency group): the table must know them.
  interpolateDeep(workflow.concurrency, scope)
  interpolateDeep(job.concurrency, scope)

  let granted: Record<string, Permission>
  try {
    granted = grantedPermissions(workflow, job)
  } catch (error) {
    throw new Error(`${label}: ${(error as Error).message}`, { cause: error })
  }
  const root = mkdtempSync(join(options.workDir, `${jobId}-`))
  const workspace = join(root, 'workspace')
  const runnerTemp = join(root, 'temp')
  mkdirSync(workspace)
  mkdirSync(runnerTemp)

  const services: EmulatedService[] = []
  const results: StepResult[] = []
  let checkedOut = false
  try {
    for (const [name, spec] of Object.entries(job.services ?? {})) {
      const image = interpolate(spec.image, scope)
      if (!/^postgres:\d+$/.test(image)) {
        throw new Error(
          `${label}: service ${name} runs ${image}: only postgres:<major> is emulated`
        )
      }
      const env = Object.fromEntries(
        Object.entries(spec.env ?? {}).map(([key, value]) => [
          key,
          interpolate(String(value), scope)
        ])
      )
      const service = await options.startService(name, image, env)
      services.push(service)
      ;(jobContext.services as ExpressionObject)[name] = { ports: service.ports }
    }

    for (const step of job.steps) {
      const stepLabel = step.name ?? step.uses ?? step.run!.split('\n')[0]!
      if (!condition(step.if, scope)) {
        results.push({ label: stepLabel, id: step.id, kind: 'skipped', outcome: 'skipped' })
        if (step.id) steps[step.id] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} }
        continue
      }
      const env = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([key, value]) => [
          key,
          interpolate(String(value), scope)
        ])
      )
      let result: StepResult
      if (step.uses !== undefined) {
        const action = ourAction(step.uses)
        if (action) {
          if (step.uses.startsWith('./') && !checkedOut) {
            throw new Error(
              `${label}: ${step.uses} is a local action: it needs actions/checkout first`
            )
          }
          const inputs = actionInputs(action, step.with ?? {}, scope)
          checkPermissions(label, granted, permissionsNeeded(action, inputs), stepLabel)
          const ran = await runActionStep(`dist/${action}.js`, {
            inputs,
            env: {
              ...artifactClientEnv(emulator, run, { workspace }),
              GITHUB_EVENT_NAME: event.name,
              GITHUB_JOB: jobId,
              ...env
            },
            job: { workspace, runnerTemp }
          })
          result = {
            label: stepLabel,
            id: step.id,
            kind: 'ours',
            action,
            inputs,
            outcome: ran.exitCode === 0 ? 'success' : 'failure',
            step: ran
          }
          if (step.id) {
            steps[step.id] = {
              outcome: result.outcome,
              conclusion: result.outcome,
              outputs: ran.outputs
            }
          }
        } else {
          const other = OTHER_ACTIONS.find((candidate) => candidate.pattern.test(step.uses!))!
          if (other.what === 'checkout') {
            checkout(workspace, options.repositoryFiles)
            checkedOut = true
          }
          result = { label: stepLabel, id: step.id, kind: other.what, outcome: 'success' }
        }
      } else {
        const shell = await runShell(step.run!, workspace, runnerTemp, env)
        result = {
          label: stepLabel,
          id: step.id,
          kind: 'shell',
          outcome: shell.exitCode === 0 ? 'success' : 'failure',
          stdout: shell.stdout
        }
      }
      results.push(result)
      if (result.outcome === 'failure') {
        scope.jobFailed = true
        jobContext.status = 'failure'
      }
    }
  } finally {
    for (const service of services) await service.stop()
  }
  const conclusion = scope.jobFailed ? 'failure' : 'success'
  // The run ends with the job's conclusion: the REST listing of successful runs sees it.
  run.conclusion = conclusion
  return { conclusion, steps: results, workspace }
}

type Permission = 'read' | 'write' | 'none'
const LEVEL: Record<Permission, number> = { none: 0, read: 1, write: 2 }

/**
 * The GITHUB_TOKEN permissions a step of ours needs with these inputs (the emulator does not
 * enforce scopes, so the runner does): reading another run's artifacts or the drill logs needs
 * actions: read, deleting them actions: write, the escalation issue issues: write. Uploads use
 * the runtime token, which needs none.
 */
export function permissionsNeeded(
  action: string,
  inputs: Record<string, string>
): Record<string, Permission> {
  const needs: Record<string, Permission> = {}
  const artifacts = inputs['artifact-name'] !== undefined && inputs['artifact-name'] !== ''
  if (artifacts && ['drill', 'verify', 'restore', 'status'].includes(action)) needs.actions = 'read'
  if (artifacts && action === 'prune' && inputs['dry-run'] !== 'true') needs.actions = 'write'
  if (inputs['escalation-issue'] === 'true') needs.issues = 'write'
  return needs
}

/** The job's GITHUB_TOKEN permissions: the job's `permissions:`, else the workflow's. */
function grantedPermissions(workflow: Workflow, job: WorkflowJob): Record<string, Permission> {
  const declared = (job.permissions ?? workflow.permissions) as
    Record<string, Permission> | string | undefined
  if (declared === undefined || typeof declared === 'string') {
    throw new Error('declare permissions: (the job runs with the fewest a token needs)')
  }
  return declared
}

/** Fails when the job's token lacks a permission the step needs. */
function checkPermissions(
  label: string,
  granted: Record<string, Permission>,
  needed: Record<string, Permission>,
  step: string
): void {
  for (const [scope, level] of Object.entries(needed)) {
    if (LEVEL[granted[scope] ?? 'none'] < LEVEL[level]) {
      throw new Error(
        `${label}: step ${step} needs permissions ${scope}: ${level}, the job grants ${scope}: ${granted[scope] ?? 'none'}`
      )
    }
  }
}

/** INPUT_* values: the step's `with:` evaluated, and action.yml defaults that are expressions (github.token, ...). */
function actionInputs(
  action: string,
  given: Record<string, unknown>,
  scope: ExpressionScope
): Record<string, string> {
  const file = join(ROOT, action === 'backup' ? '' : action, 'action.yml')
  const spec = parse(readFileSync(file, 'utf8')) as {
    inputs: Record<string, { default?: unknown }>
  }
  const inputs: Record<string, string> = {}
  for (const [name, value] of Object.entries(given)) {
    if (!(name in spec.inputs)) throw new Error(`${action}/action.yml has no input ${name}`)
    inputs[name] = interpolate(toText(value as ExpressionValue), scope)
  }
  for (const [name, input] of Object.entries(spec.inputs)) {
    const fallback = input.default === undefined ? '' : String(input.default)
    if (!(name in inputs) && fallback.includes('${{')) inputs[name] = interpolate(fallback, scope)
  }
  return inputs
}

/** Evaluates every string inside a value (to check the names it uses); the result is unused. */
function interpolateDeep(value: unknown, scope: ExpressionScope): void {
  if (typeof value === 'string') interpolate(value, scope)
  else if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) interpolateDeep(inner, scope)
  }
}

/** actions/checkout, emulated: the repository's files in the workspace. */
function checkout(workspace: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(workspace, path)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, content)
    if (path.endsWith('.sh')) chmodSync(target, 0o755)
  }
}

/** A `run:` step: bash -e with the runner's variables and the step's env. */
async function runShell(
  script: string,
  workspace: string,
  runnerTemp: string,
  env: Record<string, string>
): Promise<{ exitCode: number | null; stdout: string }> {
  const files = mkdtempSync(join(workspace, '..', 'shell-step-'))
  const summary = join(files, 'step-summary.md')
  writeFileSync(summary, '')
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: workspace,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? tmpdir(),
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: runnerTemp,
      GITHUB_STEP_SUMMARY: summary,
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  const exitCode = await new Promise<number | null>((done, fail) => {
    child.once('error', fail)
    child.once('close', done)
  })
  return { exitCode, stdout }
}

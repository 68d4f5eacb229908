import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, extname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse } from 'yaml'

// One action step as a GitHub runner runs it: a child process of the entry with
// only the runner's environment (no secrets or test URLs of this process), inputs
// as INPUT_* variables on top of action.yml's defaults, RUNNER_TEMP and empty
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files created before the step starts, and
// the job folder as working directory.

const ROOT = resolve('.')

/**
 * An action's entry: the committed bundle (`dist/backup.js`, as GitHub runs it) or the
 * source of that bundle's entry (`src/actions/entries/prune.ts`, through tsx). The
 * main modules (`src/actions/prune.ts`) only export run(): running one does nothing.
 */
export type ActionEntry = `dist/${string}.js` | `src/actions/entries/${string}.ts`

export interface ActionStepOptions {
  /** The step's `with:`, by input name; every name must be declared in the action's action.yml. */
  inputs?: Record<string, string>
  /** More variables of the job (e.g. artifactClientEnv); undefined removes one. GITHUB_WORKSPACE, RUNNER_TEMP and the two files are the harness's. */
  env?: Record<string, string | undefined>
  /** Folder the job folder is created in (default: the OS temp folder). */
  workDir?: string
  /**
   * A job this step belongs to: its steps share the workspace and RUNNER_TEMP (both must
   * exist); each step still gets its own GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. Default:
   * a job of its own, created in workDir.
   */
  job?: { workspace: string; runnerTemp: string }
}

/** A workflow-command annotation (`::error title=...::message`), unescaped as the runner reads it. */
export interface Annotation {
  kind: 'error' | 'warning' | 'notice'
  title: string | undefined
  message: string
}

export interface ActionStep {
  exitCode: number | null
  stdout: string
  stderr: string
  /** GITHUB_OUTPUT, by output name. */
  outputs: Record<string, string>
  /** GITHUB_STEP_SUMMARY's markdown. */
  summary: string
  annotations: Annotation[]
  /** The job's RUNNER_TEMP. */
  runnerTemp: string
  /** The job folder: working directory and GITHUB_WORKSPACE. */
  workspace: string
}

/** Runs one action entry as a step of a job, the way a runner would, and collects what the step left. */
export async function runActionStep(
  entry: ActionEntry,
  options: ActionStepOptions = {}
): Promise<ActionStep> {
  const name = basename(entry, extname(entry))
  const workspace =
    options.job?.workspace ?? mkdtempSync(join(options.workDir ?? tmpdir(), `${name}-`))
  // A shared job's step files live beside its workspace, one folder per step.
  const stepFiles = options.job ? mkdtempSync(join(workspace, '..', `${name}-step-`)) : workspace
  const files = {
    RUNNER_TEMP: options.job?.runnerTemp ?? join(workspace, 'runner-temp'),
    GITHUB_OUTPUT: join(stepFiles, 'github-output'),
    GITHUB_STEP_SUMMARY: join(stepFiles, 'step-summary.md')
  }
  // The runner creates the temp folder and both files before the step starts.
  if (!options.job) mkdirSync(files.RUNNER_TEMP)
  writeFileSync(files.GITHUB_OUTPUT, '')
  writeFileSync(files.GITHUB_STEP_SUMMARY, '')
  const env = definedOnly({
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? tmpdir(),
    TMPDIR: tmpdir(),
    GITHUB_ACTIONS: 'true',
    ...inputEnv(actionDirOf(name), options.inputs ?? {}),
    ...options.env,
    // The runner's own: what the step may not change.
    GITHUB_WORKSPACE: workspace,
    ...files
  })
  const args = entry.endsWith('.ts')
    ? ['--import', tsxLoader(), join(ROOT, entry)]
    : [join(ROOT, entry)]
  const child = spawn(process.execPath, args, {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const exitCode = await new Promise<number | null>((done, fail) => {
    child.once('error', fail)
    child.once('close', done)
  })
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    annotations: parseAnnotations(stdout),
    runnerTemp: files.RUNNER_TEMP,
    workspace
  }
}

/**
 * Lines of the step's log that contain any of the secrets, other than the
 * `::add-mask::` lines that register them (the runner masks the value from then on).
 */
export function leaks(step: Pick<ActionStep, 'stdout' | 'stderr'>, secrets: string[]): string[] {
  return `${step.stdout}\n${step.stderr}`
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .filter((line) => secrets.some((secret) => line.includes(secret)))
}

/** The root action is the backup; each other entry has its action.yml in a folder of its name. */
const actionDirOf = (name: string): string => (name === 'backup' ? ROOT : join(ROOT, name))

/** How the runner names an input's variable: INPUT_ + upper case, spaces to _, dashes kept. */
const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

/** INPUT_* as the runner sets them: action.yml's defaults (expressions aside), then the step's `with`. */
function inputEnv(actionDir: string, given: Record<string, string>): Record<string, string> {
  const action = parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  for (const name of Object.keys(given)) {
    if (!(name in action.inputs)) throw new Error(`${actionDir}/action.yml has no input ${name}`)
  }
  const env: Record<string, string> = {}
  for (const [name, input] of Object.entries(action.inputs)) {
    const value = given[name] ?? input.default ?? ''
    // `${{ github.token }}` and the like are the runner's to expand; a test gives them.
    if (!value.includes('${{')) env[inputVariable(name)] = value
  }
  return env
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<delimiter`, value lines, `delimiter`. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const block = /^([^\n<]+)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n?\2$/gm
  for (const match of text.matchAll(block)) outputs[match[1]!] = match[3]!
  return outputs
}

/** `::error title=...::message` lines, with @actions/core's escapes undone. */
function parseAnnotations(stdout: string): Annotation[] {
  const unescape = (text: string) =>
    text
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%3A/g, ':')
      .replace(/%2C/g, ',')
      .replace(/%25/g, '%')
  return [...stdout.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)].map((m) => {
    const title = /(?:^|,)title=([^,]*)/.exec(m[2] ?? '')?.[1]
    return {
      kind: m[1] as Annotation['kind'],
      title: title === undefined ? undefined : unescape(title),
      message: unescape(m[3]!)
    }
  })
}

/** tsx's loader by absolute URL: the step's working directory is the job folder, outside the repository. */
function tsxLoader(): string {
  return pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)
  )
}

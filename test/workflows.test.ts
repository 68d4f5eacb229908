import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import {
  checkActionMetadata,
  checkLocalActionUses,
  formatProblem,
  lintWorkflow,
  validateRepository
} from '../scripts/validate-workflows.mjs'

const REPO = path.resolve('.')
const WORKFLOWS = path.join(REPO, '.github', 'workflows')

// The inputs each sub-action declares (the interface the workflows are written against).
const ACTION_INPUTS: Record<string, string[]> = {
  '': [
    'db-url',
    'project-ref',
    'schemas',
    'tables',
    'exclude-tables',
    'out-dir',
    'prefix',
    'compress',
    'pg-bin-dir',
    'upload',
    'artifact-name',
    'retention-days',
    'content-hash',
    'encrypt-recipients',
    'postgres-version',
    'heartbeat-url',
    'escalation-issue',
    'webhook-url'
  ],
  drill: [
    'scratch-db-url',
    'target-kind',
    'backup',
    'artifact-name',
    'run-id',
    'repository',
    'github-token',
    'db-url',
    'project-ref',
    'jobs',
    'smoke-command',
    'validation-sql',
    'rpo-hours',
    'rto-minutes',
    'log-dir',
    'upload',
    'decrypt-identity',
    'heartbeat-url',
    'escalation-issue',
    'webhook-url'
  ],
  restore: [
    'db-url',
    'backup',
    'artifact-name',
    'run-id',
    'repository',
    'github-token',
    'confirm',
    'project-ref',
    'smoke-command',
    'decrypt-identity'
  ],
  prune: [
    'out-dir',
    'prefix',
    'artifact-name',
    'repository',
    'github-token',
    'keep-last',
    'keep-daily',
    'keep-weekly',
    'keep-monthly',
    'keep-yearly',
    'dry-run'
  ],
  status: [
    'out-dir',
    'prefix',
    'artifact-name',
    'repository',
    'github-token',
    'log-dir',
    'rpo-hours',
    'drill-max-age-days',
    'size-change-factor',
    'keep-last',
    'keep-daily',
    'keep-weekly',
    'keep-monthly',
    'keep-yearly',
    'heartbeat-url',
    'escalation-issue',
    'webhook-url'
  ]
}

/** A valid node24 action.yml declaring `inputs`, its main in ../dist (or dist for the root). */
function actionYaml(
  dir: string,
  inputs: string[],
  overrides: { using?: string; main?: string } = {}
): string {
  const main = overrides.main ?? (dir ? `../dist/${dir}.js` : 'dist/backup.js')
  return [
    `name: backup-drill ${dir || 'backup'}`,
    'description: A sub-action of backup-drill.',
    'inputs:',
    ...inputs.flatMap((name) => [
      `  ${name}:`,
      `    description: The ${name} input.`,
      `    required: false`,
      `    default: ''`
    ]),
    'outputs:',
    '  result:',
    '    description: pass or fail.',
    'runs:',
    `  using: ${overrides.using ?? 'node24'}`,
    `  main: ${main}`,
    ''
  ].join('\n')
}

/** A temporary repository with the real workflows and action.yml files declaring ACTION_INPUTS. */
async function stagedRepository(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'validate-workflows-'))
  await cp(WORKFLOWS, path.join(root, '.github', 'workflows'), { recursive: true })
  await mkdir(path.join(root, 'dist'))
  for (const [dir, inputs] of Object.entries(ACTION_INPUTS)) {
    await mkdir(path.join(root, dir), { recursive: true })
    await writeFile(path.join(root, dir, 'action.yml'), actionYaml(dir, inputs))
    await writeFile(path.join(root, 'dist', `${dir || 'backup'}.js`), '// bundle\n')
  }
  return root
}

const VALID_WORKFLOW = `name: ok
on: workflow_dispatch
permissions:
  contents: read
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.sha }}"
`

describe('workflow lint (actionlint)', () => {
  it('passes every workflow in .github/workflows', async () => {
    const files = (await readdir(WORKFLOWS)).filter((name) => name.endsWith('.yml'))
    expect(files.sort()).toEqual([
      'backup-watch.yml',
      'backup.yml',
      'ci.yml',
      'production-restore.yml',
      'release.yml',
      'restore-drill.yml'
    ])
    for (const name of files) {
      const problems = await lintWorkflow(await readFile(path.join(WORKFLOWS, name), 'utf8'), name)
      expect(problems.map(formatProblem)).toEqual([])
    }
  })

  it('passes a minimal valid workflow', async () => {
    expect(await lintWorkflow(VALID_WORKFLOW, 'ok.yml')).toEqual([])
  })

  it('fails a typo in a job key (run-on instead of runs-on)', async () => {
    const broken = VALID_WORKFLOW.replace('runs-on:', 'run-on:')
    const problems = await lintWorkflow(broken, 'broken.yml')
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: 'broken.yml',
        line: 7,
        kind: 'syntax-check',
        message: expect.stringContaining('unexpected key "run-on"')
      })
    )
    expect(problems).toContainEqual(
      expect.objectContaining({ message: '"runs-on" section is missing in job "a"' })
    )
  })

  it('fails an expression that names an undefined context', async () => {
    const broken = VALID_WORKFLOW.replace('github.sha', 'secret.OPTA_SUPABASE_DB_URL')
    const problems = await lintWorkflow(broken, 'broken.yml')
    expect(problems).toEqual([expect.objectContaining({ kind: 'expression', line: 9 })])
    expect(problems[0]?.message).toContain('undefined variable "secret"')
  })

  it('keeps the vars context (newer than the bundled linter) but not other unknown contexts', async () => {
    const withVars = VALID_WORKFLOW.replace('github.sha', 'vars.OPTA_SMOKE_COMMAND')
    expect(await lintWorkflow(withVars, 'vars.yml')).toEqual([])
    const withVar = VALID_WORKFLOW.replace('github.sha', 'var.OPTA_SMOKE_COMMAND')
    expect(await lintWorkflow(withVar, 'var.yml')).toHaveLength(1)
  })
})

describe('action.yml structural check', () => {
  const root = '/repo'
  const exists = (file: string) => file === '/repo/dist/drill.js'

  it('passes a node24 action whose main is in dist/', () => {
    expect(
      checkActionMetadata(actionYaml('drill', ['scratch-db-url']), 'drill/action.yml', {
        root,
        fileExists: exists
      })
    ).toEqual([])
  })

  it('fails using: node16', () => {
    const problems = checkActionMetadata(
      actionYaml('drill', [], { using: 'node16' }),
      'drill/action.yml',
      {
        root,
        fileExists: exists
      }
    )
    expect(problems).toHaveLength(1)
    expect(problems[0]?.message).toMatch(/runs\.using is "node16".*node24/)
    expect(problems[0]?.line).toBe(8)
  })

  it('fails a main outside dist/ and a main that was not bundled', () => {
    const outside = checkActionMetadata(
      actionYaml('drill', [], { main: '../src/drill.ts' }),
      'drill/action.yml',
      {
        root,
        fileExists: () => true
      }
    )
    expect(outside.map((p) => p.message)).toEqual([
      expect.stringContaining('must point into the committed dist/')
    ])
    const missing = checkActionMetadata(
      actionYaml('drill', [], { main: '../dist/missing.js' }),
      'drill/action.yml',
      {
        root,
        fileExists: exists
      }
    )
    expect(missing.map((p) => p.message)).toEqual([expect.stringContaining('does not exist')])
  })

  it('fails inputs without descriptions, non-string defaults, camelCase names and outputs without descriptions', () => {
    const text = `name: x
description: y
inputs:
  dbUrl:
    description: The URL.
  jobs:
    description: Parallel jobs.
    default: 4
  dry-run:
    default: 'false'
  upload:
    description: Where.
    requried: true
outputs:
  result: {}
runs:
  using: node24
  main: dist/x.js
`
    const problems = checkActionMetadata(text, 'action.yml', { root, fileExists: () => true })
    expect(problems.map((p) => p.message).sort()).toEqual([
      'input "dbUrl" must be kebab-case (e.g. db-url)',
      'input "dry-run" has no description',
      'input "jobs": default must be a string (quote it: \'4\')',
      'input "upload": unknown key "requried"',
      'output "result" has no description'
    ])
  })

  it('reports YAML syntax errors with a line', () => {
    const problems = checkActionMetadata('name: x\n  bad: [\n', 'action.yml', { root })
    expect(problems.length).toBeGreaterThan(0)
    expect(problems[0]).toMatchObject({ kind: 'yaml', file: 'action.yml' })
  })
})

describe('uses: ./<dir> against the declared inputs', () => {
  const workflow = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./drill
        with:
          scratch-db-url: x
          scratch-url: y
      - uses: ./verify
`
  it('names an undeclared input, a missing required input and a missing action', () => {
    const problems = checkLocalActionUses(workflow, 'w.yml', (dir) =>
      dir === 'drill'
        ? {
            inputs: {
              'scratch-db-url': { required: true },
              'github-token': { required: true },
              jobs: { required: true, default: '2' }
            }
          }
        : undefined
    )
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /^w\.yml:9:11: input "scratch-url" is not declared in drill\/action\.yml/
      ),
      'w.yml:6:15: required input "github-token" of drill/action.yml is not given [local-action]',
      'w.yml:10:15: "uses: ./verify" but verify/action.yml does not exist [local-action]'
    ])
  })
})

describe('escalation and the watch', () => {
  const workflow = async (name: string) => parse(await readFile(path.join(WORKFLOWS, name), 'utf8'))

  it('backup.yml reports a failed backup: issues: write, escalation-issue and webhook-url', async () => {
    const backup = await workflow('backup.yml')
    expect(backup.jobs.backup.permissions.issues).toBe('write')
    const step = backup.jobs.backup.steps.find((s: { uses?: string }) => s.uses === './')
    expect(step.with['escalation-issue']).toContain("'true'")
    expect(step.with['webhook-url']).toBe('${{ secrets.OPTA_ESCALATION_WEBHOOK_URL }}')
    expect(step.with['heartbeat-url']).toContain('secrets.')
  })

  it('backup-watch.yml runs status a few hours after the backup and may open the issue', async () => {
    const watch = await workflow('backup-watch.yml')
    expect(watch.on.schedule[0].cron).toBe('17 7 * * *')
    expect(watch.jobs.watch.permissions).toEqual({
      contents: 'read',
      actions: 'read',
      issues: 'write'
    })
    const step = watch.jobs.watch.steps.find((s: { uses?: string }) => s.uses === './status')
    expect(step.with['artifact-name']).toBe('opta-supabase-backup')
    expect(step.with['escalation-issue']).toContain("'true'")
    expect(step.with['heartbeat-url']).toContain('secrets.')
  })
})

describe('CI keeps the status report screenshot (issue 13: a test artifact)', () => {
  it('the Tests step names the folder, an upload step keeps it even when tests fail', async () => {
    const ci = parse(await readFile(path.join(WORKFLOWS, 'ci.yml'), 'utf8'))
    const steps: Array<{
      name?: string
      uses?: string
      if?: string
      env?: Record<string, string>
      with?: Record<string, string>
    }> = ci.jobs.test.steps
    const tests = steps.findIndex((step) => step.name === 'Tests')
    const folder = steps[tests]!.env?.STATUS_REPORT_SCREENSHOT_DIR
    expect(folder).toBe('${{ runner.temp }}/status-report')
    const upload = steps
      .slice(tests + 1)
      .find((step) => step.uses?.startsWith('actions/upload-artifact@'))
    expect(upload).toEqual(
      expect.objectContaining({
        if: '${{ always() }}',
        with: expect.objectContaining({
          path: folder,
          name: expect.stringContaining('${{ matrix.node }}')
        })
      })
    )
    // The browser test writes its screenshot there when the variable is set.
    expect(await readFile('test/status-report-browser.test.ts', 'utf8')).toContain(
      'process.env.STATUS_REPORT_SCREENSHOT_DIR'
    )
  })
})

describe('validateRepository', () => {
  it('passes the repository workflows against action.yml files declaring the sub-action inputs', async () => {
    const root = await stagedRepository()
    try {
      const result = await validateRepository(root)
      expect(result.problems.map(formatProblem)).toEqual([])
      expect(result.workflows).toHaveLength(6)
      expect(result.actions).toEqual([
        'action.yml',
        'drill/action.yml',
        'prune/action.yml',
        'restore/action.yml',
        'status/action.yml'
      ])
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('exits non-zero with a clear message on a broken workflow or a node16 action', async () => {
    const root = await stagedRepository()
    try {
      const drill = path.join(root, 'drill', 'action.yml')
      await writeFile(
        drill,
        (await readFile(drill, 'utf8')).replace('using: node24', 'using: node16')
      )
      const ci = path.join(root, '.github', 'workflows', 'ci.yml')
      await writeFile(
        ci,
        (await readFile(ci, 'utf8')).replace('timeout-minutes: 15', 'timeout-minute: 15')
      )
      const run = promisify(execFile)(process.execPath, [
        path.join(REPO, 'scripts', 'validate-workflows.mjs'),
        root
      ])
      const failure = await run.then(
        () => undefined,
        (error: { code: number; stderr: string }) => error
      )
      expect(failure?.code).toBe(1)
      expect(failure?.stderr).toMatch(/drill\/action\.yml:\d+:\d+: runs\.using is "node16"/)
      expect(failure?.stderr).toMatch(
        /\.github\/workflows\/ci\.yml:\d+:\d+: unexpected key "timeout-minute"/
      )
      expect(failure?.stderr).toContain('2 problem(s)')
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})

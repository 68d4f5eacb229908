import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BACKUP_INPUT_SPECS } from '../src/config/backup-options.js'
import { DRILL_INPUT_SPECS, VERIFY_INPUT_SPECS } from '../src/config/drill-options.js'
import type { InputRegistry } from '../src/config/input-spec.js'
import { PRUNE_INPUT_SPECS } from '../src/config/prune-options.js'
import { RESTORE_INPUT_SPECS } from '../src/config/restore-options.js'
import { STATUS_INPUT_SPECS } from '../src/config/status-options.js'
import { rawInputsFromCli } from '../src/cli/input-options.js'
import { buildProgram, runCli } from '../src/cli/program.js'
import { runCliCaptured } from './support/cli.js'

// Every command's --help has EXAMPLES, ENVIRONMENT (each fallback variable of its
// input registry, the list the CLI reads) and EXIT STATUS; every fallback is
// BACKUP_DRILL_* or one of GitHub's own variables (SOP names such as OPTA_* are the
// workflows' business: they pass them as inputs).

/** The input registry behind each command's flags and env fallbacks (seed and demo have none). */
const REGISTRIES: Record<string, InputRegistry | undefined> = {
  backup: BACKUP_INPUT_SPECS,
  verify: VERIFY_INPUT_SPECS,
  drill: DRILL_INPUT_SPECS,
  restore: RESTORE_INPUT_SPECS,
  prune: PRUNE_INPUT_SPECS,
  status: STATUS_INPUT_SPECS,
  seed: undefined,
  demo: undefined
}

/** GitHub's own names, set by every runner and by `gh`: kept as fallbacks. */
const GITHUB_VARIABLES = ['GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_REPOSITORY']

const io = {
  stdout: () => undefined,
  stderr: () => undefined,
  env: {},
  setExitCode: () => undefined
}
const commands = buildProgram(io).commands.map((command) => command.name())

/** The lines of one upper-case section of a help text. */
function section(help: string, title: string): string[] {
  const lines = help.split('\n')
  const start = lines.indexOf(title)
  if (start === -1) return []
  const end = lines.findIndex((line, index) => index > start && /^[A-Z ]+$/.test(line))
  return lines.slice(start + 1, end === -1 ? undefined : end).filter((line) => line.trim() !== '')
}

const fallbacksOf = (registry: InputRegistry | undefined): string[] =>
  Object.values(registry ?? {}).flatMap((spec) => (spec.actionOnly ? [] : (spec.env ?? [])))

describe('CLI --help', () => {
  it('knows every command', () => {
    expect([...commands].sort()).toEqual(Object.keys(REGISTRIES).sort())
  })

  it.each(commands)('%s --help has EXAMPLES, ENVIRONMENT and EXIT STATUS', async (command) => {
    const run = await runCliCaptured([command, '--help'])
    expect(run.code).toBe(0)
    const help = run.stdout
    const titles = help.split('\n').filter((line) => /^[A-Z][A-Z ]+$/.test(line))
    expect(titles).toEqual(['EXAMPLES', 'ENVIRONMENT', 'EXIT STATUS'])

    const examples = section(help, 'EXAMPLES')
    expect(examples.some((line) => line.includes(`backup-drill ${command}`))).toBe(true)
    // Every flag an example uses exists on the command.
    const flags = new Set(
      buildProgram(io)
        .commands.find((c) => c.name() === command)!
        .options.map((option) => option.long)
    )
    const used = examples
      .filter((line) => !line.trim().startsWith('#'))
      .flatMap((line) => [...line.matchAll(/ (--[a-z0-9-]+)/g)].map((m) => m[1]!))
    expect(used.filter((flag) => !flags.has(flag))).toEqual([])

    const environment = section(help, 'ENVIRONMENT').join('\n')
    for (const variable of fallbacksOf(REGISTRIES[command]))
      expect(environment).toMatch(new RegExp(`^  ${variable} `, 'm'))
    if (fallbacksOf(REGISTRIES[command]).length === 0 && !environment.includes('PG*'))
      expect(environment).toContain('none: every input is a flag')

    const exits = section(help, 'EXIT STATUS').map((line) => line.trim().split(/\s+/)[0])
    expect(exits).toEqual(['0', '1', '2', '130', '143'])
  })

  it('backup-drill --help (no command) shows a first example, where the rest is, and the exit codes', async () => {
    // Before: only the command list; EXIT STATUS only under each command.
    const run = await runCliCaptured(['--help'])
    expect(run.code).toBe(0)
    const titles = run.stdout.split('\n').filter((line) => /^[A-Z][A-Z ]+$/.test(line))
    expect(titles).toEqual(['EXAMPLES', 'EXIT STATUS'])
    expect(section(run.stdout, 'EXAMPLES').join('\n')).toContain('backup-drill backup')
    expect(section(run.stdout, 'EXAMPLES').join('\n')).toContain('backup-drill <command> --help')
    const exits = section(run.stdout, 'EXIT STATUS').map((line) => line.trim().split(/\s+/)[0])
    expect(exits).toEqual(['0', '1', '2', '130', '143'])
  })

  it('names each flag’s fallback in the flag’s own help line too', async () => {
    const help = (await runCliCaptured(['restore', '--help'])).stdout.replace(/\s+/g, ' ')
    // commander's own wording: the variable is declared on the option with Option.env().
    expect(help).toContain(
      '--project-ref <ref> production project ref (env: BACKUP_DRILL_PROJECT_REF)'
    )
    expect(help).toContain('(env: BACKUP_DRILL_DB_URL)')
  })

  it('each fallback of a flag is declared once, on its option with Option.env(), from the registry', () => {
    // Before: the variables were appended to the help text by hand; commander knew none.
    for (const command of buildProgram(io).commands) {
      const registry = REGISTRIES[command.name()] ?? {}
      for (const option of command.options) {
        const name = option.long?.replace(/^--(no-)?/, '') ?? ''
        const spec = registry[name]
        const declared = (option as { envVar?: string }).envVar
        const expected =
          spec && !spec.actionOnly && spec.cli && !option.negate ? spec.env : undefined
        // One variable per flag (Option.env() takes one): a second one would need a decision.
        expect({ command: command.name(), name, env: expected?.length ?? 0 }).toEqual({
          command: command.name(),
          name,
          env: expected === undefined ? 0 : 1
        })
        expect({ command: command.name(), name, declared }).toEqual({
          command: command.name(),
          name,
          declared: expected?.[0]
        })
      }
    }
  })
})

describe('CLI --help says what the command does', () => {
  it.each(commands)(
    '%s: a variable a flag names as its default is one ENVIRONMENT lists, named once',
    async (command) => {
      // Before: drill/verify/restore said "--repository (default GITHUB_REPOSITORY)" while
      // ENVIRONMENT left it out; prune/status said it twice, "(default ...) (env ...)".
      const help = (await runCliCaptured([command, '--help'])).stdout
      const options = help.slice(0, help.indexOf('\nEXAMPLES')).replace(/\s+/g, ' ')
      const environment = section(help, 'ENVIRONMENT').map((line) => line.trim().split(/\s+/)[0])
      const named = [...options.matchAll(/\(default:? ([A-Z][A-Z0-9]*_[A-Z0-9_]+)\)/g)].map(
        (match) => match[1]!
      )
      expect(named.filter((variable) => !environment.includes(variable))).toEqual([])
      expect(options).not.toMatch(/\(default:? ([A-Z_]+)\) \(env \1\)/)
    }
  )

  it('status: --artifact-name reads artifacts (the help is not prune’s)', async () => {
    const help = (await runCliCaptured(['status', '--help'])).stdout.replace(/\s+/g, ' ')
    expect(help).not.toMatch(/prune/i)
    expect(help).toContain('--artifact-name <name> read GitHub artifacts instead of a folder')
  })

  it('drill, verify and restore take --repository from GITHUB_REPOSITORY, as the help says', () => {
    for (const command of ['drill', 'verify', 'restore'])
      expect({
        command,
        repository: rawInputsFromCli(REGISTRIES[command]!, {}, { GITHUB_REPOSITORY: 'octo/app' })
          .repository
      }).toEqual({ command, repository: 'octo/app' })
  })
})

describe('CLI environment fallbacks', () => {
  it('are BACKUP_DRILL_* or GitHub’s own variables, and the CLI reads each of them', () => {
    for (const [command, registry] of Object.entries(REGISTRIES)) {
      for (const [name, spec] of Object.entries(registry ?? {})) {
        if (spec.actionOnly) continue
        for (const variable of spec.env ?? []) {
          expect({ command, variable }).toEqual({
            command,
            variable: expect.stringMatching(
              new RegExp(`^(BACKUP_DRILL_[A-Z_]+|${GITHUB_VARIABLES.join('|')})$`)
            )
          })
          // What help lists is what the CLI reads (same registry, same function).
          expect(rawInputsFromCli(registry!, {}, { [variable]: 'from-env' })[name]).toBe('from-env')
        }
      }
    }
  })

  it('no source file reads an SOP (OPTA_*) variable', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((entry) => {
        const path = join(dir, entry)
        return statSync(path).isDirectory() ? files(path) : [path]
      })
    const offenders = files('src').filter((file) => readFileSync(file, 'utf8').includes('OPTA_'))
    expect(offenders).toEqual([])
  })

  it('the environment the CLI is given is the one it reads (commander’s own process.env read is not used)', async () => {
    // In-process runs (the tests) hand the CLI its environment; Option.env() alone would read
    // process.env. A value only in process.env must not count.
    const empty = mkdtempSync(join(tmpdir(), 'no-backups-'))
    const stderr: string[] = []
    const saved = process.env.BACKUP_DRILL_PROJECT_REF
    process.env.BACKUP_DRILL_PROJECT_REF = 'abcdefghijklmnopqrst'
    try {
      const run = await runCli(
        [
          'restore',
          '--backup',
          'latest',
          '--out-dir',
          empty,
          '--db-url',
          'postgres://postgres:pw@db.abcdefghijklmnopqrst.supabase.co:5432/postgres',
          '--confirm',
          'abcdefghijklmnopqrst'
        ],
        { ...io, env: {}, stderr: (text) => stderr.push(text) }
      )
      expect({ run, stderr: stderr.join('') }).toEqual({
        run: 2,
        stderr: expect.stringContaining('project-ref: is required')
      })
    } finally {
      if (saved === undefined) delete process.env.BACKUP_DRILL_PROJECT_REF
      else process.env.BACKUP_DRILL_PROJECT_REF = saved
    }
  })

  it('restore takes the project ref from BACKUP_DRILL_PROJECT_REF, not from OPTA_SUPABASE_PROJECT_REF', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-backups-'))
    const args = [
      'restore',
      '--backup',
      'latest',
      '--out-dir',
      empty,
      '--db-url',
      'postgres://postgres:pw@db.abcdefghijklmnopqrst.supabase.co:5432/postgres',
      '--confirm',
      'abcdefghijklmnopqrst'
    ]
    const ours = await runCliCaptured(args, { BACKUP_DRILL_PROJECT_REF: 'abcdefghijklmnopqrst' })
    // Past the inputs: it fails only at finding a backup in the empty folder.
    expect({ code: ours.code, stderr: ours.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining('backup: no complete backup set in')
    })
    const sop = await runCliCaptured(args, {
      BACKUP_DRILL_PROJECT_REF: undefined,
      OPTA_SUPABASE_PROJECT_REF: 'abcdefghijklmnopqrst'
    })
    expect({ code: sop.code, stderr: sop.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining('project-ref: is required')
    })
  })
})

import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { ACTION_INPUT_REGISTRIES } from '../src/config/action-inputs.js'
import { BACKUP_ACTION_INPUTS } from '../src/config/backup-action-inputs.js'
import { DRILL_ACTION_INPUTS, VERIFY_INPUTS } from '../src/config/drill-options.js'
import { actionDefault, type InputRegistry } from '../src/config/input-spec.js'
import { RESTORE_INPUTS } from '../src/config/restore-options.js'
import { PRUNE_INPUTS } from '../src/config/prune-options.js'
import { STATUS_ACTION_INPUTS } from '../src/config/status-options.js'
import { DEFAULT_RETENTION_POLICY } from '../src/retention/policy.js'

interface ActionYml {
  inputs: Record<string, { description: string; required: boolean; default: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

const ACTION_FILES = [
  'action.yml',
  'verify/action.yml',
  'drill/action.yml',
  'restore/action.yml',
  'prune/action.yml',
  'status/action.yml'
]

const readAction = (file: string): ActionYml => parse(readFileSync(file, 'utf8')) as ActionYml

/** What each entry (src/actions/*.ts) reads with readActionInputs: every name must be declared. */
const ENTRY_READS: Record<string, readonly string[]> = {
  'action.yml': BACKUP_ACTION_INPUTS,
  'verify/action.yml': [...VERIFY_INPUTS, 'postgres-version'],
  'drill/action.yml': [...DRILL_ACTION_INPUTS, 'postgres-version'],
  'restore/action.yml': [...RESTORE_INPUTS, 'postgres-version'],
  'prune/action.yml': PRUNE_INPUTS,
  'status/action.yml': STATUS_ACTION_INPUTS
}

describe('action.yml inputs are the input registry', () => {
  it('has a registry for each of the six actions', () => {
    expect(Object.keys(ACTION_INPUT_REGISTRIES).sort()).toEqual([...ACTION_FILES].sort())
  })

  it.each(ACTION_FILES)(
    '%s declares the registry: names in order, defaults, required, descriptions',
    (file) => {
      const registry: InputRegistry = ACTION_INPUT_REGISTRIES[file]!
      const { inputs } = readAction(file)
      expect(Object.keys(inputs)).toEqual(Object.keys(registry))
      for (const [name, spec] of Object.entries(registry)) {
        expect({ name, ...inputs[name] }).toEqual({
          name,
          description: spec.description,
          required: spec.required === true,
          default: actionDefault(spec)
        })
      }
    }
  )

  it.each(ACTION_FILES)('%s declares every input its entry reads', (file) => {
    const declared = Object.keys(readAction(file).inputs)
    for (const name of ENTRY_READS[file]!) expect(declared).toContain(name)
  })

  it('every action.yml is as `npm run docs` writes it from the registries', () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/action-inputs.ts', '--check'], {
      encoding: 'utf8'
    })
  })

  it('a default is a value its own rule accepts, in the parser and in action.yml', () => {
    for (const registry of Object.values(ACTION_INPUT_REGISTRIES)) {
      for (const [name, spec] of Object.entries(registry)) {
        if (!spec.rule) continue
        for (const value of [spec.default, actionDefault(spec)]) {
          // Blank and runner expressions are filled in before parsing.
          if (!value || value.startsWith('${{')) continue
          expect({ name, value, ok: spec.rule.safeParse(value).success }).toEqual({
            name,
            value,
            ok: true
          })
        }
      }
    }
  })

  it('an input of several operations has one rule, not a copy per operation', () => {
    const rules = new Map<string, unknown>()
    for (const registry of Object.values(ACTION_INPUT_REGISTRIES)) {
      for (const [name, spec] of Object.entries(registry)) {
        if (!rules.has(name)) rules.set(name, spec.rule)
        expect({ name, same: rules.get(name) === spec.rule }).toEqual({ name, same: true })
      }
    }
  })

  it('secrets: tokens, keys, webhooks whole; connection strings by their password', () => {
    for (const registry of Object.values(ACTION_INPUT_REGISTRIES)) {
      for (const [name, spec] of Object.entries(registry)) {
        if (['github-token', 'decrypt-identity', 'webhook-url', 'heartbeat-url'].includes(name))
          expect({ name, secret: spec.secret }).toEqual({ name, secret: 'whole' })
        if (name.endsWith('db-url'))
          expect({ name, secret: spec.secret }).toEqual({ name, secret: 'url-password' })
      }
    }
  })
})

describe('heartbeat-url', () => {
  it('is declared by backup, drill and status (their entries ping it), one spec for all', () => {
    for (const file of ['action.yml', 'drill/action.yml', 'status/action.yml'])
      expect({ file, declared: 'heartbeat-url' in readAction(file).inputs }).toEqual({
        file,
        declared: true
      })
    for (const file of ['action.yml', 'drill/action.yml', 'status/action.yml'])
      expect(ACTION_INPUT_REGISTRIES[file]!['heartbeat-url']!.secret).toBe('whole')
  })
})

describe('root action inputs', () => {
  it('declares exactly the inputs the entry reads', () => {
    const action = readAction('action.yml')
    expect(Object.keys(action.inputs).sort()).toEqual([...BACKUP_ACTION_INPUTS].sort())
  })
})

describe('prune sub-action', () => {
  it('declares every prune input with a description, every output, and points at its bundle', () => {
    const action = readAction('prune/action.yml')
    expect(Object.keys(action.inputs).sort()).toEqual([...PRUNE_INPUTS].sort())
    for (const input of Object.values(action.inputs))
      expect(input.description.length).toBeGreaterThan(10)
    expect(Object.keys(action.outputs).sort()).toEqual(['deleted-count', 'kept-count', 'summary'])
    for (const output of Object.values(action.outputs))
      expect(output.description.length).toBeGreaterThan(10)
    expect(action.inputs['dry-run']?.default).toBe('false')
    expect(action.inputs['keep-daily']?.default).toBe(String(DEFAULT_RETENTION_POLICY.daily))
    expect(action.inputs['keep-monthly']?.default).toBe(String(DEFAULT_RETENTION_POLICY.monthly))
    expect(action.runs).toEqual({ using: 'node24', main: '../dist/prune.js' })
    expect(readFileSync('rollup.config.js', 'utf8')).toContain(
      "prune: 'src/actions/entries/prune.ts'"
    )
  })
})

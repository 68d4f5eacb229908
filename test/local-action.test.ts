import { beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createDatabase, createFixtureDatabase } from './support/database.js'

// The actions under @github/local-action, the tool GitHub recommends for running a
// JavaScript action locally: it reads action.yml, replaces @actions/core, artifact,
// cache and github with its own stubs, imports the entry module and calls its
// exported run(). So the module must run nothing at import (src/actions/<name>.ts
// only exports run(); the bundle's entry src/actions/entries/<name>.ts calls it),
// or the action runs twice and the second run bypasses the stubs.

const ROOT = resolve('.')
const LOCAL_ACTION = join(ROOT, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js')

interface LocalActionRun {
  exitCode: number | null
  stdout: string
  stderr: string
  /** Every setOutput call, in order, as the stubbed @actions/core prints it. */
  outputCalls: Array<[name: string, value: string]>
}

/**
 * `local-action <action folder> <entry module> <dotenv file>`, from the repository
 * (it finds the stubbed packages with `npm ls` in its working directory). Inputs go
 * through the dotenv file, as the tool's README shows.
 */
async function localAction(
  actionDir: string,
  entry: string,
  variables: Record<string, string>
): Promise<LocalActionRun> {
  const dotenv = join(mkdtempSync(join(tmpdir(), 'local-action-')), '.env')
  writeFileSync(
    dotenv,
    Object.entries(variables)
      .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
      .join('\n') + '\n'
  )
  const child = spawn(process.execPath, [LOCAL_ACTION, actionDir, entry, dotenv], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? tmpdir(),
      TMPDIR: tmpdir(),
      // Plain text (no colour codes around the output lines); npm stays offline.
      NO_COLOR: '1',
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false'
    },
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
  const outputCalls = [...stdout.matchAll(/^::set-output name=([^:]+)::(.*)$/gm)].map(
    (m): [string, string] => [m[1]!, m[2]!]
  )
  return { exitCode, stdout, stderr, outputCalls }
}

/** Lines of the log matching `line` (the stubbed core prints info lines as `::info::<message>`). */
const count = (text: string, line: RegExp): number => [...text.matchAll(line)].length

let work: string
let source: string
let backupDir: string
let backup: LocalActionRun

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'local-action-work-'))
  backupDir = join(work, 'backups')
  // The stubs expect both folders to exist (a runner's workspace would).
  mkdirSync(join(work, 'workspace'))
  mkdirSync(join(work, 'artifacts'))
  source = await createFixtureDatabase({ users: 5 })
  backup = await localAction('.', 'src/actions/backup.ts', {
    'INPUT_DB-URL': source,
    INPUT_SCHEMAS: 'public,auth',
    'INPUT_OUT-DIR': backupDir,
    INPUT_PREFIX: 'local',
    // local-action's artifact stub stores the upload as a zip in this folder.
    INPUT_UPLOAD: 'artifact',
    LOCAL_ACTION_WORKSPACE: join(work, 'workspace'),
    LOCAL_ACTION_ARTIFACT_PATH: join(work, 'artifacts')
  })
}, 240_000)

describe('@github/local-action runs each action once, through its stubs', () => {
  it('root action: one backup set, each output set once, the upload went to the stub', () => {
    expect({ exitCode: backup.exitCode, stderr: backup.stderr }).toMatchObject({ exitCode: 0 })
    expect(count(backup.stdout, /Running Action/g)).toBe(1)
    const names = backup.outputCalls.map(([name]) => name)
    expect([...names].sort()).toEqual(
      [
        'artifact-id',
        'backup-path',
        'duration-seconds',
        'manifest-path',
        'sha256',
        'size-bytes'
      ].sort()
    )
    const outputs = Object.fromEntries(backup.outputCalls)
    expect(outputs.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(outputs['backup-path']).toMatch(new RegExp(`^${backupDir}/local-\\d{8}-\\d{6}\\.dump$`))
    // One run, one set: a second run at import would have written (or claimed) another.
    expect(readdirSync(backupDir).filter((file) => file.endsWith('.dump'))).toHaveLength(1)
    expect(readdirSync(backupDir).filter((file) => file.endsWith('.claim'))).toEqual([])
    // The stubbed @actions/artifact stored the set, not a real (unconfigured) results service.
    expect(readdirSync(join(work, 'artifacts'))).toEqual([
      `${outputs['backup-path']!.split('/')
        .pop()!
        .replace(/\.dump$/, '')}.zip`
    ])
    expect(backup.stdout).not.toContain(source)
  })

  it('drill action: restores that set into a scratch database once and passes', async () => {
    const scratch = await createDatabase('scratch')
    const logDir = join(work, 'drill-logs')
    mkdirSync(logDir)
    const drill = await localAction('drill', '../src/actions/drill.ts', {
      'INPUT_SCRATCH-DB-URL': scratch,
      'INPUT_DB-URL': source,
      INPUT_BACKUP: 'latest',
      'INPUT_OUT-DIR': backupDir,
      'INPUT_LOG-DIR': logDir,
      INPUT_UPLOAD: 'none',
      // action.yml's `${{ github.* }}` defaults, as a runner expands them (local-action does not).
      INPUT_REPOSITORY: 'octo-org/backup-drill',
      'INPUT_GITHUB-TOKEN': 'not-used-without-artifact-name'
    })
    expect({ exitCode: drill.exitCode, stderr: drill.stderr }).toMatchObject({ exitCode: 0 })
    expect(count(drill.stdout, /Running Action/g)).toBe(1)
    expect(drill.outputCalls.map(([name]) => name).sort()).toEqual(
      ['escalations', 'log-path', 'result', 'rpo-hours', 'rto-seconds'].sort()
    )
    const outputs = Object.fromEntries(drill.outputCalls)
    expect(outputs).toMatchObject({ result: 'pass', escalations: '' })
    expect(Number(outputs['rto-seconds'])).toBeGreaterThan(0)
    // One run, one log (json + md).
    expect(readdirSync(logDir).filter((file) => file.endsWith('.json'))).toEqual([
      outputs['log-path']!.split('/').pop()
    ])
    expect(count(drill.stdout, /^::info::Restore drill passed/gm)).toBe(1)
    expect(drill.stdout).not.toContain(scratch)
  })
})

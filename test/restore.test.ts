import { beforeAll, describe, expect, it } from '@jest/globals'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseRestoreOptions } from '../src/config/restore-options.js'
import { runRestore } from '../src/restore/run-restore.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { runActionStep } from './support/action-runner.js'
import { makeBackup, tempDir } from './support/backups.js'
import { runCliCaptured } from './support/cli.js'
import { countRows, createDatabase, createFixtureDatabase, withClient } from './support/database.js'

const REF = 'optaprodref'
/** Not Supabase: confirm names the database db-url overwrites. */
const nameOf = (url: string) => new URL(url).pathname.slice(1)

let source: string
let backup: Awaited<ReturnType<typeof makeBackup>>

beforeAll(async () => {
  source = await createFixtureDatabase({ users: 25 })
  backup = await makeBackup(source, { 'content-hash': 'true' })
})

/** A database standing in for production after the incident: it holds one marker table only. */
async function lostProduction(): Promise<string> {
  const url = await createDatabase('production')
  await withClient(url, (c) =>
    c.query(
      `CREATE TABLE public.incident_marker (note text); INSERT INTO public.incident_marker VALUES ('before restore')`
    )
  )
  return url
}

/** Tables in public and auth of `url`: proves whether a restore touched it. */
async function tablesOf(url: string): Promise<string[]> {
  const result = await withClient(url, (c) =>
    c.query<{ t: string }>(
      `SELECT schemaname || '.' || tablename AS t FROM pg_tables WHERE schemaname IN ('public', 'auth') ORDER BY 1`
    )
  )
  return result.rows.map((row) => row.t)
}

/** These tests restore into a database other than the backup's source, so restore-elsewhere is set. */
const restoreArgs = (db: string, extra: string[] = []) => [
  'restore',
  '--restore-elsewhere',
  'true',
  '--db-url',
  db,
  '--project-ref',
  REF,
  '--backup',
  backup.backupPath,
  '--log-dir',
  tempDir(),
  '--jobs',
  '2',
  ...extra
]

describe('restore (SOP §4)', () => {
  it('refuses a wrong confirm with exit 2 and leaves production untouched', async () => {
    const production = await lostProduction()
    const name = nameOf(production)
    for (const confirm of [REF, name.slice(0, -1), name.toUpperCase(), ` ${name}`, 'other']) {
      const run = await runCliCaptured(restoreArgs(production, ['--confirm', confirm]))
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('confirm: does not name the database db-url overwrites')
    }
    const missing = await runCliCaptured(restoreArgs(production))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('confirm: is required')
    expect(await tablesOf(production)).toEqual(['public.incident_marker'])
  })

  it('restores into a fresh production database with counts equal to the manifest', async () => {
    const production = await createDatabase('production')
    const run = await runCliCaptured(
      restoreArgs(production, ['--confirm', nameOf(production), '--json'])
    )
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.kind).toBe('restore')
    expect(result.result).toBe('pass')
    expect(result.escalations).toEqual([])
    expect(result.checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([])
    for (const name of [
      'confirm',
      'checksum',
      'archive readable',
      'restore',
      'tables present',
      'row counts',
      'content hashes'
    ]) {
      expect(result.checks.find((c: { name: string }) => c.name === name)?.status).toBe('pass')
    }
    const counts = await countRows(production)
    for (const table of backup.manifest.inventory.tables)
      expect(counts[`${table.schema}.${table.name}`]).toBe(table.rowCount)
    expect(backup.manifest.inventory.tables.reduce((n, t) => n + t.rowCount, 0)).toBeGreaterThan(
      100
    )
    expect(result.dataLossHours).toBeGreaterThanOrEqual(0)
    expect(result.restoreSeconds).toBeGreaterThan(0)
    expect(JSON.parse(readFileSync(result.logPath, 'utf8')).kind).toBe('restore')
  })

  it('stops at one flipped byte with checksum-mismatch and leaves production untouched', async () => {
    const dir = tempDir()
    for (const file of [backup.backupPath, backup.checksumPath, backup.manifestPath])
      copyFileSync(file, join(dir, file.split('/').pop()!))
    const dump = join(dir, backup.backupPath.split('/').pop()!)
    const bytes = readFileSync(dump)
    const middle = Math.floor(bytes.length / 2)
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0x01, middle)
    writeFileSync(dump, bytes)
    const production = await lostProduction()
    const run = await runCliCaptured([
      'restore',
      '--db-url',
      production,
      '--restore-elsewhere',
      'true',
      '--project-ref',
      REF,
      '--confirm',
      nameOf(production),
      '--backup',
      dump,
      '--log-dir',
      tempDir()
    ])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('checksum-mismatch')
    expect(run.stdout).toContain('Production was not touched')
    expect(await tablesOf(production)).toEqual(['public.incident_marker'])
  })

  it('summarises the data-loss window, the duration and the manual SOP steps, without a password', async () => {
    const production = await createDatabase('production')
    const run = await runCliCaptured(
      restoreArgs(production, [
        '--confirm',
        nameOf(production),
        '--smoke-command',
        'psql "$DATABASE_URL" -Atc "select count(*) from public.api_keys"; echo "$DATABASE_URL"'
      ])
    )
    expect(run.code).toBe(0)
    for (const text of [
      'Production restore',
      'PASS',
      'Data-loss window:',
      'Restore duration:',
      'Declare the Sev-1 incident',
      'Freeze writes and deploys',
      'IC approval',
      'Reopen traffic',
      'MANUAL'
    ]) {
      expect(run.stdout).toContain(text)
    }
    expect(run.stdout).toMatch(/smoke \| ✅ pass/)
    for (const password of [new URL(production).password, new URL(source).password]) {
      expect(password.length).toBeGreaterThan(3)
      expect(run.stdout + run.stderr).not.toContain(password)
    }
  })

  it('fails with smoke-failed when the smoke command fails after the restore', async () => {
    const production = await createDatabase('production')
    const run = await runCliCaptured(
      restoreArgs(production, [
        '--confirm',
        nameOf(production),
        '--smoke-command',
        'exit 4',
        '--json'
      ])
    )
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout).escalations).toEqual(['smoke-failed'])
  })

  it('reports the data-loss window as restore time minus the backup time (clock injected)', async () => {
    const production = await createDatabase('production')
    const later = new Date(Date.parse(backup.manifest.createdAt) + 30 * 3_600_000)
    const options = parseRestoreOptions({
      'db-url': production,
      'project-ref': REF,
      confirm: nameOf(production),
      'restore-elsewhere': 'true',
      backup: backup.backupPath,
      'log-dir': tempDir(),
      jobs: '2'
    })
    const result = await runRestore(options, createMemoryLogger(), { now: () => later })
    // Over the SOP's 24 h RPO is a fact for the incident record, not a failed restore.
    expect(result.log.result).toBe('pass')
    expect(result.dataLossHours).toBeCloseTo(30, 3)
    expect(result.log.rpo).toEqual({ hours: 30, limitHours: 24, ok: false })
    expect(result.markdown).toContain("over the SOP's 24 h RPO")
  })

  it('refuses a backup of another project before touching production', async () => {
    const other = await makeBackup(source, { 'project-ref': 'someotherref' })
    const production = await lostProduction()
    const run = await runCliCaptured([
      'restore',
      '--db-url',
      production,
      '--restore-elsewhere',
      'true',
      '--project-ref',
      REF,
      '--confirm',
      nameOf(production),
      '--backup',
      other.backupPath,
      '--log-dir',
      tempDir()
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('project-ref: the backup')
    expect(await tablesOf(production)).toEqual(['public.incident_marker'])
  })

  it('runs as the sub-action: outputs, job summary with the manual steps, bad confirm fails the step', async () => {
    const production = await createDatabase('production')
    const good = await runRestoreAction({
      'db-url': production,
      'project-ref': REF,
      confirm: nameOf(production),
      'restore-elsewhere': 'true',
      backup: backup.backupPath
    })
    expect(good.exitCode).toBe(0)
    expect(good.outputs.result).toBe('pass')
    expect(Number(good.outputs['data-loss-hours'])).toBeGreaterThanOrEqual(0)
    expect(Number(good.outputs['restore-seconds'])).toBeGreaterThan(0)
    expect(JSON.parse(readFileSync(good.outputs['log-path']!, 'utf8')).kind).toBe('restore')
    expect(good.summary).toContain('steps that remain manual')
    // ::add-mask:: lines are how secrets reach the runner's masker; every other line must be clean.
    const shown = good.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
    expect(shown.join('\n') + good.summary).not.toContain(new URL(production).password)
    expect(good.stdout).toContain('::add-mask::')

    const untouched = await lostProduction()
    const bad = await runRestoreAction({
      'db-url': untouched,
      'project-ref': REF,
      confirm: 'nope',
      'restore-elsewhere': 'true',
      backup: backup.backupPath
    })
    expect(bad.exitCode).toBe(1)
    expect(bad.stdout).toContain(
      '::error title=Bad input%3A confirm::confirm: does not name the database db-url overwrites'
    )
    expect(bad.outputs.result).toBeUndefined()
    expect(await tablesOf(untouched)).toEqual(['public.incident_marker'])
  })
})

/** Runs src/actions/entries/restore.ts as a runner runs dist/restore.js (see support/action-runner.ts). */
const runRestoreAction = (inputs: Record<string, string>) =>
  runActionStep('src/actions/entries/restore.ts', { inputs: { jobs: '2', ...inputs } })

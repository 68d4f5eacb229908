import { beforeAll, describe, expect, it } from '@jest/globals'
import { copyFileSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { computedSha256 } from '../src/actions/escalations.js'
import { runBackup } from '../src/backup/run-backup.js'
import type { Check } from '../src/drill/checks.js'
import { parseBackupOptions } from '../src/config/backup-options.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { makeBackup, tempDir } from './support/backups.js'
import { runCliCaptured } from './support/cli.js'
import { createFixtureDatabase } from './support/database.js'

// The verify command on real backups of a real database: checksum + archive check, no restore.

type Backup = Awaited<ReturnType<typeof makeBackup>>
interface VerifyJson {
  name: string
  result: 'pass' | 'fail'
  escalations: string[]
  checks: Check[]
}

let source: string
let backup: Backup

beforeAll(async () => {
  source = await createFixtureDatabase({ users: 10 })
  backup = await makeBackup(source)
})

/** A copy of the backup's three files in a new folder; returns the copied dump's path. */
function copySet(set: Backup, dir = tempDir()): string {
  for (const file of [set.backupPath, set.checksumPath, set.manifestPath]) {
    copyFileSync(file, join(dir, basename(file)))
  }
  return join(dir, basename(set.backupPath))
}

async function verify(args: string[]): Promise<{ code: number; json: VerifyJson; stderr: string }> {
  const run = await runCliCaptured(['verify', ...args, '--json'])
  return { code: run.code, json: JSON.parse(run.stdout) as VerifyJson, stderr: run.stderr }
}

const statusOf = (json: VerifyJson, check: string) =>
  json.checks.find((c) => c.name === check)?.status

describe('verify', () => {
  it('passes a fresh backup: checksum against .sha256 and manifest, archive readable (exit 0)', async () => {
    const { code, json } = await verify(['--backup', backup.backupPath])
    expect(code).toBe(0)
    expect(json.result).toBe('pass')
    expect(json.escalations).toEqual([])
    expect(statusOf(json, 'manifest')).toBe('pass')
    expect(statusOf(json, 'checksum')).toBe('pass')
    expect(statusOf(json, 'archive readable')).toBe('pass')
    // The action's sha256 output is read from the checksum check: it must be the dump's real hash.
    expect(computedSha256(json.checks)).toBe(backup.sha256)
  })

  it('accepts the manifest path in place of the dump', async () => {
    const { code, json } = await verify(['--backup', backup.manifestPath])
    expect(code).toBe(0)
    expect(json.name).toBe(backup.name)
  })

  it('catches one flipped byte as checksum-mismatch (exit 1)', async () => {
    const dump = copySet(backup)
    const bytes = readFileSync(dump)
    const middle = Math.floor(bytes.length / 2)
    bytes[middle] = bytes[middle]! ^ 0x01
    writeFileSync(dump, bytes)
    const { code, json } = await verify(['--backup', dump])
    expect(code).toBe(1)
    expect(json.result).toBe('fail')
    expect(json.escalations).toContain('checksum-mismatch')
    const checksum = json.checks.find((c) => c.name === 'checksum')
    expect(checksum?.condition).toBe('checksum-mismatch')
    expect(checksum?.detail).toContain(backup.sha256)
    expect(computedSha256(json.checks)).not.toBe(backup.sha256)
  })

  it('catches a truncated dump as checksum-mismatch and backup-unreadable (exit 1)', async () => {
    const dump = copySet(backup)
    truncateSync(dump, Math.floor(statSync(dump).size / 3))
    const { code, json } = await verify(['--backup', dump])
    expect(code).toBe(1)
    expect(json.escalations).toEqual(
      expect.arrayContaining(['checksum-mismatch', 'backup-unreadable'])
    )
    expect(statusOf(json, 'archive readable')).toBe('fail')
  })

  it('--backup latest picks the newest complete set, not a newer incomplete one', async () => {
    const dir = tempDir()
    copySet(backup, dir)
    // A second real backup into the same folder, stamped an hour later (clock injected).
    const later = new Date(Date.now() + 3_600_000)
    const options = parseBackupOptions({ 'db-url': source, 'out-dir': dir, schemas: 'public,auth' })
    const newer = await runBackup(options, createMemoryLogger(), { now: () => later })
    expect(newer.name > backup.name).toBe(true)
    // Newest of all, but only a dump: an incomplete set is never picked.
    const prefix = backup.name.replace(/-\d{8}-\d{6}$/, '')
    copyFileSync(newer.backupPath, join(dir, `${prefix}-29991231-235959.dump`))

    const { code, json } = await verify(['--backup', 'latest', '--out-dir', dir])
    expect(code).toBe(0)
    expect(json.name).toBe(newer.name)
    expect(computedSha256(json.checks)).toBe(newer.sha256)
  })

  it('exits 2 naming the input when the set is missing or incomplete', async () => {
    const empty = await runCliCaptured(['verify', '--backup', 'latest', '--out-dir', tempDir()])
    expect(empty.code).toBe(2)
    expect(empty.stderr).toMatch(/bad input: backup: no complete backup set/)

    const dir = tempDir()
    const dump = copySet(backup, dir)
    const missing = await runCliCaptured([
      'verify',
      '--backup',
      join(dir, 'backup-20200101-000000.dump')
    ])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/bad input: backup: .*not found/)

    rmSync(join(dir, `${backup.name}.sha256`))
    const incomplete = await runCliCaptured(['verify', '--backup', dump])
    expect(incomplete.code).toBe(2)
    expect(incomplete.stderr).toMatch(/bad input: backup: .*incomplete: missing \.sha256/)
  })
})

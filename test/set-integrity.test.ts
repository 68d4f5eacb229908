import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { findPgTool } from '../src/postgres/client-tools.js'
import { copyBackupSet, makeBackup, tempDir } from './support/backups.js'
import { runCliCaptured } from './support/cli.js'
import { createDatabase, createFixtureDatabase, withClient } from './support/database.js'
import { sha256 } from './support/digests.js'

// The files of a set vouch for each other: the .sha256 names exactly the
// set's dump and manifest (as `shasum -a 256 -c` reads it), so an edited or
// truncated manifest fails verify; and a production restore reads the whole
// archive before it touches anything.

const execFileAsync = promisify(execFile)

let source: string
let backup: Awaited<ReturnType<typeof makeBackup>>

beforeAll(async () => {
  source = await createFixtureDatabase({ users: 5 })
  // A table big enough that most of the archive is one compressed data block.
  await withClient(source, (client) =>
    client.query(
      `CREATE TABLE public.bulk AS SELECT i AS id, md5(i::text) || md5((i * 7)::text) AS payload
         FROM generate_series(1, 30000) AS i`
    )
  )
  backup = await makeBackup(source)
})

/** A copy of the set in a new folder: its dump, .sha256 and manifest paths. */
function copySet() {
  const dump = copyBackupSet(backup)
  const dir = dirname(dump)
  return {
    dir,
    dump,
    checksum: join(dir, basename(backup.checksumPath)),
    manifest: join(dir, basename(backup.manifestPath))
  }
}

async function verify(dump: string) {
  const run = await runCliCaptured(['verify', '--backup', dump, '--json'])
  const body = JSON.parse(run.stdout) as {
    result?: string
    escalations?: string[]
    checks?: Array<{ name: string; status: string; detail: string }>
    error?: string
  }
  return { run, body, check: (name: string) => body.checks?.find((c) => c.name === name) }
}

describe('the .sha256 file covers the whole set', () => {
  it('names the dump and the manifest, and shasum -a 256 -c accepts it in the folder', async () => {
    const lines = readFileSync(backup.checksumPath, 'utf8').trimEnd().split('\n')
    expect(lines).toEqual([
      `${sha256(readFileSync(backup.backupPath))}  ${basename(backup.backupPath)}`,
      `${sha256(readFileSync(backup.manifestPath))}  ${basename(backup.manifestPath)}`
    ])
    const { stdout } = await execFileAsync(
      'shasum',
      ['-a', '256', '-c', basename(backup.checksumPath)],
      {
        cwd: backup.outDir
      }
    )
    expect(stdout).toContain(`${basename(backup.backupPath)}: OK`)
    expect(stdout).toContain(`${basename(backup.manifestPath)}: OK`)
    const verified = await verify(backup.backupPath)
    expect(verified.run.code).toBe(0)
    expect(verified.check('checksum')?.detail).toContain('manifest')
  })

  it('an edited manifest that drops a table fails verify as checksum-mismatch', async () => {
    const set = copySet()
    const manifest = JSON.parse(readFileSync(set.manifest, 'utf8')) as {
      inventory: { tables: Array<{ name: string }> }
    }
    manifest.inventory.tables = manifest.inventory.tables.filter((t) => t.name !== 'bulk')
    writeFileSync(set.manifest, JSON.stringify(manifest, null, 2) + '\n')
    const { run, body, check } = await verify(set.dump)
    expect(run.code).toBe(1)
    expect(body.escalations).toContain('checksum-mismatch')
    expect(check('checksum')?.detail).toContain(basename(set.manifest))
  })

  it('a truncated manifest fails verify', async () => {
    const set = copySet()
    const text = readFileSync(set.manifest, 'utf8')
    writeFileSync(set.manifest, text.slice(0, Math.floor(text.length / 2)))
    const { run, body } = await verify(set.dump)
    expect(run.code).toBe(1)
    expect(body.escalations).toEqual(
      expect.arrayContaining(['checksum-mismatch', 'backup-unreadable'])
    )
  })

  it('a .sha256 line naming another file, or an extra line, fails verify', async () => {
    const renamed = copySet()
    writeFileSync(
      renamed.checksum,
      readFileSync(renamed.checksum, 'utf8').replace(
        basename(renamed.dump),
        'other-20200101-000000.dump'
      )
    )
    const first = await verify(renamed.dump)
    expect(first.run.code).toBe(1)
    expect(first.body.escalations).toContain('checksum-mismatch')
    expect(first.check('checksum')?.detail).toContain('other-20200101-000000.dump')

    const extra = copySet()
    writeFileSync(
      extra.checksum,
      readFileSync(extra.checksum, 'utf8') + `${'0'.repeat(64)}  unrelated.txt\n`
    )
    const second = await verify(extra.dump)
    expect(second.run.code).toBe(1)
    expect(second.body.escalations).toContain('checksum-mismatch')
    expect(second.check('checksum')?.detail).toContain('unrelated.txt')
  })

  it('an older set whose .sha256 has only the dump line still verifies', async () => {
    const set = copySet()
    writeFileSync(set.checksum, readFileSync(set.checksum, 'utf8').split('\n')[0] + '\n')
    const { run, check } = await verify(set.dump)
    expect(run.code).toBe(0)
    expect(check('checksum')?.status).toBe('pass')
  })
})

describe('restore reads the whole archive before touching production', () => {
  it('a corrupt data block behind an intact table of contents is refused, production untouched', async () => {
    // Corruption that no checksum saw (it happened before hashing): flip a
    // byte deep in the compressed data, then make .sha256 and manifest agree.
    const set = copySet()
    const bytes = readFileSync(set.dump)
    const at = Math.floor(bytes.length * 0.8)
    bytes[at] = bytes[at]! ^ 0xff
    writeFileSync(set.dump, bytes)
    const manifest = JSON.parse(readFileSync(set.manifest, 'utf8')) as {
      dump: { sha256: string; sizeBytes: number }
      projectRef: string
    }
    manifest.dump.sha256 = sha256(bytes)
    manifest.dump.sizeBytes = bytes.length
    const manifestText = JSON.stringify(manifest, null, 2) + '\n'
    writeFileSync(set.manifest, manifestText)
    writeFileSync(
      set.checksum,
      `${sha256(bytes)}  ${basename(set.dump)}\n${sha256(manifestText)}  ${basename(set.manifest)}\n`
    )
    // The premise: the table of contents reads fine, the data does not.
    const pgRestore = await findPgTool('pg_restore', { minMajor: 15 })
    await execFileAsync(pgRestore.path, ['--list', set.dump])
    await expect(execFileAsync(pgRestore.path, ['-f', '/dev/null', set.dump])).rejects.toThrow()

    const production = await createDatabase('production')
    await withClient(production, (c) =>
      c.query(`CREATE TABLE public.bulk (note text); INSERT INTO public.bulk VALUES ('keep me')`)
    )
    const run = await runCliCaptured([
      'restore',
      '--db-url',
      production,
      '--project-ref',
      manifest.projectRef,
      '--confirm',
      new URL(production).pathname.slice(1),
      '--restore-elsewhere',
      'true',
      '--backup',
      set.dump,
      '--log-dir',
      tempDir(),
      '--jobs',
      '2',
      '--json'
    ])
    expect(run.code).toBe(1)
    const log = JSON.parse(run.stdout) as {
      escalations: string[]
      checks: Array<{ name: string; status: string; detail: string }>
    }
    expect(log.escalations).toEqual(['backup-unreadable'])
    expect(log.checks.find((c) => c.name === 'restore')?.status).toBe('skip')
    const rows = await withClient(production, (c) =>
      c.query<{ note: string }>('SELECT note FROM public.bulk')
    )
    expect(rows.rows).toEqual([{ note: 'keep me' }])
  })
})

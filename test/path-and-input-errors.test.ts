import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { basename, dirname, join } from 'node:path'
import pg from 'pg'
import { copyBackupSet, makeBackup, tempDir } from './support/backups.js'
import { runCliCaptured, type CliRun } from './support/cli.js'
import { createDatabase, createFixtureDatabase, withClient } from './support/database.js'
import { waitFor } from './support/processes.js'
import { installedClients } from './support/embedded.js'
import { assertCompressSupported } from '../src/config/backup-options.js'
import { sha256 } from './support/digests.js'

// Errors that say what happened: a path that cannot take the backup (a file,
// a read-only or full file system), a --compress pg_dump rejects, a log-dir
// that cannot take the log, a table locked by DDL, a manifest from a newer
// format or with a broken createdAt. Each names the input or the path and the
// cause; bad input is refused before connecting.

/** The newest installed client: at least the test server's major. */
const PG_BIN = installedClients()[0]!.binDir
const jsonError = (run: CliRun) => JSON.parse(run.stdout) as { error: string; condition?: string }

/** mount(8) as root, else through passwordless sudo (GitHub runners); fails loudly if neither works. */
function mount(args: string[]): void {
  const asRoot = process.getuid?.() === 0
  execFileSync(asRoot ? 'mount' : 'sudo', asRoot ? args : ['-n', 'mount', ...args], {
    stdio: 'pipe'
  })
}
function umount(dir: string): void {
  const asRoot = process.getuid?.() === 0
  execFileSync(asRoot ? 'umount' : 'sudo', asRoot ? [dir] : ['-n', 'umount', dir], {
    stdio: 'pipe'
  })
}
const mounts: string[] = []
/** A fresh tmpfs of `size` (e.g. 512k), optionally remounted read-only. */
function tmpfs(size: string, readOnly = false): string {
  const dir = tempDir('backup-drill-mount-')
  mount(['-t', 'tmpfs', '-o', `size=${size},mode=1777`, 'tmpfs', dir])
  mounts.push(dir)
  if (readOnly) mount(['-o', 'remount,ro', dir])
  return dir
}
afterAll(() => {
  for (const dir of mounts) umount(dir)
})

/** A loopback URL nothing listens on: a run that tried to connect would fail with exit 1, not 2. */
async function unreachableUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise<void>((done) => server.close(() => done()))
  return `postgres://postgres:unused@127.0.0.1:${port}/postgres`
}

let source: string

beforeAll(async () => {
  source = await createFixtureDatabase({ users: 5 })
  // About 6 MB uncompressed: more than the small file system below holds.
  await withClient(source, (client) =>
    client.query(
      `CREATE TABLE public.filler AS SELECT i AS id, repeat(md5(i::text), 2) AS payload FROM generate_series(1, 80000) AS i`
    )
  )
})

describe('out-dir that cannot take the backup', () => {
  it('a file: exit 2 naming the path, before connecting', async () => {
    const file = join(tempDir(), 'not-a-folder')
    writeFileSync(file, 'x')
    for (const [outDir, message] of [
      [file, `out-dir: ${file} is a file, not a folder: pass a folder path`],
      [
        join(file, 'sub'),
        `out-dir: cannot create ${join(file, 'sub')}: ${file} is a file, not a folder`
      ]
    ] as const) {
      const run = await runCliCaptured([
        'backup',
        '--db-url',
        await unreachableUrl(),
        '--out-dir',
        outDir,
        '--json'
      ])
      expect(run.code).toBe(2)
      expect(jsonError(run).error).toBe(message)
    }
  })

  it('on a read-only file system: exit 2 naming the path and the cause, before connecting', async () => {
    const readOnly = tmpfs('1m', true)
    const run = await runCliCaptured([
      'backup',
      '--db-url',
      await unreachableUrl(),
      '--out-dir',
      readOnly,
      '--json'
    ])
    expect(run.code).toBe(2)
    expect(jsonError(run).error).toBe(
      `out-dir: ${readOnly} is not writable: read-only file system (EROFS)`
    )
    const below = join(readOnly, 'backups')
    const nested = await runCliCaptured([
      'backup',
      '--db-url',
      await unreachableUrl(),
      '--out-dir',
      below,
      '--json'
    ])
    expect(nested.code).toBe(2)
    expect(jsonError(nested).error).toBe(
      `out-dir: cannot create ${below}: ${readOnly} is not writable: read-only file system (EROFS)`
    )
  })

  it('on a full file system: exit 1 naming the file and "no space left", nothing left behind', async () => {
    const small = tmpfs('512k')
    const run = await runCliCaptured([
      'backup',
      '--db-url',
      source,
      '--out-dir',
      small,
      '--compress',
      '0',
      '--json'
    ])
    expect(run.code).toBe(1)
    const error = jsonError(run)
    expect(error.condition).toBe('backup-failed')
    expect(error.error).toMatch(
      new RegExp(
        `^cannot write ${small}/backup-\\d{8}-\\d{6}\\.dump\\.[\\w-]+\\.partial: no space left on device \\(ENOSPC\\)$`
      )
    )
    expect(readdirSync(small)).toEqual([])
  })
})

describe('--compress that pg_dump rejects', () => {
  it.each(['gzip:99', '6:3', 'none:3', 'lz4:13', 'zstd:0', '10'])(
    '%s: exit 2 naming compress',
    async (value) => {
      const run = await runCliCaptured([
        'backup',
        '--db-url',
        await unreachableUrl(),
        '--out-dir',
        tempDir(),
        '--compress',
        value,
        '--json'
      ])
      expect(run.code).toBe(2)
      expect(jsonError(run).error).toMatch(/^compress: must be a pg_dump -Z value/)
    }
  )

  it('methods need pg_dump 16+: refused for older majors, accepted from 16 on', () => {
    for (const major of [12, 15])
      expect(() => assertCompressSupported('zstd:3', major)).toThrow(
        `compress: zstd:3 needs pg_dump 16 or newer; pg_dump ${major} takes a level 0-9 only (e.g. 6)`
      )
    expect(() => assertCompressSupported('6', 15)).not.toThrow()
    expect(() => assertCompressSupported('zstd:3', 16)).not.toThrow()
    expect(() => assertCompressSupported(undefined, 12)).not.toThrow()
  })

  it('with pg-bin-dir, the pg_dump version is checked before connecting', async () => {
    // The oldest client on this machine: refused before any connection when it
    // is older than 16; else the value passes and the run fails connecting.
    const oldest = installedClients().at(-1)!
    const run = await runCliCaptured([
      'backup',
      '--db-url',
      await unreachableUrl(),
      '--out-dir',
      tempDir(),
      '--pg-bin-dir',
      oldest.binDir,
      '--compress',
      'zstd:3',
      '--json'
    ])
    if (oldest.major < 16) {
      expect(run.code).toBe(2)
      expect(jsonError(run).error).toBe(
        `compress: zstd:3 needs pg_dump 16 or newer; pg_dump ${oldest.major} takes a level 0-9 only (e.g. 6)`
      )
    } else {
      expect(run.code).toBe(1)
      expect(jsonError(run).error).toMatch(/^db-url: /)
    }
  })
})

describe('a table locked by another session', () => {
  it('waits at most lock-timeout, then fails naming the table; nothing left behind', async () => {
    const locker = new pg.Client({ connectionString: source })
    await locker.connect()
    try {
      await locker.query('BEGIN')
      await locker.query('LOCK TABLE public.filler IN ACCESS EXCLUSIVE MODE')
      const outDir = tempDir()
      const run = await runCliCaptured([
        'backup',
        '--db-url',
        source,
        '--out-dir',
        outDir,
        '--lock-timeout',
        '1',
        '--json'
      ])
      expect(run.code).toBe(1)
      const error = jsonError(run)
      expect(error.condition).toBe('backup-failed')
      expect(error.error).toContain('table public.filler is locked by another session')
      expect(error.error).toContain('lock-timeout (1 s)')
      expect(readdirSync(outDir)).toEqual([])
    } finally {
      await locker.end()
    }
  })

  it('DDL queued behind the backup makes pg_dump wait at most lock-timeout, and the error names the table', async () => {
    // pg_dump starts only when told to (a pg-bin-dir whose pg_dump waits for a
    // file with a bash builtin, then runs the real one), so DDL can queue in
    // between: the backup already holds its locks, the DDL waits for them, and
    // pg_dump's own lock request waits behind the DDL.
    const binDir = tempDir()
    const go = join(binDir, 'go')
    writeFileSync(
      join(binDir, 'pg_dump'),
      `#!/bin/bash
if [[ "$*" == *--snapshot=* ]]; then
  mkfifo "${binDir}/wait-$$"
  until [ -e "${go}" ]; do read -t 0.05 <> "${binDir}/wait-$$"; done
fi
exec ${PG_BIN}/pg_dump "$@"
`,
      { mode: 0o755 }
    )
    symlinkSync(join(PG_BIN, 'pg_restore'), join(binDir, 'pg_restore'))
    const outDir = tempDir()
    const backup = runCliCaptured([
      'backup',
      '--db-url',
      source,
      '--out-dir',
      outDir,
      '--pg-bin-dir',
      binDir,
      '--lock-timeout',
      '1',
      '--json'
    ])
    const ddl = new pg.Client({ connectionString: source })
    await ddl.connect()
    try {
      await waitFor('pg_dump to be waiting', () =>
        readdirSync(binDir).some((name) => name.startsWith('wait-')) ? true : undefined
      )
      await ddl.query('BEGIN')
      const altered = ddl
        .query('ALTER TABLE public.filler ADD COLUMN later int')
        .catch((e: Error) => e)
      await waitFor('the DDL to queue behind the backup', async () =>
        (
          await withClient(source, (c) =>
            c.query(
              `SELECT 1 FROM pg_locks WHERE relation = 'public.filler'::regclass AND NOT granted`
            )
          )
        ).rowCount
          ? true
          : undefined
      )
      writeFileSync(go, '')
      const run = await backup
      expect(run.code).toBe(1)
      const error = jsonError(run)
      expect(error.condition).toBe('backup-failed')
      expect(error.error).toContain('table public.filler is locked by another session')
      expect(error.error).toContain('pg_dump waited lock-timeout (1 s)')
      expect(readdirSync(outDir)).toEqual([])
      expect(await altered).not.toBeInstanceOf(Error)
      await ddl.query('ROLLBACK')
    } finally {
      await ddl.end()
    }
  })

  it('lock-timeout must be a whole number of seconds', async () => {
    const run = await runCliCaptured([
      'backup',
      '--db-url',
      await unreachableUrl(),
      '--lock-timeout',
      '0',
      '--json'
    ])
    expect(run.code).toBe(2)
    expect(jsonError(run).error).toBe('lock-timeout: must be a whole number from 1 to 86400')
  })
})

describe('log-dir that cannot take the drill log', () => {
  let backup: Awaited<ReturnType<typeof makeBackup>>
  beforeAll(async () => {
    backup = await makeBackup(await createFixtureDatabase({ users: 3 }))
  })

  it('drill: a file as log-dir is exit 2 before anything is restored', async () => {
    const scratch = await createDatabase('scratch')
    const file = join(tempDir(), 'logs')
    writeFileSync(file, 'x')
    const run = await runCliCaptured([
      'drill',
      '--backup',
      backup.backupPath,
      '--scratch-db-url',
      scratch,
      '--log-dir',
      file,
      '--json'
    ])
    expect(run.code).toBe(2)
    expect(jsonError(run).error).toBe(
      `log-dir: ${file} is a file, not a folder: pass a folder path`
    )
    const tables = await withClient(scratch, (c) =>
      c.query(`SELECT 1 FROM pg_tables WHERE schemaname IN ('public', 'auth')`)
    )
    expect(tables.rowCount).toBe(0)
  })

  it('restore: a read-only log-dir is exit 2 before production is touched', async () => {
    const production = await createDatabase('production')
    const readOnly = tmpfs('1m', true)
    const run = await runCliCaptured([
      'restore',
      '--db-url',
      production,
      '--project-ref',
      'local',
      '--confirm',
      new URL(production).pathname.slice(1),
      '--restore-elsewhere',
      'true',
      '--backup',
      backup.backupPath,
      '--log-dir',
      readOnly,
      '--json'
    ])
    expect(run.code).toBe(2)
    expect(jsonError(run).error).toBe(
      `log-dir: ${readOnly} is not writable: read-only file system (EROFS)`
    )
    const tables = await withClient(production, (c) =>
      c.query(`SELECT 1 FROM pg_tables WHERE schemaname IN ('public', 'auth')`)
    )
    expect(tables.rowCount).toBe(0)
  })
})

describe('manifests verify cannot use', () => {
  let backup: Awaited<ReturnType<typeof makeBackup>>
  beforeAll(async () => {
    backup = await makeBackup(await createFixtureDatabase({ users: 3 }))
  })

  /** A copy of the set with its manifest edited and the .sha256 made to match (only the content is wrong). */
  function withManifest(edit: (manifest: Record<string, unknown>) => void): string {
    const dump = copyBackupSet(backup)
    const manifestPath = join(dirname(dump), basename(backup.manifestPath))
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>
    edit(manifest)
    const text = JSON.stringify(manifest, null, 2) + '\n'
    writeFileSync(manifestPath, text)
    writeFileSync(
      join(dirname(dump), basename(backup.checksumPath)),
      `${sha256(readFileSync(dump))}  ${basename(dump)}\n${sha256(text)}  ${basename(manifestPath)}\n`
    )
    return dump
  }

  it('from a newer format: backup-unreadable, "written by a newer backup-drill (format N)", no zod dump', async () => {
    const dump = withManifest((m) => {
      m.formatVersion = 99
      m.tool = { name: 'backup-drill', version: '9.0.0' }
      m.somethingNew = { shape: 'unknown' }
    })
    const run = await runCliCaptured(['verify', '--backup', dump, '--json'])
    expect(run.code).toBe(1)
    const result = JSON.parse(run.stdout) as {
      escalations: string[]
      checks: Array<{ name: string; detail: string }>
    }
    expect(result.escalations).toEqual(['backup-unreadable'])
    const detail = result.checks.find((c) => c.name === 'manifest')!.detail
    expect(detail).toContain('written by a newer backup-drill 9.0.0 (format 99)')
    expect(detail).toContain('upgrade backup-drill')
    expect(detail).not.toContain('"code"')
  })

  it('a field of the wrong type is named by its path, not dumped as JSON', async () => {
    const dump = withManifest((m) => {
      ;(m.dump as Record<string, unknown>).sizeBytes = 'big'
    })
    const run = await runCliCaptured(['verify', '--backup', dump, '--json'])
    const result = JSON.parse(run.stdout) as { checks: Array<{ name: string; detail: string }> }
    const detail = result.checks.find((c) => c.name === 'manifest')!.detail
    expect(detail).toMatch(/does not match manifest format \d+: dump\.sizeBytes: /)
    expect(detail).not.toContain('"code"')
  })

  it('an invalid createdAt is backup-unreadable at verify, and the drill reports it without restoring', async () => {
    const dump = withManifest((m) => {
      m.createdAt = 'last tuesday'
    })
    const verify = await runCliCaptured(['verify', '--backup', dump, '--json'])
    expect(verify.code).toBe(1)
    const verified = JSON.parse(verify.stdout) as {
      escalations: string[]
      checks: Array<{ name: string; detail: string }>
    }
    expect(verified.escalations).toEqual(['backup-unreadable'])
    expect(verified.checks.find((c) => c.name === 'manifest')!.detail).toContain(
      'createdAt "last tuesday" is not an ISO 8601 time'
    )
    const scratch = await createDatabase('scratch')
    const logDir = tempDir()
    const drill = await runCliCaptured([
      'drill',
      '--backup',
      dump,
      '--scratch-db-url',
      scratch,
      '--log-dir',
      logDir,
      '--json'
    ])
    expect(drill.code).toBe(1)
    const log = JSON.parse(drill.stdout) as {
      escalations: string[]
      checks: Array<{ name: string; status: string }>
    }
    expect(log.escalations).toContain('backup-unreadable')
    expect(log.checks.find((c) => c.name === 'restore')?.status).toBe('skip')
    expect(existsSync(logDir) && readdirSync(logDir).length).toBe(2)
  })
})

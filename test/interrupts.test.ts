import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { PG_DUMP_APPLICATION_NAME } from '../src/backup/dump-stream.js'
import { DECRYPTED_DIR_PREFIX } from '../src/drill/verify-backup.js'
import { makeBackup, tempDir } from './support/backups.js'
import { runCliCaptured } from './support/cli.js'
import { createDatabase, withClient } from './support/database.js'
import { installedClients } from './support/embedded.js'
import {
  processesMentioning,
  spawnCli,
  waitFor,
  type CliProcessResult
} from './support/processes.js'

// SIGINT / SIGTERM (Ctrl-C, a cancelled workflow) at several points of a real
// CLI process: the run stops its child processes (pg_restore's -j workers
// too), removes every file it created (partial dumps, decrypted plaintext),
// says it was interrupted and exits 130 / 143. A run killed without a chance
// to clean up (SIGKILL) leaves files a later run removes.

/** The newest installed client: at least the test server's major. */
const PG_BIN = installedClients()[0]!.binDir
const EXIT = { SIGINT: 130, SIGTERM: 143 } as const
const SIGNALS = ['SIGINT', 'SIGTERM'] as const

function ageKeygen(): { identity: string; recipient: string } {
  const output = execFileSync('age-keygen', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  return {
    identity: /^AGE-SECRET-KEY-1[0-9A-Z]+$/m.exec(output)![0],
    recipient: /public key: (age1[0-9a-z]+)/.exec(output)![1]!
  }
}

const databaseName = (url: string) => new URL(url).pathname.slice(1)

/** Backends still connected to `url`'s database with an application name starting with `app`. */
async function sessions(url: string, app: string): Promise<number> {
  return withClient(url, async (client) => {
    const result = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_catalog.pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE $1 AND pid <> pg_backend_pid()`,
      [`${app}%`]
    )
    return result.rows[0]!.n
  })
}

/** After the run: no client process for `marker` survives and the server has no session of `app` left. */
async function expectNothingLeft(url: string, app: string, marker: string): Promise<void> {
  // Backends notice a vanished client asynchronously: wait for them to go, then assert.
  await waitFor('the server sessions and client processes to end', async () =>
    (await sessions(url, app)) === 0 && processesMentioning(marker).length === 0 ? true : undefined
  ).catch(() => undefined)
  expect(processesMentioning(marker)).toEqual([])
  expect(await sessions(url, app)).toBe(0)
}

function expectInterrupted(result: CliProcessResult, signal: (typeof SIGNALS)[number]): void {
  expect(result.code).toBe(EXIT[signal])
  expect(result.stderr).toContain(`Interrupted by ${signal}`)
  expect(result.stderr).not.toContain('ESCALATE')
}

let source: string

beforeAll(async () => {
  source = await createDatabase('interrupts')
  // Enough rows (uncompressed) that pg_dump, decryption and pg_restore each take a moment.
  await withClient(source, (client) =>
    client.query(
      `CREATE TABLE public.big (id int PRIMARY KEY, payload text);
       INSERT INTO public.big SELECT i, repeat(md5(i::text), 3) FROM generate_series(1, 600000) AS i;
       CREATE TABLE public.other AS SELECT i AS id, md5(i::text) AS payload FROM generate_series(1, 300000) AS i;`
    )
  )
}, 180_000)

describe('backup interrupted', () => {
  it.each(SIGNALS)(
    '%s during pg_dump: pg_dump stops, no partial file or claim, exit 130/143',
    async (signal) => {
      const outDir = tempDir()
      const run = spawnCli(['backup', '--db-url', source, '--out-dir', outDir, '--compress', '0'])
      await waitFor('pg_dump to be writing the partial dump', async () => {
        const partial = readdirSync(outDir).find((name) => name.includes('.dump.'))
        const writing = partial !== undefined && statSync(join(outDir, partial)).size > 0
        return writing && (await sessions(source, PG_DUMP_APPLICATION_NAME)) > 0 ? true : undefined
      })
      // The premise: pg_dump runs as a process of its own.
      expect(
        processesMentioning(databaseName(source)).some((p) => p.command.includes('pg_dump'))
      ).toBe(true)
      run.kill(signal)
      const result = await run.done
      expectInterrupted(result, signal)
      expect(readdirSync(outDir)).toEqual([])
      await expectNothingLeft(source, PG_DUMP_APPLICATION_NAME, databaseName(source))
    }
  )

  it.each(SIGNALS)(
    '%s during the archive check: pg_restore --list stops, no partial file, exit 130/143',
    async (signal) => {
      // A pg-bin-dir whose pg_restore takes its time before `--list` (a bash
      // builtin wait, no extra process), then runs the real one.
      const binDir = tempDir()
      symlinkSync(join(PG_BIN, 'pg_dump'), join(binDir, 'pg_dump'))
      writeFileSync(
        join(binDir, 'pg_restore'),
        `#!/bin/bash
if [ "$1" = "--list" ]; then fifo="${binDir}/wait-$$"; mkfifo "$fifo"; read -t 120 <> "$fifo"; fi
exec ${PG_BIN}/pg_restore "$@"
`
      )
      chmodSync(join(binDir, 'pg_restore'), 0o755)
      const outDir = tempDir()
      const run = spawnCli([
        'backup',
        '--db-url',
        source,
        '--out-dir',
        outDir,
        '--pg-bin-dir',
        binDir
      ])
      await waitFor('the archive check to run', () =>
        processesMentioning(outDir).some((p) => p.command.includes('--list')) ? true : undefined
      )
      run.kill(signal)
      const result = await run.done
      expectInterrupted(result, signal)
      expect(readdirSync(outDir)).toEqual([])
      await expectNothingLeft(source, PG_DUMP_APPLICATION_NAME, outDir)
    }
  )

  it('a backup killed with SIGKILL leaves its claim and partial file; the next backup removes them', async () => {
    const outDir = tempDir()
    const run = spawnCli(['backup', '--db-url', source, '--out-dir', outDir, '--compress', '0'])
    await waitFor('the partial dump to grow', () => {
      const partial = readdirSync(outDir).find((name) => name.includes('.dump.'))
      return partial !== undefined && statSync(join(outDir, partial)).size > 0 ? true : undefined
    })
    run.kill('SIGKILL')
    await run.done
    const left = readdirSync(outDir).sort()
    expect(left.some((name) => name.endsWith('.claim'))).toBe(true)
    expect(left.some((name) => name.endsWith('.partial'))).toBe(true)
    // Its orphaned pg_dump dies on the broken pipe; wait so it cannot write on.
    await waitFor('the orphaned pg_dump to end', () =>
      processesMentioning(outDir).length === 0 ? true : undefined
    )

    const next = await runCliCaptured([
      'backup',
      '--db-url',
      source,
      '--out-dir',
      outDir,
      '--prefix',
      'next'
    ])
    expect(next.code).toBe(0)
    for (const name of left) {
      expect(next.stderr).toContain(
        `Removed ${join(outDir, name)}: left by a backup whose process no longer exists`
      )
      expect(existsSync(join(outDir, name))).toBe(false)
    }
    expect(readdirSync(outDir).every((name) => name.startsWith('next-'))).toBe(true)
  })
})

describe('encrypted drill interrupted', () => {
  let keys: { identity: string; recipient: string }
  let backupPath: string

  beforeAll(async () => {
    keys = ageKeygen()
    backupPath = (
      await makeBackup(source, {
        'encrypt-recipients': keys.recipient,
        compress: '0',
        schemas: 'public'
      })
    ).backupPath
  }, 180_000)

  /** Starts a drill with its own TMPDIR, so its decrypted folder can be watched. */
  async function startDrill() {
    const tmp = tempDir()
    const scratch = await createDatabase('scratch')
    const run = spawnCli(
      [
        'drill',
        '--backup',
        backupPath,
        '--scratch-db-url',
        scratch,
        '--decrypt-identity',
        keys.identity,
        '--jobs',
        '2',
        '--log-dir',
        tempDir()
      ],
      { TMPDIR: tmp }
    )
    const plaintext = () =>
      readdirSync(tmp)
        .filter((name) => name.startsWith(DECRYPTED_DIR_PREFIX))
        .flatMap((dir) => readdirSync(join(tmp, dir)).map((file) => join(tmp, dir, file)))
        .find((file) => file.endsWith('.dump'))
    return { run, tmp, scratch, plaintext }
  }

  it.each(SIGNALS)('%s during decryption: no plaintext left, exit 130/143', async (signal) => {
    const { run, tmp, plaintext } = await startDrill()
    await waitFor('the plaintext to be written', () => {
      const file = plaintext()
      return file && statSync(file).size > 0 ? true : undefined
    })
    run.kill(signal)
    const result = await run.done
    expectInterrupted(result, signal)
    expect(readdirSync(tmp).filter((name) => name.startsWith('backup-drill'))).toEqual([])
  })

  it.each(SIGNALS)(
    '%s during pg_restore -j 2: pg_restore and its workers stop, no session left, no plaintext, exit 130/143',
    async (signal) => {
      const { run, tmp, scratch } = await startDrill()
      await waitFor('pg_restore workers to be restoring', async () =>
        (await sessions(scratch, 'backup-drill pg_restore')) >= 2 ? true : undefined
      )
      // The premise: pg_restore and at least one forked worker are running.
      const restoring = processesMentioning(databaseName(scratch)).filter((p) =>
        p.command.includes('pg_restore')
      )
      expect(restoring.length).toBeGreaterThanOrEqual(2)
      run.kill(signal)
      const result = await run.done
      expectInterrupted(result, signal)
      expect(readdirSync(tmp).filter((name) => name.startsWith('backup-drill'))).toEqual([])
      await expectNothingLeft(scratch, 'backup-drill pg_restore', databaseName(scratch))
    }
  )

  it('a drill killed with SIGKILL during decryption leaves plaintext that the next drill removes', async () => {
    const { run, tmp, plaintext } = await startDrill()
    await waitFor('the plaintext to be written', () => {
      const file = plaintext()
      return file && statSync(file).size > 0 ? true : undefined
    })
    run.kill('SIGKILL')
    await run.done
    const [abandoned] = readdirSync(tmp).filter((name) => name.startsWith('backup-drill'))
    expect(abandoned).toMatch(new RegExp(`^${DECRYPTED_DIR_PREFIX}`))
    expect(JSON.parse(readFileSync(join(tmp, abandoned!, '.owner.json'), 'utf8')).pid).toBe(run.pid)

    const verified = spawnCli(
      ['verify', '--backup', backupPath, '--decrypt-identity', keys.identity],
      {
        TMPDIR: tmp
      }
    )
    const result = await verified.done
    expect(result.code).toBe(0)
    expect(readdirSync(tmp).filter((name) => name.startsWith('backup-drill'))).toEqual([])
  })
})

describe('production restore interrupted', () => {
  let backupPath: string

  beforeAll(async () => {
    backupPath = (await makeBackup(source, { compress: '0', schemas: 'public' })).backupPath
  }, 180_000)

  it.each(SIGNALS)(
    '%s during pg_restore into production: workers stop, and a restore log says production may be partly restored',
    async (signal) => {
      const production = await createDatabase('production')
      const logDir = tempDir()
      const run = spawnCli([
        'restore',
        '--db-url',
        production,
        '--confirm',
        databaseName(production),
        '--restore-elsewhere',
        'true',
        '--project-ref',
        'optaprodref',
        '--backup',
        backupPath,
        '--jobs',
        '2',
        '--log-dir',
        logDir
      ])
      await waitFor('pg_restore workers to be restoring', async () =>
        (await sessions(production, 'backup-drill pg_restore')) >= 2 ? true : undefined
      )
      run.kill(signal)
      const result = await run.done
      expectInterrupted(result, signal)
      await expectNothingLeft(production, 'backup-drill pg_restore', databaseName(production))
      const logs = readdirSync(logDir).filter((name) => name.endsWith('.json'))
      expect(logs).toHaveLength(1)
      const log = JSON.parse(readFileSync(join(logDir, logs[0]!), 'utf8'))
      expect(log.kind).toBe('restore')
      expect(log.result).toBe('fail')
      expect(log.checks.find((c: { name: string }) => c.name === 'restore')).toMatchObject({
        status: 'fail',
        condition: 'restore-failed',
        detail: expect.stringContaining(`interrupted by ${signal} while writing production`)
      })
      expect(log.checks.find((c: { name: string }) => c.name === 'confirm')?.status).toBe('pass')
    }
  )
})

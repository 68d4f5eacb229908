import { describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  ensurePgClient,
  readHostFacts,
  type CommandRunner,
  type PackageCache
} from '../src/actions/pg-client.js'
import { EscalationError, InputError } from '../src/errors.js'
import { PGDG_HELPER, parseOsRelease, type HostFacts } from '../src/postgres/client-install.js'
import { findPgTool } from '../src/postgres/client-tools.js'
import { createMemoryLogger } from '../src/report/logger.js'

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

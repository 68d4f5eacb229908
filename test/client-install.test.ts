import { describe, expect, it } from '@jest/globals'
import {
  PGDG_HELPER,
  aptInstallCommands,
  clientCacheKey,
  decideClientInstall,
  hostFactsFrom,
  installFromDebsCommands,
  parseOsRelease,
  type ClientInstallFacts
} from '../src/postgres/client-install.js'

const UBUNTU = parseOsRelease(`PRETTY_NAME="Ubuntu 24.04.3 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
`)

/** A GitHub-hosted Ubuntu runner with the PostgreSQL 16 client it ships. */
function runner(overrides: Partial<ClientInstallFacts> = {}): ClientInstallFacts {
  return {
    serverMajor: 17,
    platform: 'linux',
    arch: 'x64',
    installed: [{ major: 16, binDir: '/usr/lib/postgresql/16/bin' }],
    aptAvailable: true,
    osRelease: UBUNTU,
    ...overrides
  }
}

describe('decideClientInstall', () => {
  const cases: Array<[string, Partial<ClientInstallFacts>, unknown]> = [
    [
      'uses the installed client of the server major',
      { serverMajor: 16 },
      expect.objectContaining({
        kind: 'use-existing',
        major: 16,
        binDir: '/usr/lib/postgresql/16/bin'
      })
    ],
    [
      'uses the exact major even when a newer one is installed too',
      {
        serverMajor: 15,
        installed: [
          { major: 17, binDir: '/a/17' },
          { major: 15, binDir: '/a/15' }
        ]
      },
      expect.objectContaining({ kind: 'use-existing', major: 15, binDir: '/a/15' })
    ],
    [
      'installs the server major on an apt runner (Supabase 17, runner ships 16)',
      {},
      {
        kind: 'install',
        major: 17,
        binDir: '/usr/lib/postgresql/17/bin',
        packageName: 'postgresql-client-17',
        cacheKey: 'pg-client-ubuntu-24.04-x64-17',
        reason:
          'the server is PostgreSQL 17 and only pg_dump 16 is installed: installing postgresql-client-17 from apt.postgresql.org'
      }
    ],
    [
      'installs the exact older major on an apt runner rather than using a newer pg_dump',
      { serverMajor: 15 },
      expect.objectContaining({
        kind: 'install',
        packageName: 'postgresql-client-15',
        cacheKey: 'pg-client-ubuntu-24.04-x64-15'
      })
    ],
    [
      'installs on arm64 runners, keyed by arch',
      { arch: 'arm64', installed: [] },
      expect.objectContaining({ kind: 'install', cacheKey: 'pg-client-ubuntu-24.04-arm64-17' })
    ],
    [
      'installs on Debian (ID_LIKE absent, ID=debian)',
      { osRelease: { id: 'debian', versionId: '12', versionCodename: 'bookworm' } },
      expect.objectContaining({ kind: 'install', cacheKey: 'pg-client-debian-12-x64-17' })
    ],
    [
      'installs on an Ubuntu derivative (ID_LIKE=ubuntu debian)',
      { osRelease: parseOsRelease('ID=linuxmint\nID_LIKE="ubuntu debian"\nVERSION_ID="22"\n') },
      expect.objectContaining({ kind: 'install', cacheKey: 'pg-client-linuxmint-22-x64-17' })
    ],
    [
      'falls back to the nearest newer pg_dump where it cannot install (macOS)',
      {
        platform: 'darwin',
        arch: 'arm64',
        aptAvailable: false,
        osRelease: undefined,
        serverMajor: 15,
        installed: [
          { major: 17, binDir: '/opt/homebrew/opt/postgresql@17/bin' },
          { major: 16, binDir: '/opt/homebrew/opt/postgresql@16/bin' }
        ]
      },
      expect.objectContaining({
        kind: 'use-existing',
        major: 16,
        binDir: '/opt/homebrew/opt/postgresql@16/bin',
        reason: expect.stringContaining('restore its archives with pg_restore 16 or newer')
      })
    ],
    [
      'fails on macOS without a usable client, naming the brew formula',
      {
        platform: 'darwin',
        arch: 'arm64',
        aptAvailable: false,
        osRelease: undefined,
        installed: []
      },
      {
        kind: 'fail',
        message:
          'no pg_dump is installed and the server is PostgreSQL 17: install it with `brew install postgresql@17` and set pg-bin-dir to "$(brew --prefix postgresql@17)/bin"'
      }
    ],
    [
      'fails on Windows, naming the installer and the bin folder',
      { platform: 'win32', aptAvailable: false, osRelease: undefined },
      expect.objectContaining({
        kind: 'fail',
        message: expect.stringMatching(
          /^only pg_dump 16 is installed and the server is PostgreSQL 17: .*C:\\Program Files\\PostgreSQL\\17\\bin$/
        )
      })
    ],
    [
      'fails on an older-only Fedora runner, naming the PGDG yum repository',
      { aptAvailable: false, osRelease: { id: 'fedora', versionId: '41' } },
      expect.objectContaining({
        kind: 'fail',
        message: expect.stringContaining('PGDG yum repository')
      })
    ],
    [
      'fails on Rocky Linux (ID_LIKE rhel), naming /usr/pgsql-<major>/bin',
      {
        aptAvailable: false,
        osRelease: parseOsRelease('ID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n')
      },
      expect.objectContaining({
        kind: 'fail',
        message: expect.stringContaining('pg-bin-dir=/usr/pgsql-17/bin')
      })
    ],
    [
      'fails on Alpine, naming the apk package',
      { aptAvailable: false, osRelease: { id: 'alpine', versionId: '3.20.3' }, installed: [] },
      expect.objectContaining({
        kind: 'fail',
        message: expect.stringContaining('apk add postgresql17-client')
      })
    ],
    [
      'fails on a Debian-like system without apt-get, naming the apt package',
      { aptAvailable: false },
      expect.objectContaining({
        kind: 'fail',
        message: expect.stringContaining('install postgresql-client-17 from apt.postgresql.org')
      })
    ],
    [
      'fails on an architecture apt.postgresql.org does not build for',
      { arch: 's390x', installed: [] },
      expect.objectContaining({
        kind: 'fail',
        message: expect.stringContaining('apt.postgresql.org has no packages for s390x')
      })
    ],
    [
      'fails on an unknown Linux with generic advice',
      { aptAvailable: false, osRelease: { id: 'arch' }, installed: [] },
      expect.objectContaining({
        kind: 'fail',
        message: expect.stringContaining('https://www.postgresql.org/download/')
      })
    ],
    [
      'refuses a server major older than 10',
      { serverMajor: 9 },
      {
        kind: 'fail',
        message: 'PostgreSQL 9 is not supported: the server must be PostgreSQL 10 or newer'
      }
    ],
    [
      'refuses a major that is not a whole number',
      { serverMajor: Number.NaN },
      expect.objectContaining({
        kind: 'fail',
        message: expect.stringContaining('is not supported')
      })
    ]
  ]

  it.each(cases)('%s', (_name, overrides, expected) => {
    expect(decideClientInstall(runner(overrides))).toEqual(expected)
  })

  it('names every installed major when none fits', () => {
    const decision = decideClientInstall(
      runner({
        aptAvailable: false,
        installed: [
          { major: 14, binDir: '/a' },
          { major: 16, binDir: '/b' }
        ]
      })
    )
    expect(decision).toMatchObject({
      kind: 'fail',
      message: expect.stringMatching(/^only pg_dump 14, 16 are installed and/)
    })
  })
})

describe('install commands', () => {
  const install = decideClientInstall(runner())
  if (install.kind !== 'install') throw new Error('expected an install decision')

  it('sets up the pgdg repository with the runner helper, then installs the client keeping the packages', () => {
    expect(aptInstallCommands(install, '/tmp/pg-client-17')).toEqual([
      ['sudo', 'mkdir', '-p', '/tmp/pg-client-17/partial'],
      ['sudo', PGDG_HELPER, '-y'],
      [
        'sudo',
        'apt-get',
        'install',
        '-y',
        '--no-install-recommends',
        '-o',
        'Dir::Cache::archives=/tmp/pg-client-17',
        '-o',
        'APT::Keep-Downloaded-Packages=true',
        'postgresql-client-17'
      ]
    ])
    expect(PGDG_HELPER).toBe('/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh')
  })

  it('drops sudo as root and installs cached packages without the repository', () => {
    expect(aptInstallCommands(install, '/c', { isRoot: true })[1]).toEqual([PGDG_HELPER, '-y'])
    expect(installFromDebsCommands(['/c/libpq5.deb', '/c/postgresql-client-17.deb'])).toEqual([
      [
        'sudo',
        'apt-get',
        'install',
        '-y',
        '--no-install-recommends',
        '/c/libpq5.deb',
        '/c/postgresql-client-17.deb'
      ]
    ])
  })
})

describe('clientCacheKey and parseOsRelease', () => {
  it.each([
    [{ platform: 'linux', arch: 'x64', osRelease: UBUNTU }, 17, 'pg-client-ubuntu-24.04-x64-17'],
    [
      { platform: 'linux', arch: 'arm64', osRelease: { id: 'debian', versionId: '12' } },
      15,
      'pg-client-debian-12-arm64-15'
    ],
    [{ platform: 'darwin', arch: 'arm64' }, 16, 'pg-client-darwin-arm64-16'],
    [{ platform: 'linux', arch: 'x64', osRelease: { id: 'ubuntu' } }, 17, 'pg-client-linux-x64-17'],
    [
      { platform: 'linux', arch: 'x64', osRelease: { id: 'my distro', versionId: '1/2' } },
      17,
      'pg-client-my_distro-1_2-x64-17'
    ]
  ])('%j major %i -> %s', (facts, major, key) => {
    expect(clientCacheKey(facts, major)).toBe(key)
  })

  it('reads quoted and unquoted values, and ID_LIKE as a list', () => {
    expect(UBUNTU).toEqual({
      id: 'ubuntu',
      idLike: ['debian'],
      versionId: '24.04',
      versionCodename: 'noble'
    })
    expect(parseOsRelease("ID='alpine'\n# comment\nVERSION_ID=3.20.3\n")).toEqual({
      id: 'alpine',
      idLike: undefined,
      versionId: '3.20.3',
      versionCodename: undefined
    })
  })
})

describe('hostFactsFrom', () => {
  const observed = {
    platform: 'linux',
    arch: 'x64',
    osReleaseText: 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n',
    debianClientDirs: ['15', '17', 'common', '9.6'],
    aptAvailable: true,
    isRoot: false,
    pgdgHelperAvailable: true
  }

  it('lists the installed majors newest first, ignoring folders not named by a major', () => {
    expect(hostFactsFrom(observed)).toEqual({
      platform: 'linux',
      arch: 'x64',
      installed: [
        { major: 17, binDir: '/usr/lib/postgresql/17/bin' },
        { major: 15, binDir: '/usr/lib/postgresql/15/bin' }
      ],
      aptAvailable: true,
      osRelease: { id: 'debian', versionId: '12', versionCodename: 'bookworm', idLike: undefined },
      isRoot: false,
      pgdgHelperAvailable: true
    })
  })

  it('feeds the decision: Debian 12 without 16 installs it under its own cache key', () => {
    expect(decideClientInstall({ ...hostFactsFrom(observed), serverMajor: 16 })).toMatchObject({
      kind: 'install',
      cacheKey: 'pg-client-debian-12-x64-16'
    })
  })

  it('without os-release (macOS) keys by platform and cannot install', () => {
    const mac = hostFactsFrom({
      ...observed,
      platform: 'darwin',
      arch: 'arm64',
      osReleaseText: undefined,
      debianClientDirs: [],
      aptAvailable: false
    })
    expect(mac.osRelease).toBeUndefined()
    expect(clientCacheKey(mac, 17)).toBe('pg-client-darwin-arm64-17')
    expect(decideClientInstall({ ...mac, serverMajor: 17 }).kind).toBe('fail')
  })
})

describe('aptInstallCommands without the pgdg helper', () => {
  it('installs postgresql-common from the distribution first', () => {
    const install = decideClientInstall(runner())
    if (install.kind !== 'install') throw new Error('expected an install decision')
    expect(aptInstallCommands(install, '/d', { isRoot: true, installHelper: true })).toEqual([
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', '--no-install-recommends', 'postgresql-common'],
      ['mkdir', '-p', '/d/partial'],
      [PGDG_HELPER, '-y'],
      [
        'apt-get',
        'install',
        '-y',
        '--no-install-recommends',
        '-o',
        'Dir::Cache::archives=/d',
        '-o',
        'APT::Keep-Downloaded-Packages=true',
        'postgresql-client-17'
      ]
    ])
  })
})

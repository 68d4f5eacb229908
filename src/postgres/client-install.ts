/**
 * Which PostgreSQL client a runner should use for a server of a given major:
 * pure decisions, so every case is a table row in a test. Hosted runners ship
 * one client major while Supabase runs 15 or 17; pg_dump must be at least the
 * server's major, and the exact major keeps the archive readable by that
 * major's pg_restore, so the exact major is preferred everywhere.
 */

/** A pg_dump found on the machine. */
export interface InstalledClient {
  major: number
  binDir: string
}

/** The fields of /etc/os-release this decision needs. */
export interface OsRelease {
  id?: string
  idLike?: string[]
  versionId?: string
  versionCodename?: string
}

export interface ClientInstallFacts {
  /** Major of the server to dump (from `SHOW server_version_num`). */
  serverMajor: number
  /** `process.platform`. */
  platform: string
  /** `process.arch`. */
  arch: string
  /** Every pg_dump found (e.g. in debianBinDir(major)). */
  installed: InstalledClient[]
  /** apt-get is on PATH. */
  aptAvailable: boolean
  osRelease?: OsRelease
  /** Running as root (a container): no sudo. */
  isRoot?: boolean
  /** PGDG_HELPER exists (postgresql-common is installed); assumed when not known. */
  pgdgHelperAvailable?: boolean
}

/** Everything about the machine, before the server major is known. */
export type HostFacts = Omit<ClientInstallFacts, 'serverMajor'>

/** What the machine shows, raw: the only input of hostFactsFrom. */
export interface HostObservations {
  platform: string
  arch: string
  /** Contents of /etc/os-release; undefined when the file is absent. */
  osReleaseText: string | undefined
  /** Names of the folders under DEBIAN_CLIENT_ROOT that hold bin/pg_dump. */
  debianClientDirs: string[]
  aptAvailable: boolean
  isRoot: boolean
  pgdgHelperAvailable: boolean
}

export type ClientInstallDecision =
  | { kind: 'use-existing'; major: number; binDir: string; reason: string }
  | {
      kind: 'install'
      major: number
      /** Where the client will be after the install. */
      binDir: string
      packageName: string
      /** @actions/cache key for the downloaded packages. */
      cacheKey: string
      reason: string
    }
  | { kind: 'fail'; message: string }

/** The PostgreSQL apt repository's setup helper, shipped by postgresql-common (present on GitHub's Ubuntu runners). */
export const PGDG_HELPER = '/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh'

/** Architectures apt.postgresql.org publishes client packages for, by Node's `process.arch`. */
const PGDG_ARCHES: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ppc64: 'ppc64el' }

/** Oldest server major this tool supports. */
const MIN_MAJOR = 10

/**
 * Where Debian/Ubuntu (and so GitHub's runners) keep every PostgreSQL major, one
 * folder each: the only place this path is spelled.
 */
export const DEBIAN_CLIENT_ROOT = '/usr/lib/postgresql'

/** Debian/Ubuntu's folder of one major's programs: DEBIAN_CLIENT_ROOT/<major>/bin. */
export function debianBinDir(major: number): string {
  return `${DEBIAN_CLIENT_ROOT}/${major}/bin`
}

/**
 * Turns what the machine shows into decision facts: installed clients (newest
 * first, only folders named by a major), the parsed os-release.
 */
export function hostFactsFrom(observed: HostObservations): HostFacts {
  const installed = observed.debianClientDirs
    .filter((name) => /^\d+$/.test(name))
    .map((name) => ({ major: Number(name), binDir: debianBinDir(Number(name)) }))
    .sort((a, b) => b.major - a.major)
  return {
    platform: observed.platform,
    arch: observed.arch,
    installed,
    aptAvailable: observed.aptAvailable,
    ...(observed.osReleaseText === undefined
      ? {}
      : { osRelease: parseOsRelease(observed.osReleaseText) }),
    isRoot: observed.isRoot,
    pgdgHelperAvailable: observed.pgdgHelperAvailable
  }
}

/**
 * Cache key for an installed client: `pg-client-<os>-<arch>-<major>`, where
 * os names the distribution release when known (packages built for one
 * release may not run on another), else the platform.
 */
export function clientCacheKey(
  facts: Pick<ClientInstallFacts, 'platform' | 'arch' | 'osRelease'>,
  major: number
): string {
  const { id, versionId } = facts.osRelease ?? {}
  const os = id && versionId ? `${id}-${versionId}` : facts.platform
  return `pg-client-${os}-${facts.arch}-${major}`.replace(/[^A-Za-z0-9._-]/g, '_')
}

/** Decides how to get a pg_dump for `facts.serverMajor`. */
export function decideClientInstall(facts: ClientInstallFacts): ClientInstallDecision {
  const major = facts.serverMajor
  if (!Number.isInteger(major) || major < MIN_MAJOR) {
    return {
      kind: 'fail',
      message: `PostgreSQL ${major} is not supported: the server must be PostgreSQL ${MIN_MAJOR} or newer`
    }
  }

  const exact = facts.installed.find((client) => client.major === major)
  if (exact)
    return {
      kind: 'use-existing',
      major,
      binDir: exact.binDir,
      reason: `pg_dump ${major} is installed`
    }

  const debArch = PGDG_ARCHES[facts.arch]
  if (
    facts.platform === 'linux' &&
    facts.aptAvailable &&
    isDebianLike(facts.osRelease) &&
    debArch
  ) {
    return {
      kind: 'install',
      major,
      binDir: debianBinDir(major),
      packageName: `postgresql-client-${major}`,
      cacheKey: clientCacheKey(facts, major),
      reason: `the server is PostgreSQL ${major} and ${describeInstalled(facts.installed)}: installing postgresql-client-${major} from apt.postgresql.org`
    }
  }

  // No way to install here: a newer pg_dump still dumps an older server; the
  // nearest newer major keeps the archive readable by the most pg_restore versions.
  const newer = facts.installed
    .filter((client) => client.major > major)
    .sort((a, b) => a.major - b.major)[0]
  if (newer) {
    return {
      kind: 'use-existing',
      major: newer.major,
      binDir: newer.binDir,
      reason: `pg_dump ${major} is not installed; pg_dump ${newer.major} can dump PostgreSQL ${major} (restore its archives with pg_restore ${newer.major} or newer)`
    }
  }

  return {
    kind: 'fail',
    message: `${describeInstalled(facts.installed)} and the server is PostgreSQL ${major}: ${installAdvice(facts)}`
  }
}

/**
 * Commands (argv arrays, run in order) that install the client from the
 * PostgreSQL apt repository. The packages are kept in `debDir` so they can be
 * cached and installed again without the repository (installFromDebsCommands).
 * `installHelper`: postgresql-common (which ships PGDG_HELPER) is missing, as
 * in slim Debian/Ubuntu containers, and comes first from the distribution.
 */
export function aptInstallCommands(
  decision: Extract<ClientInstallDecision, { kind: 'install' }>,
  debDir: string,
  options: { isRoot?: boolean; installHelper?: boolean } = {}
): string[][] {
  const sudo = options.isRoot ? [] : ['sudo']
  const helper = options.installHelper
    ? [
        [...sudo, 'apt-get', 'update'],
        [...sudo, 'apt-get', 'install', '-y', '--no-install-recommends', 'postgresql-common']
      ]
    : []
  return [
    ...helper,
    [...sudo, 'mkdir', '-p', `${debDir}/partial`],
    // -y: no prompt; the helper adds the repository and its key and runs apt-get update.
    [...sudo, PGDG_HELPER, '-y'],
    [
      ...sudo,
      'apt-get',
      'install',
      '-y',
      '--no-install-recommends',
      '-o',
      `Dir::Cache::archives=${debDir}`,
      '-o',
      'APT::Keep-Downloaded-Packages=true',
      decision.packageName
    ]
  ]
}

/**
 * Commands that install the client from cached packages (a cache hit): no
 * repository setup, no apt-get update. `debFiles` are the cached .deb paths.
 */
export function installFromDebsCommands(
  debFiles: string[],
  options: { isRoot?: boolean } = {}
): string[][] {
  const sudo = options.isRoot ? [] : ['sudo']
  return [[...sudo, 'apt-get', 'install', '-y', '--no-install-recommends', ...debFiles]]
}

/** Parses /etc/os-release (KEY=value lines, values optionally quoted). */
export function parseOsRelease(text: string): OsRelease {
  const values = new Map<string, string>()
  for (const line of text.split('\n')) {
    const match = line.match(/^([A-Z_]+)=(.*)$/)
    if (match?.[1]) values.set(match[1], (match[2] ?? '').trim().replace(/^(["'])(.*)\1$/, '$2'))
  }
  const idLike = values.get('ID_LIKE')?.split(/\s+/).filter(Boolean)
  return {
    id: values.get('ID'),
    idLike: idLike?.length ? idLike : undefined,
    versionId: values.get('VERSION_ID'),
    versionCodename: values.get('VERSION_CODENAME')
  }
}

function isDebianLike(release: OsRelease | undefined): boolean {
  const ids = [release?.id, ...(release?.idLike ?? [])]
  return ids.includes('debian') || ids.includes('ubuntu')
}

function describeInstalled(installed: InstalledClient[]): string {
  if (installed.length === 0) return 'no pg_dump is installed'
  const majors = [...new Set(installed.map((client) => client.major))].sort((a, b) => a - b)
  return `only pg_dump ${majors.join(', ')} ${majors.length === 1 ? 'is' : 'are'} installed`
}

/** What to install on a machine where this tool cannot install it, and the pg-bin-dir to pass. */
function installAdvice(facts: ClientInstallFacts): string {
  const major = facts.serverMajor
  const ids = [facts.osRelease?.id, ...(facts.osRelease?.idLike ?? [])]
  if (facts.platform === 'darwin') {
    return `install it with \`brew install postgresql@${major}\` and set pg-bin-dir to "$(brew --prefix postgresql@${major})/bin"`
  }
  if (facts.platform === 'win32') {
    return `install the PostgreSQL ${major} command line tools (https://www.postgresql.org/download/windows/) and set pg-bin-dir to C:\\Program Files\\PostgreSQL\\${major}\\bin`
  }
  if (facts.platform === 'linux' && isDebianLike(facts.osRelease) && !PGDG_ARCHES[facts.arch]) {
    return `apt.postgresql.org has no packages for ${facts.arch}: build or install PostgreSQL ${major}'s client another way and set pg-bin-dir`
  }
  if (facts.platform === 'linux' && isDebianLike(facts.osRelease)) {
    return `install postgresql-client-${major} from apt.postgresql.org (https://wiki.postgresql.org/wiki/Apt) and set pg-bin-dir=${debianBinDir(major)}`
  }
  if (ids.includes('alpine')) {
    return `install it with \`apk add postgresql${major}-client\``
  }
  if (ids.some((id) => id === 'rhel' || id === 'fedora' || id === 'centos')) {
    return `install postgresql${major} from the PGDG yum repository (https://www.postgresql.org/download/linux/redhat/) and set pg-bin-dir=/usr/pgsql-${major}/bin`
  }
  return `install PostgreSQL ${major}'s client tools (pg_dump, pg_restore; https://www.postgresql.org/download/) and set pg-bin-dir to the folder that holds them`
}

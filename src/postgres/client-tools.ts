import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'
import { EscalationError, InputError, type EscalationCondition } from '../errors.js'
import { DEBIAN_CLIENT_ROOT, debianBinDir } from './client-install.js'

const execFileAsync = promisify(execFile)

export type PgToolName = 'pg_dump' | 'pg_restore' | 'psql'

/** A located PostgreSQL client program and its version. */
export interface PgTool {
  path: string
  version: string
  major: number
}

/**
 * Finds a client tool: in `binDir` when given (it must be there), else
 * debianBinDir(minMajor), else the newest other Debian-style
 * install, else PATH. Returns the first candidate whose major is >= minMajor,
 * or the newest one found (the caller reports it as too old).
 */
export async function findPgTool(
  tool: PgToolName,
  options: { binDir?: string; minMajor?: number }
): Promise<PgTool> {
  if (options.binDir) {
    const path = join(options.binDir, tool)
    if (!existsSync(path)) {
      throw new InputError(
        'pg-bin-dir',
        `${path} does not exist: pass the directory that holds ${tool} (e.g. ${debianBinDir(17)})`
      )
    }
    return describeTool(path)
  }
  const candidates = candidatePaths(tool, options.minMajor)
  const found: PgTool[] = []
  for (const path of candidates) {
    const described = await describeTool(path).catch(() => undefined)
    if (!described) continue
    if (options.minMajor === undefined || described.major >= options.minMajor) return described
    found.push(described)
  }
  const newest = found.sort((a, b) => b.major - a.major)[0]
  if (newest) return newest
  throw new InputError(
    'pg-bin-dir',
    `${tool} not found in ${DEBIAN_CLIENT_ROOT}/<major>/bin or PATH: install the PostgreSQL client (Debian/Ubuntu: apt-get install -y postgresql-client${options.minMajor ? `-${options.minMajor}` : ''}) or pass pg-bin-dir`
  )
}

/**
 * Fails unless `tool` can read/write what `needMajor` produces: pg_dump must be
 * at least the server's major, pg_restore at least the dump's.
 */
export function assertToolMajor(
  tool: PgTool,
  needMajor: number,
  what: string,
  condition: EscalationCondition
): void {
  if (tool.major >= needMajor) return
  throw new EscalationError(
    condition,
    `${tool.path} is version ${tool.version} (major ${tool.major}) but ${what} is PostgreSQL ${needMajor}: ` +
      `install postgresql-client-${needMajor} (Debian/Ubuntu via apt.postgresql.org) and pass pg-bin-dir=${debianBinDir(needMajor)}, or set postgres-version to auto on GitHub runners`
  )
}

/** Parses `pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)` into version and major. */
export function parseToolVersion(output: string): { version: string; major: number } | undefined {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(output)
  if (!match) return undefined
  const major = Number(match[1])
  // Before 10 the major was two numbers (9.6); those are long unsupported.
  const version = [match[1], match[2], match[3]].filter((part) => part !== undefined).join('.')
  return { version, major }
}

async function describeTool(path: string): Promise<PgTool> {
  const { stdout } = await execFileAsync(path, ['--version'])
  const parsed = parseToolVersion(stdout)
  if (!parsed) throw new Error(`cannot read the version of ${path} from "${stdout.trim()}"`)
  return { path, ...parsed }
}

function candidatePaths(tool: PgToolName, minMajor: number | undefined): string[] {
  const paths: string[] = []
  if (minMajor !== undefined) paths.push(join(DEBIAN_CLIENT_ROOT, String(minMajor), 'bin', tool))
  if (existsSync(DEBIAN_CLIENT_ROOT)) {
    const majors = readdirSync(DEBIAN_CLIENT_ROOT)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
    for (const major of majors) paths.push(join(DEBIAN_CLIENT_ROOT, major, 'bin', tool))
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean))
    paths.push(join(dir, tool))
  return [...new Set(paths)].filter((path) => existsSync(path))
}

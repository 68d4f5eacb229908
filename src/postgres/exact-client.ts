import type { Logger } from '../log/logger.js'
import { errorMessage } from '../errors.js'
import { findPgTool, type PgTool, type PgToolName } from './client-tools.js'

/**
 * Returns the bin folder of a client of `major`, or undefined to keep what was
 * found. The actions install one on runners (postgres-version: auto); the CLI
 * passes none and keeps today's search.
 */
export type ResolvePgBinDir = (major: number) => Promise<string | undefined>

/**
 * findPgTool, preferring the exact `major`: with pg-bin-dir set or no
 * resolver, exactly findPgTool; otherwise a tool found of another major (or
 * none) makes it ask `resolvePgBinDir`. When that fails but a newer tool was
 * found, the newer one is used with a warning: a newer pg_dump still dumps an
 * older server and a newer pg_restore still reads an older archive, and a
 * failed install must not cost a backup or a drill that could still run.
 */
export async function findExactPgTool(
  tool: PgToolName,
  options: {
    binDir: string | undefined
    major: number
    resolvePgBinDir?: ResolvePgBinDir | undefined
    logger: Logger
  }
): Promise<PgTool> {
  const { binDir, major, resolvePgBinDir, logger } = options
  if (binDir || !resolvePgBinDir) return findPgTool(tool, { binDir, minMajor: major })
  const found = await findPgTool(tool, { minMajor: major }).catch(() => undefined)
  if (found?.major === major) return found
  const resolved = await resolvePgBinDir(major).catch((error: unknown) => {
    if (!found || found.major < major) throw error
    logger.warning(`${errorMessage(error)}; using ${found.path} ${found.version} instead`, {
      title: 'PostgreSQL client'
    })
    return undefined
  })
  if (resolved) return findPgTool(tool, { binDir: resolved, minMajor: major })
  return found ?? findPgTool(tool, { minMajor: major })
}

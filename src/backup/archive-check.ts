import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { EscalationError, type EscalationCondition } from '../errors.js'
import type { PgTool } from '../postgres/client-tools.js'
import { maskSecrets } from '../secrets.js'

const execFileAsync = promisify(execFile)

/** One line of `pg_restore --list`: `3345; 0 16390 TABLE DATA public accounts_profiles postgres`. */
export interface TocEntry {
  dumpId: number
  description: string
  rest: string
}

/** Parses the table of contents pg_restore prints; comment lines start with `;`. */
export function parseToc(listing: string): TocEntry[] {
  const entries: TocEntry[] = []
  for (const line of listing.split('\n')) {
    const match = /^(\d+);\s+\d+\s+\d+\s+(.+)$/.exec(line)
    if (match) entries.push({ dumpId: Number(match[1]), description: match[2]!.split(' ').slice(0, 2).join(' '), rest: match[2]! })
  }
  return entries
}

/** Tables (`schema.name`) that have no TABLE DATA entry in the listing. */
export function tablesMissingFromToc(listing: string, tables: string[]): string[] {
  const data = new Set(
    listing
      .split('\n')
      .map((line) => /^\d+;\s+\d+\s+\d+\s+TABLE DATA (\S+) (.+) \S+$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => `${match[1]}.${match[2]}`)
  )
  return tables.filter((table) => !data.has(table))
}

/**
 * Proves an archive readable: `pg_restore --list` must succeed and list a
 * TABLE DATA entry for every table of the manifest. `source` is a file path.
 */
export async function checkArchive(
  pgRestore: PgTool,
  source: string,
  tables: string[],
  condition: EscalationCondition
): Promise<{ entries: number }> {
  let listing: string
  try {
    const { stdout } = await execFileAsync(pgRestore.path, ['--list', source], { maxBuffer: 256 * 1024 * 1024 })
    listing = stdout
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim()
    throw new EscalationError(condition, `pg_restore --list cannot read the archive: ${maskSecrets(stderr || String(error))}`)
  }
  const missing = tablesMissingFromToc(listing, tables)
  if (missing.length > 0) {
    throw new EscalationError(condition, `the archive has no data for ${missing.length} table(s) of the manifest: ${missing.join(', ')}`)
  }
  return { entries: parseToc(listing).length }
}

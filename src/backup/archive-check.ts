import { execFile, spawn } from 'node:child_process'
import type { Writable } from 'node:stream'
import { promisify } from 'node:util'
import { trackChild } from '../cleanup/registry.js'
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
    if (match)
      entries.push({
        dumpId: Number(match[1]),
        description: match[2]!.split(' ').slice(0, 2).join(' '),
        rest: match[2]!
      })
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
    const run = execFileAsync(pgRestore.path, ['--list', source], {
      maxBuffer: 256 * 1024 * 1024
    })
    trackChild(run.child)
    listing = (await run).stdout
  } catch (error) {
    throw unreadable(condition, (error as { stderr?: string }).stderr || String(error))
  }
  return assertListingHasTables(listing, tables, condition)
}

/**
 * Starts `pg_restore --list` reading an archive from its stdin, for archives
 * that never exist in plain text on disk (encrypted while streaming). Feed the
 * plaintext into `input` (stop when it closes: pg_restore exits once it has read
 * the table of contents); `listing` resolves with its output.
 */
export function listArchiveFromStream(pgRestore: PgTool): {
  input: Writable
  listing: Promise<string>
} {
  const child = spawn(pgRestore.path, ['--list'], { stdio: ['pipe', 'pipe', 'pipe'] })
  trackChild(child)
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr
    .setEncoding('utf8')
    .on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-8192)))
  // pg_restore closing its stdin early is expected, not an error of the dump.
  child.stdin.on('error', () => undefined)
  const listing = new Promise<string>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(stderr.trim() || `exit code ${code}`))
    )
  })
  listing.catch(() => undefined) // awaited by the caller after the dump
  return { input: child.stdin, listing }
}

/** Fails unless the listing has a TABLE DATA entry for every table. */
export function assertListingHasTables(
  listing: string,
  tables: string[],
  condition: EscalationCondition
): { entries: number } {
  const missing = tablesMissingFromToc(listing, tables)
  if (missing.length > 0) {
    throw new EscalationError(
      condition,
      `the archive has no data for ${missing.length} table(s) of the manifest: ${missing.join(', ')}`
    )
  }
  return { entries: parseToc(listing).length }
}

/** The escalation for an archive pg_restore cannot read. */
export function unreadable(condition: EscalationCondition, why: string): EscalationError {
  return new EscalationError(
    condition,
    `pg_restore --list cannot read the archive: ${maskSecrets(why.trim())}`
  )
}

import { execFile, spawn } from 'node:child_process'
import type { Writable } from 'node:stream'
import { promisify } from 'node:util'
import { trackChild } from '../cleanup/registry.js'
import { EscalationError, type EscalationCondition } from '../errors.js'
import { tableKey, type TableRef } from './catalog.js'
import type { PgTool } from './client-tools.js'
import { collectStderrTail } from './run-pg-tool.js'
import { maskSecrets } from '../secrets.js'

const execFileAsync = promisify(execFile)

/** One line of `pg_restore --list`: `3345; 0 16390 TABLE DATA public accounts_profiles postgres`. */
export interface TocEntry {
  dumpId: number
  /** Everything after the two catalog ids: description, schema, name and owner, separated by spaces. */
  rest: string
}

/** Parses the table of contents pg_restore prints; comment lines start with `;`. */
export function parseToc(listing: string): TocEntry[] {
  const entries: TocEntry[] = []
  for (const line of listing.split('\n')) {
    const match = /^(\d+);\s+\d+\s+\d+\s+(.+)$/.exec(line)
    if (match) entries.push({ dumpId: Number(match[1]), rest: match[2]! })
  }
  return entries
}

/**
 * How pg_restore --list prints a name: as stored, unquoted, newlines as spaces
 * (pg_backup_archiver.c sanitize_line), so a space inside a name and the space
 * between fields look the same.
 */
export const listedName = (name: string): string => name.replace(/[\r\n]/g, ' ')

/**
 * Tables that have no TABLE DATA entry in the listing. The line's schema, name
 * and owner cannot be told apart by splitting at spaces (`TABLE DATA public my
 * table Data Owner`), so each entry is matched against the known tables by
 * prefix instead, and entries are given to tables one to one (a line that could
 * belong to two tables counts for only one of them).
 */
export function tablesMissingFromToc(listing: string, tables: TableRef[]): TableRef[] {
  const data = parseToc(listing)
    .filter((entry) => entry.rest.startsWith('TABLE DATA '))
    .map((entry) => entry.rest.slice('TABLE DATA '.length))
  const candidates = tables.map((table) => {
    const prefix = `${listedName(table.schema)} ${listedName(table.name)} `
    return data.flatMap((line, index) => (line.startsWith(prefix) ? [index] : []))
  })
  // Bipartite matching by augmenting paths: tiny inputs, and exact where greedy could misassign.
  const owner = new Map<number, number>()
  const assign = (table: number, seen: Set<number>): boolean => {
    for (const entry of candidates[table]!) {
      if (seen.has(entry)) continue
      seen.add(entry)
      const current = owner.get(entry)
      if (current === undefined || assign(current, seen)) {
        owner.set(entry, table)
        return true
      }
    }
    return false
  }
  return tables.filter((_table, index) => !assign(index, new Set()))
}

/**
 * The tables whose rows pg_dump writes as TABLE DATA: those with storage. A
 * partitioned table has none (its rows live in its partitions, which have their
 * own entries), so demanding data for it would fail every such backup.
 */
export function tablesWithStorage<T extends TableRef & { partitioned?: boolean }>(
  tables: T[]
): T[] {
  return tables.filter((table) => !table.partitioned)
}

/**
 * A use-list (`pg_restore -L`) of the whole listing except the CREATE SCHEMA
 * entries of `existing` schemas: those exist on the target already (public
 * always; others the drill prepared for an extension), so their CREATE would
 * only fail. Schema names in a scope are plain identifiers (no spaces), so the
 * `SCHEMA - <name> <owner>` prefix is unambiguous.
 */
export function useListWithoutSchemas(listing: string, existing: string[]): string {
  return keepEntries(
    listing,
    (entry) => !existing.some((schema) => entry.rest.startsWith(`SCHEMA - ${schema} `))
  )
}

/** The listing with every entry `keep` rejects commented out (a use-list for pg_restore -L). */
export function keepEntries(listing: string, keep: (entry: TocEntry) => boolean): string {
  return listing
    .split('\n')
    .map((line) => {
      const entry = parseToc(line)[0]
      return entry && !keep(entry) ? `;${line}` : line
    })
    .join('\n')
}

/** A foreign key's entry (`FK CONSTRAINT schema table name owner`). */
export const isForeignKey = (entry: TocEntry): boolean => entry.rest.startsWith('FK CONSTRAINT ')

/** A partition's index attached to its parent's (`INDEX ATTACH schema name owner`). */
export const isIndexAttach = (entry: TocEntry): boolean => entry.rest.startsWith('INDEX ATTACH ')

/**
 * Proves an archive readable: `pg_restore --list` must succeed and list a
 * TABLE DATA entry for every table with storage. `source` is a file path.
 */
export async function checkArchive(
  pgRestore: PgTool,
  source: string,
  tables: Array<TableRef & { partitioned?: boolean }>,
  condition: EscalationCondition
): Promise<{ entries: number; listing: string }> {
  const listing = await listArchive(pgRestore, source, condition)
  return { ...assertListingHasTables(listing, tables, condition), listing }
}

/** `pg_restore --list` of an archive file; an unreadable archive becomes `condition`. */
export async function listArchive(
  pgRestore: PgTool,
  source: string,
  condition: EscalationCondition
): Promise<string> {
  try {
    const run = execFileAsync(pgRestore.path, ['--list', source], {
      maxBuffer: 256 * 1024 * 1024
    })
    trackChild(run.child)
    return (await run).stdout
  } catch (error) {
    throw unreadable(condition, (error as { stderr?: string }).stderr || String(error))
  }
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
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  const stderr = collectStderrTail(child.stderr)
  // pg_restore closing its stdin early is expected, not an error of the dump.
  child.stdin.on('error', () => undefined)
  const listing = new Promise<string>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(stderr().trim() || `exit code ${code}`))
    )
  })
  listing.catch(() => undefined) // awaited by the caller after the dump
  return { input: child.stdin, listing }
}

/** Fails unless the listing has a TABLE DATA entry for every table with storage. */
export function assertListingHasTables(
  listing: string,
  tables: Array<TableRef & { partitioned?: boolean }>,
  condition: EscalationCondition
): { entries: number } {
  const missing = tablesMissingFromToc(listing, tablesWithStorage(tables))
  if (missing.length > 0) {
    throw new EscalationError(
      condition,
      `the archive has no data for ${missing.length} table(s) of the manifest: ${missing.map(tableKey).join(', ')}`
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

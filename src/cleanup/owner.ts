import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { trackDirectory, type Tracked } from './registry.js'

/**
 * Who made a claim or a temporary folder: enough for a later run to prove it
 * abandoned. Only a process on this host that no longer exists counts as
 * gone; anything else (another host, a pid still alive, even if reused, an
 * unreadable record) is kept, because removing a live run's files is worse
 * than leaving a dead run's files.
 */
export interface Owner {
  pid: number
  host: string
  /** Unique per claim: names the files the owner writes, so a sweep never touches another run's files. */
  token: string
}

/** A new owner record for this process. */
export function newOwner(): Owner {
  return {
    pid: process.pid,
    host: hostname(),
    token: `${process.pid}-${randomBytes(4).toString('hex')}`
  }
}

export function ownerText(owner: Owner): string {
  return JSON.stringify(owner) + '\n'
}

/** The owner written in a file; undefined when it is missing or not an owner record. */
export async function readOwner(path: string): Promise<Owner | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<Owner>
    return typeof value.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.token === 'string' &&
      /^[\w-]+$/.test(value.token)
      ? { pid: value.pid, host: value.host, token: value.token }
      : undefined
  } catch {
    return undefined
  }
}

/** True only when the owner's process provably no longer exists. */
export function isAbandoned(owner: Owner): boolean {
  if (owner.host !== hostname() || owner.pid === process.pid) return false
  try {
    process.kill(owner.pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

const OWNER_FILE = '.owner.json'

/**
 * A temporary folder (for a decrypted dump or a downloaded artifact) that this
 * run owns: registered for cleanup, with an owner record so a later run can
 * remove it if this process dies without cleaning up (SIGKILL, power loss).
 * Sweeps abandoned folders of the same prefix first.
 */
export async function ownedTempDir(prefix: string): Promise<{ path: string } & Tracked> {
  await removeAbandonedTempDirs(prefix)
  const path = await mkdtemp(join(tmpdir(), prefix))
  const tracked = trackDirectory(path)
  await writeFile(join(path, OWNER_FILE), ownerText(newOwner()), { mode: 0o600 })
  return { path, ...tracked }
}

/** Removes `<tmpdir>/<prefix>*` folders whose owner record proves them abandoned; returns their paths. */
export async function removeAbandonedTempDirs(prefix: string): Promise<string[]> {
  const removed: string[] = []
  const entries = await readdir(tmpdir(), { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(prefix)) continue
    const path = join(tmpdir(), entry.name)
    const owner = await readOwner(join(path, OWNER_FILE))
    if (owner && isAbandoned(owner)) {
      await rm(path, { recursive: true, force: true })
      removed.push(path)
    }
  }
  return removed
}

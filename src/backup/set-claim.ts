import { existsSync } from 'node:fs'
import { link, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isAbandoned, newOwner, ownerText, readOwner, type Owner } from '../cleanup/owner.js'
import { trackFile, type Tracked } from '../cleanup/registry.js'
import { InputError } from '../errors.js'
import {
  CHECKSUM_EXTENSION,
  DUMP_EXTENSION,
  ENCRYPTED_DUMP_EXTENSION,
  MANIFEST_EXTENSION
} from '../manifest/backup-set.js'

/**
 * A set name is claimed before any of its files is written, by creating
 * `<name>.claim` with O_EXCL: of any number of runs that pick the same name
 * (same prefix, same second), exactly one gets it. The claim holds the
 * owner's pid, host and a token; the owner's partial files are named
 * `<file>.<token>.partial`, so cleanup (its own, or a later run's sweep of a
 * dead owner) only ever removes files that one owner wrote.
 */
export const CLAIM_EXTENSION = '.claim'
const SET_EXTENSIONS = [
  ENCRYPTED_DUMP_EXTENSION,
  DUMP_EXTENSION,
  CHECKSUM_EXTENSION,
  MANIFEST_EXTENSION
]

export interface SetClaim {
  /** Where a file of the set is written before it is placed. */
  partialOf(finalPath: string): string
  /** Removes the claim (after the set is placed, or by the error path). */
  release(): Promise<void>
}

const partialName = (finalPath: string, owner: Owner) => `${finalPath}.${owner.token}.partial`

/**
 * Claims `name` in `outDir` for this run. A claim left by a process of this
 * host that no longer exists is swept (its partial files too) and claimed
 * again. Throws InputError (`out-dir`) while a live run holds the name, or
 * when one of `finalPaths` exists already (a set of this name was finished).
 */
export async function claimSetName(
  outDir: string,
  name: string,
  finalPaths: string[]
): Promise<SetClaim> {
  const claimPath = join(outDir, `${name}${CLAIM_EXTENSION}`)
  const owner = newOwner()
  let tracked: Tracked | undefined
  for (let attempt = 0; !tracked; attempt++) {
    try {
      await writeFile(claimPath, ownerText(owner), { flag: 'wx', mode: 0o644 })
      tracked = trackFile(claimPath)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = await readOwner(claimPath)
      if (attempt === 0 && holder && isAbandoned(holder)) {
        await sweepClaim(outDir, name, holder)
        continue
      }
      throw new InputError(
        'out-dir',
        `another backup is writing ${name} in ${outDir} right now${holder ? ` (pid ${holder.pid} on ${holder.host})` : ''}: runs in the same second with the same prefix cannot share a folder; use another prefix or out-dir, or run them a second apart`
      )
    }
  }
  for (const path of finalPaths) {
    if (existsSync(path)) {
      await tracked.undo()
      throw new InputError(
        'out-dir',
        `${path} already exists: a backup set of this name was made this second; wait a second or use another prefix`
      )
    }
  }
  return { partialOf: (path) => partialName(path, owner), release: () => tracked.undo() }
}

/**
 * Moves a set's partial files to their final names without ever replacing a
 * file (link fails on an existing name, where rename would overwrite it),
 * then removes the partials. Each placed file is registered for cleanup
 * until `keep` is called: a failure half-way leaves no lone file behind.
 */
export async function placeFiles(
  moves: Array<[partial: string, final: string]>
): Promise<{ keep(): void }> {
  const placed: Tracked[] = []
  for (const [partial, final] of moves) {
    try {
      await link(partial, final)
      placed.push(trackFile(final))
      await unlink(partial)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // File systems without hard links: the claim alone keeps names apart.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error
      if (existsSync(final)) throw error
      await rename(partial, final)
      placed.push(trackFile(final))
    }
  }
  return { keep: () => placed.forEach((file) => file.keep()) }
}

/**
 * Removes the partial files and claims of backups whose process died on
 * this host (SIGKILL, OOM, power loss); returns the removed paths.
 */
export async function sweepAbandonedClaims(outDir: string): Promise<string[]> {
  const removed: string[] = []
  const entries = await readdir(outDir).catch(() => [])
  for (const entry of entries) {
    if (!entry.endsWith(CLAIM_EXTENSION)) continue
    const name = entry.slice(0, -CLAIM_EXTENSION.length)
    const holder = await readOwner(join(outDir, entry))
    if (holder && isAbandoned(holder)) removed.push(...(await sweepClaim(outDir, name, holder)))
  }
  return removed
}

/** Removes a dead owner's partial files, then its claim if it still holds it. */
async function sweepClaim(outDir: string, name: string, holder: Owner): Promise<string[]> {
  const removed: string[] = []
  for (const extension of SET_EXTENSIONS) {
    const path = partialName(join(outDir, `${name}${extension}`), holder)
    if (existsSync(path)) {
      await rm(path, { force: true })
      removed.push(path)
    }
  }
  const claimPath = join(outDir, `${name}${CLAIM_EXTENSION}`)
  if ((await readOwner(claimPath))?.token === holder.token) {
    await rm(claimPath, { force: true })
    removed.push(claimPath)
  }
  return removed
}

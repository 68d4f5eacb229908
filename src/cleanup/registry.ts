import { AsyncLocalStorage } from 'node:async_hooks'
import type { ChildProcess } from 'node:child_process'
import { rm } from 'node:fs/promises'

/**
 * The things this run created and must not leave behind: partial files,
 * decrypted copies, claims, child processes. Operations register each thing
 * the moment it exists and either keep it (a finished backup's files) or undo
 * it. Both ways a run can end badly undo whatever is still registered, newest
 * first (so child processes die before their files are removed): the error
 * path, through `withCleanup`, and a SIGINT/SIGTERM, through `undoEverything`
 * (see interrupts.ts). Each thing is undone at most once, whoever gets there first.
 *
 * Registrations go to the scope of the running operation (AsyncLocalStorage),
 * so runs sharing a process (tests, concurrent CLI calls) never undo each
 * other's things.
 */

/** A registered thing: undo it now, or keep it (forget the registration). */
export interface Tracked {
  undo(): Promise<void>
  keep(): void
}

interface Entry {
  description: string
  undo: () => Promise<void>
}

interface Scope {
  entries: Set<Entry>
  /** The undo in progress: a second caller (interrupt and error path at once) waits for it, keeping the order. */
  undoing?: Promise<string[]>
}

const newScope = (): Scope => ({ entries: new Set() })
const rootScope: Scope = newScope()
const scopes = new Set<Scope>([rootScope])
const currentScope = new AsyncLocalStorage<Scope>()

/** Registers an undo in the running operation's scope. */
export function track(description: string, undo: () => Promise<void>): Tracked {
  const { entries } = currentScope.getStore() ?? rootScope
  const entry: Entry = { description, undo }
  entries.add(entry)
  return {
    undo: async () => {
      if (entries.delete(entry)) await entry.undo()
    },
    keep: () => void entries.delete(entry)
  }
}

/** A file this run created (or holds the exclusive claim to create). */
export function trackFile(path: string): Tracked {
  return track(`remove ${path}`, () => rm(path, { force: true }))
}

/** A folder this run created; removed with everything in it. */
export function trackDirectory(path: string): Tracked {
  return track(`remove ${path}`, () => rm(path, { recursive: true, force: true }))
}

/** How long a child gets to exit after SIGTERM before SIGKILL. */
const CHILD_GRACE_MS = 5000

/**
 * A child process: undoing it terminates it (its whole process group when it
 * was spawned `detached`, so pg_restore's parallel workers die with it) and
 * waits until it and every process holding its output pipes are gone. The
 * registration ends by itself when the child's output closes.
 */
export function trackChild(child: ChildProcess, options: { group?: boolean } = {}): Tracked {
  const closed = new Promise<void>((resolve) => {
    child.once('close', () => resolve())
    child.once('error', () => resolve())
  })
  const signal = (name: NodeJS.Signals) => {
    try {
      if (options.group && child.pid) process.kill(-child.pid, name)
      else child.kill(name)
    } catch {
      // Already gone.
    }
  }
  const tracked = track(`stop ${child.spawnfile} (pid ${child.pid})`, async () => {
    if (child.exitCode !== null && !options.group) return
    signal('SIGTERM')
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), CHILD_GRACE_MS)
    })
    if (await Promise.race([closed.then(() => false), timedOut])) signal('SIGKILL')
    clearTimeout(timer)
    // Workers of a group can outlive the leader's pipes; make sure none remains.
    if (options.group) signal('SIGKILL')
  })
  void closed.then(() => tracked.keep())
  return tracked
}

/**
 * Runs an operation in its own scope. Whatever is still registered when it
 * ends is undone, after success as after failure: what a run keeps, it keeps
 * explicitly. Undo failures never hide the operation's own error.
 */
export async function withCleanup<T>(work: () => Promise<T>): Promise<T> {
  const scope = newScope()
  scopes.add(scope)
  try {
    return await currentScope.run(scope, work)
  } finally {
    await undoScope(scope)
    scopes.delete(scope)
  }
}

/** Undoes every scope of the process (the interrupt path); returns what could not be undone. */
export async function undoEverything(): Promise<string[]> {
  const failures = await Promise.all([...scopes].map(undoScope))
  return failures.flat()
}

function undoScope(scope: Scope): Promise<string[]> {
  const run = (scope.undoing ?? Promise.resolve([])).then(() => undoEntries(scope.entries))
  scope.undoing = run
  return run
}

async function undoEntries(entries: Set<Entry>): Promise<string[]> {
  const failures: string[] = []
  for (const entry of [...entries].reverse()) {
    if (!entries.delete(entry)) continue
    try {
      await entry.undo()
    } catch (error) {
      failures.push(
        `${entry.description}: ${error instanceof Error ? error.message : String(error)}`
      )
    }
  }
  return failures
}

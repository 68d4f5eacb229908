import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { Transform, type Duplex, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createEncryptingTransform } from '../crypto/age.js'
import { trackChild } from '../cleanup/registry.js'
import { EscalationError, errorMessage } from '../errors.js'
import { fileSystemCause } from '../file-system.js'
import { listArchiveFromStream } from '../postgres/archive-check.js'
import { quoteTable, type TableRef } from '../postgres/catalog.js'
import type { PgTool } from '../postgres/client-tools.js'
import { libpqTool, type DatabaseTarget } from '../postgres/connection-url.js'
import { collectStderrTail } from '../postgres/run-pg-tool.js'
import type { Logger } from '../log/logger.js'
import { createProgressReporter } from '../log/progress.js'
import { maskSecrets } from '../secrets.js'

export interface DumpStreamOptions {
  pgDump: PgTool
  db: DatabaseTarget
  /** Snapshot exported by the manifest's transaction: dump and manifest show the same data. */
  snapshot: string
  schemas: string[]
  excluded: TableRef[]
  compress: string | undefined
  /** pg_dump --lock-wait-timeout: how long it waits for each table lock. */
  lockTimeoutSeconds: number
  /** Also dump the database's large objects (a table in scope can reference them). */
  largeObjects?: boolean
  /** File to create (must not exist); the caller renames it into place on success. */
  destination: string
  logger: Logger
  signal?: AbortSignal
  /** Encrypt while streaming; the plaintext is listed by this pg_restore on the way (it never touches disk). */
  encryption?: { recipients: string[]; pgRestore: PgTool }
  /** List the archive with this pg_restore while it streams (no file to list afterwards: a bucket upload). */
  listWith?: PgTool
}

/**
 * Where the stored bytes go instead of a file: a stream (e.g. into a multipart
 * upload) and the promise that settles when they are stored for good.
 */
export interface DumpSink {
  stream: Writable
  stored: Promise<void>
  /** For messages: `s3://bucket/key`. */
  description: string
}

export interface DumpStreamResult {
  /** SHA-256 and size of the stored bytes (the ciphertext when encrypted). */
  sha256: string
  sizeBytes: number
  seconds: number
  /** When encrypted: the plaintext archive's hash and size, and its `pg_restore --list` output. */
  plaintext?: { sha256: string; sizeBytes: number; listing: Promise<string> }
  /** The plaintext's `pg_restore --list` output, when it was listed while streaming (encrypted, or listWith). */
  listing?: Promise<string>
}

/** The application_name pg_dump connects with (lets people and tests find its backend). */
export const PG_DUMP_APPLICATION_NAME = 'backup-drill pg_dump'

/** The pg_dump arguments for a scope: whole schemas minus the excluded tables (keeps types and functions). */
export function pgDumpArguments(
  options: Pick<
    DumpStreamOptions,
    'snapshot' | 'schemas' | 'excluded' | 'compress' | 'lockTimeoutSeconds' | 'largeObjects'
  >,
  dbnameArg: string,
  pgDumpMajor: number
): string[] {
  return [
    '--format=custom',
    '--no-owner',
    '--no-privileges',
    `--snapshot=${options.snapshot}`,
    // Milliseconds: without it, DDL queued behind the backup's own locks would make pg_dump wait forever.
    `--lock-wait-timeout=${Math.round(options.lockTimeoutSeconds * 1000)}`,
    ...(options.compress ? [`--compress=${options.compress}`] : []),
    // With --schema, pg_dump leaves large objects out unless asked; the flag was renamed in 16.
    ...(options.largeObjects ? [pgDumpMajor >= 16 ? '--large-objects' : '--blobs'] : []),
    // Double quotes make pg_dump take names literally and case-sensitively.
    ...options.schemas.map((schema) => `--schema="${schema.replaceAll('"', '""')}"`),
    ...options.excluded.map((table) => `--exclude-table=${quoteTable(table)}`),
    `--dbname=${dbnameArg}`
  ]
}

/**
 * Runs pg_dump to stdout and streams it to `destination`, hashing on the way:
 * one pass over the bytes, no second read. The file is fsynced before the
 * promise resolves. On any failure the partial file is left for the caller to
 * remove (it owns the set's cleanup).
 */
export async function dumpToFile(options: DumpStreamOptions): Promise<DumpStreamResult> {
  // flush: fsync before close, so a backup that reports success is on disk.
  const sink = createWriteStream(options.destination, { flags: 'wx', mode: 0o600, flush: true })
  return dumpToSink(options, {
    stream: sink,
    stored: Promise.resolve(),
    description: options.destination
  })
}

/** How long a failed dump waits for the sink's own verdict (an upload aborting its parts). */
const SINK_VERDICT_WAIT_MS = 10_000

/** Resolves when `promise` settles, or after `ms`, whichever comes first; never rejects. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    promise.then(
      () => undefined,
      () => undefined
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms)
    })
  ])
  clearTimeout(timer)
}

/**
 * Runs pg_dump to stdout and streams it (hashed, optionally encrypted and
 * listed on the way) into `sink`: a file, or a bucket's multipart upload, so
 * the dump never needs local disk. Resolves once the sink reports the bytes stored.
 */
export async function dumpToSink(
  options: DumpStreamOptions,
  sink: DumpSink
): Promise<DumpStreamResult> {
  const started = performance.now()
  // Exactly the resolved target: no inherited PG* variable can redirect pg_dump.
  const connection = libpqTool(options.db, { PGAPPNAME: PG_DUMP_APPLICATION_NAME })
  // Everything that can wait happens before pg_dump starts: Node discards a child's stdout
  // that nothing reads when the child exits, so a small database dumped during an await
  // here (the age header for many recipients) came back as an empty archive.
  const encrypting = options.encryption
    ? await createEncryptingTransform(options.encryption.recipients)
    : undefined
  const progress = createProgressReporter(options.logger, 'pg_dump')
  const stored = hashingTap({ onChunk: (bytes) => progress.add(bytes) })
  let plaintext: { tap: ReturnType<typeof hashingTap>; listing: Promise<string> } | undefined
  const stages: Duplex[] = []
  let listing: Promise<string> | undefined
  if (options.encryption && encrypting) {
    const lister = listArchiveFromStream(options.encryption.pgRestore)
    listing = lister.listing
    plaintext = { tap: hashingTap({ copyTo: lister.input }), listing: lister.listing }
    stages.push(plaintext.tap.stream, encrypting)
  } else if (options.listWith) {
    const lister = listArchiveFromStream(options.listWith)
    listing = lister.listing
    stages.push(hashingTap({ copyTo: lister.input }).stream)
  }
  stages.push(stored.stream)
  // From here to the pipeline below nothing awaits: pg_dump's stdout is read from its first byte.
  const child = spawn(
    options.pgDump.path,
    pgDumpArguments(options, connection.dbnameArg, options.pgDump.major),
    {
      env: connection.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal
    }
  )
  trackChild(child)
  const stderr = collectStderrTail(child.stderr)
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve(code))
  })
  exited.catch(() => undefined) // observed below; avoid an unhandled rejection meanwhile
  // The sink's own failure (an upload refused) is the cause; pg_dump dying of the broken pipe is its consequence.
  let sinkFailure: unknown
  sink.stored.catch((error: unknown) => (sinkFailure ??= error))
  try {
    const [streamed, code] = await Promise.allSettled([
      pipeline([child.stdout, ...stages, sink.stream]).then(() => sink.stored),
      exited
    ])
    // An upload reports its failure once its abort is done, which can be after the pipeline broke
    // and pg_dump died of it: give the sink a moment to say so before judging what went wrong.
    if (streamed.status === 'rejected' || code.status === 'rejected' || code.value !== 0)
      await settledWithin(sink.stored, SINK_VERDICT_WAIT_MS)
    // A file the dump cannot be written to (full disk, read-only) is the cause;
    // pg_dump's exit (killed by the broken pipe) is only its consequence.
    const writeCause = streamed.status === 'rejected' ? fileSystemCause(streamed.reason) : undefined
    if (sinkFailure !== undefined)
      throw new EscalationError(
        'backup-failed',
        `cannot store ${sink.description}: ${errorMessage(sinkFailure)}`
      )
    if (writeCause) {
      throw new EscalationError('backup-failed', `cannot write ${sink.description}: ${writeCause}`)
    }
    if (code.status === 'rejected' || code.value !== 0) {
      const locked = /LOCK TABLE (\S+) IN ACCESS SHARE MODE/.exec(stderr())?.[1]
      if (locked)
        throw new EscalationError(
          'backup-failed',
          `table ${locked} is locked by another session: pg_dump waited lock-timeout (${options.lockTimeoutSeconds} s) for it; find the session holding it in pg_locks / pg_stat_activity, then retry`
        )
      const why =
        code.status === 'rejected' ? String(code.reason) : `exited with code ${code.value}`
      throw new EscalationError(
        'backup-failed',
        `pg_dump ${why}: ${maskSecrets(stderr().trim()) || 'no error output'}`
      )
    }
    if (streamed.status === 'rejected') throw streamed.reason
  } finally {
    progress.finish()
  }
  return {
    ...stored.result(),
    seconds: (performance.now() - started) / 1000,
    ...(plaintext ? { plaintext: { ...plaintext.tap.result(), listing: plaintext.listing } } : {}),
    ...(listing ? { listing } : {})
  }
}

/**
 * A pass-through stage that hashes and counts what flows through it, and
 * optionally copies it into `copyTo` (respecting its backpressure) until that
 * stream closes: pg_restore --list stops reading after the table of contents.
 */
function hashingTap(options: { copyTo?: Writable; onChunk?: (bytes: number) => void }): {
  stream: Transform
  result: () => { sha256: string; sizeBytes: number }
} {
  const { copyTo, onChunk } = options
  const hash = createHash('sha256')
  let sizeBytes = 0
  let copying = copyTo !== undefined
  copyTo?.once('close', () => (copying = false))
  copyTo?.on('error', () => (copying = false))
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk)
      sizeBytes += chunk.length
      onChunk?.(chunk.length)
      if (!copying || copyTo!.write(chunk)) return callback(null, chunk)
      let resumed = false
      const resume = () => {
        if (resumed) return
        resumed = true
        copyTo!.off('drain', resume)
        copyTo!.off('close', resume)
        callback(null, chunk)
      }
      copyTo!.once('drain', resume)
      copyTo!.once('close', resume)
    },
    flush(callback) {
      if (copying) copyTo!.end()
      callback()
    }
  })
  return { stream, result: () => ({ sha256: hash.digest('hex'), sizeBytes }) }
}

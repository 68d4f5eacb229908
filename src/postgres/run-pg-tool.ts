import { spawn } from 'node:child_process'
import type { Readable } from 'node:stream'
import { trackChild } from '../cleanup/registry.js'
import { maskCutSecret } from '../secrets.js'

/**
 * How much of a tool's error output is kept: libpq tools print their error last,
 * and a runaway tool must not fill memory. One limit for every tool we run.
 */
export const STDERR_TAIL_CHARS = 16 * 1024

/**
 * The last `limit` characters of text added to it. Where the cut fell inside a
 * secret, the part of it that is left is masked (maskSecrets, which callers run
 * on the text, only finds whole secrets).
 */
export class TextTail {
  #text = ''
  #cut = false

  constructor(private readonly limit = STDERR_TAIL_CHARS) {}

  add(chunk: string | Buffer): void {
    const text = this.#text + chunk.toString()
    if (text.length > this.limit) this.#cut = true
    this.#text = text.slice(-this.limit)
  }

  get text(): string {
    return this.#cut ? maskCutSecret(this.#text) : this.#text
  }
}

/** Reads `stream` to its end, keeping its last STDERR_TAIL_CHARS characters. */
export function collectStderrTail(stream: Readable): () => string {
  const tail = new TextTail()
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => tail.add(chunk))
  return () => tail.text
}

/** How a tool run by `runPgTool` ended. */
export interface PgToolRun {
  /** The exit code (null when killed by a signal), or the error that kept it from starting. */
  code: number | null | Error
  /** The tail of its stderr (unmasked: the caller masks before showing it). */
  stderr: string
}

/**
 * Runs a libpq tool (pg_restore, pg_dump) with no stdin and stdout discarded,
 * tracked by the cleanup registry so an interrupt or a failed run kills it, and
 * resolves when it has exited. For tools whose stdin or stdout carry data, spawn
 * directly and use `collectStderrTail`.
 */
export async function runPgTool(path: string, args: string[]): Promise<PgToolRun> {
  const child = spawn(path, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  trackChild(child)
  const stderr = collectStderrTail(child.stderr)
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  }).catch((error: Error) => error)
  return { code, stderr: stderr() }
}

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A running Azurite blob service: the storage behind the artifact emulator's SAS URLs. */
export interface Azurite {
  /** e.g. http://127.0.0.1:41234/devstoreaccount1 (path-style: the account is the first path segment). */
  blobEndpoint: string
  accountName: string
  accountKey: string
  /** Stops the process and removes its work folder. Safe to call twice. */
  stop(): Promise<void>
}

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT_NAME = 'devstoreaccount1'
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

/**
 * Preloaded into the Azurite process: it exits as soon as its IPC channel to us
 * closes, whether we disconnect on purpose (stop) or our process dies (a crashed or
 * killed jest worker), so no Azurite outlives the test run.
 */
const EXIT_WITH_PARENT = 'data:text/javascript,process.once("disconnect",()=>process.exit(0))'

const STARTUP_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 10_000

/**
 * Starts Azurite's blob service (the `azurite-blob` bin of node_modules/azurite)
 * on a free loopback port chosen by the OS, with in-memory storage, telemetry off
 * (the network is closed) and the version check / strict header checks relaxed so
 * any @azure/storage-blob release can talk to it. Resolves once Azurite reports the
 * port it listens on; a process that exits or stays silent fails with its output.
 */
export async function startAzurite(): Promise<Azurite> {
  const require = createRequire(import.meta.url)
  const packageDir = dirname(require.resolve('azurite/package.json'))
  const bin = join(packageDir, 'dist', 'src', 'blob', 'main.js')
  // In-memory persistence forbids --location, so the process runs in its own temp
  // folder: anything it might still write (debug logs) lands there and is removed.
  const workDir = await mkdtemp(join(tmpdir(), 'backup-drill-azurite-'))
  const child = spawn(
    process.execPath,
    [
      '--import',
      EXIT_WITH_PARENT,
      bin,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--extentMemoryLimit',
      '256',
      '--skipApiVersionCheck',
      '--loose',
      '--disableTelemetry',
      '--silent'
    ],
    { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: azuriteEnv() }
  )

  let stopped: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      await terminate(child)
      await rm(workDir, { recursive: true, force: true })
    })()
    return stopped
  }

  try {
    const origin = await waitForListening(child)
    return {
      blobEndpoint: `${origin}/${AZURITE_ACCOUNT_NAME}`,
      accountName: AZURITE_ACCOUNT_NAME,
      accountKey: AZURITE_ACCOUNT_KEY,
      stop
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/** The parent's env without AZURITE_ACCOUNTS, so only the well-known dev account exists. */
function azuriteEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.AZURITE_ACCOUNTS
  return env
}

/** Waits for "successfully listens on http://127.0.0.1:<port>" on stdout; returns that origin. */
function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(
      () =>
        finish(
          new Error(`Azurite did not start within ${STARTUP_TIMEOUT_MS} ms. Output:\n${output}`)
        ),
      STARTUP_TIMEOUT_MS
    )
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8')
      const match = /successfully listens on (http:\/\/[^\s/]+)/.exec(output)
      if (match) finish(undefined, match[1])
    }
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      finish(
        new Error(
          `Azurite exited during startup (code ${code}, signal ${signal}). Output:\n${output}`
        )
      )
    const finish = (error: Error | undefined, origin?: string): void => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onData)
      child.off('exit', onExit)
      child.off('error', finish)
      // Keep draining the pipes so a chatty Azurite never blocks on a full pipe.
      child.stdout?.resume()
      child.stderr?.resume()
      if (error) reject(error)
      else resolve(origin!)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', onExit)
    child.once('error', finish)
  })
}

/** Closes the IPC channel (the preload exits on it; storage is in memory), then SIGKILL if it lingers. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  if (child.connected) child.disconnect()
  else child.kill('SIGTERM')
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS)
  })
  const outcome = await Promise.race([exited, timedOut])
  clearTimeout(timer)
  if (outcome === 'timeout') {
    child.kill('SIGKILL')
    await exited
  }
}

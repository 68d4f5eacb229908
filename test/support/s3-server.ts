import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * A running S3-compatible server for tests: s3rver (npm) in a child process,
 * behind a front that verifies AWS Signature V4 and adds AbortMultipartUpload
 * and ListMultipartUploads (see s3-server-process.mjs and docs/s3-test-server.md).
 */
export interface S3TestServer {
  /** `http://127.0.0.1:<port>` (use path-style addressing). */
  endpoint: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  /** The AWS_* environment a CLI run reads its credentials and region from. */
  cliEnv(): Record<string, string>
  /** The CLI flags that point a command at `prefix` of `bucket` on this server. */
  cliFlags(bucket: string, prefix: string): string[]
  /** Creates a bucket directly in the server's folder (no client needed). */
  createBucket(name: string): Promise<void>
  /** Keys of the multipart uploads the server holds open in a bucket. */
  openUploads(bucket: string): Promise<string[]>
  /** Every request the server received so far, in order (whoever sent it). */
  requests(): Promise<S3Request[]>
  stop(): Promise<void>
}

/** One request as the server saw it. */
export interface S3Request {
  method: string
  /** `/bucket/key`, decoded. */
  path: string
  /** The query's parameter names (`uploads`, `uploadId`, `partNumber`, `list-type`, ...). */
  query: string[]
  /** The `x-amz-copy-source` header: set on CopyObject (and UploadPartCopy) only. */
  copySource: string | null
  /** The `If-None-Match` header. */
  ifNoneMatch: string | null
}

const PROCESS = join(dirname(fileURLToPath(import.meta.url)), 's3-server-process.mjs')
const STARTUP_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 10_000

/** Starts the server on a free loopback port with one random key pair (a fresh folder per server). */
export async function startS3Server(): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 'backup-drill-s3rver-'))
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`
  const secretAccessKey = randomBytes(30).toString('base64')
  const child = spawn(
    process.execPath,
    // s3rver's continuation tokens use DES: only in OpenSSL's legacy provider on Node 17+.
    ['--openssl-legacy-provider', PROCESS],
    {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        PATH: process.env.PATH,
        S3_TEST_DIRECTORY: directory,
        S3_TEST_ACCESS_KEY_ID: accessKeyId,
        S3_TEST_SECRET_ACCESS_KEY: secretAccessKey
      }
    }
  )
  let stopped: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      await terminate(child)
      await rm(directory, { recursive: true, force: true })
    })()
    return stopped
  }
  try {
    const port = await waitForPort(child)
    const endpoint = `http://127.0.0.1:${port}`
    const region = 'us-east-1'
    return {
      endpoint,
      region,
      accessKeyId,
      secretAccessKey,
      cliEnv: () => ({
        AWS_ACCESS_KEY_ID: accessKeyId,
        AWS_SECRET_ACCESS_KEY: secretAccessKey,
        AWS_REGION: region
      }),
      cliFlags: (bucket, prefix) => [
        '--store',
        's3',
        '--s3-bucket',
        bucket,
        '--s3-prefix',
        prefix,
        '--s3-endpoint',
        endpoint,
        '--s3-force-path-style',
        'true'
      ],
      createBucket: async (name) => {
        await mkdir(join(directory, name), { recursive: true })
      },
      openUploads: async (bucket) => {
        // Where s3rver keeps the parts of an open multipart upload, one folder per upload id.
        const uploads = join(directory, bucket, '._S3rver_uploads')
        const ids = await readdir(uploads).catch(() => [])
        return ids
      },
      requests: () => requestLog(child),
      stop
    }
  } catch (error) {
    await stop()
    throw error
  }
}

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(
      () => finish(new Error(`the S3 test server did not start: ${output}`)),
      STARTUP_TIMEOUT_MS
    )
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8')
      const match = /\{"port":(\d+)\}/.exec(output)
      if (match) finish(undefined, Number(match[1]))
    }
    const onExit = (code: number | null): void =>
      finish(new Error(`the S3 test server exited (code ${code}): ${output}`))
    const finish = (error: Error | undefined, port?: number): void => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onData)
      child.off('exit', onExit)
      child.stdout?.resume()
      child.stderr?.resume()
      if (error) reject(error)
      else resolve(port!)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', onExit)
  })
}

/**
 * Asks the server process for its request log over IPC. The process handles
 * messages in order and logs each request as it arrives, so every request
 * answered before this call is in the log.
 */
function requestLog(child: ChildProcess): Promise<S3Request[]> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string; requests?: S3Request[] }): void => {
      if (message?.type !== 'requests') return
      child.off('message', onMessage)
      resolve(message.requests ?? [])
    }
    child.on('message', onMessage)
    child.send({ type: 'requests' }, (error) => {
      if (error) {
        child.off('message', onMessage)
        reject(error)
      }
    })
  })
}

/** Closes the IPC channel (the process exits on it), then SIGKILL if it lingers. */
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

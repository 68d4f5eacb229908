import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createMemoryLogger } from '../src/log/logger.js'
import { sendHeartbeat, withHeartbeat } from '../src/notify/heartbeat.js'
import { maskSecrets } from '../src/secrets.js'
import { runActionStep } from './support/action-runner.js'
import { runCliCaptured } from './support/cli.js'
import { createDatabase, createFixtureDatabase } from './support/database.js'
import { HOUR, healthyStore, writeSet } from './support/status-store.js'

// A monitor on a local port: records every request path in order; `/slow/...`
// never answers (a monitor that hangs).
const hits: string[] = []
let monitor: Server
let base = ''
// The check's secret part: it must never appear in any output.
const CHECK = 'c0ffee00-5eed-4b1d-9e7a-heartbeat0001'

beforeAll(async () => {
  monitor = createServer((request, response) => {
    hits.push(request.url ?? '')
    if (request.url?.startsWith('/slow/')) return // never answered
    response.end('OK')
  })
  await new Promise<void>((resolve) => monitor.listen(0, '127.0.0.1', resolve))
  const address = monitor.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  base = `http://127.0.0.1:${address.port}`
})
afterAll(async () => {
  monitor.closeAllConnections()
  await new Promise((resolve) => monitor.close(resolve))
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true })
})

const tempDirs: string[] = []
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'heartbeat-test-'))
  tempDirs.push(dir)
  return dir
}

/** A fresh check path per test, so the hits of one test are its own. */
let checks = 0
const newCheck = () => `/ping/${CHECK}-${++checks}`
const hitsOf = (check: string) => hits.filter((hit) => hit.startsWith(check))

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createTcpServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('heartbeat pings (CLI status)', () => {
  it('a passing run pings start, then the check URL, in order; the URL never appears', async () => {
    const { outDir, logDir } = await healthyStore(tempDir)
    const check = newCheck()
    const run = await runCliCaptured([
      'status',
      '--out-dir',
      outDir,
      '--log-dir',
      logDir,
      '--heartbeat-url',
      `${base}${check}`
    ])
    expect(run.code).toBe(0)
    expect(hitsOf(check)).toEqual([`${check}/start`, check])
    expect(run.stdout + run.stderr).not.toContain(CHECK)
  })

  it('a failing run pings start, then /fail', async () => {
    const { outDir, logDir } = await healthyStore(tempDir)
    const check = newCheck()
    const run = await runCliCaptured([
      'status',
      '--out-dir',
      outDir,
      '--log-dir',
      logDir,
      '--rpo-hours',
      '1',
      '--heartbeat-url',
      `${base}${check}/`
    ])
    expect(run.code).toBe(1)
    // A trailing slash on the URL does not double the slash.
    expect(hitsOf(check)).toEqual([`${check}/start`, `${check}/fail`])
  })

  it('bad input of another flag still pings /fail and exits 2', async () => {
    const check = newCheck()
    const run = await runCliCaptured([
      'status',
      '--rpo-hours',
      'soon',
      '--heartbeat-url',
      `${base}${check}`
    ])
    expect(run.code).toBe(2)
    expect(hitsOf(check)).toEqual([`${check}/start`, `${check}/fail`])
  })

  it('a heartbeat-url that is not an http(s) URL is bad input, without echoing it', async () => {
    const run = await runCliCaptured(['status', '--heartbeat-url', `ftp://x/${CHECK}`])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('bad input: heartbeat-url')
    expect(run.stdout + run.stderr).not.toContain(CHECK)
  })

  it('an unreachable monitor is a warning; the result is unchanged and the URL not shown', async () => {
    const { outDir, logDir } = await healthyStore(tempDir)
    const port = await closedPort()
    const run = await runCliCaptured([
      'status',
      '--out-dir',
      outDir,
      '--log-dir',
      logDir,
      '--heartbeat-url',
      `http://127.0.0.1:${port}/ping/${CHECK}`
    ])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('heartbeat start ping not sent: ECONNREFUSED')
    expect(run.stderr).toContain('heartbeat success ping not sent')
    expect(run.stdout + run.stderr).not.toContain(CHECK)
  })
})

describe('heartbeat pings (CLI backup and drill)', () => {
  it('backup then drill of that backup: each pings start, then its check URL, in order; no URL shown', async () => {
    const production = await createFixtureDatabase({ users: 20 })
    const scratch = await createDatabase('scratch')
    const outDir = await tempDir()
    const [backupCheck, drillCheck] = [newCheck(), newCheck()]
    const backup = await runCliCaptured(
      [
        'backup',
        '--schemas',
        'public,auth',
        '--out-dir',
        outDir,
        '--heartbeat-url',
        `${base}${backupCheck}`
      ],
      { BACKUP_DRILL_DB_URL: production }
    )
    expect({ code: backup.code, stderr: backup.code === 0 ? '' : backup.stderr }).toEqual({
      code: 0,
      stderr: ''
    })
    expect(hitsOf(backupCheck)).toEqual([`${backupCheck}/start`, backupCheck])
    const drill = await runCliCaptured(
      [
        'drill',
        '--out-dir',
        outDir,
        '--scratch-db-url',
        scratch,
        '--log-dir',
        path.join(outDir, 'drill-logs'),
        '--heartbeat-url',
        `${base}${drillCheck}`
      ],
      { BACKUP_DRILL_DB_URL: production }
    )
    expect({ code: drill.code, stderr: drill.code === 0 ? '' : drill.stderr }).toEqual({
      code: 0,
      stderr: ''
    })
    expect(hitsOf(drillCheck)).toEqual([`${drillCheck}/start`, drillCheck])
    for (const run of [backup, drill]) expect(run.stdout + run.stderr).not.toContain(CHECK)
  })

  it('a backup that cannot reach its database pings start, then /fail (exit 1)', async () => {
    const check = newCheck()
    const run = await runCliCaptured(
      ['backup', '--out-dir', await tempDir(), '--heartbeat-url', `${base}${check}`],
      { BACKUP_DRILL_DB_URL: `postgres://postgres:pw@127.0.0.1:${await closedPort()}/postgres` }
    )
    expect(run.code).toBe(1)
    expect(hitsOf(check)).toEqual([`${check}/start`, `${check}/fail`])
    expect(run.stdout + run.stderr).not.toContain(CHECK)
  })

  it('a drill with no backup to restore pings start, then /fail (exit 2)', async () => {
    const check = newCheck()
    const run = await runCliCaptured(
      [
        'drill',
        '--out-dir',
        await tempDir(),
        '--scratch-db-url',
        'postgres://postgres:pw@127.0.0.1:1/scratch',
        '--heartbeat-url',
        `${base}${check}`
      ],
      {}
    )
    expect(run.code).toBe(2)
    expect(hitsOf(check)).toEqual([`${check}/start`, `${check}/fail`])
  })
})

describe('heartbeat (slow monitor)', () => {
  it('a monitor that does not answer in time is a warning and the result stands', async () => {
    const logger = createMemoryLogger()
    const url = `${base}/slow/${CHECK}`
    const started = Date.now()
    const result = await withHeartbeat(
      url,
      logger,
      async () => 'done',
      () => true,
      {
        timeoutMs: 300
      }
    )
    expect(result).toBe('done')
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(hitsOf(`/slow/${CHECK}`)).toEqual([`/slow/${CHECK}/start`, `/slow/${CHECK}`])
    const text = logger.lines.join('\n')
    expect(text).toContain('no answer within 0.3 s')
    expect(maskSecrets(text)).not.toContain(CHECK)
  })

  it('a thrown error pings /fail and is rethrown unchanged', async () => {
    const check = newCheck()
    const failure = new Error('boom')
    await expect(
      withHeartbeat(
        `${base}${check}`,
        createMemoryLogger(),
        async () => {
          throw failure
        },
        () => true
      )
    ).rejects.toBe(failure)
    expect(hitsOf(check)).toEqual([`${check}/start`, `${check}/fail`])
  })

  it('an HTTP error from the monitor is a warning', async () => {
    const logger = createMemoryLogger()
    const server = createServer((_, response) => {
      response.statusCode = 404
      response.end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    try {
      expect(await sendHeartbeat(`http://127.0.0.1:${port}/x`, 'start', logger)).toBe(false)
      expect(logger.lines.join('\n')).toContain('the monitor answered HTTP 404')
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('heartbeat in the status sub-action', () => {
  it('pings start then fail for an escalating status; the URL appears only in the add-mask command', async () => {
    const outDir = await tempDir()
    await writeSet(outDir, new Date(Date.now() - 30 * HOUR))
    const check = newCheck()
    const step = await runActionStep('src/actions/entries/status.ts', {
      inputs: {
        'out-dir': outDir,
        'log-dir': path.join(outDir, 'logs'),
        'heartbeat-url': `${base}${check}`
      }
    })
    expect(step.exitCode).toBe(1)
    expect(hitsOf(check)).toEqual([`${check}/start`, `${check}/fail`])
    const lines = (step.stdout + step.stderr).split('\n')
    expect(lines).toContain(`::add-mask::${base}${check}`)
    expect(
      lines.filter((line) => !line.startsWith('::add-mask::')).join('\n') + step.summary
    ).not.toContain(CHECK)
  })

  it('an unreachable monitor leaves a passing status passing, with a warning annotation', async () => {
    const { outDir, logDir } = await healthyStore(tempDir)
    const port = await closedPort()
    const step = await runActionStep('src/actions/entries/status.ts', {
      inputs: {
        'out-dir': outDir,
        'log-dir': logDir,
        'heartbeat-url': `http://127.0.0.1:${port}/ping/${CHECK}`
      }
    })
    expect(step.exitCode).toBe(0)
    expect(step.outputs.result).toBe('pass')
    expect(step.annotations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'warning', title: 'Heartbeat not sent' })
      ])
    )
    expect(
      step.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n')
    ).not.toContain(CHECK)
  })
})

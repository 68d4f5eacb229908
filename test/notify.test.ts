import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EscalationError } from '../src/errors.js'
import { notifyEscalation, escalationConditionsOf } from '../src/notify/notify.js'
import { noticeMarkdown, runContextFromEnv, type EscalationNotice } from '../src/notify/notice.js'
import { postWebhook, webhookPayload } from '../src/notify/webhook.js'
import { reportEscalationIssue } from '../src/notify/escalation-issue.js'
import { GITHUB_REST_RETRIES } from '../src/storage/github-rest.js'
import { createMemoryLogger } from '../src/log/logger.js'

interface Received {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: unknown
}

interface LocalServer {
  url: string
  received: Received[]
  close(): Promise<void>
}

type Reply = { status: number; json?: unknown; headers?: Record<string, string> }

const servers: LocalServer[] = []

/** A local HTTP server answering with `reply` and recording every request (JSON bodies parsed). */
async function startServer(reply: (request: Received) => Reply): Promise<LocalServer> {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const request: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined
      }
      received.push(request)
      const { status, json, headers } = reply(request)
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(json ?? {}))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const local: LocalServer = {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
  servers.push(local)
  return local
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

const TOKEN = 'ghs_notifyTestToken0123456789'
const REPOSITORY = 'opta/cloud-accounts'
const RUN_URL = 'https://github.com/opta/cloud-accounts/actions/runs/42'

function notice(overrides: Partial<EscalationNotice> = {}): EscalationNotice {
  return {
    operation: 'drill',
    conditions: ['checksum-mismatch', 'restore-failed'],
    message: 'sha256 of opta-supabase-20261101-031700.dump does not match its .sha256 file',
    summaryMarkdown: '| check | status |\n|---|---|\n| checksum | fail |',
    repository: REPOSITORY,
    runUrl: RUN_URL,
    at: new Date('2026-11-01T05:50:00Z'),
    ...overrides
  }
}

/** A fake of GitHub's issues REST endpoints: `open` is what the label search returns. */
function githubApi(open: unknown[]): (request: Received) => Reply {
  return (request) => {
    if (request.method === 'GET' && request.path.startsWith(`/repos/${REPOSITORY}/issues?`)) {
      return { status: 200, json: open }
    }
    if (request.method === 'POST' && request.path === `/repos/${REPOSITORY}/issues`) {
      return {
        status: 201,
        json: { number: 13, html_url: `https://github.com/${REPOSITORY}/issues/13` }
      }
    }
    const comment = request.path.match(new RegExp(`^/repos/${REPOSITORY}/issues/(\\d+)/comments$`))
    if (request.method === 'POST' && comment) return { status: 201, json: { id: 1 } }
    return { status: 404, json: { message: 'Not Found' } }
  }
}

describe('escalation issue', () => {
  it('opens an issue labelled backup-escalation when none is open', async () => {
    // A labelled pull request must not count as the open escalation issue.
    const api = await startServer(githubApi([{ number: 5, html_url: 'x', pull_request: {} }]))
    const logger = createMemoryLogger()
    const result = await notifyEscalation(
      notice(),
      { escalationIssue: true, githubToken: TOKEN, repository: REPOSITORY, apiUrl: api.url },
      logger
    )

    expect(result).toEqual({
      issue: { action: 'created', number: 13, url: `https://github.com/${REPOSITORY}/issues/13` },
      webhookPosted: false,
      failures: []
    })
    const [search, create] = api.received
    expect(api.received).toHaveLength(2)
    const query = new URL(search?.path ?? '', api.url).searchParams
    expect(query.get('labels')).toBe('backup-escalation')
    expect(query.get('state')).toBe('open')
    expect(search?.headers.authorization).toBe(`token ${TOKEN}`)
    expect(create?.method).toBe('POST')
    const body = create?.body as { title: string; body: string; labels: string[] }
    expect(body.labels).toEqual(['backup-escalation'])
    expect(body.title).toBe('Backup escalation: drill failed (checksum-mismatch, restore-failed)')
    expect(body.body).toContain('`checksum-mismatch`, `restore-failed`')
    expect(body.body).toContain(RUN_URL)
    expect(body.body).toContain('| checksum | fail |')
    expect(body.body).toContain('does not match its .sha256 file')
    expect(logger.lines).toContain(
      `Escalation issue opened: #13 https://github.com/${REPOSITORY}/issues/13`
    )
  })

  it('comments on the open escalation issue instead of opening another', async () => {
    const api = await startServer(
      githubApi([{ number: 7, html_url: `https://github.com/${REPOSITORY}/issues/7` }])
    )
    const result = await notifyEscalation(
      notice({ conditions: ['rpo-exceeded'] }),
      { escalationIssue: true, githubToken: TOKEN, repository: REPOSITORY, apiUrl: api.url },
      createMemoryLogger()
    )

    expect(result.issue).toEqual({
      action: 'commented',
      number: 7,
      url: `https://github.com/${REPOSITORY}/issues/7`
    })
    expect(api.received.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      `GET /repos/${REPOSITORY}/issues`,
      `POST /repos/${REPOSITORY}/issues/7/comments`
    ])
    const body = api.received[1]?.body as { body: string }
    expect(Object.keys(api.received[1]?.body as object)).toEqual(['body'])
    expect(body.body).toContain('`rpo-exceeded`')
    expect(body.body).toContain(RUN_URL)
  })

  it('logs a warning when the API refuses, and does not throw', async () => {
    const api = await startServer(() => ({
      status: 403,
      json: { message: 'Resource not accessible by integration' }
    }))
    const logger = createMemoryLogger()
    const result = await notifyEscalation(
      notice(),
      { escalationIssue: true, githubToken: TOKEN, repository: REPOSITORY, apiUrl: api.url },
      logger
    )
    expect(result.issue).toBeUndefined()
    expect(result.failures).toEqual([
      expect.stringContaining('Resource not accessible by integration')
    ])
    expect(
      logger.lines.some((line) =>
        line.startsWith('warning: Escalation notice not sent: escalation issue:')
      )
    ).toBe(true)
  })
})

describe('webhook', () => {
  it('posts JSON with a Slack-compatible text, the conditions and the run link', async () => {
    const hook = await startServer(() => ({ status: 200 }))
    const webhookUrl = `${hook.url}/services/T000/B000/webhookSecretPath1`
    const result = await notifyEscalation(
      notice(),
      { escalationIssue: false, webhookUrl },
      createMemoryLogger()
    )

    expect(result).toEqual({ webhookPosted: true, failures: [] })
    expect(hook.received).toHaveLength(1)
    expect(hook.received[0]?.method).toBe('POST')
    expect(hook.received[0]?.path).toBe('/services/T000/B000/webhookSecretPath1')
    expect(hook.received[0]?.headers['content-type']).toBe('application/json')
    expect(hook.received[0]?.body).toEqual({
      text: `:rotating_light: backup-drill drill escalation in ${REPOSITORY}: checksum-mismatch, restore-failed. <${RUN_URL}|View run>`,
      operation: 'drill',
      conditions: ['checksum-mismatch', 'restore-failed'],
      message: 'sha256 of opta-supabase-20261101-031700.dump does not match its .sha256 file',
      runUrl: RUN_URL,
      repository: REPOSITORY,
      at: '2026-11-01T05:50:00.000Z'
    })
  })

  it('logs a warning on HTTP 500 and does not throw; the issue is still opened', async () => {
    const hook = await startServer(() => ({ status: 500 }))
    const api = await startServer(githubApi([]))
    const webhookUrl = `${hook.url}/services/T000/B000/webhookSecretPath2`
    const logger = createMemoryLogger()
    const result = await notifyEscalation(
      notice(),
      {
        escalationIssue: true,
        githubToken: TOKEN,
        repository: REPOSITORY,
        apiUrl: api.url,
        webhookUrl
      },
      logger
    )

    expect(result.webhookPosted).toBe(false)
    expect(result.issue?.action).toBe('created')
    expect(result.failures).toEqual(['webhook: webhook answered HTTP 500 (tried twice)'])
    expect(hook.received).toHaveLength(2)
    expect(logger.lines).toContain(
      'warning: Escalation notice not sent: webhook: webhook answered HTTP 500 (tried twice). The run still fails for its escalation.'
    )
  })
})

describe('secrets in notices', () => {
  it('never logs the token or the webhook URL, whatever fails', async () => {
    // The fake API echoes the Authorization header back in its error message.
    const api = await startServer((request) => ({
      status: 401,
      json: { message: `Bad credentials: ${String(request.headers.authorization)}` }
    }))
    // A port nothing listens on: a server started and closed again.
    const gone = await startServer(() => ({ status: 200 }))
    await gone.close()
    servers.splice(servers.indexOf(gone), 1)
    const webhookUrl = `${gone.url}/services/T000/B000/webhookSecretPath3`
    const logger = createMemoryLogger()
    const result = await notifyEscalation(
      notice(),
      {
        escalationIssue: true,
        githubToken: TOKEN,
        repository: REPOSITORY,
        apiUrl: api.url,
        webhookUrl
      },
      logger
    )

    expect(api.received[0]?.headers.authorization).toBe(`token ${TOKEN}`)
    expect(result.failures).toHaveLength(2)
    expect(result.failures[1]).toBe('webhook: webhook request failed: ECONNREFUSED (tried twice)')
    const everything = [...logger.lines, ...result.failures].join('\n')
    expect(everything).toContain('Bad credentials: token ***')
    expect(everything).not.toContain(TOKEN)
    expect(everything).not.toContain('webhookSecretPath3')
  })
})

describe('notice content', () => {
  it('collects conditions from escalation errors, condition lists and aggregates', () => {
    const several = Object.assign(new Error('drill failed'), {
      conditions: ['validation-failed', 'smoke-failed', 'nonsense']
    })
    expect(escalationConditionsOf(new EscalationError('checksum-mismatch', 'x'))).toEqual([
      'checksum-mismatch'
    ])
    expect(escalationConditionsOf(several)).toEqual(['validation-failed', 'smoke-failed'])
    expect(
      escalationConditionsOf(
        new AggregateError([new EscalationError('rto-exceeded', 'x'), several, new Error('other')])
      )
    ).toEqual(['rto-exceeded', 'validation-failed', 'smoke-failed'])
    expect(escalationConditionsOf(new Error('plain'))).toEqual([])
  })

  it('builds the run link from the GitHub Actions environment', () => {
    expect(
      runContextFromEnv({
        GITHUB_SERVER_URL: 'https://ghe.example.com/',
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_RUN_ID: '42',
        GITHUB_API_URL: 'https://ghe.example.com/api/v3'
      })
    ).toEqual({
      repository: REPOSITORY,
      runUrl: `https://ghe.example.com/${REPOSITORY}/actions/runs/42`,
      apiUrl: 'https://ghe.example.com/api/v3'
    })
    expect(runContextFromEnv({})).toEqual({
      repository: undefined,
      runUrl: undefined,
      apiUrl: 'https://api.github.com'
    })
  })

  it('keeps issue bodies under GitHub’s 65,536-character limit', () => {
    const body = noticeMarkdown(notice({ summaryMarkdown: 'x'.repeat(200_000) }))
    expect(body.length).toBeLessThan(65_536)
    expect(body).toContain('truncated: the full summary is on the run page')
    expect(webhookPayload(notice()).text).toContain(`<${RUN_URL}|View run>`)
  })
})

describe('transient GitHub and webhook failures', () => {
  /** Answers 502 to the first `failures` requests, then as `then`. */
  function failingFirst(failures: number, then: (request: Received) => Reply) {
    let seen = 0
    return (request: Received): Reply => (++seen <= failures ? { status: 502 } : then(request))
  }

  it('the escalation issue survives a 502: the REST call is retried, the issue opened', async () => {
    const api = await startServer(failingFirst(1, githubApi([])))
    const result = await reportEscalationIssue(
      { ...notice(), at: new Date('2026-11-01T05:50:00Z') },
      { token: TOKEN, repository: REPOSITORY, apiUrl: api.url, retryBaseMs: 10 },
      createMemoryLogger()
    )
    expect(result).toEqual({
      action: 'created',
      number: 13,
      url: `https://github.com/${REPOSITORY}/issues/13`
    })
    expect(api.received.map((r) => r.method)).toEqual(['GET', 'GET', 'POST'])
  })

  it('retries are bounded: a GitHub that keeps answering 502 fails after the last retry', async () => {
    const api = await startServer(() => ({ status: 502 }))
    await expect(
      reportEscalationIssue(
        { ...notice(), at: new Date() },
        { token: TOKEN, repository: REPOSITORY, apiUrl: api.url, retryBaseMs: 5 },
        createMemoryLogger()
      )
    ).rejects.toMatchObject({ status: 502 })
    expect(api.received).toHaveLength(1 + GITHUB_REST_RETRIES)
  })

  it('a secondary rate limit sent as 403 is waited out (retry-after), then the issue is opened', async () => {
    let seen = 0
    const limited = githubApi([])
    const api = await startServer((request) =>
      ++seen === 1
        ? {
            status: 403,
            json: { message: 'You have exceeded a secondary rate limit.' },
            headers: { 'retry-after': '0' }
          }
        : limited(request)
    )
    const logger = createMemoryLogger()
    const result = await reportEscalationIssue(
      { ...notice(), at: new Date('2026-11-01T05:50:00Z') },
      { token: TOKEN, repository: REPOSITORY, apiUrl: api.url, retryBaseMs: 10 },
      logger
    )
    expect(result.action).toBe('created')
    expect(api.received.map((r) => r.method)).toEqual(['GET', 'GET', 'POST'])
    expect(logger.lines.join('\n')).toContain('GitHub rate limit on GET')
  })

  it('a 403 that is a missing permission is not retried', async () => {
    const api = await startServer(() => ({
      status: 403,
      json: { message: 'Resource not accessible by integration' }
    }))
    await expect(
      reportEscalationIssue(
        { ...notice(), at: new Date() },
        { token: TOKEN, repository: REPOSITORY, apiUrl: api.url, retryBaseMs: 5 },
        createMemoryLogger()
      )
    ).rejects.toMatchObject({ status: 403 })
    expect(api.received).toHaveLength(1)
  })

  it('an answer that will not change (401) is not retried', async () => {
    const api = await startServer(() => ({ status: 401, json: { message: 'Bad credentials' } }))
    await expect(
      reportEscalationIssue(
        { ...notice(), at: new Date() },
        { token: TOKEN, repository: REPOSITORY, apiUrl: api.url, retryBaseMs: 5 },
        createMemoryLogger()
      )
    ).rejects.toMatchObject({ status: 401 })
    expect(api.received).toHaveLength(1)
  })

  it('a webhook answering 502 then 200 gets the notice on the one retry', async () => {
    const hook = await startServer(failingFirst(1, () => ({ status: 200 })))
    const payload = webhookPayload({ ...notice(), at: new Date('2026-11-01T05:50:00Z') })
    await postWebhook(`${hook.url}/hook`, payload, { retryDelayMs: 10 })
    expect(hook.received.map((r) => r.body)).toEqual([payload, payload])
  })

  it('a webhook is retried once only, and not at all on 4xx', async () => {
    const down = await startServer(() => ({ status: 503 }))
    const payload = webhookPayload({ ...notice(), at: new Date() })
    await expect(postWebhook(`${down.url}/hook`, payload, { retryDelayMs: 10 })).rejects.toThrow(
      'webhook answered HTTP 503 (tried twice)'
    )
    expect(down.received).toHaveLength(2)
    const gone = await startServer(() => ({ status: 404 }))
    await expect(postWebhook(`${gone.url}/hook`, payload, { retryDelayMs: 10 })).rejects.toThrow(
      'webhook answered HTTP 404'
    )
    expect(gone.received).toHaveLength(1)
  })
})

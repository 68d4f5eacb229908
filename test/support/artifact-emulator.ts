import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import {
  BlobSASPermissions,
  BlobServiceClient,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
  type ContainerClient
} from '@azure/storage-blob'
import type { Azurite } from './azurite.js'

/**
 * A local stand-in for GitHub's artifact storage, enough for the real
 * @actions/artifact v6 client and Octokit:
 * - the Actions results service (twirp JSON, `/twirp/github.actions.results.api.v1.ArtifactService/*`),
 *   which hands out SAS URLs into Azurite for the zip upload and download;
 * - the REST endpoints used across runs (list / get / zip redirect / delete artifacts,
 *   list a workflow's runs);
 * - the issues endpoints the escalation notice uses (list by label and state, create,
 *   comment).
 * State lives in memory and is exposed to tests. Field names follow the generated
 * client (node_modules/@actions/artifact/lib/generated/results/api/v1/artifact.js):
 * the client sends proto field names (snake_case), int64 as strings, wrappers as
 * bare values and timestamps as RFC 3339 strings.
 */

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/'
const CONTAINER = 'actions-results'
/** GitHub's default when an upload names no retention. */
const DEFAULT_RETENTION_DAYS = 90
const DAY_MS = 24 * 60 * 60 * 1000
/** Real GitHub hands out short-lived URLs; ten minutes keeps slow test machines safe. */
const SAS_LIFETIME_MS = 10 * 60 * 1000
/** A zip with no entries: just the end-of-central-directory record. */
const EMPTY_ZIP = Buffer.concat([Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)])

/** A workflow run the test registered; its runtime token lets the client act as one of its jobs. */
export interface EmulatedRun {
  /** The numeric run id GitHub shows (GITHUB_RUN_ID). */
  runId: number
  /** The results service's ids for the run and its job (the JWT `scp` claim carries them). */
  runBackendId: string
  jobBackendId: string
  workflowFile: string
  conclusion: 'success' | 'failure' | 'cancelled'
  createdAt: Date
  /** ACTIONS_RUNTIME_TOKEN for a job of this run: an unsigned JWT. */
  runtimeToken: string
}

/** One artifact as the emulator stores it. */
export interface EmulatedArtifact {
  id: number
  name: string
  runId: number
  runBackendId: string
  jobBackendId: string
  /** Blob name inside the Azurite container. */
  blobName: string
  createdAt: Date
  updatedAt: Date
  expiresAt: Date
  /** Whole days between creation and expiry, as the upload asked for them. */
  retentionDays: number
  /** Set by FinalizeArtifact from the stored blob. */
  sizeBytes: number
  /** `sha256:<hex>` of the stored zip, computed by the emulator at finalize (as GitHub reports it). */
  digest: string | undefined
  /** The hash the client reported in FinalizeArtifact. */
  clientHash: string | undefined
  finalized: boolean
}

export interface ArtifactEmulator {
  /** Origin of the emulator, e.g. http://127.0.0.1:40123 (twirp and REST share it). */
  url: string
  /** `owner/repo` the emulator serves; other repositories are 404. */
  repository: string
  /** A token the REST endpoints accept (like a GITHUB_TOKEN with actions:read/write). */
  apiToken: string
  /** Registers a workflow run (newest last) and issues a runtime token for one of its jobs. */
  registerRun(options?: {
    workflowFile?: string
    conclusion?: EmulatedRun['conclusion']
  }): EmulatedRun
  /**
   * Stores a finalized artifact directly, without the client: for listing, paging
   * and expiry tests. `createdAt` may lie in the past (with a short retention the
   * artifact is already expired); bytes default to an empty zip.
   */
  seedArtifact(options: {
    name: string
    run: EmulatedRun
    createdAt?: Date
    retentionDays?: number
    bytes?: Buffer
  }): Promise<EmulatedArtifact>
  /** Every artifact, finalized or not, in creation order (copies). */
  artifacts(): EmulatedArtifact[]
  /** The bytes stored in Azurite for an artifact (the zip). */
  readArtifactBytes(id: number): Promise<Buffer>
  /** Overwrites an artifact's stored bytes (digest and size stay as finalized): a tampered or corrupted store. */
  replaceArtifactBytes(id: number, bytes: Buffer): Promise<void>
  /** Every issue opened through the REST API, oldest first (copies). */
  issues(): EmulatedIssue[]
  /** `METHOD /path` of every request received (no query strings, no headers, so no secrets). */
  requests: string[]
  /**
   * The next REST requests (not the twirp ones) get these answers instead of being
   * served, one each, in order: a GitHub having a bad minute (502, a rate limit).
   */
  answerNextRestRequestsWith(faults: EmulatedFault[]): void
  stop(): Promise<void>
}

/** An answer the REST API gives instead of serving a request. */
export interface EmulatedFault {
  status: number
  message?: string
  headers?: Record<string, string>
}

/** An issue opened through the emulated REST API (the escalation notice). */
export interface EmulatedIssue {
  number: number
  title: string
  body: string
  labels: string[]
  state: 'open' | 'closed'
  /** Bodies of the comments, oldest first. */
  comments: string[]
  createdAt: Date
}

/** A twirp error: HTTP status plus a twirp code, as the real service answers. */
class TwirpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

/** A REST error with GitHub's JSON body shape. */
class RestError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

/** Starts the emulator on a free loopback port, storing blobs in the given Azurite. */
export async function startArtifactEmulator(options: {
  azurite: Azurite
  repository?: string
  apiToken?: string
}): Promise<ArtifactEmulator> {
  const repository = options.repository ?? 'octo-org/octo-repo'
  const apiToken = options.apiToken ?? `ghs_${randomBytes(18).toString('hex')}`
  const { azurite } = options
  const credential = new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey)
  const container = new BlobServiceClient(azurite.blobEndpoint, credential).getContainerClient(
    CONTAINER
  )
  await container.createIfNotExists()

  const runs: EmulatedRun[] = []
  const artifacts: EmulatedArtifact[] = []
  const issues: EmulatedIssue[] = []
  const requests: string[] = []
  let nextRunId = 7_000_000_001
  let nextArtifactId = 3_000_000_001

  const sasUrl = (blobName: string, permissions: string): string => {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: CONTAINER,
        blobName,
        permissions: BlobSASPermissions.parse(permissions),
        startsOn: new Date(Date.now() - 60_000),
        expiresOn: new Date(Date.now() + SAS_LIFETIME_MS)
      },
      credential
    ).toString()
    return `${container.getBlockBlobClient(blobName).url}?${sas}`
  }

  const twirp = new TwirpService(runs, artifacts, container, sasUrl, () => nextArtifactId++)
  const rest = new RestApi(repository, apiToken, runs, artifacts, issues, container, sasUrl)

  const faults: EmulatedFault[] = []
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://emulator')
    requests.push(`${request.method} ${url.pathname}`)
    const fault = url.pathname.startsWith(TWIRP_PREFIX) ? undefined : faults.shift()
    if (fault) {
      request.resume()
      response.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers })
      response.end(JSON.stringify({ message: fault.message ?? 'Server Error' }))
      return
    }
    const handle = url.pathname.startsWith(TWIRP_PREFIX)
      ? twirp.handle(url.pathname.slice(TWIRP_PREFIX.length), request, response)
      : rest.handle(url, request, response)
    handle.catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { message: String(error) })
      else response.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`

  const find = (id: number): EmulatedArtifact => {
    const artifact = artifacts.find((candidate) => candidate.id === id)
    if (!artifact) throw new Error(`emulator: no artifact ${id}`)
    return artifact
  }

  return {
    url,
    repository,
    apiToken,
    requests,
    answerNextRestRequestsWith: (next) => void faults.push(...next),
    registerRun: (runOptions = {}) => {
      const run: EmulatedRun = {
        runId: nextRunId++,
        runBackendId: randomUUID(),
        jobBackendId: randomUUID(),
        workflowFile: runOptions.workflowFile ?? 'backup.yml',
        conclusion: runOptions.conclusion ?? 'success',
        createdAt: new Date(),
        runtimeToken: ''
      }
      run.runtimeToken = unsignedJwt({
        scp: `Actions.GenericRead:${run.runBackendId} Actions.Results:${run.runBackendId}:${run.jobBackendId}`,
        iss: 'backup-drill-artifact-emulator',
        exp: Math.floor(Date.now() / 1000) + 3600,
        jti: randomUUID()
      })
      runs.push(run)
      return run
    },
    seedArtifact: async ({
      name,
      run,
      createdAt = new Date(),
      retentionDays = DEFAULT_RETENTION_DAYS,
      bytes = EMPTY_ZIP
    }) => {
      const id = nextArtifactId++
      const blobName = `${run.runBackendId}/${id}/${name}.zip`
      await container.getBlockBlobClient(blobName).uploadData(bytes, {
        blobHTTPHeaders: { blobContentType: 'application/zip' }
      })
      const artifact: EmulatedArtifact = {
        id,
        name,
        runId: run.runId,
        runBackendId: run.runBackendId,
        jobBackendId: run.jobBackendId,
        blobName,
        createdAt,
        updatedAt: createdAt,
        expiresAt: new Date(createdAt.getTime() + retentionDays * DAY_MS),
        retentionDays,
        sizeBytes: bytes.length,
        digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
        clientHash: undefined,
        finalized: true
      }
      artifacts.push(artifact)
      return { ...artifact }
    },
    artifacts: () => artifacts.map((artifact) => ({ ...artifact })),
    issues: () =>
      issues.map((issue) => ({
        ...issue,
        labels: [...issue.labels],
        comments: [...issue.comments]
      })),
    readArtifactBytes: async (id) =>
      container.getBlockBlobClient(find(id).blobName).downloadToBuffer(),
    replaceArtifactBytes: async (id, bytes) => {
      await container.getBlockBlobClient(find(id).blobName).uploadData(bytes, {
        blobHTTPHeaders: { blobContentType: 'application/zip' }
      })
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // Octokit's undici agent keeps sockets alive; drop them so close() returns now.
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}

/** The results service: the five twirp methods the client calls. */
class TwirpService {
  constructor(
    private readonly runs: EmulatedRun[],
    private readonly artifacts: EmulatedArtifact[],
    private readonly container: ContainerClient,
    private readonly sasUrl: (blobName: string, permissions: string) => string,
    private readonly nextId: () => number
  ) {}

  async handle(method: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (request.method !== 'POST')
        throw new TwirpError(404, 'bad_route', `${request.method} is not a twirp call`)
      const run = this.authenticate(request)
      const body = JSON.parse((await readBody(request)) || '{}') as Record<string, unknown>
      const runBackendId = stringField(body, 'workflow_run_backend_id')
      if (runBackendId !== run.runBackendId) {
        throw new TwirpError(
          403,
          'permission_denied',
          'the runtime token does not belong to this workflow run'
        )
      }
      sendJson(response, 200, await this.call(method, run, body))
    } catch (error) {
      if (!(error instanceof TwirpError)) throw error
      sendJson(response, error.status, { code: error.code, msg: error.message })
    }
  }

  private async call(
    method: string,
    run: EmulatedRun,
    body: Record<string, unknown>
  ): Promise<unknown> {
    switch (method) {
      case 'CreateArtifact':
        return this.create(run, body)
      case 'FinalizeArtifact':
        return this.finalize(run, body)
      case 'ListArtifacts':
        return this.list(run, body)
      case 'GetSignedArtifactURL':
        return this.signedUrl(run, body)
      case 'DeleteArtifact':
        return this.delete(run, body)
      default:
        throw new TwirpError(404, 'bad_route', `no method ${method}`)
    }
  }

  /** The client sends `Authorization: Bearer <ACTIONS_RUNTIME_TOKEN>`; only tokens we issued count. */
  private authenticate(request: IncomingMessage): EmulatedRun {
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
    const run = this.runs.find((candidate) => candidate.runtimeToken === token)
    if (!run) throw new TwirpError(401, 'unauthenticated', 'invalid or missing runtime token')
    return run
  }

  private create(run: EmulatedRun, body: Record<string, unknown>): unknown {
    const name = stringField(body, 'name')
    if (!name) throw new TwirpError(400, 'invalid_argument', 'name is required')
    if (Number(body.version) < 4)
      throw new TwirpError(400, 'invalid_argument', 'unsupported artifact version')
    if (
      this.artifacts.some(
        (a) => a.runBackendId === run.runBackendId && a.name === name && a.finalized
      )
    ) {
      throw new TwirpError(
        409,
        'already_exists',
        `an artifact with this name already exists on the workflow run`
      )
    }
    const createdAt = new Date()
    const expiresAt =
      typeof body.expires_at === 'string'
        ? new Date(body.expires_at)
        : new Date(createdAt.getTime() + DEFAULT_RETENTION_DAYS * DAY_MS)
    const id = this.nextId()
    const blobName = `${run.runBackendId}/${id}/${name}.zip`
    // A re-upload of an unfinished artifact replaces the pending record, as GitHub does.
    const pending = this.artifacts.findIndex(
      (a) => a.runBackendId === run.runBackendId && a.name === name
    )
    if (pending >= 0) this.artifacts.splice(pending, 1)
    this.artifacts.push({
      id,
      name,
      runId: run.runId,
      runBackendId: run.runBackendId,
      jobBackendId: stringField(body, 'workflow_job_run_backend_id') ?? run.jobBackendId,
      blobName,
      createdAt,
      updatedAt: createdAt,
      expiresAt,
      retentionDays: Math.round((expiresAt.getTime() - createdAt.getTime()) / DAY_MS),
      sizeBytes: 0,
      digest: undefined,
      clientHash: undefined,
      finalized: false
    })
    return { ok: true, signed_upload_url: this.sasUrl(blobName, 'cw') }
  }

  /** Computes size and digest from what actually reached the blob store, not from what the client claims. */
  private async finalize(run: EmulatedRun, body: Record<string, unknown>): Promise<unknown> {
    const name = stringField(body, 'name')
    const artifact = this.artifacts.find(
      (a) => a.runBackendId === run.runBackendId && a.name === name && !a.finalized
    )
    if (!artifact) throw new TwirpError(404, 'not_found', `no pending artifact named ${name}`)
    const blob = this.container.getBlockBlobClient(artifact.blobName)
    if (!(await blob.exists()))
      throw new TwirpError(412, 'failed_precondition', 'no blob was uploaded')
    const bytes = await blob.downloadToBuffer()
    artifact.sizeBytes = bytes.length
    artifact.digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
    artifact.clientHash = stringField(body, 'hash')
    artifact.finalized = true
    artifact.updatedAt = new Date()
    return { ok: true, artifact_id: String(artifact.id) }
  }

  /** Finalized, unexpired artifacts of the caller's run, optionally by name or id. */
  private list(run: EmulatedRun, body: Record<string, unknown>): unknown {
    const nameFilter = stringField(body, 'name_filter')
    const idFilter = body.id_filter === undefined ? undefined : Number(body.id_filter)
    const now = Date.now()
    const found = this.artifacts.filter(
      (a) =>
        a.finalized &&
        a.runBackendId === run.runBackendId &&
        a.expiresAt.getTime() > now &&
        (nameFilter === undefined || a.name === nameFilter) &&
        (idFilter === undefined || a.id === idFilter)
    )
    return {
      artifacts: found.map((a) => ({
        workflow_run_backend_id: a.runBackendId,
        workflow_job_run_backend_id: a.jobBackendId,
        database_id: String(a.id),
        name: a.name,
        size: String(a.sizeBytes),
        created_at: a.createdAt.toISOString(),
        ...(a.digest ? { digest: a.digest } : {})
      }))
    }
  }

  private signedUrl(run: EmulatedRun, body: Record<string, unknown>): unknown {
    const artifact = this.findFinalized(run, stringField(body, 'name'))
    return { signed_url: this.sasUrl(artifact.blobName, 'r') }
  }

  private async delete(run: EmulatedRun, body: Record<string, unknown>): Promise<unknown> {
    const artifact = this.findFinalized(run, stringField(body, 'name'))
    this.artifacts.splice(this.artifacts.indexOf(artifact), 1)
    await this.container.getBlockBlobClient(artifact.blobName).deleteIfExists()
    return { ok: true, artifact_id: String(artifact.id) }
  }

  private findFinalized(run: EmulatedRun, name: string | undefined): EmulatedArtifact {
    const artifact = this.artifacts.find(
      (a) => a.runBackendId === run.runBackendId && a.name === name && a.finalized
    )
    if (!artifact) throw new TwirpError(404, 'not_found', `artifact not found: ${name}`)
    return artifact
  }
}

/** The REST endpoints the client and the prune/drill code use across runs, and the issues the notices use. */
class RestApi {
  constructor(
    private readonly repository: string,
    private readonly apiToken: string,
    private readonly runs: EmulatedRun[],
    private readonly artifacts: EmulatedArtifact[],
    private readonly issues: EmulatedIssue[],
    private readonly container: ContainerClient,
    private readonly sasUrl: (blobName: string, permissions: string) => string
  ) {}

  async handle(url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      await this.route(url, request, response)
    } catch (error) {
      if (!(error instanceof RestError)) throw error
      sendJson(response, error.status, {
        message: error.message,
        documentation_url: 'https://docs.github.com/rest',
        status: String(error.status)
      })
    }
  }

  private async route(url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Read every body (also to keep keep-alive sockets usable); only the issues endpoints use it.
    const body = await readBody(request)
    const token = /^(?:token|bearer) (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
    if (token !== this.apiToken) throw new RestError(401, 'Bad credentials')
    const issuesPath = /^\/repos\/([^/]+)\/([^/]+)\/issues(?:\/(\d+)\/comments)?$/.exec(
      url.pathname
    )
    if (issuesPath && `${issuesPath[1]}/${issuesPath[2]}` === this.repository) {
      return this.routeIssues(url, request.method ?? 'GET', issuesPath[3], body, response)
    }
    const match = /^\/repos\/([^/]+)\/([^/]+)\/actions\/(.+)$/.exec(url.pathname)
    if (!match || `${match[1]}/${match[2]}` !== this.repository)
      throw new RestError(404, 'Not Found')
    const rest = match[3]!
    const method = request.method ?? 'GET'
    let parts: RegExpExecArray | null

    if (method === 'GET' && (parts = /^runs\/(\d+)\/artifacts$/.exec(rest))) {
      const runId = Number(parts[1])
      if (!this.runs.some((run) => run.runId === runId)) throw new RestError(404, 'Not Found')
      return this.sendArtifactPage(url, response, (a) => a.runId === runId)
    }
    if (method === 'GET' && rest === 'artifacts')
      return this.sendArtifactPage(url, response, () => true)
    if ((parts = /^artifacts\/(\d+)$/.exec(rest))) {
      const artifact = this.findFinalized(Number(parts[1]))
      if (method === 'GET') return sendJson(response, 200, this.toJson(artifact))
      if (method === 'DELETE') {
        this.artifacts.splice(this.artifacts.indexOf(artifact), 1)
        await this.container.getBlockBlobClient(artifact.blobName).deleteIfExists()
        response.writeHead(204).end()
        return
      }
    }
    if (method === 'GET' && (parts = /^artifacts\/(\d+)\/zip$/.exec(rest))) {
      const artifact = this.findFinalized(Number(parts[1]))
      if (artifact.expiresAt.getTime() <= Date.now())
        throw new RestError(410, 'Artifact has expired')
      response.writeHead(302, { location: this.sasUrl(artifact.blobName, 'r') }).end()
      return
    }
    if (method === 'GET' && (parts = /^workflows\/([^/]+)\/runs$/.exec(rest))) {
      return this.sendRuns(url, response, decodeURIComponent(parts[1]!))
    }
    throw new RestError(404, 'Not Found')
  }

  private findFinalized(id: number): EmulatedArtifact {
    const artifact = this.artifacts.find((a) => a.id === id && a.finalized)
    if (!artifact) throw new RestError(404, 'Not Found')
    return artifact
  }

  /** GET issues (labels = all of them, state open by default, newest first), POST issues, POST comments. */
  private routeIssues(
    url: URL,
    method: string,
    issueNumber: string | undefined,
    body: string,
    response: ServerResponse
  ): void {
    if (issueNumber === undefined && method === 'GET') {
      const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean)
      const state = url.searchParams.get('state') ?? 'open'
      const matching = this.issues
        .filter((issue) => state === 'all' || issue.state === state)
        .filter((issue) => labels.every((label) => issue.labels.includes(label)))
        .sort((a, b) => b.number - a.number)
      return sendJson(
        response,
        200,
        page(url, matching).map((issue) => this.issueJson(issue))
      )
    }
    const fields = parseJsonBody(body)
    if (issueNumber === undefined && method === 'POST') {
      const title = typeof fields.title === 'string' ? fields.title : ''
      if (!title) throw new RestError(422, 'Validation Failed: title is required')
      const issue: EmulatedIssue = {
        number: this.issues.length + 1,
        title,
        body: typeof fields.body === 'string' ? fields.body : '',
        labels: Array.isArray(fields.labels) ? fields.labels.map(String) : [],
        state: 'open',
        comments: [],
        createdAt: new Date()
      }
      this.issues.push(issue)
      return sendJson(response, 201, this.issueJson(issue))
    }
    if (issueNumber !== undefined && method === 'POST') {
      const issue = this.issues.find((candidate) => candidate.number === Number(issueNumber))
      if (!issue) throw new RestError(404, 'Not Found')
      if (typeof fields.body !== 'string' || fields.body === '')
        throw new RestError(422, 'Validation Failed: body is required')
      issue.comments.push(fields.body)
      return sendJson(response, 201, {
        id: issue.number * 1000 + issue.comments.length,
        body: fields.body,
        html_url: `${this.issueUrl(issue)}#issuecomment-${issue.comments.length}`
      })
    }
    throw new RestError(404, 'Not Found')
  }

  private issueUrl(issue: EmulatedIssue): string {
    return `http://github.localhost/${this.repository}/issues/${issue.number}`
  }

  private issueJson(issue: EmulatedIssue): unknown {
    return {
      id: issue.number,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      labels: issue.labels.map((name) => ({ name })),
      comments: issue.comments.length,
      html_url: this.issueUrl(issue),
      created_at: issue.createdAt.toISOString()
    }
  }

  /** GitHub's list shape, newest first, with `name` (exact) and per_page/page paging. */
  private sendArtifactPage(
    url: URL,
    response: ServerResponse,
    keep: (a: EmulatedArtifact) => boolean
  ): void {
    const name = url.searchParams.get('name')
    const matching = this.artifacts
      .filter((a) => a.finalized && keep(a) && (name === null || a.name === name))
      .sort((a, b) => b.id - a.id)
    sendJson(response, 200, {
      total_count: matching.length,
      artifacts: page(url, matching).map((a) => this.toJson(a))
    })
  }

  private toJson(a: EmulatedArtifact): unknown {
    const base = `/repos/${this.repository}/actions/artifacts/${a.id}`
    const run = this.runs.find((candidate) => candidate.runId === a.runId)
    return {
      id: a.id,
      node_id: Buffer.from(`Artifact:${a.id}`).toString('base64'),
      name: a.name,
      size_in_bytes: a.sizeBytes,
      url: base,
      archive_download_url: `${base}/zip`,
      expired: a.expiresAt.getTime() <= Date.now(),
      digest: a.digest ?? null,
      created_at: a.createdAt.toISOString(),
      updated_at: a.updatedAt.toISOString(),
      expires_at: a.expiresAt.toISOString(),
      workflow_run: {
        id: a.runId,
        repository_id: 1,
        head_repository_id: 1,
        head_branch: 'main',
        head_sha: run ? createHash('sha1').update(run.runBackendId).digest('hex') : null
      }
    }
  }

  /** Runs of one workflow file, newest first; `status` filters by conclusion (success, failure, ...) or `completed`. */
  private sendRuns(url: URL, response: ServerResponse, workflowFile: string): void {
    const status = url.searchParams.get('status')
    const matching = this.runs
      .filter((run) => run.workflowFile === workflowFile)
      .filter((run) => status === null || status === 'completed' || run.conclusion === status)
      .sort((a, b) => b.runId - a.runId)
    sendJson(response, 200, {
      total_count: matching.length,
      workflow_runs: page(url, matching).map((run) => ({
        id: run.runId,
        name: run.workflowFile,
        path: `.github/workflows/${run.workflowFile}`,
        head_branch: 'main',
        event: 'schedule',
        status: 'completed',
        conclusion: run.conclusion,
        run_attempt: 1,
        created_at: run.createdAt.toISOString(),
        updated_at: run.createdAt.toISOString(),
        run_started_at: run.createdAt.toISOString(),
        repository: { full_name: this.repository }
      }))
    })
  }
}

/** The environment the @actions/artifact client (and Octokit) read, pointing at the emulator as one job of `run`. */
export function artifactClientEnv(
  emulator: ArtifactEmulator,
  run: EmulatedRun,
  options: { workspace?: string } = {}
): Record<string, string | undefined> {
  const [owner] = emulator.repository.split('/')
  return {
    ACTIONS_RUNTIME_TOKEN: run.runtimeToken,
    ACTIONS_RESULTS_URL: `${emulator.url}/`,
    GITHUB_API_URL: emulator.url,
    // The client refuses GHES hosts; a *.localhost server URL passes that check and is never contacted.
    GITHUB_SERVER_URL: 'http://github.localhost',
    GITHUB_REPOSITORY: emulator.repository,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_RUN_ID: String(run.runId),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'backup',
    GITHUB_WORKFLOW: run.workflowFile,
    GITHUB_WORKSPACE: options.workspace ?? tmpdir(),
    // A repository-level cap would silently shorten the retention under test.
    GITHUB_RETENTION_DAYS: undefined
  }
}

/** Sets (or, for undefined, removes) variables in process.env; returns a function that restores the old values. */
export function applyEnv(env: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]))
  const assign = (values: Record<string, string | undefined>): void => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
  assign(env)
  return () => assign(previous)
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ typ: 'JWT', alg: 'none' })}.${part(claims)}.`
}

function page<T>(url: URL, items: T[]): T[] {
  const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100)
  const pageNumber = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1)
  return items.slice((pageNumber - 1) * perPage, pageNumber * perPage)
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key]
  return typeof value === 'string' ? value : undefined
}

function parseJsonBody(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body || '{}')
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>
  } catch {
    // answered below like GitHub does
  }
  throw new RestError(400, 'Problems parsing JSON')
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text)
  })
  response.end(text)
}

import { dirname, isAbsolute } from 'node:path'
import { DefaultArtifactClient, type FindOptions } from '@actions/artifact'
import { InputError } from '../errors.js'
import type { Logger } from '../log/logger.js'
import { parseBackupSetName } from '../manifest/backup-set.js'
import { splitRepository } from '../input/repository.js'
import { registerSecret } from '../secrets.js'
import { repositoryRetentionLimit } from './artifact-retention.js'
import { githubRest } from './github-rest.js'
import {
  ArtifactStoreError,
  classifyArtifactError,
  explainFailure,
  firstLine
} from './artifact-errors.js'

/**
 * Backups stored as GitHub Actions artifacts, through the official
 * @actions/artifact client (results service + blob storage) and the REST API for
 * anything across runs. Env the client reads: ACTIONS_RUNTIME_TOKEN,
 * ACTIONS_RESULTS_URL (same run), GITHUB_API_URL (REST; read by @actions/github
 * when it is first imported), GITHUB_REPOSITORY.
 */

/** GitHub keeps artifacts at most 90 days in public and 400 in private repositories. */
const MAX_RETENTION_DAYS = 400
const PAGE_SIZE = 100
/** 100 pages of 100: far beyond a 35 daily + 12 monthly policy, and a bound on a runaway listing. */
const MAX_PAGES = 100

export interface UploadBackupArtifactOptions {
  /** Artifact name, e.g. the backup set name `backup-20261125-031500`. */
  name: string
  /** Absolute paths, all in one folder; they are stored flat (no folders in the zip). */
  files: string[]
  /** Days GitHub keeps the artifact (a repository or org cap may lower it). */
  retentionDays: number
  logger: Logger
}

export interface UploadedArtifact {
  id: number
  /** Bytes uploaded (the zip). */
  size: number
  /** `sha256:<hex>` of the uploaded zip, the form GitHub reports it in. */
  digest?: string
}

/**
 * Uploads the files of one backup set as a single artifact of the current run.
 * Bad arguments are InputErrors; a failed upload is an ArtifactStoreError.
 */
export async function uploadBackupArtifact(
  options: UploadBackupArtifactOptions
): Promise<UploadedArtifact> {
  const { name, files, retentionDays, logger } = options
  registerSecret(process.env.ACTIONS_RUNTIME_TOKEN)
  if (files.length === 0) throw new InputError('files', 'no files to upload')
  const folders = new Set(files.map((file) => dirname(file)))
  if (!files.every((file) => isAbsolute(file)) || folders.size !== 1) {
    throw new InputError('files', 'give absolute paths of files that all sit in one folder')
  }
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
    throw new InputError(
      'retention-days',
      `must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}`
    )
  }
  const [rootDirectory] = folders
  // The client lowers retention-days to the repository's limit without a word; say what it will be.
  const limit = repositoryRetentionLimit(process.env)
  const keptDays = limit !== undefined && limit < retentionDays ? limit : retentionDays
  logger.info(
    `Uploading artifact "${name}" (${files.length} files, kept ${keptDays} days${keptDays < retentionDays ? `: the repository's limit, ${retentionDays} asked` : ''})`
  )
  try {
    const result = await new DefaultArtifactClient().uploadArtifact(name, files, rootDirectory!, {
      retentionDays
    })
    if (result.id === undefined) {
      throw new ArtifactStoreError(
        'service',
        `Could not upload artifact "${name}": the service returned no artifact id`
      )
    }
    const uploaded: UploadedArtifact = {
      id: result.id,
      size: result.size ?? 0,
      ...(result.digest ? { digest: prefixedDigest(result.digest) } : {})
    }
    logger.info(
      `Uploaded artifact "${name}" (id ${uploaded.id}, ${uploaded.size} bytes, ${uploaded.digest ?? 'no digest'})`
    )
    return uploaded
  } catch (error) {
    throw storeError(error, `Could not upload artifact "${name}"`, undefined)
  }
}

export interface DownloadBackupArtifactOptions {
  name: string
  /** Folder the files are extracted into (created when missing). */
  destination: string
  /** Another run's id: download across runs via the REST API (needs `token`). */
  runId?: number
  /** `owner/repo`; defaults to GITHUB_REPOSITORY. Only used with runId. */
  repository?: string
  /** A token with actions:read on the repository. Only used with runId. */
  token?: string
  logger: Logger
}

export interface DownloadedArtifact {
  id: number
  /** The artifact taken: `name` itself, or the newest `<name>-<yyyymmdd-HHMMSS>` of the run. */
  name: string
  /** Where the files were extracted. */
  directory: string
  /**
   * True when the zip's sha256 differs from the digest GitHub recorded at upload
   * (the content is not what was stored: escalate as a checksum mismatch); false
   * when it matched; undefined when the service reported no digest to check.
   */
  digestMismatch?: boolean
}

/** How a backup artifact name reads when the backup action was given no artifact-name. */
const STAMPED = '<yyyymmdd-HHMMSS>'

/**
 * Finds the artifact for `name` (in this run, or in `runId` of `repository`
 * with `token`) and extracts it into `destination`, checking the zip against
 * the digest GitHub recorded. The artifact named exactly `name` (a backup with
 * a fixed artifact-name) is taken when the run has one; otherwise the newest
 * `<name>-<yyyymmdd-HHMMSS>` of the run (a backup without artifact-name
 * uploads one artifact per set, named after the set), and the log says which.
 * So a drill's `artifact-name: opta-supabase` finds the backup of `prefix:
 * opta-supabase` either way, as prune and status do. Missing artifacts and
 * rejected tokens become ArtifactStoreErrors whose message never contains
 * the token.
 */
export async function downloadBackupArtifact(
  options: DownloadBackupArtifactOptions
): Promise<DownloadedArtifact> {
  const { name, destination, logger } = options
  registerSecret(options.token)
  registerSecret(process.env.ACTIONS_RUNTIME_TOKEN)
  const findBy = crossRunTarget(options)
  const target = findBy?.findBy
  const repository = target
    ? `${target.repositoryOwner}/${target.repositoryName}`
    : process.env.GITHUB_REPOSITORY
  const where = target ? ` from run ${target.workflowRunId} of ${repository}` : ''
  const client = new DefaultArtifactClient()
  try {
    const artifact = await findBackupArtifact(client, options, findBy, where)
    logger.info(
      `Downloading artifact "${artifact.name}" (id ${artifact.id}, ${artifact.size} bytes)${where}`
    )
    const result = await client.downloadArtifact(artifact.id, {
      ...findBy,
      path: destination,
      ...(artifact.digest ? { expectedHash: artifact.digest } : {})
    })
    const downloaded: DownloadedArtifact = {
      id: artifact.id,
      name: artifact.name,
      directory: result.downloadPath ?? destination,
      ...(artifact.digest ? { digestMismatch: result.digestMismatch === true } : {})
    }
    if (downloaded.digestMismatch) {
      logger.warning(
        `Artifact "${artifact.name}" (id ${artifact.id}) does not match the digest GitHub recorded at upload`,
        {
          title: 'Artifact digest mismatch'
        }
      )
    } else if (!artifact.digest) {
      logger.warning(
        `GitHub reported no digest for artifact "${artifact.name}"; only the backup's own checksum protects it`
      )
    }
    return downloaded
  } catch (error) {
    const failure = storeError(error, `Could not download artifact "${name}"${where}`, repository)
    if (!findBy && failure instanceof ArtifactStoreError && failure.kind === 'not-found') {
      // Without a run id the client only looks in this run: say how to reach another one.
      throw new ArtifactStoreError(
        'not-found',
        `${failure.message}. To read another run's artifact, give its run id and a token with actions:read`,
        failure.status
      )
    }
    throw failure
  }
}

/** What the download needs of an artifact, from whichever listing found it. */
interface FoundArtifact {
  id: number
  name: string
  size: number
  digest?: string
}

/**
 * The artifact named exactly `name` in the run, else the newest `<name>-<stamp>`
 * of the run (REST listing of that run across runs; the client's listing in this
 * run). Neither: a not-found ArtifactStoreError naming both spellings and the fix.
 */
async function findBackupArtifact(
  client: DefaultArtifactClient,
  options: DownloadBackupArtifactOptions,
  findBy: FindOptions | undefined,
  where: string
): Promise<FoundArtifact> {
  const { name, logger } = options
  try {
    const { artifact } = await client.getArtifact(name, findBy)
    return { id: artifact.id, name: artifact.name, size: artifact.size, ...digestOf(artifact) }
  } catch (error) {
    if (classifyArtifactError(error).kind !== 'not-found') throw error
  }
  const stampedOf = (candidate: string): Date | undefined => {
    const parsed = parseBackupSetName(candidate)
    return parsed?.prefix === name ? parsed.createdAt : undefined
  }
  const candidates: (FoundArtifact & { stamp: Date })[] = []
  if (findBy) {
    const listed = await listArtifacts({
      token: findBy.findBy!.token,
      repository: `${findBy.findBy!.repositoryOwner}/${findBy.findBy!.repositoryName}`,
      runId: findBy.findBy!.workflowRunId,
      namePrefix: `${name}-`,
      logger
    })
    for (const artifact of listed) {
      const stamp = stampedOf(artifact.name)
      if (stamp && !artifact.expired) {
        candidates.push({
          id: artifact.id,
          name: artifact.name,
          size: artifact.sizeBytes,
          stamp,
          ...digestOf(artifact)
        })
      }
    }
  } else {
    for (const artifact of (await client.listArtifacts()).artifacts) {
      const stamp = stampedOf(artifact.name)
      if (stamp) {
        candidates.push({
          id: artifact.id,
          name: artifact.name,
          size: artifact.size,
          stamp,
          ...digestOf(artifact)
        })
      }
    }
  }
  candidates.sort((a, b) => b.stamp.getTime() - a.stamp.getTime() || b.id - a.id)
  const newest = candidates[0]
  if (!newest) {
    throw new ArtifactStoreError(
      'not-found',
      `Could not download artifact "${name}"${where}: ${explainFailure('not-found', undefined)}. ` +
        `Looked for an artifact named "${name}" (a backup with artifact-name: ${name}) and for "${name}-${STAMPED}" ` +
        `(a backup with prefix: ${name} and no artifact-name); the run has neither. Fix: set artifact-name to the ` +
        `backup step's artifact-name, or to its prefix when it has none, and drill a run whose backup succeeded`,
      404
    )
  }
  const others = candidates.length > 1 ? ` (the newest of ${candidates.length})` : ''
  logger.info(
    `No artifact named "${name}"${where}: taking "${newest.name}"${others}, the backup uploaded without artifact-name (${name}-${STAMPED})`
  )
  return { id: newest.id, name: newest.name, size: newest.size, ...digestOf(newest) }
}

function digestOf(artifact: { digest?: string | null | undefined }): { digest?: string } {
  return artifact.digest ? { digest: artifact.digest } : {}
}

/** An artifact as the prune and drill see it. */
export interface StoredArtifact {
  id: number
  name: string
  createdAt: Date
  expiresAt: Date | undefined
  sizeBytes: number
  /** `sha256:<hex>` of the zip when GitHub has one. */
  digest?: string
  /** The run that uploaded it. */
  runId?: number
  expired: boolean
}

export interface ListArtifactsOptions {
  /** A token with actions:read on the repository. */
  token: string
  /** `owner/repo`; defaults to GITHUB_REPOSITORY. */
  repository?: string
  /** Keep only names starting with this (e.g. the backup prefix plus `-`). */
  namePrefix?: string
  /** Only this run's artifacts. */
  runId?: number
  logger: Logger
}

/**
 * Lists the repository's artifacts across runs through the REST API, newest
 * first, optionally by name prefix or run. Includes expired ones (flagged), as
 * GitHub does, so a prune can tell what is already gone.
 */
export async function listArtifacts(options: ListArtifactsOptions): Promise<StoredArtifact[]> {
  registerSecret(options.token)
  const repository = options.repository ?? repositoryFromEnv()
  const [owner, repo] = ownerAndRepo(repository)
  const octokit = restClient(options.token, options.logger)
  const route = options.runId === undefined ? '' : ` of run ${options.runId}`
  const found = new Map<number, StoredArtifact>()
  let total = 0
  try {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { data } =
        options.runId === undefined
          ? await octokit.rest.actions.listArtifactsForRepo({
              owner,
              repo,
              per_page: PAGE_SIZE,
              page
            })
          : await octokit.rest.actions.listWorkflowRunArtifacts({
              owner,
              repo,
              run_id: options.runId,
              per_page: PAGE_SIZE,
              page
            })
      for (const artifact of data.artifacts) found.set(artifact.id, toStoredArtifact(artifact))
      total = data.total_count
      if (data.artifacts.length < PAGE_SIZE || page * PAGE_SIZE >= total) break
    }
  } catch (error) {
    throw storeError(error, `Could not list artifacts${route} of ${repository}`, repository)
  }
  // Pages are offsets into a list that can change while it is read (an upload shifts
  // everything by one), and a prune over a partial listing could misjudge what to
  // keep: a listing that does not add up is an error, not a result.
  if (found.size !== total) {
    throw new ArtifactStoreError(
      'service',
      `Could not list artifacts${route} of ${repository}: read ${found.size} of ${total} (the list changed while it was read, or it holds more than ${MAX_PAGES * PAGE_SIZE}); run again`
    )
  }
  const matching = [...found.values()].filter(
    (artifact) => !options.namePrefix || artifact.name.startsWith(options.namePrefix)
  )
  options.logger.debug(
    `Listed ${found.size} artifacts${route} of ${repository}; ${matching.length} match`
  )
  return matching.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
}

export interface DeleteArtifactOptions {
  id: number
  /** A token with actions:write on the repository. */
  token: string
  /** `owner/repo`; defaults to GITHUB_REPOSITORY. */
  repository?: string
  logger: Logger
}

/** Deletes one artifact by id through the REST API. */
export async function deleteArtifact(options: DeleteArtifactOptions): Promise<void> {
  registerSecret(options.token)
  const repository = options.repository ?? repositoryFromEnv()
  const [owner, repo] = ownerAndRepo(repository)
  try {
    await restClient(options.token, options.logger).rest.actions.deleteArtifact({
      owner,
      repo,
      artifact_id: options.id
    })
  } catch (error) {
    throw storeError(error, `Could not delete artifact ${options.id} of ${repository}`, repository)
  }
  options.logger.info(`Deleted artifact ${options.id} of ${repository}`)
}

/** A completed workflow run, as the drill needs it to find the newest backup. */
export interface WorkflowRunSummary {
  runId: number
  createdAt: Date
  conclusion: string | null
}

/** The newest successful runs of one workflow file (e.g. `backup.yml`), newest first. */
export async function listSuccessfulRuns(options: {
  workflowFile: string
  token: string
  repository?: string
  /** At most this many runs (1–100; default 30). */
  limit?: number
  logger: Logger
}): Promise<WorkflowRunSummary[]> {
  registerSecret(options.token)
  const repository = options.repository ?? repositoryFromEnv()
  const [owner, repo] = ownerAndRepo(repository)
  try {
    const { data } = await restClient(options.token, options.logger).rest.actions.listWorkflowRuns({
      owner,
      repo,
      workflow_id: options.workflowFile,
      status: 'success',
      per_page: Math.min(Math.max(options.limit ?? 30, 1), PAGE_SIZE)
    })
    options.logger.debug(
      `Found ${data.total_count} successful runs of ${options.workflowFile} in ${repository}`
    )
    return data.workflow_runs.map((run) => ({
      runId: run.id,
      createdAt: new Date(run.created_at),
      conclusion: run.conclusion ?? null
    }))
  } catch (error) {
    throw storeError(
      error,
      `Could not list runs of ${options.workflowFile} in ${repository}`,
      repository
    )
  }
}

/** findBy for a cross-run download; undefined for this run. runId and token go together. */
function crossRunTarget(options: DownloadBackupArtifactOptions): FindOptions | undefined {
  if (options.runId === undefined && options.token === undefined) return undefined
  if (options.runId === undefined || !options.token) {
    throw new InputError(
      'run-id',
      'downloading from another run needs both the run id and a token with actions:read'
    )
  }
  if (!Number.isSafeInteger(options.runId) || options.runId < 1) {
    throw new InputError('run-id', 'must be a positive whole number (the run id in the run URL)')
  }
  const [repositoryOwner, repositoryName] = ownerAndRepo(options.repository ?? repositoryFromEnv())
  return {
    findBy: { token: options.token, workflowRunId: options.runId, repositoryOwner, repositoryName }
  }
}

function repositoryFromEnv(): string {
  const repository = process.env.GITHUB_REPOSITORY
  if (!repository)
    throw new InputError('repository', 'give owner/repo (GITHUB_REPOSITORY is not set)')
  return repository
}

/** `owner/repo` split into its parts; InputError (repository) when it is not one. */
function ownerAndRepo(repository: string): [string, string] {
  const parts = splitRepository(repository)
  if (!parts) throw new InputError('repository', `"${repository.slice(0, 100)}" is not owner/repo`)
  return [parts.owner, parts.repo]
}

/** Octokit for the REST API at GITHUB_API_URL as it is now (GitHub.com when unset). */
function restClient(token: string, logger: Logger): ReturnType<typeof githubRest> {
  return githubRest(token, {
    baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    logger
  })
}

function toStoredArtifact(artifact: {
  id: number
  name: string
  size_in_bytes: number
  created_at: string | null
  expires_at: string | null
  expired: boolean
  digest?: string | null
  workflow_run?: { id?: number } | null
}): StoredArtifact {
  return {
    id: artifact.id,
    name: artifact.name,
    createdAt: new Date(artifact.created_at ?? 0),
    expiresAt: artifact.expires_at ? new Date(artifact.expires_at) : undefined,
    sizeBytes: artifact.size_in_bytes,
    ...(artifact.digest ? { digest: artifact.digest } : {}),
    ...(artifact.workflow_run?.id !== undefined ? { runId: artifact.workflow_run.id } : {}),
    expired: artifact.expired
  }
}

/** The client reports the upload digest as bare hex; GitHub and downloads use `sha256:<hex>`. */
function prefixedDigest(digest: string): string {
  return digest.startsWith('sha256:') ? digest : `sha256:${digest}`
}

function storeError(error: unknown, doing: string, repository: string | undefined): Error {
  if (error instanceof InputError || error instanceof ArtifactStoreError) return error
  const { kind, status } = classifyArtifactError(error)
  return new ArtifactStoreError(
    kind,
    `${doing}: ${explainFailure(kind, repository)} (${firstLine(error)})`,
    status
  )
}

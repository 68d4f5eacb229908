import { maskSecrets } from '../secrets.js'

/** What went wrong talking to GitHub's artifact storage, as far as a person needs to act on it. */
export type ArtifactFailureKind =
  'not-found' | 'unauthorized' | 'forbidden' | 'expired' | 'conflict' | 'service'

/**
 * A failed artifact operation. The message names the operation, the cause and the
 * fix, and is masked: no token or signed URL ever reaches it. The original error is
 * deliberately not kept as `cause`, since Octokit errors carry request details.
 */
export class ArtifactStoreError extends Error {
  constructor(
    readonly kind: ArtifactFailureKind,
    message: string,
    readonly status?: number
  ) {
    super(maskSecrets(message))
    this.name = 'ArtifactStoreError'
  }
}

/**
 * Sorts an error from @actions/artifact, its twirp client or Octokit into a kind.
 * Octokit errors carry `status`; twirp failures only say `(404)` in their message;
 * the client's own ArtifactNotFoundError is known by name.
 */
export function classifyArtifactError(error: unknown): {
  kind: ArtifactFailureKind
  status?: number
} {
  const status = statusOf(error)
  if (error instanceof Error && error.name === 'ArtifactNotFoundError')
    return { kind: 'not-found', status }
  switch (status) {
    case 401:
      return { kind: 'unauthorized', status }
    case 403:
      return { kind: 'forbidden', status }
    case 404:
      return { kind: 'not-found', status }
    case 409:
      return { kind: 'conflict', status }
    case 410:
      return { kind: 'expired', status }
    default:
      return { kind: 'service', status }
  }
}

/** The first line of an error's message (the client appends multi-line FAQ text), masked. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return maskSecrets(text.split('\n')[0]!.trim())
}

/** What to tell a person for each kind: the cause in plain words and the fix. */
export function explainFailure(kind: ArtifactFailureKind, repository: string | undefined): string {
  const repo = repository ?? 'this repository'
  switch (kind) {
    case 'unauthorized':
      return `GitHub rejected the token (bad or expired credentials); pass a token with actions:read on ${repo}`
    case 'forbidden':
      return `the token may not access artifacts of ${repo}; it needs the actions:read permission (actions:write to delete)`
    case 'not-found':
      return 'not found: it may have expired, been deleted, or belong to another run or repository'
    case 'expired':
      return 'the artifact has expired and its content is gone'
    case 'conflict':
      return 'an artifact with this name already exists in this workflow run'
    case 'service':
      return 'the artifact service failed; this is often temporary, retry the run'
  }
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const status = (error as { status?: unknown }).status
  if (typeof status === 'number') return status
  // twirp: "Failed to ListArtifacts: Received non-retryable error: Failed request: (404) Not Found: ..."
  const match = /\((\d{3})\)/.exec(error instanceof Error ? error.message : '')
  return match ? Number(match[1]) : undefined
}

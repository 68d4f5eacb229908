import { m as maskSecrets } from './secrets.js';

/**
 * A failed artifact operation. The message names the operation, the cause and the
 * fix, and is masked: no token or signed URL ever reaches it. The original error is
 * deliberately not kept as `cause`, since Octokit errors carry request details.
 */
class ArtifactStoreError extends Error {
    kind;
    status;
    constructor(kind, message, status) {
        super(maskSecrets(message));
        this.kind = kind;
        this.status = status;
        this.name = 'ArtifactStoreError';
    }
}
/**
 * Sorts an error from @actions/artifact, its twirp client or Octokit into a kind.
 * Octokit errors carry `status`; twirp failures only say `(404)` in their message;
 * the client's own ArtifactNotFoundError is known by name.
 */
function classifyArtifactError(error) {
    const status = statusOf(error);
    if (error instanceof Error && error.name === 'ArtifactNotFoundError')
        return { kind: 'not-found', status };
    switch (status) {
        case 401:
            return { kind: 'unauthorized', status };
        case 403:
            return { kind: 'forbidden', status };
        case 404:
            return { kind: 'not-found', status };
        case 409:
            return { kind: 'conflict', status };
        case 410:
            return { kind: 'expired', status };
        default:
            return { kind: 'service', status };
    }
}
/** The first line of an error's message (the client appends multi-line FAQ text), masked. */
function firstLine(error) {
    const text = error instanceof Error ? error.message : String(error);
    return maskSecrets(text.split('\n')[0].trim());
}
/** What to tell a person for each kind: the cause in plain words and the fix. */
function explainFailure(kind, repository) {
    const repo = repository ?? 'this repository';
    switch (kind) {
        case 'unauthorized':
            return `GitHub rejected the token (bad or expired credentials); pass a token with actions:read on ${repo}`;
        case 'forbidden':
            return `the token may not access artifacts of ${repo}; it needs the actions:read permission (actions:write to delete)`;
        case 'not-found':
            return 'not found: it may have expired, been deleted, or belong to another run or repository';
        case 'expired':
            return 'the artifact has expired and its content is gone';
        case 'conflict':
            return 'an artifact with this name already exists in this workflow run';
        case 'service':
            return 'the artifact service failed; this is often temporary, retry the run';
    }
}
function statusOf(error) {
    if (typeof error !== 'object' || error === null)
        return undefined;
    const status = error.status;
    if (typeof status === 'number')
        return status;
    // twirp: "Failed to ListArtifacts: Received non-retryable error: Failed request: (404) Not Found: ..."
    const match = /\((\d{3})\)/.exec(error instanceof Error ? error.message : '');
    return match ? Number(match[1]) : undefined;
}

export { ArtifactStoreError as A, classifyArtifactError as c, explainFailure as e, firstLine as f };

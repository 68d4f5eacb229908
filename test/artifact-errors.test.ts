import { describe, expect, it } from '@jest/globals'
import {
  ArtifactStoreError,
  classifyArtifactError,
  firstLine,
  type ArtifactFailureKind
} from '../src/storage/artifact-errors.js'
import { registerSecret } from '../src/secrets.js'

/** Errors shaped like the ones @actions/artifact, its twirp client and Octokit throw. */
function withStatus(message: string, status: number): Error {
  return Object.assign(new Error(message), { status })
}
function named(name: string, message: string): Error {
  return Object.assign(new Error(message), { name })
}

describe('classifyArtifactError', () => {
  const cases: Array<[string, unknown, ArtifactFailureKind, number | undefined]> = [
    ['Octokit 401', withStatus('Bad credentials', 401), 'unauthorized', 401],
    ['Octokit 403', withStatus('Resource not accessible by integration', 403), 'forbidden', 403],
    ['Octokit 404', withStatus('Not Found', 404), 'not-found', 404],
    ['Octokit 410', withStatus('Artifact has expired', 410), 'expired', 410],
    ['Octokit 502', withStatus('Bad Gateway', 502), 'service', 502],
    [
      'twirp 409 in the message',
      new Error(
        'Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists'
      ),
      'conflict',
      409
    ],
    [
      'twirp 404 in the message',
      new Error(
        'Failed to ListArtifacts: Received non-retryable error: Failed request: (404) Not Found'
      ),
      'not-found',
      404
    ],
    [
      'client ArtifactNotFoundError',
      named('ArtifactNotFoundError', 'Artifact not found for name: x'),
      'not-found',
      undefined
    ],
    ['a network failure', new Error('connect ECONNREFUSED 127.0.0.1:1'), 'service', undefined],
    ['a thrown string', 'boom', 'service', undefined]
  ]
  it.each(cases)('%s', (_label, error, kind, status) => {
    expect(classifyArtifactError(error)).toEqual({ kind, status })
  })
})

describe('messages', () => {
  it('keeps the first line of a multi-line client message', () => {
    expect(firstLine(new Error('Artifact not found for name: x\n        Please ensure ...'))).toBe(
      'Artifact not found for name: x'
    )
  })

  it('masks registered secrets in ArtifactStoreError messages', () => {
    const token = 'ghs_errortestsecret0123456789'
    registerSecret(token)
    const error = new ArtifactStoreError('unauthorized', `request with ${token} failed`, 401)
    expect(error.message).toBe('request with *** failed')
    expect(error.kind).toBe('unauthorized')
  })
})

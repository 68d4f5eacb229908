import { readFileSync } from 'node:fs'

/**
 * Whether the workflow runs in a public repository, from the event payload the
 * runner writes to GITHUB_EVENT_PATH (`repository.visibility` / `private`).
 * Undefined when the payload is missing or says nothing: callers only warn on true.
 */
export function isPublicRepository(eventPath: string | undefined): boolean | undefined {
  if (!eventPath) return undefined
  try {
    const event = JSON.parse(readFileSync(eventPath, 'utf8')) as {
      repository?: { visibility?: string; private?: boolean }
    }
    const repo = event.repository
    if (repo?.visibility) return repo.visibility === 'public'
    return typeof repo?.private === 'boolean' ? !repo.private : undefined
  } catch {
    return undefined
  }
}

/** The warning for an unencrypted backup uploaded where anyone with read access can download it. */
export const PUBLIC_UNENCRYPTED_WARNING =
  'This repository is public: anyone can download its artifacts, and this backup is not encrypted (it holds API keys and session data). Set encrypt-recipients to an age public key and keep the secret key in a secret (decrypt-identity for drills).'

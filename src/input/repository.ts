/**
 * A GitHub repository spelled `owner/repo`: each part only the characters GitHub
 * allows in owner and repository names, so it is safe in a URL path.
 */
export const REPOSITORY_PATTERN = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/

/** Splits `owner/repo` into its parts; undefined when the text is not one. */
export function splitRepository(text: string): { owner: string; repo: string } | undefined {
  const match = REPOSITORY_PATTERN.exec(text)
  return match ? { owner: match[1]!, repo: match[2]! } : undefined
}

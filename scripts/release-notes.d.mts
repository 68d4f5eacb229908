/** The body of `version`'s CHANGELOG.md section, trimmed; undefined when it is missing or empty. */
export function releaseNotes(changelog: string, version: string): string | undefined
/** Why `tag` cannot be released with this package.json version, or undefined. */
export function tagProblem(tag: string, packageVersion: string): string | undefined

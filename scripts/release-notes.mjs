#!/usr/bin/env node
// The release notes of one version: its section of CHANGELOG.md (the lines under
// `## [X.Y.Z] - date` up to the next `## ` heading). The release workflow publishes
// them; a tag whose version is not package.json's, or has no section, fails here.
// Usage: node scripts/release-notes.mjs vX.Y.Z   (prints the notes; exit 1 on a problem)
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * The body of `version`'s section, trimmed.
 * @param {string} changelog CHANGELOG.md's text
 * @param {string} version X.Y.Z
 * @returns {string | undefined} undefined when there is no section, or it is empty
 */
export function releaseNotes(changelog, version) {
  const lines = changelog.split('\n')
  const heading = new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\](?: |$)`)
  const start = lines.findIndex((line) => heading.test(line))
  if (start === -1) return undefined
  const rest = lines.slice(start + 1)
  const end = rest.findIndex((line) => line.startsWith('## '))
  const body = (end === -1 ? rest : rest.slice(0, end)).join('\n').trim()
  return body === '' ? undefined : body
}

/**
 * The problem with releasing `tag`, or undefined.
 * @param {string} tag the pushed tag (vX.Y.Z)
 * @param {string} packageVersion package.json's version
 */
export function tagProblem(tag, packageVersion) {
  if (!/^v\d+\.\d+\.\d+$/.test(tag)) return `tag ${tag} is not vX.Y.Z`
  if (tag !== `v${packageVersion}`)
    return `tag ${tag} does not match package.json's version ${packageVersion}: bump it (and src/version.ts) first`
  return undefined
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tag = process.argv[2] ?? ''
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'))
  const problem = tagProblem(tag, version)
  const notes = problem ? undefined : releaseNotes(readFileSync('CHANGELOG.md', 'utf8'), version)
  if (problem || notes === undefined) {
    console.error(problem ?? `CHANGELOG.md has no (or an empty) section "## [${version}] - <date>"`)
    process.exit(1)
  }
  console.log(notes)
}

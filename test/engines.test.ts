import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import semver from 'semver'
import { parse } from 'yaml'

// package.json's `engines` is a promise to users of the CLI and to anyone who runs
// the bundle: every runtime dependency must run on every Node version it names.
// (content-type@3, which @octokit/request 10.0.16 asks for, needs Node 22; the
// override in package.json keeps content-type@2, which @octokit/request used until
// 10.0.14 with the same parse() API.)

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  engines: { node: string }
}
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } }>
}
const OURS = packageJson.engines.node

/** Runtime packages of the lock whose `engines.node` leaves out a version our range includes. */
function unsupportedBy(range: string): string[] {
  return Object.entries(lock.packages).flatMap(([path, entry]) => {
    const theirs = entry.engines?.node
    if (path === '' || entry.dev === true || theirs === undefined) return []
    return semver.subset(range, theirs) ? [] : [`${path}@${entry.version}: node ${theirs}`]
  })
}

describe('engines and dependencies agree', () => {
  it('every runtime dependency supports every Node version package.json promises', () => {
    expect(semver.validRange(OURS)).not.toBeNull()
    expect(unsupportedBy(OURS)).toEqual([])
  })

  it('would name a dependency that needs a newer Node (the check can fail)', () => {
    // Our range with Node 18 added: the dependencies that need 20 or newer show up.
    expect(unsupportedBy(`^18.0.0 || ${OURS}`).length).toBeGreaterThan(0)
    expect(semver.subset(OURS, '>=22')).toBe(false)
  })

  it('the lock records the same engines, and this Node is one of them', () => {
    expect(lock.packages['']?.engines?.node).toBe(OURS)
    expect(semver.satisfies(process.versions.node, OURS)).toBe(true)
  })

  it('CI runs the tests on the lowest supported Node and on Node 24 (what the action runs on)', () => {
    const ci = parse(readFileSync('.github/workflows/ci.yml', 'utf8')) as {
      jobs: { test: { strategy: { matrix: { node: Array<string | number> } } } }
    }
    const versions = ci.jobs.test.strategy.matrix.node.map(String)
    expect(versions).toEqual([semver.minVersion(OURS)!.version, '24'])
  })
})

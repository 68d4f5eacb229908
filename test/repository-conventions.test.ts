import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { releaseNotes, tagProblem } from '../scripts/release-notes.mjs'

// What a team adopting a GitHub Action expects of its repository (issue 14 item 2):
// third-party actions pinned by commit, a license, a security policy, Dependabot,
// a changelog whose section becomes the release notes of a version tag.

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  version: string
  license: string
}

/** Workflows, action.yml files and the markdown users copy snippets from. */
function filesWithUses(): string[] {
  const workflows = readdirSync('.github/workflows').map((f) => join('.github/workflows', f))
  const actions = ['action.yml', ...readdirSync('.').map((d) => join(d, 'action.yml'))].filter(
    (f) => existsSync(f)
  )
  const docs = readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f))
  return [...workflows, ...actions, 'README.md', ...docs]
}

/** This repository's own actions: `./…` in its workflows, `<owner>/backup-drill[/<dir>]@v0` in snippets for users. */
const OWN_ACTION = /^(\.\/|[A-Za-z0-9-]+\/backup-drill(\/[a-z-]+)?@)/

/** `uses: owner/repo[/path]@<40 hex> # vX.Y.Z` */
const PINNED = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._/-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$/

/** Every `uses:` of a third-party action that is not pinned by full commit SHA with its version in a comment. */
function unpinnedUses(text: string, file: string): string[] {
  const problems: string[] = []
  text.split('\n').forEach((line, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*(.+?)\s*$/.exec(line)
    if (!match) return
    // Unquoted: in a quoted value the `# version` would be part of the reference.
    const reference = match[1]!
    if (OWN_ACTION.test(reference)) return
    if (!PINNED.test(reference)) problems.push(`${file}:${index + 1}: ${reference}`)
  })
  return problems
}

describe('third-party actions are pinned by commit SHA', () => {
  it('in every workflow, action.yml and documentation snippet', () => {
    const files = filesWithUses()
    expect(files).toEqual(expect.arrayContaining(['.github/workflows/ci.yml', 'README.md']))
    const problems = files.flatMap((file) => unpinnedUses(readFileSync(file, 'utf8'), file))
    expect(problems).toEqual([])
  })

  it('finds tags, short SHAs and SHAs without a version comment; passes pins and our own actions', () => {
    const sha = '08c6903cd8c0fde910a37f88322edcfb5dd907a8'
    const text = [
      '      - uses: actions/checkout@v5.0.0',
      `      - uses: actions/checkout@${sha.slice(0, 7)} # v5.0.0`,
      `        uses: actions/setup-node@${sha}`,
      `        uses: "actions/cache/restore@${sha}" # v4`,
      `      - uses: actions/checkout@${sha} # v5.0.0`,
      `      - uses: 'github/codeql-action/init@${sha} # v3.28.1'`,
      '      - uses: ./drill',
      '      - uses: your-org/backup-drill/prune@v0',
      '      - uses: your-org/backup-drill@v0 # or ./ inside this repository'
    ].join('\n')
    expect(unpinnedUses(text, 'x.yml')).toEqual([
      'x.yml:1: actions/checkout@v5.0.0',
      'x.yml:2: actions/checkout@08c6903 # v5.0.0',
      `x.yml:3: actions/setup-node@${sha}`,
      `x.yml:4: "actions/cache/restore@${sha}" # v4`,
      `x.yml:6: 'github/codeql-action/init@${sha} # v3.28.1'`
    ])
  })
})

describe('repository files', () => {
  it('LICENSE is the MIT license package.json declares', () => {
    expect(packageJson.license).toBe('MIT')
    const license = readFileSync('LICENSE', 'utf8')
    expect(license.split('\n')[0]).toBe('MIT License')
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND')
  })

  it('SECURITY.md says how to report a vulnerability and what the tool promises', () => {
    const security = readFileSync('SECURITY.md', 'utf8')
    expect(security).toMatch(/^## Reporting a vulnerability$/m)
    expect(security).toContain('Report a vulnerability')
    expect(security).toMatch(/^## What backup-drill promises$/m)
    expect(security).toMatch(/\*\*Secrets\*\*/)
    expect(security).toMatch(/\*\*Production\*\*/)
  })

  it('Dependabot updates npm and the GitHub Actions', () => {
    const config = parse(readFileSync('.github/dependabot.yml', 'utf8')) as {
      version: number
      updates: Array<{ 'package-ecosystem': string; directory: string }>
    }
    expect(config.version).toBe(2)
    expect(config.updates.map((u) => [u['package-ecosystem'], u.directory])).toEqual([
      ['npm', '/'],
      ['github-actions', '/']
    ])
  })
})

describe('releases', () => {
  it("CHANGELOG.md has notes for package.json's version", () => {
    const notes = releaseNotes(readFileSync('CHANGELOG.md', 'utf8'), packageJson.version)
    expect(notes).toBeDefined()
    expect(notes).toContain('### Added')
    expect(tagProblem(`v${packageJson.version}`, packageJson.version)).toBeUndefined()
  })

  it('takes exactly one section, and refuses a missing or empty one', () => {
    const changelog = [
      '# Changelog',
      '',
      '## [0.2.0] - 2027-01-10',
      '',
      '### Fixed',
      '- b',
      '',
      '## [0.10.0] - 2027-01-01',
      '',
      '## [0.1.0] - 2026-12-02',
      '- a',
      ''
    ].join('\n')
    expect(releaseNotes(changelog, '0.2.0')).toBe('### Fixed\n- b')
    expect(releaseNotes(changelog, '0.1.0')).toBe('- a')
    expect(releaseNotes(changelog, '0.10.0')).toBeUndefined()
    expect(releaseNotes(changelog, '0.3.0')).toBeUndefined()
    // 0.1.0 must not match 0x1y0 (dots are literal).
    expect(releaseNotes('## [0x1y0] - d\n- z\n', '0.1.0')).toBeUndefined()
  })

  it('releases only a vX.Y.Z tag equal to package.json', () => {
    expect(tagProblem('v0.1.0', '0.1.0')).toBeUndefined()
    expect(tagProblem('v0.2.0', '0.1.0')).toContain("does not match package.json's version 0.1.0")
    expect(tagProblem('v0', '0.1.0')).toBe('tag v0 is not vX.Y.Z')
    expect(tagProblem('0.1.0', '0.1.0')).toBe('tag 0.1.0 is not vX.Y.Z')
  })

  it('release.yml: on a version tag, the whole CI, then the release with those notes and the major tag moved', () => {
    type Job = {
      uses?: string
      needs?: string
      permissions?: Record<string, string>
      steps?: Array<{ run?: string; uses?: string }>
    }
    const release = parse(readFileSync('.github/workflows/release.yml', 'utf8')) as {
      on: { push: { tags: string[] } }
      jobs: Record<string, Job>
    }
    const ci = parse(readFileSync('.github/workflows/ci.yml', 'utf8')) as {
      on: Record<string, unknown>
      jobs: Record<string, unknown>
    }
    expect(release.on).toEqual({ push: { tags: ['v*.*.*'] } })
    expect(release.jobs.ci?.uses).toBe('./.github/workflows/ci.yml')
    expect('workflow_call' in ci.on).toBe(true)
    // The CI it calls holds the tests and the dist/ check.
    expect(Object.keys(ci.jobs)).toEqual(expect.arrayContaining(['check', 'test', 'dist', 'e2e']))
    const job = release.jobs.release!
    expect(job.needs).toBe('ci')
    expect(job.permissions).toEqual({ contents: 'write' })
    const runs = (job.steps ?? []).flatMap((step) => (step.run ? [step.run] : []))
    expect(runs.join('\n')).toContain('node scripts/release-notes.mjs "$TAG"')
    expect(runs.join('\n')).toContain('gh release create "$TAG" --verify-tag')
    expect(runs.join('\n')).toContain('git push --force origin "refs/tags/$major"')
  })
})

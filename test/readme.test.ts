import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
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
      'prune/action.yml'
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

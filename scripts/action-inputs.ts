// Writes the `inputs:` of every action.yml from the input registries
// (src/config/*-options.ts), so the actions can never drift from what the
// parsers and the CLI accept. `--check` exits 1 when an action.yml is stale.
// Run through `npm run docs` (node --import tsx), before the README is rendered.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as prettier from 'prettier'
import { ACTION_INPUT_REGISTRIES, withActionInputs } from '../src/config/action-inputs.js'

const root = process.cwd()
let stale = false
for (const [file, registry] of Object.entries(ACTION_INPUT_REGISTRIES)) {
  const path = join(root, file)
  const text = readFileSync(path, 'utf8')
  // Formatted as `npm run lint` expects, so generating and checking agree.
  const options = { ...(await prettier.resolveConfig(path)), filepath: path }
  const updated = await prettier.format(withActionInputs(text, registry), options)
  if (updated === text) continue
  stale = true
  if (process.argv.includes('--check')) console.error(`${file}: inputs are stale`)
  else writeFileSync(path, updated)
}
if (stale && process.argv.includes('--check')) {
  console.error('run `npm run docs`')
  process.exit(1)
}

// Renders the inputs and outputs of every action.yml into README.md between
// <!-- action-docs:start --> and <!-- action-docs:end -->, so the README can
// never drift from the actions. `--check` exits 1 when README.md is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import { parse } from 'yaml'

const ACTIONS = [
  ['action.yml', 'backup (root action)', 'uses: your-org/backup-drill@v0'],
  ['verify/action.yml', 'verify', 'uses: your-org/backup-drill/verify@v0'],
  ['drill/action.yml', 'drill', 'uses: your-org/backup-drill/drill@v0'],
  ['restore/action.yml', 'restore (incident only)', 'uses: your-org/backup-drill/restore@v0'],
  ['prune/action.yml', 'prune', 'uses: your-org/backup-drill/prune@v0'],
  ['status/action.yml', 'status', 'uses: your-org/backup-drill/status@v0']
]
const START = '<!-- action-docs:start -->'
const END = '<!-- action-docs:end -->'

const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim()

/** The markdown for all actions under `root`. */
export function renderActionDocs(root) {
  const parts = []
  for (const [file, title, uses] of ACTIONS) {
    const action = parse(readFileSync(join(root, file), 'utf8'))
    parts.push(`#### ${title} — \`${uses}\``, '', cell(action.description), '')
    parts.push('| Input | Default | Description |', '|---|---|---|')
    for (const [name, input] of Object.entries(action.inputs ?? {})) {
      const required = input.required ? ' (required)' : ''
      const fallback =
        input.default === undefined || input.default === '' ? '' : `\`${cell(input.default)}\``
      parts.push(`| \`${name}\`${required} | ${fallback} | ${cell(input.description)} |`)
    }
    parts.push('', '| Output | Description |', '|---|---|')
    for (const [name, output] of Object.entries(action.outputs ?? {})) {
      parts.push(`| \`${name}\` | ${cell(output.description)} |`)
    }
    parts.push('')
  }
  return parts.join('\n')
}

/** README text with the generated block replaced. */
export function withActionDocs(readme, docs) {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers`)
  return `${readme.slice(0, start + START.length)}\n\n${docs}\n${readme.slice(end)}`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.cwd()
  const readmePath = join(root, 'README.md')
  const readme = readFileSync(readmePath, 'utf8')
  // Formatted as `npm run lint` expects, so generating and checking agree.
  const options = { ...(await prettier.resolveConfig(readmePath)), filepath: readmePath }
  const updated = await prettier.format(withActionDocs(readme, renderActionDocs(root)), options)
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error('README.md action inputs/outputs are stale: run `npm run docs`')
      process.exit(1)
    }
  } else {
    writeFileSync(readmePath, updated)
  }
}

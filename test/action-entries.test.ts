import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ts from 'typescript'
import { parse } from 'yaml'

// The entry convention of GitHub's typescript-action template, kept for every action:
// src/actions/<name>.ts exports run() and runs nothing at import;
// src/actions/entries/<name>.ts (rollup's input for dist/<name>.js) only calls it.
// test/local-action.test.ts shows why with a real runner (local-action imports the
// module and calls run() itself); this keeps the rule for every action.

/** Every action.yml and the dist/ bundle its `main` names. */
function actions(): Array<{ dir: string; name: string }> {
  const dirs = [
    '.',
    ...readdirSync('.', { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(entry.name, 'action.yml')))
      .map((entry) => entry.name)
  ]
  return dirs.map((dir) => {
    const action = parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as {
      runs: { main: string }
    }
    const name = /dist\/([a-z-]+)\.js$/.exec(action.runs.main)?.[1]
    if (!name) throw new Error(`${dir}/action.yml: main ${action.runs.main} is not dist/<name>.js`)
    return { dir, name }
  })
}

/** The top-level statements of a file that do something when it is imported. */
function topLevelEffects(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
  return source.statements
    .filter(
      (statement) =>
        !ts.isImportDeclaration(statement) &&
        !ts.isExportDeclaration(statement) &&
        !ts.isFunctionDeclaration(statement) &&
        !ts.isInterfaceDeclaration(statement) &&
        !ts.isTypeAliasDeclaration(statement) &&
        !ts.isClassDeclaration(statement) &&
        // const declarations are allowed when their initializers call nothing
        !(ts.isVariableStatement(statement) && !containsCall(statement))
    )
    .map((statement) => statement.getText(source))
}

function containsCall(node: ts.Node): boolean {
  if (ts.isCallExpression(node) || ts.isAwaitExpression(node) || ts.isNewExpression(node))
    return true
  // A function body runs only when called.
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return false
  return ts.forEachChild(node, containsCall) ?? false
}

const rollupConfig = readFileSync('rollup.config.js', 'utf8')

describe('action entry convention', () => {
  it('finds the six actions', () => {
    expect(actions().map((a) => a.name)).toEqual(
      expect.arrayContaining(['backup', 'drill', 'verify', 'restore', 'prune', 'status'])
    )
  })

  it.each(actions().map((a) => [a.name, a.dir]))(
    '%s: the bundle entry only calls run() of a module that runs nothing at import',
    (name) => {
      expect(rollupConfig).toContain(`${name}: 'src/actions/entries/${name}.ts'`)
      const entry = readFileSync(`src/actions/entries/${name}.ts`, 'utf8')
      const code = entry.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('//'))
      expect(code).toEqual([`import { run } from '../${name}.js'`, 'await run()'])
      const main = `src/actions/${name}.ts`
      expect(readFileSync(main, 'utf8')).toMatch(/^export async function run\(/m)
      expect(topLevelEffects(main)).toEqual([])
    }
  )

  it('sees a top-level call (the check can fail)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'entry-check-')), 'main.ts')
    writeFileSync(file, 'export async function run() {}\nconst x = 1\nawait run()\n')
    expect(topLevelEffects(file)).toEqual(['await run()'])
  })
})

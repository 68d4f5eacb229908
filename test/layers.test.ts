// The dependency rules of docs/DESIGN.md ("Dependency rules"), checked on the real
// import statements of every file under src/. The checker is a pure function over
// (importing file, specifier) pairs, so the failing cases below run through the same
// code as the real tree.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import ts from 'typescript'

type Layer = 'base' | 'library' | 'config' | 'operation' | 'entry'

/** Bottom to top: a unit may import units of a lower layer (and see the same-layer rules). */
const LAYER_RANK: Record<Layer, number> = { base: 0, library: 1, config: 2, operation: 3, entry: 4 }

/** Every unit of src/: a top-level file or folder. A new one must be placed here. */
const LAYER_OF: Record<string, Layer> = {
  'errors.ts': 'base',
  'secrets.ts': 'base',
  'version.ts': 'base',
  'file-system.ts': 'base',
  'numbers.ts': 'base',
  log: 'base',
  input: 'base',
  cleanup: 'base',
  postgres: 'library',
  crypto: 'library',
  retention: 'library',
  storage: 'library',
  manifest: 'library',
  notify: 'library',
  fixture: 'library',
  sandbox: 'library',
  config: 'config',
  backup: 'operation',
  drill: 'operation',
  restore: 'operation',
  prune: 'operation',
  demo: 'operation',
  report: 'operation',
  status: 'operation',
  actions: 'entry',
  cli: 'entry'
}

/** The only imports allowed between two operations (importer -> imported). */
const OPERATION_IMPORTS: Record<string, readonly string[]> = {
  restore: ['drill', 'report'],
  drill: ['report'],
  demo: ['backup', 'drill'],
  report: ['backup', 'drill', 'prune', 'restore'],
  status: ['report']
}

/** Units that may import `@actions/*` packages (runner I/O stays at the edges). */
const ACTIONS_PACKAGE_USERS: readonly string[] = ['actions', 'storage', 'notify']

interface Import {
  /** The importing file, relative to the repository root (`src/…`). */
  file: string
  /** The module specifier as written. */
  specifier: string
}

/** The units a file belongs to: `src/postgres/client.ts` -> `postgres`, `src/errors.ts` -> `errors.ts`. */
function unitOf(file: string): string {
  const [, unit] = file.split('/')
  return unit ?? file
}

/** The src-relative file a relative specifier points to (`.js` spelled, `.ts` on disk). */
function resolveRelative(file: string, specifier: string): string {
  return posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts')
}

/** Every import, export-from, `import()` and `require()` in a source text. */
function importsOf(file: string, text: string): Import[] {
  const info = ts.preProcessFile(text, true, true)
  return info.importedFiles.map(({ fileName }) => ({ file, specifier: fileName }))
}

/** The rule an import breaks, in words, or undefined when it is allowed. */
function violationOf({ file, specifier }: Import): string | undefined {
  const from = unitOf(file)
  const fromLayer = LAYER_OF[from]
  if (!fromLayer)
    return `${file}: src/${from} has no layer (add it to test/layers.test.ts and docs/DESIGN.md)`
  if (specifier.startsWith('@actions/')) {
    return ACTIONS_PACKAGE_USERS.includes(from)
      ? undefined
      : `${file}: ${specifier} may only be imported in ${ACTIONS_PACKAGE_USERS.join('/, ')}/`
  }
  if (!specifier.startsWith('.')) return undefined
  const target = resolveRelative(file, specifier)
  if (!target.startsWith('src/')) return `${file}: imports ${specifier} from outside src/`
  const to = unitOf(target)
  if (to === from) return undefined
  const toLayer = LAYER_OF[to]
  if (!toLayer) return `${file}: imports src/${to}, which has no layer`
  const rank = LAYER_RANK[fromLayer] - LAYER_RANK[toLayer]
  if (rank > 0) return undefined
  if (rank < 0) return `${file}: ${fromLayer} ${from} imports ${toLayer} ${to} (a higher layer)`
  if (fromLayer === 'base' || fromLayer === 'library') return undefined
  if (fromLayer === 'operation' && OPERATION_IMPORTS[from]?.includes(to)) return undefined
  return `${file}: ${fromLayer} ${from} imports ${fromLayer} ${to} (not an allowed pair)`
}

/** Import cycles between files (each as a list of files, first one repeated at the end). */
function cyclesOf(imports: readonly Import[]): string[][] {
  const edges = new Map<string, string[]>()
  for (const { file, specifier } of imports) {
    if (!specifier.startsWith('.')) continue
    edges.set(file, [...(edges.get(file) ?? []), resolveRelative(file, specifier)])
  }
  const cycles: string[][] = []
  const done = new Set<string>()
  const visit = (file: string, path: string[]): void => {
    const at = path.indexOf(file)
    if (at >= 0) {
      cycles.push([...path.slice(at), file])
      return
    }
    if (done.has(file)) return
    for (const next of edges.get(file) ?? []) visit(next, [...path, file])
    done.add(file)
  }
  for (const file of edges.keys()) visit(file, [])
  return cycles
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path.split('\\').join('/')] : []
  })
}

const srcImports = (): Import[] =>
  sourceFiles('src').flatMap((file) => importsOf(file, readFileSync(file, 'utf8')))

describe('layers (docs/DESIGN.md "Dependency rules")', () => {
  it('finds the imports of the real tree (the checker is not looking at nothing)', () => {
    const imports = srcImports()
    expect(imports.length).toBeGreaterThan(300)
    expect(imports).toContainEqual({
      file: 'src/restore/run-restore.ts',
      specifier: '../report/drill-log.js'
    })
  })

  it('no file imports a higher layer or a forbidden neighbour', () => {
    const violations = srcImports()
      .map(violationOf)
      .filter((violation) => violation !== undefined)
    expect(violations).toEqual([])
  })

  it('no two files import each other, directly or around a loop', () => {
    expect(cyclesOf(srcImports())).toEqual([])
  })

  it('every relative import names an existing file', () => {
    const files = new Set(sourceFiles('src'))
    const missing = srcImports()
      .filter(({ specifier }) => specifier.startsWith('.'))
      .map(({ file, specifier }) => resolveRelative(file, specifier))
      .filter((target) => !files.has(target))
    expect(missing).toEqual([])
  })
})

describe('the layer checker itself', () => {
  const check = (file: string, text: string): string[] =>
    importsOf(file, text)
      .map(violationOf)
      .filter((violation) => violation !== undefined)

  it('reads static, type-only, re-exported, side-effect and dynamic imports', () => {
    const text = [
      "import { a } from './a.js'",
      "import type { B } from '../b.js'",
      "export { c } from './c.js'",
      "import './d.js'",
      "const e = await import('../e.js')",
      'import {\n  f,\n  g\n} from "./fg.js"'
    ].join('\n')
    expect(importsOf('src/x/y.ts', text).map(({ specifier }) => specifier)).toEqual([
      './a.js',
      '../b.js',
      './c.js',
      './d.js',
      '../e.js',
      './fg.js'
    ])
  })

  it('fails a library importing config/, base importing a library, an operation a forbidden one', () => {
    expect(
      check('src/postgres/preflight.ts', "import { x } from '../config/backup-options.js'")
    ).toEqual([
      'src/postgres/preflight.ts: library postgres imports config config (a higher layer)'
    ])
    expect(
      check('src/log/logger.ts', "import type { X } from '../postgres/client.js'")
    ).toHaveLength(1)
    expect(check('src/input/names.ts', "const m = await import('../cli/program.js')")).toHaveLength(
      1
    )
    expect(check('src/drill/run-drill.ts', "import { x } from '../backup/run-backup.js'")).toEqual([
      'src/drill/run-drill.ts: operation drill imports operation backup (not an allowed pair)'
    ])
    expect(check('src/cli/index.ts', "import { x } from '../actions/backup.js'")).toHaveLength(1)
    expect(
      check('src/config/drill-options.ts', "import { x } from '../drill/run-drill.js'")
    ).toHaveLength(1)
  })

  it('passes downward imports, allowed operation pairs and imports within a unit', () => {
    expect(check('src/restore/run-restore.ts', "import { x } from '../drill/checks.js'")).toEqual(
      []
    )
    expect(check('src/report/drill-log.ts', "import { x } from '../drill/checks.js'")).toEqual([])
    expect(check('src/postgres/client.ts', "import { x } from '../manifest/schema.js'")).toEqual([])
    expect(check('src/config/backup-options.ts', "import { x } from '../input/names.js'")).toEqual(
      []
    )
    expect(check('src/cli/program.ts', "import { x } from '../backup/run-backup.js'")).toEqual([])
    expect(check('src/postgres/client.ts', "import { x } from './conninfo.js'")).toEqual([])
    expect(check('src/errors.ts', "import { x } from './secrets.js'")).toEqual([])
  })

  it('keeps @actions/* packages at the edges and refuses unplaced folders', () => {
    expect(check('src/actions/backup.ts', "import * as core from '@actions/core'")).toEqual([])
    expect(check('src/storage/artifact-store.ts', "import { x } from '@actions/artifact'")).toEqual(
      []
    )
    expect(check('src/backup/run-backup.ts', "import * as core from '@actions/core'")).toHaveLength(
      1
    )
    expect(check('src/unplaced/x.ts', "import { x } from '../errors.js'")).toHaveLength(1)
    expect(check('src/errors.ts', "import { x } from './unplaced/x.js'")).toHaveLength(1)
    expect(check('src/errors.ts', "import { x } from '../test/support/cli.js'")).toHaveLength(1)
  })

  it('finds a cycle between files', () => {
    expect(
      cyclesOf([
        { file: 'src/a/x.ts', specifier: '../b/y.js' },
        { file: 'src/b/y.ts', specifier: './z.js' },
        { file: 'src/b/z.ts', specifier: '../a/x.js' }
      ])
    ).toEqual([['src/a/x.ts', 'src/b/y.ts', 'src/b/z.ts', 'src/a/x.ts']])
  })
})

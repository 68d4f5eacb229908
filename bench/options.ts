import { parseArgs } from 'node:util'
import { parseSize } from '../src/input/size.js'

/** A data size as given and in bytes. */
export interface BenchSize {
  text: string
  bytes: number
}

export type BenchPart = 'backup' | 'drill' | 'rss'

export interface BenchOptions {
  /** Size of the data the timed runs use (fixture on disk). */
  size: BenchSize
  /** Timed runs per variant. */
  runs: number
  /** Sizes at which to report peak RSS; the main size reuses the timed runs. */
  rssSizes: BenchSize[]
  parts: Set<BenchPart>
  /** The bundled CLI under test. */
  cli: string
}

export const USAGE = `npm run bench -- [--size 1GB] [--runs 5] [--rss-sizes 1GB,3GB] [--parts backup,drill,rss] [--cli dist/cli.js]
  --size       data seeded for the timed runs (env BENCH_SIZE; default 1GB on disk)
  --runs       timed runs of each variant, alternating (env BENCH_RUNS; default 5)
  --rss-sizes  sizes at which to report peak RSS of our node process (default: --size only;
               other sizes are seeded separately and run once)
  --parts      which parts to run (default backup,drill,rss)
  --cli        the bundled CLI to measure (default dist/cli.js: run \`npm run bundle\` first)`

/** Parses benchmark flags and BENCH_* environment knobs; throws a usage message on bad values. */
export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string' },
      runs: { type: 'string' },
      'rss-sizes': { type: 'string' },
      parts: { type: 'string' },
      cli: { type: 'string' }
    }
  })
  const size = benchSize(values.size ?? env.BENCH_SIZE ?? '1GB')
  const runsText = values.runs ?? env.BENCH_RUNS ?? '5'
  const runs = Number(runsText)
  if (!Number.isInteger(runs) || runs < 1 || runs > 50)
    throw new Error(`--runs must be 1-50, got ${runsText}\n${USAGE}`)
  const rssSizes = values['rss-sizes']
    ? values['rss-sizes'].split(',').map((text) => benchSize(text.trim()))
    : [size]
  const parts = new Set((values.parts ?? 'backup,drill,rss').split(',').map((part) => part.trim()))
  for (const part of parts) {
    if (!['backup', 'drill', 'rss'].includes(part))
      throw new Error(`unknown part ${part}\n${USAGE}`)
  }
  return { size, runs, rssSizes, parts: parts as Set<BenchPart>, cli: values.cli ?? 'dist/cli.js' }
}

function benchSize(text: string): BenchSize {
  const bytes = parseSize(text)
  if (bytes === undefined)
    throw new Error(`not a size: ${text} (use e.g. 200MB, 1GB, 3GB)\n${USAGE}`)
  return { text, bytes }
}

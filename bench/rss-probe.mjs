// Preloaded into the benchmarked node process (`node --import bench/rss-probe.mjs`):
// at exit it writes the process's own peak resident set size (getrusage
// RUSAGE_SELF, so pg_dump/pg_restore children are not counted) to
// $BENCH_RSS_FILE. Costs nothing while the command runs.
import { writeFileSync } from 'node:fs'

const file = process.env.BENCH_RSS_FILE
if (file) {
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }))
  })
}

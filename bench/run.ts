// `npm run bench`: the SOP's commands against backup-drill on the same data,
// in one run, on one throwaway PostgreSQL cluster. See bench/README.md.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import pg from 'pg'
import { SOP_TABLES } from '../src/fixture/supabase-fixture.js'
import { startCluster, type Cluster } from '../src/sandbox/cluster.js'
import { machineInfo } from './machine.js'
import { measure, probedNode, waitForQuietMachine, type Measurement } from './measure.js'
import { parseBenchOptions, type BenchSize } from './options.js'
import {
  resultsMarkdown,
  type BackupVariant,
  type BenchResults,
  type DrillVariant,
  type RssPoint,
  type SourceInfo,
  type VariantResult
} from './report.js'
import { rounded, summarize } from './stats.js'

// The SOP's commands, verbatim except for the schema list (both sides dump
// public + auth) and sha256sum for macOS's `shasum -a 256` (same digest; the
// coreutils binary is the faster of the two, so the baseline is the harder one).
const SCHEMA_ARGS = '-n public -n auth'
const SOP_BACKUP = `set -euo pipefail
pg_dump "$OPTA_SUPABASE_DB_URL" --format=custom --no-owner --no-privileges ${SCHEMA_ARGS} --file "$OUT"
sha256sum "$OUT" > "$OUT.sha256"`
const FLOOR = `set -euo pipefail
pg_dump "$OPTA_SUPABASE_DB_URL" --format=custom --no-owner --no-privileges ${SCHEMA_ARGS} > /dev/null`
const SOP_DRILL = `set -euo pipefail
pg_restore --clean --if-exists --no-owner --no-privileges --dbname "$OPTA_SUPABASE_SCRATCH_DB_URL" "$DUMP"
${SOP_TABLES.map((t) => `psql "$OPTA_SUPABASE_SCRATCH_DB_URL" -c "select '${t}' as t, count(*) from public.${t};"`).join('\n')}`

const NOTES = [
  'Both sides run against the same throwaway cluster (startCluster defaults: fsync, synchronous_commit and full_page_writes off), so server settings weigh on both equally.',
  'Both sides dump the same schemas: pg_dump -n public -n auth for the SOP, --schemas public,auth for backup-drill.',
  'SOP checksum: sha256sum (coreutils) instead of macOS shasum -a 256: same digest, faster tool.',
  'Variants alternate within each round and the order rotates every round; before each timed run: CHECKPOINT and sync (untimed). One untimed pg_dump warms the page cache first.',
  'Each drill run restores into a freshly created scratch database (created untimed). backup-drill drill runs with its default --jobs (number of cores) and full validation; "content hashes on" drills the set made with --content-hash true.',
  'backup-drill backup fsyncs the dump before reporting success; the SOP commands do not.',
  'The machine is shared: before each timed run the bench waits (up to 120 s) until other processes use less than 15% of the CPU. The CLI is measured from a copy of dist/ taken at the start.',
  'Peak RSS: getrusage(RUSAGE_SELF).maxrss of the node process at exit (bench/rss-probe.mjs); pg_dump/pg_restore children are not counted.'
]

const options = parseBenchOptions(process.argv.slice(2), process.env)
const bundle = resolve(options.cli)
const startedAt = new Date()
const clock = performance.now()
const say = (line: string) =>
  console.log(`[bench ${((performance.now() - clock) / 1000).toFixed(0).padStart(5)} s] ${line}`)

if (!existsSync(bundle)) throw new Error(`${bundle} not found: run \`npm run bundle\` first`)
warnIfStale(bundle)

const cluster = await startCluster()
const work = await mkdtemp(join(tmpdir(), 'backup-drill-bench-'))
// dist/ is shared and rebuilt by others: measure a private copy taken now.
await cp(join(bundle, '..'), join(work, 'dist'), { recursive: true })
const cli = join(work, 'dist', basename(bundle))
const drillAvailable = spawnSync(process.execPath, [cli, 'drill', '--help']).status === 0
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: `${cluster.binDir}:${process.env.PATH ?? ''}`
}
const mask = [cluster.password]
/** CPU busy share (other processes) just before each timed run, and how long we waited for it. */
const quietLog: Array<{ busy: number; waitedSeconds: number }> = []
try {
  say(`cluster on port ${cluster.port} (${cluster.binDir}), work folder ${work}`)
  const server = await serverInfo(cluster)
  const source = await seedDatabase('bench_src', options.size)
  const srcUrl = cluster.urlFor('bench_src')

  let backup: BenchResults['backup']
  let drill: BenchResults['drill']
  let kept: KeptBackups | undefined
  if (options.parts.has('backup')) ({ backup, kept } = await benchBackup(srcUrl))
  if (options.parts.has('drill')) {
    if (!drillAvailable) drill = { skipped: `${options.cli} has no drill command yet` }
    else drill = await benchDrill(kept ?? (await makeBackups(srcUrl)))
  }

  const rss: RssPoint[] = []
  if (options.parts.has('rss')) {
    for (const size of options.rssSizes) rss.push(await rssPoint(size, source, backup, drill))
  }

  const finishedAt = new Date()
  const partial: Omit<BenchResults, 'markdown'> = {
    formatVersion: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    totalSeconds: Math.round((performance.now() - clock) / 1000),
    machine: machineInfo(cluster.binDir),
    server,
    options: {
      size: options.size.text,
      runs: options.runs,
      rssSizes: options.rssSizes.map((s) => s.text),
      parts: [...options.parts],
      cli: options.cli
    },
    notes: NOTES,
    quiet: {
      threshold: 0.15,
      runs: quietLog.length,
      waitedSeconds: quietLog.reduce((sum, q) => sum + q.waitedSeconds, 0),
      maxBusyBefore: Math.round(Math.max(0, ...quietLog.map((q) => q.busy)) * 100) / 100,
      loadAverage: loadavg()
    },
    source,
    ...(backup ? { backup } : {}),
    ...(drill ? { drill } : {}),
    rss
  }
  const results: BenchResults = { ...partial, markdown: resultsMarkdown(partial) }
  const resultsDir = join(import.meta.dirname, 'results')
  await mkdir(resultsDir, { recursive: true })
  const file = join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`)
  await writeFile(file, JSON.stringify(results, null, 2) + '\n')
  console.log(`\n${results.markdown}\n`)
  say(`raw numbers: ${file}`)
} finally {
  await cluster.stop()
  await rm(work, { recursive: true, force: true })
}

interface KeptBackups {
  /** The SOP's .dump (drilled by the SOP commands). */
  sop: string
  /** backup-drill sets (paths of their .dump files) made with content hashes off and on. */
  oursOff: string
  oursOn: string
}

/** Backup timings: SOP vs ours (hashes off/on) vs the floor, alternating, rotating the order every round. */
async function benchBackup(
  srcUrl: string
): Promise<{ backup: NonNullable<BenchResults['backup']>; kept: KeptBackups }> {
  const variants: BackupVariant[] = ['sop', 'oursOff', 'oursOn', 'floor']
  say('warm-up: one untimed pg_dump > /dev/null')
  await measure('bash', ['-c', FLOOR], { env: { ...env, OPTA_SUPABASE_DB_URL: srcUrl }, mask })
  const runs = new Map<
    BackupVariant,
    Array<Measurement & { detail?: unknown; dumpPath?: string; dumpBytes?: number }>
  >(variants.map((v) => [v, []]))
  const order: BackupVariant[][] = []
  const kept: Partial<KeptBackups> = {}
  const dumpBytes: Partial<Record<BackupVariant, number>> = {}
  for (let round = 0; round < options.runs; round++) {
    const roundOrder = rotate(variants, round)
    order.push(roundOrder)
    for (const variant of roundOrder) {
      await settle()
      const result = await backupOnce(variant, srcUrl, `${variant}-${round}`)
      runs.get(variant)!.push(result)
      say(
        `backup round ${round + 1}/${options.runs} ${variant}: ${result.seconds.toFixed(2)} s${result.peakRssKb ? `, peak RSS ${Math.round(result.peakRssKb / 1024)} MiB` : ''}`
      )
      if (result.dumpBytes !== undefined) dumpBytes[variant] = result.dumpBytes
      // Keep round 1's backups for the drill; delete the rest as we go (disk and page cache).
      if (round === 0 && variant !== 'floor') kept[variant] = result.dumpPath
      else if (result.dumpPath)
        await rm(join(result.dumpPath, '..'), { recursive: true, force: true })
    }
  }
  const commands: Record<BackupVariant, string> = {
    sop: SOP_BACKUP.split('\n').slice(1).join(' && '),
    floor: FLOOR.split('\n')[1]!,
    oursOff: 'node dist/cli.js backup --schemas public,auth --upload none --content-hash false',
    oursOn: 'node dist/cli.js backup --schemas public,auth --upload none --content-hash true'
  }
  return {
    backup: {
      order,
      dumpBytes,
      variants: Object.fromEntries(
        variants.map((v) => [v, variantResult(commands[v], runs.get(v)!)])
      ) as Record<BackupVariant, VariantResult>
    },
    kept: kept as KeptBackups
  }
}

async function backupOnce(
  variant: BackupVariant,
  srcUrl: string,
  tag: string
): Promise<Measurement & { detail?: unknown; dumpPath?: string; dumpBytes?: number }> {
  if (variant === 'floor')
    return measure('bash', ['-c', FLOOR], { env: { ...env, OPTA_SUPABASE_DB_URL: srcUrl }, mask })
  const dir = join(work, `backup-${tag}`)
  await mkdir(dir, { recursive: true })
  if (variant === 'sop') {
    const out = join(dir, 'opta-supabase.dump')
    const m = await measure('bash', ['-c', SOP_BACKUP], {
      env: { ...env, OPTA_SUPABASE_DB_URL: srcUrl, OUT: out },
      mask
    })
    return { ...m, dumpPath: out, dumpBytes: statSync(out).size }
  }
  const [node, args] = probedNode(cli, [
    'backup',
    '--out-dir',
    dir,
    '--schemas',
    'public,auth',
    '--upload',
    'none',
    '--content-hash',
    variant === 'oursOn' ? 'true' : 'false',
    '--prefix',
    'bench',
    '--json'
  ])
  const m = await measure(node, args, {
    env: { ...env, BACKUP_DRILL_DB_URL: srcUrl },
    probeFile: join(work, 'rss.json'),
    mask
  })
  const out = JSON.parse(m.stdout) as {
    backupPath: string
    manifestPath: string
    sizeBytes: number
  }
  const manifest = JSON.parse(await readFile(out.manifestPath, 'utf8')) as { timings: unknown }
  return { ...m, detail: manifest.timings, dumpPath: out.backupPath, dumpBytes: out.sizeBytes }
}

/** Drill timings: SOP restore + four counts vs backup-drill drill (hashes off/on), each into a fresh scratch database. */
async function benchDrill(kept: KeptBackups): Promise<NonNullable<BenchResults['drill']>> {
  const variants: DrillVariant[] = ['sop', 'oursOff', 'oursOn']
  const runs = new Map<DrillVariant, Array<Measurement & { detail?: unknown }>>(
    variants.map((v) => [v, []])
  )
  const order: DrillVariant[][] = []
  for (let round = 0; round < options.runs; round++) {
    const roundOrder = rotate(variants, round)
    order.push(roundOrder)
    for (const variant of roundOrder) {
      const result = await drillOnce(variant, kept, `${variant}-${round}`)
      runs.get(variant)!.push(result)
      say(
        `drill round ${round + 1}/${options.runs} ${variant}: ${result.seconds.toFixed(2)} s${result.peakRssKb ? `, peak RSS ${Math.round(result.peakRssKb / 1024)} MiB` : ''}`
      )
    }
  }
  await sql('postgres', 'DROP DATABASE IF EXISTS bench_scratch WITH (FORCE)')
  const commands: Record<DrillVariant, string> = {
    sop: SOP_DRILL.split('\n').slice(1).join(' && '),
    oursOff: 'node dist/cli.js drill --backup <set made with --content-hash false>',
    oursOn: 'node dist/cli.js drill --backup <set made with --content-hash true>'
  }
  return {
    order,
    variants: Object.fromEntries(
      variants.map((v) => [v, variantResult(commands[v], runs.get(v)!)])
    ) as Record<DrillVariant, VariantResult>
  }
}

async function drillOnce(
  variant: DrillVariant,
  kept: KeptBackups,
  tag: string
): Promise<Measurement & { detail?: unknown }> {
  await sql('postgres', 'DROP DATABASE IF EXISTS bench_scratch WITH (FORCE)')
  await sql('postgres', 'CREATE DATABASE bench_scratch')
  await settle()
  const scratchUrl = cluster.urlFor('bench_scratch')
  if (variant === 'sop') {
    return measure('bash', ['-c', SOP_DRILL], {
      env: { ...env, OPTA_SUPABASE_SCRATCH_DB_URL: scratchUrl, DUMP: kept.sop },
      mask
    })
  }
  const logDir = join(work, `drill-logs-${tag}`)
  const [node, args] = probedNode(cli, [
    'drill',
    '--backup',
    variant === 'oursOn' ? kept.oursOn : kept.oursOff,
    '--log-dir',
    logDir,
    '--json'
  ])
  const m = await measure(node, args, {
    env: { ...env, BACKUP_DRILL_SCRATCH_DB_URL: scratchUrl },
    probeFile: join(work, 'rss.json'),
    mask
  })
  const log = JSON.parse(m.stdout) as {
    result?: string
    checks?: Array<{ name: string; seconds?: number }>
  }
  if (log.result !== 'pass')
    throw new Error(`backup-drill drill did not pass (${log.result}): ${m.stdout.slice(0, 4000)}`)
  await rm(logDir, { recursive: true, force: true })
  // The drill log times each step: where the drill's seconds go.
  return {
    ...m,
    detail: Object.fromEntries(
      (log.checks ?? []).filter((c) => c.seconds !== undefined).map((c) => [c.name, c.seconds])
    )
  }
}

/** One backup set of each kind, untimed: for a drill-only run. */
async function makeBackups(srcUrl: string): Promise<KeptBackups> {
  say('making one backup of each kind for the drill (untimed)')
  const sop = await backupOnce('sop', srcUrl, 'sop-drill')
  const off = await backupOnce('oursOff', srcUrl, 'off-drill')
  const on = await backupOnce('oursOn', srcUrl, 'on-drill')
  return { sop: sop.dumpPath!, oursOff: off.dumpPath!, oursOn: on.dumpPath! }
}

/**
 * Peak RSS at one size. At the timed size the timed runs already measured it
 * (highest peak over hashes off and on); other sizes get their own database,
 * one backup (hashes off) and one drill of it.
 */
async function rssPoint(
  size: BenchSize,
  main: SourceInfo,
  backup: BenchResults['backup'],
  drill: BenchResults['drill']
): Promise<RssPoint> {
  const peak = (variant?: VariantResult) => Math.max(...(variant?.peakRssKb ?? []))
  if (size.bytes === options.size.bytes && backup) {
    const drillVariants = drill && 'variants' in drill ? drill.variants : undefined
    return {
      size: size.text,
      fixtureBytes: main.fixtureBytes,
      backupPeakRssKb: Math.max(peak(backup.variants.oursOff), peak(backup.variants.oursOn)),
      ...(drillVariants
        ? { drillPeakRssKb: Math.max(peak(drillVariants.oursOff), peak(drillVariants.oursOn)) }
        : {}),
      runs: options.runs * 2
    }
  }
  const database = `bench_rss_${size.bytes}`
  const info = size.bytes === options.size.bytes ? main : await seedDatabase(database, size)
  const url = cluster.urlFor(size.bytes === options.size.bytes ? 'bench_src' : database)
  await settle()
  const b = await backupOnce('oursOff', url, `rss-${size.bytes}`)
  say(
    `rss ${size.text}: backup ${b.seconds.toFixed(1)} s, peak RSS ${Math.round((b.peakRssKb ?? 0) / 1024)} MiB`
  )
  let drillPeak: number | undefined
  if (drillAvailable) {
    const d = await drillOnce(
      'oursOff',
      { sop: '', oursOff: b.dumpPath!, oursOn: b.dumpPath! },
      `rss-${size.bytes}`
    )
    drillPeak = d.peakRssKb
    say(
      `rss ${size.text}: drill ${d.seconds.toFixed(1)} s, peak RSS ${Math.round((drillPeak ?? 0) / 1024)} MiB`
    )
    await sql('postgres', 'DROP DATABASE IF EXISTS bench_scratch WITH (FORCE)')
  }
  await rm(join(b.dumpPath!, '..'), { recursive: true, force: true })
  if (size.bytes !== options.size.bytes)
    await sql('postgres', `DROP DATABASE ${database} WITH (FORCE)`)
  return {
    size: size.text,
    fixtureBytes: info.fixtureBytes,
    backupPeakRssKb: b.peakRssKb ?? 0,
    ...(drillPeak !== undefined ? { drillPeakRssKb: drillPeak } : {}),
    runs: 1
  }
}

/** Creates `database` and seeds it through our own `seed` command. */
async function seedDatabase(database: string, size: BenchSize): Promise<SourceInfo> {
  await sql('postgres', `CREATE DATABASE ${database}`)
  say(`seeding ${database} to about ${size.text}`)
  const m = await measure(
    process.execPath,
    [cli, 'seed', '--db-url', cluster.urlFor(database), '--size', size.text, '--json'],
    {
      env,
      echoStderr: true,
      mask
    }
  )
  const seeded = JSON.parse(m.stdout) as {
    users: number
    fixtureBytes: number
    databaseBytes: number
    rows: Record<string, number>
  }
  // VACUUM sets hint bits and the visibility map now, so no timed run pays for them.
  await sql(database, 'VACUUM (ANALYZE)')
  say(
    `seeded ${database}: ${seeded.users} users, ${(seeded.fixtureBytes / 1e9).toFixed(2)} GB in ${m.seconds.toFixed(0)} s`
  )
  return {
    users: seeded.users,
    fixtureBytes: seeded.fixtureBytes,
    databaseBytes: seeded.databaseBytes,
    seedSeconds: Math.round(m.seconds),
    rows: seeded.rows
  }
}

async function serverInfo(target: Cluster): Promise<BenchResults['server']> {
  const client = new pg.Client({ connectionString: target.url })
  await client.connect()
  try {
    const version = (
      await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)
    ).rows[0]!.v
    const settings = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes',
         'shared_buffers', 'work_mem', 'maintenance_work_mem', 'max_wal_size', 'max_worker_processes',
         'max_parallel_workers', 'max_parallel_maintenance_workers') ORDER BY name`
    )
    return {
      version: `PostgreSQL ${version}`,
      settings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting]))
    }
  } finally {
    await client.end()
  }
}

async function sql(database: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: cluster.urlFor(database) })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

/** Untimed: flush the server's and the kernel's dirty pages so one run does not pay for the last. */
async function settle(): Promise<void> {
  await sql('postgres', 'CHECKPOINT')
  execFileSync('sync')
  const quiet = await waitForQuietMachine()
  quietLog.push(quiet)
  if (quiet.waitedSeconds > 0)
    say(
      `waited ${quiet.waitedSeconds} s for a quiet machine (CPU busy ${(quiet.busy * 100).toFixed(0)}%)`
    )
}

function variantResult(
  command: string,
  runs: Array<Measurement & { detail?: unknown }>
): VariantResult {
  const seconds = rounded(runs.map((r) => r.seconds))
  const peaks = runs.map((r) => r.peakRssKb).filter((kb): kb is number => kb !== undefined)
  const details = runs.map((r) => r.detail).filter((d) => d !== undefined)
  // RSS at 10/25/50/75/90% of each node run: flat means the stream, not the data, sets the memory.
  const profiles = runs
    .filter((r) => r.peakRssKb !== undefined && r.rssSamplesKb.length > 0)
    .map((r) =>
      [0.1, 0.25, 0.5, 0.75, 0.9].map(
        (q) => r.rssSamplesKb[Math.floor(q * (r.rssSamplesKb.length - 1))]!
      )
    )
  return {
    command,
    seconds,
    summary: summarize(seconds),
    ...(peaks.length ? { peakRssKb: peaks, rssProfileKb: profiles } : {}),
    ...(details.length ? { details } : {})
  }
}

function rotate<T>(items: T[], by: number): T[] {
  const k = by % items.length
  return [...items.slice(k), ...items.slice(0, k)]
}

/** dist/ is committed and shared: measuring an old bundle would measure old code. */
function warnIfStale(bundle: string): void {
  const built = statSync(bundle).mtimeMs
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) =>
      entry.isDirectory()
        ? newer(join(dir, entry.name))
        : statSync(join(dir, entry.name)).mtimeMs > built
    )
  if (newer(resolve('src')))
    say(
      `warning: src/ has files newer than ${bundle}: run \`npm run bundle\` to measure the current code`
    )
}

import { copyFile, mkdir, mkdtemp, open, rm } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import pg from 'pg'
import { runBackup } from '../backup/run-backup.js'
import { parseBackupOptions } from '../config/backup-options.js'
import { parseDrillOptions } from '../config/drill-options.js'
import { runDrill, type DrillResult } from '../drill/run-drill.js'
import { seedFixture } from '../fixture/supabase-fixture.js'
import type { Logger } from '../log/logger.js'
import { startCluster, type Cluster } from '../sandbox/cluster.js'
import { registerSecret } from '../secrets.js'

/** What the demo does: how much data, and whether to keep its files for a look afterwards. */
export interface DemoOptions {
  users: number
  keep: boolean
}

/** Everything the demo showed, for the report and `--json`. Never a URL or a password. */
export interface DemoResult {
  /** True only when the good backup's drill passed AND the corrupted copy was caught. */
  passed: boolean
  goodDrillPassed: boolean
  corruptionCaught: boolean
  server: { version: string; port: number; binDir: string }
  production: { database: string; users: number; tables: number; rows: number }
  backup: { name: string; sizeBytes: number; sha256: string; seconds: number }
  good: DrillResult
  corrupt: DrillResult & { flippedByteOffset: number; scratchTablesAfter: number }
  /** The demo's temporary folder (backups, drill logs): removed unless `keep`. */
  workDir: string
  /** The throwaway cluster's folder: always removed. */
  clusterDir: string
  kept: boolean
  cleanup: { clusterStopped: boolean; workDirRemoved: boolean }
}

const PRODUCTION_DB = 'opta_production'
const SCRATCH_DB = 'opta_scratch'
const CORRUPT_SCRATCH_DB = 'opta_scratch_corrupt'

/**
 * The README's "run it": a throwaway cluster, the fixture seeded as
 * production, a real backup, a drill that passes, then one flipped byte in a
 * copy of the dump and a drill that catches it. The cluster is stopped and
 * the temporary files removed whatever happens (unless `keep`).
 */
export async function runDemo(options: DemoOptions, logger: Logger): Promise<DemoResult> {
  const workDir = await mkdtemp(join(tmpdir(), 'backup-drill-demo-'))
  let cluster: Cluster | undefined
  let steps: Omit<DemoResult, 'workDir' | 'clusterDir' | 'kept' | 'cleanup'> | undefined
  try {
    cluster = await logger.group('Start a throwaway PostgreSQL cluster', () => startCluster())
    // Masked from here on: no line of the demo may show the cluster's password.
    registerSecret(cluster.password)
    steps = await demoSteps(cluster, workDir, options, logger)
  } finally {
    if (cluster) await cluster.stop()
    if (!options.keep) await rm(workDir, { recursive: true, force: true })
  }
  const clusterDir = dirname(cluster.dataDir)
  return {
    ...steps,
    workDir,
    clusterDir,
    kept: options.keep,
    cleanup: { clusterStopped: !existsSync(clusterDir), workDirRemoved: !existsSync(workDir) }
  }
}

async function demoSteps(
  cluster: Cluster,
  workDir: string,
  options: DemoOptions,
  logger: Logger
): Promise<Omit<DemoResult, 'workDir' | 'clusterDir' | 'kept' | 'cleanup'>> {
  const version = await query(cluster.url, async (client) => {
    for (const db of [PRODUCTION_DB, SCRATCH_DB, CORRUPT_SCRATCH_DB]) {
      await client.query(`CREATE DATABASE ${db}`)
    }
    const result = await client.query<{ v: string }>(
      `SELECT current_setting('server_version') AS v`
    )
    return result.rows[0]?.v ?? 'unknown'
  })
  logger.info(`PostgreSQL ${version} on 127.0.0.1:${cluster.port} (${cluster.binDir})`)

  const productionUrl = cluster.urlFor(PRODUCTION_DB)
  await logger.group(`Seed "production" (${PRODUCTION_DB}) with ${options.users} users`, () =>
    query(productionUrl, (client) => seedFixture(client, { users: options.users }))
  )

  const backupStarted = performance.now()
  const backup = await logger.group('Back up production (schemas public,auth)', () =>
    runBackup(
      parseBackupOptions({
        'db-url': productionUrl,
        'out-dir': join(workDir, 'backups'),
        prefix: 'opta-supabase',
        schemas: 'public,auth',
        'content-hash': 'true'
      }),
      logger
    )
  )
  const backupSeconds = (performance.now() - backupStarted) / 1000
  const tables = backup.manifest.inventory.tables

  // One log folder per drill: drill ids are per second, and both drills often share one.
  const drill = (scratchDb: string, backupPath: string, logs: string) =>
    runDrill(
      parseDrillOptions({
        'scratch-db-url': cluster.urlFor(scratchDb),
        // Production is given so the drill's guard proves scratch is not production.
        'db-url': productionUrl,
        backup: backupPath,
        'log-dir': join(workDir, 'drill-logs', logs),
        jobs: '2'
      }),
      logger
    )
  const good = await logger.group(`Drill ${backup.name} into ${SCRATCH_DB}`, () =>
    drill(SCRATCH_DB, backup.backupPath, 'good')
  )

  const corruptDir = join(workDir, 'corrupted-copy')
  await mkdir(corruptDir)
  for (const file of [backup.backupPath, backup.checksumPath, backup.manifestPath]) {
    await copyFile(file, join(corruptDir, basename(file)))
  }
  const corruptDump = join(corruptDir, basename(backup.backupPath))
  const flippedByteOffset = await flipOneByte(corruptDump)
  logger.info(`Flipped one bit of byte ${flippedByteOffset} in the copy ${corruptDump}`)
  const corrupt = await logger.group(`Drill the corrupted copy into ${CORRUPT_SCRATCH_DB}`, () =>
    drill(CORRUPT_SCRATCH_DB, corruptDump, 'corrupted-copy')
  )
  const scratchTablesAfter = await query(cluster.urlFor(CORRUPT_SCRATCH_DB), async (client) => {
    const result = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_catalog.pg_tables WHERE schemaname IN ('public', 'auth')`
    )
    return result.rows[0]?.n ?? 0
  })

  const goodDrillPassed = good.log.result === 'pass'
  const corruptionCaught =
    corrupt.log.escalations.includes('checksum-mismatch') &&
    corrupt.log.checks.find((check) => check.name === 'restore')?.status === 'skip' &&
    scratchTablesAfter === 0
  return {
    passed: goodDrillPassed && corruptionCaught,
    goodDrillPassed,
    corruptionCaught,
    server: { version, port: cluster.port, binDir: cluster.binDir },
    production: {
      database: PRODUCTION_DB,
      users: options.users,
      tables: tables.length,
      rows: tables.reduce((n, t) => n + t.rowCount, 0)
    },
    backup: {
      name: backup.name,
      sizeBytes: backup.sizeBytes,
      sha256: backup.sha256,
      seconds: backupSeconds
    },
    good,
    corrupt: { ...corrupt, flippedByteOffset, scratchTablesAfter }
  }
}

/** Flips the lowest bit of the middle byte in place (what bit rot or a bad copy does); returns its offset. */
async function flipOneByte(path: string): Promise<number> {
  const file = await open(path, 'r+')
  try {
    const { size } = await file.stat()
    const offset = Math.floor(size / 2)
    const byte = Buffer.alloc(1)
    await file.read(byte, 0, 1, offset)
    byte.writeUInt8(byte.readUInt8(0) ^ 0x01, 0)
    await file.write(byte, 0, 1, offset)
    return offset
  } finally {
    await file.close()
  }
}

/** Runs `work` on a connection to the demo's own cluster (plain client: nothing here is an SOP step). */
async function query<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'backup-drill demo' })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

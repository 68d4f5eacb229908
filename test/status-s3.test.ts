import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { backupSetName } from '../src/manifest/backup-set.js'
import { createS3Client } from '../src/storage/s3/s3-config.js'
import { storeDrillLogInBucket } from '../src/storage/s3/s3-drill-logs.js'
import { runCliCaptured } from './support/cli.js'
import { startS3Server, type S3TestServer } from './support/s3-server.js'
import { DAY, HOUR, ago, writeDrillLog } from './support/status-store.js'

// status --store s3 reads the bucket's listing (the real AWS SDK against the
// SigV4-checking test server); the drill logs come from log-dir.

const BUCKET = 'status-backups'
let server: S3TestServer
let logRoot: string

beforeAll(async () => {
  server = await startS3Server()
  await server.createBucket(BUCKET)
  logRoot = await mkdtemp(path.join(tmpdir(), 'status-s3-'))
}, 60_000)
afterAll(async () => {
  await server?.stop()
  await rm(logRoot, { recursive: true, force: true })
})

/** Writes a set's objects as the backup lays them out: `<s3-prefix>/<set>/<set><extension>`. */
async function putSet(
  prefix: string,
  at: Date,
  parts = ['.dump', '.sha256', '.manifest.json'],
  dumpBytes = 1,
  totalSeconds = 30
) {
  const client = new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey }
  })
  const name = backupSetName('db', at)
  // The manifest carries only the timings status charts.
  const body = (part: string) =>
    part === '.dump'
      ? Buffer.alloc(dumpBytes, 1)
      : Buffer.from(
          part === '.manifest.json'
            ? JSON.stringify({ timings: { totalSeconds, dumpSeconds: 1, inspectSeconds: 1 } })
            : 'x'
        )
  for (const part of parts)
    await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `${prefix}/${name}/${name}${part}`,
        Body: body(part),
        // The sha256 a download checks (as the backup stores small objects).
        Metadata: { sha256: createHash('sha256').update(body(part)).digest('hex') }
      })
    )
  client.destroy()
  return name
}

const status = (prefix: string, logDir: string | undefined, ...more: string[]) =>
  runCliCaptured(
    [
      'status',
      ...server.cliFlags(BUCKET, prefix),
      '--prefix',
      'db',
      ...(logDir === undefined ? [] : ['--log-dir', logDir]),
      '--json',
      ...more
    ],
    server.cliEnv()
  )

describe('status --store s3', () => {
  it('passes on a fresh set, escalates rpo-exceeded on an old one, reports an incomplete set', async () => {
    const logDir = path.join(logRoot, 'a')
    await writeDrillLog(logDir, ago(2 * DAY), true)
    const newest = await putSet('fresh', ago(HOUR))
    await putSet('fresh', ago(HOUR + DAY))
    const fresh = await status('fresh', logDir)
    expect(fresh.code).toBe(0)
    const report = JSON.parse(fresh.stdout)
    expect(report.store).toContain(BUCKET)
    expect(report.backup).toMatchObject({ count: 2, newest: { name: newest } })

    await putSet('stale', ago(30 * HOUR))
    const partial = await putSet('stale', ago(2 * HOUR), ['.dump'])
    const stale = await status('stale', logDir)
    expect(stale.code).toBe(1)
    const staleReport = JSON.parse(stale.stdout)
    expect(staleReport.conditions).toEqual(['rpo-exceeded'])
    expect(staleReport.retention.incomplete.map((set: { name: string }) => set.name)).toEqual([
      partial
    ])
    expect(stale.stdout + stale.stderr).not.toContain(server.secretAccessKey)
  }, 60_000)

  it('without log-dir reads the newest drill log from the bucket, <s3-prefix>/drill-logs/', async () => {
    const config = {
      bucket: BUCKET,
      prefix: 'logs',
      endpoint: server.endpoint,
      region: server.region,
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      credentialsSource: 'test'
    }
    const logDir = path.join(logRoot, 'bucket-logs')
    const older = await writeDrillLog(logDir, ago(3 * DAY), true)
    const newer = await writeDrillLog(logDir, ago(2 * DAY), true)
    const client = createS3Client(config)
    // Stored as the drill stores them (newest first, so the order of upload decides nothing).
    for (const id of [newer, older])
      await storeDrillLogInBucket(client, config, [path.join(logDir, `${id}.json`)])
    client.destroy()
    const set = await putSet('logs', ago(HOUR))

    const run = await status('logs', undefined)
    expect(run.code === 0 ? 0 : run.stdout + run.stderr).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(report.backup).toMatchObject({ count: 1, newest: { name: set } })
    expect(report.drill.source).toContain('logs/drill-logs/')
    expect(report.drill.newest).toMatchObject({
      id: newer,
      result: 'pass',
      origin: `s3://${BUCKET}/logs/drill-logs/${newer}.json`
    })
  }, 60_000)

  it('sizes come from the listing, durations from the manifests: a 90 % drop of the newest dump is a warning naming the set', async () => {
    const logDir = path.join(logRoot, 'sizes')
    await writeDrillLog(logDir, ago(2 * DAY), true)
    for (let day = 7; day >= 1; day--)
      await putSet('sizes', ago(HOUR + day * DAY), undefined, 10_000 + day, 60 + day)
    const dropped = await putSet('sizes', ago(HOUR), undefined, 1_000, 12)
    const run = await status('sizes', logDir)
    expect(run.code).toBe(0) // a warning, not an escalation
    const report = JSON.parse(run.stdout)
    expect(report.history.sets.map((set: { sizeBytes?: number }) => set.sizeBytes)).toEqual([
      10_007, 10_006, 10_005, 10_004, 10_003, 10_002, 10_001, 1_000
    ])
    expect(
      report.history.sets.map((set: { durationSeconds?: number }) => set.durationSeconds)
    ).toEqual([67, 66, 65, 64, 63, 62, 61, 12])
    expect(report.sizeTrend).toMatchObject({ set: dropped, sizeBytes: 1_000, compared: 7 })
    const trend = report.checks.find((check: { name: string }) => check.name === 'size-trend')
    expect(trend.status).toBe('warn')
    expect(trend.detail).toContain(`${dropped} dropped to 10 % of the median`)
  }, 60_000)

  it('out-dir with store s3 is bad input (exit 2)', async () => {
    const run = await status('x', logRoot, '--out-dir', './backups')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('bad input: out-dir')
  })
})

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import { parseBackupOptions } from '../src/config/backup-options.js'
import { parsePruneInputs } from '../src/config/prune-options.js'
import { InputError } from '../src/errors.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { backupSetName } from '../src/manifest/backup-set.js'
import { runPrune } from '../src/prune/run-prune.js'
import { DEFAULT_RETENTION_POLICY } from '../src/retention/policy.js'
import { drillLogSchema } from '../src/report/drill-log.js'
import { createS3BackupStore } from '../src/storage/s3/s3-backup-store.js'
import { downloadVerified } from '../src/storage/s3/s3-objects.js'
import { tempDir } from './support/backups.js'
import { runCliCaptured } from './support/cli.js'
import { createDatabase, createFixtureDatabase } from './support/database.js'
import { startS3Server, type S3TestServer } from './support/s3-server.js'

// store: s3 through the inputs: the CLI's backup streams into the bucket with
// AWS_* credentials, prune applies the policy to the bucket, and the secret key
// never shows.

let server: S3TestServer
let source: string
const BUCKET = 'inputs'

beforeAll(async () => {
  server = await startS3Server()
  await server.createBucket(BUCKET)
  source = await createFixtureDatabase({ users: 3 })
}, 120_000)

afterAll(async () => {
  await server?.stop()
})

const awsEnv = () => server.cliEnv()
const s3Flags = (prefix: string) => server.cliFlags(BUCKET, prefix)

describe('store s3 inputs', () => {
  it('parses the bucket from inputs and the AWS environment; bad combinations name the input', () => {
    const options = parseBackupOptions(
      { 'db-url': 'postgres://u:p@h/db', store: 's3', 's3-bucket': 'acme-backups', prefix: 'opta' },
      { AWS_ACCESS_KEY_ID: 'AKIAX', AWS_SECRET_ACCESS_KEY: 'secret-xyz', AWS_REGION: 'eu-west-1' }
    )
    expect(options.upload).toBe('none')
    expect(options.s3).toMatchObject({
      bucket: 'acme-backups',
      prefix: 'opta',
      region: 'eu-west-1',
      forcePathStyle: false,
      credentials: { accessKeyId: 'AKIAX', secretAccessKey: 'secret-xyz' },
      credentialsSource: 'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY'
    })
    expect(() => parseBackupOptions({ 'db-url': 'postgres://u:p@h/db', store: 's3' }, {})).toThrow(
      new InputError('s3-bucket', 'store s3 needs the bucket name')
    )
    expect(() =>
      parseBackupOptions(
        {
          'db-url': 'postgres://u:p@h/db',
          store: 's3',
          's3-bucket': 'b-1',
          's3-access-key-id': 'AKIA'
        },
        {}
      )
    ).toThrow(/s3-secret-access-key: give s3-access-key-id and s3-secret-access-key together/)
    expect(() =>
      parsePruneInputs({ store: 's3', 's3-bucket': 'b-1', 'out-dir': './x' }, {})
    ).toThrow(/out-dir: applies to another store/)
    expect(() =>
      parseBackupOptions({ 'db-url': 'postgres://u:p@h/db', store: 'tape' }, {})
    ).toThrow(/store: must be directory, artifact or s3/)
  })

  it('CLI backup --store s3 streams into the bucket (no out-dir), prune --store s3 keeps it; the secret never shows', async () => {
    const outDir = join(tempDir(), 'unused')
    const backup = await runCliCaptured(
      [
        'backup',
        '--db-url',
        source,
        '--out-dir',
        outDir,
        '--prefix',
        'cli',
        ...s3Flags('team/db'),
        '--json'
      ],
      awsEnv()
    )
    expect(backup.stderr).not.toMatch(/error|ESCALATE/)
    expect(backup.code).toBe(0)
    const printed = JSON.parse(backup.stdout) as { name: string; backupPath: string }
    expect(printed.backupPath).toBe(`s3://${BUCKET}/team/db/${printed.name}/${printed.name}.dump`)
    expect(existsSync(outDir)).toBe(false)

    const prune = await runCliCaptured(
      ['prune', '--prefix', 'cli', ...s3Flags('team/db'), '--json'],
      awsEnv()
    )
    expect(prune.code).toBe(0)
    expect(JSON.parse(prune.stdout)).toMatchObject({
      store: `bucket s3://${BUCKET}/team/db at ${server.endpoint}`,
      kept: [{ name: printed.name }],
      deleted: []
    })
    for (const run of [backup, prune])
      expect(run.stdout + run.stderr).not.toContain(server.secretAccessKey)

    const wrong = await runCliCaptured(['prune', '--prefix', 'cli', ...s3Flags('team/db')], {
      ...awsEnv(),
      AWS_SECRET_ACCESS_KEY: 'not-the-secret-key-0123456789'
    })
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(
      /the service rejected the credentials \(SignatureDoesNotMatch.*check AWS_ACCESS_KEY_ID \/ AWS_SECRET_ACCESS_KEY/
    )
    expect(wrong.stderr).not.toContain('not-the-secret-key-0123456789')
  })

  it('prune over 500 sets spread over two years keeps exactly the policy picks (35 daily + 12 monthly)', async () => {
    const prefix = 'two-years'
    const store = createS3BackupStore(
      parsePruneInputs(
        {
          store: 's3',
          's3-bucket': BUCKET,
          's3-endpoint': server.endpoint,
          's3-force-path-style': 'true',
          prefix: 'db'
        },
        awsEnv()
      ).s3!
    )
    const now = new Date(Date.UTC(2026, 11, 1, 12))
    const span = 730 * 86_400_000
    // Deterministic spread: 500 times over two years, some days with two backups, some with none.
    const times = Array.from({ length: 500 }, (_, i) => {
      const jitter = ((i * 7919) % 1000) / 1000
      return new Date(now.getTime() - Math.floor((i + jitter) * (span / 500)) - 3_600_000)
    })
    const names = times.map((time) => backupSetName('db', time))
    const put = (key: string) =>
      store.client.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}/${key}`, Body: 'x' })
      )
    for (let i = 0; i < names.length; i += 25)
      await Promise.all(
        names
          .slice(i, i + 25)
          .flatMap((name) =>
            ['.dump', '.sha256', '.manifest.json'].map((ext) => put(`${name}/${name}${ext}`))
          )
      )
    const storeWithPrefix = createS3BackupStore({ ...store.config, prefix })

    const result = await runPrune(
      {
        prefix: 'db',
        policy: { ...DEFAULT_RETENTION_POLICY },
        dryRun: false,
        now,
        store: storeWithPrefix
      },
      createMemoryLogger()
    )

    // The policy by a plain calendar rule: the newest set of each of the 35 newest days and 12 newest months.
    const newestPer = (key: (iso: string) => string, n: number): string[] => {
      const newest = new Map<string, Date>()
      for (const time of times) {
        const k = key(time.toISOString())
        if (!newest.has(k) || newest.get(k)! < time) newest.set(k, time)
      }
      return [...newest.keys()]
        .sort()
        .reverse()
        .slice(0, n)
        .map((k) => backupSetName('db', newest.get(k)!))
    }
    const expected = new Set([
      ...newestPer((iso) => iso.slice(0, 10), 35),
      ...newestPer((iso) => iso.slice(0, 7), 12)
    ])
    expect(result.passed).toBe(true)
    expect(new Set(result.kept.map((entry) => entry.name))).toEqual(expected)
    expect(result.deleted).toHaveLength(500 - expected.size)
    expect(result.deleted.every((entry) => entry.status === 'deleted')).toBe(true)

    const left: string[] = []
    let token: string | undefined
    do {
      const page = await store.client.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${prefix}/`, ContinuationToken: token })
      )
      left.push(...(page.Contents ?? []).map((object) => object.Key!))
      token = page.NextContinuationToken
    } while (token)
    expect(new Set(left.map((key) => key.split('/')[1]))).toEqual(expected)
    expect(left).toHaveLength(expected.size * 3)
  })

  it('backup -> verify -> drill round trip on the bucket (latest and by name); a tampered dump fails the download', async () => {
    const flags = s3Flags('roundtrip')
    const backup = await runCliCaptured(
      [
        'backup',
        '--db-url',
        source,
        '--schemas',
        'public,auth',
        '--prefix',
        'rt',
        '--content-hash',
        'true',
        ...flags,
        '--json'
      ],
      awsEnv()
    )
    expect(backup.code).toBe(0)
    const { name } = JSON.parse(backup.stdout) as { name: string }

    const verify = await runCliCaptured(['verify', '--prefix', 'rt', ...flags, '--json'], awsEnv())
    expect(verify.stderr).not.toMatch(/ESCALATE|error/)
    expect(verify.code).toBe(0)
    expect(verify.stdout).toContain(name)

    const scratch = await createDatabase('scratch')
    const drill = await runCliCaptured(
      [
        'drill',
        '--backup',
        `${name}.dump`,
        '--scratch-db-url',
        scratch,
        '--log-dir',
        tempDir(),
        '--upload',
        'artifact',
        ...flags,
        '--json'
      ],
      awsEnv()
    )
    expect(drill.code === 0 ? 0 : drill.stdout.slice(-3000) + drill.stderr.slice(-3000)).toBe(0)
    const log = JSON.parse(drill.stdout) as {
      id: string
      result: string
      escalations: string[]
      logStoredAt: string
    }
    expect(log).toMatchObject({ result: 'pass', escalations: [] })
    const logKeys = ['.json', '.md'].map((ext) => `roundtrip/drill-logs/${log.id}${ext}`)
    expect(log.logStoredAt).toBe(logKeys.map((key) => `s3://${BUCKET}/${key}`).join(', '))
    for (const run of [backup, verify, drill])
      expect(run.stdout + run.stderr).not.toContain(server.secretAccessKey)

    // Replace the dump's bytes, keep its metadata (none: a streamed dump's sha256 is in the .sha256): the download refuses it.
    const store = createS3BackupStore({
      ...parsePruneInputs(
        {
          store: 's3',
          's3-bucket': BUCKET,
          's3-endpoint': server.endpoint,
          's3-force-path-style': 'true',
          's3-prefix': 'roundtrip'
        },
        awsEnv()
      ).s3!
    })
    // The drill's log sits beside the sets, verified like any object, and parses as a drill log.
    const logFolder = tempDir()
    await downloadVerified(store.client, store.config, logKeys[0]!, join(logFolder, 'log.json'))
    await downloadVerified(store.client, store.config, logKeys[1]!, join(logFolder, 'log.md'))
    const stored = drillLogSchema.parse(
      JSON.parse(readFileSync(join(logFolder, 'log.json'), 'utf8'))
    )
    expect(stored).toMatchObject({ id: log.id, kind: 'drill', result: 'pass' })
    expect(stored.backup.name).toBe(name)
    expect(readFileSync(join(logFolder, 'log.md'), 'utf8')).toContain(log.id)
    // ...and the listing still shows only the set: the log is neither a set nor a stray.
    const listing = await store.list()
    expect(listing.sets.map((set) => set.name)).toEqual([name])
    expect(listing).toMatchObject({ incomplete: [], strays: [], problems: [] })

    const key = `roundtrip/${name}/${name}.dump`
    const head = await store.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))
    await store.client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: 'not a dump',
        Metadata: head.Metadata
      })
    )
    const tampered = await runCliCaptured(['verify', '--prefix', 'rt', ...flags], awsEnv())
    expect(tampered.code).toBe(1)
    expect(tampered.stderr).toMatch(/the set's rt-.*\.sha256 records/)
  })
})

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  CopyObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client
} from '@aws-sdk/client-s3'
import { runBackup } from '../src/backup/run-backup.js'
import { locateBackup } from '../src/drill/locate-backup.js'
import { parseBackupOptions } from '../src/config/backup-options.js'
import { EscalationError, InputError } from '../src/errors.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { createS3BackupStore } from '../src/storage/s3/s3-backup-store.js'
import type { S3StoreConfig } from '../src/storage/s3/s3-config.js'
import { sweepStaleClaims } from '../src/storage/s3/s3-claims.js'
import { sweepStaleUploads } from '../src/storage/s3/s3-uploads.js'
import { tempDir } from './support/backups.js'
import { runCliCaptured } from './support/cli.js'
import { countRows, createDatabase, createFixtureDatabase, withClient } from './support/database.js'
import { sha256 } from './support/digests.js'
import { startS3Server, type S3TestServer } from './support/s3-server.js'

// A backup streamed straight into a bucket (pg_dump -> sha256 -> multipart
// upload, archive listed on the way): no local dump file, manifest last, and a
// failed or killed upload leaves no set and, after cleanup, no open upload.

let server: S3TestServer
let source: string
let big: string
const BUCKET = 'stream'

beforeAll(async () => {
  server = await startS3Server()
  await server.createBucket(BUCKET)
  source = await createFixtureDatabase({ users: 5 })
  // ~30 MB of poorly compressible rows: with --compress 0, a dump of several 8 MiB parts.
  big = await createFixtureDatabase({ users: 2 })
  await withClient(big, (client) =>
    client.query(
      `CREATE TABLE public.payload AS SELECT g AS id, repeat(md5(g::text), 30) AS body FROM generate_series(1, 30000) g`
    )
  )
}, 180_000)

afterAll(async () => {
  await server?.stop()
})

function config(prefix: string): S3StoreConfig {
  return {
    bucket: BUCKET,
    prefix,
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    credentialsSource: 'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY'
  }
}

function countCommands(client: S3Client, fail?: (name: string, count: number) => boolean) {
  const counts = new Map<string, number>()
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown'
      const count = (counts.get(name) ?? 0) + 1
      counts.set(name, count)
      if (fail?.(name, count))
        throw Object.assign(new Error('connection reset'), { name: 'ECONNRESET' })
      return next(args)
    },
    { step: 'initialize' }
  )
  return counts
}

const awsEnv = () => server.cliEnv()
const cliFlags = (prefix: string) => server.cliFlags(BUCKET, prefix)

const keysUnder = async (client: S3Client, prefix: string): Promise<string[]> =>
  ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? [])
    .map((object) => object.Key!)
    .sort()

describe('backup streamed into a bucket', () => {
  it('stores the set with no local dump file; manifest last; verify reads the download', async () => {
    const outDir = join(tempDir(), 'never-created')
    const store = createS3BackupStore(config('stream/db'))
    const counts = countCommands(store.client)
    const options = parseBackupOptions({ 'db-url': source, 'out-dir': outDir, prefix: 'db' })
    const result = await runBackup(options, createMemoryLogger(), { bucket: store })

    expect(existsSync(outDir)).toBe(false)
    expect(result.backupPath).toBe(`s3://${BUCKET}/stream/db/${result.name}/${result.name}.dump`)
    expect(await keysUnder(store.client, 'stream/db/')).toEqual(
      ['.dump', '.manifest.json', '.sha256'].map(
        (ext) => `stream/db/${result.name}/${result.name}${ext}`
      )
    )
    // No copy of the dump onto itself to add its sha256 afterwards: the .sha256 records it.
    expect(counts.get('CopyObjectCommand')).toBeUndefined()

    const listing = await store.list('db')
    expect(listing.sets.map((set) => set.name)).toEqual([result.name])
    const folder = tempDir()
    const local = await store.downloadSet(listing.sets[0]!, folder)
    expect(sha256(readFileSync(local.dump))).toBe(result.sha256)
    expect(JSON.parse(readFileSync(local.manifest, 'utf8'))).toMatchObject({ id: result.name })
    const verify = await runCliCaptured(['verify', '--backup', local.dump, '--json'])
    expect(verify.stderr).not.toMatch(/ESCALATE/)
    expect(verify.code).toBe(0)
  })

  it('an age-encrypted set, end to end through the CLI: verify and drill latest from the bucket with the identity', async () => {
    const keygen = execFileSync('age-keygen', { encoding: 'utf8' })
    const identity = /^AGE-SECRET-KEY-1[0-9A-Z]+$/m.exec(keygen)![0]
    const recipient = /public key: (age1[0-9a-z]+)/.exec(keygen)![1]!
    const backup = await runCliCaptured(
      [
        'backup',
        '--db-url',
        source,
        '--schemas',
        'public,auth',
        '--encrypt-recipients',
        recipient
      ].concat(['--content-hash', 'true', ...cliFlags('stream/sealed')]),
      awsEnv()
    )
    expect({ code: backup.code, stderr: backup.code ? backup.stderr : '' }).toEqual({
      code: 0,
      stderr: ''
    })
    // Without the identity: bad input naming it, nothing restored.
    const blind = await runCliCaptured(
      ['verify', '--backup', 'latest', ...cliFlags('stream/sealed')],
      awsEnv()
    )
    expect({
      code: blind.code,
      error: /decrypt-identity: .* is encrypted with age/.test(blind.stderr)
    }).toEqual({
      code: 2,
      error: true
    })
    const verify = await runCliCaptured(
      [
        'verify',
        '--backup',
        'latest',
        '--decrypt-identity',
        identity,
        ...cliFlags('stream/sealed')
      ],
      awsEnv()
    )
    expect(verify.code).toBe(0)
    const scratch = await createDatabase('sealed_scratch')
    const drill = await runCliCaptured(
      [
        'drill',
        '--backup',
        'latest',
        '--decrypt-identity',
        identity,
        '--scratch-db-url',
        scratch
      ].concat([
        '--log-dir',
        tempDir(),
        '--upload',
        'none',
        '--json',
        ...cliFlags('stream/sealed')
      ]),
      awsEnv()
    )
    const log = JSON.parse(drill.stdout) as { checks: Array<{ name: string; status: string }> }
    expect({
      code: drill.code,
      failed: log.checks.filter((c) => c.status === 'fail'),
      decrypt: log.checks.find((c) => c.name === 'decrypt')?.status
    }).toEqual({ code: 0, failed: [], decrypt: 'pass' })
    expect(await countRows(scratch)).toEqual(await countRows(source))
    for (const output of [backup, blind, verify, drill])
      expect(output.stdout + output.stderr).not.toContain(identity)
  })

  it('the dump is uploaded once, never copied server-side; the .sha256 vouches for it on download', async () => {
    const store = createS3BackupStore(config('stream/once'))
    const before = (await server.requests()).length
    const result = await runBackup(
      parseBackupOptions({ 'db-url': source, 'out-dir': tempDir(), prefix: 'once' }),
      createMemoryLogger(),
      { bucket: store }
    )
    const dumpKey = `stream/once/${result.name}/${result.name}.dump`
    const seen = (await server.requests()).slice(before)
    // What the server saw: no CopyObject (UploadPartCopy) at all; the dump's
    // only request is its upload (one PutObject: a dump smaller than a part).
    expect(seen.filter((request) => request.copySource !== null)).toEqual([])
    expect(
      seen
        .filter((request) => request.path === `/${BUCKET}/${dumpKey}`)
        .map(
          (request) => `${request.method} ${request.query.filter((q) => q !== 'x-id').join('&')}`
        )
    ).toEqual(['PUT '])
    const head = await store.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: dumpKey }))
    expect(head.Metadata?.sha256).toBeUndefined()
    // The .sha256 and manifest still carry their own (known before their upload).
    for (const ext of ['.sha256', '.manifest.json']) {
      const small = await store.client.send(
        new HeadObjectCommand({ Bucket: BUCKET, Key: dumpKey.replace(/\.dump$/, ext) })
      )
      expect(small.Metadata?.sha256).toMatch(/^[0-9a-f]{64}$/)
    }

    const flags = cliFlags('stream/once')
    const verify = await runCliCaptured(
      ['verify', '--prefix', 'once', ...flags, '--json'],
      awsEnv()
    )
    expect(verify.stderr).not.toMatch(/ESCALATE|error/)
    expect(verify.code).toBe(0)

    // Other bytes in the dump's place: the download is refused.
    await store.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: dumpKey, Body: 'not the dump' })
    )
    const tampered = await runCliCaptured(['verify', '--prefix', 'once', ...flags], awsEnv())
    expect(tampered.code).toBe(1)
    expect(tampered.stderr).toContain(
      `${dumpKey} downloaded as sha256 ${sha256('not the dump')}, but the set's ${result.name}.sha256 records ${result.sha256}`
    )
    // The CLI and the actions (verify, drill, restore) report that download failure as checksum-mismatch.
    expect(tampered.stderr).toMatch(
      /^ESCALATE checksum-mismatch: the backup could not be fetched from the bucket/m
    )
    const fetchError = await locateBackup(
      { kind: 's3', s3: config('stream/once'), backup: 'latest', prefix: 'once' },
      createMemoryLogger()
    ).then(
      () => new Error('expected the download to be refused'),
      (error: unknown) => error
    )
    expect(fetchError).toBeInstanceOf(EscalationError)
    expect((fetchError as EscalationError).condition).toBe('checksum-mismatch')
  })

  it("sets of older backups (the dump's sha256 also in its metadata) still download and verify", async () => {
    const store = createS3BackupStore(config('stream/old'))
    const result = await runBackup(
      parseBackupOptions({ 'db-url': source, 'out-dir': tempDir(), prefix: 'old' }),
      createMemoryLogger(),
      { bucket: store }
    )
    const dumpKey = `stream/old/${result.name}/${result.name}.dump`
    // What backups before this change did after the upload: a copy onto itself adding the metadata.
    const copyWithSha256 = (sha: string) =>
      store.client.send(
        new CopyObjectCommand({
          Bucket: BUCKET,
          Key: dumpKey,
          CopySource: `${BUCKET}/${dumpKey}`,
          MetadataDirective: 'REPLACE',
          Metadata: { sha256: sha }
        })
      )
    await copyWithSha256(result.sha256)
    const listing = await store.list('old')
    const local = await store.downloadSet(listing.sets[0]!, tempDir())
    expect(local.dumpSha256).toBe(result.sha256)
    const flags = cliFlags('stream/old')
    const verify = await runCliCaptured(['verify', '--prefix', 'old', ...flags], awsEnv())
    expect(verify.code).toBe(0)

    // Metadata that disagrees with the bytes is still refused ...
    await copyWithSha256('0'.repeat(64))
    const wrongMetadata = await runCliCaptured(['verify', '--prefix', 'old', ...flags], awsEnv())
    expect(wrongMetadata.code).toBe(1)
    expect(wrongMetadata.stderr).toMatch(/its metadata records 0{64}/)
    // ... and so are other bytes whose metadata agrees with them: the .sha256 decides.
    await store.client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: dumpKey,
        Body: 'not the dump',
        Metadata: { sha256: sha256('not the dump') }
      })
    )
    const tampered = await runCliCaptured(['verify', '--prefix', 'old', ...flags], awsEnv())
    expect(tampered.code).toBe(1)
    expect(tampered.stderr).toMatch(
      new RegExp(`but the set's ${result.name}\\.sha256 records ${result.sha256}`)
    )
  })

  it('two backups in the same second into the same prefix: one stores its set, the other stops before writing', async () => {
    const prefix = 'stream/same'
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5))
    const name = 'same-20260102-030405'
    const backup = () =>
      runBackup(
        parseBackupOptions({ 'db-url': big, 'out-dir': tempDir(), prefix: 'same', compress: '0' }),
        createMemoryLogger(),
        { bucket: createS3BackupStore(config(prefix)), now: () => at }
      )
    const before = (await server.requests()).length
    const outcomes = await Promise.allSettled([backup(), backup()])
    const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []))
    const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : []))
    expect(won.map((result) => result.name)).toEqual([name])
    expect(lost).toHaveLength(1)
    expect(lost[0]).toBeInstanceOf(InputError)
    expect((lost[0] as InputError).input).toBe('s3-prefix')
    expect(lost[0]!.message).toMatch(
      new RegExp(
        `^s3-prefix: another backup is writing ${name} in bucket s3://${BUCKET}/${prefix} .*right now`
      )
    )
    // The server saw two conditional claims and one upload of the dump: the loser wrote nothing.
    const seen = (await server.requests()).slice(before)
    const folder = `/${BUCKET}/${prefix}/${name}/${name}`
    expect(
      seen
        .filter((r) => r.path === `${folder}.claim` && r.method === 'PUT')
        .map((r) => r.ifNoneMatch)
    ).toEqual(['*', '*'])
    expect(
      seen.filter(
        (r) => r.path === `${folder}.dump` && r.method === 'POST' && r.query.includes('uploads')
      )
    ).toHaveLength(1)
    const store = createS3BackupStore(config(prefix))
    const keys = ['.dump', '.manifest.json', '.sha256'].map(
      (ext) => `${prefix}/${name}/${name}${ext}`
    )
    expect(await keysUnder(store.client, `${prefix}/`)).toEqual(keys)
    const set = (await store.list('same')).sets[0]!
    expect((await store.downloadSet(set, tempDir())).dumpSha256).toBe(won[0]!.sha256)

    // A third run, after the first finished, in that same second: the manifest is there, it stops too.
    const third = await backup().then(
      () => new Error('expected the third backup to stop'),
      (error: unknown) => error as Error
    )
    expect(third).toBeInstanceOf(InputError)
    expect(third.message).toMatch(
      /^s3-prefix: .*same-20260102-030405\.manifest\.json already exists/
    )
    expect(await keysUnder(store.client, `${prefix}/`)).toEqual(keys)
    expect((await store.downloadSet(set, tempDir())).dumpSha256).toBe(won[0]!.sha256)
  })

  it('a service without conditional writes (NotImplemented) gets no claim: the backup goes on and says so', async () => {
    const store = createS3BackupStore(config('stream/unconditional'))
    // What such a service answers a PutObject with If-None-Match (the request never leaves the client).
    store.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (
          context.commandName === 'PutObjectCommand' &&
          (args.input as { IfNoneMatch?: string }).IfNoneMatch
        )
          throw Object.assign(
            new Error('A header you provided implies functionality that is not implemented'),
            {
              name: 'NotImplemented',
              $metadata: { httpStatusCode: 501 }
            }
          )
        return next(args)
      },
      { step: 'initialize' }
    )
    const logger = createMemoryLogger()
    const result = await runBackup(
      parseBackupOptions({ 'db-url': source, 'out-dir': tempDir(), prefix: 'plain' }),
      logger,
      { bucket: store }
    )
    expect(logger.lines.join('\n')).toMatch(
      new RegExp(
        `does not support conditional writes \\(If-None-Match\\): the set name ${result.name} is not claimed`
      )
    )
    expect(await keysUnder(store.client, 'stream/unconditional/')).toEqual(
      ['.dump', '.manifest.json', '.sha256'].map(
        (ext) => `stream/unconditional/${result.name}/${result.name}${ext}`
      )
    )
  })

  it('streams a dump of several parts through a multipart upload', async () => {
    const store = createS3BackupStore(config('stream/big'))
    const counts = countCommands(store.client)
    const options = parseBackupOptions({
      'db-url': big,
      'out-dir': tempDir(),
      prefix: 'big',
      compress: '0'
    })
    const result = await runBackup(options, createMemoryLogger(), { bucket: store })
    expect(result.sizeBytes).toBeGreaterThan(3 * 8 * 1024 * 1024)
    expect(counts.get('UploadPartCommand')).toBeGreaterThanOrEqual(4)
    const listing = await store.list('big')
    const local = await store.downloadSet(listing.sets[0]!, tempDir())
    expect(sha256(readFileSync(local.dump))).toBe(result.sha256)
  })

  it('an upload that fails mid-way fails the backup, aborts the upload and leaves no set', async () => {
    const store = createS3BackupStore(config('stream/failing'))
    // Every attempt at the third part fails (the SDK retries; all retries fail too).
    const counts = countCommands(
      store.client,
      (name, count) => name === 'UploadPartCommand' && count >= 3
    )
    const options = parseBackupOptions({
      'db-url': big,
      'out-dir': tempDir(),
      prefix: 'big',
      compress: '0'
    })
    const error = await runBackup(options, createMemoryLogger(), { bucket: store }).then(
      () => new Error('expected the backup to fail'),
      (failure: unknown) => failure
    )
    expect(error).toBeInstanceOf(EscalationError)
    expect((error as EscalationError).condition).toBe('backup-failed')
    expect((error as Error).message).toMatch(
      /cannot store s3:\/\/stream\/stream\/failing\/big-.*\.dump/
    )
    expect(counts.get('AbortMultipartUploadCommand')).toBeGreaterThanOrEqual(1)
    expect(await server.openUploads(BUCKET)).toEqual([])
    expect(await keysUnder(store.client, 'stream/failing/')).toEqual([])
  })

  it('a backup killed outright (SIGKILL) mid-upload leaves no set; the next sweep aborts its upload', async () => {
    const prefix = 'stream/killed'
    const script = join(tempDir(), 'backup-into-bucket.mts')
    const src = resolve('src')
    writeFileSync(
      script,
      `import { runBackup } from '${src}/backup/run-backup.ts'
import { parseBackupOptions } from '${src}/config/backup-options.ts'
import { createMemoryLogger } from '${src}/log/logger.ts'
import { createS3BackupStore } from '${src}/storage/s3/s3-backup-store.ts'
const store = createS3BackupStore(JSON.parse(process.env.STORE_CONFIG!))
await runBackup(parseBackupOptions({ 'db-url': process.env.DB_URL!, 'out-dir': '/nonexistent', prefix: 'big', compress: '0' }), createMemoryLogger(), { bucket: store })
`
    )
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, STORE_CONFIG: JSON.stringify(config(prefix)), DB_URL: big },
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise((done) => child.once('exit', done))
    // Mid-way: an upload is open and holds parts.
    const deadline = Date.now() + 60_000
    while ((await server.openUploads(BUCKET)).length === 0 && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 50))
    const [claim = 'no claim'] = await keysUnder(
      createS3BackupStore(config(prefix)).client,
      `${prefix}/`
    )
    expect(claim).toMatch(/^stream\/killed\/big-\d{8}-\d{6}\/big-\d{8}-\d{6}\.claim$/)
    expect({
      uploads: (await server.openUploads(BUCKET)).length,
      // Still running (a failure would show its stderr here), nothing visible yet but the name's claim.
      running: child.exitCode === null ? true : stderr,
      keys: await keysUnder(createS3BackupStore(config(prefix)).client, `${prefix}/`)
    }).toEqual({ uploads: 1, running: true, keys: [claim] })
    child.kill('SIGKILL')
    await exited

    const store = createS3BackupStore(config(prefix))
    expect((await store.list()).sets).toEqual([])
    expect(await keysUnder(store.client, `${prefix}/`)).toEqual([claim])
    // A sweep now leaves a fresh upload and claim alone (it could be a backup still running elsewhere) ...
    expect(await sweepStaleUploads(store.client, store.config)).toEqual([])
    expect(await sweepStaleClaims(store.client, store.config, 'big')).toEqual([])
    expect(await server.openUploads(BUCKET)).toHaveLength(1)
    // ... and removes them once they are older than any backup runs.
    const later = new Date(Date.now() + 25 * 60 * 60 * 1000)
    const swept = await sweepStaleUploads(store.client, store.config, { now: later })
    expect(swept).toEqual([claim.replace(/\.claim$/, '.dump')])
    expect(await server.openUploads(BUCKET)).toEqual([])
    expect(await sweepStaleClaims(store.client, store.config, 'big', { now: later })).toEqual([
      claim
    ])
    expect(await keysUnder(store.client, `${prefix}/`)).toEqual([])
  })
})

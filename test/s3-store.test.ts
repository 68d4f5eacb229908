import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client
} from '@aws-sdk/client-s3'
import { backupSetName } from '../src/manifest/backup-set.js'
import { registerSecret } from '../src/secrets.js'
import { createS3BackupStore, type S3BackupStore } from '../src/storage/s3/s3-backup-store.js'
import type { S3StoreConfig } from '../src/storage/s3/s3-config.js'
import { S3StoreError } from '../src/storage/s3/s3-errors.js'
import { groupSetKeys } from '../src/storage/s3/s3-listing.js'
import { PART_SIZE, downloadVerified, uploadStream } from '../src/storage/s3/s3-objects.js'
import { makeBackup, tempDir } from './support/backups.js'
import { createFixtureDatabase } from './support/database.js'
import { sha256 } from './support/digests.js'
import { startS3Server, type S3TestServer } from './support/s3-server.js'

// The S3 store with the real @aws-sdk/client-s3 against s3rver behind a front
// that verifies SigV4 and implements AbortMultipartUpload / ListMultipartUploads
// (test/support/s3-server.ts, docs/s3-test-server.md).

let server: S3TestServer
let source: string
const BUCKET = 'backups'

beforeAll(async () => {
  server = await startS3Server()
  await server.createBucket(BUCKET)
  source = await createFixtureDatabase({ users: 5 })
}, 120_000)

afterAll(async () => {
  await server?.stop()
})

function config(overrides: Partial<S3StoreConfig> = {}): S3StoreConfig {
  return {
    bucket: BUCKET,
    prefix: 'prod/db',
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    credentialsSource: 'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY',
    ...overrides
  }
}

/** Counts the commands a client sends, by name. */
function countCommands(client: S3Client): Map<string, number> {
  const counts = new Map<string, number>()
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown'
      counts.set(name, (counts.get(name) ?? 0) + 1)
      return next(args)
    },
    { step: 'initialize' }
  )
  return counts
}

const failure = async (work: Promise<unknown>): Promise<S3StoreError> => {
  const outcome = await work.then(
    () => new Error('expected a failure'),
    (error: unknown) => error
  )
  expect(outcome).toBeInstanceOf(S3StoreError)
  return outcome as S3StoreError
}

describe('S3 store round trip (real client)', () => {
  it('stores a backup set, lists it complete, downloads it verified, deletes it manifest first', async () => {
    const backup = await makeBackup(source)
    const store = createS3BackupStore(config())
    const keys = await store.putSet({
      name: backup.name,
      dump: backup.backupPath,
      checksum: backup.checksumPath,
      manifest: backup.manifestPath,
      dumpSha256: backup.sha256
    })
    expect(keys).toEqual({
      dump: `prod/db/${backup.name}/${backup.name}.dump`,
      checksum: `prod/db/${backup.name}/${backup.name}.sha256`,
      manifest: `prod/db/${backup.name}/${backup.name}.manifest.json`
    })
    // Every object carries its own sha256 in metadata.
    for (const [key, path] of [
      [keys.dump, backup.backupPath],
      [keys.checksum, backup.checksumPath],
      [keys.manifest, backup.manifestPath]
    ] as const) {
      const head = await store.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))
      expect(head.Metadata?.sha256).toBe(sha256(readFileSync(path)))
    }

    const listing = await store.list('backup')
    expect(listing.problems).toEqual([])
    expect(listing.sets.map((set) => set.name)).toEqual([backup.name])
    expect(listing.sets[0]!.files).toEqual(keys)

    const folder = tempDir()
    const local = await store.downloadSet(listing.sets[0]!, folder)
    expect(local.dumpSha256).toBe(backup.sha256)
    for (const [downloaded, original] of [
      [local.dump, backup.backupPath],
      [local.checksum, backup.checksumPath],
      [local.manifest, backup.manifestPath]
    ] as const)
      expect(readFileSync(downloaded).equals(readFileSync(original))).toBe(true)

    await store.deleteSet(listing.sets[0]!)
    const after = await store.client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `prod/db/${backup.name}/` })
    )
    expect(after.Contents ?? []).toEqual([])
  })

  it('a download that does not hash to the recorded sha256 is a checksum failure', async () => {
    const store = createS3BackupStore(config({ prefix: 'tamper' }))
    const key = 'tamper/object'
    await store.client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: 'changed bytes',
        Metadata: { sha256: sha256('original bytes') }
      })
    )
    const error = await failure(
      downloadVerified(store.client, store.config, key, join(tempDir(), 'x'))
    )
    expect(error.kind).toBe('checksum')
    expect(error.message).toMatch(/its metadata records/)
  })

  it('streams a multipart upload of several parts and reads it back verified', async () => {
    const store = createS3BackupStore(config({ prefix: 'multipart' }))
    const counts = countCommands(store.client)
    const bytes = randomBytes(PART_SIZE * 2 + 12_345)
    const digest = createHash('sha256').update(bytes).digest('hex')
    await uploadStream(store.client, store.config, 'multipart/big', Readable.from([bytes]), {
      sha256: digest
    })
    expect(counts.get('UploadPartCommand')).toBe(3)
    expect(counts.get('CompleteMultipartUploadCommand')).toBe(1)
    const path = join(tempDir(), 'big')
    expect(
      await downloadVerified(store.client, store.config, 'multipart/big', path, {
        sha256: digest,
        recordedIn: 'the test'
      })
    ).toBe(digest)
    expect(readFileSync(path).equals(bytes)).toBe(true)
  })

  it('an upload whose source fails mid-way is aborted: no object, no open multipart upload', async () => {
    const store = createS3BackupStore(config({ prefix: 'aborted' }))
    const counts = countCommands(store.client)
    async function* failing(): AsyncGenerator<Buffer> {
      yield randomBytes(PART_SIZE)
      yield randomBytes(PART_SIZE)
      throw new Error('pg_dump died')
    }
    await expect(
      uploadStream(store.client, store.config, 'aborted/dump', Readable.from(failing()))
    ).rejects.toThrow(/pg_dump died/)
    expect(counts.get('AbortMultipartUploadCommand')).toBe(1)
    expect(await server.openUploads(BUCKET)).toEqual([])
    const listed = await store.client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'aborted/' })
    )
    expect(listed.Contents ?? []).toEqual([])
  })
})

describe('conditional PutObject (If-None-Match: *) on the test server', () => {
  it('stores a new key once: an existing key or a conditional write in flight is 412 PreconditionFailed', async () => {
    const store = createS3BackupStore(config({ prefix: 'conditional' }))
    const put = (key: string, body: string, conditional = true) =>
      store.client.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: key,
          Body: body,
          ...(conditional ? { IfNoneMatch: '*' } : {})
        })
      )
    await put('conditional/a', 'first')
    const refused = await put('conditional/a', 'second').then(
      (): Error & { $metadata?: { httpStatusCode?: number } } => new Error('expected 412'),
      (error: unknown) => error as Error & { $metadata?: { httpStatusCode?: number } }
    )
    expect(refused.name).toBe('PreconditionFailed')
    expect(refused.$metadata?.httpStatusCode).toBe(412)
    const read = async (key: string) =>
      (
        await store.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
      ).Body!.transformToString()
    expect(await read('conditional/a')).toBe('first')
    // Without the header a PutObject overwrites, as on S3.
    await put('conditional/a', 'third', false)
    expect(await read('conditional/a')).toBe('third')
    // Ten at once for a new key: exactly one is stored.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => put('conditional/b', `writer ${i}`))
    )
    const stored = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [`writer ${i}`] : []))
    expect(stored).toHaveLength(1)
    expect(
      outcomes.every(
        (o) => o.status === 'fulfilled' || (o.reason as Error).name === 'PreconditionFailed'
      )
    ).toBe(true)
    expect(await read('conditional/b')).toBe(stored[0])
  })
})

describe('S3 listing', () => {
  it('reads every page of more than 1,000 objects; only sets with their manifest count', async () => {
    const store = createS3BackupStore(config({ prefix: 'many' }))
    const counts = countCommands(store.client)
    const start = Date.UTC(2025, 0, 1, 3, 17)
    const names = Array.from({ length: 360 }, (_, i) =>
      backupSetName('backup', new Date(start + i * 86_400_000))
    )
    const put = (key: string): Promise<unknown> =>
      store.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `many/${key}`, Body: 'x' }))
    for (let i = 0; i < names.length; i += 20)
      await Promise.all(
        names.slice(i, i + 20).flatMap((name) => [
          put(`${name}/${name}.dump`),
          put(`${name}/${name}.sha256`),
          // The newest set has no manifest yet: an upload in progress.
          ...(name === names.at(-1) ? [] : [put(`${name}/${name}.manifest.json`)])
        ])
      )
    await put('drill-logs/drill-20250101-031700.json')
    await put('backup-notes.txt')

    const listing = await store.list()
    expect(counts.get('ListObjectsV2Command')).toBe(2)
    expect(listing.problems).toEqual([])
    expect(listing.sets).toHaveLength(359)
    expect(listing.sets[0]!.name).toBe(names.at(-2))
    expect(listing.sets.at(-1)!.name).toBe(names[0])
    expect(listing.incomplete.map((set) => [set.name, set.missing])).toEqual([
      [names.at(-1), ['.manifest.json']]
    ])
    expect(listing.strays).toEqual(['many/backup-notes.txt'])
  })

  it('groups keys by set folder (pure): strays, other prefixes, both dumps', () => {
    const name = 'db-20260101-031700'
    const listing = groupSetKeys(
      [
        `p/${name}/${name}.dump`,
        `p/${name}/${name}.dump.age`,
        `p/${name}/${name}.sha256`,
        `p/${name}/${name}.manifest.json`,
        `p/${name}/db-20260102-031700.dump`,
        `p/other-20260101-031700/other-20260101-031700.dump`,
        `p/db-x/y/z`,
        'p/drill-logs/db-20260101-031700.json'
      ],
      { prefix: 'p' },
      'db'
    )
    expect(listing.sets).toEqual([])
    expect(listing.incomplete[0]!.note).toMatch(/both \.dump and \.dump\.age/)
    expect(listing.strays).toEqual([`p/${name}/db-20260102-031700.dump`, 'p/db-x/y/z'])
  })
})

describe('S3 errors name the input to fix and never show the secret key', () => {
  let store: S3BackupStore
  beforeAll(() => {
    store = createS3BackupStore(config())
  })

  it('wrong secret key: the credentials, by where they came from', async () => {
    const wrong = randomBytes(30).toString('base64')
    registerSecret(wrong)
    const error = await failure(
      createS3BackupStore(
        config({ credentials: { accessKeyId: server.accessKeyId, secretAccessKey: wrong } })
      ).list()
    )
    expect(error.kind).toBe('credentials')
    expect(error.message).toMatch(
      /the service rejected the credentials \(SignatureDoesNotMatch \(HTTP 403\)\): check AWS_ACCESS_KEY_ID \/ AWS_SECRET_ACCESS_KEY/
    )
    expect(error.message).not.toContain(wrong)
    expect(JSON.stringify(error)).not.toContain(wrong)
  })

  it('unknown access key: the credentials', async () => {
    const error = await failure(
      createS3BackupStore(
        config({
          credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: server.secretAccessKey }
        })
      ).list()
    )
    expect(error.kind).toBe('credentials')
    expect(error.message).toContain('InvalidAccessKeyId')
    expect(error.message).not.toContain(server.secretAccessKey)
  })

  it('missing bucket: s3-bucket', async () => {
    const error = await failure(createS3BackupStore(config({ bucket: 'no-such-bucket' })).list())
    expect(error.input).toBe('s3-bucket')
    expect(error.message).toMatch(/s3-bucket: the bucket "no-such-bucket" does not exist at http/)
  })

  it('wrong endpoint: s3-endpoint', async () => {
    const error = await failure(
      createS3BackupStore(config({ endpoint: 'http://127.0.0.1:9' })).list()
    )
    expect(error.input).toBe('s3-endpoint')
    expect(error.message).toMatch(
      /could not reach the service .*check s3-endpoint \(http:\/\/127\.0\.0\.1:9\)/
    )
    expect(error.message).not.toContain(server.secretAccessKey)
  })

  it('the store itself lists fine with the right credentials', async () => {
    expect((await store.list('nothing-here')).sets).toEqual([])
  })
})

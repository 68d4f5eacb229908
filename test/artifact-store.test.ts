import { beforeAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createMemoryLogger } from '../src/log/logger.js'
import { ArtifactStoreError } from '../src/storage/artifact-errors.js'
import type { EmulatedRun } from './support/artifact-emulator.js'
import { sha256 } from './support/digests.js'
import { useArtifactEmulator } from './support/emulator-fixture.js'

// The real @actions/artifact client and Octokit against Azurite + a local emulator
// of the results service and REST API. Nothing leaves the loopback interface.

type Store = typeof import('../src/storage/artifact-store.js')

const SET = 'backup-20261125-031500'
const RETENTION_DAYS = 7
const DAY_MS = 24 * 60 * 60 * 1000

let store: Store
let backupRun: EmulatedRun
let drillRun: EmulatedRun
let files: string[]
const originals = new Map<string, string>()

// actAs(run): this process is a job of `run` from now on (the client reads the runtime token per call).
const { emu, work, actAs } = useArtifactEmulator('backup-drill-artifacts-')

async function writeBackupSet(folder: string, name: string, dumpBytes: Buffer): Promise<string[]> {
  await mkdir(folder, { recursive: true })
  const paths = [
    join(folder, `${name}.dump`),
    join(folder, `${name}.sha256`),
    join(folder, `${name}.manifest.json`)
  ]
  await writeFile(paths[0]!, dumpBytes)
  await writeFile(paths[1]!, `${sha256(dumpBytes)}  ${name}.dump\n`)
  await writeFile(
    paths[2]!,
    JSON.stringify({ version: 1, name, tables: [{ name: 'public.api_keys', rows: 3 }] })
  )
  return paths
}

/** sha256 of every file in a folder, by basename. */
async function hashesIn(folder: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>()
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    hashes.set(
      entry.isFile() ? entry.name : `${entry.name}/`,
      entry.isFile() ? sha256(await readFile(join(folder, entry.name))) : ''
    )
  }
  return hashes
}

async function rejection(promise: Promise<unknown>): Promise<ArtifactStoreError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ArtifactStoreError)
    return error as ArtifactStoreError
  }
  throw new Error('expected the call to fail')
}

beforeAll(async () => {
  backupRun = emu().registerRun({ workflowFile: 'backup.yml' })
  drillRun = emu().registerRun({ workflowFile: 'drill.yml' })
  actAs(backupRun)
  // @actions/github reads GITHUB_API_URL once, when first imported: import only now.
  store = await import('../src/storage/artifact-store.js')
  files = await writeBackupSet(join(work, 'out'), SET, randomBytes(48 * 1024))
  for (const file of files)
    originals.set(file.slice(file.lastIndexOf('/') + 1), sha256(await readFile(file)))
}, 120_000)

describe('artifact store on the real @actions/artifact client', () => {
  let uploadedId: number

  it('uploads a backup set as one flat artifact with the requested retention and a digest', async () => {
    const logger = createMemoryLogger()
    const uploaded = await store.uploadBackupArtifact({
      name: SET,
      files,
      retentionDays: RETENTION_DAYS,
      logger
    })
    uploadedId = uploaded.id

    const stored = emu().artifacts()
    expect(stored).toHaveLength(1)
    const [artifact] = stored
    expect(artifact).toMatchObject({
      id: uploaded.id,
      name: SET,
      runId: backupRun.runId,
      finalized: true
    })
    expect(artifact!.retentionDays).toBe(RETENTION_DAYS)
    expect(
      Math.abs(
        artifact!.expiresAt.getTime() - (artifact!.createdAt.getTime() + RETENTION_DAYS * DAY_MS)
      )
    ).toBeLessThan(DAY_MS / 2)

    const bytes = await emu().readArtifactBytes(uploaded.id)
    expect(artifact!.digest).toBe(`sha256:${sha256(bytes)}`)
    expect(uploaded.digest).toBe(artifact!.digest)
    expect(uploaded.size).toBe(bytes.length)
    // Stored flat: the zip's entry names are the bare basenames, no folder.
    for (const name of originals.keys()) expect(bytes.includes(Buffer.from(name))).toBe(true)
    expect(bytes.includes(Buffer.from('out/'))).toBe(false)
  })

  it('refuses files from different folders before contacting the service', async () => {
    const before = emu().requests.length
    await expect(
      store.uploadBackupArtifact({
        name: 'mixed',
        files: [files[0]!, join(work, 'elsewhere', 'x.json')],
        retentionDays: 1,
        logger: createMemoryLogger()
      })
    ).rejects.toThrow(/one folder/)
    expect(emu().requests.length).toBe(before)
  })

  it('downloads in the same run through the results service, every file intact', async () => {
    const destination = join(work, 'same-run')
    const downloaded = await store.downloadBackupArtifact({
      name: SET,
      destination,
      logger: createMemoryLogger()
    })
    expect(downloaded).toEqual({
      id: uploadedId,
      name: SET,
      directory: destination,
      digestMismatch: false
    })
    expect(await hashesIn(destination)).toEqual(originals)
    expect(emu().requests).toContain(
      'POST /twirp/github.actions.results.api.v1.ArtifactService/GetSignedArtifactURL'
    )
  })

  it('downloads from another run via findBy (REST + zip redirect), every file intact', async () => {
    actAs(drillRun)
    const destination = join(work, 'cross-run')
    const downloaded = await store.downloadBackupArtifact({
      name: SET,
      destination,
      runId: backupRun.runId,
      repository: emu().repository,
      token: emu().apiToken,
      logger: createMemoryLogger()
    })
    expect(downloaded).toEqual({
      id: uploadedId,
      name: SET,
      directory: destination,
      digestMismatch: false
    })
    expect(await hashesIn(destination)).toEqual(originals)
    expect(emu().requests).toContain(
      `GET /repos/${emu().repository}/actions/artifacts/${uploadedId}/zip`
    )
  })

  it('says clearly that another run’s artifact is not in this run without a token', async () => {
    actAs(drillRun)
    const error = await rejection(
      store.downloadBackupArtifact({
        name: SET,
        destination: join(work, 'nope'),
        logger: createMemoryLogger()
      })
    )
    expect(error.kind).toBe('not-found')
    expect(error.message).toContain(`Could not download artifact "${SET}"`)
    expect(error.message).toMatch(/expired, been deleted, or belong to another run/)
    expect(error.message).toMatch(/give its run id and a token with actions:read/)
  })

  it('reports a missing artifact across runs without the token in the message', async () => {
    const error = await rejection(
      store.downloadBackupArtifact({
        name: 'backup-19990101-000000',
        destination: join(work, 'missing'),
        runId: backupRun.runId,
        repository: emu().repository,
        token: emu().apiToken,
        logger: createMemoryLogger()
      })
    )
    expect(error.kind).toBe('not-found')
    expect(error.message).toContain(
      `"backup-19990101-000000" from run ${backupRun.runId} of ${emu().repository}`
    )
    expect(error.message).not.toContain(emu().apiToken)
  })

  it('without an artifact named exactly N, takes the newest unexpired N-<yyyymmdd-HHMMSS> of the run and says so (across runs and in the same run)', async () => {
    // What the backup action uploads without artifact-name: one artifact per set, named after it.
    const nightly = emu().registerRun({ workflowFile: 'nightly.yml' })
    const zip = await emu().readArtifactBytes(uploadedId)
    await emu().seedArtifact({ name: 'nightly-20261124-031500', run: nightly })
    const taken = await emu().seedArtifact({
      name: 'nightly-20261125-031500',
      run: nightly,
      bytes: zip
    })
    // Newer stamps that are not N's sets: another prefix, and an expired one.
    await emu().seedArtifact({ name: 'nightly-staging-20261126-031500', run: nightly })
    await emu().seedArtifact({
      name: 'nightly-20261127-031500',
      run: nightly,
      createdAt: new Date(Date.now() - 40 * DAY_MS),
      retentionDays: 35
    })

    actAs(drillRun)
    const acrossLogger = createMemoryLogger()
    const across = await store.downloadBackupArtifact({
      name: 'nightly',
      destination: join(work, 'nightly-across'),
      runId: nightly.runId,
      repository: emu().repository,
      token: emu().apiToken,
      logger: acrossLogger
    })
    expect(across).toEqual({
      id: taken.id,
      name: 'nightly-20261125-031500',
      directory: join(work, 'nightly-across'),
      digestMismatch: false
    })
    expect(await hashesIn(join(work, 'nightly-across'))).toEqual(originals)
    expect(acrossLogger.lines.join('\n')).toContain(
      `No artifact named "nightly" from run ${nightly.runId} of ${emu().repository}: taking "nightly-20261125-031500" (the newest of 2)`
    )

    actAs(nightly)
    const sameLogger = createMemoryLogger()
    const same = await store.downloadBackupArtifact({
      name: 'nightly',
      destination: join(work, 'nightly-same'),
      logger: sameLogger
    })
    expect(same.name).toBe('nightly-20261125-031500')
    expect(await hashesIn(join(work, 'nightly-same'))).toEqual(originals)
    expect(sameLogger.lines.join('\n')).toContain('taking "nightly-20261125-031500"')
  })

  it('a name found in neither spelling is a not-found error that names both spellings and the fix', async () => {
    actAs(drillRun)
    const across = await rejection(
      store.downloadBackupArtifact({
        name: 'weekly',
        destination: join(work, 'weekly'),
        runId: backupRun.runId,
        repository: emu().repository,
        token: emu().apiToken,
        logger: createMemoryLogger()
      })
    )
    expect(across.kind).toBe('not-found')
    expect(across.message).toContain(
      `Could not download artifact "weekly" from run ${backupRun.runId} of ${emu().repository}`
    )
    expect(across.message).toContain('named "weekly" (a backup with artifact-name: weekly)')
    expect(across.message).toContain(
      '"weekly-<yyyymmdd-HHMMSS>" (a backup with prefix: weekly and no artifact-name)'
    )
    expect(across.message).toMatch(
      /Fix: set artifact-name to the backup step's artifact-name, or to its prefix/
    )
    expect(across.message).not.toContain(emu().apiToken)

    const same = await rejection(
      store.downloadBackupArtifact({
        name: 'weekly',
        destination: join(work, 'weekly-same'),
        logger: createMemoryLogger()
      })
    )
    expect(same.kind).toBe('not-found')
    expect(same.message).toContain('"weekly-<yyyymmdd-HHMMSS>"')
    expect(same.message).toMatch(/give its run id and a token with actions:read$/)
  })

  it('reports a rejected token without the token in the message', async () => {
    const wrongToken = `ghs_${randomBytes(18).toString('hex')}`
    const download = await rejection(
      store.downloadBackupArtifact({
        name: SET,
        destination: join(work, 'denied'),
        runId: backupRun.runId,
        repository: emu().repository,
        token: wrongToken,
        logger: createMemoryLogger()
      })
    )
    expect(download.kind).toBe('unauthorized')
    expect(download.status).toBe(401)
    expect(download.message).toMatch(/GitHub rejected the token/)
    expect(download.message).not.toContain(wrongToken)

    const list = await rejection(
      store.listArtifacts({ token: wrongToken, logger: createMemoryLogger() })
    )
    expect(list.kind).toBe('unauthorized')
    expect(list.message).not.toContain(wrongToken)
  })

  it('lists artifacts across runs by name prefix, newest first, with expiry and size', async () => {
    actAs(drillRun)
    const secondSet = 'backup-20261126-031500'
    const secondFiles = await writeBackupSet(join(work, 'out2'), secondSet, randomBytes(1024))
    const second = await store.uploadBackupArtifact({
      name: secondSet,
      files: secondFiles,
      retentionDays: 35,
      logger: createMemoryLogger()
    })
    const drillLog = join(work, 'drill-log.json')
    await writeFile(drillLog, '{"result":"pass"}')
    await store.uploadBackupArtifact({
      name: 'drill-log',
      files: [drillLog],
      retentionDays: 90,
      logger: createMemoryLogger()
    })

    const listed = await store.listArtifacts({
      token: emu().apiToken,
      repository: emu().repository,
      namePrefix: 'backup-',
      logger: createMemoryLogger()
    })
    expect(listed.map((a) => [a.id, a.name, a.runId])).toEqual([
      [second.id, secondSet, drillRun.runId],
      [uploadedId, SET, backupRun.runId]
    ])
    const first = emu()
      .artifacts()
      .find((a) => a.id === uploadedId)!
    expect(listed[1]).toMatchObject({
      sizeBytes: first.sizeBytes,
      expiresAt: first.expiresAt,
      createdAt: first.createdAt,
      digest: first.digest,
      expired: false
    })

    const ofRun = await store.listArtifacts({
      token: emu().apiToken,
      runId: drillRun.runId,
      logger: createMemoryLogger()
    })
    expect(ofRun.map((a) => a.name).sort()).toEqual(['backup-20261126-031500', 'drill-log'])
  })

  it('finds the successful runs of a workflow, newest first', async () => {
    const failed = emu().registerRun({ workflowFile: 'backup.yml', conclusion: 'failure' })
    const newer = emu().registerRun({ workflowFile: 'backup.yml' })
    const runs = await store.listSuccessfulRuns({
      workflowFile: 'backup.yml',
      token: emu().apiToken,
      logger: createMemoryLogger()
    })
    expect(runs.map((run) => run.runId)).toEqual([newer.runId, backupRun.runId])
    expect(runs.map((run) => run.runId)).not.toContain(failed.runId)
  })

  it('flags a stored zip that no longer matches the digest recorded at upload', async () => {
    actAs(drillRun)
    const second = emu()
      .artifacts()
      .find((a) => a.name === 'backup-20261126-031500')!
    // A well-formed zip with other content: extraction succeeds, only the digest can tell.
    await emu().replaceArtifactBytes(second.id, await emu().readArtifactBytes(uploadedId))
    const logger = createMemoryLogger()
    const downloaded = await store.downloadBackupArtifact({
      name: second.name,
      destination: join(work, 'tampered'),
      logger
    })
    expect(downloaded.digestMismatch).toBe(true)
    expect(logger.lines.join('\n')).toMatch(/does not match the digest GitHub recorded/)
  })

  it('deletes by id through REST, and a second delete is a clear not-found', async () => {
    const logger = createMemoryLogger()
    await store.deleteArtifact({
      id: uploadedId,
      token: emu().apiToken,
      repository: emu().repository,
      logger
    })
    expect(
      emu()
        .artifacts()
        .map((a) => a.id)
    ).not.toContain(uploadedId)
    const listed = await store.listArtifacts({
      token: emu().apiToken,
      namePrefix: 'backup-',
      logger
    })
    expect(listed.map((a) => a.id)).not.toContain(uploadedId)

    const again = await rejection(
      store.deleteArtifact({ id: uploadedId, token: emu().apiToken, logger })
    )
    expect(again.kind).toBe('not-found')
    expect(again.message).toContain(
      `Could not delete artifact ${uploadedId} of ${emu().repository}`
    )
    expect(again.message).not.toContain(emu().apiToken)
  })

  it('pages through more than one page, and flags expired artifacts', async () => {
    const old = new Date(Date.now() - 40 * DAY_MS)
    await emu().seedArtifact({
      name: 'backup-20261016-031500',
      run: backupRun,
      createdAt: old,
      retentionDays: 35
    })
    for (let i = 0; i < 120; i++) {
      await emu().seedArtifact({ name: `other-${String(i).padStart(3, '0')}`, run: drillRun })
    }
    const listPath = `GET /repos/${emu().repository}/actions/artifacts`
    const listCalls = (): number => emu().requests.filter((r) => r === listPath).length
    const callsBefore = listCalls()
    const logger = createMemoryLogger()
    const others = await store.listArtifacts({
      token: emu().apiToken,
      namePrefix: 'other-',
      logger
    })
    expect(new Set(others.map((a) => a.name)).size).toBe(120)

    const backups = await store.listArtifacts({
      token: emu().apiToken,
      namePrefix: 'backup-',
      logger
    })
    expect(backups.map((a) => [a.name, a.expired])).toEqual([
      ['backup-20261126-031500', false],
      ['backup-20261016-031500', true]
    ])
    // 123 artifacts at 100 a page: two pages for each of the two listings.
    expect(listCalls() - callsBefore).toBe(4)
  })
  it('rides out a GitHub having a bad minute: 502 then 200, and a secondary rate limit sent as 403', async () => {
    emu().answerNextRestRequestsWith([
      { status: 502, message: 'Bad Gateway' },
      {
        status: 403,
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        headers: { 'retry-after': '0' }
      }
    ])
    const logger = createMemoryLogger()
    const listed = await store.listArtifacts({
      token: emu().apiToken,
      repository: emu().repository,
      namePrefix: 'backup-',
      logger
    })
    expect(listed.length).toBeGreaterThan(0)
    expect(logger.lines.join('\n')).toMatch(/GitHub rate limit on GET .*: retrying in 0 s/)
    // Both faults were served (502 to plugin-retry, 403 to the rate-limit wait), then the listing.
    const listings = emu().requests.filter((r) => r.endsWith('/actions/artifacts'))
    expect(listings.length).toBeGreaterThanOrEqual(3)
  })

  it('fails at once on a 403 that is a missing permission, not a rate limit', async () => {
    emu().answerNextRestRequestsWith([
      { status: 403, message: 'Resource not accessible by integration' }
    ])
    const before = emu().requests.length
    const failure = await rejection(
      store.listArtifacts({ token: emu().apiToken, logger: createMemoryLogger() })
    )
    expect(failure.status).toBe(403)
    expect(emu().requests.length - before).toBe(1)
  })
})

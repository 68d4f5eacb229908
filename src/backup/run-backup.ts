import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { assertCompressSupported, type BackupOptions } from '../config/backup-options.js'
import { EscalationError, InputError, errorMessage } from '../errors.js'
import { round3 } from '../numbers.js'
import {
  CHECKSUM_EXTENSION,
  DUMP_EXTENSION,
  ENCRYPTED_DUMP_EXTENSION,
  MANIFEST_EXTENSION,
  backupSetName,
  checksumFileText
} from '../manifest/backup-set.js'
import {
  MANIFEST_FORMAT_VERSION,
  manifestSchema,
  type Inventory,
  type Manifest
} from '../manifest/schema.js'
import { inspectDatabase, tableKey, type TableRef } from '../postgres/catalog.js'
import { connectOrEscalate, type Client } from '../postgres/client.js'
import { inspectExtensions } from '../postgres/extensions.js'
import { inspectLargeObjects, tablesReferencingLargeObjects } from '../postgres/large-objects.js'
import { assertToolMajor, findPgTool } from '../postgres/client-tools.js'
import { findExactPgTool, type ResolvePgBinDir } from '../postgres/exact-client.js'
import { preflight } from '../postgres/preflight.js'
import {
  describeIdentity,
  readServerIdentity,
  type ServerIdentity
} from '../postgres/server-identity.js'
import type { Logger } from '../log/logger.js'
import { formatBytes } from '../log/progress.js'
import { TOOL_VERSION } from '../version.js'
import { assertListingHasTables, checkArchive, unreadable } from '../postgres/archive-check.js'
import {
  dumpToFile,
  dumpToSink,
  type DumpStreamOptions,
  type DumpStreamResult
} from './dump-stream.js'
import { openBucketSet } from './bucket-set.js'
import type { S3BackupStore } from '../storage/s3/s3-backup-store.js'
import { sweepStaleUploads } from '../storage/s3/s3-uploads.js'
import { sweepStaleClaims } from '../storage/s3/s3-claims.js'
import { claimSetName, placeFiles, sweepAbandonedClaims } from './set-claim.js'
import { lockScopeTables } from './table-locks.js'
import { trackFile, withCleanup } from '../cleanup/registry.js'
import { assertWritableFolder, fileSystemCause } from '../file-system.js'
import { restoreLimitWarnings } from './restore-limits.js'
import { inspectColumnOrders, type ColumnOrder } from '../postgres/catalog-relations.js'
import { recordRlsProof } from '../postgres/rls-probe.js'
import type { RlsProof } from '../manifest/rls-proof.js'
import { checkArtifactRetention } from './artifact-retention-check.js'

/** What a finished backup produced. */
export interface BackupResult {
  name: string
  backupPath: string
  checksumPath: string
  manifestPath: string
  sha256: string
  sizeBytes: number
  durationSeconds: number
  manifest: Manifest
  warnings: string[]
}

/** Seams for tests and the action: where uploads go, and the clock. */
export interface BackupDependencies {
  now?: () => Date
  /**
   * Called when pg-bin-dir is not set and no pg_dump of the server's exact
   * major was found: returns the bin folder of one (the action installs it on
   * runners), or undefined to keep what was found. The CLI leaves it unset.
   */
  resolvePgBinDir?: ResolvePgBinDir
  /**
   * Stream the set into this bucket instead of writing out-dir: pg_dump ->
   * sha256 (-> age) -> multipart upload, listed on the way; no local dump file.
   */
  bucket?: S3BackupStore
  /** Where GITHUB_RETENTION_DAYS is read (default process.env, which the artifact client reads too). */
  env?: NodeJS.ProcessEnv
}

/**
 * SOP §1 "Create Backup", verified: preflight, one snapshot shared by the
 * manifest and pg_dump, streamed sha256, archive check, then the three files
 * appear together. Any failure removes every file of the set and throws
 * EscalationError('backup-failed') (or InputError for bad input).
 */
export async function runBackup(
  options: BackupOptions,
  logger: Logger,
  deps: BackupDependencies = {}
): Promise<BackupResult> {
  // Everything this run creates is registered; what is still registered when
  // it ends (an error, or SIGINT/SIGTERM through the process's handler) is undone.
  return withCleanup(() => backup(options, logger, deps))
}

async function backup(
  options: BackupOptions,
  logger: Logger,
  deps: BackupDependencies
): Promise<BackupResult> {
  const started = performance.now()
  const outDir = resolve(options.outDir)
  // With a bucket, the dump streams straight into it: no out-dir is needed.
  const bucket =
    deps.bucket ??
    (options.s3
      ? // Loaded only for a bucket: the AWS SDK is large.
        (await import('../storage/s3/s3-backup-store.js')).createS3BackupStore(options.s3)
      : undefined)
  if (!bucket) await assertWritableFolder('out-dir', outDir)
  if (options.upload === 'artifact') {
    // Before any dump: an artifact that expires before the monthly backups are due fails here.
    const retention = checkArtifactRetention(options.retentionDays, deps.env ?? process.env)
    if (retention.limitedFrom !== undefined)
      logger.info(
        `The artifact will be kept ${retention.days} days (the repository's limit), not ${retention.limitedFrom}: enough for the retention policy`
      )
  }
  // Known before connecting only when pg-bin-dir names the client; else after the server's major picks it.
  if (options.pgBinDir && options.compress)
    assertCompressSupported(
      options.compress,
      (await findPgTool('pg_dump', { binDir: options.pgBinDir })).major
    )
  if (bucket) {
    for (const key of await sweepStaleUploads(bucket.client, bucket.config))
      logger.info(`Aborted the multipart upload of ${key}: left open by a backup killed mid-way`)
    for (const key of await sweepStaleClaims(bucket.client, bucket.config, options.prefix))
      logger.info(`Removed ${key}: the set name claim of a backup killed mid-way`)
  } else {
    for (const path of await sweepAbandonedClaims(outDir))
      logger.info(`Removed ${path}: left by a backup whose process no longer exists`)
  }
  const client = await logger.group(`Connect to ${options.db.location}`, () =>
    connectOrEscalate('backup-failed', options.db, {
      inputName: 'db-url',
      applicationName: 'backup-drill backup'
    })
  )
  try {
    const pre = await logger.group('Preflight', async () => {
      const result = await preflight(client, options)
      logger.info(
        `Server ${options.db.display}: PostgreSQL ${result.serverVersion}, role ${result.role}${result.bypassesRls ? ' (bypasses RLS)' : ''}`
      )
      logger.info(
        `Scope: ${result.tables.length} table(s) in ${options.schemas.join(', ')}${result.excluded.length ? `, ${result.excluded.length} excluded` : ''}`
      )
      for (const warning of result.warnings) logger.warning(warning, { title: 'Backup scope' })
      return result
    })
    // Recorded so a drill can recognise this server and database behind any spelling.
    const identity = await readServerIdentity(client)
    if (identity.note) logger.warning(identity.note, { title: 'Source identity' })
    logger.info(`Source: ${describeIdentity(identity.identity)}`)
    const pgDump = await findExactPgTool('pg_dump', {
      binDir: options.pgBinDir,
      major: pre.serverMajor,
      resolvePgBinDir: deps.resolvePgBinDir,
      logger
    })
    assertToolMajor(pgDump, pre.serverMajor, `the server at ${options.db.display}`, 'backup-failed')
    assertCompressSupported(options.compress, pgDump.major)
    const pgRestore = await findPgTool('pg_restore', {
      binDir: options.pgBinDir ?? join(pgDump.path, '..'),
      minMajor: pgDump.major
    })
    logger.info(`Using ${pgDump.path} ${pgDump.version}`)

    const loReferences = await tablesReferencingLargeObjects(client, pre.tables)
    if (loReferences.length > 0)
      logger.info(
        `Large objects included: ${loReferences.map(tableKey).join(', ')} can reference them (oid column)`
      )

    if (!bucket)
      await mkdir(outDir, { recursive: true }).catch((error: unknown) => {
        throw new InputError(
          'out-dir',
          `cannot create ${outDir}: ${fileSystemCause(error) ?? errorMessage(error)}`
        )
      })
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    await lockScopeTables(client, pre.tables, options.lockTimeoutSeconds)
    const snap = await client.query<{ snapshot: string; created_at: Date }>(
      'SELECT pg_catalog.pg_export_snapshot() AS snapshot, pg_catalog.now() AS created_at'
    )
    const { snapshot, created_at: createdAt } = snap.rows[0]!
    const name = backupSetName(options.prefix, (deps.now ?? (() => createdAt))())
    const paths = {
      dump: join(
        outDir,
        `${name}${options.encryptRecipients.length ? ENCRYPTED_DUMP_EXTENSION : DUMP_EXTENSION}`
      ),
      checksum: join(outDir, `${name}${CHECKSUM_EXTENSION}`),
      manifest: join(outDir, `${name}${MANIFEST_EXTENSION}`)
    }
    // Atomic: of several runs picking this name in the same second, one gets
    // it; the others stop here, before writing anything (in a bucket, by a
    // conditional PutObject of the claim: openBucketSet).
    const claim = bucket ? undefined : await claimSetName(outDir, name, Object.values(paths))
    const partial = claim ? claim.partialOf : (path: string) => path
    if (claim) for (const path of Object.values(paths)) trackFile(partial(path))
    const writer = bucket
      ? await openBucketSet(
          bucket,
          name,
          {
            dump: basename(paths.dump),
            checksum: basename(paths.checksum),
            manifest: basename(paths.manifest)
          },
          logger
        )
      : undefined

    // The dump and the inspection run side by side in the same snapshot: the
    // counting costs no second pass after the dump.
    const abort = new AbortController()
    const inspectStarted = performance.now()
    const [dump, inventory] = await logger.group(`Dump ${name} (snapshot ${snapshot})`, () =>
      bothOrAbort(
        abort,
        (writer ? (o: DumpStreamOptions) => dumpToSink(o, writer.sink) : dumpToFile)({
          ...options,
          pgDump,
          snapshot,
          excluded: pre.excluded,
          largeObjects: loReferences.length > 0,
          destination: partial(paths.dump),
          logger,
          signal: abort.signal,
          ...(options.encryptRecipients.length
            ? { encryption: { recipients: options.encryptRecipients, pgRestore } }
            : {}),
          // Streamed into a bucket there is no file to list afterwards: list the stream.
          ...(writer ? { listWith: pgRestore } : {})
        }),
        inspectInventory(client, pre.tables, {
          contentHash: options.contentHash,
          schemas: options.schemas,
          largeObjects: loReferences.length > 0
        }).then(async ({ inv, columnOrders }) => {
          logger.info(
            `Manifest: ${inv.tables.length} tables, ${inv.tables.reduce((n, t) => n + t.rowCount, 0)} rows counted in the dump's snapshot`
          )
          // Still in the snapshot: what each API principal sees is part of what the dump holds.
          const rlsStarted = performance.now()
          const rls = await recordRlsProof(client, {
            principals: options.rlsPrincipals,
            tables: inv.tables
          })
          logRlsProof(logger, rls, (performance.now() - rlsStarted) / 1000)
          return { inv, columnOrders, rls, seconds: (performance.now() - inspectStarted) / 1000 }
        })
      )
    )
    await client.query('COMMIT')
    // What pg_dump itself cannot reproduce, known now: the drill will report it.
    const limits = restoreLimitWarnings(inventory.inv, inventory.columnOrders)
    for (const warning of limits) logger.warning(warning, { title: 'Backup fidelity' })
    const warnings = [...pre.warnings, ...limits]

    await logger.group('Archive check', async () => {
      // The inventory knows which tables are partitioned (no TABLE DATA of their own).
      const tables = inventory.inv.tables
      // An encrypted dump is listed from its plaintext while it streamed: the
      // stored file cannot be read without the secret key, which backups never get.
      const { entries } = dump.listing
        ? assertListingHasTables(
            await dump.listing.catch((error: Error) => {
              throw unreadable('backup-failed', error.message)
            }),
            tables,
            'backup-failed'
          )
        : await checkArchive(pgRestore, partial(paths.dump), tables, 'backup-failed')
      logger.info(
        `pg_restore --list reads ${entries} entries, including every table of the manifest${dump.plaintext ? ' (plaintext, before encryption)' : dump.listing ? ' (while it streamed)' : ''}`
      )
    })

    const manifest = buildManifest({
      options,
      name,
      createdAt,
      pre,
      identity: identity.identity,
      pgDump,
      dump,
      inventory: inventory.inv,
      rls: inventory.rls,
      warnings,
      inspectSeconds: inventory.seconds,
      totalSeconds: (performance.now() - started) / 1000,
      dumpFile: basename(paths.dump)
    })
    const manifestText = JSON.stringify(manifest, null, 2) + '\n'
    const checksumText = checksumFileText([
      { sha256: dump.sha256, basename: basename(paths.dump) },
      {
        sha256: createHash('sha256').update(manifestText).digest('hex'),
        basename: basename(paths.manifest)
      }
    ])
    if (writer) {
      // In a bucket the manifest lands last: a set counts once its manifest exists.
      const keys = await writer.finish({ checksum: checksumText, manifest: manifestText })
      const url = (key: string): string => `s3://${bucket!.config.bucket}/${key}`
      logger.info(
        `Backup ${name}: ${formatBytes(dump.sizeBytes)}, sha256 ${dump.sha256}, in ${bucket!.description}`
      )
      return {
        name,
        backupPath: url(keys.dump),
        checksumPath: url(keys.checksum),
        manifestPath: url(keys.manifest),
        sha256: dump.sha256,
        sizeBytes: dump.sizeBytes,
        durationSeconds: (performance.now() - started) / 1000,
        manifest,
        warnings
      }
    }
    await writeFile(partial(paths.manifest), manifestText, { mode: 0o644 })
    // The .sha256 vouches for the dump and the manifest, so it is written last.
    await writeFile(partial(paths.checksum), checksumText, { mode: 0o644 })
    // The .sha256 lands last: a set is complete only when all three exist. A
    // placement that fails half-way must not leave a lone .dump behind: the
    // files already placed are registered for cleanup until kept.
    const placed = await placeFiles(
      [paths.dump, paths.manifest, paths.checksum].map((path) => [partial(path), path])
    )
    placed.keep()
    await claim?.release()
    logger.info(`Backup ${name}: ${formatBytes(dump.sizeBytes)}, sha256 ${dump.sha256}`)
    return {
      name,
      backupPath: paths.dump,
      checksumPath: paths.checksum,
      manifestPath: paths.manifest,
      sha256: dump.sha256,
      sizeBytes: dump.sizeBytes,
      durationSeconds: (performance.now() - started) / 1000,
      manifest,
      warnings
    }
  } catch (error) {
    if (error instanceof InputError || error instanceof EscalationError) throw error
    const cause = fileSystemCause(error)
    const path = (error as NodeJS.ErrnoException).path ?? `in ${outDir}`
    throw new EscalationError(
      'backup-failed',
      cause
        ? `backup failed: cannot write ${path}: ${cause}`
        : `backup failed: ${errorMessage(error)}`,
      { cause: error }
    )
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * The manifest's inventory: the catalog inspection, plus what lies beside the
 * tables and a scope-only restore needs or loses (extensions in the schemas,
 * large objects when dumped). Runs in the client's snapshot, one query at a time. Also the
 * tables' physical and recreated column orders, for the backup's warnings (not in the manifest).
 */
async function inspectInventory(
  client: Client,
  tables: TableRef[],
  options: { contentHash: boolean; schemas: string[]; largeObjects: boolean }
): Promise<{ inv: Inventory; columnOrders: Map<string, ColumnOrder> }> {
  const inventory = await inspectDatabase(
    client,
    { schemas: options.schemas, tables },
    { contentHash: options.contentHash }
  )
  const extensions = await inspectExtensions(client, options.schemas)
  const inv: Inventory = {
    ...inventory,
    extensions,
    ...(options.largeObjects ? { largeObjects: await inspectLargeObjects(client) } : {})
  }
  return { inv, columnOrders: await inspectColumnOrders(client, options.schemas) }
}

/** Awaits both; when one fails, aborts the other (kills pg_dump) and rethrows the first failure. */
async function bothOrAbort<A, B>(
  abort: AbortController,
  a: Promise<A>,
  b: Promise<B>
): Promise<[A, B]> {
  const fail = (error: unknown): never => {
    abort.abort()
    throw error
  }
  const results = await Promise.allSettled([a.catch(fail), b.catch(fail)])
  for (const result of results) if (result.status === 'rejected') throw result.reason
  return [
    (results[0] as PromiseFulfilledResult<A>).value,
    (results[1] as PromiseFulfilledResult<B>).value
  ]
}

function buildManifest(input: {
  options: BackupOptions
  name: string
  createdAt: Date
  pre: Awaited<ReturnType<typeof preflight>>
  identity: ServerIdentity
  pgDump: { path: string; version: string; major: number }
  dump: DumpStreamResult
  inventory: Inventory
  rls: RlsProof
  warnings: string[]
  inspectSeconds: number
  totalSeconds: number
  dumpFile: string
}): Manifest {
  const { options, pre } = input
  // Validating here means a manifest that the drill would reject is never written.
  return manifestSchema.parse({
    formatVersion: MANIFEST_FORMAT_VERSION,
    tool: { name: 'backup-drill', version: TOOL_VERSION },
    id: input.name,
    projectRef: options.projectRef,
    createdAt: input.createdAt.toISOString(),
    source: {
      host: options.db.host,
      port: options.db.port,
      database: options.db.database,
      user: options.db.user,
      identity: input.identity,
      serverVersion: pre.serverVersion,
      serverMajor: pre.serverMajor,
      role: pre.role
    },
    pgDump: input.pgDump,
    scope: {
      schemas: options.schemas,
      tables: options.tables.map((t) => t.text),
      excludeTables: options.excludeTables.map((t) => t.text),
      excludedTables: pre.excluded.map(tableKey)
    },
    dump: {
      file: input.dumpFile,
      format: 'custom',
      compression: options.compress ?? 'default',
      sizeBytes: input.dump.sizeBytes,
      sha256: input.dump.sha256
    },
    ...(input.dump.plaintext
      ? {
          encryption: {
            scheme: 'age',
            recipients: options.encryptRecipients,
            plaintextSha256: input.dump.plaintext.sha256,
            plaintextSizeBytes: input.dump.plaintext.sizeBytes
          }
        }
      : {}),
    contentHash: options.contentHash,
    timings: {
      totalSeconds: round3(input.totalSeconds),
      dumpSeconds: round3(input.dump.seconds),
      inspectSeconds: round3(input.inspectSeconds)
    },
    inventory: input.inventory,
    dependencies: pre.dependencies,
    rls: input.rls,
    warnings: input.warnings
  })
}

/** One line for the proof's outcome, one per note (what the sample left out and why). */
function logRlsProof(logger: Logger, rls: RlsProof, seconds: number): void {
  if (rls.status === 'recorded') {
    const users = rls.principals.length - 1
    logger.info(
      `RLS proof: anon and ${users} user(s) counted in ${rls.tables.length} RLS-enabled table(s) in the dump's snapshot (${seconds.toFixed(2)} s)`
    )
  } else {
    logger.info(`RLS proof ${rls.status === 'off' ? 'off' : 'does not apply'}: ${rls.reason}`)
  }
  for (const note of rls.notes) logger.info(`RLS proof: ${note}`)
}

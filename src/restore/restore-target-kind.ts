import pg from 'pg'
import type { RestoreOptions } from '../config/restore-options.js'
import { fail, pass, type Check } from '../drill/checks.js'
import { missingDependencies } from '../drill/dependency-check.js'
import { prepareDependencies } from '../drill/prepare-target.js'
import type { PreparedTarget, TargetRecord } from '../drill/prove-restore.js'
import type { RestoreMode } from '../drill/restore-archive.js'
import {
  acceptedSkew,
  connectRestoreTarget,
  managedRestoreListing,
  managedTablesOfBackup,
  planTarget,
  skewCheck,
  firingTriggerCheck,
  type TargetKind
} from '../drill/target-kind.js'
import { errorMessage } from '../errors.js'
import type { Logger } from '../log/logger.js'
import type { Manifest } from '../manifest/schema.js'
import { listArchive, useListWithoutSchemas } from '../postgres/archive-check.js'
import type { PgTool } from '../postgres/client-tools.js'
import { existingSchemas } from '../drill/prepare-target.js'
import { needsRestorePasses } from '../drill/restore-archive.js'
import { cleanDependencyCheck } from '../drill/clean-blockers.js'
import { heldLocksCheck, readHeldLocks } from './held-locks.js'

/**
 * The production restore meets its target as the drill does (docs/target-kind.md): into a
 * Supabase project the platform's schemas get their data only (their tables emptied first, in
 * one TRUNCATE with the backup's own tables that --clean replaces anyway, so no foreign key from
 * outside the backup can be cut silently), public is never dropped, and version skew that would
 * block data stops the restore before anything is written. Into a plain PostgreSQL it prepares
 * what the manifest says the backup needs, each step logged.
 */
export async function prepareProductionTarget(
  options: RestoreOptions,
  manifest: Manifest,
  pgRestore: PgTool,
  archivePath: string,
  logger: Logger
): Promise<
  | {
      ok: true
      kind: TargetKind
      checks: Check[]
      record: TargetRecord
      mode: RestoreMode
      acceptedDifference: NonNullable<PreparedTarget['restore']>['acceptedDifference']
    }
  | { ok: false; checks: Check[]; record?: TargetRecord }
> {
  const { client, check } = await connectRestoreTarget(
    options.production,
    { inputName: 'db-url', applicationName: 'backup-drill restore prepare' },
    'target kind'
  )
  if (!client) return { ok: false, checks: [check] }
  try {
    // A read replica passes the identity check (same system_identifier): every write would fail.
    const writable = await writableCheck(client)
    if (writable) return { ok: false, checks: [writable] }
    const target = await planTarget(client, options.targetKind, manifest)
    logger.info(`Target kind: ${target.detail}`)
    const record: TargetRecord = {
      targetKind: {
        requested: options.targetKind,
        kind: target.kind,
        detail: target.detail,
        managedSchemas: target.managedSchemas
      },
      ...(target.skew.length ? { versionSkew: target.skew } : {})
    }
    const skew = skewCheck(target)
    const triggers = firingTriggerCheck(target)
    // Production is never loaded partly: a table whose data cannot go in stops the whole restore.
    if (skew?.status === 'fail' || triggers)
      return {
        ok: false,
        checks: [...(skew ? [skew] : []), ...(triggers ? [triggers] : [])],
        record
      }

    const checks: Check[] = [pass('target kind', target.detail), ...(skew ? [skew] : [])]
    // Never DROP SCHEMA public (or any schema that exists), whatever the target's kind: --clean
    // would re-create it without its grants and default privileges (the dump carries none), and
    // every API role would lose USAGE on it.
    let listing = useListWithoutSchemas(
      await listArchive(pgRestore, archivePath, 'restore-failed'),
      await existingSchemas(client, manifest.scope.schemas)
    )
    if (target.managedSchemas.length > 0) {
      const managed = managedRestoreListing(target, manifest, listing, true)
      if (managed.check?.status === 'fail')
        return { ok: false, checks: [...checks, managed.check], record }
      if (managed.check) checks.push(managed.check)
      listing = managed.listing
    }
    // Before the first write (the TRUNCATE below, pg_restore): what --clean could not drop.
    const clean = await cleanDependencyCheck(
      client,
      listing,
      manifest.scope.schemas,
      manifest.inventory.functions,
      'db-url'
    )
    checks.push(clean.check)
    if (clean.check.status === 'fail') return { ok: false, checks, record }
    listing = clean.listing
    // Sessions holding locks on the backup's tables would make its DROPs wait without end.
    const sessions = heldLocksCheck(await readHeldLocks(client, manifest.scope.schemas), 'db-url')
    checks.push(sessions)
    if (sessions.status === 'fail') return { ok: false, checks, record }
    if (target.managedSchemas.length > 0) {
      await emptyForDataOnly(client, manifest, managedTablesOfBackup(target, manifest), logger)
    } else if (target.kind === 'postgres') {
      const needs = await prepareDependencies(
        client,
        manifest.dependencies ? await missingDependencies(client, manifest.dependencies) : [],
        logger
      )
      const prepared = needs
      record.preparations = [...prepared.prepared]
      if (prepared.problems.length)
        return {
          ok: false,
          checks: [...checks, fail('target kind', 'restore-failed', prepared.problems.join('; '))],
          record
        }
    }
    return {
      ok: true,
      kind: target.kind,
      checks,
      record,
      mode: {
        clean: true,
        // Partition trees and NOT VALID domain constraints race in one parallel run.
        passes: needsRestorePasses(manifest.inventory),
        listing,
        replica: target.replica,
        serialData: target.managedSchemas.length > 0 && !target.replica
      },
      acceptedDifference: acceptedSkew(target)
    }
  } catch (error) {
    return { ok: false, checks: [fail('target kind', 'restore-failed', errorMessage(error))] }
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * Empties the platform tables the restore loads, together with the backup's own tables that
 * exist (--clean drops and re-creates those anyway): one TRUNCATE without CASCADE, so a table
 * outside the backup that references them makes it fail, by name, before anything is written.
 */
async function emptyForDataOnly(
  client: pg.Client,
  manifest: Manifest,
  managed: ReadonlyArray<{ schema: string; name: string }>,
  logger: Logger
): Promise<void> {
  if (managed.length === 0) return
  const managedKeys = new Set(managed.map((t) => `${t.schema}.${t.name}`))
  const present = await client.query<{ key: string }>(
    `SELECT n.nspname || '.' || c.relname AS key FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname || '.' || c.relname = ANY($1::text[])`,
    [manifest.inventory.tables.map((t) => `${t.schema}.${t.name}`)]
  )
  const keys = new Set([...managedKeys, ...present.rows.map((r) => r.key)])
  const tables = manifest.inventory.tables.filter((t) => keys.has(`${t.schema}.${t.name}`))
  const list = tables
    .map((t) => `${pg.escapeIdentifier(t.schema)}.${pg.escapeIdentifier(t.name)}`)
    .join(', ')
  await client.query(`TRUNCATE ${list}`)
  logger.info(
    `Emptied ${tables.map((t) => `${t.schema}.${t.name}`).join(', ')} before loading the platform tables' data`
  )
}

/**
 * db-url must take writes: a standby (a read replica shares the source's system_identifier, so
 * the identity check lets it through) or a database set read only would refuse every statement
 * of the restore. A failed check, before anything is tried; undefined when writable.
 */
async function writableCheck(client: pg.Client): Promise<Check | undefined> {
  const state = await client.query<{ standby: boolean; readonly: string }>(
    `SELECT pg_catalog.pg_is_in_recovery() AS standby,
            pg_catalog.current_setting('default_transaction_read_only') AS readonly`
  )
  const row = state.rows[0]!
  if (row.standby)
    return fail(
      'writable',
      'restore-failed',
      "db-url reaches a standby (a read replica of the source): it takes no writes. Nothing was written. Fix: use the primary's connection string"
    )
  if (row.readonly === 'on')
    return fail(
      'writable',
      'restore-failed',
      'db-url opens read-only transactions (default_transaction_read_only = on, as a provider sets it when the disk is full): every statement of the restore would fail. Nothing was written. Fix: make the database writable again (free disk space, or ALTER DATABASE … SET default_transaction_read_only = off as its owner), then run the restore again'
    )
  return undefined
}

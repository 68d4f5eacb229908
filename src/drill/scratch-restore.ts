import { listArchive, useListWithoutSchemas } from '../postgres/archive-check.js'
import type { DrillOptions } from '../config/drill-options.js'
import { InputError, errorMessage } from '../errors.js'
import type { Logger } from '../log/logger.js'
import type { Manifest } from '../manifest/schema.js'
import { inspectManagedTables } from '../postgres/platform-target.js'
import { fail, pass, skip, type Check } from './checks.js'
import { checkDependencies, missingDependencies } from './dependency-check.js'
import {
  emptyManagedTables,
  existingSchemas,
  finishApiGrants,
  missingProofRoles,
  prepareDependencies,
  prepareExtensions,
  resetScratch,
  writeMarker
} from './prepare-target.js'
import type { PreparedTarget, RestorableBackup, TargetRecord } from './prove-restore.js'
import { needsRestorePasses } from './restore-archive.js'
import { decideScratch, inspectScratch } from './scratch-target.js'
import {
  acceptedSkew,
  connectRestoreTarget,
  managedRestoreListing,
  managedTablesOfBackup,
  planTarget,
  skewCheck,
  firingTriggerCheck,
  userSchemas,
  type TargetPlan
} from './target-kind.js'

/**
 * The drill's restore into scratch, once the backup verified: prepare the
 * scratch (refuse, reset, mark, extensions; the platform's schemas of a Supabase
 * target are loaded, never re-created), probe it for what the backup needs from
 * outside its scope, and choose the pg_restore mode and its table of contents.
 */
export async function prepareScratchRestore(
  options: DrillOptions,
  { manifest, pgRestore, archivePath }: RestorableBackup,
  logger: Logger
): Promise<PreparedTarget> {
  const plan = await logger.group(`Scratch target ${options.scratch.location}`, () =>
    prepareScratchTarget(options, manifest, logger)
  )
  if (!plan.ready)
    return {
      checks: [plan.check, skip('restore', 'the scratch target could not be prepared')],
      ...(plan.record ? { record: plan.record } : {})
    }
  const { target } = plan
  // Before restoring: does the scratch have what the backup needs from outside its scope?
  const dependencies = await checkDependencies(options.scratch, manifest, 'scratch-db-url')
  // Schemas that exist already (public; one made for an extension; the platform's) are not created again.
  const managed = managedRestoreListing(
    target,
    manifest,
    useListWithoutSchemas(
      await listArchive(pgRestore, archivePath, 'backup-unreadable'),
      plan.existingSchemas
    ),
    plan.clean
  )
  const skew = skewCheck(target)
  const triggers = firingTriggerCheck(target)
  const flags = plan.clean ? '--clean --if-exists ' : ''
  // Partition trees and NOT VALID domain constraints race in one parallel run.
  const passes = needsRestorePasses(manifest.inventory)
  const serialData = target.managedSchemas.length > 0 && !target.replica
  return {
    checks: [
      plan.check,
      ...(skew ? [skew] : []),
      ...(triggers ? [triggers] : []),
      ...(managed.check ? [managed.check] : []),
      dependencies.check
    ],
    record: plan.record,
    restore: {
      mode: {
        clean: plan.clean,
        passes,
        listing: managed.listing,
        replica: target.replica,
        serialData
      },
      title: `Restore into ${options.scratch.location} (pg_restore ${flags}-j ${options.jobs}${passes || serialData ? ', section by section' : ''}${target.replica ? ', session_replication_role = replica' : ''})`,
      missingDependencies: dependencies.missing,
      acceptedDifference: acceptedSkew(target),
      // The backup carries no grants: give the API roles what the source gave them and the
      // target's default privileges did not (all of it on a plain PostgreSQL).
      afterLoad: () =>
        finishApiGrants(
          options.scratch,
          'scratch-db-url',
          manifest,
          (plan.record.preparations ??= []),
          logger,
          target.managedSchemas
        )
    }
  }
}

type ScratchPlan =
  | {
      ready: true
      check: Check
      clean: boolean
      existingSchemas: string[]
      target: TargetPlan
      record: TargetRecord
    }
  | { ready: false; check: Check; record?: TargetRecord }

/**
 * Decides what the drill may do with the scratch database and makes it ready:
 * takes its kind (Supabase: the platform's schemas are loaded, not re-created),
 * refuses a database it may not own (InputError, before any write), resets
 * what an earlier drill left, marks it, prepares a plain PostgreSQL for what the
 * backup needs, installs the extensions. Returns whether pg_restore needs
 * --clean and which schemas already exist there.
 */
async function prepareScratchTarget(
  options: DrillOptions,
  manifest: Manifest,
  logger: Logger
): Promise<ScratchPlan> {
  const extensions = manifest.inventory.extensions ?? []
  const { client, check } = await connectRestoreTarget(
    options.scratch,
    { inputName: 'scratch-db-url', applicationName: 'backup-drill prepare' },
    'scratch target'
  )
  if (!client) return { ready: false, check }
  let record: TargetRecord | undefined
  try {
    const target = await planTarget(client, options.targetKind, manifest)
    logger.info(`Target kind: ${target.detail}`)
    record = {
      targetKind: {
        requested: options.targetKind,
        kind: target.kind,
        detail: target.detail,
        managedSchemas: target.managedSchemas
      },
      ...(target.skew.length ? { versionSkew: target.skew } : {})
    }
    // The platform's schemas hold the platform's objects: only the backup's own schemas must be empty.
    const schemas = userSchemas(target, manifest)
    const loaded = managedTablesOfBackup(target, manifest)
    const state = await inspectScratch(client, schemas, extensions)
    const withRows = loaded.filter((t) => t.hasRows)
    const decision = decideScratch(
      {
        ...state,
        objects: [
          ...state.objects,
          ...withRows.map((t) => ({
            schema: t.schema,
            type: 'rows in platform table',
            identity: `${t.schema}.${t.name}`
          }))
        ]
      },
      {
        schemas: [...schemas, ...target.managedSchemas],
        overwrite: options.overwriteScratch,
        largeObjects: manifest.inventory.largeObjects !== undefined
      }
    )
    if (decision.action === 'refuse')
      throw new InputError('scratch-db-url', `${options.scratch.location}: ${decision.reason}`)
    logger.info(`Scratch target: ${decision.reason}`)
    if (decision.action === 'reset')
      await resetScratch(
        client,
        decision.schemas.filter((s) => !target.managedSchemas.includes(s)),
        logger
      )
    // Data only: rows an earlier drill loaded (or overwrite-scratch gave over) go first; definitions stay.
    if (decision.action !== 'restore') {
      await emptyManagedTables(client, withRows, logger)
      // The reset dropped what an earlier drill added to platform tables (a trigger goes with its function).
      target.managedTables = await inspectManagedTables(client, target.managedSchemas)
    }
    await writeMarker(client, schemas)
    // A plain PostgreSQL gets what the backup needs from outside its scope, and the API roles' grants.
    // (the API roles' grants follow once the tables exist: see prepareScratchRestore)
    const preparedNeeds =
      target.kind === 'postgres'
        ? await prepareDependencies(
            client,
            [
              ...(manifest.dependencies
                ? await missingDependencies(client, manifest.dependencies)
                : []),
              ...(await missingProofRoles(client, manifest))
            ],
            logger
          )
        : { prepared: [], problems: [] }
    if (target.kind === 'postgres') record.preparations = [...preparedNeeds.prepared]
    const problems = [
      ...preparedNeeds.problems,
      ...(await prepareExtensions(client, extensions, logger))
    ]
    const existing = await existingSchemas(client, manifest.scope.schemas)
    const prepared = [
      ...(extensions.length ? [`${extensions.length} extension(s) prepared`] : []),
      ...(preparedNeeds.prepared.length
        ? [`prepared for the backup: ${preparedNeeds.prepared.join('; ')}`]
        : [])
    ]
    return {
      ready: true,
      check: problems.length
        ? fail('scratch target', 'restore-failed', problems.join('; '))
        : pass(
            'scratch target',
            `${target.kind} target (${target.detail}); ${decision.reason}${prepared.length ? `; ${prepared.join('; ')}` : ''}`
          ),
      clean: decision.action === 'overwrite',
      existingSchemas: existing,
      target,
      record
    }
  } catch (error) {
    if (error instanceof InputError) throw error
    return {
      ready: false,
      check: fail('scratch target', 'restore-failed', errorMessage(error)),
      ...(record ? { record } : {})
    }
  } finally {
    await client.end().catch(() => undefined)
  }
}

import { listArchive, useListWithoutSchemas } from '../postgres/archive-check.js'
import type { DrillOptions } from '../config/drill-options.js'
import { InputError, errorMessage } from '../errors.js'
import type { Logger } from '../log/logger.js'
import type { Manifest } from '../manifest/schema.js'
import { connect } from '../postgres/client.js'
import { fail, pass, skip, type Check } from './checks.js'
import { checkDependencies } from './dependency-check.js'
import { existingSchemas, prepareExtensions, resetScratch, writeMarker } from './prepare-target.js'
import type { PreparedTarget, RestorableBackup } from './prove-restore.js'
import { needsRestorePasses } from './restore-archive.js'
import { decideScratch, inspectScratch } from './scratch-target.js'

/**
 * The drill's restore into scratch, once the backup verified: prepare the
 * scratch (refuse, reset, mark, extensions), probe it for what the backup
 * needs from outside its scope, and choose the pg_restore mode.
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
    return { checks: [plan.check, skip('restore', 'the scratch target could not be prepared')] }
  // Before restoring: does the scratch have what the backup needs from outside its scope?
  const dependencies = await checkDependencies(options.scratch, manifest, 'scratch-db-url')
  // Schemas that exist already (public; one made for an extension) are not created again.
  const listing = useListWithoutSchemas(
    await listArchive(pgRestore, archivePath, 'backup-unreadable'),
    plan.existingSchemas
  )
  const flags = plan.clean ? '--clean --if-exists ' : ''
  // Partition trees and NOT VALID domain constraints race in one parallel run.
  const passes = needsRestorePasses(manifest.inventory)
  return {
    checks: [plan.check, dependencies.check],
    restore: {
      mode: { clean: plan.clean, passes, listing },
      title: `Restore into ${options.scratch.location} (pg_restore ${flags}-j ${options.jobs}${passes && !plan.clean ? ', section by section' : ''})`,
      missingDependencies: dependencies.missing
    }
  }
}

/**
 * Decides what the drill may do with the scratch database and makes it ready:
 * refuses a database it may not own (InputError, before any write), resets
 * what an earlier drill left, marks it, installs the extensions. Returns
 * whether pg_restore needs --clean and which schemas already exist there.
 */
async function prepareScratchTarget(
  options: DrillOptions,
  manifest: Manifest,
  logger: Logger
): Promise<
  | { ready: true; check: Check; clean: boolean; existingSchemas: string[] }
  | { ready: false; check: Check }
> {
  const schemas = manifest.scope.schemas
  const extensions = manifest.inventory.extensions ?? []
  let client
  try {
    client = await connect(options.scratch, {
      inputName: 'scratch-db-url',
      applicationName: 'backup-drill prepare'
    })
  } catch (error) {
    return { ready: false, check: fail('scratch target', 'restore-failed', errorMessage(error)) }
  }
  try {
    const state = await inspectScratch(client, schemas, extensions)
    const decision = decideScratch(state, {
      schemas,
      overwrite: options.overwriteScratch,
      largeObjects: manifest.inventory.largeObjects !== undefined
    })
    if (decision.action === 'refuse')
      throw new InputError('scratch-db-url', `${options.scratch.location}: ${decision.reason}`)
    logger.info(`Scratch target: ${decision.reason}`)
    if (decision.action === 'reset') await resetScratch(client, decision.schemas, logger)
    await writeMarker(client, schemas)
    const problems = await prepareExtensions(client, extensions, logger)
    const existing = await existingSchemas(client, schemas)
    const prepared = extensions.length ? `; ${extensions.length} extension(s) prepared` : ''
    return {
      ready: true,
      check: problems.length
        ? fail('scratch target', 'restore-failed', problems.join('; '))
        : pass('scratch target', `${decision.reason}${prepared}`),
      clean: decision.action === 'overwrite',
      existingSchemas: existing
    }
  } catch (error) {
    if (error instanceof InputError) throw error
    return { ready: false, check: fail('scratch target', 'restore-failed', errorMessage(error)) }
  } finally {
    await client.end().catch(() => undefined)
  }
}

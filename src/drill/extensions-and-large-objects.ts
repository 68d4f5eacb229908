import { errorMessage } from '../errors.js'
import type { Manifest } from '../manifest/schema.js'
import { connect } from '../postgres/client.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'
import { inspectExtensions } from '../postgres/extensions.js'
import { inspectLargeObjects } from '../postgres/large-objects.js'
import { fail, pass, skip, type Check } from './checks.js'

/**
 * What a scope-only restore needs or carries beside the tables, compared with
 * the manifest: the extensions installed in the schemas (name and schema must
 * match; another version is only a note: the objects restored from the dump do
 * not depend on it) and the large objects (count and total bytes).
 */
export async function checkExtensionsAndLargeObjects(
  target: DatabaseTarget,
  manifest: Manifest,
  inputName = 'scratch-db-url'
): Promise<Check[]> {
  const expected = manifest.inventory
  let client
  try {
    client = await connect(target, {
      inputName,
      applicationName: 'backup-drill validate'
    })
  } catch (error) {
    return [fail('extensions', 'validation-failed', errorMessage(error))]
  }
  try {
    const checks: Check[] = []
    if (!expected.extensions) {
      checks.push(skip('extensions', 'the manifest predates extension records'))
    } else {
      const found = await inspectExtensions(client, manifest.scope.schemas)
      checks.push(extensionsCheck(expected.extensions, found))
    }
    if (!expected.largeObjects) {
      checks.push(skip('large objects', 'not in the backup: no table in scope has an oid column'))
    } else {
      const found = await inspectLargeObjects(client)
      const want = expected.largeObjects
      checks.push(
        found.count === want.count && found.totalBytes === want.totalBytes
          ? pass(
              'large objects',
              `${want.count} large objects, ${want.totalBytes} bytes, exact match`
            )
          : fail(
              'large objects',
              'validation-failed',
              `expected ${want.count} large objects of ${want.totalBytes} bytes in all, found ${found.count} of ${found.totalBytes} bytes`
            )
      )
    }
    return checks
  } catch (error) {
    return [fail('extensions', 'validation-failed', errorMessage(error))]
  } finally {
    await client.end().catch(() => undefined)
  }
}

type Extension = NonNullable<Manifest['inventory']['extensions']>[number]

/** Missing or moved extensions fail; a different version is a note. */
export function extensionsCheck(expected: Extension[], found: Extension[]): Check {
  const byName = new Map(found.map((extension) => [extension.name, extension]))
  const problems: string[] = []
  const notes: string[] = []
  for (const want of expected) {
    const got = byName.get(want.name)
    if (!got) problems.push(`${want.name} (in ${want.schema}) missing`)
    else if (got.schema !== want.schema)
      problems.push(`${want.name}: expected in ${want.schema}, found in ${got.schema}`)
    else if (got.version !== want.version)
      notes.push(`${want.name} is version ${got.version} here, ${want.version} in the source`)
  }
  if (problems.length > 0) return fail('extensions', 'validation-failed', problems.join('; '))
  return pass(
    'extensions',
    `${expected.length} extension(s) in the schemas present${notes.length ? ` (note: ${notes.join('; ')})` : ''}`
  )
}

import { errorMessage } from '../errors.js'
import type { Dependency, Manifest } from '../manifest/schema.js'
import { connect, type Client } from '../postgres/client.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'
import { fail, pass, skip, type Check } from './checks.js'
import type { RestoreError } from './restore-errors.js'

/**
 * Before a restore: does the target have what the backup's objects need from outside the scope
 * (the manifest's `dependencies`, found at backup time)? A missing need fails the `dependencies`
 * check by name and fix, and the restore errors it causes are attributed to it, so the log says
 * "expected: needs extension pgcrypto in schema extensions, the target lacks it" instead of
 * leaving raw errors to decode.
 */

/** How an attributed restore error's reason starts. */
export const EXPECTED = 'expected: needs'

/** SQL that returns one row when the target has the need (`$1` is the probe's name). */
const PROBES: Record<Dependency['probe']['kind'], string | undefined> = {
  extension: `SELECT 1 FROM pg_catalog.pg_extension WHERE extname = $1`,
  schema: `SELECT 1 WHERE pg_catalog.to_regnamespace($1) IS NOT NULL`,
  role: `SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1`,
  'access-method': `SELECT 1 FROM pg_catalog.pg_am WHERE amname = $1 OR pg_catalog.quote_ident(amname) = $1`,
  relation: `SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname || '.' || c.relname = $1`,
  function: `SELECT 1 WHERE pg_catalog.to_regprocedure($1) IS NOT NULL`,
  type: `SELECT 1 WHERE pg_catalog.to_regtype($1) IS NOT NULL`,
  // Operators, operator classes, collations...: no lookup by name here; never reported missing.
  object: undefined
}

/** The needs the target lacks (each probe once). */
export async function missingDependencies(
  client: Client,
  dependencies: readonly Dependency[]
): Promise<Dependency[]> {
  const answers = new Map<string, boolean>()
  const missing: Dependency[] = []
  for (const dependency of dependencies) {
    const sql = PROBES[dependency.probe.kind]
    if (sql === undefined) continue
    const key = `${dependency.probe.kind}\0${dependency.probe.name}`
    if (!answers.has(key)) {
      const result = await client.query(sql, [dependency.probe.name])
      answers.set(key, (result.rowCount ?? 0) > 0)
    }
    if (!answers.get(key)) missing.push(dependency)
  }
  return missing
}

/** The `dependencies` check: connects to the target, probes every need, never throws. */
export async function checkDependencies(
  target: DatabaseTarget,
  manifest: Manifest,
  inputName: string
): Promise<{ check: Check; missing: Dependency[] }> {
  const dependencies = manifest.dependencies
  if (dependencies === undefined)
    return {
      check: skip('dependencies', `not recorded in this format-${manifest.formatVersion} manifest`),
      missing: []
    }
  if (dependencies.length === 0)
    return {
      check: pass('dependencies', 'the backup needs nothing outside its scope'),
      missing: []
    }
  let client
  try {
    client = await connect(target, {
      inputName,
      applicationName: 'backup-drill dependencies'
    })
    const missing = await missingDependencies(client, dependencies)
    return { check: dependencyCheck(dependencies, missing), missing }
  } catch (error) {
    return {
      check: fail(
        'dependencies',
        'restore-failed',
        `cannot probe the target: ${errorMessage(error)}`
      ),
      missing: []
    }
  } finally {
    await client?.end().catch(() => undefined)
  }
}

/** Pass when the target has every need; else one clause per missing requirement with its objects and fix. */
export function dependencyCheck(
  dependencies: readonly Dependency[],
  missing: readonly Dependency[]
): Check {
  if (missing.length === 0)
    return pass(
      'dependencies',
      `the target has all ${new Set(dependencies.map((d) => d.requirement)).size} requirement(s) from outside the backup's scope`
    )
  const byRequirement = new Map<string, Dependency[]>()
  for (const d of missing)
    byRequirement.set(d.requirement, [...(byRequirement.get(d.requirement) ?? []), d])
  const clauses = [...byRequirement.entries()].map(
    ([requirement, group]) =>
      `needs ${requirement}, the target lacks it (${group
        .slice(0, 3)
        .map((d) => d.object)
        .join('; ')}${group.length > 3 ? '; …' : ''}); fix: ${group[0]!.fix}`
  )
  return fail(
    'dependencies',
    'restore-failed',
    `${byRequirement.size} requirement(s) from outside the backup's scope are missing on the target, as the backup warned: ${clauses.join(' | ')}`
  )
}

/**
 * Marks the restore errors a missing need explains (reason `expected: needs ...`). An error counts
 * when its message or statement names the need; an object whose CREATE failed that way takes the
 * need along, so later errors about it (its COPY, its indexes) are attributed too.
 */
export function attributeRestoreErrors(
  errors: readonly RestoreError[],
  missing: readonly Dependency[]
): RestoreError[] {
  const tokens: Array<[string, Dependency]> = missing.flatMap((d) =>
    needTokens(d).map((token): [string, Dependency] => [token, d])
  )
  return errors.map((error) => {
    if (error.harmless) return error
    const text = `${error.message}\n${error.command ?? ''}`
    const hit = tokens.find(([token]) => mentions(text, token))
    if (!hit) return error
    const created =
      /^CREATE (?:UNLOGGED )?(?:TABLE|VIEW|MATERIALIZED VIEW|FUNCTION|TYPE|DOMAIN|SEQUENCE) (?:IF NOT EXISTS )?([^\s(]+)/.exec(
        error.command ?? ''
      )?.[1]
    if (created) tokens.push(...nameForms(created).map((t): [string, Dependency] => [t, hit[1]]))
    return {
      ...error,
      reason: `${EXPECTED} ${hit[1].requirement}, the target lacks it (${hit[1].object}); fix: ${hit[1].fix}`
    }
  })
}

/** True when `text` names `token` as a whole name (not the start of a longer one). */
function mentions(text: string, token: string): boolean {
  const identifier = /[\p{L}\p{N}_$]/u
  for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
    const before = text[at - 1]
    const after = text[at + token.length]
    if (
      (before === undefined || !identifier.test(before)) &&
      (after === undefined || !identifier.test(after))
    )
      return true
  }
  return false
}

/** How restore errors spell the need: qualified names as printed, bare names in double quotes. */
function needTokens(dependency: Dependency): string[] {
  const qualified = /^[a-z ]+? ([^\s(]+\.[^\s(]+)/.exec(dependency.needs)?.[1]
  const bare = dependency.requirement.match(/^(?:schema|role|access method|extension) (\S+)/)?.[1]
  return [
    ...(qualified ? nameForms(qualified) : []),
    ...(bare ? [`"${bare.replace(/^"|"$/g, '')}"`] : []),
    ...(dependency.probe.kind === 'relation' ? nameForms(dependency.probe.name) : [])
  ]
}

/** `schema.name` as messages print it: as is, and with the whole name quoted (`relation "public.t"`). */
function nameForms(name: string): string[] {
  const plain = name.replace(/"/g, '')
  return [...new Set([name, `"${plain}"`, `${plain}`])]
}

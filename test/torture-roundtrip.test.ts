import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import {
  prepareTortureScratch,
  seedTortureFixture,
  TORTURE_OWNER_ROLE,
  TORTURE_SCHEMAS
} from '../src/fixture/torture-fixture.js'
import { libpqTool, parseDatabaseUrl } from '../src/postgres/connection-url.js'
import { startCluster, type Cluster } from '../src/sandbox/cluster.js'
import { runCliCaptured } from './support/cli.js'
import { restoreInPlace, tempDir } from './support/backups.js'
import { countRows, createDatabase, withClient } from './support/database.js'
import { EMBEDDED_17_BIN, installedClients } from './support/embedded.js'

/**
 * The catalog torture fixture through backup and drill, checked by means that
 * share no code with our inspection: count(*) of every table, and pg_dump
 * --schema-only of source and scratch compared as text.
 */

const execFileAsync = promisify(execFile)
const schemas = [...TORTURE_SCHEMAS]

let source = ''
let backupPath = ''

beforeAll(async () => {
  source = await createDatabase('torture_src')
  await withClient(source, (client) => seedTortureFixture(client))
  const outDir = tempDir()
  const run = await runCliCaptured([
    'backup',
    '--db-url',
    source,
    '--schemas',
    schemas.join(','),
    '--out-dir',
    outDir,
    '--content-hash',
    'true'
  ])
  expect({ code: run.code, stderr: run.code ? run.stderr : '' }).toEqual({ code: 0, stderr: '' })
  backupPath = join(
    outDir,
    readdirSync(outDir).find((file) => file.endsWith('.dump'))!
  )
}, 120_000)

/** Runs the drill through the CLI into `scratch`; returns the failed checks and restore errors. */
async function drill(scratch: string) {
  const run = await runCliCaptured([
    'drill',
    '--backup',
    backupPath,
    '--scratch-db-url',
    scratch,
    '--log-dir',
    tempDir(),
    '--jobs',
    '2',
    '--json'
  ])
  const log = run.stdout ? JSON.parse(run.stdout) : { checks: [], restoreErrors: [] }
  return {
    code: run.code,
    failed: (log.checks as Array<{ name: string; status: string; detail: string }>)
      .filter((check) => check.status === 'fail')
      .map((check) => `${check.name}: ${check.detail}`),
    restoreErrors: log.restoreErrors as unknown[],
    stderr: run.code ? run.stderr : ''
  }
}

/**
 * pg_dump --schema-only of the restored schemas (with `ownersAndGrants`, their ALTER … OWNER
 * and GRANT / REVOKE statements too), normalized:
 * - comment lines (`--`) and blank lines are dropped: they carry dump ids, the
 *   database name and pg_dump's version banner, which differ by construction;
 * - `\restrict` / `\unrestrict` lines (pg_dump 17.6+) carry a random key per run.
 */
async function schemaDump(url: string, binDir: string, ownersAndGrants = false): Promise<string> {
  const { dbnameArg, env } = libpqTool(parseDatabaseUrl('test-url', url))
  const { stdout } = await execFileAsync(
    join(binDir, 'pg_dump'),
    [
      '--schema-only',
      ...(ownersAndGrants ? [] : ['--no-owner', '--no-privileges']),
      ...schemas.map((schema) => `--schema="${schema}"`),
      `--dbname=${dbnameArg}`
    ],
    { env, maxBuffer: 64 * 1024 * 1024 }
  )
  return stdout
    .split('\n')
    .filter(
      (line) => line.trim() !== '' && !line.startsWith('--') && !/^\\(un)?restrict /.test(line)
    )
    .join('\n')
}

/** Lines only in one of two texts, marked - (source) and + (scratch), in order. */
function diffLines(source: string, scratch: string): string[] {
  const a = source.split('\n')
  const b = scratch.split('\n')
  const inB = new Set(b)
  const inA = new Set(a)
  return [
    ...a.filter((line) => !inB.has(line)).map((line) => `- ${line}`),
    ...b.filter((line) => !inA.has(line)).map((line) => `+ ${line}`),
    ...(a.length === b.length && a.some((line, i) => line !== b[i])
      ? ['(same lines, other order)']
      : [])
  ]
}

/** A plain green drill: exit 0, no failed check, no restore error. */
const GREEN = { code: 0, failed: [], restoreErrors: [], stderr: '' }

/**
 * pg_dump's own behaviour, not a restore defect: pg_dump (outside --binary-upgrade, 15 and 17
 * alike) prints an inheritance child's columns in attnum order and re-creates it with INHERITS,
 * which puts the parent's columns first. torture.birds was made as (wingspan, legs, name, id) and
 * then attached to animals (id, name, legs): any restore of any pg_dump archive has (id, name,
 * legs, wingspan), and a schema dump of it prints them in that order. So the source's and the
 * scratch's schema dumps differ in exactly these lines and nothing else; and the scratch's dump
 * must equal, line for line, the dump of a second restore made with plain pg_restore.
 */
const BIRDS_COLUMN_ORDER = [
  '-     wingspan numeric,',
  '-     id integer',
  '+     id integer,',
  '+     wingspan numeric',
  '(same lines, other order)'
]

/**
 * A restore of the archive by hand, as the SOP describes it, with one plain pg_restore into a new
 * database: what lies outside the dump is made first (the role, the access method, the extensions
 * a --schema dump only uses, and so the schemas holding them), and the archive's CREATE SCHEMA of
 * those schemas is left out of the list.
 */
async function plainRestore(binDir: string): Promise<string> {
  const target = await createDatabase('torture_plain')
  await withClient(target, async (client) => {
    await prepareTortureScratch(client)
    await client.query(`CREATE SCHEMA torture;
      CREATE EXTENSION citext WITH SCHEMA public; CREATE EXTENSION pgcrypto WITH SCHEMA public;
      CREATE EXTENSION hstore WITH SCHEMA torture`)
  })
  const { dbnameArg, env } = libpqTool(parseDatabaseUrl('test-url', target))
  const pgRestore = join(binDir, 'pg_restore')
  const { stdout: listing } = await execFileAsync(pgRestore, ['--list', backupPath], {
    env,
    maxBuffer: 64 * 1024 * 1024
  })
  const list = join(tempDir(), 'plain.list')
  writeFileSync(
    list,
    listing
      .split('\n')
      .filter((line) => !/^\d+; \d+ \d+ SCHEMA - (public|torture) /.test(line))
      .join('\n')
  )
  await execFileAsync(
    pgRestore,
    [
      '--exit-on-error',
      '--no-owner',
      '--no-privileges',
      `--use-list=${list}`,
      `--dbname=${dbnameArg}`,
      backupPath
    ],
    { env, maxBuffer: 64 * 1024 * 1024 }
  )
  return target
}

/**
 * Facts read with plain SQL from information_schema and pg_catalog, sharing no code with our
 * inspection, for comparing a PG 15 source with a PG 17 scratch (no pg_dump 17 here).
 * Normalised only where the majors (or two databases) print the same thing differently:
 * - information_schema names NOT NULL constraints `<namespace oid>_<table oid>_<attnum>_not_null`:
 *   the oids differ between any two databases and birds' attnums follow pg_dump's order, so the
 *   name is reduced to `not_null` (the clause still names the column);
 * - check_clause: 15 prints `((expr))` plus ` NOT VALID` for an unvalidated constraint, 17
 *   prints `(expr)` only, so both are reduced to `(expr)` (validation is not compared here).
 */
async function catalogFacts(url: string): Promise<Record<string, string[]>> {
  const noOids = (text: string) =>
    text
      .replace(/\b\d+_\d+_\d+_not_null\b/g, 'not_null')
      .replace(/\| \((\(.*\))\)( NOT VALID)?$/, '| $1')
  return withClient(url, async (client) => {
    const rows = async (sql: string) =>
      (await client.query<{ r: string }>(sql, [schemas])).rows.map((row) => noOids(row.r)).sort()
    return {
      tables: await rows(`SELECT concat_ws(' ', table_schema, table_name, table_type) AS r
          FROM information_schema.tables WHERE table_schema = ANY($1)`),
      columns:
        await rows(`SELECT concat_ws(' | ', table_schema, table_name, ordinal_position, column_name,
                 data_type, is_nullable, column_default) AS r
          FROM information_schema.columns WHERE table_schema = ANY($1)`),
      routines:
        await rows(`SELECT concat_ws(' ', routine_schema, routine_name, routine_type, data_type) AS r
          FROM information_schema.routines WHERE routine_schema = ANY($1)`),
      checks:
        await rows(`SELECT concat_ws(' | ', constraint_schema, constraint_name, check_clause) AS r
          FROM information_schema.check_constraints WHERE constraint_schema = ANY($1)`),
      constraints:
        await rows(`SELECT concat_ws(' ', table_schema, table_name, constraint_name, constraint_type) AS r
          FROM information_schema.table_constraints WHERE table_schema = ANY($1)`),
      views: await rows(`SELECT concat_ws(' ', table_schema, table_name) AS r
          FROM information_schema.views WHERE table_schema = ANY($1)`),
      relations:
        await rows(`SELECT concat_ws(' ', n.nspname, c.relname, c.relkind, c.relpersistence,
                 coalesce(am.amname, '-')) AS r
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam WHERE n.nspname = ANY($1)`)
    }
  })
}

describe('torture fixture round trip', () => {
  it('PostgreSQL 15: backup exits 0, the drill passes, counts agree, the schema dump equals a plain pg_restore’s', async () => {
    const scratch = await createDatabase('torture_scratch')
    // What lies outside the dumped schemas is the operator's to provide (the access method).
    await withClient(scratch, (client) => prepareTortureScratch(client))
    const result = await drill(scratch)
    const pg15 = installedClients().find((client) => client.major === 15)!
    const scratchSchema = await schemaDump(scratch, pg15.binDir)
    // Everything compared at once, so a failure shows every disagreement.
    expect({
      drill: result,
      counts: await countRows(scratch),
      schema: diffLines(await schemaDump(source, pg15.binDir), scratchSchema),
      plainRestore: diffLines(
        await schemaDump(await plainRestore(pg15.binDir), pg15.binDir),
        scratchSchema
      )
    }).toEqual({
      drill: GREEN,
      counts: await countRows(source),
      schema: BIRDS_COLUMN_ORDER,
      plainRestore: []
    })

    // The same scratch again: the marker lets the drill reset it, with the same outcome.
    expect(await drill(scratch)).toEqual(GREEN)
    expect(await countRows(scratch)).toEqual(await countRows(source))
  })

  it('the incident restore of production from its own backup passes, twice: --clean over partition trees and a NOT VALID domain constraint, owners and grants kept', async () => {
    // Production is the source itself, non-empty: --clean must drop and re-create every object.
    // Failed before: partitions' inherited keys could not be dropped one by one, and with -j 2 the
    // domain's NOT VALID constraint was added before order_notes' rows were copied.
    const production = await createDatabase('torture_prod')
    await withClient(production, (client) => seedTortureFixture(client))
    const outDir = tempDir()
    const backup = await runCliCaptured([
      'backup',
      '--db-url',
      production,
      '--schemas',
      schemas.join(','),
      '--out-dir',
      outDir
    ])
    expect(backup.code).toBe(0)
    const dump = join(
      outDir,
      readdirSync(outDir).find((file) => file.endsWith('.dump'))!
    )
    const pg15 = installedClients().find((client) => client.major === 15)!
    const counts = await countRows(production)
    // With owners and grants: production keeps torture.owned's owner "Data Owner" and the revoked
    // PUBLIC EXECUTE of "TortureRef".may_see, which the backup (--no-owner --no-privileges) lacks.
    const before = await schemaDump(production, pg15.binDir, true)
    const restore = async () => {
      const { code, log } = await restoreInPlace(production, dump)
      return {
        code,
        failed: log.checks
          .filter((check) => check.status === 'fail')
          .map((check) => `${check.name}: ${check.detail}`),
        restoreErrors: log.restoreErrors as unknown[]
      }
    }
    const clean = { code: 0, failed: [], restoreErrors: [] }
    expect(await restore()).toEqual(clean)
    const once = await schemaDump(production, pg15.binDir, true)
    expect(await countRows(production)).toEqual(counts)
    expect(diffLines(before, once)).toEqual(BIRDS_COLUMN_ORDER)
    expect(await restore()).toEqual(clean)
    expect(await countRows(production)).toEqual(counts)
    expect(diffLines(once, await schemaDump(production, pg15.binDir, true))).toEqual([])
  })

  describe('into the embedded PostgreSQL 17', () => {
    let server17: Cluster | undefined
    beforeAll(async () => {
      server17 = await startCluster({ binDir: EMBEDDED_17_BIN })
    }, 120_000)
    afterAll(async () => {
      await server17?.stop()
    })

    // No schema dump here: pg_dump 15 refuses a 17 server, and no pg_dump 17 is installed
    // (the embedded package has server binaries only). count(*) and catalog facts read with
    // plain SQL are the independent checks.
    it('the drill passes, every table has the same count(*), information_schema and pg_class agree', async () => {
      await withClient(server17!.url, async (client) => {
        await client.query('CREATE DATABASE torture_scratch')
        await client.query(`CREATE ROLE ${JSON.stringify(TORTURE_OWNER_ROLE)} NOLOGIN`)
      })
      const scratch = server17!.urlFor('torture_scratch')
      await withClient(scratch, (client) => prepareTortureScratch(client))
      expect(await drill(scratch)).toEqual(GREEN)
      expect(await countRows(scratch)).toEqual(await countRows(source))
      const [expected, found] = [await catalogFacts(source), await catalogFacts(scratch)]
      // birds' ordinal positions are pg_dump's order (see BIRDS_COLUMN_ORDER): compare the
      // source's as a restore recreates them.
      expect(found).toEqual({ ...expected, columns: birdsAsRecreated(expected.columns!) })
    })
  })
})

/** The source's information_schema.columns rows with torture.birds numbered id, name, legs, wingspan. */
function birdsAsRecreated(rows: string[]): string[] {
  const recreated = ['id', 'name', 'legs', 'wingspan']
  return rows
    .map((row) => {
      const [schema, table, , name, ...rest] = row.split(' | ')
      if (schema !== 'torture' || table !== 'birds') return row
      return [schema, table, recreated.indexOf(name!) + 1, name, ...rest].join(' | ')
    })
    .sort()
}

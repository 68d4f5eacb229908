import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import {
  prepareTortureScratch,
  seedTortureFixture,
  TORTURE_OWNER_ROLE,
  TORTURE_SCHEMAS
} from '../src/fixture/torture-fixture.js'
import { libpqConnection, parseDatabaseUrl } from '../src/postgres/connection-url.js'
import { startCluster, type Cluster } from '../src/sandbox/cluster.js'
import { runCliCaptured } from './support/cli.js'
import { tempDir } from './support/backups.js'
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
 * pg_dump --schema-only of the restored schemas, normalized:
 * - comment lines (`--`) and blank lines are dropped: they carry dump ids, the
 *   database name and pg_dump's version banner, which differ by construction;
 * - `\restrict` / `\unrestrict` lines (pg_dump 17.6+) carry a random key per run.
 */
async function schemaDump(url: string, binDir: string): Promise<string> {
  const { dbnameArg, env } = libpqConnection(parseDatabaseUrl('test-url', url))
  const { stdout } = await execFileAsync(
    join(binDir, 'pg_dump'),
    [
      '--schema-only',
      '--no-owner',
      '--no-privileges',
      ...schemas.map((schema) => `--schema="${schema}"`),
      `--dbname=${dbnameArg}`
    ],
    { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }
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

/**
 * The one difference no restore can avoid: pg_dump (outside --binary-upgrade,
 * in 15 and 17 alike) re-creates an inheritance child as CREATE TABLE ...
 * INHERITS, which puts the parent's columns first. torture.birds was made as
 * (wingspan, legs, name, id) and then attached to animals (id, name, legs);
 * a restore has (id, name, legs, wingspan). Same rows by column name, another
 * column order: the row hash (over the row's text, in column order) differs,
 * and so does the schema dump. Everything else must be equal.
 */
const PASSING_BUT_FOR_INHERITED_COLUMN_ORDER = {
  code: 1,
  // The column check (manifest format 2) names each moved column; the row hash differs with them.
  failed: [
    expect.stringMatching(
      /^columns and storage: 4 difference\(s\): torture\.birds\.wingspan: expected #1 numeric, found #4 numeric; /
    ),
    expect.stringMatching(/^content hashes: 1 difference\(s\): torture\.birds: expected /)
  ],
  restoreErrors: [],
  stderr: expect.stringContaining('difference: content-hash torture.birds')
}
const BIRDS_COLUMN_ORDER = [
  '-     wingspan numeric,',
  '-     id integer',
  '+     id integer,',
  '+     wingspan numeric',
  '(same lines, other order)'
]

describe('torture fixture round trip', () => {
  it('PostgreSQL 15: backup exits 0, the drill passes but for one column order, counts and the schema dump agree', async () => {
    const scratch = await createDatabase('torture_scratch')
    // What lies outside the dumped schemas is the operator's to provide (the access method).
    await withClient(scratch, (client) => prepareTortureScratch(client))
    const result = await drill(scratch)
    const pg15 = installedClients().find((client) => client.major === 15)!
    // Everything compared at once, so a failure shows every disagreement.
    expect({
      drill: result,
      counts: await countRows(scratch),
      schema: diffLines(
        await schemaDump(source, pg15.binDir),
        await schemaDump(scratch, pg15.binDir)
      )
    }).toEqual({
      drill: PASSING_BUT_FOR_INHERITED_COLUMN_ORDER,
      counts: await countRows(source),
      schema: BIRDS_COLUMN_ORDER
    })

    // The same scratch again: the marker lets the drill reset it, with the same outcome.
    expect(await drill(scratch)).toEqual(PASSING_BUT_FOR_INHERITED_COLUMN_ORDER)
    expect(await countRows(scratch)).toEqual(await countRows(source))
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
    // (the embedded package has server binaries only). count(*) is the independent check.
    it('the drill passes but for one column order, and every table has the same count(*)', async () => {
      await withClient(server17!.url, async (client) => {
        await client.query('CREATE DATABASE torture_scratch')
        await client.query(`CREATE ROLE ${JSON.stringify(TORTURE_OWNER_ROLE)} NOLOGIN`)
      })
      const scratch = server17!.urlFor('torture_scratch')
      await withClient(scratch, (client) => prepareTortureScratch(client))
      expect(await drill(scratch)).toEqual(PASSING_BUT_FOR_INHERITED_COLUMN_ORDER)
      expect(await countRows(scratch)).toEqual(await countRows(source))
    })
  })
})

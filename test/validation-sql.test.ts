import { beforeAll, describe, expect, it } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { assertQueriesOnly } from '../src/drill/validation-sql.js'
import { InputError } from '../src/errors.js'
import { runCliCaptured } from './support/cli.js'
import { makeBackup, tempDir } from './support/backups.js'
import { countRows, createDatabase, createFixtureDatabase, withClient } from './support/database.js'

// validation-sql is read-only: a statement that is not a query is bad input
// (exit 2 before anything is restored), and what slips past that check runs
// in a READ ONLY transaction, so it cannot change the scratch database.

describe('assertQueriesOnly (the early check)', () => {
  const ok = [
    'SELECT true',
    'select 1 = 1;',
    '  -- a comment; with a semicolon\nSELECT true AS a; SELECT false AS b;',
    'WITH t AS (SELECT 1 AS n) SELECT n = 1 FROM t',
    'VALUES (true)',
    'TABLE public.flags',
    '(SELECT true)',
    "SELECT 'DROP TABLE x; DELETE FROM y' <> ''",
    'SELECT $$;DROP TABLE x;$$ IS NOT NULL',
    'SELECT $tag$ a $$ ; DROP $tag$ IS NOT NULL',
    `SELECT E'it\\'s; DROP TABLE x' IS NOT NULL`,
    'SELECT "weird;name" FROM (SELECT true AS "weird;name") s',
    '/* outer /* nested; */ still comment; */ SELECT true',
    ';;SELECT true;;'
  ]
  it.each(ok)('accepts %j', (sql) => {
    expect(() => assertQueriesOnly(sql, 'checks.sql')).not.toThrow()
  })

  const bad: Array<[string, string]> = [
    ['DROP TABLE public.api_keys', 'DROP'],
    ['SELECT true; DROP TABLE public.api_keys', 'DROP'],
    ["SELECT 'x;'; delete from public.api_keys", 'delete'],
    ['SELECT true; COMMIT; DROP TABLE x', 'COMMIT'],
    ['SET default_transaction_read_only = off; SELECT true', 'SET'],
    ['BEGIN; SELECT true', 'BEGIN'],
    ['/* hide */ UPDATE t SET a = 1', 'UPDATE'],
    ['CALL do_things()', 'CALL'],
    ['COPY t TO PROGRAM $$rm -rf /$$', 'COPY'],
    ['SELECT $$unterminated', 'unterminated'],
    ["SELECT 'unterminated", 'unterminated'],
    ['-- only a comment\n', 'no query']
  ]
  it.each(bad)('rejects %j as bad input naming %s', (sql, word) => {
    let thrown: unknown
    try {
      assertQueriesOnly(sql, 'checks.sql')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(InputError)
    expect((thrown as InputError).input).toBe('validation-sql')
    expect((thrown as Error).message).toContain('checks.sql')
    expect((thrown as Error).message).toContain(word)
  })
})

describe('drill with validation-sql that writes', () => {
  let source: string
  let backupPath: string

  beforeAll(async () => {
    source = await createFixtureDatabase({ users: 5 })
    backupPath = (await makeBackup(source)).backupPath
  })

  async function drill(sql: string) {
    const scratch = await createDatabase('scratch')
    const file = join(tempDir(), 'checks.sql')
    writeFileSync(file, sql)
    const run = await runCliCaptured([
      'drill',
      '--backup',
      backupPath,
      '--scratch-db-url',
      scratch,
      '--validation-sql',
      file,
      '--log-dir',
      tempDir(),
      '--jobs',
      '2',
      '--json'
    ])
    return { run, scratch }
  }

  it('a DROP TABLE is bad input: exit 2 before anything is restored', async () => {
    const { run, scratch } = await drill('SELECT true AS fine;\nDROP TABLE public.api_keys;\n')
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^bad input: validation-sql: .*checks\.sql.*DROP/m)
    // Nothing was restored: the scratch database is still empty.
    expect(await countRows(scratch)).toEqual({})
  })

  it('a query that writes (data-modifying WITH) fails validation and changes nothing', async () => {
    const { run, scratch } = await drill(
      'WITH gone AS (DELETE FROM public.api_keys RETURNING 1) SELECT count(*) >= 0 FROM gone;\n'
    )
    expect(run.code).toBe(1)
    const log = JSON.parse(run.stdout) as {
      escalations: string[]
      checks: Array<{ name: string; status: string; detail: string }>
    }
    expect(log.escalations).toEqual(['validation-failed'])
    const failed = log.checks.filter((c) => c.status === 'fail')
    expect(failed.map((c) => c.name)).toEqual(['validation-sql checks.sql'])
    expect(failed[0]!.detail).toContain('read-only transaction')
    const rows = await withClient(scratch, (client) =>
      client.query<{ n: string }>('SELECT count(*) AS n FROM public.api_keys')
    )
    expect(Number(rows.rows[0]!.n)).toBeGreaterThan(0)
  })
})

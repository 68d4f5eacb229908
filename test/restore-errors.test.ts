import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import {
  classifyRestoreOutput,
  type RestoreOutputClassification
} from '../src/drill/restore-errors.js'
import { libpqTool, parseDatabaseUrl } from '../src/postgres/connection-url.js'
import { createDatabase, databaseUrl, serverUrl, withClient } from './support/database.js'

/** The client tools matching the test server: its own bin dir, else the newest installed major. */
function toolsDir(): string {
  const candidates = [process.env.BACKUP_DRILL_TEST_SERVER_BIN]
  if (existsSync('/usr/lib/postgresql')) {
    const majors = readdirSync('/usr/lib/postgresql').filter((name) => /^\d+$/.test(name))
    majors.sort((a, b) => Number(b) - Number(a))
    candidates.push(...majors.map((major) => `/usr/lib/postgresql/${major}/bin`))
  }
  const dir = candidates.find((candidate) => candidate && existsSync(join(candidate, 'pg_restore')))
  if (!dir)
    throw new Error(
      'pg_restore not found: install the PostgreSQL client tools (apt-get install postgresql-client)'
    )
  return dir
}

/** Runs a libpq tool against `url` with the password in PGPASSWORD; resolves with its exit code and stderr. */
function runTool(
  tool: string,
  args: string[],
  url: string
): Promise<{ code: number | null; stderr: string }> {
  const { dbnameArg, env } = libpqTool(parseDatabaseUrl('test-url', url), { LC_ALL: 'C' })
  return new Promise((resolve, reject) => {
    const child = spawn(join(toolsDir(), tool), [...args, '--dbname', dbnameArg], {
      env,
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

async function restore(dump: string, url: string, flags: string[]) {
  const result = await runTool('pg_restore', [...flags, dump], url)
  return { ...result, classified: classifyRestoreOutput(result.stderr, result.code) }
}

function withUser(url: string, user: string, password: string): string {
  const parsed = new URL(url)
  parsed.username = user
  parsed.password = password
  return parsed.toString()
}

const SOP_FLAGS = ['--clean', '--if-exists', '--no-owner', '--no-privileges']
const suffix = randomBytes(4).toString('hex')
const restorer = `drill_restorer_${suffix}`
const restorerPassword = randomBytes(12).toString('hex')
const ghost = `drill_ghost_${suffix}`
let dir = ''
let dump = ''
let publicDump = ''
const databases: string[] = []

async function database(prefix: string): Promise<string> {
  const url = await createDatabase(prefix)
  databases.push(new URL(url).pathname.slice(1))
  return url
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'restore-errors-'))
  dump = join(dir, 'source.dump')
  publicDump = join(dir, 'public-schema.dump')
  await withClient(serverUrl(), async (client) => {
    await client.query(`CREATE ROLE ${restorer} LOGIN PASSWORD '${restorerPassword}'`)
    await client.query(`CREATE ROLE ${ghost} NOLOGIN`)
  })

  // The main source: an extension with a comment, a commented public schema, RLS and a policy.
  const source = await database('rx_source')
  await withClient(source, (client) =>
    client.query(`
      CREATE EXTENSION citext;
      COMMENT ON EXTENSION citext IS 'case-insensitive text';
      COMMENT ON SCHEMA public IS 'restore-errors test';
      CREATE TABLE public.accounts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email citext NOT NULL UNIQUE,
        plan text NOT NULL CHECK (plan IN ('free', 'pro'))
      );
      INSERT INTO public.accounts (email, plan) VALUES ('a@example.com', 'free'), ('b@example.com', 'pro'), ('c@example.com', 'free');
      ALTER TABLE public.accounts ENABLE ROW LEVEL SECURITY;
      CREATE POLICY accounts_read ON public.accounts FOR SELECT TO PUBLIC USING (true);`)
  )
  const dumped = await runTool(
    'pg_dump',
    ['--format=custom', '--no-owner', '--no-privileges', '--file', dump],
    source
  )
  expect(dumped).toEqual({ code: 0, stderr: '' })

  // A --schema public dump whose policy names a role that will not exist at restore time.
  const ghostSource = await database('rx_ghost')
  await withClient(ghostSource, (client) =>
    client.query(`
      CREATE TABLE public.notes (id int PRIMARY KEY, body text);
      INSERT INTO public.notes VALUES (1, 'one');
      ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
      CREATE POLICY notes_read ON public.notes FOR SELECT TO ${ghost} USING (true);`)
  )
  const dumpedPublic = await runTool(
    'pg_dump',
    [
      '--format=custom',
      '--no-owner',
      '--no-privileges',
      '--schema',
      'public',
      '--file',
      publicDump
    ],
    ghostSource
  )
  expect(dumpedPublic).toEqual({ code: 0, stderr: '' })
  await withClient(ghostSource, (client) => client.query(`DROP POLICY notes_read ON public.notes`))
  await withClient(serverUrl(), (client) => client.query(`DROP ROLE ${ghost}`))
})

afterAll(async () => {
  await withClient(serverUrl(), async (client) => {
    for (const name of databases)
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)
    await client.query(`DROP ROLE IF EXISTS ${restorer}`)
    await client.query(`DROP ROLE IF EXISTS ${ghost}`)
  })
  if (dir) await rm(dir, { recursive: true, force: true })
})

const rows = (url: string, table: string) =>
  withClient(url, async (client) =>
    Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n)
  )

function summary(result: RestoreOutputClassification) {
  return result.errors.map((error) => [
    error.message,
    error.command?.split('\n')[0],
    error.harmless
  ])
}

describe('classifyRestoreOutput on real pg_restore output', () => {
  it('reports nothing for a clean restore, and not-harmless errors when the same dump is restored twice without --clean', async () => {
    const scratch = await database('rx_twice')
    const first = await restore(dump, scratch, SOP_FLAGS)
    expect(first.code).toBe(0)
    expect(first.classified).toEqual({ errors: [], fatal: false })

    const second = await restore(dump, scratch, ['--no-owner', '--no-privileges'])
    expect(second.code).toBe(1)
    const { errors, ignoredCount, fatal } = second.classified
    expect(fatal).toBe(false)
    expect(ignoredCount).toBe(errors.length)
    expect(errors.length).toBeGreaterThanOrEqual(4)
    expect(errors.every((error) => !error.harmless && error.reason)).toBe(true)
    expect(errors.map((error) => error.message)).toEqual(
      expect.arrayContaining([
        'relation "accounts" already exists',
        'policy "accounts_read" for table "accounts" already exists',
        expect.stringMatching(
          /^COPY failed for table "accounts": duplicate key value violates unique constraint/
        )
      ])
    )
    const copy = errors.find((error) => error.message.startsWith('COPY failed'))
    expect(copy?.command).toBeUndefined()
    expect(copy?.detail).toMatch(/^DETAIL: +Key \(/)
    const create = errors.find((error) => error.message === 'relation "accounts" already exists')
    expect(create?.command).toMatch(/^CREATE TABLE public\.accounts \(\n[\s\S]*\n\);$/)
  })

  it('judges the errors pg_restore printed, not its total, which --jobs > 1 over-counts', async () => {
    const printed: string[][] = []
    for (const jobs of [1, 2, 4]) {
      const scratch = await database(`rx_jobs${jobs}`)
      expect((await restore(dump, scratch, SOP_FLAGS)).code).toBe(0)
      // Restoring again without --clean: every CREATE and the COPY fail, the same statements at any -j.
      const again = await restore(dump, scratch, [
        '--no-owner',
        '--no-privileges',
        `--jobs=${jobs}`
      ])
      expect(again.code).toBe(1)
      expect(again.classified.fatal).toBe(false)
      const messages = again.classified.errors.map((error) => error.message).sort()
      expect(messages.filter((message) => /ignored errors but/.test(message))).toEqual([])
      expect(again.classified.errors.every((error) => error.reason)).toBe(true)
      printed.push(messages)
    }
    expect(printed[1]).toEqual(printed[0])
    expect(printed[2]).toEqual(printed[0])
  })

  it('accepts only the documented errors of a non-owner restore (Supabase-like), twice, and the data is there', async () => {
    const scratch = await database('rx_nonowner')
    await withClient(scratch, (client) =>
      client.query(`CREATE EXTENSION citext; GRANT CREATE ON SCHEMA public TO ${restorer}`)
    )
    const asRestorer = withUser(scratch, restorer, restorerPassword)
    for (const attempt of [1, 2]) {
      const result = await restore(dump, asRestorer, SOP_FLAGS)
      expect({ attempt, code: result.code }).toEqual({ attempt, code: 1 })
      expect(summary(result.classified)).toEqual([
        ['must be owner of extension citext', 'DROP EXTENSION IF EXISTS citext;', true],
        [
          'must be owner of schema public',
          "COMMENT ON SCHEMA public IS 'restore-errors test';",
          true
        ],
        [
          'must be owner of extension citext',
          "COMMENT ON EXTENSION citext IS 'case-insensitive text';",
          true
        ]
      ])
      expect(result.classified.ignoredCount).toBe(3)
      expect(result.classified.fatal).toBe(false)
      expect(await rows(scratch, 'public.accounts')).toBe(3)
    }
  })

  it('accepts "schema public already exists" but not a missing role', async () => {
    const scratch = await database('rx_ghost_target')
    const result = await restore(publicDump, scratch, ['--no-owner', '--no-privileges'])
    expect(result.code).toBe(1)
    expect(summary(result.classified)).toEqual([
      ['schema "public" already exists', 'CREATE SCHEMA public;', true],
      [
        `role "${ghost}" does not exist`,
        `CREATE POLICY notes_read ON public.notes FOR SELECT TO ${ghost} USING (true);`,
        false
      ]
    ])
    expect(result.classified.errors[1]?.reason).toMatch(
      /policies or grants naming it were not restored/
    )
    expect(result.classified).toMatchObject({ ignoredCount: 2, fatal: false })
  })

  it('is fatal when --exit-on-error stops at the first error', async () => {
    const scratch = await database('rx_exit')
    expect((await restore(dump, scratch, SOP_FLAGS)).code).toBe(0)
    const result = await restore(dump, scratch, [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error'
    ])
    expect(result.code).toBe(1)
    expect(result.classified.fatal).toBe(true)
    expect(result.classified.ignoredCount).toBeUndefined()
    expect(result.classified.errors).toHaveLength(1)
    expect(result.classified.errors[0]?.harmless).toBe(false)
  })

  it('is fatal when the file is not an archive', async () => {
    const notADump = join(dir, 'not-a-dump.sql')
    await writeFile(notADump, '-- plain SQL, not a custom-format archive\nSELECT 1;\n')
    const result = await restore(notADump, await database('rx_notadump'), SOP_FLAGS)
    expect(result.code).toBe(1)
    expect(result.classified.fatal).toBe(true)
    expect(result.classified.errors).toEqual([
      expect.objectContaining({ harmless: false, message: expect.stringMatching(/input file/) })
    ])
  })

  it('is fatal when the scratch database cannot be reached, and the message has no password', async () => {
    const missing = databaseUrl(`rx_missing_${suffix}`)
    const result = await restore(dump, missing, SOP_FLAGS)
    expect(result.code).toBe(1)
    expect(result.classified.fatal).toBe(true)
    const [error] = result.classified.errors
    expect(error?.message).toMatch(
      /^connection to server .* failed: FATAL: +database "rx_missing_\w+" does not exist$/
    )
    const password = new URL(serverUrl()).password
    if (password) expect(JSON.stringify(result.classified)).not.toContain(password)
  })
})

// Recorded from pg_restore 15 (--clean --if-exists --no-owner --no-privileges, a --schema public dump,
// as a role that owns neither public nor the tables another schema depends on), kept verbatim so the
// classifier is held to real text whatever major the test server runs.
const RECORDED_PG15 = `pg_restore: error: could not execute query: ERROR:  cannot drop constraint t_pkey on table public.t because other objects depend on it
DETAIL:  constraint u_id_fkey on table app.u depends on index public.t_pkey
HINT:  Use DROP ... CASCADE to drop the dependent objects too.
Command was: ALTER TABLE IF EXISTS ONLY public.t DROP CONSTRAINT IF EXISTS t_pkey;
pg_restore: error: could not execute query: ERROR:  cannot drop table public.t because other objects depend on it
DETAIL:  constraint u_id_fkey on table app.u depends on table public.t
HINT:  Use DROP ... CASCADE to drop the dependent objects too.
Command was: DROP TABLE IF EXISTS public.t;
pg_restore: error: could not execute query: ERROR:  must be owner of schema public
Command was: DROP SCHEMA IF EXISTS public;
pg_restore: error: could not execute query: ERROR:  schema "public" already exists
Command was: CREATE SCHEMA public;


pg_restore: error: could not execute query: ERROR:  must be owner of schema public
Command was: COMMENT ON SCHEMA public IS 'changed comment';


pg_restore: error: could not execute query: ERROR:  relation "t" already exists
Command was: CREATE TABLE public.t (
    id integer NOT NULL,
    email public.citext,
    n integer,
    CONSTRAINT t_n_check CHECK ((n > 0))
);


pg_restore: error: COPY failed for table "t": ERROR:  duplicate key value violates unique constraint "t_pkey"
DETAIL:  Key (id)=(1) already exists.
CONTEXT:  COPY t, line 1
pg_restore: error: could not execute query: ERROR:  multiple primary keys for table "t" are not allowed
Command was: ALTER TABLE ONLY public.t
    ADD CONSTRAINT t_pkey PRIMARY KEY (id);


pg_restore: warning: errors ignored on restore: 8
`

describe('classifyRestoreOutput on recorded pg_restore 15 output', () => {
  it('separates the harmless schema-public errors from the real ones', () => {
    const result = classifyRestoreOutput(RECORDED_PG15, 1)
    expect(result).toMatchObject({ ignoredCount: 8, fatal: false })
    expect(summary(result)).toEqual([
      [
        'cannot drop constraint t_pkey on table public.t because other objects depend on it',
        'ALTER TABLE IF EXISTS ONLY public.t DROP CONSTRAINT IF EXISTS t_pkey;',
        false
      ],
      [
        'cannot drop table public.t because other objects depend on it',
        'DROP TABLE IF EXISTS public.t;',
        false
      ],
      ['must be owner of schema public', 'DROP SCHEMA IF EXISTS public;', true],
      ['schema "public" already exists', 'CREATE SCHEMA public;', true],
      ['must be owner of schema public', "COMMENT ON SCHEMA public IS 'changed comment';", true],
      ['relation "t" already exists', 'CREATE TABLE public.t (', false],
      [
        'COPY failed for table "t": duplicate key value violates unique constraint "t_pkey"',
        undefined,
        false
      ],
      ['multiple primary keys for table "t" are not allowed', 'ALTER TABLE ONLY public.t', false]
    ])
    expect(result.errors[0]?.detail).toBe(
      'DETAIL:  constraint u_id_fkey on table app.u depends on index public.t_pkey\nHINT:  Use DROP ... CASCADE to drop the dependent objects too.'
    )
  })
})

describe('classifyRestoreOutput on synthetic output', () => {
  const ignored = (n: number) => `pg_restore: warning: errors ignored on restore: ${n}\n`
  const failed = (message: string, command: string) =>
    `pg_restore: error: could not execute query: ERROR:  ${message}\nCommand was: ${command}\n\n\n`

  const cases: Array<
    [string, string, Array<[string, boolean]>, { fatal: boolean; ignoredCount?: number }]
  > = [
    ['empty output', '', [], { fatal: false }],
    [
      'verbose progress lines only',
      'pg_restore: connecting to database for restore\npg_restore: creating TABLE "public.t"\n',
      [],
      { fatal: false }
    ],
    [
      'schema public already exists',
      failed('schema "public" already exists', 'CREATE SCHEMA public;') + ignored(1),
      [['schema "public" already exists', true]],
      { fatal: false, ignoredCount: 1 }
    ],
    [
      'another schema already exists (a Supabase platform schema is not ours to reuse)',
      failed('schema "auth" already exists', 'CREATE SCHEMA auth;') + ignored(1),
      [['schema "auth" already exists', false]],
      { fatal: false, ignoredCount: 1 }
    ],
    [
      'must be owner of schema public on DROP SCHEMA',
      failed('must be owner of schema public', 'DROP SCHEMA IF EXISTS public;') + ignored(1),
      [['must be owner of schema public', true]],
      { fatal: false, ignoredCount: 1 }
    ],
    [
      'must be owner of schema public on anything else',
      failed('must be owner of schema public', 'ALTER SCHEMA public OWNER TO postgres;') +
        ignored(1),
      [['must be owner of schema public', false]],
      { fatal: false, ignoredCount: 1 }
    ],
    [
      'must be owner of a quoted extension on its comment',
      failed(
        'must be owner of extension uuid-ossp',
        `COMMENT ON EXTENSION "uuid-ossp" IS 'generate UUIDs';`
      ) + ignored(1),
      [['must be owner of extension uuid-ossp', true]],
      { fatal: false, ignoredCount: 1 }
    ],
    [
      'must be owner of extension, but the statement is about another extension',
      failed('must be owner of extension pgcrypto', 'DROP EXTENSION IF EXISTS citext;') +
        ignored(1),
      [['must be owner of extension pgcrypto', false]],
      { fatal: false, ignoredCount: 1 }
    ],
    [
      'must be owner of extension on ALTER EXTENSION',
      failed('must be owner of extension pg_graphql', 'ALTER EXTENSION pg_graphql UPDATE;') +
        ignored(1),
      [['must be owner of extension pg_graphql', false]],
      { fatal: false, ignoredCount: 1 }
    ],
    [
      'a harmless message smuggled next to a second statement',
      failed('schema "public" already exists', 'CREATE SCHEMA public;\nDROP TABLE accounts;') +
        ignored(1),
      [['schema "public" already exists', false]],
      { fatal: false, ignoredCount: 1 }
    ],
    [
      'a missing role',
      failed(
        'role "authenticated" does not exist',
        'CREATE POLICY p ON public.t TO authenticated USING (true);'
      ) + ignored(1),
      [['role "authenticated" does not exist', false]],
      { fatal: false, ignoredCount: 1 }
    ],
    [
      'a setting a pg_restore of a newer major sends to an older server',
      failed(
        'unrecognized configuration parameter "transaction_timeout"',
        'SET transaction_timeout = 0;'
      ) + ignored(1),
      [['unrecognized configuration parameter "transaction_timeout"', false]],
      { fatal: false, ignoredCount: 1 }
    ],
    [
      'TOC context lines and a command with blank lines in a function body',
      'pg_restore: while PROCESSING TOC:\npg_restore: from TOC entry 215; 1255 16390 FUNCTION f() postgres\n' +
        failed(
          'function "f" already exists with same argument types',
          'CREATE FUNCTION public.f() RETURNS integer\n    AS $$\nBEGIN\n\n  RETURN 1;\nEND $$;'
        ) +
        ignored(1),
      [['function "f" already exists with same argument types', false]],
      { fatal: false, ignoredCount: 1 }
    ],
    [
      'pg_restore 12-14 "fatal:" lines',
      'pg_restore: fatal: could not open input file "x.dump": No such file or directory\n',
      [['could not open input file "x.dump": No such file or directory', false]],
      { fatal: true }
    ],
    [
      'errors without the closing "errors ignored" line (stopped early)',
      failed('relation "t" already exists', 'CREATE TABLE public.t (id int);'),
      [['relation "t" already exists', false]],
      { fatal: true }
    ],
    [
      'more errors counted than printed (pg_restore --jobs > 1 over-counts): the printed ones are judged',
      failed('schema "public" already exists', 'CREATE SCHEMA public;') + ignored(2),
      [['schema "public" already exists', true]],
      { fatal: false, ignoredCount: 2 }
    ],
    [
      'the pre-12 "WARNING: errors ignored" spelling and CRLF line ends',
      failed('schema "public" already exists', 'CREATE SCHEMA public;').replace(/\n/g, '\r\n') +
        'WARNING: errors ignored on restore: 1\r\n',
      [['schema "public" already exists', true]],
      { fatal: false, ignoredCount: 1 }
    ]
  ]

  it.each(cases)('%s', (_name, stderr, expected, flags) => {
    const result = classifyRestoreOutput(stderr)
    expect(result.errors.map((error) => [error.message, error.harmless])).toEqual(expected)
    expect(result.fatal).toBe(flags.fatal)
    expect(result.ignoredCount).toBe(flags.ignoredCount)
    for (const error of result.errors) expect(error.reason).toBeTruthy()
  })

  it('keeps the failed statement whole and the DETAIL lines apart', () => {
    const stderr =
      'pg_restore: error: COPY failed for table "t": ERROR:  duplicate key value violates unique constraint "t_pkey"\n' +
      'DETAIL:  Key (id)=(1) already exists.\nCONTEXT:  COPY t, line 1\n' +
      failed(
        'type "public.citext" does not exist\nLINE 3:     email public.citext,\n                  ^',
        'CREATE TABLE public.t (\n    email public.citext\n);'
      ) +
      ignored(2)
    const [copy, create] = classifyRestoreOutput(stderr).errors
    expect(copy).toMatchObject({
      message: 'COPY failed for table "t": duplicate key value violates unique constraint "t_pkey"',
      detail: 'DETAIL:  Key (id)=(1) already exists.\nCONTEXT:  COPY t, line 1',
      harmless: false,
      reason: 'rows of this table were not restored'
    })
    expect(copy?.command).toBeUndefined()
    expect(create).toMatchObject({
      message: 'type "public.citext" does not exist',
      command: 'CREATE TABLE public.t (\n    email public.citext\n);',
      detail: 'LINE 3:     email public.citext,\n                  ^',
      harmless: false
    })
  })

  it.each([
    [1, 'pg_restore exited with code 1 without a recognizable error message'],
    [null, 'pg_restore was killed by a signal']
  ])('turns exit code %p with no readable error into a fatal error', (code, message) => {
    const result = classifyRestoreOutput('something unexpected\n', code)
    expect(result.fatal).toBe(true)
    expect(result.errors).toEqual([expect.objectContaining({ message, harmless: false })])
  })

  it('passes exit code 0 with empty output', () => {
    expect(classifyRestoreOutput('', 0)).toEqual({ errors: [], fatal: false })
  })
})

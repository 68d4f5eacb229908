import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { parseDrillOptions } from '../src/config/drill-options.js'
import { runDrill } from '../src/drill/run-drill.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { makeBackup, tempDir } from './support/backups.js'
import { createDatabase, serverUrl, withClient } from './support/database.js'

/**
 * Each kind of need that leaves the backup's scope is reported at backup time: a warning naming
 * the object, what it needs and the fix, and the same finding in the manifest's `dependencies`.
 */

async function backUp(sql: string, extra: Record<string, string> = {}) {
  const source = await createDatabase('prod')
  await withClient(source, (client) => client.query(sql))
  return { ...(await makeBackup(source, { schemas: 'public', ...extra })), sourceUrl: source }
}

/** A role of this run only: the drill case drops it, so the scratch lacks it. */
const ROLE = `h2_reader_${randomBytes(4).toString('hex')}`

type Case = [
  string,
  string,
  Record<string, string>,
  { requirement: string; object: string; fix: string }
]

const CASES: Case[] = [
  [
    'a column default calling a function of an extension in a schema not backed up',
    `CREATE SCHEMA extensions; CREATE EXTENSION pgcrypto WITH SCHEMA extensions;
       CREATE TABLE public.t (id uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid());`,
    {},
    {
      requirement: 'extension pgcrypto in schema extensions',
      object: 'default value for column id of table public.t',
      fix: 'CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions'
    }
  ],
  [
    'a column of a type from another schema',
    `CREATE SCHEMA kinds; CREATE TYPE kinds.color AS ENUM ('red', 'blue');
       CREATE TABLE public.t (id int PRIMARY KEY, c kinds.color);`,
    {},
    {
      requirement: 'schema kinds',
      object: 'column c of table public.t',
      fix: 'add kinds to schemas'
    }
  ],
  [
    'a policy calling a function from another schema',
    `CREATE SCHEMA auth; CREATE FUNCTION auth.uid() RETURNS int LANGUAGE sql AS 'SELECT 1';
       CREATE TABLE public.t (id int PRIMARY KEY, owner int);
       CREATE POLICY own ON public.t USING (owner = auth.uid());`,
    { schemas: 'public' },
    {
      requirement: 'schema auth',
      object: 'policy own on table public.t',
      fix: 'add auth to schemas'
    }
  ],
  [
    'a role named in a policy',
    `DO $$ BEGIN CREATE ROLE ${ROLE} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
       CREATE TABLE public.t (id int PRIMARY KEY);
       CREATE POLICY readers ON public.t FOR SELECT TO ${ROLE} USING (true);`,
    {},
    {
      requirement: `role ${ROLE}`,
      object: 'policy readers on table public.t',
      fix: `CREATE ROLE ${ROLE}`
    }
  ],
  [
    'a view on a table the scope leaves out',
    `CREATE TABLE public.kept (id int PRIMARY KEY); CREATE TABLE public.left_out (id int PRIMARY KEY);
       CREATE VIEW public.joined AS SELECT k.id FROM public.kept k JOIN public.left_out l USING (id);`,
    { 'exclude-tables': 'public.left_out' },
    {
      requirement: 'table public.left_out (left out by tables / exclude-tables)',
      object: 'view public.joined',
      fix: 'include public.left_out in the backup'
    }
  ],
  [
    'a foreign key to a table in another schema (the old preflight warning, now one case)',
    `CREATE SCHEMA auth; CREATE TABLE auth.users (id int PRIMARY KEY);
       CREATE TABLE public.profiles (id int PRIMARY KEY REFERENCES auth.users (id));`,
    {},
    {
      requirement: 'schema auth',
      object: 'constraint profiles_id_fkey on table public.profiles',
      fix: 'add auth to schemas'
    }
  ],
  [
    'a table with an access method outside every schema',
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_am WHERE amname = 'h2_heap') THEN
         CREATE ACCESS METHOD h2_heap TYPE TABLE HANDLER heap_tableam_handler; END IF; END $$;
       CREATE TABLE public.t (id int PRIMARY KEY) USING h2_heap;`,
    {},
    {
      requirement: 'access method h2_heap',
      object: 'table public.t',
      fix: 'prepare the target with access method h2_heap'
    }
  ]
]

describe('dependencies outside the scope, reported at backup time', () => {
  it.each(CASES)('%s', async (_what, sql, extra, want) => {
    const backup = await backUp(sql, extra)
    const findings = backup.manifest.dependencies ?? []
    expect(findings).toContainEqual(
      expect.objectContaining({ requirement: want.requirement, object: want.object })
    )
    const warning = backup.warnings.find((w) => w.startsWith(`Needs ${want.requirement},`))
    expect(warning).toContain(want.object)
    expect(warning).toContain(want.fix)
    expect(backup.manifest.warnings).toContain(warning)
    // The role is the server's: leave nothing in this source that would keep it from being dropped.
    if (want.requirement === `role ${ROLE}`)
      await withClient(backup.sourceUrl, (c) => c.query(`DROP OWNED BY ${ROLE}`))
  })

  it('reports nothing for a self-contained scope', async () => {
    const backup = await backUp(`
      CREATE TYPE public.mood AS ENUM ('ok');
      CREATE TABLE public.t (id serial PRIMARY KEY, m public.mood);
      CREATE VIEW public.v AS SELECT id FROM public.t;`)
    expect(backup.manifest.dependencies).toEqual([])
    expect(backup.warnings).toEqual([])
  })
})

/** Needs the drill prepares in a plain PostgreSQL target, and what its logged statement names. */
const PREPARED_BY_THE_DRILL: Record<string, string> = {
  'extension pgcrypto in schema extensions': 'pgcrypto',
  [`role ${ROLE}`]: ROLE
}

describe('a drill into a target that lacks a need', () => {
  it.each(CASES)('names it: %s', async (_what, sql, extra, want) => {
    const backup = await backUp(sql, extra)
    if (want.requirement === `role ${ROLE}`) {
      // Roles are cluster-wide: the scratch lacks the role only once it is gone from the server.
      await withClient(backup.sourceUrl, (c) => c.query(`DROP OWNED BY ${ROLE}`))
      await withClient(serverUrl(), (c) => c.query(`DROP ROLE ${ROLE}`))
    }
    const scratch = await createDatabase('scratch')
    const options = parseDrillOptions({
      'scratch-db-url': scratch,
      backup: backup.backupPath,
      'log-dir': tempDir()
    })
    const { log } = await runDrill(options, createMemoryLogger())
    const check = log.checks.find((c) => c.name === 'dependencies')
    const prepared = PREPARED_BY_THE_DRILL[want.requirement]
    if (prepared !== undefined) {
      // A plain PostgreSQL target gets what the manifest says the backup needs (issue 15),
      // each statement in the drill log: the need is met, not merely named.
      expect(log.preparations?.some((statement) => statement.includes(prepared))).toBe(true)
      expect(check?.status).toBe('pass')
      expect(log.restoreErrors.filter((e) => !e.harmless)).toEqual([])
      return
    }
    expect(check?.status).toBe('fail')
    expect(check?.detail).toContain(want.requirement)
    // Restore errors caused by the missing need are attributed to it instead of standing raw.
    const harmful = log.restoreErrors.filter((e) => !e.harmless)
    expect(harmful.length).toBeGreaterThan(0)
    expect(harmful.filter((e) => !(e.reason ?? '').startsWith('expected: needs'))).toEqual([])
  })
})

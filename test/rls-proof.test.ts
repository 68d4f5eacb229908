import { describe, expect, it } from '@jest/globals'
import { parseBackupOptions } from '../src/config/backup-options.js'
import { runBackup } from '../src/backup/run-backup.js'
import { APP_USERS } from '../src/fixture/supabase-platform.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { manifestSchema } from '../src/manifest/schema.js'
import { createDatabase, withClient } from './support/database.js'
import { filesIn, tempDir } from './support/backups.js'
import { runCliCaptured } from './support/cli.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { asPlatformPostgres, createPlatformDatabase } from './support/platform.js'

/** A real backup with the RLS proof set to `principals` users. */
async function backup(dbUrl: string, schemas: string, principals?: number) {
  const logger = createMemoryLogger()
  const options = parseBackupOptions({ 'db-url': dbUrl, 'out-dir': tempDir(), schemas })
  const result = await runBackup(
    principals === undefined ? options : { ...options, rlsPrincipals: principals },
    logger
  )
  return { ...result, lines: logger.lines }
}

/** What user `n` (1-based) of the app sees: every profile and bucket, own todos, all avatars + own documents. */
const userView = (n: number) => ({
  'public.profiles': 5,
  'public.todos': n,
  'storage.buckets': 2,
  'storage.objects': 5 + n - 1
})

describe('RLS proof at backup time', () => {
  it("records what anon and the first users see, as the platform's demoted postgres, in the dump's snapshot", async () => {
    const url = await createPlatformDatabase('app')
    const result = await backup(asPlatformPostgres(url), 'public,auth,storage')
    const rls = manifestSchema.parse(result.manifest).rls
    expect(rls).toEqual({
      version: 1,
      status: 'recorded',
      notes: [],
      tables: ['public.profiles', 'public.todos', 'storage.buckets', 'storage.objects'],
      principals: [
        {
          id: 'anon',
          role: 'anon',
          sub: null,
          rows: {
            'public.profiles': 5,
            'public.todos': 0,
            'storage.buckets': 2,
            'storage.objects': 5
          },
          errors: {}
        },
        ...[1, 2, 3].map((n) => ({
          id: APP_USERS[n - 1]!.id,
          role: 'authenticated',
          sub: APP_USERS[n - 1]!.id,
          rows: userView(n),
          errors: {}
        }))
      ]
    })
    // Ids and counts only: no email of the sample reaches the manifest.
    expect(JSON.stringify(result.manifest)).not.toMatch(/member\d@example\.com/)
    expect(result.lines.join('\n')).toMatch(
      /RLS proof: anon and 3 user\(s\) counted in 4 RLS-enabled table\(s\) in the dump's snapshot/
    )
  })

  it('records a count that fails (no grant) as that error, and the backup still succeeds', async () => {
    const url = await createPlatformDatabase('app')
    await withClient(url, (client) => client.query('REVOKE SELECT ON public.todos FROM anon'))
    const { manifest } = await backup(url, 'public,auth,storage', 1)
    expect(manifest.rls?.principals[0]).toMatchObject({
      id: 'anon',
      rows: { 'public.profiles': 5 },
      errors: { 'public.todos': '42501: permission denied for table todos' }
    })
    expect(manifest.rls?.principals[1]).toMatchObject({ id: APP_USERS[0]!.id, rows: userView(1) })
    // The counts after the failed one still ran in the same, intact transaction.
    expect(manifest.inventory.tables.find((t) => t.name === 'todos')?.rowCount).toBe(15)
  })

  it('is off at rls-principals 0 and says so', async () => {
    const url = await createPlatformDatabase('app')
    const result = await backup(url, 'public,auth,storage', 0)
    expect(result.manifest.rls).toEqual({
      version: 1,
      status: 'off',
      reason: 'rls-principals is 0: the RLS proof is off',
      notes: [],
      tables: [],
      principals: []
    })
    expect(result.lines.join('\n')).toMatch(/RLS proof off: rls-principals is 0/)
  })

  it('does not break a plain PostgreSQL backup: no auth.users means anon only, no RLS table means it does not apply', async () => {
    const url = await createDatabase('plain')
    await withClient(url, (client) =>
      client.query(`CREATE TABLE public.notes (id int PRIMARY KEY, body text);
                    INSERT INTO public.notes VALUES (1, 'a'), (2, 'b')`)
    )
    const plain = await backup(url, 'public')
    expect(plain.manifest.rls).toMatchObject({
      status: 'not-applicable',
      reason: 'no table in scope has row level security enabled'
    })
    expect(plain.lines.join('\n')).toMatch(
      /RLS proof does not apply: no table in scope has row level security/
    )

    await withClient(url, (client) =>
      client.query(`ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
                    GRANT SELECT ON public.notes TO anon;
                    CREATE POLICY first ON public.notes FOR SELECT TO anon USING (id = 1)`)
    )
    const anonOnly = await backup(url, 'public')
    expect(anonOnly.manifest.rls).toMatchObject({
      status: 'recorded',
      notes: ['auth.users does not exist: anon only'],
      principals: [{ id: 'anon', rows: { 'public.notes': 1 }, errors: {} }]
    })
  })

  it('records a principal the backup role cannot become, instead of failing', async () => {
    const url = await createPlatformDatabase('app')
    const role = `outsider_${Math.random().toString(16).slice(2, 10)}`
    await withClient(url, async (client) => {
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'outsider' BYPASSRLS`)
      await client.query(`GRANT USAGE ON SCHEMA auth, storage TO ${role}`)
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public, auth, storage TO ${role}`)
      await client.query(`GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`)
    })
    const asOutsider = new URL(url)
    asOutsider.username = role
    asOutsider.password = 'outsider'
    const { manifest } = await backup(asOutsider.toString(), 'public,auth,storage', 1)
    expect(manifest.rls?.status).toBe('recorded')
    expect(manifest.rls?.principals.map((p) => [p.id, p.error])).toEqual([
      ['anon', '42501: permission denied to set role "anon"'],
      [APP_USERS[0]!.id, '42501: permission denied to set role "authenticated"']
    ])
  })

  it('takes rls-principals from the CLI, 0-100', async () => {
    const url = await createPlatformDatabase('app')
    const outDir = tempDir()
    const run = await runCliCaptured([
      'backup',
      '--db-url',
      url,
      '--out-dir',
      outDir,
      '--schemas',
      'public,auth,storage',
      '--rls-principals',
      '1'
    ])
    expect(run.code).toBe(0)
    const manifestFile = filesIn(outDir).find((file) => file.endsWith('.manifest.json'))!
    const manifest = manifestSchema.parse(
      JSON.parse(readFileSync(join(outDir, manifestFile), 'utf8'))
    )
    expect(manifest.rls?.principals.map((p) => p.id)).toEqual(['anon', APP_USERS[0]!.id])
    expect(() => parseBackupOptions({ 'db-url': url, 'rls-principals': '101' })).toThrow(
      /rls-principals.*0 to 100/
    )
    expect(parseBackupOptions({ 'db-url': url }).rlsPrincipals).toBe(3)
  })
})

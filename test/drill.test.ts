import { describe, expect, it, beforeAll } from '@jest/globals'
import { readdirSync, readFileSync, writeFileSync, truncateSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { parseDrillOptions } from '../src/config/drill-options.js'
import { runDrill } from '../src/drill/run-drill.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { runCliCaptured } from './support/cli.js'
import { copyBackupSet, flipOneByte, makeBackup, tempDir } from './support/backups.js'
import {
  createDatabase,
  createFixtureDatabase,
  databaseUrl,
  withClient
} from './support/database.js'

let source: string
let backup: Awaited<ReturnType<typeof makeBackup>>

beforeAll(async () => {
  source = await createFixtureDatabase({ users: 25 })
  backup = await makeBackup(source, { 'content-hash': 'true' })
})

/** Runs the drill operation directly (for the seams) into a new scratch database. */
async function drill(
  extra: Record<string, string> = {},
  deps: Parameters<typeof runDrill>[2] = {}
) {
  const scratch = await createDatabase('scratch')
  const options = parseDrillOptions({
    'scratch-db-url': scratch,
    backup: backup.backupPath,
    'log-dir': tempDir(),
    jobs: '2',
    ...extra
  })
  const logger = createMemoryLogger()
  const result = await runDrill(options, logger, deps)
  return { ...result, scratch, logger }
}

const failedChecks = (log: { checks: Array<{ name: string; status: string }> }) =>
  log.checks.filter((c) => c.status === 'fail').map((c) => c.name)

describe('drill', () => {
  it('an unreachable scratch is a failed drill with its log: the backup is still verified, nothing restored', async () => {
    const closed = createServer()
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done))
    const { port } = closed.address() as { port: number }
    await new Promise<void>((done) => closed.close(() => done()))
    const logDir = tempDir()
    const run = await runCliCaptured([
      'drill',
      '--backup',
      backup.backupPath,
      '--scratch-db-url',
      `postgres://postgres:unused@127.0.0.1:${port}/scratch`,
      '--log-dir',
      logDir,
      '--json'
    ])
    expect(run.code).toBe(1)
    const log = JSON.parse(run.stdout) as {
      escalations: string[]
      checks: Array<{ name: string; status: string; detail: string }>
    }
    expect(log.escalations).toContain('restore-failed')
    const status = (name: string) => log.checks.find((c) => c.name === name)?.status
    expect(status('scratch target')).toBe('fail')
    expect(status('checksum')).toBe('pass')
    expect(status('restore')).toBe('skip')
    expect(readdirSync(logDir).filter((f) => f.endsWith('.json'))).toHaveLength(1)
  })

  it('passes on a fresh backup with every check listed, through the CLI', async () => {
    const scratch = await createDatabase('scratch')
    const logDir = tempDir()
    const run = await runCliCaptured([
      'drill',
      '--backup',
      backup.backupPath,
      '--scratch-db-url',
      scratch,
      '--log-dir',
      logDir,
      '--json'
    ])
    expect(run.code).toBe(0)
    const log = JSON.parse(run.stdout)
    expect(log.result).toBe('pass')
    expect(log.escalations).toEqual([])
    const names = log.checks.map((c: { name: string }) => c.name)
    for (const name of [
      'manifest',
      'checksum',
      'archive readable',
      'restore',
      'tables present',
      'row counts',
      'constraints',
      'indexes',
      'row-level security',
      'sequences',
      'triggers',
      'content hashes',
      'rpo',
      'rto'
    ]) {
      expect(names).toContain(name)
    }
    expect(log.checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([])
    expect(readFileSync(log.logPath, 'utf8')).toContain('"result": "pass"')
  })

  it('catches one flipped byte as checksum-mismatch and restores nothing', async () => {
    const dump = copyBackupSet(backup)
    flipOneByte(dump)
    const { log, scratch } = await drill({ backup: dump })
    expect(log.result).toBe('fail')
    expect(log.escalations).toContain('checksum-mismatch')
    expect(log.checks.find((c) => c.name === 'restore')?.status).toBe('skip')
    const tables = await withClient(scratch, (c) =>
      c.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)
    )
    expect(tables.rows[0].n).toBe(0)
  })

  it('catches a truncated dump', async () => {
    const dump = copyBackupSet(backup)
    truncateSync(dump, Math.floor(statSync(dump).size / 3))
    const { log } = await drill({ backup: dump })
    expect(log.escalations).toContain('checksum-mismatch')
    expect(log.escalations).toContain('backup-unreadable')
  })

  it.each([
    [
      'a deleted row',
      `DELETE FROM public.api_keys WHERE id = (SELECT id FROM public.api_keys LIMIT 1)`,
      'row counts',
      'public.api_keys'
    ],
    [
      'a dropped constraint',
      `ALTER TABLE public.accounts_sessions DROP CONSTRAINT accounts_sessions_expiry_after_creation`,
      'constraints',
      'accounts_sessions_expiry_after_creation'
    ],
    [
      'RLS disabled',
      `ALTER TABLE public.api_keys DISABLE ROW LEVEL SECURITY`,
      'row-level security',
      'public.api_keys'
    ],
    [
      'a dropped policy',
      `DROP POLICY api_keys_service ON public.api_keys`,
      'row-level security',
      'api_keys_service'
    ],
    [
      'a changed row',
      `UPDATE public.accounts_profiles SET bio = 'tampered' WHERE bio IS NOT NULL AND id = (SELECT id FROM public.accounts_profiles WHERE bio IS NOT NULL LIMIT 1)`,
      'content hashes',
      'public.accounts_profiles'
    ],
    [
      'a sequence set back',
      `SELECT setval('public."AuditLog_id_seq"', 1)`,
      'sequences',
      'AuditLog_id_seq'
    ]
  ])(
    'catches %s in the scratch database as validation-failed',
    async (_what, sql, check, object) => {
      const { log } = await drill(
        {},
        {
          afterRestore: (scratch) =>
            withClient(databaseUrl(scratch.database), (c) => c.query(sql)).then(() => undefined)
        }
      )
      expect(log.escalations).toEqual(['validation-failed'])
      // A deleted row also changes the table's content hash: the named check must be among the failures.
      expect(failedChecks(log)).toContain(check)
      expect(log.differences.map((d) => d.object).join(' ')).toContain(object)
    }
  )

  it('fails the smoke test as smoke-failed, with its masked output in the log', async () => {
    const { log } = await drill({
      'smoke-command':
        'echo "checking $SCRATCH_DB_URL"; psql "$DATABASE_URL" -Atc "select count(*) from public.api_keys"; exit 3'
    })
    expect(log.escalations).toEqual(['smoke-failed'])
    expect(log.smoke?.exitCode).toBe(3)
    expect(log.smoke?.output).toMatch(/^25$/m)
    expect(log.smoke?.output).toContain('***')
  })

  it('raises rpo-exceeded for a backup older than rpo-hours (clock injected)', async () => {
    const later = new Date(Date.parse(backup.manifest.createdAt) + 30 * 3_600_000)
    const { log } = await drill({ 'rpo-hours': '24' }, { now: () => later })
    expect(log.escalations).toEqual(['rpo-exceeded'])
    expect(log.rpo.hours).toBeCloseTo(30, 1)
  })

  it('raises rto-exceeded with an RTO budget of 0', async () => {
    const { log } = await drill({ 'rto-minutes': '0' })
    expect(log.escalations).toEqual(['rto-exceeded'])
  })

  it('runs validation-sql and reports a false statement', async () => {
    const file = join(tempDir(), 'checks.sql')
    writeFileSync(
      file,
      `SELECT count(*) = 25 AS keys_restored FROM public.api_keys;\nSELECT count(*) = 0 AS no_deletion_requests FROM public.accounts_deletion_requests;\nSELECT false AS deliberately_false;\n`
    )
    const { log } = await drill({ 'validation-sql': file })
    expect(log.escalations).toEqual(['validation-failed'])
    expect(failedChecks(log)).toEqual(['validation-sql checks.sql #3 (deliberately_false)'])
  })

  it('never shows a password from either URL or the smoke env in output, log or summary', async () => {
    const scratch = await createDatabase('scratch')
    const logDir = tempDir()
    const passwords = [new URL(source).password, new URL(scratch).password]
    const run = await runCliCaptured([
      'drill',
      '--backup',
      backup.backupPath,
      '--scratch-db-url',
      scratch,
      '--db-url',
      source,
      '--log-dir',
      logDir,
      '--smoke-command',
      'env; echo "$SCRATCH_DB_URL"; exit 1'
    ])
    expect(run.code).toBe(1)
    const logs = readdirSync(logDir).map((file) => readFileSync(join(logDir, file), 'utf8'))
    expect(logs).toHaveLength(2)
    expect(logs.join('')).toContain('smoke-failed')
    const everything = [run.stdout, run.stderr, ...logs].join('\n')
    for (const password of passwords) expect(everything).not.toContain(password)
  })
})

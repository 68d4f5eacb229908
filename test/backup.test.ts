import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manifestSchema } from '../src/manifest/schema.js'
import { runCliCaptured } from './support/cli.js'
import { installedClients } from './support/embedded.js'
import { countRows, createDatabase, createFixtureDatabase, withClient } from './support/database.js'

/** pg_restore of the newest installed client: it restores what the test server's pg_dump wrote. */
const PG_BIN = installedClients()[0]?.binDir ?? '/usr/bin'
const tempDir = () => mkdtempSync(join(tmpdir(), 'backup-drill-test-'))

describe('backup round trip', () => {
  it('writes dump, checksum and manifest that restore to the same counts', async () => {
    const source = await createFixtureDatabase({ users: 30 })
    const outDir = tempDir()
    const run = await runCliCaptured([
      'backup',
      '--db-url',
      source,
      '--out-dir',
      outDir,
      '--schemas',
      'public,auth',
      '--prefix',
      'opta-supabase',
      '--json'
    ])
    expect(run.stderr).not.toMatch(/error/i)
    expect(run.code).toBe(0)
    const files = readdirSync(outDir).sort()
    expect(files).toHaveLength(3)
    expect(files[0]).toMatch(/^opta-supabase-\d{8}-\d{6}\.dump$/)
    expect(files[1]).toMatch(/\.manifest\.json$/)
    expect(files[2]).toMatch(/\.sha256$/)

    // The SOP's own check: shasum -a 256 -c in the folder.
    const check = execFileSync('shasum', ['-a', '256', '-c', files[2]!], {
      cwd: outDir,
      encoding: 'utf8'
    })
    expect(check).toMatch(/: OK$/m)

    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(outDir, files[1]!), 'utf8')))
    const sourceCounts = await countRows(source)
    const manifestCounts = Object.fromEntries(
      manifest.inventory.tables.map((t) => [`${t.schema}.${t.name}`, t.rowCount])
    )
    expect(manifestCounts).toEqual(sourceCounts)
    expect(manifest.dump.sha256).toBe(readFileSync(join(outDir, files[2]!), 'utf8').slice(0, 64))
    expect(manifest.inventory.policies.length).toBeGreaterThanOrEqual(7)
    expect(manifest.inventory.constraints.some((c) => c.type === 'f')).toBe(true)
    expect(JSON.stringify(manifest)).not.toContain(new URL(source).password)

    const target = await createDatabase('restored')
    execFileSync(join(PG_BIN, 'pg_restore'), [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--dbname',
      target,
      join(outDir, files[0]!)
    ])
    expect(await countRows(target)).toEqual(sourceCounts)
  })

  it('keeps manifest and dump in one snapshot while rows change underneath', async () => {
    const source = await createFixtureDatabase({ users: 400 })
    const outDir = tempDir()
    let stop = false
    const churn = withClient(source, async (client) => {
      let rounds = 0
      while (!stop) {
        await client.query(
          `INSERT INTO public."AuditLog" (action) SELECT 'churn' FROM generate_series(1, 50)`
        )
        await client.query(
          `DELETE FROM public."AuditLog" WHERE id IN (SELECT id FROM public."AuditLog" ORDER BY random() LIMIT 20)`
        )
        rounds++
      }
      return rounds
    })
    const run = await runCliCaptured([
      'backup',
      '--db-url',
      source,
      '--out-dir',
      outDir,
      '--schemas',
      'public,auth',
      '--json'
    ])
    stop = true
    expect(await churn).toBeGreaterThan(0)
    expect(run.code).toBe(0)
    const manifestFile = readdirSync(outDir).find((f) => f.endsWith('.manifest.json'))!
    const manifest = manifestSchema.parse(
      JSON.parse(readFileSync(join(outDir, manifestFile), 'utf8'))
    )
    const target = await createDatabase('restored')
    execFileSync(join(PG_BIN, 'pg_restore'), [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--dbname',
      target,
      join(outDir, manifest.dump.file)
    ])
    const restored = await countRows(target)
    for (const table of manifest.inventory.tables)
      expect(restored[`${table.schema}.${table.name}`]).toBe(table.rowCount)
  })
})

describe('backup scope', () => {
  it("refuses the drill's marker schema in schemas, exit 2, before connecting or writing", async () => {
    const outDir = tempDir()
    const run = await runCliCaptured([
      'backup',
      // Nothing listens here: a connection attempt would fail differently (exit 1).
      '--db-url',
      'postgresql://postgres:never-used@127.0.0.1:1/app',
      '--out-dir',
      outDir,
      '--schemas',
      'public,backup_drill'
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      'schemas: backup_drill is the schema a drill marks its scratch database with, never data: remove it from the list'
    )
    expect(readdirSync(outDir)).toEqual([])
  })
})

import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { onSecretRegistered } from '../src/secrets.js'
import { runCliCaptured } from './support/cli.js'

// Every secret registered from now on, the demo cluster's generated password among them.
const registered: string[] = []
onSecretRegistered((secret) => registered.push(secret))

/** The demo cluster's password: 24 hex characters (startCluster), registered the moment it exists. */
const clusterPasswords = (before: number) =>
  registered.slice(before).filter((s) => /^[0-9a-f]{24}$/.test(s))

describe('demo', () => {
  it('passes a good drill, catches the flipped byte, shows no password and cleans up', async () => {
    const before = registered.length
    const run = await runCliCaptured(['demo', '--users', '30'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('## 4. Restore drill of the backup (expected: PASS)')
    expect(run.stdout).toMatch(/Restore drill `drill-[0-9-]+`: PASS ✅/)
    expect(run.stdout).toMatch(
      /Restore drill `drill-[0-9-]+`: FAIL ❌ — escalate: checksum-mismatch/
    )
    expect(run.stdout).toContain('- Good backup:    PASS')
    expect(run.stdout).toContain('- Corrupted copy: CAUGHT — checksum-mismatch')
    expect(run.stdout).toContain('Demo passed.')

    const passwords = clusterPasswords(before)
    expect(passwords.length).toBeGreaterThan(0)
    const everything = run.stdout + run.stderr
    for (const password of passwords) expect(everything).not.toContain(password)
    // Nothing password-shaped either (a sha256 is 64 hex characters, so it does not match).
    expect(everything).not.toMatch(/(?<![0-9a-f])[0-9a-f]{24}(?![0-9a-f])/)
    expect(everything).not.toMatch(/postgres(ql)?:\/\/[^:\s]+:(?!\*\*\*@)[^@\s]+@/)

    const cleanup = /Cleanup: server stopped and (\S+) removed; (\S+) removed\./.exec(run.stdout)
    expect(cleanup).not.toBeNull()
    const [, clusterDir, workDir] = cleanup!
    expect(clusterDir).toMatch(/backup-drill-pg-/)
    expect(workDir).toMatch(/backup-drill-demo-/)
    expect(existsSync(clusterDir!)).toBe(false)
    expect(existsSync(workDir!)).toBe(false)
  })

  it('keeps the backups and drill logs with --keep and reports both verdicts as JSON', async () => {
    const before = registered.length
    const run = await runCliCaptured(['demo', '--users', '20', '--keep', '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    try {
      expect(result.passed).toBe(true)
      expect(result.good.log.result).toBe('pass')
      // The flipped bit may also land in the archive's table of contents (backup-unreadable too).
      expect(result.corrupt.log.escalations).toContain('checksum-mismatch')
      expect(result.corrupt.scratchTablesAfter).toBe(0)
      expect(result.kept).toBe(true)
      expect(result.cleanup).toEqual({ clusterStopped: true, workDirRemoved: false })
      expect(existsSync(result.clusterDir)).toBe(false)
      expect(readdirSync(result.workDir).sort()).toEqual([
        'backups',
        'corrupted-copy',
        'drill-logs'
      ])
      for (const which of ['good', 'corrupted-copy']) {
        expect(readdirSync(`${result.workDir}/drill-logs/${which}`)).toHaveLength(2)
      }
      expect(readFileSync(result.good.logPath, 'utf8')).toContain('"result": "pass"')
      expect(readFileSync(result.corrupt.logPath, 'utf8')).toContain('checksum-mismatch')
      for (const password of clusterPasswords(before))
        expect(run.stdout + run.stderr).not.toContain(password)
    } finally {
      rmSync(result.workDir, { recursive: true, force: true })
    }
  })

  it('refuses a bad --users as bad input without starting anything', async () => {
    const run = await runCliCaptured(['demo', '--users', 'many'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('users: must be a whole number')
  })
})

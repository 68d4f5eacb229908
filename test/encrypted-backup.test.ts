import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCliCaptured } from './support/cli.js'
import { copyBackupSet, flipOneByte, makeBackup, tempDir } from './support/backups.js'
import { generateX25519Identity, identityToRecipient } from 'age-encryption'
import { countRows, createDatabase, createFixtureDatabase, withClient } from './support/database.js'

function ageKeygen(): { identity: string; recipient: string } {
  let output: string
  try {
    output = execFileSync('age-keygen', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch {
    throw new Error(
      'the age CLI is missing: install it with "apt-get install -y age" (Debian package age)'
    )
  }
  const identity = /^AGE-SECRET-KEY-1[0-9A-Z]+$/m.exec(output)![0]
  const recipient = /public key: (age1[0-9a-z]+)/.exec(output)![1]!
  return { identity, recipient }
}

let source: string
let keys: { identity: string; recipient: string }
let backup: Awaited<ReturnType<typeof makeBackup>>

beforeAll(async () => {
  keys = ageKeygen()
  source = await createFixtureDatabase({ users: 20 })
  backup = await makeBackup(source, {
    'encrypt-recipients': keys.recipient,
    'content-hash': 'true'
  })
})

describe('encrypted backups (age)', () => {
  it('stores only ciphertext, hashes the stored bytes and records the plaintext hash', () => {
    expect(backup.backupPath).toMatch(/\.dump\.age$/)
    const files = readdirSync(backup.outDir)
    expect(files.some((f) => f.endsWith('.dump'))).toBe(false)
    expect(
      execFileSync('shasum', ['-a', '256', '-c', files.find((f) => f.endsWith('.sha256'))!], {
        cwd: backup.outDir,
        encoding: 'utf8'
      })
    ).toMatch(/: OK$/m)
    expect(backup.manifest.encryption?.recipients).toEqual([keys.recipient])
    expect(backup.manifest.encryption?.plaintextSha256).not.toBe(backup.sha256)
    // The age CLI decrypts it to the archive whose hash the manifest recorded.
    const identityFile = join(tempDir(), 'key.txt')
    writeFileSync(identityFile, keys.identity + '\n', { mode: 0o600 })
    const plain = execFileSync('age', ['-d', '-i', identityFile, backup.backupPath])
    const sha = execFileSync('sha256sum', { input: plain, encoding: 'utf8' }).slice(0, 64)
    expect(sha).toBe(backup.manifest.encryption?.plaintextSha256)
  })

  it('drills an encrypted backup round trip with the identity, removing the plaintext copy', async () => {
    const scratch = await createDatabase('scratch')
    const run = await runCliCaptured([
      'drill',
      '--backup',
      backup.backupPath,
      '--scratch-db-url',
      scratch,
      '--log-dir',
      tempDir(),
      '--decrypt-identity',
      keys.identity,
      '--json'
    ])
    expect(run.stderr).not.toContain(keys.identity)
    expect(run.stdout).not.toContain(keys.identity)
    expect(run.code).toBe(0)
    const log = JSON.parse(run.stdout)
    expect(log.checks.find((c: { name: string }) => c.name === 'decrypt').status).toBe('pass')
    expect(await countRows(scratch)).toEqual(await countRows(source))
    expect(
      readdirSync('/tmp')
        .filter((d) => d.startsWith('backup-drill-decrypted-'))
        .filter((d) => existsSync(join('/tmp', d, `${backup.name}.dump`)))
    ).toEqual([])
  })

  it('fails clearly with a wrong key and restores nothing', async () => {
    const scratch = await createDatabase('scratch')
    const wrong = ageKeygen()
    const run = await runCliCaptured([
      'drill',
      '--backup',
      backup.backupPath,
      '--scratch-db-url',
      scratch,
      '--log-dir',
      tempDir(),
      '--decrypt-identity',
      wrong.identity,
      '--json'
    ])
    expect(run.code).toBe(1)
    const log = JSON.parse(run.stdout)
    expect(log.escalations).toContain('backup-unreadable')
    expect(log.checks.find((c: { name: string }) => c.name === 'decrypt').detail).toMatch(
      /recipient|key/i
    )
    expect(log.checks.find((c: { name: string }) => c.name === 'restore').status).toBe('skip')
    expect(run.stdout + run.stderr).not.toContain(wrong.identity)
    expect(await countRows(scratch)).toEqual({})
  })

  it('asks for decrypt-identity (exit 2) when none is given', async () => {
    const run = await runCliCaptured(['verify', '--backup', backup.backupPath])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/decrypt-identity/)
  })

  it('catches a flipped byte in the ciphertext before decrypting', async () => {
    const dump = copyBackupSet(backup)
    flipOneByte(dump)
    const run = await runCliCaptured([
      'verify',
      '--backup',
      dump,
      '--decrypt-identity',
      keys.identity,
      '--json'
    ])
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout).escalations).toContain('checksum-mismatch')
  })
})

describe('a small database encrypted for many recipients', () => {
  it('dumps every byte: pg_dump finishing before the age header is ready lost its output before', async () => {
    // Node discards the stdout of a child that exits before anything reads it. The age header
    // for 400 recipients takes longer than pg_dump of one row did, so the archive came out empty
    // (pg_restore --list: "input file is too short (read 0, expected 5)").
    const tiny = await createDatabase('tiny')
    await withClient(tiny, (c) =>
      c.query('CREATE TABLE public.t (id int PRIMARY KEY); INSERT INTO public.t VALUES (1), (2)')
    )
    const recipients = [keys.recipient]
    while (recipients.length < 400)
      recipients.push(await identityToRecipient(await generateX25519Identity()))
    const sealed = await makeBackup(tiny, {
      'encrypt-recipients': recipients.join(','),
      schemas: 'public'
    })
    const scratch = await createDatabase('tiny_scratch')
    const drill = await runCliCaptured([
      'drill',
      '--backup',
      sealed.backupPath,
      '--decrypt-identity',
      keys.identity,
      '--scratch-db-url',
      scratch,
      '--log-dir',
      tempDir()
    ])
    expect({ code: drill.code, stderr: drill.code ? drill.stderr : '' }).toEqual({
      code: 0,
      stderr: ''
    })
    expect(await countRows(scratch)).toEqual({ 'public.t': 2 })
  })
})

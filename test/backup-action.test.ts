import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, join, resolve } from 'node:path'
import { parseBackupActionInputs } from '../src/config/backup-action-inputs.js'
import { parseNoticeInputs } from '../src/config/notice-inputs.js'
import { InputError } from '../src/errors.js'
import { createMemoryLogger } from '../src/log/logger.js'
import { runCliCaptured } from './support/cli.js'
import { countRows, createFixtureDatabase } from './support/database.js'
import { leaks, runActionStep, type ActionStep } from './support/action-runner.js'
import { applyEnv, artifactClientEnv, type EmulatedRun } from './support/artifact-emulator.js'
import { sha256 } from './support/digests.js'
import { useArtifactEmulator } from './support/emulator-fixture.js'

// The root action as a runner runs it: `node dist/backup.js` in a child process,
// inputs as INPUT_* variables (defaults from action.yml, as the runner fills
// them in), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, RUNNER_TEMP, and the
// real @actions/artifact client talking to the local results-service emulator.

const REPO = resolve('.')
const ENTRY = join(REPO, 'dist', 'backup.js')

const { emu, work } = useArtifactEmulator('backup-drill-action-')
let run: EmulatedRun
let source: string

/** Runs dist/backup.js once as a step of `run` with the given inputs (on top of action.yml's defaults). */
function runBackupAction(
  inputs: Record<string, string>,
  extraEnv: Record<string, string | undefined> = {}
): Promise<ActionStep> {
  return runActionStep('dist/backup.js', {
    inputs: { 'github-token': emu().apiToken, ...inputs },
    env: { ...artifactClientEnv(emu(), run), ...extraEnv },
    workDir: work
  })
}

/** sha256 of every file in a folder, by name. */
function hashesIn(folder: string): Map<string, string> {
  return new Map(
    readdirSync(folder)
      .sort()
      .map((name) => [name, sha256(readFileSync(join(folder, name)))])
  )
}

beforeAll(async () => {
  // The test runs the committed entry point, as GitHub does. Rebuilding it here would
  // race with other test files running dist/ in parallel: .ci/run bundles and checks
  // dist/ is fresh before the tests; locally, run `npm run bundle` after changing src/.
  if (!existsSync(ENTRY))
    throw new Error('dist/backup.js is missing: run npm run bundle before this test')
  run = emu().registerRun({ workflowFile: 'backup.yml' })
  source = await createFixtureDatabase({ users: 12 })
}, 300_000)

describe('root action from dist/', () => {
  it('backs up, uploads one artifact, sets every output and writes the summary', async () => {
    const password = new URL(source).password
    const result = await runBackupAction({
      'db-url': source,
      schemas: 'public,auth',
      prefix: 'opta-supabase',
      'retention-days': '9',
      'content-hash': 'true'
    })
    expect(result.stderr).toBe('')
    expect(result.exitCode).toBe(0)

    // out-dir left empty: the entry puts the set in $RUNNER_TEMP/backups.
    const outDir = join(result.runnerTemp, 'backups')
    const files = readdirSync(outDir).sort()
    expect(files).toHaveLength(3)
    const name = files[0]!.replace(/\.dump$/, '')
    expect(name).toMatch(/^opta-supabase-\d{8}-\d{6}$/)
    expect(files).toEqual([`${name}.dump`, `${name}.manifest.json`, `${name}.sha256`])

    const dumpPath = join(outDir, `${name}.dump`)
    const { outputs } = result
    expect(outputs['backup-path']).toBe(dumpPath)
    expect(outputs['manifest-path']).toBe(join(outDir, `${name}.manifest.json`))
    expect(outputs.sha256).toBe(sha256(readFileSync(dumpPath)))
    expect(outputs['size-bytes']).toBe(String(statSync(dumpPath).size))
    expect(Number(outputs['duration-seconds'])).toBeGreaterThan(0)

    // One artifact, named after the set, kept as long as asked, finalized.
    const stored = emu().artifacts()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ name, runId: run.runId, retentionDays: 9, finalized: true })
    expect(outputs['artifact-id']).toBe(String(stored[0]!.id))

    // What was stored is what was written: download it with the real client and compare.
    const restoreEnv = applyEnv(artifactClientEnv(emu(), run, { workspace: work }))
    try {
      const store = await import('../src/storage/artifact-store.js')
      const destination = join(work, 'downloaded')
      const downloaded = await store.downloadBackupArtifact({
        name,
        destination,
        logger: createMemoryLogger()
      })
      expect(downloaded.digestMismatch).toBe(false)
      expect(hashesIn(destination)).toEqual(hashesIn(outDir))
      expect(readFileSync(join(destination, `${name}.sha256`), 'utf8')).toBe(
        `${outputs.sha256}  ${name}.dump\n` +
          `${sha256(readFileSync(join(outDir, `${name}.manifest.json`)))}  ${name}.manifest.json\n`
      )
    } finally {
      restoreEnv()
    }

    expect(result.summary).toContain(`## Backup \`${name}\` ✅`)
    expect(result.summary).toContain('| Table | Rows | RLS | Content hash |')
    const counts = await countRows(source)
    expect(result.summary).toContain(
      `| \`public.accounts_profiles\` | ${counts['public.accounts_profiles']} | on |`
    )
    expect(result.summary).toContain(`| Artifact | \`${name}\` (id ${stored[0]!.id}) |`)
    expect(result.stdout).toContain(`::add-mask::${password}`)
    expect(leaks(result, [password])).toEqual([])
    expect(leaks(result, [emu().apiToken])).toEqual([])
    expect(result.summary).not.toContain(password)
    expect(JSON.stringify(outputs)).not.toContain(password)
    expect(basename(outputs['backup-path']!)).toBe(`${name}.dump`)
  })

  it('fails a wrong password with exit 1 and the backup-failed escalation, uploading nothing', async () => {
    const wrong = new URL(source)
    wrong.password = 'not-the-password-5d1e'
    const before = emu().artifacts().length
    const result = await runBackupAction({ 'db-url': wrong.toString() })
    expect(result.exitCode).toBe(1)
    // The runner reads `::error title=ESCALATE: backup-failed::`; @actions/core
    // escapes the colon in a property value on the wire, as %3A.
    expect(result.stdout).toContain(
      '::error title=ESCALATE%3A backup-failed::db-url: password authentication failed'
    )
    expect(leaks(result, ['not-the-password-5d1e'])).toEqual([])
    expect(result.stdout).toContain('::add-mask::not-the-password-5d1e')
    expect(result.summary).toContain('## Backup failed ❌')
    expect(result.summary).toContain('| Result | ESCALATE: `backup-failed` |')
    expect(result.summary).not.toContain('not-the-password-5d1e')
    expect(result.outputs['backup-path']).toBeUndefined()
    expect(emu().artifacts()).toHaveLength(before)
    expect(readdirSync(result.runnerTemp).length).toBe(0)
  })

  it('fails loudly when the upload is refused, keeping the complete set on disk', async () => {
    const before = emu().artifacts().length
    // A runtime token the results service does not know: the upload is refused (401).
    const result = await runBackupAction(
      { 'db-url': source, prefix: 'refused' },
      { ACTIONS_RUNTIME_TOKEN: `${run.runtimeToken}forged` }
    )
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /^::error title=ESCALATE%3A backup-failed::the backup set refused-\d{8}-\d{6} is complete in /m
    )
    expect(result.stdout).toContain('but was not stored as artifact "refused-')
    expect(emu().artifacts()).toHaveLength(before)

    // The set is complete and valid: the files stay, and the outputs point at them.
    const outDir = join(result.runnerTemp, 'backups')
    const files = readdirSync(outDir).sort()
    expect(files).toHaveLength(3)
    const check = execFileSync('shasum', ['-a', '256', '-c', files[2]!], {
      cwd: outDir,
      encoding: 'utf8'
    })
    expect(check).toMatch(/: OK$/m)
    expect(result.outputs['backup-path']).toBe(join(outDir, files[0]!))
    expect(result.outputs['artifact-id']).toBeUndefined()
    expect(result.summary).toContain('## Backup failed ❌')
    expect(result.summary).toContain('was not stored; it is not a backup of record')
  })

  it('warns when a public repository uploads an unencrypted backup, and not when it is encrypted', async () => {
    const eventPath = join(work, 'public-event.json')
    writeFileSync(
      eventPath,
      JSON.stringify({ repository: { visibility: 'public', private: false } })
    )
    const plain = await runBackupAction(
      { 'db-url': source, prefix: 'public-plain' },
      { GITHUB_EVENT_PATH: eventPath }
    )
    expect(plain.exitCode).toBe(0)
    expect(plain.stdout).toContain('::warning title=Unencrypted backup in a public repository::')

    const recipient = execFileSync('age-keygen', { encoding: 'utf8' }).match(
      /public key: (age1[0-9a-z]+)/
    )![1]!
    const sealed = await runBackupAction(
      { 'db-url': source, prefix: 'public-sealed', 'encrypt-recipients': recipient },
      { GITHUB_EVENT_PATH: eventPath }
    )
    expect(sealed.exitCode).toBe(0)
    expect(sealed.stdout).not.toContain('Unencrypted backup in a public repository')
    expect(sealed.outputs['backup-path']).toMatch(/\.dump\.age$/)
  })

  it('CLI --upload artifact inside a job stores the set through the same step', async () => {
    const restoreEnv = applyEnv(artifactClientEnv(emu(), run, { workspace: work }))
    try {
      const outDir = join(work, 'cli-out')
      const result = await runCliCaptured([
        'backup',
        '--db-url',
        source,
        '--out-dir',
        outDir,
        '--upload',
        'artifact',
        '--artifact-name',
        'cli-backup',
        '--retention-days',
        '3',
        '--json'
      ])
      expect(result.code).toBe(0)
      const printed = JSON.parse(result.stdout) as { artifactId: number; artifactName: string }
      const stored = emu()
        .artifacts()
        .filter((artifact) => artifact.name === 'cli-backup')
      expect(stored).toHaveLength(1)
      expect(stored[0]).toMatchObject({ id: printed.artifactId, retentionDays: 3, finalized: true })
      expect(printed.artifactName).toBe('cli-backup')
      expect(readdirSync(outDir)).toHaveLength(3)
    } finally {
      restoreEnv()
    }
  })

  it('notifies the webhook of a failed backup with the condition, never the password', async () => {
    const received: string[] = []
    const hook = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString()))
      request.on('end', () => {
        received.push(body)
        response.end('ok')
      })
    })
    await new Promise<void>((done) => hook.listen(0, '127.0.0.1', done))
    try {
      const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/T0-secret-path`
      const wrong = new URL(source)
      wrong.password = 'not-the-password-a9b8'
      const result = await runBackupAction({ 'db-url': wrong.toString(), 'webhook-url': hookUrl })
      expect(result.exitCode).toBe(1)
      expect(received).toHaveLength(1)
      const notice = JSON.parse(received[0]!) as {
        conditions: string[]
        message: string
        runUrl: string
      }
      expect(notice.conditions).toEqual(['backup-failed'])
      expect(notice.message).toContain('password authentication failed')
      expect(notice.runUrl).toBe(
        `http://github.localhost/${emu().repository}/actions/runs/${run.runId}`
      )
      expect(received[0]).not.toContain('not-the-password-a9b8')
      expect(result.stdout).toContain('Escalation notice posted to the webhook')
      expect(leaks(result, [hookUrl])).toEqual([])
      expect(leaks(result, ['not-the-password-a9b8'])).toEqual([])
    } finally {
      await new Promise<void>((done) => hook.close(() => done()))
    }
  })

  it('masks the db-url password at once, even when another input is bad', async () => {
    const url = new URL(source)
    url.password = 'first-thing-masked-77'
    const result = await runBackupAction({ 'db-url': url.toString(), 'webhook-url': 'not a url' })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('::error title=Bad input%3A webhook-url::webhook-url: must be')
    const lines = result.stdout.split('\n')
    const mask = lines.indexOf('::add-mask::first-thing-masked-77')
    expect(mask).toBeGreaterThanOrEqual(0)
    expect(mask).toBeLessThan(lines.findIndex((line) => line.startsWith('::error')))
    expect(leaks(result, ['first-thing-masked-77'])).toEqual([])
  })
})

describe('root action inputs', () => {
  const url = 'postgres://postgres:input-test-pw@127.0.0.1:5432/postgres'
  const inputError = (work: () => unknown): InputError => {
    try {
      work()
    } catch (error) {
      expect(error).toBeInstanceOf(InputError)
      return error as InputError
    }
    throw new Error('expected an InputError')
  }

  it('resolves out-dir to $RUNNER_TEMP/backups when blank, and keeps a given one', () => {
    expect(parseBackupActionInputs({ 'db-url': url }, { RUNNER_TEMP: '/runner/tmp' }).outDir).toBe(
      '/runner/tmp/backups'
    )
    expect(
      parseBackupActionInputs({ 'db-url': url, 'out-dir': 'mine' }, { RUNNER_TEMP: '/r' }).outDir
    ).toBe('mine')
  })

  it.each([
    ['auto', undefined, undefined],
    ['', undefined, undefined],
    ['17', undefined, '/usr/lib/postgresql/17/bin'],
    ['auto', '/opt/pg/bin', '/opt/pg/bin']
  ])('postgres-version %p with pg-bin-dir %p -> pg-bin-dir %p', (version, binDir, expected) => {
    const options = parseBackupActionInputs({
      'db-url': url,
      'postgres-version': version,
      'pg-bin-dir': binDir
    })
    expect(options.pgBinDir).toBe(expected)
  })

  it.each([['9'], ['17.2'], ['latest'], ['17; rm -rf /']])(
    'refuses postgres-version %p naming the input',
    (version) => {
      const error = inputError(() =>
        parseBackupActionInputs({ 'db-url': url, 'postgres-version': version })
      )
      expect(error.input).toBe('postgres-version')
    }
  )

  it('refuses a pinned postgres-version together with pg-bin-dir', () => {
    const error = inputError(() =>
      parseBackupActionInputs({ 'db-url': url, 'postgres-version': '17', 'pg-bin-dir': '/x' })
    )
    expect(error.message).toMatch(/^postgres-version: is 17 and pg-bin-dir is set too/)
  })

  it('parses the notice inputs and refuses a webhook that is not a URL', () => {
    expect(parseNoticeInputs({ 'escalation-issue': 'true', 'github-token': 'ghs_abcdef' })).toEqual(
      { escalationIssue: true, githubToken: 'ghs_abcdef', webhookUrl: undefined }
    )
    expect(parseNoticeInputs({}).escalationIssue).toBe(false)
    expect(inputError(() => parseNoticeInputs({ 'webhook-url': 'hooks.slack' })).input).toBe(
      'webhook-url'
    )
    expect(inputError(() => parseNoticeInputs({ 'escalation-issue': 'yes' })).input).toBe(
      'escalation-issue'
    )
  })
})

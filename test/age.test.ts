import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes, randomFillSync } from 'node:crypto'
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { generateX25519Identity, identityToRecipient } from 'age-encryption'
import {
  createEncryptingTransform,
  DecryptError,
  decryptToFile,
  parseIdentity,
  parseRecipients
} from '../src/crypto/age.js'
import { InputError } from '../src/errors.js'
import { maskSecrets } from '../src/secrets.js'
import { sha256 } from './support/digests.js'

/**
 * The Debian `age` CLI is the interoperability reference: missing means failing, not
 * skipping. Only the tests that run it call this (in their describe's beforeAll), so
 * the pure parse tests pass without it.
 */
function requireAgeCli(): void {
  for (const tool of ['age', 'age-keygen']) {
    const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' })
    if (probe.error || probe.status !== 0) {
      throw new Error(
        `the ${tool} CLI is missing: install it with "apt-get install -y age" (Debian package age)`
      )
    }
  }
}

let dir: string
let keyFile: string // an identity file with a comment line, as age-keygen writes them
let identity: string
let recipient: string

// Keys from the library, not age-keygen: the parse tests need no CLI.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'age-test-'))
  identity = await generateX25519Identity()
  recipient = await identityToRecipient(identity)
  keyFile = join(dir, 'key.txt')
  writeFileSync(keyFile, `# public key: ${recipient}\n${identity}\n`)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Encrypts `plaintext` with our transform into a file. */
async function encryptToFile(plaintext: Buffer, recipients: string[], path: string): Promise<void> {
  await pipeline(
    Readable.from([plaintext]),
    await createEncryptingTransform(recipients),
    createWriteStream(path)
  )
}

/** Encrypts `plaintext` with the age CLI into a file. */
function cliEncrypt(plaintext: Buffer, path: string): void {
  const plainPath = `${path}.plain`
  writeFileSync(plainPath, plaintext)
  execFileSync('age', ['-r', recipient, '-o', path, plainPath])
}

describe('age interoperability with the age CLI', () => {
  beforeAll(requireAgeCli)

  it.each([
    ['empty', 0],
    ['exactly one 64 KiB chunk', 64 * 1024],
    ['several chunks', 300_000]
  ])('the age CLI decrypts what we encrypt (%s) for every recipient', async (_label, size) => {
    const plaintext = randomBytes(size)
    const second = await generateX25519Identity()
    const secondFile = join(dir, `second-${size}.txt`)
    writeFileSync(secondFile, `# a second recipient\n${second}\n`)
    const path = join(dir, `ours-${size}.dump.age`)

    await encryptToFile(plaintext, [recipient, await identityToRecipient(second)], path)

    expect(readFileSync(path).subarray(0, 22).toString()).toBe('age-encryption.org/v1\n')
    for (const key of [keyFile, secondFile]) {
      expect(execFileSync('age', ['-d', '-i', key, path]).equals(plaintext)).toBe(true)
    }
  })

  it('decrypts what the age CLI encrypts, with the plaintext sha256 and size', async () => {
    const plaintext = randomBytes(200_000)
    const path = join(dir, 'theirs.dump.age')
    cliEncrypt(plaintext, path)
    const destination = join(dir, 'theirs.dump')

    const result = await decryptToFile(path, identity, destination)

    expect(result).toEqual({ sha256: sha256(plaintext), sizeBytes: plaintext.length })
    expect(readFileSync(destination).equals(plaintext)).toBe(true)
  })
})

describe('decryptToFile failures', () => {
  let ciphertext: Buffer
  beforeAll(() => {
    requireAgeCli()
    const path = join(dir, 'failures.dump.age')
    cliEncrypt(randomBytes(300_000), path)
    ciphertext = readFileSync(path)
  })

  async function failure(
    bytes: Buffer,
    key: string,
    label: string
  ): Promise<{ error: DecryptError; destination: string }> {
    const source = join(dir, `${label}.dump.age`)
    const destination = join(dir, `${label}.dump`)
    writeFileSync(source, bytes)
    const error = await decryptToFile(source, key, destination).then(
      () => {
        throw new Error('decryption should have failed')
      },
      (thrown: unknown) => thrown
    )
    expect(error).toBeInstanceOf(DecryptError)
    return { error: error as DecryptError, destination }
  }

  it('a wrong key fails clearly, never shows the key and leaves no file', async () => {
    const wrong = await generateX25519Identity()
    const { error, destination } = await failure(ciphertext, wrong, 'wrong-key')
    expect(error.reason).toBe('wrong-key')
    expect(error.message).toMatch(/wrong-key\.dump\.age was not encrypted for this decryption key/)
    expect(error.message).not.toContain(wrong)
    expect(error.message).not.toContain('AGE-SECRET-KEY')
    expect(existsSync(destination)).toBe(false)
  })

  it('truncated ciphertext fails as corrupt and removes the partial output', async () => {
    const { error, destination } = await failure(
      ciphertext.subarray(0, ciphertext.length - 100),
      identity,
      'truncated'
    )
    expect(error.reason).toBe('corrupt')
    expect(error.message).toMatch(/truncated\.dump\.age is corrupt or truncated/)
    expect(existsSync(destination)).toBe(false)
  })

  it('a damaged byte in the middle fails after earlier chunks were written, and the file is removed', async () => {
    const damaged = Buffer.from(ciphertext)
    damaged[200_000] = damaged[200_000]! ^ 0x01
    const { error, destination } = await failure(damaged, identity, 'damaged')
    expect(error.reason).toBe('corrupt')
    expect(existsSync(destination)).toBe(false)
  })

  it('a file that is not age at all, or with an altered header, is reported as corrupt', async () => {
    const notAge = await failure(
      Buffer.from('PGDMP custom dump, not encrypted'),
      identity,
      'not-age'
    )
    expect(notAge.error.message).toMatch(/not-age\.dump\.age is not a valid age file/)
    const altered = Buffer.from(ciphertext)
    // A damaged stanza body looks like a wrong key to age (the file key cannot be unwrapped);
    // a damaged MAC line is recognisably corruption.
    const mac = altered.indexOf('\n--- ') + 6
    altered[mac] = altered[mac] === 0x41 ? 0x42 : 0x41
    const header = await failure(altered, identity, 'altered-header')
    expect(header.error.message).toMatch(
      /altered-header\.dump\.age is corrupt: its age header failed/
    )
    expect(header.error.reason).toBe('corrupt')
  })

  it('never overwrites an existing destination', async () => {
    const source = join(dir, 'exists.dump.age')
    writeFileSync(source, ciphertext)
    const destination = join(dir, 'exists.dump')
    writeFileSync(destination, 'keep me')
    await expect(decryptToFile(source, identity, destination)).rejects.toMatchObject({
      reason: 'io'
    })
    expect(readFileSync(destination, 'utf8')).toBe('keep me')
  })
})

describe('parseRecipients', () => {
  const inputError = (value: string): InputError => {
    try {
      parseRecipients('encrypt-recipients', value)
    } catch (error) {
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).input).toBe('encrypt-recipients')
      return error as InputError
    }
    throw new Error('parseRecipients should have failed')
  }

  it('accepts comma- and newline-separated X25519 keys, dropping blanks and duplicates', async () => {
    const other = await identityToRecipient(await generateX25519Identity())
    expect(
      parseRecipients('encrypt-recipients', `${recipient},\n ${other}\n\n${recipient}`)
    ).toEqual([recipient, other])
  })

  it('accepts an X25519 key whose data happens to start with "pq" or "tag" (about 1 in 1,000 keys)', async () => {
    // Refused before as a post-quantum recipient: those are age1pq1..., with bech32's separator.
    let unlucky: string | undefined
    for (let tries = 0; !unlucky && tries < 20_000; tries++) {
      const candidate = await identityToRecipient(await generateX25519Identity())
      if (/^age1(pq|tag)/.test(candidate)) unlucky = candidate
    }
    expect(unlucky).toBeDefined()
    expect(parseRecipients('encrypt-recipients', unlucky!)).toEqual([unlucky])
  })

  it('rejects a pasted secret key without echoing it, and masks it from then on', async () => {
    const secret = await generateX25519Identity()
    const error = inputError(`${recipient},${secret}`)
    expect(error.message).toBe(
      'encrypt-recipients: item 2 is a secret key; pass the public key (age-keygen -y) and keep the secret key for decrypt-identity'
    )
    expect(maskSecrets(`leaked ${secret}`)).toBe('leaked ***')
  })

  it.each([
    ['nothing', () => ''],
    ['a bad checksum', () => `${recipient.slice(0, -1)}${recipient.endsWith('q') ? 'p' : 'q'}`],
    ['an ssh key', () => 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx'],
    ['a post-quantum key', () => 'age1pq1' + 'q'.repeat(60)]
  ])('rejects %s naming the input', (_label, make) => {
    const value = make()
    const error = inputError(value)
    expect(error.message).toMatch(/^encrypt-recipients: /)
    if (value) expect(error.message).not.toContain(value)
  })
})

describe('parseIdentity', () => {
  const inputError = (value: string): InputError => {
    try {
      parseIdentity('decrypt-identity', value)
    } catch (error) {
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).input).toBe('decrypt-identity')
      return error as InputError
    }
    throw new Error('parseIdentity should have failed')
  }

  describe('with a key file age-keygen wrote', () => {
    let keygenFile: string
    let keygenIdentity: string
    beforeAll(() => {
      requireAgeCli()
      keygenFile = join(dir, 'keygen-key.txt')
      execFileSync('age-keygen', ['-o', keygenFile], { stdio: 'pipe' })
      keygenIdentity = parseIdentity('decrypt-identity', keygenFile)
    })

    it('reads the key from age-keygen output (comments allowed) or takes it as a value, masked', () => {
      expect(keygenIdentity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/)
      expect(readFileSync(keygenFile, 'utf8')).toMatch(/^# created: /)
      expect(parseIdentity('decrypt-identity', `  ${keygenIdentity}\n`)).toBe(keygenIdentity)
      expect(maskSecrets(keygenIdentity)).toBe('***')
    })
  })

  it('rejects a broken key without echoing it and masks it', () => {
    const broken = identity.slice(0, -1) + (identity.endsWith('Q') ? 'P' : 'Q')
    const error = inputError(broken)
    expect(error.message).toBe(
      'decrypt-identity: the value is not a valid age X25519 secret key (AGE-SECRET-KEY-1...)'
    )
    expect(maskSecrets(broken)).toBe('***')
  })

  it('rejects a missing file, a public key, an empty or two-key identity file', async () => {
    expect(inputError(join(dir, 'missing.txt')).message).toMatch(
      /nor the path of a readable identity file/
    )
    expect(inputError(recipient).message).toMatch(/nor the path of a readable identity file/)
    const empty = join(dir, 'empty-identity.txt')
    writeFileSync(empty, '# only a comment\n\n')
    expect(inputError(empty).message).toMatch(/holds no key/)
    const twoKeys = join(dir, 'two-identities.txt')
    const other = await generateX25519Identity()
    writeFileSync(twoKeys, `${identity}\n${other}\n`)
    const error = inputError(twoKeys)
    expect(error.message).toMatch(/holds 2 non-comment lines/)
    expect(error.message).not.toContain(other)
    expect(maskSecrets(other)).toBe('***')
  })
})

describe('streaming a large input', () => {
  beforeAll(requireAgeCli)

  it('encrypts ~200 MB with bounded memory and the age CLI decrypts it to the same bytes', async () => {
    const chunk = Buffer.alloc(1024 * 1024)
    let peak = 0
    const plainHash = createHash('sha256')
    async function* generate(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 200; i++) {
        randomFillSync(chunk)
        plainHash.update(chunk)
        // Sampled here rather than on a timer: a busy pipeline can starve timers.
        peak = Math.max(peak, process.memoryUsage().rss)
        yield Buffer.from(chunk)
      }
    }
    const cli = spawn('age', ['-d', '-i', keyFile], { stdio: ['pipe', 'pipe', 'inherit'] })
    const exited = new Promise<number | null>((resolve) => cli.on('close', resolve))
    const cliHash = createHash('sha256')
    const collect = pipeline(
      cli.stdout,
      new Writable({
        write(data: Buffer, _encoding, done) {
          cliHash.update(data)
          done()
        }
      })
    )
    const baseline = process.memoryUsage().rss
    peak = baseline

    await pipeline(
      Readable.from(generate()),
      await createEncryptingTransform([recipient]),
      cli.stdin
    )
    await collect

    expect(await exited).toBe(0)
    expect(cliHash.digest('hex')).toBe(plainHash.digest('hex'))
    console.log(
      `age streaming: 200 MiB encrypted; RSS growth ${((peak - baseline) / 2 ** 20).toFixed(1)} MiB`
    )
  })
})

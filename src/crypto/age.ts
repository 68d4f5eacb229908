import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { basename } from 'node:path'
import { Duplex, Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Decrypter, Encrypter } from 'age-encryption'
import { InputError } from '../errors.js'
import { splitList } from '../input/parse-inputs.js'
import { registerSecret } from '../secrets.js'

/*
 * Encryption at rest with age (https://age-encryption.org/v1), X25519 recipients only, so
 * every backup can also be decrypted by the `age` CLI (`age -d -i key.txt`) without this tool.
 */

// bech32: "age" + "1" + 52 data characters (32 bytes) + 6 checksum characters.
const X25519_RECIPIENT = /^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/
const X25519_IDENTITY = /^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$/
const SECRET_KEY_PREFIX = /^AGE-SECRET-KEY-/i
// An identity file holds a few lines; anything bigger is the wrong file.
const MAX_IDENTITY_FILE_BYTES = 64 * 1024

/**
 * Parses a comma- or newline-separated list of age X25519 recipients (`age1...`).
 * Items are named by position, never echoed; a pasted secret key is masked at once.
 */
export function parseRecipients(input: string, value: string | undefined): string[] {
  const items = splitList(value)
  if (items.length === 0) {
    throw new InputError(input, 'give at least one age public key (age1..., from age-keygen -y)')
  }
  items.forEach((item, index) => {
    const which = items.length > 1 ? `item ${index + 1}` : 'the value'
    if (SECRET_KEY_PREFIX.test(item)) {
      registerSecret(item)
      throw new InputError(
        input,
        `${which} is a secret key; pass the public key (age-keygen -y) and keep the secret key for decrypt-identity`
      )
    }
    // Post-quantum and tag recipients carry their own bech32 prefix, `age1pq1` / `age1tag1`; an
    // X25519 key's data (bech32 has no '1' in it) may itself start with "pq" or "tag".
    if (/^age1(pq|tag)1/.test(item)) {
      throw new InputError(
        input,
        `${which} is not an X25519 recipient: only age1... X25519 keys are supported (age-keygen)`
      )
    }
    if (!X25519_RECIPIENT.test(item) || !libraryAcceptsRecipient(item)) {
      throw new InputError(
        input,
        `${which} is not an age X25519 public key: expected age1... (age-keygen -y key.txt)`
      )
    }
  })
  return [...new Set(items)]
}

/**
 * Parses an age X25519 secret key: the key itself (`AGE-SECRET-KEY-1...`) or the path of an
 * identity file holding exactly one (lines starting with # are comments, as age-keygen writes).
 * The value and every key read are registered as secrets before anything can fail.
 */
export function parseIdentity(input: string, value: string | undefined): string {
  const text = (value ?? '').trim()
  registerSecret(text)
  if (text === '') {
    throw new InputError(
      input,
      'give an age secret key (AGE-SECRET-KEY-1...) or the path of an identity file'
    )
  }
  if (SECRET_KEY_PREFIX.test(text)) return validIdentity(input, text, 'the value')

  const lines = readIdentityFile(input, text)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
  lines.forEach(registerSecret)
  if (lines.length !== 1) {
    throw new InputError(
      input,
      lines.length === 0
        ? 'the identity file holds no key (expected one AGE-SECRET-KEY-1... line)'
        : `the identity file holds ${lines.length} non-comment lines; keep exactly one AGE-SECRET-KEY-1... line`
    )
  }
  return validIdentity(input, lines[0]!, 'the identity file')
}

function readIdentityFile(input: string, path: string): string {
  try {
    if (statSync(path).size > MAX_IDENTITY_FILE_BYTES) {
      throw new InputError(input, 'the identity file is too large to be an age identity file')
    }
    return readFileSync(path, 'utf8')
  } catch (error) {
    if (error instanceof InputError) throw error
    // The value is not echoed: it may be a mistyped key rather than a path.
    throw new InputError(
      input,
      'is neither an age secret key (AGE-SECRET-KEY-1...) nor the path of a readable identity file'
    )
  }
}

function validIdentity(input: string, key: string, where: string): string {
  if (/^AGE-SECRET-KEY-PQ-/i.test(key)) {
    throw new InputError(
      input,
      `${where} is a post-quantum key; only X25519 keys (age-keygen) are supported`
    )
  }
  if (!X25519_IDENTITY.test(key) || !libraryAcceptsIdentity(key)) {
    throw new InputError(
      input,
      `${where} is not a valid age X25519 secret key (AGE-SECRET-KEY-1...)`
    )
  }
  return key
}

// The library checks the bech32 checksum; its messages may quote the key, so they are dropped.
function libraryAcceptsRecipient(recipient: string): boolean {
  try {
    new Encrypter().addRecipient(recipient)
    return true
  } catch {
    return false
  }
}

function libraryAcceptsIdentity(identity: string): boolean {
  try {
    new Decrypter().addIdentity(identity)
    return true
  } catch {
    return false
  }
}

/**
 * A node Duplex that age-encrypts what is written to it for the given recipients, for use in
 * `pipeline(pgDump.stdout, await createEncryptingTransform(r), hashTap, file)`. It streams in
 * 64 KiB chunks with backpressure on both sides, so memory stays bounded for any dump size.
 */
export async function createEncryptingTransform(recipients: string[]): Promise<Duplex> {
  if (recipients.length === 0) throw new Error('age encryption needs at least one recipient')
  const encrypter = new Encrypter()
  for (const recipient of recipients) encrypter.addRecipient(recipient)
  const plaintext = new TransformStream<Uint8Array, Uint8Array>()
  const ciphertext = await encrypter.encrypt(plaintext.readable)
  return Duplex.fromWeb({ readable: ciphertext, writable: plaintext.writable })
}

/** Why a decryption failed: the key is not a recipient, the file is damaged, or disk I/O. */
export type DecryptFailure = 'wrong-key' | 'corrupt' | 'io'

/** A failed decryption. The message names the file and the cause, never the key. */
export class DecryptError extends Error {
  constructor(
    readonly reason: DecryptFailure,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'DecryptError'
  }
}

/**
 * Decrypts the age file at `sourcePath` with `identity` into `destinationPath` (created new,
 * mode 600), streaming, and returns the plaintext's sha256 and size. On any failure the
 * partial destination is removed and a DecryptError says whether the key does not match the
 * file's recipients or the file is corrupt/truncated.
 */
export async function decryptToFile(
  sourcePath: string,
  identity: string,
  destinationPath: string
): Promise<{ sha256: string; sizeBytes: number }> {
  registerSecret(identity)
  const name = basename(sourcePath)
  const decrypter = new Decrypter()
  try {
    decrypter.addIdentity(identity)
  } catch {
    throw new DecryptError('wrong-key', 'the decryption key is not a valid age X25519 secret key')
  }

  let plaintext: ReadableStream<Uint8Array>
  try {
    // The header is read and its MAC checked here, before any destination file exists.
    plaintext = await decrypter.decrypt(webStreamOf(createReadStream(sourcePath)))
  } catch (error) {
    throw classify(error, name)
  }

  const hash = createHash('sha256')
  let sizeBytes = 0
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      sizeBytes += chunk.length
      done(null, chunk)
    }
  })
  let created = false
  const destination = createWriteStream(destinationPath, { flags: 'wx', mode: 0o600 })
  destination.once('open', () => (created = true))
  try {
    await pipeline(Readable.fromWeb(plaintext), tap, destination)
  } catch (error) {
    // 'wx' means an existing file was never opened, so only our own partial output is removed.
    if (created) await rm(destinationPath, { force: true })
    throw classify(error, name)
  }
  return { sha256: hash.digest('hex'), sizeBytes }
}

/**
 * A pull-based web stream over a node stream. (Readable.toWeb in Node 20 reads ahead without
 * waiting for the consumer, which would buffer a large file in memory.)
 */
function webStreamOf(source: Readable): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next()
      if (next.done) controller.close()
      else
        controller.enqueue(
          new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.length)
        )
    },
    async cancel() {
      await iterator.return?.()
    }
  })
}

// Only fixed texts are kept from the library: none of its messages contain key material, but
// this keeps it so even if a future version changes them.
function classify(error: unknown, name: string): DecryptError {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new DecryptError('io', `cannot decrypt ${name}: ${code} (${ioWhat(code)})`, {
      cause: error
    })
  }
  if (message === "no identity matched any of the file's recipients") {
    return new DecryptError(
      'wrong-key',
      `${name} was not encrypted for this decryption key: the key does not match any of the file's recipients (or the header naming them is damaged)`
    )
  }
  if (message === 'invalid header HMAC') {
    return new DecryptError(
      'corrupt',
      `${name} is corrupt: its age header failed authentication (damaged or altered)`
    )
  }
  if (/^invalid (version|header|stanza|non-ASCII)|^stream ended before/.test(message)) {
    return new DecryptError(
      'corrupt',
      `${name} is not a valid age file: its header is damaged or truncated`
    )
  }
  return new DecryptError(
    'corrupt',
    `${name} is corrupt or truncated: its encrypted content failed authentication, nothing is trusted from it`
  )
}

function ioWhat(code: string): string {
  switch (code) {
    case 'ENOENT':
      return 'file or folder not found'
    case 'EEXIST':
      return 'the destination already exists'
    case 'ENOSPC':
      return 'no space left on the device'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    default:
      return 'file system error'
  }
}

import { createHash } from 'node:crypto'

/** Hex sha256 of bytes (or of a string's UTF-8), as the .sha256 files and manifests write it. */
export const sha256 = (bytes: Buffer | string): string =>
  createHash('sha256').update(bytes).digest('hex')

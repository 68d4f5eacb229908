import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { InputError } from '../errors.js'
import { fileSystemCause } from '../fs-errors.js'

/**
 * Checks, before any connection and without creating anything, that a
 * folder can be written: it is a folder (or can be created under its nearest
 * existing parent) on a writable file system. access(W_OK) reports a
 * read-only mount even to root, whom permissions never stop. Throws
 * InputError(`input`) naming the path and the cause.
 */
export async function assertWritableFolder(input: string, folder: string): Promise<void> {
  let existing = folder
  for (;;) {
    try {
      const info = await stat(existing)
      if (!info.isDirectory())
        throw new InputError(
          input,
          existing === folder
            ? `${folder} is a file, not a folder: pass a folder path`
            : `cannot create ${folder}: ${existing} is a file, not a folder`
        )
      break
    } catch (error) {
      if (error instanceof InputError) throw error
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(existing) === existing)
        throw new InputError(
          input,
          `cannot use ${folder}: ${fileSystemCause(error) ?? String(error)}`
        )
      existing = dirname(existing)
    }
  }
  try {
    await access(existing, constants.W_OK | constants.X_OK)
  } catch (error) {
    throw new InputError(
      input,
      `${existing === folder ? folder : `cannot create ${folder}: ${existing}`} is not writable: ${fileSystemCause(error) ?? String(error)}`
    )
  }
}

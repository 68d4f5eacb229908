/** Plain words for the file-system errors a person can act on; undefined for anything else. */
const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted (immutable file or folder?)',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EIO: 'input/output error (failing disk?)',
  EFBIG: 'file too large for this file system',
  ENOENT: 'no such file or folder'
}

/** `no space left on device (ENOSPC)` for a file-system error, undefined when it is not one. */
export function fileSystemCause(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code && CAUSES[code] ? `${CAUSES[code]} (${code})` : undefined
}

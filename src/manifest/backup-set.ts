/**
 * The file contract: a backup set is three files side by side named
 * `<prefix>-<yyyymmdd-HHMMSS>` (UTC): `.dump` (or `.dump.age`), `.sha256`
 * (`<hex>  <basename>`, so `shasum -a 256 -c` works in the folder) and
 * `.manifest.json`.
 */
export const DUMP_EXTENSION = '.dump'
export const ENCRYPTED_DUMP_EXTENSION = '.dump.age'
export const CHECKSUM_EXTENSION = '.sha256'
export const MANIFEST_EXTENSION = '.manifest.json'

/** The set name for a prefix and a UTC time: `backup-20261125-031500`. */
export function backupSetName(prefix: string, at: Date): string {
  const iso = at.toISOString() // 2026-11-25T03:15:00.000Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`
  return `${prefix}-${stamp}`
}

/** Parses `<prefix>-<yyyymmdd-HHMMSS>` back into prefix and UTC time; undefined when the name does not follow the contract. */
export function parseBackupSetName(name: string): { prefix: string; createdAt: Date } | undefined {
  const match = /^(.+)-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(name)
  if (!match) return undefined
  const [, prefix, y, mo, d, h, mi, s] = match
  const createdAt = new Date(
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  )
  if (Number.isNaN(createdAt.getTime()) || backupSetName(prefix!, createdAt) !== name)
    return undefined
  return { prefix: prefix!, createdAt }
}

/** The `.sha256` file's line for a stored file. */
export function checksumLine(sha256: string, basename: string): string {
  return `${sha256}  ${basename}\n`
}

/** Parses a `.sha256` file (first line `<hex>  <basename>` or `<hex> *<basename>`). */
export function parseChecksumFile(text: string): { sha256: string; basename: string } | undefined {
  const match = /^([0-9a-fA-F]{64}) [ *](.+?)\r?$/m.exec(text)
  return match ? { sha256: match[1]!.toLowerCase(), basename: match[2]! } : undefined
}

/**
 * The storage seam of prune (and of `--backup latest`): a place that holds
 * backup sets. A folder (directory-store.ts) and GitHub artifacts
 * (artifact-backup-store.ts) implement it; a new store implements the same
 * listing and deletion, so prune stays one function.
 */

/** A complete backup set: dump (or encrypted dump), checksum and manifest all present. */
export interface BackupSet {
  /** `<prefix>-<yyyymmdd-HHMMSS>` */
  name: string
  prefix: string
  /** UTC time from the name. */
  createdAt: Date
  encrypted: boolean
  /** Bytes of the dump as stored (an artifact: its zip), when the listing knows them (status's size trend). */
  sizeBytes?: number
  /** The set's files by role, as the store names them (basenames in a directory). */
  files: { dump: string; checksum: string; manifest: string }
}

/** A set name with some files missing: a backup in progress, a crashed one, or an interrupted deletion. Never counted, never deleted. */
export interface IncompleteBackupSet {
  name: string
  prefix: string
  createdAt: Date
  /** The files that are there. */
  files: string[]
  /** What is missing, e.g. `.sha256`, `.manifest.json`, `.dump or .dump.age`. */
  missing: string[]
  /** Why it is not usable when nothing is missing (e.g. both `.dump` and `.dump.age`). */
  note?: string
}

/** Everything a store holds for a prefix, with whatever made the listing untrustworthy. */
export interface BackupListing {
  /** Complete sets, newest first. */
  sets: BackupSet[]
  /** Newest first. */
  incomplete: IncompleteBackupSet[]
  /** Files that follow no set name (only those starting with the prefix when one is given). */
  strays: string[]
  /**
   * Why the listing may be wrong or partial (an entry that is not a regular
   * file, a truncated page). Prune deletes nothing while this is not empty:
   * a plan over a partial listing could delete a backup it should keep.
   */
  problems: string[]
}

/** A place that holds backup sets. */
export interface BackupStore {
  /** For people: `directory ./backups`. */
  readonly description: string
  /** Lists the sets named `<prefix>-…` (all prefixes when omitted). */
  list(prefix?: string): Promise<BackupListing>
  /** Removes every file of a set; repeating it after an interruption finishes the job. */
  deleteSet(set: BackupSet): Promise<void>
}

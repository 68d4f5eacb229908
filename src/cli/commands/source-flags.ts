import type { Command } from 'commander'

/** The flags that choose a backup: shared by verify, drill and restore. */
export function withBackupSourceFlags(command: Command): Command {
  return command
    .option(
      '--backup <path|latest>',
      "the set's .dump / .dump.age / .manifest.json, or latest in --out-dir",
      'latest'
    )
    .option('--out-dir <dir>', 'folder holding backup sets (for latest)', './backups')
    .option('--prefix <prefix>', 'only sets with this prefix (for latest)')
    .option('--artifact-name <name>', 'take the backup from this GitHub artifact instead')
    .option(
      '--run-id <id>',
      'workflow run holding the artifact (default: newest successful backup run)'
    )
    .option('--repository <owner/repo>', 'repository of the run (default GITHUB_REPOSITORY)')
    .option('--github-token <token>', 'token with actions:read (env GITHUB_TOKEN)')
    .option(
      '--backup-workflow <file>',
      'workflow file whose newest successful run holds the backup',
      'backup.yml'
    )
    .option(
      '--decrypt-identity <file|key>',
      'age identity file (or key) for .dump.age backups; prefer a file or env BACKUP_DRILL_AGE_IDENTITY: argv is visible to other users'
    )
    .option(
      '--pg-bin-dir <dir>',
      "directory holding pg_restore (default: the dump's major, then PATH)"
    )
}

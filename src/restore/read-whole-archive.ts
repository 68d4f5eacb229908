import { fail, pass, type Check } from '../drill/checks.js'
import type { PgTool } from '../postgres/client-tools.js'
import { runPgTool } from '../postgres/run-pg-tool.js'
import { maskSecrets } from '../secrets.js'

/**
 * Reads and decompresses every block of an archive without writing anywhere:
 * `pg_restore -f /dev/null` renders the whole restore script, COPY data
 * included, so a corrupt data block behind an intact table of contents (which
 * `pg_restore --list` never reads) fails here, before a production restore
 * drops anything. One sequential read; the check's condition is backup-unreadable.
 */
export async function readWholeArchive(pgRestore: PgTool, archive: string): Promise<Check> {
  const started = performance.now()
  const { code, stderr } = await runPgTool(pgRestore.path, ['--file=/dev/null', archive])
  const seconds = (performance.now() - started) / 1000
  if (code === 0)
    return pass(
      'archive complete',
      'pg_restore read and decompressed every block of the archive',
      seconds
    )
  const why = code instanceof Error ? code.message : stderr.trim() || `exit code ${code}`
  return fail(
    'archive complete',
    'backup-unreadable',
    `pg_restore cannot read the whole archive: ${maskSecrets(why)}`,
    seconds
  )
}

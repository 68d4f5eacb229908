/**
 * Reads pg_restore's stderr and decides which reported errors a restore drill
 * may accept. pg_restore (without --exit-on-error) keeps going after a failed
 * statement, prints each failure as `pg_restore: error: ...` (plus a
 * `Command was:` block), and exits 1 with `pg_restore: warning: errors ignored
 * on restore: N`. A handful of those failures are expected when restoring into
 * a database that is not brand new (a Supabase scratch project, a non-superuser
 * restore); everything else means the restored copy may differ from the backup.
 *
 * The harmless list is deliberately short; each rule matches the error message
 * AND the exact statement that failed, and is justified here and in
 * docs/restore-errors.md. Anything not on the list is not harmless.
 * Output format: pg_restore 12 and later (earlier versions used "[archiver (db)]").
 */

export interface RestoreError {
  /** The error without prefixes: the server's message for a failed statement, else pg_restore's text. */
  message: string
  /** The statement that failed (`Command was:`), when pg_restore printed one. */
  command?: string
  /** LINE / DETAIL / HINT / CONTEXT lines. May quote row values: keep it out of summaries. */
  detail?: string
  harmless: boolean
  /** Why it is harmless, or what it means when it is not. */
  reason?: string
}

export interface RestoreOutputClassification {
  errors: RestoreError[]
  /**
   * N from "errors ignored on restore: N"; absent when pg_restore printed no such line.
   * Informational only: pg_restore over-counts it with --jobs > 1 (docs/restore-errors.md).
   */
  ignoredCount?: number
  /** True when the restore stopped before the end (connection lost, unreadable archive, --exit-on-error, a signal). */
  fatal: boolean
}

interface HarmlessRule {
  message: RegExp
  /** The whole failed statement; a capture group, when present, must equal the message's. */
  command: RegExp
  reason: string
}

/**
 * The documented harmless errors (docs/restore-errors.md). Keep this short:
 * every entry widens what a "passing" drill may hide.
 */
const HARMLESS: readonly HarmlessRule[] = [
  {
    // Every database has schema public. pg_dump emits CREATE SCHEMA public when the dump selects
    // it with --schema public (or public was re-created in the source); the statement wanted the
    // schema to exist and it does. The objects inside are restored (and checked) separately.
    message: /^schema "public" already exists$/,
    command: /^CREATE SCHEMA public;$/,
    reason: 'schema public exists in every database; its contents are restored separately'
  },
  {
    // Restoring as a role that does not own public (Supabase, managed services): --clean's
    // DROP SCHEMA public fails, so the schema stays and its objects are dropped one by one by
    // their own DROP statements; the comment is documentation only. Other statements on public
    // (ownership, grants) are not covered: --no-owner / --no-privileges keep them out of a drill.
    message: /^must be owner of schema public$/,
    command: /^(?:DROP SCHEMA (?:IF EXISTS )?public;|COMMENT ON SCHEMA public IS '(?:[^']|'')*';)$/,
    reason: 'only the drop or the comment of schema public failed; the schema exists'
  },
  {
    // Supabase installs extensions as its admin role, so the restoring role cannot drop them
    // (--clean) or comment on them. The installed extension stays and CREATE EXTENSION IF NOT
    // EXISTS is then a no-op; if the extension lacks something the dump needs (another schema,
    // a missing type), the statements that need it fail with their own, non-harmless errors.
    message: /^must be owner of extension (\S+)$/,
    command:
      /^(?:DROP EXTENSION (?:IF EXISTS )?"?([^";\s]+)"?;|COMMENT ON EXTENSION "?([^"\s]+)"? IS '(?:[^']|'')*';)$/,
    reason: 'only the drop or the comment of an installed extension failed; the extension exists'
  }
]

/** Reasons for common errors that are not harmless, so the drill log says what they mean. */
const KNOWN_HARMFUL: ReadonlyArray<[RegExp, string]> = [
  [
    /^role ".*" does not exist$/,
    'a role the dump refers to does not exist in the scratch cluster: the policies or grants naming it were not restored (create the role first, e.g. the Supabase roles anon, authenticated, service_role)'
  ],
  [
    /already exists/,
    'the scratch database already held this object: restore into an empty database or with --clean --if-exists'
  ],
  [/^COPY failed for table/, 'rows of this table were not restored'],
  [
    /does not exist$/,
    'an object this statement needs is missing, so the statement was not applied'
  ],
  [
    /^(?:must be owner of|permission denied)/,
    'the restoring role lacks a privilege, so the statement was not applied'
  ]
]

const PREFIX = 'pg_restore: '
const NOT_LISTED = 'not on the documented harmless list (docs/restore-errors.md)'

/**
 * Classifies pg_restore's stderr. Pass the exit code when known: a non-zero
 * exit with nothing recognizable in stderr (or death by a signal, `null`)
 * becomes a fatal, not-harmless error instead of a silent pass.
 */
export function classifyRestoreOutput(
  stderr: string,
  exitCode?: number | null
): RestoreOutputClassification {
  const errors: RestoreError[] = []
  let ignoredCount: number | undefined
  let fatal = false

  for (const block of blocks(stderr)) {
    const [head = '', ...rest] = block
    const ignored = /errors ignored on restore: (\d+)/.exec(head)
    if (ignored) {
      ignoredCount = Number(ignored[1])
      continue
    }
    // pg_restore 12-14 printed unrecoverable errors as "fatal:", 15+ as "error:" followed by exit.
    const kind = /^(error|fatal): (.*)$/.exec(head)
    if (!kind) continue // progress lines (--verbose), "while PROCESSING TOC", TOC entry context, other warnings
    if (kind[1] === 'fatal') fatal = true
    errors.push(classifyError(kind[2] ?? '', rest))
  }

  // pg_restore prints the "errors ignored" total only after finishing; errors without it mean it stopped early.
  if (errors.length > 0 && ignoredCount === undefined) fatal = true
  // The total N is not compared with the errors read: with --jobs > 1, pg_restore over-counts
  // (each worker reports its running total after every item, and the leader adds them all up,
  // src/bin/pg_dump/parallel.c). Every failed statement is printed, so the printed errors are
  // what is judged; output that was cut short is reported by the caller (restore-archive.ts).
  if (exitCode === null) {
    fatal = true
    errors.push({
      message: 'pg_restore was killed by a signal',
      harmless: false,
      reason: 'the restore did not finish'
    })
  } else if (exitCode !== undefined && exitCode !== 0 && errors.length === 0) {
    fatal = true
    errors.push({
      message: `pg_restore exited with code ${exitCode} without a recognizable error message`,
      harmless: false,
      reason: 'the restore failed for an unknown reason'
    })
  }
  return { errors, ...(ignoredCount !== undefined ? { ignoredCount } : {}), fatal }
}

function classifyError(text: string, rest: string[]): RestoreError {
  const commandAt = rest.findIndex((line) => line.startsWith('Command was: '))
  const detailLines = commandAt >= 0 ? rest.slice(0, commandAt) : rest
  const command =
    commandAt >= 0
      ? [rest[commandAt]?.slice('Command was: '.length) ?? '', ...rest.slice(commandAt + 1)]
          .join('\n')
          .trimEnd()
      : undefined
  // "could not execute query: ERROR:  <message>" and "COPY failed for table "t": ERROR:  <message>".
  const message = text
    .replace(/^could not execute query: ERROR:\s+/, '')
    .replace(/^(COPY failed for table ".*?"): ERROR:\s+/, '$1: ')
  const detail = detailLines.join('\n').trim()
  const rule =
    command === undefined
      ? undefined
      : HARMLESS.find((candidate) => matches(candidate, message, command))
  const reason =
    rule?.reason ?? KNOWN_HARMFUL.find(([pattern]) => pattern.test(message))?.[1] ?? NOT_LISTED
  return {
    message,
    ...(command !== undefined ? { command } : {}),
    ...(detail ? { detail } : {}),
    harmless: rule !== undefined,
    reason
  }
}

function matches(rule: HarmlessRule, message: string, command: string): boolean {
  const byMessage = rule.message.exec(message)
  const byCommand = rule.command.exec(command)
  if (!byMessage || !byCommand) return false
  // The statement must be about the object the message names (e.g. the same extension).
  const named = byMessage[1]
  const target = byCommand.slice(1).find((group) => group !== undefined)
  return named === undefined || named === target
}

/** Splits stderr into blocks, each starting at a `pg_restore: ` line; continuation lines (Command was, DETAIL) stay with it. */
function blocks(stderr: string): string[][] {
  const result: string[][] = []
  for (const line of stderr.replace(/\r\n/g, '\n').split('\n')) {
    if (line.startsWith(PREFIX)) result.push([line.slice(PREFIX.length)])
    else if (/^WARNING: {1,2}errors ignored on restore: \d+$/.test(line)) result.push([line])
    else result.at(-1)?.push(line)
  }
  return result
}

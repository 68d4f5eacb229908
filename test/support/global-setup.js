import { execFileSync } from 'node:child_process'

/**
 * One PostgreSQL server for the whole test run: TEST_DATABASE_URL when set
 * (a CI service container), else a throwaway cluster of the machine's own
 * binaries. Tests read BACKUP_DRILL_TEST_SERVER_URL and create their own databases.
 * Jest loads this file outside its ESM test graph, so the cluster is started by
 * a tsx child process (test/support/cluster-process.ts).
 */
export default async function globalSetup() {
  const existing = process.env.TEST_DATABASE_URL
  if (existing) {
    process.env.BACKUP_DRILL_TEST_SERVER_URL = existing
    return
  }
  const json = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'test/support/cluster-process.ts', 'start'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const cluster = JSON.parse(json)
  process.env.BACKUP_DRILL_TEST_SERVER_URL = cluster.url
  process.env.BACKUP_DRILL_TEST_SERVER_BIN = cluster.binDir
  process.env.BACKUP_DRILL_TEST_CLUSTER = json
}

import { execFileSync } from 'node:child_process'

export default async function globalTeardown() {
  const json = process.env.BACKUP_DRILL_TEST_CLUSTER
  if (!json) return
  execFileSync(
    process.execPath,
    ['--import', 'tsx', 'test/support/cluster-process.ts', 'stop', json],
    {
      stdio: 'inherit'
    }
  )
}

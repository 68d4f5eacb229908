// Starts or stops a throwaway cluster from its own process. Jest's global setup
// cannot load our ESM TypeScript in-process, so it runs this file through tsx:
//   start        -> prints the cluster as JSON on stdout (the server keeps running)
//   stop <json>  -> stops that cluster and removes its files
import { startCluster, stopClusterFiles } from '../../src/sandbox/cluster.js'

const [command, arg] = process.argv.slice(2)
if (command === 'start') {
  const cluster = await startCluster()
  process.stdout.write(
    JSON.stringify({ url: cluster.url, binDir: cluster.binDir, dataDir: cluster.dataDir })
  )
} else if (command === 'stop' && arg) {
  const { binDir, dataDir } = JSON.parse(arg) as { binDir: string; dataDir: string }
  await stopClusterFiles(binDir, dataDir)
} else {
  console.error('usage: cluster-process.ts start | stop <json>')
  process.exit(2)
}

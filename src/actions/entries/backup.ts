// The bundle's entry for dist/backup.js: only the call. ../backup.ts runs nothing when
// imported, so a runner that imports it and calls run() itself
// (@github/local-action, tests) runs the action exactly once.
import { run } from '../backup.js'

await run()

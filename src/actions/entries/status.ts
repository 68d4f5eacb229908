// The bundle's entry for dist/status.js: only the call. ../status.ts runs nothing when
// imported, so a runner that imports it and calls run() itself
// (@github/local-action, tests) runs the action exactly once.
import { run } from '../status.js'

await run()

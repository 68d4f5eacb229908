// The bundle's entry for dist/prune.js: only the call. ../prune.ts runs nothing when
// imported, so a runner that imports it and calls run() itself
// (@github/local-action, tests) runs the action exactly once.
import { run } from '../prune.js'

await run()

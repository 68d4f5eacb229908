// The bundle's entry for dist/verify.js: only the call. ../verify.ts runs nothing when
// imported, so a runner that imports it and calls run() itself
// (@github/local-action, tests) runs the action exactly once.
import { run } from '../verify.js'

await run()

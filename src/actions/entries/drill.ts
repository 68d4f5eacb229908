// The bundle's entry for dist/drill.js: only the call. ../drill.ts runs nothing when
// imported, so a runner that imports it and calls run() itself
// (@github/local-action, tests) runs the action exactly once.
import { run } from '../drill.js'

await run()

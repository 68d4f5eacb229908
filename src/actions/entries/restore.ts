// The bundle's entry for dist/restore.js: only the call. ../restore.ts runs nothing when
// imported, so a runner that imports it and calls run() itself
// (@github/local-action, tests) runs the action exactly once.
import { run } from '../restore.js'

await run()

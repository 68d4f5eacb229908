import { handleInterrupts } from '../cleanup/interrupts.js'
import { runCli } from './program.js'

// SIGINT/SIGTERM: stop children, remove what this run created, exit 130/143.
handleInterrupts({
  log: (line) => process.stderr.write(`${line}\n`),
  exit: (code) => process.exit(code)
})

// The CLI entry (dist/cli.js). All logic is in program.ts so tests can run it in-process.
const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  setExitCode: () => undefined
})
process.exitCode = exitCode

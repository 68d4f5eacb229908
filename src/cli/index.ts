import { runCli } from './program.js'

// The CLI entry (dist/cli.js). All logic is in program.ts so tests can run it in-process.
const exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  setExitCode: () => undefined
})
process.exitCode = exitCode

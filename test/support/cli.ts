import { runCli } from '../../src/cli/program.js'

/** Everything a CLI run printed, and its exit code. */
export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the CLI in-process with captured output (same code path as dist/cli.js). */
export async function runCliCaptured(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { ...process.env, ...env },
    setExitCode: () => undefined
  })
  return { code, stdout, stderr }
}

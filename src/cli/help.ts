import type { Command } from 'commander'
import type { InputRegistry } from '../config/input-spec.js'

/** What one command's --help adds after its options. */
export interface HelpSections {
  /** Command lines (a `# comment` line explains the next one). */
  examples: readonly string[]
  /** The command's inputs: ENVIRONMENT lists each flag's fallback variables from here, as the parser reads them. */
  registry?: InputRegistry
  /** Exit 0 means… */
  success: string
  /** Exit 1 means… */
  failure: string
}

/** Flags holding a connection string: libpq's environment fills what the string leaves out. */
const CONNECTION_FLAGS = ['db-url', 'scratch-db-url']

/**
 * The EXAMPLES, ENVIRONMENT and EXIT STATUS sections of a command's --help.
 * The variables come from the registry's `env` fields, the same list
 * rawInputsFromCli reads and inputOptions declares on each flag with
 * commander's Option.env(), so help and behaviour cannot disagree. Variables
 * without a flag (github-token: GITHUB_TOKEN, then GH_TOKEN) are listed here only.
 */
export function helpSections({ examples, registry = {}, success, failure }: HelpSections): string {
  const inputs = Object.entries(registry).filter(([, spec]) => !spec.actionOnly)
  const fallbacks: Array<readonly [variable: string, use: string]> = inputs.flatMap(
    ([name, spec]) =>
      (spec.env ?? []).map((variable, _index, all) => {
        const order = all.length > 1 ? ` (the first set of ${all.join(', ')})` : ''
        const use = spec.cli
          ? `--${name} when the flag is not given`
          : `${name}: no flag, read from here`
        return [variable, `${use}${order}`] as const
      })
  )
  const names = new Set(inputs.map(([name]) => name))
  if (CONNECTION_FLAGS.some((name) => names.has(name)))
    fallbacks.push([
      'PG*',
      "libpq's variables (PGPASSWORD, PGSERVICE, PGSSLMODE, ...), the service file and ~/.pgpass fill what a connection string leaves out"
    ])
  if (names.has('s3-bucket'))
    fallbacks.push([
      'AWS_*',
      'with --store s3: AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (the AWS SDK default chain) when the s3-* flags are not given'
    ])
  const width = Math.max(0, ...fallbacks.map(([variable]) => variable.length)) + 2
  return [
    '',
    'EXAMPLES',
    ...examples.map((line) => `  ${line}`),
    '',
    'ENVIRONMENT',
    ...(fallbacks.length === 0
      ? ['  none: every input is a flag']
      : fallbacks.map(([variable, use]) => `  ${variable.padEnd(width)}${use}`)),
    '',
    'EXIT STATUS',
    `  0    ${success}`,
    `  1    ${failure}`,
    '  2    bad input: the message names the input and how to fix it',
    '  130  interrupted by SIGINT (Ctrl-C): child processes stopped, what the run created removed',
    '  143  interrupted by SIGTERM, likewise',
    ''
  ].join('\n')
}

/** Adds the sections to the command's --help. */
export function withHelpSections(command: Command, sections: HelpSections): Command {
  return command.addHelpText('after', helpSections(sections))
}

import { Option, type Command } from 'commander'
import { withEnvFallbacks, type InputRegistry, type InputSpec } from '../config/input-spec.js'
import type { RawInputs } from '../input/parse-inputs.js'
import { rawInputsFromFlags } from './flags.js'

/** The commander options of one input: `--name <value>` (with the registry's default), or a --name / --no-name pair. */
export function inputOptions(name: string, spec: InputSpec): Option[] {
  const { cli } = spec
  if (!cli || spec.actionOnly) return []
  if ('negatable' in cli) {
    // Both spellings declared, so commander leaves the value undefined unless one is given: the parser's default applies.
    return [new Option(`--${name}`, cli.help), new Option(`--no-${name}`, cli.negatedHelp)]
  }
  // The fallback variables are named in the flag's help from the registry, the list rawInputsFromCli reads.
  const env = spec.env?.length ? ` (env ${spec.env.join(', then ')})` : ''
  const option = new Option(`--${name} ${cli.value}`, `${cli.help}${env}`)
  return [spec.default === undefined ? option : option.default(spec.default)]
}

/** Adds the CLI flag of every input of the registry that has one, in the registry's order. */
export function withInputOptions(command: Command, registry: InputRegistry): Command {
  for (const [name, spec] of Object.entries(registry)) {
    for (const option of inputOptions(name, spec)) command.addOption(option)
  }
  return command
}

/**
 * The raw inputs of a command: its flags by input name, then the environment
 * variables of the inputs not given as flags.
 */
export function rawInputsFromCli(
  registry: InputRegistry,
  flags: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv
): RawInputs {
  const names = Object.keys(registry).filter((name) => !registry[name]!.actionOnly)
  return withEnvFallbacks(registry, rawInputsFromFlags(flags, names), env)
}

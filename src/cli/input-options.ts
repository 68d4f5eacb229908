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
  const option = new Option(`--${name} ${cli.value}`, cli.help)
  // The fallback variable, declared once in the registry, is declared on the option with
  // Option.env() (commander's help shows it). Its value is read from the environment the CLI
  // is given (rawInputsFromCli), not commander's process.env: see ignoreProcessEnvValues.
  if (spec.env?.length === 1) option.env(spec.env[0]!)
  else if (spec.env?.length)
    throw new Error(
      `--${name}: Option.env() takes one variable, the registry gives ${spec.env.join(', ')}`
    )
  return [spec.default === undefined ? option : option.default(spec.default)]
}

/**
 * Drops the option values commander took from process.env (Option.env()): the CLI reads its
 * environment from CliIo.env, which the in-process tests hand in, through the same registry
 * (rawInputsFromCli). Run as the program's preAction hook; a default comes back as it was.
 */
export function ignoreProcessEnvValues(command: Command): void {
  for (const option of command.options) {
    const key = option.attributeName()
    if (command.getOptionValueSource(key) === 'env')
      command.setOptionValueWithSource(key, option.defaultValue, 'default')
  }
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

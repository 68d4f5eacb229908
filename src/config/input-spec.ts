import { z } from 'zod'
import { parseInputs, type RawInputs } from '../input/parse-inputs.js'
import { parseDatabaseUrl } from '../postgres/connection-url.js'
import { registerSecret } from '../secrets.js'

/**
 * How an input is kept out of logs: `whole` registers the value itself (a token,
 * a key, a webhook URL); `url-password` registers the password of a connection
 * string (the rest of it, host and database, stays readable in messages).
 */
export type SecretKind = 'whole' | 'url-password'

/** The CLI flag of an input: `--<name> <value>`, or a `--<name>` / `--no-<name>` pair. */
export type CliFlag =
  { value: string; help: string } | { negatable: true; help: string; negatedHelp: string }

/**
 * One input, declared once: the action.yml entry, the CLI flag and the zod
 * field are all derived from it (see docs/DESIGN.md, "Inputs").
 */
export interface InputSpec {
  /** The rule a given (non-blank) value must pass; plain text when left out. */
  rule?: z.ZodType
  /** Used when the value is blank: by the parser, as the CLI flag's default and in action.yml. */
  default?: string
  /** action.yml's default where it differs from `default` ('' = resolved at run time, e.g. from $RUNNER_TEMP). */
  actionDefault?: string
  /** action.yml `required: true`; the parser refuses a blank value too (with `missing` as the message). */
  required?: boolean
  /** The message when a required input is blank (zod's own otherwise). */
  missing?: string
  secret?: SecretKind
  /** CLI only: environment variables read when the flag is not given, the first non-empty one wins. */
  env?: readonly string[]
  /** The action.yml description. */
  description: string
  /** The CLI flag; left out when the input has none (action only, or the CLI reads it from `env`). */
  cli?: CliFlag
  /**
   * Declared by the action, read by its entry (client choice, notices), not by
   * the operation's parser: no zod field, no CLI flag.
   */
  actionOnly?: boolean
}

/** An operation's inputs by kebab-case name, in action.yml order. */
export type InputRegistry = Readonly<Record<string, InputSpec>>

type RuleOf<S> = S extends { rule: infer R extends z.ZodType } ? R : z.ZodString
type FieldOf<S> = S extends { default: string }
  ? z.ZodPrefault<RuleOf<S>>
  : S extends { required: true }
    ? RuleOf<S>
    : z.ZodOptional<RuleOf<S>>
/** The zod shape of a registry: a default fills a blank value, required ones must be given, the rest are optional. */
export type RegistryShape<R extends InputRegistry> = {
  -readonly [K in keyof R as R[K] extends { actionOnly: true } ? never : K]: FieldOf<R[K]>
}

/** Keeps the literal types of a registry (defaults, required) so the parsed result is typed. */
export function defineInputs<const R extends InputRegistry>(registry: R): R {
  return registry
}

/** The same inputs in another action's words: each name's description replaced where given. */
export function withDescriptions<const R extends InputRegistry>(
  registry: R,
  descriptions: Partial<Record<keyof R, string>>
): R {
  return Object.fromEntries(
    Object.entries(registry).map(([name, spec]) => [
      name,
      { ...spec, description: descriptions[name as keyof R] ?? spec.description }
    ])
  ) as unknown as R
}

/** The same inputs as action-only ones of another operation (its entry reads them, its parser does not). */
export function asActionOnly<const R extends InputRegistry>(
  registry: R
): { readonly [K in keyof R]: R[K] & { readonly actionOnly: true } } {
  return Object.fromEntries(
    Object.entries(registry).map(([name, spec]) => [name, { ...spec, actionOnly: true }])
  ) as unknown as { readonly [K in keyof R]: R[K] & { readonly actionOnly: true } }
}

/** The input names of a registry; `parsed`: only those its parser reads (action-only ones left out). */
export function inputNames<R extends InputRegistry>(
  registry: R,
  which: 'all' | 'parsed' = 'all'
): ReadonlyArray<keyof R & string> {
  return Object.entries(registry)
    .filter(([, spec]) => which === 'all' || !spec.actionOnly)
    .map(([name]) => name)
}

/** The zod object of a registry, keyed by input name (action-only inputs left out). */
export function registrySchema<const R extends InputRegistry>(
  registry: R
): z.ZodObject<RegistryShape<R>> {
  const shape: Record<string, z.ZodType> = {}
  for (const [name, spec] of Object.entries(registry)) {
    if (spec.actionOnly) continue
    // Every input arrives as text; the rule turns it into its value.
    const rule = (spec.rule ?? z.string()) as z.ZodType<unknown, string>
    if (spec.default !== undefined) {
      // prefault, not default: the default text goes through the rule like a given value.
      shape[name] = rule.prefault(spec.default)
    } else if (spec.required) {
      shape[name] = spec.missing ? z.string({ error: spec.missing }).pipe(rule) : rule
    } else {
      shape[name] = rule.optional()
    }
  }
  return z.object(shape) as unknown as z.ZodObject<RegistryShape<R>>
}

/** Parses raw inputs against a registry; throws InputError naming the first bad input. */
export function parseRegisteredInputs<const R extends InputRegistry>(
  registry: R,
  raw: RawInputs
): z.output<z.ZodObject<RegistryShape<R>>> {
  return parseInputs(registrySchema(registry), raw)
}

/**
 * Registers every secret input of the registry that has a value, before
 * anything can fail or log. A connection string's password is registered even
 * when the string is malformed (the parser registers it before it complains);
 * the complaint itself comes again when the operation parses the URL.
 */
export function registerSecretInputs(registry: InputRegistry, raw: RawInputs): void {
  for (const [name, spec] of Object.entries(registry)) {
    const value = raw[name]
    if (!spec.secret || !value) continue
    if (spec.secret === 'whole') {
      registerSecret(value)
      continue
    }
    try {
      parseDatabaseUrl(name, value)
    } catch {
      // Registered before the parser could fail; reported later with the other inputs.
    }
  }
}

/** Fills inputs the CLI was not given from their environment variables (first non-empty one). */
export function withEnvFallbacks(
  registry: InputRegistry,
  raw: RawInputs,
  env: NodeJS.ProcessEnv
): RawInputs {
  const filled = { ...raw }
  for (const [name, spec] of Object.entries(registry)) {
    if (!spec.env || spec.actionOnly || filled[name] !== undefined) continue
    const value = spec.env.map((variable) => env[variable]).find(Boolean)
    if (value !== undefined) filled[name] = value
  }
  return filled
}

/** The default action.yml declares for an input ('' when none). */
export function actionDefault(spec: InputSpec): string {
  return spec.actionDefault ?? spec.default ?? ''
}

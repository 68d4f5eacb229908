import { z } from 'zod'
import { InputError } from '../errors.js'

/** Raw inputs keyed by their kebab-case names: action inputs and CLI flags alike. */
export type RawInputs = Record<string, string | undefined>

/**
 * Parses raw inputs with a zod schema whose keys are the input names. The
 * first problem becomes one InputError naming the input; values are never
 * echoed (an input may hold a secret).
 */
export function parseInputs<S extends z.ZodType>(schema: S, raw: RawInputs): z.output<S> {
  // Empty strings mean "not given" (an action input left blank, a CLI default).
  const given = Object.fromEntries(
    Object.entries(raw).filter(([, value]) => value !== undefined && value !== '')
  )
  const result = schema.safeParse(given)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const input = issue?.path.length ? String(issue.path[0]) : 'inputs'
  throw new InputError(input, issue?.message ?? 'is invalid')
}

/** A boolean input spelled true/false (GitHub's YAML 1.2 core schema spellings). */
export const booleanInput = (name: string) =>
  z
    .enum(['true', 'false', 'True', 'False', 'TRUE', 'FALSE'], {
      error: `must be true or false`
    })
    .transform((value) => value.toLowerCase() === 'true')
    .describe(name)

/** A whole number within [min, max], given as text. */
export const integerInput = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, { error: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be a whole number from ${min} to ${max}` })

/** A comma- or newline-separated list; blanks dropped. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean)
}

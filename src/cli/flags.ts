import type { RawInputs } from '../input/parse-inputs.js'

/** Maps commander's camelCase option values back to the kebab-case input names the schemas use. */
export function rawInputsFromFlags(
  flags: Record<string, string | boolean | undefined>,
  names: readonly string[]
): RawInputs {
  const raw: RawInputs = {}
  for (const name of names) {
    const value = flags[name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())]
    if (value !== undefined) raw[name] = String(value)
  }
  return raw
}

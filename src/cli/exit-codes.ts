import { InputError } from '../errors.js'

export const EXIT_FAILURE = 1
export const EXIT_BAD_INPUT = 2

/** Exit code for an error escaping a command: bad input 2; escalations and everything else 1. */
export function exitCodeFor(error: unknown): number {
  return error instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILURE
}

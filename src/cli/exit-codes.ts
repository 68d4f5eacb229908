import { EscalationError, InputError } from '../errors.js'

export const EXIT_PASS = 0
export const EXIT_FAILURE = 1
export const EXIT_BAD_INPUT = 2

/** Exit code for an error escaping a command: bad input 2, everything else 1. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof InputError) return EXIT_BAD_INPUT
  if (error instanceof EscalationError) return EXIT_FAILURE
  return EXIT_FAILURE
}

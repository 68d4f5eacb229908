// Types for scripts/validate-workflows.mjs (plain ESM so it runs without a build).

/** One finding: where, what, and which check found it. */
export interface Problem {
  file: string
  line?: number
  column?: number
  message: string
  kind: string
}

/** The inputs an action declares, as used to check `uses: ./<dir>` steps. */
export interface ActionShape {
  inputs: Record<string, { required?: unknown; default?: unknown }>
}

export const REQUIRED_RUNTIME: 'node24'

export function lintWorkflow(text: string, file: string): Promise<Problem[]>

export function checkActionMetadata(
  text: string,
  file: string,
  options: { root: string; fileExists?: (absolutePath: string) => boolean }
): Problem[]

export function checkLocalActionUses(
  text: string,
  file: string,
  loadAction: (dir: string) => ActionShape | undefined
): Problem[]

export function validateRepository(
  root?: string
): Promise<{ workflows: string[]; actions: string[]; problems: Problem[] }>

export function formatProblem(problem: Problem): string

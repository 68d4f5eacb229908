import { BACKUP_ACTION_INPUT_SPECS } from './backup-action-inputs.js'
import { DRILL_INPUT_SPECS, VERIFY_INPUT_SPECS } from './drill-options.js'
import { actionDefault, type InputRegistry } from './input-spec.js'
import { PRUNE_INPUT_SPECS } from './prune-options.js'
import { RESTORE_INPUT_SPECS } from './restore-options.js'
import { STATUS_INPUT_SPECS } from './status-options.js'

/** Each action.yml and the registry its `inputs:` are written from (`npm run docs`). */
export const ACTION_INPUT_REGISTRIES: Readonly<Record<string, InputRegistry>> = {
  'action.yml': BACKUP_ACTION_INPUT_SPECS,
  'verify/action.yml': VERIFY_INPUT_SPECS,
  'drill/action.yml': DRILL_INPUT_SPECS,
  'restore/action.yml': RESTORE_INPUT_SPECS,
  'prune/action.yml': PRUNE_INPUT_SPECS,
  'status/action.yml': STATUS_INPUT_SPECS
}

/** A YAML single-quoted scalar (prettier then picks the quotes it prefers). */
const quoted = (text: string): string => `'${text.replace(/'/g, "''")}'`

/** The `inputs:` block of an action.yml, from its registry. */
export function actionInputsYaml(registry: InputRegistry): string {
  const lines = ['inputs:']
  for (const [name, spec] of Object.entries(registry)) {
    lines.push(
      `  ${name}:`,
      `    description: ${quoted(spec.description)}`,
      `    required: ${spec.required === true}`,
      `    default: ${quoted(actionDefault(spec))}`
    )
  }
  return lines.join('\n') + '\n'
}

/**
 * The action.yml text with its `inputs:` block (from the `inputs:` line to the
 * blank line before `outputs:`) replaced; comments above it stay.
 */
export function withActionInputs(actionYml: string, registry: InputRegistry): string {
  const start = actionYml.search(/^inputs:$/m)
  const end = actionYml.search(/^outputs:$/m)
  if (start < 0 || end < start) throw new Error('action.yml lacks an inputs: block before outputs:')
  return `${actionYml.slice(0, start)}${actionInputsYaml(registry)}\n${actionYml.slice(end)}`
}

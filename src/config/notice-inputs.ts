import { booleanRule, httpUrlRule } from './input-schemas.js'
import {
  defineInputs,
  inputNames,
  parseRegisteredInputs,
  registerSecretInputs
} from './input-spec.js'
import type { RawInputs } from '../input/parse-inputs.js'

/**
 * The inputs that send escalation notices besides the failed run (actions
 * only). The descriptions are the drill's; an action that words them its own
 * way overrides `description` where it spreads them in.
 */
export const NOTICE_INPUT_SPECS = defineInputs({
  'escalation-issue': {
    rule: booleanRule('escalation-issue'),
    default: 'false',
    description:
      'true: on any escalation, open an issue labelled backup-escalation (or comment on the open one) with the conditions, the run link and the drill summary (needs issues: write). A failure to notify is a warning; the step fails for the escalation either way.'
  },
  'webhook-url': {
    rule: httpUrlRule,
    // A credential: anyone holding it can post.
    secret: 'whole',
    description:
      'Slack-compatible incoming webhook that receives a JSON notice ({"text": ...}) on any escalation. Pass it from a secret; masked at once.'
  },
  'github-token': {
    secret: 'whole',
    actionDefault: '${{ github.token }}',
    description: 'Token for the escalation issue.'
  }
})

/** Inputs that send escalation notices besides the failed run (actions only). */
export const NOTICE_INPUTS = inputNames(NOTICE_INPUT_SPECS)

/** Where escalation notices go. */
export interface NoticeInputs {
  escalationIssue: boolean
  githubToken: string | undefined
  webhookUrl: string | undefined
}

/**
 * Parses the notice inputs. The token and the webhook URL are registered as
 * secrets first. Parsed before the rest, so that even bad input of a scheduled
 * run can still be reported to a person.
 */
export function parseNoticeInputs(raw: RawInputs): NoticeInputs {
  registerSecretInputs(NOTICE_INPUT_SPECS, raw)
  const parsed = parseRegisteredInputs(NOTICE_INPUT_SPECS, raw)
  return {
    escalationIssue: parsed['escalation-issue'],
    githubToken: parsed['github-token'],
    webhookUrl: parsed['webhook-url']
  }
}

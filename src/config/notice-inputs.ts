import { z } from 'zod'
import { registerSecret } from '../secrets.js'
import { booleanInput, parseInputs, type RawInputs } from '../input/parse-inputs.js'

/** Inputs that send escalation notices besides the failed run (actions only). */
export const NOTICE_INPUTS = ['escalation-issue', 'webhook-url', 'github-token'] as const

/** Where escalation notices go. */
export interface NoticeInputs {
  escalationIssue: boolean
  githubToken: string | undefined
  webhookUrl: string | undefined
}

const noticeSchema = z.object({
  'escalation-issue': booleanInput('escalation-issue').default(false),
  'webhook-url': z
    .string()
    .regex(/^https?:\/\/\S+$/, {
      error: 'must be an http(s) URL (a Slack-compatible incoming webhook)'
    })
    .optional(),
  'github-token': z.string().optional()
})

/**
 * Parses the notice inputs. The token and the webhook URL (a credential: anyone
 * holding it can post) are registered as secrets first. Parsed before the rest,
 * so that even bad input of a scheduled run can still be reported to a person.
 */
export function parseNoticeInputs(raw: RawInputs): NoticeInputs {
  registerSecret(raw['github-token'])
  registerSecret(raw['webhook-url'])
  const parsed = parseInputs(noticeSchema, {
    'escalation-issue': raw['escalation-issue'],
    'webhook-url': raw['webhook-url'],
    'github-token': raw['github-token']
  })
  return {
    escalationIssue: parsed['escalation-issue'],
    githubToken: parsed['github-token'],
    webhookUrl: parsed['webhook-url']
  }
}

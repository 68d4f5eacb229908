import { z } from 'zod'
import type { RawInputs } from '../input/parse-inputs.js'
import { defineInputs, parseRegisteredInputs, registerSecretInputs } from './input-spec.js'

/** The check's ping URL: http(s), no spaces. */
const heartbeatUrlRule = z.string().regex(/^https?:\/\/\S+$/, {
  error: "must be an http(s) URL: the check's ping URL, e.g. https://hc-ping.com/<uuid>"
})

/** The heartbeat input of backup, drill and status (one spec, so one rule). */
export const HEARTBEAT_INPUT_SPECS = defineInputs({
  'heartbeat-url': {
    rule: heartbeatUrlRule,
    // Anyone holding it can report a success that never happened.
    secret: 'whole',
    description:
      "Dead man's switch (healthchecks.io convention): GET <url>/start when the run starts, <url> when it succeeds, <url>/fail when it fails, each with a 5 s timeout. A ping that fails is a warning, never the run's result. The monitor alerts when pings stop (a schedule GitHub disabled, Actions turned off). Pass it from a secret; masked at once.",
    cli: {
      value: '<url>',
      help: 'ping <url>/start, then <url> or <url>/fail (healthchecks.io convention; never changes the result)'
    }
  }
})

/** The heartbeat URL of a run (registered as a secret first); InputError when it is not an http(s) URL. */
export function parseHeartbeatUrl(raw: RawInputs): string | undefined {
  registerSecretInputs(HEARTBEAT_INPUT_SPECS, raw)
  return parseRegisteredInputs(HEARTBEAT_INPUT_SPECS, raw)['heartbeat-url']
}

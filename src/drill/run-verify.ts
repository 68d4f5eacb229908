import type { VerifyOptions } from '../config/drill-options.js'
import type { Logger } from '../log/logger.js'
import { conditionsOf, type Check } from './checks.js'
import { withVerifiedBackup } from './fetch-verified.js'
import type { EscalationCondition } from '../errors.js'
import type { ResolvePgBinDir } from '../postgres/exact-client.js'

export interface VerifyResult {
  name: string
  origin: string
  result: 'pass' | 'fail'
  escalations: EscalationCondition[]
  /** SHA-256 of the stored bytes as computed by this verification. */
  sha256: string
  checks: Check[]
}

/**
 * `verify`: fetch a backup and prove its bytes and archive intact, without
 * restoring it. `resolvePgBinDir`: without pg-bin-dir, a pg_restore of the
 * archive's exact major (the action installs one).
 */
export async function runVerify(
  options: VerifyOptions,
  logger: Logger,
  deps: { resolvePgBinDir?: ResolvePgBinDir } = {}
): Promise<VerifyResult> {
  return withVerifiedBackup(
    options.source,
    {
      pgBinDir: options.pgBinDir,
      decryptIdentity: options.decryptIdentity,
      resolvePgBinDir: deps.resolvePgBinDir
    },
    logger,
    (name) => `Verify ${name}`,
    async (located, verified) => {
      const escalations = conditionsOf(verified.checks)
      return {
        name: located.name,
        origin: located.origin,
        result: escalations.length ? 'fail' : 'pass',
        escalations,
        sha256: verified.sha256,
        checks: verified.checks
      }
    }
  )
}

/** Markdown for verify's summary. */
export function verifySummaryMarkdown(result: VerifyResult): string {
  const verdict =
    result.result === 'pass' ? 'PASS ✅' : `FAIL ❌ — escalate: ${result.escalations.join(', ')}`
  return (
    [
      `## Verify \`${result.name}\`: ${verdict}`,
      '',
      `Backup: ${result.origin}`,
      '',
      '| Check | Result | Detail |',
      '|---|---|---|',
      ...result.checks.map(
        (c) =>
          `| ${c.name} | ${c.status}${c.condition && c.status === 'fail' ? ` (\`${c.condition}\`)` : ''} | ${c.detail.replace(/\|/g, '\\|')} |`
      )
    ].join('\n') + '\n'
  )
}

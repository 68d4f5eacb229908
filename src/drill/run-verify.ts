import type { VerifyOptions } from '../config/drill-options.js'
import type { Logger } from '../log/logger.js'
import { conditionsOf, type Check } from './checks.js'
import { locateBackup } from './locate-backup.js'
import { verifyBackup } from './verify-backup.js'
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
  const located = await logger.group('Fetch backup', () => locateBackup(options.source, logger))
  try {
    const verified = await logger.group(`Verify ${located.name}`, () =>
      verifyBackup(located, {
        pgBinDir: options.pgBinDir,
        decryptIdentity: options.decryptIdentity,
        resolvePgBinDir: deps.resolvePgBinDir,
        logger
      })
    )
    await verified.cleanup()
    const escalations = conditionsOf(verified.checks)
    return {
      name: located.name,
      origin: located.origin,
      result: escalations.length ? 'fail' : 'pass',
      escalations,
      sha256: verified.sha256,
      checks: verified.checks
    }
  } finally {
    await located.cleanup()
  }
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

import type { Command } from 'commander'
import { STATUS_INPUT_SPECS, parseStatusInputs } from '../../config/status-options.js'
import { runStatus } from '../../status/run-status.js'
import { statusSummaryMarkdown } from '../../status/status-summary.js'
import { runCommand, withCommonFlags, withHeartbeatFlag, type CliIo } from '../context.js'
import { rawInputsFromCli, withInputOptions } from '../input-options.js'
import { withHelpSections, type HelpSections } from '../help.js'

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP: HelpSections = {
  examples: [
    'backup-drill status --out-dir ./backups --log-dir ./drill-logs',
    'backup-drill status --out-dir ./backups --log-dir ./drill-logs --rpo-hours 24 --json',
    '# GitHub artifacts of a repository (the token needs actions:read), with the HTML report',
    'GITHUB_TOKEN=... backup-drill status --repository octo-org/app --artifact-name opta-supabase --report status.html'
  ],
  registry: STATUS_INPUT_SPECS,
  success: 'healthy, or only warnings (missing days, incomplete sets, a size jump)',
  failure: 'rpo-exceeded or drill-overdue'
}

/**
 * `backup-drill status`: is the newest backup within the RPO, the last drill
 * recent and passing, retention as the policy says, the size as usual? Reads
 * only. Exit 1 with rpo-exceeded / drill-overdue; warnings keep exit 0.
 */
export function registerStatusCommand(program: Command, io: CliIo): void {
  withHelpSections(
    withCommonFlags(
      withHeartbeatFlag(
        withInputOptions(
          program
            .command('status')
            .description(
              'report the age of the newest backup against the RPO, the newest drill and its result, retention health and the size trend of a folder, GitHub artifacts or an S3 bucket (exit 1 on rpo-exceeded or drill-overdue)'
            ),
          STATUS_INPUT_SPECS
        )
      )
    ),
    HELP
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const options = parseStatusInputs(rawInputsFromCli(STATUS_INPUT_SPECS, flags, io.env), io.env)
      const result = await runStatus({ ...options, now: new Date() }, logger)
      return { result, passed: result.result === 'pass', human: statusSummaryMarkdown(result) }
    })
  })
}

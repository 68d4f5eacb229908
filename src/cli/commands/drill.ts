import type { Command } from 'commander'
import { DRILL_INPUT_SPECS, parseDrillOptions } from '../../config/drill-options.js'
import { InputError } from '../../errors.js'
import { bucketLogStore } from '../../drill/drill-log-store.js'
import { runDrill } from '../../drill/run-drill.js'
import { runCommand, withCommonFlags, withHeartbeatFlag, type CliIo } from '../context.js'
import { rawInputsFromCli, withInputOptions } from '../input-options.js'
import { withHelpSections, type HelpSections } from '../help.js'

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP: HelpSections = {
  examples: [
    'BACKUP_DRILL_SCRATCH_DB_URL=postgres://postgres:PASSWORD@localhost:5433/postgres \\',
    '  backup-drill drill --backup latest --out-dir ./backups --log-dir ./drill-logs',
    "# with a smoke test and the SOP's objectives",
    'backup-drill drill --backup latest --smoke-command ./tests/smoke.sh --rpo-hours 24 --rto-minutes 60'
  ],
  registry: DRILL_INPUT_SPECS,
  success:
    'the drill passed: restored, equal to the manifest, smoke test green, within RPO and RTO',
  failure:
    'an escalation (restore-failed, validation-failed, smoke-failed, rpo-exceeded, ...), each one in the drill log'
}

/** `backup-drill drill`: SOP §2-3, restore into scratch and prove it equal to the manifest. */
export function registerDrillCommand(program: Command, io: CliIo): void {
  withHelpSections(
    withCommonFlags(
      withHeartbeatFlag(
        withInputOptions(
          program
            .command('drill')
            .description(
              'restore a verified backup into a scratch database, validate it against the manifest, run the smoke test, write the drill log'
            ),
          DRILL_INPUT_SPECS
        )
      )
    ),
    HELP
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const options = parseDrillOptions(rawInputsFromCli(DRILL_INPUT_SPECS, flags, io.env), io.env)
      // With a bucket the CLI can store the log beside the sets; artifacts are the action's alone.
      const upload =
        options.upload !== 'artifact'
          ? undefined
          : options.source.kind === 's3'
            ? bucketLogStore(options.source.s3, logger)
            : undefined
      if (options.upload === 'artifact' && !upload)
        throw new InputError(
          'upload',
          'the CLI keeps drill logs in --log-dir (with --store s3 also in the bucket); artifact uploads are done by the drill action'
        )
      const { log, markdown, logPath } = await runDrill(
        options,
        logger,
        upload ? { storeLog: upload.store } : {}
      )
      const storedAt = upload?.storedAt()
      return {
        result: { ...log, logPath, ...(storedAt ? { logStoredAt: storedAt } : {}) },
        // A log that was to be stored and was not: the drill still needs a person.
        passed: log.result === 'pass' && upload?.failure() === undefined,
        human: markdown + (storedAt ? `\nDrill log stored: ${storedAt}\n` : '')
      }
    })
  })
}

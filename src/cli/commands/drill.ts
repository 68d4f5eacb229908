import type { Command } from 'commander'
import { DRILL_INPUT_SPECS, parseDrillOptions } from '../../config/drill-options.js'
import { InputError } from '../../errors.js'
import { runDrill } from '../../drill/run-drill.js'
import { runCommand, withCommonFlags, withHeartbeatFlag, type CliIo } from '../context.js'
import { rawInputsFromCli, withInputOptions } from '../input-options.js'

/** `backup-drill drill`: SOP §2-3, restore into scratch and prove it equal to the manifest. */
export function registerDrillCommand(program: Command, io: CliIo): void {
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
  ).action(async (flags: Record<string, string | boolean | undefined>) => {
    await runCommand(io, flags, async (logger) => {
      const options = parseDrillOptions(rawInputsFromCli(DRILL_INPUT_SPECS, flags, io.env), io.env)
      if (options.upload === 'artifact')
        throw new InputError(
          'upload',
          'the CLI keeps drill logs in --log-dir; artifact uploads are done by the drill action'
        )
      const { log, markdown, logPath } = await runDrill(options, logger)
      return { result: { ...log, logPath }, passed: log.result === 'pass', human: markdown }
    })
  })
}

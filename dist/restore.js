import { join } from 'node:path';
import { s as setFailed } from './chunks/core.js';
import { R as RESTORE_INPUTS, p as parseRestoreOptions, r as runRestore } from './chunks/run-restore.js';
import { r as registerSecret, m as maskSecrets, E as EscalationError, e as errorMessage } from './chunks/_commonjsHelpers.js';
import { r as runAction, a as readActionInputs, s as setOutputs, w as writeJobSummary } from './chunks/action-runtime.js';
import { a as annotateEscalations, f as fetchFailureAsEscalation } from './chunks/escalations.js';
import { a as pgClientChoice } from './chunks/pg-client.js';
import 'os';
import 'crypto';
import 'fs';
import 'path';
import 'http';
import 'https';
import 'net';
import 'tls';
import 'events';
import 'assert';
import 'util';
import 'node:assert';
import 'node:net';
import 'node:http';
import 'node:stream';
import 'node:buffer';
import 'node:util';
import 'node:querystring';
import 'node:events';
import 'node:diagnostics_channel';
import 'node:tls';
import 'node:zlib';
import 'node:perf_hooks';
import 'node:util/types';
import 'node:worker_threads';
import 'node:url';
import 'node:async_hooks';
import 'node:console';
import 'node:dns';
import 'string_decoder';
import 'child_process';
import 'timers';
import 'node:os';
import './chunks/source.js';
import 'node:crypto';
import 'node:fs';
import 'node:fs/promises';
import 'node:stream/promises';
import './chunks/interrupts.js';
import 'node:child_process';
import 'util/types';
import 'dns';
import 'stream';
import './chunks/verify-backup.js';
import './chunks/directory-store.js';
import './chunks/validate-restore.js';
import './chunks/file-system.js';
import './chunks/artifact-errors.js';
import 'url';
import './chunks/service-type.js';
import 'node:process';
import 'tty';
import 'node:module';
import 'node:https';
import 'buffer';

/**
 * The production restore sub-action (restore/action.yml), SOP §4, incident
 * only: inputs -> runRestore -> outputs, the job summary (checks, data-loss
 * window, duration, the SOP steps that remain manual) and, on any
 * escalation, one annotation per condition and a failed step.
 */
async function run(env = process.env) {
    await runAction(async (logger) => {
        const raw = readActionInputs(RESTORE_INPUTS);
        // The whole URL masked at once (parsing masks its password too), before any line is logged.
        registerSecret(raw['db-url']);
        // action.yml defaults cannot use the runner context: blank means the runner's temp folder.
        if (!raw['log-dir'] && env.RUNNER_TEMP)
            raw['log-dir'] = join(env.RUNNER_TEMP, 'restore-logs');
        if (!raw['out-dir'] && env.RUNNER_TEMP)
            raw['out-dir'] = join(env.RUNNER_TEMP, 'backups');
        raw.repository ??= env.GITHUB_REPOSITORY;
        const options = parseRestoreOptions(raw);
        const client = pgClientChoice(readActionInputs(['postgres-version'])['postgres-version'], options.pgBinDir, { logger, condition: 'backup-unreadable' });
        options.pgBinDir = client.pgBinDir;
        const result = await restoreOrEscalate(() => runRestore(options, logger, { resolvePgBinDir: client.resolvePgBinDir }));
        const { log } = result;
        setOutputs({
            result: log.result,
            'data-loss-hours': result.dataLossHours === null ? '' : round(result.dataLossHours),
            'restore-seconds': round(result.restoreSeconds),
            'log-path': result.logPath
        });
        if (log.escalations.length > 0) {
            // Annotations first: nothing after this can hide the escalation.
            annotateEscalations(log.checks, log.escalations, logger);
            await summarize(result, logger);
            setFailed(maskSecrets(`Production restore failed: escalate ${log.escalations.join(', ')} (restore log: ${result.logPath})`));
            return;
        }
        await summarize(result, logger);
        logger.info(`Production restore passed (restore log: ${result.logPath}). Still manual: reopen traffic, unfreeze writes and deploys, record the data-loss window and duration in the incident.`);
    });
}
/** A backup that could not be fetched becomes a `backup-unreadable` escalation, with outputs. */
async function restoreOrEscalate(work) {
    try {
        return await work();
    }
    catch (error) {
        const mapped = fetchFailureAsEscalation(error);
        if (mapped instanceof EscalationError) {
            setOutputs({ result: 'fail' });
            await writeJobSummary(`## Production restore: FAIL ❌ — escalate: ${mapped.condition}\n\n${mapped.message}\n\n**Production was not touched.**\n`).catch(() => undefined);
        }
        throw mapped;
    }
}
/** The restore summary is the job summary; a summary that cannot be written is only a warning. */
async function summarize(result, logger) {
    await writeJobSummary(result.markdown).catch((error) => logger.warning(`job summary not written: ${errorMessage(error)}`));
}
const round = (n) => Math.round(n * 1000) / 1000;
await run();

export { run };

import { R as RESTORE_INPUTS, p as parseRestoreOptions, r as runRestore } from './chunks/run-restore.js';
import { r as round3 } from './chunks/file-system.js';
import { r as registerSecret } from './chunks/secrets.js';
import { r as runAction, a as readActionInputs, d as defaultToRunnerTemp } from './chunks/action-runtime.js';
import { f as failedRunOutcome } from './chunks/failed-run.js';
import { c as choosePgClient } from './chunks/pg-client.js';
import 'node:os';
import './chunks/_commonjsHelpers.js';
import './chunks/heartbeat.js';
import 'node:fs';
import 'node:net';
import 'node:path';
import 'node:async_hooks';
import 'node:fs/promises';
import './chunks/source.js';
import './chunks/notice-inputs.js';
import 'node:crypto';
import 'node:stream';
import 'node:stream/promises';
import 'node:child_process';
import 'node:util';
import 'events';
import 'util';
import 'util/types';
import 'crypto';
import 'dns';
import 'fs';
import 'net';
import 'tls';
import 'path';
import 'stream';
import 'string_decoder';
import './chunks/drill-options.js';
import './chunks/scratch-identity.js';
import './chunks/backup-set.js';
import './chunks/drill-log.js';
import './chunks/rls-probe.js';
import 'node:tls';
import './chunks/fetch-verified.js';
import './chunks/artifact-errors.js';
import './chunks/directory-store.js';
import './chunks/set-files.js';
import './chunks/core.js';
import 'os';
import 'http';
import 'https';
import 'node:timers/promises';
import 'assert';
import 'node:assert';
import 'node:http';
import 'node:buffer';
import 'node:querystring';
import 'node:events';
import 'node:diagnostics_channel';
import 'node:zlib';
import 'node:perf_hooks';
import 'node:util/types';
import 'node:worker_threads';
import 'node:url';
import 'node:console';
import 'node:dns';
import 'child_process';
import 'timers';
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
        defaultToRunnerTemp(raw, { 'log-dir': 'restore-logs', 'out-dir': 'backups' }, env);
        raw.repository ??= env.GITHUB_REPOSITORY;
        const options = parseRestoreOptions(raw);
        const resolvePgBinDir = choosePgClient(options, logger);
        let result;
        try {
            result = await runRestore(options, logger, { resolvePgBinDir });
        }
        catch (error) {
            return failedRunOutcome(error, {
                onEscalation: ({ condition, message }) => ({
                    outputs: { result: 'fail' },
                    summary: `## Production restore: FAIL ❌ — escalate: ${condition}\n\n${message}\n\n**Production was not touched.**\n`
                })
            });
        }
        const { log } = result;
        const escalated = log.escalations.length > 0;
        return {
            outputs: {
                result: log.result,
                'data-loss-hours': result.dataLossHours === null ? '' : round3(result.dataLossHours),
                'restore-seconds': round3(result.restoreSeconds),
                'log-path': result.logPath
            },
            escalations: { checks: log.checks, conditions: log.escalations },
            summary: result.markdown,
            ...(escalated
                ? {
                    failure: {
                        message: `Production restore failed: escalate ${log.escalations.join(', ')} (restore log: ${result.logPath})`
                    }
                }
                : {
                    closing: `Production restore passed (restore log: ${result.logPath}). Still manual: reopen traffic, unfreeze writes and deploys, record the data-loss window and duration in the incident.`
                })
        };
    });
}

// The bundle's entry for dist/restore.js: only the call. ../restore.ts runs nothing when
// imported, so a runner that imports it and calls run() itself
// (@github/local-action, tests) runs the action exactly once.
await run();

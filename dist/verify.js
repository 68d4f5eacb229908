import { V as VERIFY_INPUTS, a as parseVerifyOptions } from './chunks/drill-options.js';
import { r as runVerify, v as verifySummaryMarkdown } from './chunks/run-verify.js';
import { r as runAction, a as readActionInputs, d as defaultToRunnerTemp } from './chunks/action-runtime.js';
import { f as failedRunOutcome } from './chunks/failed-run.js';
import { c as choosePgClient } from './chunks/pg-client.js';
import 'node:os';
import './chunks/heartbeat.js';
import './chunks/_commonjsHelpers.js';
import './chunks/secrets.js';
import 'node:fs';
import 'node:net';
import 'node:path';
import 'node:async_hooks';
import 'node:fs/promises';
import './chunks/notice-inputs.js';
import 'node:crypto';
import 'node:stream';
import 'node:stream/promises';
import './chunks/fetch-verified.js';
import './chunks/artifact-errors.js';
import './chunks/backup-set.js';
import './chunks/directory-store.js';
import './chunks/set-files.js';
import './chunks/source.js';
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
import 'node:tls';
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
 * The verify sub-action (verify/action.yml): fetch a backup and prove its bytes
 * and archive intact without restoring it. One annotation per escalation
 * condition, then a failed step.
 */
async function run() {
    await runAction(async (logger) => {
        const raw = readActionInputs(VERIFY_INPUTS);
        // The root action writes its sets to $RUNNER_TEMP/backups by default: look there too.
        defaultToRunnerTemp(raw, { 'out-dir': 'backups' });
        // parseVerifyOptions registers the token as a secret before anything is logged.
        const options = parseVerifyOptions(raw);
        const resolvePgBinDir = choosePgClient(options, logger);
        let result;
        try {
            result = await runVerify(options, logger, { resolvePgBinDir });
        }
        catch (error) {
            return failedRunOutcome(error, {
                onEscalation: ({ condition }) => ({ outputs: { result: 'fail', escalations: condition } })
            });
        }
        const escalated = result.escalations.length > 0;
        return {
            outputs: {
                result: result.result,
                escalations: result.escalations.join(','),
                sha256: result.sha256
            },
            escalations: { checks: result.checks, conditions: result.escalations },
            summary: verifySummaryMarkdown(result),
            ...(escalated
                ? {
                    failure: {
                        message: `Backup ${result.name} did not verify: escalate ${result.escalations.join(', ')}`
                    }
                }
                : { closing: `Backup ${result.name} verified (${result.origin})` })
        };
    });
}

// The bundle's entry for dist/verify.js: only the call. ../verify.ts runs nothing when
// imported, so a runner that imports it and calls run() itself
// (@github/local-action, tests) runs the action exactly once.
await run();

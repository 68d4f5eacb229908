import { P as PRUNE_INPUTS, p as parsePruneInputs } from './chunks/artifact-backup-store.js';
import { E as EscalationError } from './chunks/_commonjsHelpers.js';
import { r as runPrune, p as pruneSummaryMarkdown } from './chunks/prune-summary.js';
import { r as runAction, a as readActionInputs, f as failureOf } from './chunks/action-runtime.js';
import './chunks/heartbeat.js';
import './chunks/secrets.js';
import 'node:fs';
import 'node:net';
import 'node:os';
import 'node:path';
import 'node:async_hooks';
import 'node:fs/promises';
import './chunks/policy.js';
import './chunks/backup-set.js';
import './chunks/artifact-errors.js';
import './chunks/directory-store.js';
import './chunks/set-files.js';
import './chunks/needs.js';
import './chunks/artifact-retention.js';
import './chunks/core.js';
import 'fs';
import 'os';
import 'http';
import 'https';
import 'node:timers/promises';
import 'crypto';
import 'path';
import 'net';
import 'tls';
import 'events';
import 'assert';
import 'util';
import 'node:assert';
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
import 'node:console';
import 'node:dns';
import 'string_decoder';
import 'child_process';
import 'timers';

/** The prune sub-action (prune/action.yml): inputs -> runPrune -> outputs and job summary. */
async function run() {
    await runAction(async (logger) => {
        const raw = readActionInputs(PRUNE_INPUTS);
        // action.yml defaults it to github.repository; this covers a run without that default.
        raw.repository ??= process.env.GITHUB_REPOSITORY;
        const options = parsePruneInputs(raw);
        const result = await runPrune({ ...options, now: new Date() }, logger);
        const summary = pruneSummaryMarkdown(result);
        // A store that cannot keep what the policy needs fails with its condition and fix;
        // retention that silently stops working fills the disk: fail the step so someone looks.
        const failure = result.escalation
            ? new EscalationError(result.escalation.condition, result.escalation.message)
            : !result.passed
                ? new Error('prune did not finish: see the listing problems or failed deletions in the summary')
                : undefined;
        return {
            outputs: {
                'kept-count': result.kept.length,
                'deleted-count': result.deleted.filter((entry) => entry.status === 'deleted' || entry.status === 'dry-run').length,
                summary
            },
            summary,
            ...(failure ? { failure: failureOf(failure) } : {})
        };
    });
}

// The bundle's entry for dist/prune.js: only the call. ../prune.ts runs nothing when
// imported, so a runner that imports it and calls run() itself
// (@github/local-action, tests) runs the action exactly once.
await run();

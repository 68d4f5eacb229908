import { P as PRUNE_INPUTS, p as parsePruneInputs, r as runPrune, a as pruneSummaryMarkdown } from './chunks/prune-summary.js';
import { r as runAction, a as readActionInputs, s as setOutputs, w as writeJobSummary } from './chunks/action-runtime.js';
import './chunks/interrupts.js';
import './chunks/_commonjsHelpers.js';
import 'node:os';
import 'node:async_hooks';
import 'node:fs/promises';
import './chunks/artifact-errors.js';
import './chunks/directory-store.js';
import 'node:path';
import './chunks/core.js';
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
        setOutputs({
            'kept-count': result.kept.length,
            'deleted-count': result.deleted.filter((entry) => entry.status === 'deleted' || entry.status === 'dry-run').length,
            summary
        });
        await writeJobSummary(summary);
        // Retention that silently stops working fills the disk; fail the step so someone looks.
        if (!result.passed)
            throw new Error('prune did not finish: see the listing problems or failed deletions in the summary');
    });
}
await run();

export { run };

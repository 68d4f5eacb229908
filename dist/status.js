import { p as parseNoticeInputs } from './chunks/notice-inputs.js';
import { S as STATUS_ACTION_INPUTS, p as parseStatusInputs, r as runStatus, s as statusSummaryMarkdown } from './chunks/status-summary.js';
import { r as runAction, b as readActionInputs, c as runContextFromEnv, g as escalationMessage } from './chunks/action-runtime.js';
import 'node:crypto';
import 'node:fs';
import 'node:fs/promises';
import 'node:path';
import 'node:stream';
import 'node:stream/promises';
import './chunks/artifact-errors.js';
import './chunks/secrets.js';
import './chunks/heartbeat.js';
import 'node:net';
import 'node:os';
import 'node:async_hooks';
import './chunks/policy.js';
import './chunks/drill-options.js';
import './chunks/artifact-backup-store.js';
import './chunks/backup-set.js';
import './chunks/directory-store.js';
import './chunks/set-files.js';
import './chunks/drill-log.js';
import './chunks/numbers.js';
import './chunks/core.js';
import 'fs';
import 'os';
import 'http';
import 'https';
import 'crypto';
import 'path';
import 'net';
import 'tls';
import 'events';
import 'assert';
import 'util';
import 'node:assert';
import 'node:http';
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

/**
 * The status sub-action (status/action.yml): inputs -> runStatus -> outputs,
 * job summary, and for rpo-exceeded / drill-overdue one annotation per
 * condition, the configured notices and a failed step. Warnings (missing days,
 * incomplete sets, a size jump) are annotations only.
 */
async function run(env = process.env) {
    await runAction({ heartbeat: true }, async (logger) => {
        const raw = readActionInputs(STATUS_ACTION_INPUTS);
        raw.repository ??= env.GITHUB_REPOSITORY;
        const notice = parseNoticeInputs(raw);
        const options = parseStatusInputs(raw);
        const context = runContextFromEnv(env);
        const notify = {
            ...notice,
            ...(context.repository ? { repository: context.repository } : {}),
            apiUrl: context.apiUrl
        };
        const report = await runStatus({ ...options, now: new Date() }, logger);
        const summary = statusSummaryMarkdown(report);
        const outputs = {
            result: report.result,
            conditions: report.conditions.join(','),
            'backup-age-hours': report.backup.newest?.ageHours ?? '',
            'drill-age-days': report.drill.newest?.ageDays ?? '',
            warnings: report.checks.filter((check) => check.status === 'warn').length,
            json: JSON.stringify(report)
        };
        if (report.result === 'pass') {
            return { outputs, summary, closing: `Backup status: pass (${report.store})` };
        }
        // The failed status checks have the drill's Check shape: the same annotations and notice text.
        const checks = report.checks.filter((check) => check.status === 'fail');
        return {
            outputs,
            escalations: { checks, conditions: report.conditions },
            summary,
            notice: {
                notice: {
                    operation: 'status',
                    conditions: report.conditions,
                    message: escalationMessage(checks, report.conditions),
                    summaryMarkdown: summary,
                    repository: context.repository,
                    runUrl: context.runUrl
                },
                options: notify
            },
            failure: { message: `Backup status: escalate ${report.conditions.join(', ')}` }
        };
    });
}

// The bundle's entry for dist/status.js: only the call. ../status.ts runs nothing when
// imported, so a runner that imports it and calls run() itself
// (@github/local-action, tests) runs the action exactly once.
await run();

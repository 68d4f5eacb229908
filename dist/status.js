import { resolve } from 'node:path';
import { p as parseNoticeInputs, o as ownedTempDir } from './chunks/notice-inputs.js';
import { S as STATUS_ACTION_INPUTS, p as parseStatusInputs, a as parseStatusReportArtifact, r as runStatus, s as statusSummaryMarkdown } from './chunks/status-summary.js';
import { e as errorMessage } from './chunks/_commonjsHelpers.js';
import { b as backupSetName } from './chunks/backup-set.js';
import { r as runAction, a as readActionInputs, b as runContextFromEnv, c as escalationMessage } from './chunks/action-runtime.js';
import 'node:crypto';
import 'node:fs';
import 'node:fs/promises';
import 'node:stream';
import 'node:stream/promises';
import './chunks/heartbeat.js';
import './chunks/secrets.js';
import 'node:net';
import 'node:os';
import 'node:async_hooks';
import './chunks/policy.js';
import './chunks/drill-options.js';
import './chunks/artifact-backup-store.js';
import './chunks/artifact-errors.js';
import './chunks/file-system.js';
import './chunks/directory-store.js';
import './chunks/set-files.js';
import './chunks/drill-log.js';
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

/** The report artifact is `status-report-<yyyymmdd-HHMMSS>`: no backup prefix's `<prefix>-<stamp>` by default. */
const REPORT_ARTIFACT_PREFIX = 'status-report';
/** Days GitHub keeps the report (a repository limit below it wins; the upload says so). */
const REPORT_RETENTION_DAYS = 90;
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
        const uploadReport = parseStatusReportArtifact(raw);
        const now = new Date();
        // Uploading needs a file: the given report path, else one in a temporary folder of this run.
        const folder = uploadReport && options.reportPath === undefined
            ? await ownedTempDir('backup-drill-status-report-')
            : undefined;
        const reportPath = folder ? `${folder.path}/backup-status.html` : options.reportPath;
        const report = await runStatus({ ...options, ...(reportPath === undefined ? {} : { reportPath }), now }, logger);
        const extras = { history: true };
        if (uploadReport && reportPath !== undefined) {
            extras.reportArtifact = await uploadReportArtifact(resolve(reportPath), now, env, logger);
            await folder?.undo();
        }
        const summary = statusSummaryMarkdown(report, extras);
        const outputs = {
            result: report.result,
            conditions: report.conditions.join(','),
            'backup-age-hours': report.backup.newest?.ageHours ?? '',
            'drill-age-days': report.drill.newest?.ageDays ?? '',
            warnings: report.checks.filter((check) => check.status === 'warn').length,
            'report-url': extras.reportArtifact && 'url' in extras.reportArtifact ? extras.reportArtifact.url : '',
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
                    // The status table and the report link; the history tables stay in the job summary.
                    summaryMarkdown: statusSummaryMarkdown(report, { ...extras, history: false }),
                    repository: context.repository,
                    runUrl: context.runUrl
                },
                options: notify
            },
            failure: { message: `Backup status: escalate ${report.conditions.join(', ')}` }
        };
    });
}
/**
 * Uploads the HTML report as an artifact of this run and returns its link
 * (`<server>/<repo>/actions/runs/<run>/artifacts/<id>`). A failed upload is a
 * warning and the reason: the status result does not depend on it.
 */
async function uploadReportArtifact(file, now, env, logger) {
    const name = backupSetName(REPORT_ARTIFACT_PREFIX, now);
    try {
        const { uploadBackupArtifact } = await import('./chunks/artifact-store.js');
        const uploaded = await uploadBackupArtifact({
            name,
            files: [file],
            retentionDays: REPORT_RETENTION_DAYS,
            logger
        });
        const { runUrl } = runContextFromEnv(env);
        if (!runUrl)
            throw new Error('GITHUB_REPOSITORY or GITHUB_RUN_ID is not set: no link to give');
        const url = `${runUrl}/artifacts/${uploaded.id}`;
        logger.info(`HTML report: ${url}`);
        return { name, url };
    }
    catch (error) {
        const failure = `artifact ${name}: ${errorMessage(error)}`;
        logger.warning(`The HTML report was not uploaded (${failure}); the status stands.`, {
            title: 'Backup status: report not uploaded'
        });
        return { failure };
    }
}

// The bundle's entry for dist/status.js: only the call. ../status.ts runs nothing when
// imported, so a runner that imports it and calls run() itself
// (@github/local-action, tests) runs the action exactly once.
await run();

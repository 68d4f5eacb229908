import { p as parseDrillOptions, D as DRILL_ACTION_INPUTS } from './chunks/drill-options.js';
import { p as parseNoticeInputs } from './chunks/notice-inputs.js';
import { b as bucketLogStore, r as runDrill, a as rememberingLogStore } from './chunks/run-drill.js';
import { r as runAction, a as readActionInputs, d as defaultToRunnerTemp, b as runContextFromEnv, c as escalationMessage, f as failureOf } from './chunks/action-runtime.js';
import { r as registerSecret } from './chunks/secrets.js';
import { uploadBackupArtifact } from './chunks/artifact-store.js';
import { f as failedRunOutcome } from './chunks/failed-run.js';
import { c as choosePgClient } from './chunks/pg-client.js';
import 'node:os';
import './chunks/heartbeat.js';
import './chunks/_commonjsHelpers.js';
import 'node:fs';
import 'node:net';
import 'node:path';
import 'node:async_hooks';
import 'node:fs/promises';
import 'node:crypto';
import 'node:stream';
import 'node:stream/promises';
import './chunks/file-system.js';
import './chunks/scratch-identity.js';
import './chunks/backup-set.js';
import './chunks/drill-log.js';
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
import './chunks/service-type.js';
import 'node:process';
import 'tty';
import 'url';
import 'node:module';
import 'node:https';
import 'buffer';
import 'fs/promises';
import 'constants';
import 'node:string_decoder';
import 'zlib';
import './chunks/artifact-retention.js';

/** GitHub's upper bound; the repository's own limit (GITHUB_RETENTION_DAYS) is used when lower. */
const MAX_LOG_RETENTION_DAYS = 400;
/**
 * The drill sub-action (drill/action.yml), SOP §2–3: inputs -> runDrill ->
 * outputs, job summary (the drill log), the log as an artifact, and for every
 * escalation one annotation per condition, the configured notices and a
 * failed step.
 */
async function run(env = process.env) {
    await runAction({ heartbeat: true }, async (logger) => {
        const raw = readActionInputs(DRILL_ACTION_INPUTS);
        // Whole URLs masked at once (parsing masks their passwords too), before any line is logged.
        registerSecret(raw['scratch-db-url']);
        registerSecret(raw['db-url']);
        const notice = parseNoticeInputs(raw);
        defaultToRunnerTemp(raw, { 'log-dir': 'drill-logs', 'out-dir': 'backups' }, env);
        const options = parseDrillOptions(raw);
        const resolvePgBinDir = choosePgClient(options, logger);
        const context = runContextFromEnv(env);
        const notify = {
            ...notice,
            ...(context.repository ? { repository: context.repository } : {}),
            apiUrl: context.apiUrl
        };
        // upload: artifact stores the log where the backups are: with store s3 in the bucket, else as an artifact.
        const upload = options.upload !== 'artifact'
            ? undefined
            : options.source.kind === 's3'
                ? bucketLogStore(options.source.s3, logger)
                : artifactLogStore(logger, env);
        let result;
        try {
            result = await runDrill(options, logger, {
                ...(upload ? { storeLog: upload.store } : {}),
                resolvePgBinDir
            });
        }
        catch (error) {
            return failedRunOutcome(error, {
                onEscalation: ({ condition, message }) => ({
                    outputs: { result: 'fail', escalations: condition },
                    summary: `## Restore drill: FAIL ❌ — escalate: ${condition}\n\n${message}\n`
                }),
                notice: { operation: 'drill', context, options: notify }
            });
        }
        const { log } = result;
        const outputs = {
            result: log.result,
            'rpo-hours': log.rpo.hours ?? '',
            'rto-seconds': log.rto.seconds,
            'log-path': result.logPath,
            escalations: log.escalations.join(',')
        };
        if (log.escalations.length > 0) {
            return {
                outputs,
                escalations: { checks: log.checks, conditions: log.escalations },
                summary: result.markdown,
                notice: {
                    notice: {
                        operation: 'drill',
                        conditions: log.escalations,
                        message: escalationMessage(log.checks, log.escalations),
                        summaryMarkdown: result.markdown,
                        repository: context.repository,
                        runUrl: context.runUrl
                    },
                    options: notify
                },
                failure: {
                    message: `Restore drill failed: escalate ${log.escalations.join(', ')} (drill log: ${result.logPath})`
                }
            };
        }
        // SOP "Store restore drill log": a pass whose log was not stored still needs a person.
        const uploadFailure = upload?.failure();
        const storedAt = upload?.storedAt();
        return {
            outputs,
            summary: result.markdown + (storedAt ? `\nDrill log stored: ${storedAt}\n` : ''),
            closing: `Restore drill passed (drill log: ${result.logPath}${storedAt ? `; stored: ${storedAt}` : ''})`,
            ...(uploadFailure
                ? {
                    failure: failureOf(new Error(`the drill passed, but its log was not stored: ${uploadFailure}`))
                }
                : {})
        };
    });
}
/** The storeLog seam without a bucket: the log files as one artifact of this run. */
function artifactLogStore(logger, env) {
    const repositoryLimit = Number.parseInt(env.GITHUB_RETENTION_DAYS ?? '', 10);
    const retentionDays = repositoryLimit >= 1 && repositoryLimit < MAX_LOG_RETENTION_DAYS
        ? repositoryLimit
        : MAX_LOG_RETENTION_DAYS;
    return rememberingLogStore(logger, 'as an artifact', async (files, name) => {
        await uploadBackupArtifact({ name, files, retentionDays, logger });
        return `artifact ${name}`;
    });
}

// The bundle's entry for dist/drill.js: only the call. ../drill.ts runs nothing when
// imported, so a runner that imports it and calls run() itself
// (@github/local-action, tests) runs the action exactly once.
await run();

import { p as parseDrillOptions, D as DRILL_ACTION_INPUTS } from './chunks/fetch-verified.js';
import { p as parseNoticeInputs } from './chunks/source.js';
import { r as runDrill } from './chunks/run-drill.js';
import { r as registerSecret, m as maskSecrets, e as errorMessage } from './chunks/artifact-errors.js';
import { r as runAction, a as readActionInputs, d as defaultToRunnerTemp, b as runContextFromEnv, c as escalationMessage, f as failureOf } from './chunks/action-runtime.js';
import { uploadBackupArtifact } from './chunks/artifact-store.js';
import { f as failedRunOutcome } from './chunks/failed-run.js';
import { c as choosePgClient } from './chunks/pg-client.js';
import 'node:os';
import './chunks/interrupts.js';
import 'node:fs';
import 'node:net';
import 'node:path';
import 'node:async_hooks';
import 'node:fs/promises';
import './chunks/directory-store.js';
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
import './chunks/file-system.js';
import 'node:tls';
import './chunks/scratch-identity.js';
import './chunks/rls-probe.js';
import './chunks/core.js';
import 'os';
import 'http';
import 'https';
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
    await runAction(async (logger) => {
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
        const upload = options.upload === 'artifact' ? logUploader(logger, env) : undefined;
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
        return {
            outputs,
            summary: result.markdown,
            closing: `Restore drill passed (drill log: ${result.logPath})`,
            ...(uploadFailure
                ? {
                    failure: failureOf(new Error(`the drill passed, but its log was not uploaded: ${uploadFailure}`))
                }
                : {})
        };
    });
}
/**
 * The storeLog seam: uploads the log files as one artifact of this run. A
 * failed upload is a warning here (the drill result must still be reported)
 * and remembered, so a passing drill can fail for it afterwards.
 */
function logUploader(logger, env) {
    let failure;
    const repositoryLimit = Number.parseInt(env.GITHUB_RETENTION_DAYS ?? '', 10);
    const retentionDays = repositoryLimit >= 1 && repositoryLimit < MAX_LOG_RETENTION_DAYS
        ? repositoryLimit
        : MAX_LOG_RETENTION_DAYS;
    return {
        store: async (files, name) => {
            try {
                await logger.group(`Upload drill log ${name}`, () => uploadBackupArtifact({ name, files, retentionDays, logger }));
            }
            catch (error) {
                failure = maskSecrets(errorMessage(error));
                logger.warning(`The drill log was not uploaded as artifact ${name}: ${failure}`, {
                    title: 'Drill log not uploaded'
                });
            }
        },
        failure: () => failure
    };
}
await run();

export { run };

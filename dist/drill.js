import { join } from 'node:path';
import { s as setFailed } from './chunks/core.js';
import { p as parseDrillOptions, D as DRILL_ACTION_INPUTS } from './chunks/verify-backup.js';
import { p as parseNoticeInputs } from './chunks/source.js';
import { r as runDrill } from './chunks/run-drill.js';
import { r as registerSecret, m as maskSecrets, e as errorMessage, E as EscalationError } from './chunks/_commonjsHelpers.js';
import { r as runContextFromEnv, w as withEscalationNotice, n as notifyEscalation } from './chunks/notify.js';
import { uploadBackupArtifact } from './chunks/artifact-store.js';
import { r as runAction, a as readActionInputs, s as setOutputs, w as writeJobSummary } from './chunks/action-runtime.js';
import { a as annotateEscalations, e as escalationMessage, f as fetchFailureAsEscalation } from './chunks/escalations.js';
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
import './chunks/interrupts.js';
import 'node:fs/promises';
import './chunks/directory-store.js';
import 'node:crypto';
import 'node:fs';
import 'node:stream/promises';
import 'node:child_process';
import 'util/types';
import 'dns';
import 'stream';
import './chunks/file-system.js';
import './chunks/validate-restore.js';
import './chunks/large-objects.js';
import './chunks/github.js';
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
import './chunks/artifact-errors.js';

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
        // action.yml defaults cannot use the runner context: blank means the runner's temp folder.
        if (!raw['log-dir'] && env.RUNNER_TEMP)
            raw['log-dir'] = join(env.RUNNER_TEMP, 'drill-logs');
        if (!raw['out-dir'] && env.RUNNER_TEMP)
            raw['out-dir'] = join(env.RUNNER_TEMP, 'backups');
        const options = parseDrillOptions(raw);
        const client = pgClientChoice(readActionInputs(['postgres-version'])['postgres-version'], options.pgBinDir, { logger, condition: 'backup-unreadable' });
        options.pgBinDir = client.pgBinDir;
        const context = runContextFromEnv(env);
        const notify = {
            ...notice,
            ...(context.repository ? { repository: context.repository } : {}),
            apiUrl: context.apiUrl
        };
        const upload = options.upload === 'artifact' ? logUploader(logger, env) : undefined;
        const result = await withEscalationNotice(() => drillOrEscalate(() => runDrill(options, logger, {
            ...(upload ? { storeLog: upload.store } : {}),
            resolvePgBinDir: client.resolvePgBinDir
        })), { operation: 'drill', repository: context.repository, runUrl: context.runUrl }, notify, logger);
        const { log } = result;
        setOutputs({
            result: log.result,
            'rpo-hours': log.rpo.hours ?? '',
            'rto-seconds': log.rto.seconds,
            'log-path': result.logPath,
            escalations: log.escalations.join(',')
        });
        if (log.escalations.length > 0) {
            // Annotations first: nothing after this (summary, notices) can hide the escalation.
            annotateEscalations(log.checks, log.escalations, logger);
            await summarize(result, logger);
            if (notify.escalationIssue || notify.webhookUrl) {
                await notifyEscalation({
                    operation: 'drill',
                    conditions: log.escalations,
                    message: maskSecrets(escalationMessage(log.checks, log.escalations)),
                    summaryMarkdown: maskSecrets(result.markdown),
                    repository: context.repository,
                    runUrl: context.runUrl,
                    at: new Date()
                }, notify, logger).catch((error) => logger.warning(`escalation notice: ${errorMessage(error)}`, {
                    title: 'Escalation notice not sent'
                }));
            }
            setFailed(maskSecrets(`Restore drill failed: escalate ${log.escalations.join(', ')} (drill log: ${result.logPath})`));
            return;
        }
        await summarize(result, logger);
        logger.info(`Restore drill passed (drill log: ${result.logPath})`);
        // SOP "Store restore drill log": a pass whose log was not stored still needs a person.
        if (upload?.failure()) {
            throw new Error(`the drill passed, but its log was not uploaded: ${upload.failure()}`);
        }
    });
}
/** Runs the drill; a backup that could not be fetched becomes a `backup-unreadable` escalation with outputs. */
async function drillOrEscalate(work) {
    try {
        return await work();
    }
    catch (error) {
        const mapped = fetchFailureAsEscalation(error);
        if (mapped instanceof EscalationError) {
            setOutputs({ result: 'fail', escalations: mapped.condition });
            await writeJobSummary(`## Restore drill: FAIL ❌ — escalate: ${mapped.condition}\n\n${mapped.message}\n`).catch(() => undefined);
        }
        throw mapped;
    }
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
/** The drill log's markdown is the job summary; a summary that cannot be written is only a warning. */
async function summarize(result, logger) {
    await writeJobSummary(result.markdown).catch((error) => logger.warning(`job summary not written: ${errorMessage(error)}`));
}
await run();

export { run };

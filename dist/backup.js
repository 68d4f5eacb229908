import { b as backupSummaryMarkdown, r as runBackup, s as storeBackup } from './chunks/backup-summary.js';
import { B as BACKUP_ACTION_INPUTS, m as maskDatabaseUrlInput, p as parseBackupActionInputs, e as ensurePgClient } from './chunks/pg-client.js';
import { p as parseNoticeInputs } from './chunks/notice-inputs.js';
import { r as runAction, a as readActionInputs, b as runContextFromEnv, s as setOutputs, f as failureOf, e as escalationConditionsOf } from './chunks/action-runtime.js';
import { E as EscalationError, I as InputError, e as errorMessage } from './chunks/_commonjsHelpers.js';
import { readFileSync } from 'node:fs';
import 'node:crypto';
import 'node:fs/promises';
import 'node:path';
import './chunks/source.js';
import './chunks/heartbeat.js';
import './chunks/secrets.js';
import 'node:net';
import 'node:os';
import 'node:async_hooks';
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
import './chunks/backup-set.js';
import './chunks/rls-probe.js';
import 'node:tls';
import 'node:stream';
import 'node:stream/promises';
import './chunks/s3-listing.js';
import './chunks/set-files.js';
import './chunks/s3-config.js';
import './chunks/loadSharedConfigFiles.js';
import './chunks/readFile.js';
import './chunks/configLoader.js';
import './chunks/chain.js';
import './chunks/CredentialsProviderError.js';
import './chunks/hex-encoding.js';
import './chunks/EventStreamSerdeConfig.js';
import 'node:zlib';
import './chunks/node-http-handler.js';
import 'node:https';
import './chunks/setCredentialFeature.js';
import 'node:process';
import './chunks/s3-errors.js';
import './chunks/s3-objects.js';
import 'buffer';
import './chunks/needs.js';
import './chunks/policy.js';
import './chunks/artifact-retention.js';
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
import 'tty';
import 'node:module';

/**
 * Markdown for the job summary of a backup that failed. When the set was
 * complete on disk but could not be stored, the set's own table follows, so a
 * person sees what exists and where.
 */
function backupFailureMarkdown(error, result) {
    const what = error instanceof EscalationError
        ? `ESCALATE: \`${error.condition}\``
        : error instanceof InputError
            ? `Bad input: \`${error.input}\``
            : 'Failure';
    const lines = [
        '## Backup failed ❌',
        '',
        '| | |',
        '|---|---|',
        `| Result | ${what} |`,
        `| Error | ${oneCell(errorMessage(error))} |`,
        '',
        result
            ? `The set was complete on disk (\`${result.backupPath}\`) but was not stored; it is not a backup of record.`
            : 'No backup was written: partial files were removed and nothing was uploaded.',
        ''
    ];
    const summary = lines.join('\n');
    return result ? `${summary}\n${backupSummaryMarkdown(result).replace(/ ✅/, '')}` : summary;
}
/** Text safe inside one markdown table cell. */
function oneCell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/**
 * Whether the workflow runs in a public repository, from the event payload the
 * runner writes to GITHUB_EVENT_PATH (`repository.visibility` / `private`).
 * Undefined when the payload is missing or says nothing: callers only warn on true.
 */
function isPublicRepository(eventPath) {
    if (!eventPath)
        return undefined;
    try {
        const event = JSON.parse(readFileSync(eventPath, 'utf8'));
        const repo = event.repository;
        if (repo?.visibility)
            return repo.visibility === 'public';
        return typeof repo?.private === 'boolean' ? !repo.private : undefined;
    }
    catch {
        return undefined;
    }
}
/** The warning for an unencrypted backup uploaded where anyone with read access can download it. */
const PUBLIC_UNENCRYPTED_WARNING = 'This repository is public: anyone can download its artifacts, and this backup is not encrypted (it holds API keys and session data). Set encrypt-recipients to an age public key and keep the secret key in a secret (decrypt-identity for drills).';

/**
 * The root action (action.yml), SOP §1: inputs -> runBackup -> artifact upload
 * -> outputs and job summary. Any failure writes the failure summary, notifies
 * the configured channels and fails the step (a failure that names no
 * condition is the `backup-failed` escalation: a scheduled backup that did
 * not happen needs a person).
 */
async function run() {
    await runAction({ heartbeat: true }, async (logger) => {
        const env = process.env;
        const raw = readActionInputs(BACKUP_ACTION_INPUTS);
        maskDatabaseUrlInput(raw['db-url']);
        const notice = parseNoticeInputs(raw);
        const context = runContextFromEnv(env);
        let result;
        try {
            const options = parseBackupActionInputs(raw, env);
            result = await runBackup(options, logger, {
                // postgres-version auto: the server's client major, installed when the runner lacks it.
                resolvePgBinDir: (major) => ensurePgClient({ neededMajor: major, logger })
            });
            // Set now, not with the outcome: on an upload failure a later step can still find the files.
            setOutputs({
                'backup-path': result.backupPath,
                'manifest-path': result.manifestPath,
                sha256: result.sha256,
                'size-bytes': result.sizeBytes,
                'duration-seconds': result.durationSeconds.toFixed(3)
            });
            if (options.upload === 'artifact' &&
                options.encryptRecipients.length === 0 &&
                isPublicRepository(env.GITHUB_EVENT_PATH)) {
                logger.warning(PUBLIC_UNENCRYPTED_WARNING, {
                    title: 'Unencrypted backup in a public repository'
                });
            }
            const stored = await storeBackup(result, options, logger);
            return {
                outputs: { 'artifact-id': stored.artifactId },
                summary: backupSummaryMarkdown(result, stored)
            };
        }
        catch (error) {
            const failure = failureOf(error);
            const found = escalationConditionsOf(error);
            const summary = backupFailureMarkdown(error, result);
            return {
                summary,
                notice: {
                    notice: {
                        operation: 'backup',
                        conditions: found.length > 0 ? found : ['backup-failed'],
                        message: failure.message,
                        summaryMarkdown: summary,
                        repository: context.repository,
                        runUrl: context.runUrl
                    },
                    options: { ...notice, repository: context.repository, apiUrl: context.apiUrl }
                },
                failure
            };
        }
    });
}

// The bundle's entry for dist/backup.js: only the call. ../backup.ts runs nothing when
// imported, so a runner that imports it and calls run() itself
// (@github/local-action, tests) runs the action exactly once.
await run();

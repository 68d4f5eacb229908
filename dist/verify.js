import { join } from 'node:path';
import { s as setFailed } from './chunks/core.js';
import { V as VERIFY_INPUTS, a as parseVerifyOptions } from './chunks/verify-backup.js';
import { r as runVerify, v as verifySummaryMarkdown } from './chunks/run-verify.js';
import { E as EscalationError, e as errorMessage, m as maskSecrets } from './chunks/_commonjsHelpers.js';
import { r as runAction, a as readActionInputs, s as setOutputs, w as writeJobSummary } from './chunks/action-runtime.js';
import { f as fetchFailureAsEscalation, a as annotateEscalations } from './chunks/escalations.js';
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
import './chunks/source.js';
import 'node:crypto';
import 'node:fs';
import 'node:fs/promises';
import 'node:stream/promises';
import './chunks/interrupts.js';
import 'node:child_process';
import 'util/types';
import 'dns';
import 'stream';
import './chunks/directory-store.js';
import './chunks/artifact-errors.js';
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
        if (!raw['out-dir'] && process.env.RUNNER_TEMP) {
            raw['out-dir'] = join(process.env.RUNNER_TEMP, 'backups');
        }
        // parseVerifyOptions registers the token as a secret before anything is logged.
        const options = parseVerifyOptions(raw);
        const client = pgClientChoice(readActionInputs(['postgres-version'])['postgres-version'], options.pgBinDir, { logger, condition: 'backup-unreadable' });
        options.pgBinDir = client.pgBinDir;
        let result;
        try {
            result = await runVerify(options, logger, { resolvePgBinDir: client.resolvePgBinDir });
        }
        catch (error) {
            const mapped = fetchFailureAsEscalation(error);
            if (mapped instanceof EscalationError)
                setOutputs({ result: 'fail', escalations: mapped.condition });
            throw mapped;
        }
        setOutputs({
            result: result.result,
            escalations: result.escalations.join(','),
            sha256: result.sha256
        });
        if (result.escalations.length > 0)
            annotateEscalations(result.checks, result.escalations, logger);
        await writeJobSummary(verifySummaryMarkdown(result)).catch((error) => logger.warning(`job summary not written: ${errorMessage(error)}`));
        if (result.escalations.length > 0) {
            setFailed(maskSecrets(`Backup ${result.name} did not verify: escalate ${result.escalations.join(', ')}`));
        }
        else {
            logger.info(`Backup ${result.name} verified (${result.origin})`);
        }
    });
}
await run();

export { run };

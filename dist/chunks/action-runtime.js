import { join } from 'node:path';
import { g as githubRest, a as getInput, b as group, e as error, w as warning, d as debug, i as info, s as setFailed, c as setOutput, f as summary, h as setSecret } from './core.js';
import { B as handleInterrupts, C as withCleanup, D as parseHeartbeatUrl, E as withHeartbeat, F as interruption } from './heartbeat.js';
import { s as splitRepository, e as errorMessage, E as EscalationError, a as ESCALATION_CONDITIONS, I as InputError } from './_commonjsHelpers.js';
import { r as registerSecret, m as maskSecrets, o as onSecretRegistered } from './secrets.js';

/** Reads the run's repository, run link and API root from the GitHub Actions environment. */
function runContextFromEnv(env = process.env) {
    const repository = env.GITHUB_REPOSITORY || undefined;
    const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    const runUrl = repository && env.GITHUB_RUN_ID
        ? `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined;
    return {
        repository,
        runUrl,
        apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
    };
}
/** Issue bodies and comments are capped by GitHub at 65,536 characters; keep room for the frame. */
const MAX_SUMMARY_CHARS = 50_000;
/** The conditions as inline code, e.g. `checksum-mismatch`, `restore-failed`. */
function conditionList(conditions) {
    return conditions.map((condition) => `\`${condition}\``).join(', ');
}
/** Markdown for an escalation issue or a comment on one. */
function noticeMarkdown(notice) {
    const lines = [
        `### Escalation: ${notice.operation} failed`,
        '',
        `| | |`,
        `|---|---|`,
        `| Conditions | ${conditionList(notice.conditions)} |`,
        `| Run | ${notice.runUrl ?? 'not run on GitHub Actions'} |`,
        `| When | ${notice.at.toISOString()} |`,
        '',
        quote(notice.message)
    ];
    if (notice.summaryMarkdown) {
        lines.push('', '<details><summary>Run summary</summary>', '', truncate(notice.summaryMarkdown), '', '</details>');
    }
    lines.push('', 'What each condition means and what to check first: `docs/RUNBOOK.md`. Close this issue once a run passes again.');
    return lines.join('\n');
}
/** One line for chat (Slack mrkdwn link syntax `<url|label>`). */
function noticeText(notice) {
    const where = notice.repository ? ` in ${notice.repository}` : '';
    const link = notice.runUrl ? ` <${notice.runUrl}|View run>` : '';
    return `:rotating_light: backup-drill ${notice.operation} escalation${where}: ${notice.conditions.join(', ')}.${link}`;
}
function quote(text) {
    return text
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
}
function truncate(markdown) {
    if (markdown.length <= MAX_SUMMARY_CHARS)
        return markdown;
    return `${markdown.slice(0, MAX_SUMMARY_CHARS)}\n\n… (truncated: the full summary is on the run page)`;
}

/** The label that marks the one open escalation issue. */
const ESCALATION_LABEL = 'backup-escalation';
/**
 * Opens an issue labelled `backup-escalation`, or comments on the newest open
 * one, so repeated failures gather in one thread instead of flooding the
 * tracker. Throws on any API failure (the caller decides that a notifier
 * failure is only a warning).
 */
async function reportEscalationIssue(notice, options, logger) {
    registerSecret(options.token);
    const parts = splitRepository(options.repository);
    if (!parts)
        throw new Error(`repository "${options.repository}" is not owner/name`);
    const { owner, repo } = parts;
    const label = options.label ?? ESCALATION_LABEL;
    // Retries a 5xx, 429 or rate-limit 403 answer (bounded): a GitHub hiccup must not swallow an escalation.
    const octokit = githubRest(options.token, {
        baseUrl: options.apiUrl,
        ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs }),
        logger
    });
    const body = noticeMarkdown(notice);
    const open = await octokit.rest.issues.listForRepo({
        owner,
        repo,
        labels: label,
        state: 'open',
        sort: 'created',
        direction: 'desc',
        per_page: 20
    });
    // The issues endpoint also lists pull requests; a labelled PR is not the escalation thread.
    const existing = open.data.find((issue) => !issue.pull_request);
    if (existing) {
        await octokit.rest.issues.createComment({ owner, repo, issue_number: existing.number, body });
        return { action: 'commented', number: existing.number, url: existing.html_url };
    }
    const created = await octokit.rest.issues.create({
        owner,
        repo,
        title: `Backup escalation: ${notice.operation} failed (${notice.conditions.join(', ')})`,
        body,
        labels: [label]
    });
    return { action: 'created', number: created.data.number, url: created.data.html_url };
}

/** The webhook body for a notice. */
function webhookPayload(notice) {
    return {
        text: noticeText(notice),
        operation: notice.operation,
        conditions: [...notice.conditions],
        message: notice.message,
        runUrl: notice.runUrl,
        repository: notice.repository,
        at: notice.at.toISOString()
    };
}
/**
 * POSTs the payload as JSON, and once more after a pause when the first try
 * fails in a way that may pass (no answer, 5xx, 429): one hiccup of the chat
 * service must not lose an escalation. The URL is itself a credential (anyone
 * holding a Slack webhook URL can post), so it is registered as a secret and
 * never appears in the errors thrown here.
 */
async function postWebhook(url, payload, options = {}) {
    registerSecret(url);
    const first = await attempt(url, payload, options);
    if (first === undefined)
        return;
    if (!first.transient)
        throw new Error(first.message);
    await new Promise((done) => setTimeout(done, options.retryDelayMs ?? 2000));
    const second = await attempt(url, payload, options);
    if (second !== undefined)
        throw new Error(`${second.message} (tried twice)`);
}
/** One POST: undefined when it was accepted, else why not and whether trying again may help. */
async function attempt(url, payload, options) {
    let response;
    try {
        response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(payload),
            signal: AbortSignal.timeout(options.timeoutMs ?? 10_000)
        });
    }
    catch (error) {
        return { message: `webhook request failed: ${networkReason(error)}`, transient: true };
    }
    // Drain the body so the connection is released; its content is not needed.
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok)
        return undefined;
    return {
        message: `webhook answered HTTP ${response.status}`,
        transient: response.status >= 500 || response.status === 429
    };
}
/**
 * The cause of a fetch failure without the URL (fetch puts the URL in some
 * messages). Duck-typed: fetch's errors may come from another realm.
 */
function networkReason(error) {
    const failure = error;
    if (failure?.name === 'TimeoutError')
        return 'timed out';
    return failure?.cause?.code ?? failure?.cause?.message ?? 'network error';
}

/**
 * Sends the notice to every configured channel. Never throws: a notifier
 * failure is a warning, because the run has already failed for the real
 * reason and that reason must stay the one people see.
 */
async function notifyEscalation(notice, options, logger) {
    registerSecret(options.githubToken);
    registerSecret(options.webhookUrl);
    const result = { webhookPosted: false, failures: [] };
    const fail = (channel, message) => {
        const line = maskSecrets(`${channel}: ${message}`);
        result.failures.push(line);
        logger.warning(`${line}. The run still fails for its escalation.`, {
            title: 'Escalation notice not sent'
        });
    };
    if (options.escalationIssue) {
        const repository = options.repository ?? notice.repository;
        if (!options.githubToken || !repository) {
            fail('escalation issue', 'needs github-token and the repository (GITHUB_REPOSITORY)');
        }
        else {
            try {
                result.issue = await reportEscalationIssue(notice, {
                    token: options.githubToken,
                    repository,
                    apiUrl: options.apiUrl ?? 'https://api.github.com'
                }, logger);
                const verb = result.issue.action === 'created' ? 'opened' : 'commented on';
                logger.info(`Escalation issue ${verb}: #${result.issue.number} ${result.issue.url}`);
            }
            catch (error) {
                fail('escalation issue', errorMessage(error));
            }
        }
    }
    if (options.webhookUrl) {
        try {
            await postWebhook(options.webhookUrl, webhookPayload(notice));
            result.webhookPosted = true;
            logger.info('Escalation notice posted to the webhook');
        }
        catch (error) {
            fail('webhook', errorMessage(error));
        }
    }
    return result;
}
/**
 * The escalation conditions a thrown value carries: an EscalationError's
 * condition, or the `conditions` of an error that reports several (the drill
 * reports every condition it found), or those of an AggregateError's errors.
 */
function escalationConditionsOf(error) {
    const found = new Set();
    const visit = (value) => {
        if (value instanceof EscalationError)
            found.add(value.condition);
        if (value instanceof AggregateError)
            value.errors.forEach(visit);
        const listed = value?.conditions;
        if (Array.isArray(listed)) {
            for (const condition of listed)
                if (isCondition(condition))
                    found.add(condition);
        }
    };
    visit(error);
    return [...found];
}
function isCondition(value) {
    return typeof value === 'string' && ESCALATION_CONDITIONS.includes(value);
}

/**
 * One annotation per condition, titled `ESCALATE: <condition>`, whose message
 * lists the failed checks that raised it, so each condition is visible on its
 * own in the run's annotations and not only the first.
 */
function escalationAnnotations(checks, conditions) {
    return conditions.map((condition) => {
        const raised = checks.filter((check) => check.status === 'fail' && check.condition === condition);
        const message = raised.length > 0
            ? raised.map((check) => `${check.name}: ${check.detail}`).join('\n')
            : `the run escalated ${condition}`;
        return { condition, title: `ESCALATE: ${condition}`, message };
    });
}
/** Emits the escalation annotations through the (masking) logger. */
function annotateEscalations(checks, conditions, logger) {
    for (const { title, message } of escalationAnnotations(checks, conditions))
        logger.error(message, { title });
}
/** The annotations' text as one message (for escalation notices). */
function escalationMessage(checks, conditions) {
    return escalationAnnotations(checks, conditions)
        .map(({ condition, message }) => `${condition}: ${message.replace(/\n/g, '; ')}`)
        .join('\n');
}

/**
 * The GitHub side of every sub-action: the only module (with the entries in
 * this folder) that imports @actions/core. Every secret registered anywhere is
 * passed to core.setSecret, and every line is masked locally too, so logs stay
 * clean even where no runner masks them (local runs, tests).
 */
function createActionLogger() {
    onSecretRegistered((secret) => setSecret(secret));
    return {
        info: (message) => info(maskSecrets(message)),
        debug: (message) => debug(maskSecrets(message)),
        warning: (message, properties) => warning(maskSecrets(message), properties),
        error: (message, properties) => error(maskSecrets(message), properties),
        group: (name, work) => group(maskSecrets(name), work)
    };
}
/** Reads the named inputs (kebab-case, as in action.yml). Blank means not given. */
function readActionInputs(names) {
    return Object.fromEntries(names.map((name) => [name, getInput(name) || undefined]));
}
/** Sets outputs; values are masked (an output is printed in the log). */
function setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs))
        setOutput(name, maskSecrets(String(value ?? '')));
}
/** Appends markdown to the job summary when the runner provides one. */
async function writeJobSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await summary.addRaw(maskSecrets(markdown), true).write();
}
/** The failure a thrown error means: bad input and escalations are titled by the input or the condition. */
function failureOf(error) {
    const message = maskSecrets(errorMessage(error));
    if (error instanceof InputError)
        return { message, title: `Bad input: ${error.input}` };
    if (error instanceof EscalationError)
        return { message, title: `ESCALATE: ${error.condition}` };
    return { message, title: 'backup-drill failed' };
}
async function runAction(first, second) {
    const [options, work] = typeof first === 'function' ? [{}, first] : [first, second];
    const logger = createActionLogger();
    // A cancelled workflow sends SIGINT, then SIGTERM: stop children, remove what
    // this run created, exit 130/143 with the interruption in the log.
    handleInterrupts({ log: (line) => error(line), exit: (code) => process.exit(code) });
    let failure;
    try {
        failure = await withCleanup(async () => {
            // Read (and masked) before the work starts, so a bad URL is bad input and the start ping comes first.
            const heartbeatUrl = options.heartbeat
                ? parseHeartbeatUrl({ 'heartbeat-url': getInput('heartbeat-url') || undefined })
                : undefined;
            const outcome = await withHeartbeat(heartbeatUrl, logger, async () => {
                const reported = (await work(logger)) ?? {};
                await report(reported, logger);
                return reported;
            }, (reported) => reported.failure === undefined);
            return outcome.failure;
        });
    }
    catch (error) {
        failure = failureOf(error);
    }
    // An interrupted run ends with the interruption's exit code and log line, not this failure.
    if (failure && !interruption())
        fail(failure);
}
async function report(outcome, logger) {
    if (outcome.outputs)
        setOutputs(outcome.outputs);
    if (outcome.escalations && outcome.escalations.conditions.length > 0)
        annotateEscalations(outcome.escalations.checks, outcome.escalations.conditions, logger);
    if (outcome.summary !== undefined) {
        await writeJobSummary(outcome.summary).catch((error) => logger.warning(`job summary not written: ${errorMessage(error)}`));
    }
    const { notice } = outcome;
    if (notice && (notice.options.escalationIssue || notice.options.webhookUrl)) {
        const { message, summaryMarkdown } = notice.notice;
        await notifyEscalation({
            ...notice.notice,
            message: maskSecrets(message),
            ...(summaryMarkdown === undefined ? {} : { summaryMarkdown: maskSecrets(summaryMarkdown) }),
            at: new Date()
        }, notice.options, logger).catch((error) => logger.warning(`escalation notice: ${errorMessage(error)}`, {
            title: 'Escalation notice not sent'
        }));
    }
    if (outcome.closing !== undefined)
        logger.info(outcome.closing);
}
function fail({ message, title }) {
    const masked = maskSecrets(message);
    if (title !== undefined)
        error(masked, { title });
    setFailed(masked);
}
/**
 * `name` under the runner's temp folder (RUNNER_TEMP), or undefined off a
 * runner. action.yml defaults cannot use the runner context, so a blank
 * folder input means this.
 */
function runnerTempPath(name, env = process.env) {
    return env.RUNNER_TEMP ? join(env.RUNNER_TEMP, name) : undefined;
}
/** Fills the blank folder inputs with their folder under RUNNER_TEMP (see runnerTempPath). */
function defaultToRunnerTemp(raw, folders, env = process.env) {
    for (const [input, name] of Object.entries(folders)) {
        const path = runnerTempPath(name, env);
        if (!raw[input] && path)
            raw[input] = path;
    }
}

export { readActionInputs as a, runContextFromEnv as b, escalationMessage as c, defaultToRunnerTemp as d, escalationConditionsOf as e, failureOf as f, runnerTempPath as g, runAction as r, setOutputs as s };

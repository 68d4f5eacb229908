import { r as registerSecret, m as maskSecrets, e as errorMessage, E as EscalationError, a as ESCALATION_CONDITIONS } from './_commonjsHelpers.js';
import { g as getOctokit } from './github.js';

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
    const [owner, repo, ...rest] = options.repository.split('/');
    if (!owner || !repo || rest.length > 0)
        throw new Error(`repository "${options.repository}" is not owner/name`);
    const label = options.label ?? ESCALATION_LABEL;
    const octokit = getOctokit(options.token, {
        baseUrl: options.apiUrl,
        // Octokit's own warnings (deprecations) go through the masked logger, never the console.
        log: {
            debug: (message) => logger.debug(message),
            info: (message) => logger.debug(message),
            warn: (message) => logger.warning(message),
            error: (message) => logger.warning(message)
        }
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
 * POSTs the payload as JSON. The URL is itself a credential (anyone holding a
 * Slack webhook URL can post), so it is registered as a secret and never
 * appears in the errors thrown here.
 */
async function postWebhook(url, payload, options = {}) {
    registerSecret(url);
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
        throw new Error(`webhook request failed: ${networkReason(error)}`, { cause: error });
    }
    // Drain the body so the connection is released; its content is not needed.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok)
        throw new Error(`webhook answered HTTP ${response.status}`);
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
/**
 * Runs `work`; when it throws, sends a notice and rethrows the very same
 * error, so the entry point's error boundary still fails the run with the
 * original condition. Errors that carry no condition notify only with a
 * `fallbackCondition` (the backup passes `backup-failed`: any failure of a
 * scheduled backup needs a person).
 */
async function withEscalationNotice(work, context, options, logger) {
    try {
        return await work();
    }
    catch (error) {
        const found = escalationConditionsOf(error);
        const conditions = found.length > 0 ? found : options.fallbackCondition ? [options.fallbackCondition] : [];
        if (conditions.length > 0 && (options.escalationIssue || options.webhookUrl)) {
            await notifyEscalation({
                operation: context.operation,
                conditions,
                message: maskSecrets(errorMessage(error)),
                summaryMarkdown: summaryOrNothing(context.summaryMarkdown, logger),
                repository: context.repository,
                runUrl: context.runUrl,
                at: options.now?.() ?? new Date()
            }, options, logger);
        }
        throw error;
    }
}
function summaryOrNothing(summary, logger) {
    try {
        const text = summary?.();
        return text === undefined ? undefined : maskSecrets(text);
    }
    catch (error) {
        // The summary is a nicety; a failure to render it must not touch the original error.
        logger.debug(`no summary for the escalation notice: ${errorMessage(error)}`);
        return undefined;
    }
}
function isCondition(value) {
    return typeof value === 'string' && ESCALATION_CONDITIONS.includes(value);
}

export { notifyEscalation as n, runContextFromEnv as r, withEscalationNotice as w };

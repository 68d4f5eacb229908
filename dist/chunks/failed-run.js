import { E as EscalationError } from './_commonjsHelpers.js';
import { f as failureOf, e as escalationConditionsOf } from './action-runtime.js';
import { f as fetchFailureAsEscalation } from './fetch-verified.js';

/**
 * The outcome of an operation that threw. A backup that could not be fetched
 * becomes the `backup-unreadable` escalation; an escalation gets the entry's
 * own report (`onEscalation`: its outputs and summary) before the step fails
 * with an annotation titled by the condition; any other error only fails it.
 * With `notice`, an error that carries conditions is also sent as a notice
 * (its message, no summary), after the summary and before the failure.
 */
function failedRunOutcome(error, report) {
    const mapped = fetchFailureAsEscalation(error);
    const failure = failureOf(mapped);
    const conditions = report.notice ? escalationConditionsOf(mapped) : [];
    return {
        ...(mapped instanceof EscalationError ? report.onEscalation(mapped) : {}),
        ...(report.notice && conditions.length > 0
            ? {
                notice: {
                    notice: {
                        operation: report.notice.operation,
                        conditions,
                        message: failure.message,
                        repository: report.notice.context.repository,
                        runUrl: report.notice.context.runUrl
                    },
                    options: report.notice.options
                }
            }
            : {}),
        failure
    };
}

export { failedRunOutcome as f };

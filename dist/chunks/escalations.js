import { E as EscalationError } from './_commonjsHelpers.js';
import { A as ArtifactStoreError } from './artifact-errors.js';

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
 * A backup that cannot be fetched from GitHub (missing, expired, no access,
 * service down) cannot be proven restorable: for the drill and verify that is
 * the `backup-unreadable` escalation, not a crash. Other errors pass through.
 */
function fetchFailureAsEscalation(error) {
    if (!(error instanceof ArtifactStoreError))
        return error;
    return new EscalationError('backup-unreadable', `the backup could not be fetched: ${error.message}`);
}

export { annotateEscalations as a, escalationMessage as e, fetchFailureAsEscalation as f };

import { i as integerInput, o as object, p as parseInputs } from './heartbeat.js';

/** The retention rules, in the order their reasons are listed. */
const RETENTION_RULES = ['last', 'daily', 'weekly', 'monthly', 'yearly'];
/** The SOP baseline: 35 daily + 12 monthly. */
const DEFAULT_RETENTION_POLICY = Object.freeze({
    last: 0,
    daily: 35,
    weekly: 0,
    monthly: 12,
    yearly: 0
});
// Far beyond any real schedule (100 years of dailies); only guards against typos like 3500000.
const MAX_KEEP = 100_000;
/** One keep-* count: a whole number from 0. */
const keepCountRule = integerInput(0, MAX_KEEP);
const keepCount = (rule) => keepCountRule.default(DEFAULT_RETENTION_POLICY[rule]);
/** True when the policy keeps at least one backup (some count above 0). */
function policyKeepsSomething(policy) {
    return RETENTION_RULES.some((rule) => policy[rule] > 0);
}
/** The keep-* inputs (whole numbers >= 0, blank = default) as one policy; a policy that keeps nothing is bad input. */
const retentionPolicySchema = object({
    'keep-last': keepCount('last'),
    'keep-daily': keepCount('daily'),
    'keep-weekly': keepCount('weekly'),
    'keep-monthly': keepCount('monthly'),
    'keep-yearly': keepCount('yearly')
})
    .transform((inputs) => ({
    last: inputs['keep-last'],
    daily: inputs['keep-daily'],
    weekly: inputs['keep-weekly'],
    monthly: inputs['keep-monthly'],
    yearly: inputs['keep-yearly']
}))
    .refine(policyKeepsSomething, {
    // An all-zero policy would delete every backup; restic keeps everything instead, which hides the typo.
    error: 'every keep-* value is 0, so the policy keeps nothing: set at least one above 0 (the SOP baseline is keep-daily 35, keep-monthly 12)',
    path: ['keep-*']
});
/**
 * Parses the keep-* inputs (other keys are ignored) into a policy.
 * Throws InputError naming the offending input.
 */
function parseRetentionPolicy(raw) {
    return parseInputs(retentionPolicySchema, raw);
}
/** `daily 35, monthly 12`: the policy in one line for logs and summaries. */
function describePolicy(policy) {
    return RETENTION_RULES.filter((rule) => policy[rule] > 0)
        .map((rule) => `${rule} ${policy[rule]}`)
        .join(', ');
}

export { DEFAULT_RETENTION_POLICY as D, RETENTION_RULES as R, policyKeepsSomething as a, describePolicy as d, keepCountRule as k, parseRetentionPolicy as p };

import { f as integerInput, o as object, g as parseInputs } from './interrupts.js';

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

/** Days in one bucket of each calendar rule (a month and a year on average, rounded up below). */
const BUCKET_DAYS = {
    daily: 1,
    weekly: 7,
    monthly: 365.25 / 12,
    yearly: 365.25
};
/**
 * How long a backup must survive for each calendar rule of the policy to be
 * served: `count` buckets of the rule's length (keep-daily 35 -> 35 days,
 * keep-weekly 8 -> 56, keep-monthly 12 -> 366, keep-yearly 2 -> 731). This
 * is the span the rule's oldest kept backup reaches back at most, rounded up,
 * so a store that keeps backups this long never loses one the policy keeps.
 * keep-last has no span of its own (it depends on the schedule) and is left
 * out. Rules with a count of 0 are left out. Longest first.
 */
function retentionNeeds(policy) {
    const needs = [];
    for (const rule of RETENTION_RULES) {
        if (rule === 'last' || policy[rule] <= 0)
            continue;
        // The small epsilon keeps 12 * 365.25 / 12 from becoming 365.00000000000006 -> 366 by float noise alone.
        needs.push({
            rule,
            count: policy[rule],
            days: Math.ceil(policy[rule] * BUCKET_DAYS[rule] - 1e-9)
        });
    }
    return needs.sort((a, b) => b.days - a.days);
}
/** The rules a store keeping backups `days` days cannot serve, longest first (empty: it serves them all). */
function rulesShortOf(policy, days) {
    return retentionNeeds(policy).filter((need) => need.days > days);
}
/** `keep-monthly 12 needs 366 days, keep-daily 35 needs 35 days` */
function describeNeeds(needs) {
    return needs.map((need) => `keep-${need.rule} ${need.count} needs ${need.days} days`).join(', ');
}

export { DEFAULT_RETENTION_POLICY as D, RETENTION_RULES as R, retentionNeeds as a, describeNeeds as b, policyKeepsSomething as c, describePolicy as d, keepCountRule as k, parseRetentionPolicy as p, rulesShortOf as r };

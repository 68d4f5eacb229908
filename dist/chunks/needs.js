import { R as RETENTION_RULES } from './policy.js';

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

export { retentionNeeds as a, describeNeeds as d, rulesShortOf as r };

import { e as errorMessage } from './_commonjsHelpers.js';
import { d as describePolicy } from './policy.js';
import { i as isArtifactBackupSet, a as planRetention, F as FUTURE_REASON, c as createArtifactBackupStore } from './artifact-backup-store.js';
import { c as createDirectoryStore } from './directory-store.js';
import { r as rulesShortOf, d as describeNeeds } from './needs.js';
import { a as artifactRetentionFix } from './artifact-retention.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Compares the lifetime GitHub gives the artifacts (`expires_at - created_at`
 * of the newest artifact that has an expiry: the retention the current
 * configuration gets, after any repository or organization cap) with what the
 * policy needs (retentionNeeds). Undefined when the lifetime covers every
 * rule, or when no artifact reports an expiry. Artifacts must be newest first.
 */
function checkArtifactLifetime(policy, artifacts) {
    const newest = artifacts.find((artifact) => artifact.expiresAt !== undefined);
    if (!newest?.expiresAt)
        return undefined;
    const lifetimeDays = Math.round((newest.expiresAt.getTime() - newest.createdAt.getTime()) / DAY_MS);
    const short = rulesShortOf(policy, lifetimeDays);
    if (short.length === 0)
        return undefined;
    return { artifact: newest.name, lifetimeDays, neededDays: short[0].days, short };
}
/**
 * The `retention-unattainable` message for a shortfall: what is lost, why, and
 * how to fix it (a longer artifact retention, or a store that does not expire).
 */
function lifetimeShortfallText(shortfall) {
    return [
        `Backup artifacts live ${shortfall.lifetimeDays} days (expires_at - created_at of ${shortfall.artifact}), but the policy needs ${shortfall.neededDays}: ${describeNeeds(shortfall.short)}.`,
        `Backups older than ${shortfall.lifetimeDays} days expire on their own, so the older backups the policy means to keep (the monthly ones first) will not exist.`,
        artifactRetentionFix(shortfall.neededDays),
        'Or lower the keep-* rules to what the artifacts can hold.'
    ].join(' ');
}

/**
 * Applies the retention policy to the complete backup sets of one prefix:
 * lists the store, plans (planRetention), and deletes what the plan drops
 * unless this is a dry run or the listing had problems. Incomplete sets are
 * reported and left alone. A failed deletion is reported and the run goes on
 * with the other sets (each set is independent). For artifacts, fails with
 * `retention-unattainable` when their lifetime (expires_at - created_at) is
 * shorter than the policy needs: GitHub would expire backups the policy means
 * to keep, and a green run would hide it.
 */
async function runPrune(options, logger) {
    const store = options.store ?? (await storeFor(options, logger));
    const listing = await logger.group(`List backup sets (${store.description}, prefix ${options.prefix})`, async () => {
        const found = await store.list(options.prefix);
        logger.info(`${found.sets.length} complete, ${found.incomplete.length} incomplete, ${found.strays.length} stray files`);
        for (const partial of found.incomplete) {
            const why = partial.note ?? `missing ${partial.missing.join(', ')}`;
            logger.warning(`${partial.name} is incomplete (${why}): not counted as a backup, not deleted`, {
                title: 'Incomplete backup set'
            });
        }
        for (const stray of found.strays)
            logger.info(`stray file (not part of a backup set): ${stray}`);
        for (const problem of found.problems)
            logger.error(problem, { title: 'Backup listing problem' });
        return found;
    });
    const warnings = [];
    const shortfall = checkArtifactLifetime(options.policy, 
    // Named by set, so a fixed artifact-name still says which run's artifact it is.
    listing.sets.filter(isArtifactBackupSet).map((set) => ({ ...set.artifact, name: set.name })));
    const escalation = shortfall && {
        condition: 'retention-unattainable',
        message: lifetimeShortfallText(shortfall)
    };
    // Not logged here: the action raises it as its escalation, the CLI prints it in the summary.
    const plan = planRetention(listing.sets.map((set) => ({ ...set, id: set.name })), options.policy, options.now);
    const blocked = listing.problems.length > 0;
    const deleted = [];
    await logger.group(`Apply retention (${describePolicy(options.policy)})`, async () => {
        for (const { backup, reasons } of plan.keep) {
            if (reasons.includes(FUTURE_REASON)) {
                logger.warning(`${backup.name} is dated after now (${options.now.toISOString()}): kept, check the clock`, {
                    title: 'Backup set from the future'
                });
            }
            logger.info(`keep   ${backup.name}  ${reasons.join(', ')}`);
        }
        if (blocked && plan.delete.length > 0) {
            logger.error(`the listing had problems, so none of the ${plan.delete.length} sets past retention is deleted`, {
                title: 'Prune blocked'
            });
        }
        for (const { backup } of plan.delete) {
            const entry = { name: backup.name, createdAt: backup.createdAt.toISOString() };
            if (blocked || options.dryRun) {
                deleted.push({ ...entry, status: blocked ? 'blocked' : 'dry-run' });
                logger.info(`${blocked ? 'blocked' : 'would delete'} ${backup.name}`);
                continue;
            }
            try {
                await store.deleteSet(stripId(backup));
                deleted.push({ ...entry, status: 'deleted' });
                logger.info(`delete ${backup.name}`);
            }
            catch (error) {
                deleted.push({ ...entry, status: 'failed', error: errorMessage(error) });
                logger.error(`could not delete ${backup.name}: ${errorMessage(error)}`, {
                    title: 'Prune failed'
                });
            }
        }
    });
    return {
        store: store.description,
        prefix: options.prefix,
        dryRun: options.dryRun,
        now: options.now.toISOString(),
        policy: options.policy,
        kept: plan.keep.map(({ backup, reasons }) => ({
            name: backup.name,
            createdAt: backup.createdAt.toISOString(),
            reasons
        })),
        deleted,
        incomplete: listing.incomplete.map((partial) => ({
            name: partial.name,
            createdAt: partial.createdAt.toISOString(),
            files: partial.files,
            missing: partial.missing,
            ...(partial.note === undefined ? {} : { note: partial.note })
        })),
        strays: listing.strays,
        problems: listing.problems,
        warnings,
        ...(escalation ? { escalation } : {}),
        passed: !blocked && !escalation && deleted.every((entry) => entry.status !== 'failed')
    };
}
/** The store of a run: the bucket or artifacts when given, else the folder. */
async function storeFor(options, logger) {
    // Loaded only for a bucket: the AWS SDK is large.
    if (options.s3)
        return (await import('./s3-backup-store.js')).createS3BackupStore(options.s3);
    if (options.artifacts)
        return createArtifactBackupStore(options.artifacts, logger);
    if (options.outDir === undefined)
        throw new Error('prune needs a store: outDir, artifacts or store');
    return createDirectoryStore(options.outDir);
}
/** The set as the store listed it, without the planner's id. */
function stripId({ id: _id, ...set }) {
    return set;
}

const STATUS_TEXT = {
    deleted: 'deleted',
    'dry-run': 'would delete (dry run)',
    blocked: 'not deleted (listing problems)',
    failed: 'delete FAILED'
};
/** The prune result as markdown for the job summary and the CLI: one table of kept and deleted sets, then what needs a person. */
function pruneSummaryMarkdown(result) {
    const deletedCount = result.deleted.filter((entry) => entry.status === 'deleted').length;
    const headline = result.dryRun
        ? `kept ${result.kept.length}, would delete ${result.deleted.length} (dry run)`
        : `kept ${result.kept.length}, deleted ${deletedCount}`;
    const lines = [
        `### Prune ${result.passed ? '' : 'FAILED: '}${headline}`,
        '',
        `Store: ${cell(result.store)} · prefix \`${cell(result.prefix)}\` · policy ${describePolicy(result.policy)} · now ${result.now}`,
        ''
    ];
    const rows = [
        ...result.kept.map((entry) => ({ ...entry, action: 'keep', why: entry.reasons.join(', ') })),
        ...result.deleted.map((entry) => ({
            ...entry,
            action: STATUS_TEXT[entry.status],
            why: entry.error ?? 'outside every keep rule'
        }))
    ].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    if (rows.length === 0) {
        lines.push('No complete backup sets.');
    }
    else {
        lines.push('| Backup set | Created (UTC) | Action | Reason |', '| --- | --- | --- | --- |');
        for (const row of rows)
            lines.push(`| ${cell(row.name)} | ${row.createdAt} | ${row.action} | ${cell(row.why)} |`);
    }
    if (result.escalation) {
        lines.push('', `#### ESCALATE: ${result.escalation.condition}`, '', cell(result.escalation.message));
    }
    if (result.warnings.length > 0) {
        lines.push('', '#### Warnings', '');
        for (const warning of result.warnings)
            lines.push(`- ${cell(warning)}`);
    }
    if (result.problems.length > 0) {
        lines.push('', '#### Listing problems (nothing was deleted)', '');
        for (const problem of result.problems)
            lines.push(`- ${cell(problem)}`);
    }
    if (result.incomplete.length > 0) {
        lines.push('', '#### Incomplete sets (not counted, not deleted)', '', '| Set | Present | Missing |', '| --- | --- | --- |');
        for (const partial of result.incomplete) {
            const missing = partial.note ?? partial.missing.join(', ');
            lines.push(`| ${cell(partial.name)} | ${cell(partial.files.join(', '))} | ${cell(missing)} |`);
        }
    }
    if (result.strays.length > 0) {
        lines.push('', '#### Stray files (ignored)', '');
        for (const stray of result.strays)
            lines.push(`- ${cell(stray)}`);
    }
    return lines.join('\n') + '\n';
}
/** Text safe inside a table cell: pipes escaped, line breaks flattened. */
function cell(text) {
    return text
        .replace(/\\/g, '\\\\')
        .replace(/\|/g, '\\|')
        .replace(/[\r\n]+/g, ' ');
}

export { pruneSummaryMarkdown as p, runPrune as r };

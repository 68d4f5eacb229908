/**
 * GitHub's limits on how long an artifact lives, and what to tell a person
 * whose backups would expire before the retention policy is served.
 */
/** The longest retention GitHub allows at all (private repositories); public ones stop at 90. */
const GITHUB_MAX_ARTIFACT_DAYS = 400;
const GITHUB_PUBLIC_ARTIFACT_DAYS = 90;
/**
 * The repository's (or organization's) artifact retention limit as the
 * runner reports it in GITHUB_RETENTION_DAYS, read the way @actions/artifact
 * reads it (parseInt; missing or not a number: no limit known). The client
 * silently lowers a longer retention-days to it.
 */
function repositoryRetentionLimit(env) {
    const text = env.GITHUB_RETENTION_DAYS;
    if (!text)
        return undefined;
    const days = Number.parseInt(text, 10);
    return Number.isNaN(days) ? undefined : days;
}
/**
 * How to get a store that keeps backups `neededDays` days, for the
 * `retention-unattainable` message: raise the repository's artifact retention
 * when GitHub can go that far, else (and always) a store that does not expire.
 */
function artifactRetentionFix(neededDays) {
    const elsewhere = 'keep the backups in a store that does not expire: a directory store (out-dir on a persistent disk, e.g. a self-hosted runner)';
    if (neededDays > GITHUB_MAX_ARTIFACT_DAYS)
        return `Fix: no artifact can live ${neededDays} days (GitHub keeps artifacts at most ${GITHUB_MAX_ARTIFACT_DAYS} days, ${GITHUB_PUBLIC_ARTIFACT_DAYS} on public repositories), so ${elsewhere}.`;
    return (`Fix: raise the repository's artifact retention to at least ${neededDays} days (Settings -> Actions -> General -> Artifact and log retention, or the organization's limit; ` +
        `private repositories allow up to ${GITHUB_MAX_ARTIFACT_DAYS} days, public ones stop at ${GITHUB_PUBLIC_ARTIFACT_DAYS}) and keep the backup's retention-days at least that high; or ${elsewhere}.`);
}

export { artifactRetentionFix as a, repositoryRetentionLimit as r };

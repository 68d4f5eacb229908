import { writeFile, readFile } from 'node:fs/promises';
import { I as InputError } from './_commonjsHelpers.js';
import { a as assertWritableFolder } from './file-system.js';
import { d as backupSetName } from './interrupts.js';
import { a as assertScratchIsNotProduction, i as identifyScratch, r as restoreArchive, j as judgeRestoreRun, v as validateRestored, s as smokeStep, b as reserveLogFiles, d as drillLogSchema, c as backupIdentity, l as logHeader, e as drillLogMarkdown, f as assertQueriesOnly, g as assertNotSameDatabase } from './validate-restore.js';
import { x as sourceTarget } from './source.js';
import { l as locateBackup, v as verifyBackup, s as skip, d as pass, f as fail } from './verify-backup.js';

/**
 * SOP §2–3 automated: guard, fetch, verify, restore into scratch, validate
 * against the manifest, run the smoke command, measure RPO/RTO and write the
 * drill log. Runs every check it still can and reports every condition; only
 * bad input throws (before anything is touched).
 */
async function runDrill(options, logger, deps = {}) {
    const now = deps.now ?? (() => new Date());
    const startedAt = now();
    const started = performance.now();
    // Before any connection: the scratch target must not be spelled like production.
    assertScratchIsNotProduction({
        scratch: options.scratch,
        ...(options.production ? { production: options.production } : {}),
        ...(options.projectRef ? { projectRef: options.projectRef } : {})
    });
    // Then connect (read only) and compare the server and database it really reaches.
    const scratchIdentity = await logger.group('Identify the scratch target', () => identifyScratch(options.scratch, options.production, logger));
    const validationSql = options.validationSqlPath
        ? await readValidationSql(options.validationSqlPath)
        : undefined;
    // The log is written last: a folder it cannot go to must stop the drill before it starts.
    await assertWritableFolder('log-dir', options.logDir);
    const checks = [];
    let differences = [];
    let restoreErrors = [];
    let smoke;
    let manifest;
    const located = await logger.group('Fetch backup', () => locateBackup(options.source, logger));
    // Undone in reverse: the decrypted copy, then the download. Nothing plaintext outlives the drill.
    const cleanups = [located.cleanup];
    try {
        const verified = await logger.group(`Verify ${located.name}`, () => verifyBackup(located, {
            pgBinDir: options.pgBinDir,
            decryptIdentity: options.decryptIdentity,
            resolvePgBinDir: deps.resolvePgBinDir,
            logger
        }));
        cleanups.push(verified.cleanup);
        checks.push(...verified.checks);
        manifest = verified.manifest;
        if (manifest)
            guardAgainstSource(options, manifest, scratchIdentity);
        if (!verified.ok || !manifest || !verified.pgRestore) {
            checks.push(skip('restore', 'the backup did not verify: a corrupt archive is never restored'));
        }
        else {
            const pgRestore = verified.pgRestore;
            const restored = await logger.group(`Restore into ${options.scratch.location} (pg_restore -j ${options.jobs})`, () => restoreArchive({
                pgRestore,
                archive: verified.archivePath,
                target: options.scratch,
                jobs: options.jobs
            }));
            const judged = judgeRestoreRun(restored, pgRestore);
            restoreErrors = judged.restoreErrors;
            checks.push(judged.check);
            await deps.afterRestore?.(options.scratch);
            const validated = await logger.group('Validate against the manifest', () => validateRestored(options.scratch, manifest, {
                inputName: 'scratch-db-url',
                validationSql,
                logger
            }));
            checks.push(...validated.checks);
            differences = validated.differences;
            const smoked = await logger.group('Smoke test', () => smokeStep(options.smokeCommand, options.scratch, 'no smoke-command given'));
            checks.push(smoked.check);
            smoke = smoked.smoke;
        }
    }
    finally {
        for (const cleanup of cleanups.reverse())
            await cleanup();
    }
    const rtoSeconds = (performance.now() - started) / 1000;
    const rpoHours = manifest
        ? (startedAt.getTime() - Date.parse(manifest.createdAt)) / 3_600_000
        : null;
    const rpoOk = rpoHours !== null && rpoHours <= options.rpoHours;
    const rtoOk = rtoSeconds <= options.rtoMinutes * 60;
    checks.push(rpoHours === null
        ? skip('rpo', 'backup time unknown (no manifest)')
        : rpoOk
            ? pass('rpo', `backup is ${rpoHours.toFixed(2)} h old (limit ${options.rpoHours} h)`)
            : fail('rpo', 'rpo-exceeded', `backup is ${rpoHours.toFixed(2)} h old, over the ${options.rpoHours} h RPO: the daily backup is missing or failing`), rtoOk
        ? pass('rto', `fetch + verify + restore + validate + smoke took ${rtoSeconds.toFixed(1)} s (limit ${options.rtoMinutes} min)`)
        : fail('rto', 'rto-exceeded', `fetch + verify + restore + validate + smoke took ${rtoSeconds.toFixed(1)} s, over the ${options.rtoMinutes} min RTO`));
    const files = await reserveLogFiles(options.logDir, backupSetName('drill', startedAt));
    const { id } = files;
    const log = drillLogSchema.parse({
        ...logHeader('drill', id, startedAt, rtoSeconds, checks),
        backup: backupIdentity(located, manifest),
        target: options.scratch.location,
        checks,
        rpo: {
            hours: rpoHours === null ? null : round(rpoHours),
            limitHours: options.rpoHours,
            ok: rpoOk
        },
        rto: { seconds: round(rtoSeconds), limitMinutes: options.rtoMinutes, ok: rtoOk },
        restoreErrors,
        differences,
        ...(smoke ? { smoke } : {})
    });
    const markdown = drillLogMarkdown(log);
    const { logPath, markdownPath } = files;
    await writeFile(logPath, JSON.stringify(log, null, 2) + '\n');
    await writeFile(markdownPath, markdown);
    if (deps.storeLog)
        await deps.storeLog([logPath, markdownPath], `drill-log-${id}`);
    return { log, logPath, markdownPath, markdown };
}
/** The backup's own source is production too, whatever the inputs say: by spelling, then by identity. */
function guardAgainstSource(options, manifest, scratchIdentity) {
    const ref = options.projectRef ?? (manifest.projectRef === 'local' ? undefined : manifest.projectRef);
    assertScratchIsNotProduction({
        scratch: options.scratch,
        production: sourceTarget(manifest),
        productionName: "the backup's source",
        ...(ref ? { projectRef: ref } : {})
    });
    if (manifest.source.identity) {
        assertNotSameDatabase(scratchIdentity, manifest.source.identity, "the backup's source");
    }
}
async function readValidationSql(path) {
    let text;
    try {
        text = await readFile(path, 'utf8');
    }
    catch {
        throw new InputError('validation-sql', `cannot read ${path}: pass the path of a .sql file whose statements each return one row with true in the first column`);
    }
    const label = path.split('/').pop() ?? path;
    assertQueriesOnly(text, label);
    return { text, label };
}
const round = (n) => Math.round(n * 1000) / 1000;

export { runDrill as r };

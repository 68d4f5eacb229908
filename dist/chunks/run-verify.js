import { c as conditionsOf } from './drill-options.js';
import { w as withVerifiedBackup } from './fetch-verified.js';

/**
 * `verify`: fetch a backup and prove its bytes and archive intact, without
 * restoring it. `resolvePgBinDir`: without pg-bin-dir, a pg_restore of the
 * archive's exact major (the action installs one).
 */
async function runVerify(options, logger, deps = {}) {
    return withVerifiedBackup(options.source, {
        pgBinDir: options.pgBinDir,
        decryptIdentity: options.decryptIdentity,
        resolvePgBinDir: deps.resolvePgBinDir
    }, logger, (name) => `Verify ${name}`, async (located, verified) => {
        const escalations = conditionsOf(verified.checks);
        return {
            name: located.name,
            origin: located.origin,
            result: escalations.length ? 'fail' : 'pass',
            escalations,
            sha256: verified.sha256,
            checks: verified.checks
        };
    });
}
/** Markdown for verify's summary. */
function verifySummaryMarkdown(result) {
    const verdict = result.result === 'pass' ? 'PASS ✅' : `FAIL ❌ — escalate: ${result.escalations.join(', ')}`;
    return ([
        `## Verify \`${result.name}\`: ${verdict}`,
        '',
        `Backup: ${result.origin}`,
        '',
        '| Check | Result | Detail |',
        '|---|---|---|',
        ...result.checks.map((c) => `| ${c.name} | ${c.status}${c.condition && c.status === 'fail' ? ` (\`${c.condition}\`)` : ''} | ${c.detail.replace(/\|/g, '\\|')} |`)
    ].join('\n') + '\n');
}

export { runVerify as r, verifySummaryMarkdown as v };

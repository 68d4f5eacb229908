import { h as error, s as setFailed, j as group, a as warning, d as debug, i as info, k as getInput, l as setOutput, n as summary, g as setSecret } from './core.js';
import { h as handleInterrupts, w as withCleanup, i as interruption } from './interrupts.js';
import { m as maskSecrets, e as errorMessage, I as InputError, E as EscalationError, o as onSecretRegistered } from './_commonjsHelpers.js';

/**
 * The GitHub side of every sub-action: the only module (with the entries in
 * this folder) that imports @actions/core. Every secret registered anywhere is
 * passed to core.setSecret, and every line is masked locally too, so logs stay
 * clean even where no runner masks them (local runs, tests).
 */
function createActionLogger() {
    onSecretRegistered((secret) => setSecret(secret));
    return {
        info: (message) => info(maskSecrets(message)),
        debug: (message) => debug(maskSecrets(message)),
        warning: (message, properties) => warning(maskSecrets(message), properties),
        error: (message, properties) => error(maskSecrets(message), properties),
        group: (name, work) => group(maskSecrets(name), work)
    };
}
/** Reads the named inputs (kebab-case, as in action.yml). Blank means not given. */
function readActionInputs(names) {
    return Object.fromEntries(names.map((name) => [name, getInput(name) || undefined]));
}
/** Sets outputs; values are masked (an output is printed in the log). */
function setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs))
        setOutput(name, maskSecrets(String(value ?? '')));
}
/** Appends markdown to the job summary when the runner provides one. */
async function writeJobSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await summary.addRaw(maskSecrets(markdown), true).write();
}
/**
 * The single error boundary of a sub-action. Bad input and escalations fail
 * the run with an annotation whose title names the input or the condition.
 */
async function runAction(work) {
    const logger = createActionLogger();
    // A cancelled workflow sends SIGINT, then SIGTERM: stop children, remove what
    // this run created, exit 130/143 with the interruption in the log.
    handleInterrupts({ log: (line) => error(line), exit: (code) => process.exit(code) });
    try {
        await withCleanup(() => work(logger));
    }
    catch (error$1) {
        if (interruption())
            return;
        const message = maskSecrets(errorMessage(error$1));
        if (error$1 instanceof InputError) {
            error(message, { title: `Bad input: ${error$1.input}` });
        }
        else if (error$1 instanceof EscalationError) {
            error(message, { title: `ESCALATE: ${error$1.condition}` });
        }
        else {
            error(message, { title: 'backup-drill failed' });
        }
        setFailed(message);
    }
}

export { readActionInputs as a, runAction as r, setOutputs as s, writeJobSummary as w };

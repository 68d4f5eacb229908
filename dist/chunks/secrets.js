/**
 * Process-wide registry of secrets. Every logger, summary writer and error
 * boundary runs text through `maskSecrets` before it leaves the process, so a
 * secret registered once (the moment it is read) can never be printed later.
 */
const secrets = new Set();
const listeners = [];
const MASK = '***';
/** Registers a secret (and its percent-encoded / decoded spellings). Short values are ignored: masking "a" would destroy every message. */
function registerSecret(secret) {
    if (!secret || secret.length < 3)
        return;
    for (const variant of spellings(secret)) {
        if (variant.length < 3 || secrets.has(variant))
            continue;
        secrets.add(variant);
        for (const listener of listeners)
            listener(variant);
    }
}
/** Called for every secret registered from now on (and all registered before). The action uses it for core.setSecret. */
function onSecretRegistered(listener) {
    listeners.push(listener);
    for (const secret of secrets)
        listener(secret);
}
/** Replaces every registered secret in `text` with ***. Longest first, so a secret containing another is masked whole. */
function maskSecrets(text) {
    if (secrets.size === 0)
        return text;
    let masked = text;
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
        masked = masked.split(secret).join(MASK);
    }
    return masked;
}
/**
 * For the end of a longer text, cut at an arbitrary point (the tail of a tool's
 * output): when it begins with the end of a registered secret whose start was cut
 * away (3 characters or more of it), that part becomes ***. maskSecrets cannot
 * see a secret cut in two; whole secrets are left to it.
 */
function maskCutSecret(tail) {
    let cut = 0;
    for (const secret of secrets) {
        for (let k = Math.min(secret.length - 1, tail.length); k >= 3 && k > cut; k--) {
            if (tail.startsWith(secret.slice(-k))) {
                cut = k;
                break;
            }
        }
    }
    return cut === 0 ? tail : MASK + tail.slice(cut);
}
function spellings(secret) {
    const variants = [secret, encodeURIComponent(secret)];
    try {
        variants.push(decodeURIComponent(secret));
    }
    catch {
        // not percent-encoded; nothing to add
    }
    return variants;
}

export { maskCutSecret as a, maskSecrets as m, onSecretRegistered as o, registerSecret as r };

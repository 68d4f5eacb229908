/**
 * The closed set of SOP escalation conditions ("Failure Conditions (Escalate
 * Immediately)"), refined so each failure names exactly one cause.
 */
const ESCALATION_CONDITIONS = [
    'backup-failed',
    'checksum-mismatch',
    'backup-unreadable',
    'restore-failed',
    'validation-failed',
    'smoke-failed',
    'rpo-exceeded',
    'rto-exceeded'
];
/** Bad input from a person: names the input and the fix. CLI exit code 2. */
class InputError extends Error {
    input;
    constructor(input, message) {
        super(`${input}: ${message}`);
        this.input = input;
        this.name = 'InputError';
    }
}
/** A failure the SOP says to escalate. CLI exit code 1; the action fails the run. */
class EscalationError extends Error {
    condition;
    constructor(condition, message, options) {
        super(message, options);
        this.condition = condition;
        this.name = 'EscalationError';
    }
}
/** Human-readable text of any thrown value. */
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}

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

var commonjsGlobal = typeof globalThis !== 'undefined' ? globalThis : typeof window !== 'undefined' ? window : typeof global !== 'undefined' ? global : typeof self !== 'undefined' ? self : {};

function getDefaultExportFromCjs (x) {
	return x && x.__esModule && Object.prototype.hasOwnProperty.call(x, 'default') ? x['default'] : x;
}

function getAugmentedNamespace(n) {
  if (Object.prototype.hasOwnProperty.call(n, '__esModule')) return n;
  var f = n.default;
	if (typeof f == "function") {
		var a = function a () {
			var isInstance = false;
      try {
        isInstance = this instanceof a;
      } catch (e) {}
			if (isInstance) {
        return Reflect.construct(f, arguments, this.constructor);
			}
			return f.apply(this, arguments);
		};
		a.prototype = f.prototype;
  } else a = {};
  Object.defineProperty(a, '__esModule', {value: true});
	Object.keys(n).forEach(function (k) {
		var d = Object.getOwnPropertyDescriptor(n, k);
		Object.defineProperty(a, k, d.get ? d : {
			enumerable: true,
			get: function () {
				return n[k];
			}
		});
	});
	return a;
}

export { EscalationError as E, InputError as I, ESCALATION_CONDITIONS as a, getAugmentedNamespace as b, commonjsGlobal as c, errorMessage as e, getDefaultExportFromCjs as g, maskSecrets as m, onSecretRegistered as o, registerSecret as r };

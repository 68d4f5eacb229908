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
    'rto-exceeded',
    // The store cannot keep what the retention policy needs (artifacts that expire before the monthly backups are due).
    'retention-unattainable',
    // `status`: the newest drill log is older than drill-max-age-days, or the last drill failed.
    'drill-overdue'
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
 * A GitHub repository spelled `owner/repo`: each part only the characters GitHub
 * allows in owner and repository names, so it is safe in a URL path.
 */
const REPOSITORY_PATTERN = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/;
/** Splits `owner/repo` into its parts; undefined when the text is not one. */
function splitRepository(text) {
    const match = REPOSITORY_PATTERN.exec(text);
    return match ? { owner: match[1], repo: match[2] } : undefined;
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

export { EscalationError as E, InputError as I, REPOSITORY_PATTERN as R, ESCALATION_CONDITIONS as a, getAugmentedNamespace as b, commonjsGlobal as c, errorMessage as e, getDefaultExportFromCjs as g, splitRepository as s };

import { m as maskSecrets } from './secrets.js';

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

/**
 * A failed artifact operation. The message names the operation, the cause and the
 * fix, and is masked: no token or signed URL ever reaches it. The original error is
 * deliberately not kept as `cause`, since Octokit errors carry request details.
 */
class ArtifactStoreError extends Error {
    kind;
    status;
    constructor(kind, message, status) {
        super(maskSecrets(message));
        this.kind = kind;
        this.status = status;
        this.name = 'ArtifactStoreError';
    }
}
/**
 * Sorts an error from @actions/artifact, its twirp client or Octokit into a kind.
 * Octokit errors carry `status`; twirp failures only say `(404)` in their message;
 * the client's own ArtifactNotFoundError is known by name.
 */
function classifyArtifactError(error) {
    const status = statusOf(error);
    if (error instanceof Error && error.name === 'ArtifactNotFoundError')
        return { kind: 'not-found', status };
    switch (status) {
        case 401:
            return { kind: 'unauthorized', status };
        case 403:
            return { kind: 'forbidden', status };
        case 404:
            return { kind: 'not-found', status };
        case 409:
            return { kind: 'conflict', status };
        case 410:
            return { kind: 'expired', status };
        default:
            return { kind: 'service', status };
    }
}
/** The first line of an error's message (the client appends multi-line FAQ text), masked. */
function firstLine(error) {
    const text = error instanceof Error ? error.message : String(error);
    return maskSecrets(text.split('\n')[0].trim());
}
/** What to tell a person for each kind: the cause in plain words and the fix. */
function explainFailure(kind, repository) {
    const repo = repository ?? 'this repository';
    switch (kind) {
        case 'unauthorized':
            return `GitHub rejected the token (bad or expired credentials); pass a token with actions:read on ${repo}`;
        case 'forbidden':
            return `the token may not access artifacts of ${repo}; it needs the actions:read permission (actions:write to delete)`;
        case 'not-found':
            return 'not found: it may have expired, been deleted, or belong to another run or repository';
        case 'expired':
            return 'the artifact has expired and its content is gone';
        case 'conflict':
            return 'an artifact with this name already exists in this workflow run';
        case 'service':
            return 'the artifact service failed; this is often temporary, retry the run';
    }
}
function statusOf(error) {
    if (typeof error !== 'object' || error === null)
        return undefined;
    const status = error.status;
    if (typeof status === 'number')
        return status;
    // twirp: "Failed to ListArtifacts: Received non-retryable error: Failed request: (404) Not Found: ..."
    const match = /\((\d{3})\)/.exec(error instanceof Error ? error.message : '');
    return match ? Number(match[1]) : undefined;
}

export { ArtifactStoreError as A, EscalationError as E, InputError as I, REPOSITORY_PATTERN as R, ESCALATION_CONDITIONS as a, getAugmentedNamespace as b, commonjsGlobal as c, classifyArtifactError as d, errorMessage as e, explainFailure as f, getDefaultExportFromCjs as g, firstLine as h, splitRepository as s };

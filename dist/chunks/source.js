import { I as InputError, c as commonjsGlobal, g as getDefaultExportFromCjs, E as EscalationError, e as errorMessage } from './_commonjsHelpers.js';
import { h as parseRecipients } from './notice-inputs.js';
import { Q as splitList, y as string, d as defineInputs, S as S3_INPUT_SPECS, b as artifactNameRule, u as uploadRule, s as storeRule, c as prefixRule, f as projectRefRule, i as integerInput, g as booleanInput, e as inputNames, m as parseDatabaseUrl, q as parseRegisteredInputs, t as parseS3Store, K as trackChild } from './heartbeat.js';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, delimiter } from 'node:path';
import { promisify } from 'node:util';
import require$$0__default$1 from 'events';
import require$$0__default from 'util';
import require$$2 from 'util/types';
import crypto__default from 'crypto';
import require$$0 from 'dns';
import fs__default from 'fs';
import require$$0$1 from 'net';
import require$$1 from 'tls';
import path__default from 'path';
import require$$0__default$2 from 'stream';
import require$$1$1 from 'string_decoder';
import { a as maskCutSecret, m as maskSecrets } from './secrets.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const PATTERN_PART = /^[A-Za-z0-9_$*]+$/;
/**
 * The schema a drill marks its scratch database with (drill/scratch-target.ts). A
 * backup may not take it into its scope: restored, it would make any database
 * look like a drill's scratch.
 */
const DRILL_MARKER_SCHEMA = 'backup_drill';
/** Parses a comma-separated list of schema names. */
function parseSchemaList(input, value) {
    const schemas = splitList(value);
    for (const schema of schemas) {
        if (!IDENTIFIER.test(schema)) {
            throw new InputError(input, `"${printable(schema)}" is not a schema name: use letters, digits and _ (e.g. public,auth)`);
        }
        if (schema === DRILL_MARKER_SCHEMA) {
            throw new InputError(input, `${DRILL_MARKER_SCHEMA} is the schema a drill marks its scratch database with, never data: remove it from the list`);
        }
    }
    return [...new Set(schemas)];
}
/** Parses a comma-separated list of `schema.name` table patterns. */
function parseTablePatterns(input, value) {
    return splitList(value).map((text) => {
        const parts = text.split('.');
        const [schema, name] = parts;
        if (parts.length !== 2 ||
            !schema ||
            !name ||
            !IDENTIFIER.test(schema) ||
            !PATTERN_PART.test(name)) {
            throw new InputError(input, `"${printable(text)}" is not a table pattern: write schema.name, with * as a wildcard (e.g. public.accounts_*)`);
        }
        return { schema, name, text };
    });
}
/** True when `schema.name` matches the pattern (exact, case-sensitive, * = any run). */
function matchesPattern(pattern, schema, name) {
    if (pattern.schema !== schema)
        return false;
    const regex = new RegExp(`^${pattern.name.split('*').map(escapeRegex).join('.*')}$`);
    return regex.test(name);
}
function escapeRegex(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** Shows control characters visibly in an error message. */
function printable(text) {
    return JSON.stringify(text).slice(1, -1).slice(0, 80);
}

/**
 * Which principals the RLS behaviour proof probes and in which tables (docs/rls-proof.md).
 * Pure: src/postgres/rls-probe.ts reads the inputs from the database and runs the plan.
 */
/** The role PostgREST uses for a request without a user (the anon key). */
const ANON_ROLE = 'anon';
/** The role a signed-in user gets when auth.users has none for them (GoTrue's default). */
const DEFAULT_USER_ROLE = 'authenticated';
/** Default of the `rls-principals` input: users sampled besides anon. */
const DEFAULT_RLS_PRINCIPALS = 3;
const MAX_RLS_PRINCIPALS = 100;
const tableKeyOf = (table) => `${table.schema}.${table.name}`;
/** The roles a plan may need: anon, plus the role of every sampled user. */
function rolesToCheck(users) {
    const roles = new Set([ANON_ROLE, DEFAULT_USER_ROLE]);
    if (Array.isArray(users))
        for (const user of users)
            roles.add(userRole(user));
    return [...roles].sort();
}
/**
 * anon plus the first `principals` users in id order (deterministic: the same database gives
 * the same sample, and the drill repeats the manifest's list rather than sampling again), in
 * every RLS-enabled table in scope. Off or not applicable says why.
 */
function planRlsProof(input) {
    if (input.principals === 0)
        return { status: 'off', reason: 'rls-principals is 0: the RLS proof is off', notes: [] };
    const tables = input.tables
        .filter((table) => table.rlsEnabled)
        .map(({ schema, name }) => ({ schema, name }))
        .sort((a, b) => compare(tableKeyOf(a), tableKeyOf(b)));
    if (tables.length === 0)
        return {
            status: 'not-applicable',
            reason: 'no table in scope has row level security enabled',
            notes: []
        };
    if (!input.existingRoles.has(ANON_ROLE))
        return {
            status: 'not-applicable',
            reason: `role ${ANON_ROLE} does not exist: not a Supabase/PostgREST database, no API principal to prove`,
            notes: []
        };
    const notes = [];
    const principals = [{ id: ANON_ROLE, role: ANON_ROLE, sub: null }];
    if (!Array.isArray(input.users)) {
        notes.push(`${input.users.unavailable}: anon only`);
    }
    else {
        const users = [...input.users].sort((a, b) => compare(a.id, b.id)).slice(0, input.principals);
        for (const user of users) {
            const role = userRole(user);
            if (!input.existingRoles.has(role)) {
                notes.push(`user ${user.id}: role ${role} does not exist, so PostgREST could not serve them: not probed`);
                continue;
            }
            principals.push({ id: user.id, role, sub: user.id });
        }
        if (input.users.length === 0)
            notes.push('auth.users has no rows: anon only');
    }
    return { status: 'probe', principals, tables, notes };
}
/**
 * The settings PostgREST makes for a request: the JSON claims, and the older one-setting-per-claim
 * spelling that auth.uid() / auth.role() still read first.
 */
function claimSettings(principal) {
    const claims = principal.sub === null ? { role: principal.role } : { sub: principal.sub, role: principal.role };
    return [
        ['request.jwt.claims', JSON.stringify(claims)],
        ['request.jwt.claim.sub', principal.sub ?? ''],
        ['request.jwt.claim.role', principal.role]
    ];
}
function userRole(user) {
    const role = user.role?.trim();
    return role ? role : DEFAULT_USER_ROLE;
}
const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** pg_dump -Z values: a gzip level 0-9 (every pg_dump), or a method with an optional level (pg_dump 16+). */
const COMPRESS = /^(?:\d|none|(gzip|lz4|zstd)(?::(\d{1,2}))?)$/;
const COMPRESS_LEVELS = { gzip: 9, lz4: 12, zstd: 22 };
const COMPRESS_HELP = 'must be a pg_dump -Z value: 0-9, none, gzip[:1-9], lz4[:1-12] or zstd[:1-22] (e.g. 6 or zstd:3)';
/** Why pg_dump would reject a --compress value, or undefined when it accepts it. */
function compressProblem(value) {
    const match = COMPRESS.exec(value);
    if (!match)
        return COMPRESS_HELP;
    const [, method, level] = match;
    if (method && level !== undefined) {
        const max = COMPRESS_LEVELS[method];
        if (Number(level) < 1 || Number(level) > max)
            return `${COMPRESS_HELP}: ${method} levels are 1-${max}`;
    }
    return undefined;
}
/**
 * Refuses a --compress value the pg_dump of this major rejects: methods
 * (gzip:N, lz4, zstd, none) came with pg_dump 16; older ones take 0-9 only.
 */
function assertCompressSupported(compress, pgDumpMajor) {
    if (compress === undefined || /^\d$/.test(compress) || pgDumpMajor >= 16)
        return;
    throw new InputError('compress', `${compress} needs pg_dump 16 or newer; pg_dump ${pgDumpMajor} takes a level 0-9 only (e.g. 6)`);
}
/** A pg_dump -Z value pg_dump of some major accepts (assertCompressSupported checks the major). */
const compressRule = string().check((ctx) => {
    const problem = compressProblem(ctx.value);
    if (problem)
        ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});
/** The root action's inputs (action.yml order); all but postgres-version are the CLI's too. */
const BACKUP_INPUT_SPECS = defineInputs({
    'db-url': {
        required: true,
        secret: 'url-password',
        env: ['BACKUP_DRILL_DB_URL'],
        description: 'Source database, postgres://USER:PASSWORD@HOST:5432/DATABASE or keyword=value (host=... dbname=...), resolved once with libpq rules (service=, PG* variables, .pgpass) for every tool; sslmode/sslrootcert/sslcert/sslkey as in libpq (default prefer). Pass it from a secret; the password is masked at once. Percent-encode @ / ? # % in the password. For Supabase use the session pooler URL: runners have no IPv6.',
        cli: { value: '<url>', help: 'source database URL' }
    },
    'project-ref': {
        rule: projectRefRule,
        description: 'Label used in names and the manifest (default: the Supabase project ref read from the URL, else "local").',
        cli: {
            value: '<ref>',
            help: 'label for names and the manifest (default: from a Supabase URL, else "local")'
        }
    },
    schemas: {
        default: 'public',
        description: 'Comma-separated schemas to back up (e.g. public,auth). backup_drill, the schema a drill marks its scratch with, is refused.',
        cli: { value: '<list>', help: 'comma-separated schemas to back up' }
    },
    tables: {
        description: 'Only these tables: comma-separated schema.name, * as a wildcard (e.g. public.accounts_*). Empty: every table of the schemas.',
        cli: {
            value: '<patterns>',
            help: 'only these tables: schema.name, * wildcard, comma-separated'
        }
    },
    'exclude-tables': {
        description: 'Leave out these tables: comma-separated schema.name, * as a wildcard.',
        cli: { value: '<patterns>', help: 'leave out these tables: schema.name, * wildcard' }
    },
    'out-dir': {
        default: './backups',
        // action.yml defaults cannot use the runner context: the entry puts blank in $RUNNER_TEMP.
        actionDefault: '',
        description: 'Folder for the backup set (.dump, .sha256, .manifest.json). Empty: $RUNNER_TEMP/backups.',
        cli: { value: '<dir>', help: 'folder for the backup set' }
    },
    prefix: {
        rule: prefixRule,
        default: 'backup',
        description: 'File and artifact name prefix: sets are named <prefix>-<UTC yyyymmdd-HHMMSS> (the SOP uses opta-supabase).',
        cli: { value: '<prefix>', help: 'file name prefix (the SOP uses opta-supabase)' }
    },
    compress: {
        rule: compressRule,
        description: "pg_dump --compress value: 0-9, none, gzip[:1-9], lz4[:1-12], zstd[:1-22] (all but 0-9 need pg_dump 16+). A value pg_dump rejects is bad input, refused before connecting (after connecting when pg-bin-dir is empty, as the server's major picks pg_dump). Empty: pg_dump's default.",
        cli: {
            value: '<level>',
            help: 'pg_dump --compress value (0-9; none, gzip:N, lz4:N, zstd:N on pg_dump 16+)'
        }
    },
    'pg-bin-dir': {
        description: 'Directory holding pg_dump and pg_restore. Empty: /usr/lib/postgresql/<server major>/bin, else PATH.',
        cli: {
            value: '<dir>',
            help: "directory holding pg_dump and pg_restore (default: the server major's, then PATH)"
        }
    },
    'postgres-version': {
        actionOnly: true,
        default: 'auto',
        description: "Client major to use when pg-bin-dir is empty: auto (the server's major, found after connecting; when /usr/lib/postgresql/<major>/bin is missing on an apt-based Linux runner, postgresql-client-<major> is installed from apt.postgresql.org and its packages cached with actions/cache, keyed by OS, architecture and major) or a number such as 17 (pins /usr/lib/postgresql/17/bin). pg_dump must be at least the server's major."
    },
    store: {
        rule: storeRule,
        description: 'Where the set goes: directory (out-dir only), artifact (out-dir, then one artifact of this run), s3 (streamed straight into the s3-bucket: no local dump file, out-dir unused). Empty: as upload says (artifact in the action, directory in the CLI).',
        cli: {
            value: '<store>',
            help: 'directory, artifact or s3 (default: as --upload says)'
        }
    },
    upload: {
        rule: uploadRule,
        default: 'none',
        actionDefault: 'artifact',
        description: 'artifact: upload the three files as one artifact of this run once the set is complete; none: keep them in out-dir only.',
        cli: { value: '<where>', help: 'artifact or none (artifact works only inside GitHub Actions)' }
    },
    'artifact-name': {
        rule: artifactNameRule,
        description: 'Artifact name. Empty: the backup set name (<prefix>-<yyyymmdd-HHMMSS>).',
        cli: { value: '<name>', help: 'artifact name (default: the backup set name)' }
    },
    'retention-days': {
        rule: integerInput(1, 400),
        default: '400',
        description: 'Days GitHub keeps the artifact, 1-400. When the repository or organization limit (GITHUB_RETENTION_DAYS; 90 on public repositories) would cut it below the 366 days that 12 monthly backups need, the backup fails with retention-unattainable before dumping.',
        cli: { value: '<days>', help: 'artifact retention in days' }
    },
    'content-hash': {
        rule: booleanInput('content-hash'),
        default: 'false',
        description: "true: also record an order-independent hash of every table's rows in the manifest, so the drill can prove content equal, not only counts.",
        cli: { value: '<bool>', help: "also hash every table's rows (true|false)" }
    },
    'encrypt-recipients': {
        // Parsed by parseRecipients: it names the bad item and masks a pasted secret key.
        description: 'Comma- or newline-separated age X25519 public keys (age1..., from `age-keygen -y`). When set, the dump is encrypted while it streams and stored as .dump.age; the sha256 covers the stored bytes and the manifest records the plaintext sha256. Drill and restore need the matching decrypt-identity.',
        cli: {
            value: '<keys>',
            help: 'age public keys (age1...): encrypt the dump while it streams (.dump.age)'
        }
    },
    'lock-timeout': {
        rule: integerInput(1, 86_400),
        default: '300',
        description: "Seconds the backup waits for a table lock held by another session (DDL such as ALTER TABLE, VACUUM FULL) before it fails naming the table; passed to pg_dump as --lock-wait-timeout and used for the backup's own snapshot queries.",
        cli: {
            value: '<seconds>',
            help: 'wait at most this long for a table lock held by another session, then fail naming the table'
        }
    },
    'rls-principals': {
        rule: integerInput(0, MAX_RLS_PRINCIPALS),
        default: `${DEFAULT_RLS_PRINCIPALS}`,
        description: "RLS behaviour proof: users of auth.users (first by id) probed besides anon. In the dump's snapshot each becomes the role PostgREST would use, with its JWT claims; the rows it sees per RLS-enabled table go into the manifest (ids and counts only) and the drill counts again. 0: off. See docs/rls-proof.md.",
        cli: { value: '<n>', help: 'users the RLS proof probes besides anon, 0-100 (0 = off)' }
    },
    ...S3_INPUT_SPECS
});
/** Input names of the backup operation: action inputs and CLI flags alike. */
inputNames(BACKUP_INPUT_SPECS, 'parsed');
/** Parses raw backup inputs; throws InputError naming the first bad input. */
function parseBackupOptions(raw, env = process.env) {
    // The URL first: its password is registered as a secret before anything
    // else can fail, and an empty or malformed URL gets the parser's one clear message.
    const db = parseDatabaseUrl('db-url', raw['db-url']);
    const parsed = parseRegisteredInputs(BACKUP_INPUT_SPECS, raw);
    // store overrides upload: s3 streams into the bucket, artifact uploads, directory keeps out-dir only.
    const store = parsed.store;
    const upload = store === undefined ? parsed.upload : store === 'artifact' ? 'artifact' : 'none';
    const s3 = store === 's3' ? parseS3Store(parsed, env, parsed.prefix) : undefined;
    return {
        db,
        projectRef: parsed['project-ref'] ?? projectRefFromTarget(db) ?? 'local',
        schemas: requireNonEmpty(parseSchemaList('schemas', parsed.schemas)),
        tables: parseTablePatterns('tables', parsed.tables),
        excludeTables: parseTablePatterns('exclude-tables', parsed['exclude-tables']),
        outDir: parsed['out-dir'],
        prefix: parsed.prefix,
        compress: parsed.compress,
        pgBinDir: parsed['pg-bin-dir'],
        upload,
        ...(s3 ? { s3 } : {}),
        artifactName: parsed['artifact-name'],
        retentionDays: parsed['retention-days'],
        contentHash: parsed['content-hash'],
        encryptRecipients: parsed['encrypt-recipients']?.trim()
            ? parseRecipients('encrypt-recipients', parsed['encrypt-recipients'])
            : [],
        lockTimeoutSeconds: parsed['lock-timeout'],
        rlsPrincipals: parsed['rls-principals']
    };
}
/** The Supabase project ref a URL names (pooler user `postgres.<ref>` or host `db.<ref>.supabase.co`). */
function projectRefFromTarget(target) {
    const fromHost = /^db\.([a-z0-9]+)\.supabase\.co$/i.exec(target.host)?.[1];
    const fromUser = /^[^.]+\.([a-z0-9]+)$/i.exec(target.user)?.[1];
    return fromHost ?? (/\.pooler\.supabase\.com$/i.test(target.host) ? fromUser : undefined);
}
function requireNonEmpty(schemas) {
    if (schemas.length === 0)
        return ['public'];
    return schemas;
}

var lib$1 = {exports: {}};

var defaults = {exports: {}};

var pgTypes = {};

var postgresArray = {};

var hasRequiredPostgresArray;

function requirePostgresArray () {
	if (hasRequiredPostgresArray) return postgresArray;
	hasRequiredPostgresArray = 1;

	postgresArray.parse = function (source, transform) {
	  return new ArrayParser(source, transform).parse()
	};

	class ArrayParser {
	  constructor (source, transform) {
	    this.source = source;
	    this.transform = transform || identity;
	    this.position = 0;
	    this.entries = [];
	    this.recorded = [];
	    this.dimension = 0;
	  }

	  isEof () {
	    return this.position >= this.source.length
	  }

	  nextCharacter () {
	    var character = this.source[this.position++];
	    if (character === '\\') {
	      return {
	        value: this.source[this.position++],
	        escaped: true
	      }
	    }
	    return {
	      value: character,
	      escaped: false
	    }
	  }

	  record (character) {
	    this.recorded.push(character);
	  }

	  newEntry (includeEmpty) {
	    var entry;
	    if (this.recorded.length > 0 || includeEmpty) {
	      entry = this.recorded.join('');
	      if (entry === 'NULL' && !includeEmpty) {
	        entry = null;
	      }
	      if (entry !== null) entry = this.transform(entry);
	      this.entries.push(entry);
	      this.recorded = [];
	    }
	  }

	  consumeDimensions () {
	    if (this.source[0] === '[') {
	      while (!this.isEof()) {
	        var char = this.nextCharacter();
	        if (char.value === '=') break
	      }
	    }
	  }

	  parse (nested) {
	    var character, parser, quote;
	    this.consumeDimensions();
	    while (!this.isEof()) {
	      character = this.nextCharacter();
	      if (character.value === '{' && !quote) {
	        this.dimension++;
	        if (this.dimension > 1) {
	          parser = new ArrayParser(this.source.substr(this.position - 1), this.transform);
	          this.entries.push(parser.parse(true));
	          this.position += parser.position - 2;
	        }
	      } else if (character.value === '}' && !quote) {
	        this.dimension--;
	        if (!this.dimension) {
	          this.newEntry();
	          if (nested) return this.entries
	        }
	      } else if (character.value === '"' && !character.escaped) {
	        if (quote) this.newEntry(true);
	        quote = !quote;
	      } else if (character.value === ',' && !quote) {
	        this.newEntry();
	      } else {
	        this.record(character.value);
	      }
	    }
	    if (this.dimension !== 0) {
	      throw new Error('array dimension not balanced')
	    }
	    return this.entries
	  }
	}

	function identity (value) {
	  return value
	}
	return postgresArray;
}

var arrayParser;
var hasRequiredArrayParser;

function requireArrayParser () {
	if (hasRequiredArrayParser) return arrayParser;
	hasRequiredArrayParser = 1;
	var array = requirePostgresArray();

	arrayParser = {
	  create: function (source, transform) {
	    return {
	      parse: function() {
	        return array.parse(source, transform);
	      }
	    };
	  }
	};
	return arrayParser;
}

var postgresDate;
var hasRequiredPostgresDate;

function requirePostgresDate () {
	if (hasRequiredPostgresDate) return postgresDate;
	hasRequiredPostgresDate = 1;

	var DATE_TIME = /(\d{1,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,})?.*?( BC)?$/;
	var DATE = /^(\d{1,})-(\d{2})-(\d{2})( BC)?$/;
	var TIME_ZONE = /([Z+-])(\d{2})?:?(\d{2})?:?(\d{2})?/;
	var INFINITY = /^-?infinity$/;

	postgresDate = function parseDate (isoDate) {
	  if (INFINITY.test(isoDate)) {
	    // Capitalize to Infinity before passing to Number
	    return Number(isoDate.replace('i', 'I'))
	  }
	  var matches = DATE_TIME.exec(isoDate);

	  if (!matches) {
	    // Force YYYY-MM-DD dates to be parsed as local time
	    return getDate(isoDate) || null
	  }

	  var isBC = !!matches[8];
	  var year = parseInt(matches[1], 10);
	  if (isBC) {
	    year = bcYearToNegativeYear(year);
	  }

	  var month = parseInt(matches[2], 10) - 1;
	  var day = matches[3];
	  var hour = parseInt(matches[4], 10);
	  var minute = parseInt(matches[5], 10);
	  var second = parseInt(matches[6], 10);

	  var ms = matches[7];
	  ms = ms ? 1000 * parseFloat(ms) : 0;

	  var date;
	  var offset = timeZoneOffset(isoDate);
	  if (offset != null) {
	    date = new Date(Date.UTC(year, month, day, hour, minute, second, ms));

	    // Account for years from 0 to 99 being interpreted as 1900-1999
	    // by Date.UTC / the multi-argument form of the Date constructor
	    if (is0To99(year)) {
	      date.setUTCFullYear(year);
	    }

	    if (offset !== 0) {
	      date.setTime(date.getTime() - offset);
	    }
	  } else {
	    date = new Date(year, month, day, hour, minute, second, ms);

	    if (is0To99(year)) {
	      date.setFullYear(year);
	    }
	  }

	  return date
	};

	function getDate (isoDate) {
	  var matches = DATE.exec(isoDate);
	  if (!matches) {
	    return
	  }

	  var year = parseInt(matches[1], 10);
	  var isBC = !!matches[4];
	  if (isBC) {
	    year = bcYearToNegativeYear(year);
	  }

	  var month = parseInt(matches[2], 10) - 1;
	  var day = matches[3];
	  // YYYY-MM-DD will be parsed as local time
	  var date = new Date(year, month, day);

	  if (is0To99(year)) {
	    date.setFullYear(year);
	  }

	  return date
	}

	// match timezones:
	// Z (UTC)
	// -05
	// +06:30
	function timeZoneOffset (isoDate) {
	  if (isoDate.endsWith('+00')) {
	    return 0
	  }

	  var zone = TIME_ZONE.exec(isoDate.split(' ')[1]);
	  if (!zone) return
	  var type = zone[1];

	  if (type === 'Z') {
	    return 0
	  }
	  var sign = type === '-' ? -1 : 1;
	  var offset = parseInt(zone[2], 10) * 3600 +
	    parseInt(zone[3] || 0, 10) * 60 +
	    parseInt(zone[4] || 0, 10);

	  return offset * sign * 1000
	}

	function bcYearToNegativeYear (year) {
	  // Account for numerical difference between representations of BC years
	  // See: https://github.com/bendrucker/postgres-date/issues/5
	  return -(year - 1)
	}

	function is0To99 (num) {
	  return num >= 0 && num < 100
	}
	return postgresDate;
}

var mutable;
var hasRequiredMutable;

function requireMutable () {
	if (hasRequiredMutable) return mutable;
	hasRequiredMutable = 1;
	mutable = extend;

	var hasOwnProperty = Object.prototype.hasOwnProperty;

	function extend(target) {
	    for (var i = 1; i < arguments.length; i++) {
	        var source = arguments[i];

	        for (var key in source) {
	            if (hasOwnProperty.call(source, key)) {
	                target[key] = source[key];
	            }
	        }
	    }

	    return target
	}
	return mutable;
}

var postgresInterval;
var hasRequiredPostgresInterval;

function requirePostgresInterval () {
	if (hasRequiredPostgresInterval) return postgresInterval;
	hasRequiredPostgresInterval = 1;

	var extend = requireMutable();

	postgresInterval = PostgresInterval;

	function PostgresInterval (raw) {
	  if (!(this instanceof PostgresInterval)) {
	    return new PostgresInterval(raw)
	  }
	  extend(this, parse(raw));
	}
	var properties = ['seconds', 'minutes', 'hours', 'days', 'months', 'years'];
	PostgresInterval.prototype.toPostgres = function () {
	  var filtered = properties.filter(this.hasOwnProperty, this);

	  // In addition to `properties`, we need to account for fractions of seconds.
	  if (this.milliseconds && filtered.indexOf('seconds') < 0) {
	    filtered.push('seconds');
	  }

	  if (filtered.length === 0) return '0'
	  return filtered
	    .map(function (property) {
	      var value = this[property] || 0;

	      // Account for fractional part of seconds,
	      // remove trailing zeroes.
	      if (property === 'seconds' && this.milliseconds) {
	        value = (value + this.milliseconds / 1000).toFixed(6).replace(/\.?0+$/, '');
	      }

	      return value + ' ' + property
	    }, this)
	    .join(' ')
	};

	var propertiesISOEquivalent = {
	  years: 'Y',
	  months: 'M',
	  days: 'D',
	  hours: 'H',
	  minutes: 'M',
	  seconds: 'S'
	};
	var dateProperties = ['years', 'months', 'days'];
	var timeProperties = ['hours', 'minutes', 'seconds'];
	// according to ISO 8601
	PostgresInterval.prototype.toISOString = PostgresInterval.prototype.toISO = function () {
	  var datePart = dateProperties
	    .map(buildProperty, this)
	    .join('');

	  var timePart = timeProperties
	    .map(buildProperty, this)
	    .join('');

	  return 'P' + datePart + 'T' + timePart

	  function buildProperty (property) {
	    var value = this[property] || 0;

	    // Account for fractional part of seconds,
	    // remove trailing zeroes.
	    if (property === 'seconds' && this.milliseconds) {
	      value = (value + this.milliseconds / 1000).toFixed(6).replace(/0+$/, '');
	    }

	    return value + propertiesISOEquivalent[property]
	  }
	};

	var NUMBER = '([+-]?\\d+)';
	var YEAR = NUMBER + '\\s+years?';
	var MONTH = NUMBER + '\\s+mons?';
	var DAY = NUMBER + '\\s+days?';
	var TIME = '([+-])?([\\d]*):(\\d\\d):(\\d\\d)\\.?(\\d{1,6})?';
	var INTERVAL = new RegExp([YEAR, MONTH, DAY, TIME].map(function (regexString) {
	  return '(' + regexString + ')?'
	})
	  .join('\\s*'));

	// Positions of values in regex match
	var positions = {
	  years: 2,
	  months: 4,
	  days: 6,
	  hours: 9,
	  minutes: 10,
	  seconds: 11,
	  milliseconds: 12
	};
	// We can use negative time
	var negatives = ['hours', 'minutes', 'seconds', 'milliseconds'];

	function parseMilliseconds (fraction) {
	  // add omitted zeroes
	  var microseconds = fraction + '000000'.slice(fraction.length);
	  return parseInt(microseconds, 10) / 1000
	}

	function parse (interval) {
	  if (!interval) return {}
	  var matches = INTERVAL.exec(interval);
	  var isNegative = matches[8] === '-';
	  return Object.keys(positions)
	    .reduce(function (parsed, property) {
	      var position = positions[property];
	      var value = matches[position];
	      // no empty string
	      if (!value) return parsed
	      // milliseconds are actually microseconds (up to 6 digits)
	      // with omitted trailing zeroes.
	      value = property === 'milliseconds'
	        ? parseMilliseconds(value)
	        : parseInt(value, 10);
	      // no zeros
	      if (!value) return parsed
	      if (isNegative && ~negatives.indexOf(property)) {
	        value *= -1;
	      }
	      parsed[property] = value;
	      return parsed
	    }, {})
	}
	return postgresInterval;
}

var postgresBytea;
var hasRequiredPostgresBytea;

function requirePostgresBytea () {
	if (hasRequiredPostgresBytea) return postgresBytea;
	hasRequiredPostgresBytea = 1;

	var bufferFrom = Buffer.from || Buffer;

	postgresBytea = function parseBytea (input) {
	  if (/^\\x/.test(input)) {
	    // new 'hex' style response (pg >9.0)
	    return bufferFrom(input.substr(2), 'hex')
	  }
	  var output = '';
	  var i = 0;
	  while (i < input.length) {
	    if (input[i] !== '\\') {
	      output += input[i];
	      ++i;
	    } else {
	      if (/[0-7]{3}/.test(input.substr(i + 1, 3))) {
	        output += String.fromCharCode(parseInt(input.substr(i + 1, 3), 8));
	        i += 4;
	      } else {
	        var backslashes = 1;
	        while (i + backslashes < input.length && input[i + backslashes] === '\\') {
	          backslashes++;
	        }
	        for (var k = 0; k < Math.floor(backslashes / 2); ++k) {
	          output += '\\';
	        }
	        i += Math.floor(backslashes / 2) * 2;
	      }
	    }
	  }
	  return bufferFrom(output, 'binary')
	};
	return postgresBytea;
}

var textParsers;
var hasRequiredTextParsers;

function requireTextParsers () {
	if (hasRequiredTextParsers) return textParsers;
	hasRequiredTextParsers = 1;
	var array = requirePostgresArray();
	var arrayParser = requireArrayParser();
	var parseDate = requirePostgresDate();
	var parseInterval = requirePostgresInterval();
	var parseByteA = requirePostgresBytea();

	function allowNull (fn) {
	  return function nullAllowed (value) {
	    if (value === null) return value
	    return fn(value)
	  }
	}

	function parseBool (value) {
	  if (value === null) return value
	  return value === 'TRUE' ||
	    value === 't' ||
	    value === 'true' ||
	    value === 'y' ||
	    value === 'yes' ||
	    value === 'on' ||
	    value === '1';
	}

	function parseBoolArray (value) {
	  if (!value) return null
	  return array.parse(value, parseBool)
	}

	function parseBaseTenInt (string) {
	  return parseInt(string, 10)
	}

	function parseIntegerArray (value) {
	  if (!value) return null
	  return array.parse(value, allowNull(parseBaseTenInt))
	}

	function parseBigIntegerArray (value) {
	  if (!value) return null
	  return array.parse(value, allowNull(function (entry) {
	    return parseBigInteger(entry).trim()
	  }))
	}

	var parsePointArray = function(value) {
	  if(!value) { return null; }
	  var p = arrayParser.create(value, function(entry) {
	    if(entry !== null) {
	      entry = parsePoint(entry);
	    }
	    return entry;
	  });

	  return p.parse();
	};

	var parseFloatArray = function(value) {
	  if(!value) { return null; }
	  var p = arrayParser.create(value, function(entry) {
	    if(entry !== null) {
	      entry = parseFloat(entry);
	    }
	    return entry;
	  });

	  return p.parse();
	};

	var parseStringArray = function(value) {
	  if(!value) { return null; }

	  var p = arrayParser.create(value);
	  return p.parse();
	};

	var parseDateArray = function(value) {
	  if (!value) { return null; }

	  var p = arrayParser.create(value, function(entry) {
	    if (entry !== null) {
	      entry = parseDate(entry);
	    }
	    return entry;
	  });

	  return p.parse();
	};

	var parseIntervalArray = function(value) {
	  if (!value) { return null; }

	  var p = arrayParser.create(value, function(entry) {
	    if (entry !== null) {
	      entry = parseInterval(entry);
	    }
	    return entry;
	  });

	  return p.parse();
	};

	var parseByteAArray = function(value) {
	  if (!value) { return null; }

	  return array.parse(value, allowNull(parseByteA));
	};

	var parseInteger = function(value) {
	  return parseInt(value, 10);
	};

	var parseBigInteger = function(value) {
	  var valStr = String(value);
	  if (/^\d+$/.test(valStr)) { return valStr; }
	  return value;
	};

	var parseJsonArray = function(value) {
	  if (!value) { return null; }

	  return array.parse(value, allowNull(JSON.parse));
	};

	var parsePoint = function(value) {
	  if (value[0] !== '(') { return null; }

	  value = value.substring( 1, value.length - 1 ).split(',');

	  return {
	    x: parseFloat(value[0])
	  , y: parseFloat(value[1])
	  };
	};

	var parseCircle = function(value) {
	  if (value[0] !== '<' && value[1] !== '(') { return null; }

	  var point = '(';
	  var radius = '';
	  var pointParsed = false;
	  for (var i = 2; i < value.length - 1; i++){
	    if (!pointParsed) {
	      point += value[i];
	    }

	    if (value[i] === ')') {
	      pointParsed = true;
	      continue;
	    } else if (!pointParsed) {
	      continue;
	    }

	    if (value[i] === ','){
	      continue;
	    }

	    radius += value[i];
	  }
	  var result = parsePoint(point);
	  result.radius = parseFloat(radius);

	  return result;
	};

	var init = function(register) {
	  register(20, parseBigInteger); // int8
	  register(21, parseInteger); // int2
	  register(23, parseInteger); // int4
	  register(26, parseInteger); // oid
	  register(700, parseFloat); // float4/real
	  register(701, parseFloat); // float8/double
	  register(16, parseBool);
	  register(1082, parseDate); // date
	  register(1114, parseDate); // timestamp without timezone
	  register(1184, parseDate); // timestamp
	  register(600, parsePoint); // point
	  register(651, parseStringArray); // cidr[]
	  register(718, parseCircle); // circle
	  register(1000, parseBoolArray);
	  register(1001, parseByteAArray);
	  register(1005, parseIntegerArray); // _int2
	  register(1007, parseIntegerArray); // _int4
	  register(1028, parseIntegerArray); // oid[]
	  register(1016, parseBigIntegerArray); // _int8
	  register(1017, parsePointArray); // point[]
	  register(1021, parseFloatArray); // _float4
	  register(1022, parseFloatArray); // _float8
	  register(1231, parseFloatArray); // _numeric
	  register(1014, parseStringArray); //char
	  register(1015, parseStringArray); //varchar
	  register(1008, parseStringArray);
	  register(1009, parseStringArray);
	  register(1040, parseStringArray); // macaddr[]
	  register(1041, parseStringArray); // inet[]
	  register(1115, parseDateArray); // timestamp without time zone[]
	  register(1182, parseDateArray); // _date
	  register(1185, parseDateArray); // timestamp with time zone[]
	  register(1186, parseInterval);
	  register(1187, parseIntervalArray);
	  register(17, parseByteA);
	  register(114, JSON.parse.bind(JSON)); // json
	  register(3802, JSON.parse.bind(JSON)); // jsonb
	  register(199, parseJsonArray); // json[]
	  register(3807, parseJsonArray); // jsonb[]
	  register(3907, parseStringArray); // numrange[]
	  register(2951, parseStringArray); // uuid[]
	  register(791, parseStringArray); // money[]
	  register(1183, parseStringArray); // time[]
	  register(1270, parseStringArray); // timetz[]
	};

	textParsers = {
	  init: init
	};
	return textParsers;
}

var pgInt8;
var hasRequiredPgInt8;

function requirePgInt8 () {
	if (hasRequiredPgInt8) return pgInt8;
	hasRequiredPgInt8 = 1;

	// selected so (BASE - 1) * 0x100000000 + 0xffffffff is a safe integer
	var BASE = 1000000;

	function readInt8(buffer) {
		var high = buffer.readInt32BE(0);
		var low = buffer.readUInt32BE(4);
		var sign = '';

		if (high < 0) {
			high = ~high + (low === 0);
			low = (~low + 1) >>> 0;
			sign = '-';
		}

		var result = '';
		var carry;
		var t;
		var digits;
		var pad;
		var l;
		var i;

		{
			carry = high % BASE;
			high = high / BASE >>> 0;

			t = 0x100000000 * carry + low;
			low = t / BASE >>> 0;
			digits = '' + (t - BASE * low);

			if (low === 0 && high === 0) {
				return sign + digits + result;
			}

			pad = '';
			l = 6 - digits.length;

			for (i = 0; i < l; i++) {
				pad += '0';
			}

			result = pad + digits + result;
		}

		{
			carry = high % BASE;
			high = high / BASE >>> 0;

			t = 0x100000000 * carry + low;
			low = t / BASE >>> 0;
			digits = '' + (t - BASE * low);

			if (low === 0 && high === 0) {
				return sign + digits + result;
			}

			pad = '';
			l = 6 - digits.length;

			for (i = 0; i < l; i++) {
				pad += '0';
			}

			result = pad + digits + result;
		}

		{
			carry = high % BASE;
			high = high / BASE >>> 0;

			t = 0x100000000 * carry + low;
			low = t / BASE >>> 0;
			digits = '' + (t - BASE * low);

			if (low === 0 && high === 0) {
				return sign + digits + result;
			}

			pad = '';
			l = 6 - digits.length;

			for (i = 0; i < l; i++) {
				pad += '0';
			}

			result = pad + digits + result;
		}

		{
			carry = high % BASE;
			t = 0x100000000 * carry + low;
			digits = '' + t % BASE;

			return sign + digits + result;
		}
	}

	pgInt8 = readInt8;
	return pgInt8;
}

var binaryParsers;
var hasRequiredBinaryParsers;

function requireBinaryParsers () {
	if (hasRequiredBinaryParsers) return binaryParsers;
	hasRequiredBinaryParsers = 1;
	var parseInt64 = requirePgInt8();

	var parseBits = function(data, bits, offset, invert, callback) {
	  offset = offset || 0;
	  invert = invert || false;
	  callback = callback || function(lastValue, newValue, bits) { return (lastValue * Math.pow(2, bits)) + newValue; };
	  var offsetBytes = offset >> 3;

	  var inv = function(value) {
	    if (invert) {
	      return ~value & 0xff;
	    }

	    return value;
	  };

	  // read first (maybe partial) byte
	  var mask = 0xff;
	  var firstBits = 8 - (offset % 8);
	  if (bits < firstBits) {
	    mask = (0xff << (8 - bits)) & 0xff;
	    firstBits = bits;
	  }

	  if (offset) {
	    mask = mask >> (offset % 8);
	  }

	  var result = 0;
	  if ((offset % 8) + bits >= 8) {
	    result = callback(0, inv(data[offsetBytes]) & mask, firstBits);
	  }

	  // read bytes
	  var bytes = (bits + offset) >> 3;
	  for (var i = offsetBytes + 1; i < bytes; i++) {
	    result = callback(result, inv(data[i]), 8);
	  }

	  // bits to read, that are not a complete byte
	  var lastBits = (bits + offset) % 8;
	  if (lastBits > 0) {
	    result = callback(result, inv(data[bytes]) >> (8 - lastBits), lastBits);
	  }

	  return result;
	};

	var parseFloatFromBits = function(data, precisionBits, exponentBits) {
	  var bias = Math.pow(2, exponentBits - 1) - 1;
	  var sign = parseBits(data, 1);
	  var exponent = parseBits(data, exponentBits, 1);

	  if (exponent === 0) {
	    return 0;
	  }

	  // parse mantissa
	  var precisionBitsCounter = 1;
	  var parsePrecisionBits = function(lastValue, newValue, bits) {
	    if (lastValue === 0) {
	      lastValue = 1;
	    }

	    for (var i = 1; i <= bits; i++) {
	      precisionBitsCounter /= 2;
	      if ((newValue & (0x1 << (bits - i))) > 0) {
	        lastValue += precisionBitsCounter;
	      }
	    }

	    return lastValue;
	  };

	  var mantissa = parseBits(data, precisionBits, exponentBits + 1, false, parsePrecisionBits);

	  // special cases
	  if (exponent == (Math.pow(2, exponentBits + 1) - 1)) {
	    if (mantissa === 0) {
	      return (sign === 0) ? Infinity : -Infinity;
	    }

	    return NaN;
	  }

	  // normale number
	  return ((sign === 0) ? 1 : -1) * Math.pow(2, exponent - bias) * mantissa;
	};

	var parseInt16 = function(value) {
	  if (parseBits(value, 1) == 1) {
	    return -1 * (parseBits(value, 15, 1, true) + 1);
	  }

	  return parseBits(value, 15, 1);
	};

	var parseInt32 = function(value) {
	  if (parseBits(value, 1) == 1) {
	    return -1 * (parseBits(value, 31, 1, true) + 1);
	  }

	  return parseBits(value, 31, 1);
	};

	var parseFloat32 = function(value) {
	  return parseFloatFromBits(value, 23, 8);
	};

	var parseFloat64 = function(value) {
	  return parseFloatFromBits(value, 52, 11);
	};

	var parseNumeric = function(value) {
	  var sign = parseBits(value, 16, 32);
	  if (sign == 0xc000) {
	    return NaN;
	  }

	  var weight = Math.pow(10000, parseBits(value, 16, 16));
	  var result = 0;
	  var ndigits = parseBits(value, 16);
	  for (var i = 0; i < ndigits; i++) {
	    result += parseBits(value, 16, 64 + (16 * i)) * weight;
	    weight /= 10000;
	  }

	  var scale = Math.pow(10, parseBits(value, 16, 48));
	  return ((sign === 0) ? 1 : -1) * Math.round(result * scale) / scale;
	};

	var parseDate = function(isUTC, value) {
	  var sign = parseBits(value, 1);
	  var rawValue = parseBits(value, 63, 1);

	  // discard usecs and shift from 2000 to 1970
	  var result = new Date((((sign === 0) ? 1 : -1) * rawValue / 1000) + 946684800000);

	  if (!isUTC) {
	    result.setTime(result.getTime() + result.getTimezoneOffset() * 60000);
	  }

	  // add microseconds to the date
	  result.usec = rawValue % 1000;
	  result.getMicroSeconds = function() {
	    return this.usec;
	  };
	  result.setMicroSeconds = function(value) {
	    this.usec = value;
	  };
	  result.getUTCMicroSeconds = function() {
	    return this.usec;
	  };

	  return result;
	};

	var parseArray = function(value) {
	  var dim = parseBits(value, 32);

	  parseBits(value, 32, 32);
	  var elementType = parseBits(value, 32, 64);

	  var offset = 96;
	  var dims = [];
	  for (var i = 0; i < dim; i++) {
	    // parse dimension
	    dims[i] = parseBits(value, 32, offset);
	    offset += 32;

	    // ignore lower bounds
	    offset += 32;
	  }

	  var parseElement = function(elementType) {
	    // parse content length
	    var length = parseBits(value, 32, offset);
	    offset += 32;

	    // parse null values
	    if (length == 0xffffffff) {
	      return null;
	    }

	    var result;
	    if ((elementType == 0x17) || (elementType == 0x14)) {
	      // int/bigint
	      result = parseBits(value, length * 8, offset);
	      offset += length * 8;
	      return result;
	    }
	    else if (elementType == 0x19) {
	      // string
	      result = value.toString(this.encoding, offset >> 3, (offset += (length << 3)) >> 3);
	      return result;
	    }
	    else {
	      console.log("ERROR: ElementType not implemented: " + elementType);
	    }
	  };

	  var parse = function(dimension, elementType) {
	    var array = [];
	    var i;

	    if (dimension.length > 1) {
	      var count = dimension.shift();
	      for (i = 0; i < count; i++) {
	        array[i] = parse(dimension, elementType);
	      }
	      dimension.unshift(count);
	    }
	    else {
	      for (i = 0; i < dimension[0]; i++) {
	        array[i] = parseElement(elementType);
	      }
	    }

	    return array;
	  };

	  return parse(dims, elementType);
	};

	var parseText = function(value) {
	  return value.toString('utf8');
	};

	var parseBool = function(value) {
	  if(value === null) return null;
	  return (parseBits(value, 8) > 0);
	};

	var init = function(register) {
	  register(20, parseInt64);
	  register(21, parseInt16);
	  register(23, parseInt32);
	  register(26, parseInt32);
	  register(1700, parseNumeric);
	  register(700, parseFloat32);
	  register(701, parseFloat64);
	  register(16, parseBool);
	  register(1114, parseDate.bind(null, false));
	  register(1184, parseDate.bind(null, true));
	  register(1000, parseArray);
	  register(1007, parseArray);
	  register(1016, parseArray);
	  register(1008, parseArray);
	  register(1009, parseArray);
	  register(25, parseText);
	};

	binaryParsers = {
	  init: init
	};
	return binaryParsers;
}

/**
 * Following query was used to generate this file:

 SELECT json_object_agg(UPPER(PT.typname), PT.oid::int4 ORDER BY pt.oid)
 FROM pg_type PT
 WHERE typnamespace = (SELECT pgn.oid FROM pg_namespace pgn WHERE nspname = 'pg_catalog') -- Take only builting Postgres types with stable OID (extension types are not guaranted to be stable)
 AND typtype = 'b' -- Only basic types
 AND typelem = 0 -- Ignore aliases
 AND typisdefined -- Ignore undefined types
 */

var builtins;
var hasRequiredBuiltins;

function requireBuiltins () {
	if (hasRequiredBuiltins) return builtins;
	hasRequiredBuiltins = 1;
	builtins = {
	    BOOL: 16,
	    BYTEA: 17,
	    CHAR: 18,
	    INT8: 20,
	    INT2: 21,
	    INT4: 23,
	    REGPROC: 24,
	    TEXT: 25,
	    OID: 26,
	    TID: 27,
	    XID: 28,
	    CID: 29,
	    JSON: 114,
	    XML: 142,
	    PG_NODE_TREE: 194,
	    SMGR: 210,
	    PATH: 602,
	    POLYGON: 604,
	    CIDR: 650,
	    FLOAT4: 700,
	    FLOAT8: 701,
	    ABSTIME: 702,
	    RELTIME: 703,
	    TINTERVAL: 704,
	    CIRCLE: 718,
	    MACADDR8: 774,
	    MONEY: 790,
	    MACADDR: 829,
	    INET: 869,
	    ACLITEM: 1033,
	    BPCHAR: 1042,
	    VARCHAR: 1043,
	    DATE: 1082,
	    TIME: 1083,
	    TIMESTAMP: 1114,
	    TIMESTAMPTZ: 1184,
	    INTERVAL: 1186,
	    TIMETZ: 1266,
	    BIT: 1560,
	    VARBIT: 1562,
	    NUMERIC: 1700,
	    REFCURSOR: 1790,
	    REGPROCEDURE: 2202,
	    REGOPER: 2203,
	    REGOPERATOR: 2204,
	    REGCLASS: 2205,
	    REGTYPE: 2206,
	    UUID: 2950,
	    TXID_SNAPSHOT: 2970,
	    PG_LSN: 3220,
	    PG_NDISTINCT: 3361,
	    PG_DEPENDENCIES: 3402,
	    TSVECTOR: 3614,
	    TSQUERY: 3615,
	    GTSVECTOR: 3642,
	    REGCONFIG: 3734,
	    REGDICTIONARY: 3769,
	    JSONB: 3802,
	    REGNAMESPACE: 4089,
	    REGROLE: 4096
	};
	return builtins;
}

var hasRequiredPgTypes;

function requirePgTypes () {
	if (hasRequiredPgTypes) return pgTypes;
	hasRequiredPgTypes = 1;
	var textParsers = requireTextParsers();
	var binaryParsers = requireBinaryParsers();
	var arrayParser = requireArrayParser();
	var builtinTypes = requireBuiltins();

	pgTypes.getTypeParser = getTypeParser;
	pgTypes.setTypeParser = setTypeParser;
	pgTypes.arrayParser = arrayParser;
	pgTypes.builtins = builtinTypes;

	var typeParsers = {
	  text: {},
	  binary: {}
	};

	//the empty parse function
	function noParse (val) {
	  return String(val);
	}
	//returns a function used to convert a specific type (specified by
	//oid) into a result javascript type
	//note: the oid can be obtained via the following sql query:
	//SELECT oid FROM pg_type WHERE typname = 'TYPE_NAME_HERE';
	function getTypeParser (oid, format) {
	  format = format || 'text';
	  if (!typeParsers[format]) {
	    return noParse;
	  }
	  return typeParsers[format][oid] || noParse;
	}
	function setTypeParser (oid, format, parseFn) {
	  if(typeof format == 'function') {
	    parseFn = format;
	    format = 'text';
	  }
	  typeParsers[format][oid] = parseFn;
	}
	textParsers.init(function(oid, converter) {
	  typeParsers.text[oid] = converter;
	});

	binaryParsers.init(function(oid, converter) {
	  typeParsers.binary[oid] = converter;
	});
	return pgTypes;
}

var hasRequiredDefaults;

function requireDefaults () {
	if (hasRequiredDefaults) return defaults.exports;
	hasRequiredDefaults = 1;
	(function (module) {

		let user;
		try {
		  user = process.platform === 'win32' ? process.env.USERNAME : process.env.USER;
		} catch {
		  // ignore, e.g., Deno without --allow-env
		}

		module.exports = {
		  // database host. defaults to localhost
		  host: 'localhost',

		  // database user's name
		  user,

		  // name of database to connect
		  database: undefined,

		  // database user's password
		  password: null,

		  // a Postgres connection string to be used instead of setting individual connection items
		  // NOTE:  Setting this value will cause it to override any other value (such as database or user) defined
		  // in the defaults object.
		  connectionString: undefined,

		  // database port
		  port: 5432,

		  // number of rows to return at a time from a prepared statement's
		  // portal. 0 will return all rows at once
		  rows: 0,

		  // binary result mode
		  binary: false,

		  // Connection pool options - see https://github.com/brianc/node-pg-pool

		  // number of connections to use in connection pool
		  // 0 will disable connection pooling
		  max: 10,

		  // max milliseconds a client can go unused before it is removed
		  // from the pool and destroyed
		  idleTimeoutMillis: 30000,

		  client_encoding: '',

		  ssl: false,

		  // SSL negotiation style: 'postgres' (traditional SSLRequest) or 'direct'
		  sslnegotiation: undefined,

		  application_name: undefined,

		  fallback_application_name: undefined,

		  options: undefined,

		  parseInputDatesAsUTC: false,

		  // max milliseconds any query using this connection will execute for before timing out in error.
		  // false=unlimited
		  statement_timeout: false,

		  // Abort any statement that waits longer than the specified duration in milliseconds while attempting to acquire a lock.
		  // false=unlimited
		  lock_timeout: false,

		  // Terminate any session with an open transaction that has been idle for longer than the specified duration in milliseconds
		  // false=unlimited
		  idle_in_transaction_session_timeout: false,

		  // max milliseconds to wait for query to complete (client side)
		  query_timeout: false,

		  connect_timeout: 0,

		  keepalives: 1,

		  keepalives_idle: 0,
		};

		const pgTypes = requirePgTypes();
		// save default parsers
		const parseBigInteger = pgTypes.getTypeParser(20, 'text');
		const parseBigIntegerArray = pgTypes.getTypeParser(1016, 'text');

		// parse int8 so you can get your count values as actual numbers
		module.exports.__defineSetter__('parseInt8', function (val) {
		  pgTypes.setTypeParser(20, 'text', val ? pgTypes.getTypeParser(23, 'text') : parseBigInteger);
		  pgTypes.setTypeParser(1016, 'text', val ? pgTypes.getTypeParser(1007, 'text') : parseBigIntegerArray);
		}); 
	} (defaults));
	return defaults.exports;
}

var utils$1;
var hasRequiredUtils$1;

function requireUtils$1 () {
	if (hasRequiredUtils$1) return utils$1;
	hasRequiredUtils$1 = 1;

	const defaults = requireDefaults();
	const nodeUtils = require$$0__default;

	const { isDate } = require$$2;

	const invalidDateDeprecationNotice = nodeUtils.deprecate(
	  () => {},
	  'Sending an invalid date to Postgres is deprecated and will throw an error in the next major version of pg. Ensure any Date object passed as a query parameter is valid.',
	  'PG_INVALID_DATE'
	);

	function escapeElement(elementRepresentation) {
	  const escaped = elementRepresentation.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

	  return '"' + escaped + '"'
	}

	// convert a JS array to a postgres array literal
	// uses comma separator so won't work for types like box that use
	// a different array separator.
	function arrayString(val) {
	  let result = '{';
	  for (let i = 0; i < val.length; i++) {
	    if (i > 0) {
	      result += ',';
	    }
	    let item = val[i];
	    if (item == null) {
	      result += 'NULL';
	    } else if (Array.isArray(item)) {
	      result += arrayString(item);
	    } else if (ArrayBuffer.isView(item)) {
	      if (!(item instanceof Buffer)) {
	        item = Buffer.from(item.buffer, item.byteOffset, item.byteLength);
	      }
	      result += '\\\\x' + item.toString('hex');
	    } else {
	      result += escapeElement(prepareValue(item));
	    }
	  }
	  result += '}';
	  return result
	}

	// converts values from javascript types
	// to their 'raw' counterparts for use as a postgres parameter
	// note: you can override this function to provide your own conversion mechanism
	// for complex types, etc...
	const prepareValue = function (val, seen) {
	  // null and undefined are both null for postgres
	  if (val == null) {
	    return null
	  }
	  if (typeof val === 'object') {
	    if (val instanceof Buffer) {
	      return val
	    }
	    if (ArrayBuffer.isView(val)) {
	      return Buffer.from(val.buffer, val.byteOffset, val.byteLength)
	    }
	    if (isDate(val)) {
	      if (isNaN(val.getTime())) {
	        invalidDateDeprecationNotice();
	      }
	      if (defaults.parseInputDatesAsUTC) {
	        return dateToStringUTC(val)
	      } else {
	        return dateToString(val)
	      }
	    }
	    if (Array.isArray(val)) {
	      return arrayString(val)
	    }

	    return prepareObject(val, seen)
	  }
	  return val.toString()
	};

	function prepareObject(val, seen) {
	  if (val && typeof val.toPostgres === 'function') {
	    seen = seen || [];
	    if (seen.indexOf(val) !== -1) {
	      throw new Error('circular reference detected while preparing "' + val + '" for query')
	    }
	    seen.push(val);

	    return prepareValue(val.toPostgres(prepareValue), seen)
	  }
	  return JSON.stringify(val)
	}

	function dateToString(date) {
	  let offset = -date.getTimezoneOffset();

	  let year = date.getFullYear();
	  const isBCYear = year < 1;
	  if (isBCYear) year = Math.abs(year) + 1; // negative years are 1 off their BC representation

	  let ret =
	    String(year).padStart(4, '0') +
	    '-' +
	    String(date.getMonth() + 1).padStart(2, '0') +
	    '-' +
	    String(date.getDate()).padStart(2, '0') +
	    'T' +
	    String(date.getHours()).padStart(2, '0') +
	    ':' +
	    String(date.getMinutes()).padStart(2, '0') +
	    ':' +
	    String(date.getSeconds()).padStart(2, '0') +
	    '.' +
	    String(date.getMilliseconds()).padStart(3, '0');

	  if (offset < 0) {
	    ret += '-';
	    offset *= -1;
	  } else {
	    ret += '+';
	  }

	  ret += String(Math.floor(offset / 60)).padStart(2, '0') + ':' + String(offset % 60).padStart(2, '0');
	  if (isBCYear) ret += ' BC';
	  return ret
	}

	function dateToStringUTC(date) {
	  let year = date.getUTCFullYear();
	  const isBCYear = year < 1;
	  if (isBCYear) year = Math.abs(year) + 1; // negative years are 1 off their BC representation

	  let ret =
	    String(year).padStart(4, '0') +
	    '-' +
	    String(date.getUTCMonth() + 1).padStart(2, '0') +
	    '-' +
	    String(date.getUTCDate()).padStart(2, '0') +
	    'T' +
	    String(date.getUTCHours()).padStart(2, '0') +
	    ':' +
	    String(date.getUTCMinutes()).padStart(2, '0') +
	    ':' +
	    String(date.getUTCSeconds()).padStart(2, '0') +
	    '.' +
	    String(date.getUTCMilliseconds()).padStart(3, '0');

	  ret += '+00:00';
	  if (isBCYear) ret += ' BC';
	  return ret
	}

	function normalizeQueryConfig(config, values, callback) {
	  // can take in strings or config objects
	  // Copy config so normalization does not mutate the caller's object.
	  config = typeof config === 'string' ? { text: config } : cloneQueryConfig(config);
	  if (values) {
	    if (typeof values === 'function') {
	      config.callback = values;
	    } else {
	      config.values = values;
	    }
	  }
	  if (callback) {
	    config.callback = callback;
	  }
	  return config
	}

	function cloneQueryConfig(config) {
	  if (config == null) {
	    return config
	  }
	  return Object.defineProperties(Object.create(Object.getPrototypeOf(config)), Object.getOwnPropertyDescriptors(config))
	}

	// Ported from PostgreSQL 9.2.4 source code in src/interfaces/libpq/fe-exec.c
	const escapeIdentifier = function (str) {
	  return '"' + str.replace(/"/g, '""') + '"'
	};

	const escapeLiteral = function (str) {
	  let hasBackslash = false;
	  let escaped = "'";

	  if (str == null) {
	    return "''"
	  }

	  if (typeof str !== 'string') {
	    return "''"
	  }

	  for (let i = 0; i < str.length; i++) {
	    const c = str[i];
	    if (c === "'") {
	      escaped += c + c;
	    } else if (c === '\\') {
	      escaped += c + c;
	      hasBackslash = true;
	    } else {
	      escaped += c;
	    }
	  }

	  escaped += "'";

	  if (hasBackslash === true) {
	    escaped = ' E' + escaped;
	  }

	  return escaped
	};

	utils$1 = {
	  prepareValue: function prepareValueWrapper(value) {
	    // this ensures that extra arguments do not get passed into prepareValue
	    // by accident, eg: from calling values.map(utils.prepareValue)
	    return prepareValue(value)
	  },
	  normalizeQueryConfig,
	  escapeIdentifier,
	  escapeLiteral,
	};
	return utils$1;
}

var utils;
var hasRequiredUtils;

function requireUtils () {
	if (hasRequiredUtils) return utils;
	hasRequiredUtils = 1;
	const nodeCrypto = crypto__default;

	utils = {
	  postgresMd5PasswordHash,
	  randomBytes,
	  deriveKey,
	  sha256,
	  hashByName,
	  hmacSha256,
	  md5,
	};

	/**
	 * The Web Crypto API - grabbed from the Node.js library or the global
	 * @type Crypto
	 */
	// eslint-disable-next-line no-undef
	const webCrypto = nodeCrypto.webcrypto || globalThis.crypto;
	/**
	 * The SubtleCrypto API for low level crypto operations.
	 * @type SubtleCrypto
	 */
	const subtleCrypto = webCrypto.subtle;
	const textEncoder = new TextEncoder();

	/**
	 *
	 * @param {*} length
	 * @returns
	 */
	function randomBytes(length) {
	  return webCrypto.getRandomValues(Buffer.alloc(length))
	}

	async function md5(string) {
	  try {
	    return nodeCrypto.createHash('md5').update(string, 'utf-8').digest('hex')
	  } catch (e) {
	    // `createHash()` failed so we are probably not in Node.js, use the WebCrypto API instead.
	    // Note that the MD5 algorithm on WebCrypto is not available in Node.js.
	    // This is why we cannot just use WebCrypto in all environments.
	    const data = typeof string === 'string' ? textEncoder.encode(string) : string;
	    const hash = await subtleCrypto.digest('MD5', data);
	    return Array.from(new Uint8Array(hash))
	      .map((b) => b.toString(16).padStart(2, '0'))
	      .join('')
	  }
	}

	// See AuthenticationMD5Password at https://www.postgresql.org/docs/current/static/protocol-flow.html
	async function postgresMd5PasswordHash(user, password, salt) {
	  const inner = await md5(password + user);
	  const outer = await md5(Buffer.concat([Buffer.from(inner), salt]));
	  return 'md5' + outer
	}

	/**
	 * Create a SHA-256 digest of the given data
	 * @param {Buffer} data
	 */
	async function sha256(text) {
	  return await subtleCrypto.digest('SHA-256', text)
	}

	async function hashByName(hashName, text) {
	  return await subtleCrypto.digest(hashName, text)
	}

	/**
	 * Sign the message with the given key
	 * @param {ArrayBuffer} keyBuffer
	 * @param {string} msg
	 */
	async function hmacSha256(keyBuffer, msg) {
	  const key = await subtleCrypto.importKey('raw', keyBuffer, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
	  return await subtleCrypto.sign('HMAC', key, textEncoder.encode(msg))
	}

	/**
	 * Derive a key from the password and salt
	 * @param {string} password
	 * @param {Uint8Array} salt
	 * @param {number} iterations
	 */
	async function deriveKey(password, salt, iterations) {
	  const key = await subtleCrypto.importKey('raw', textEncoder.encode(password), 'PBKDF2', false, ['deriveBits']);
	  const params = { name: 'PBKDF2', hash: 'SHA-256', salt: salt, iterations: iterations };
	  return await subtleCrypto.deriveBits(params, key, 32 * 8, ['deriveBits'])
	}
	return utils;
}

var certSignatures;
var hasRequiredCertSignatures;

function requireCertSignatures () {
	if (hasRequiredCertSignatures) return certSignatures;
	hasRequiredCertSignatures = 1;
	function x509Error(msg, cert) {
	  return new Error('SASL channel binding: ' + msg + ' when parsing public certificate ' + cert.toString('base64'))
	}

	function readASN1Length(data, index) {
	  let length = data[index++];
	  if (length < 0x80) return { length, index }

	  const lengthBytes = length & 0x7f;
	  if (lengthBytes > 4) throw x509Error('bad length', data)

	  length = 0;
	  for (let i = 0; i < lengthBytes; i++) {
	    length = (length << 8) | data[index++];
	  }

	  return { length, index }
	}

	function readASN1OID(data, index) {
	  if (data[index++] !== 0x6) throw x509Error('non-OID data', data) // 6 = OID

	  const { length: OIDLength, index: indexAfterOIDLength } = readASN1Length(data, index);
	  index = indexAfterOIDLength;
	  const lastIndex = index + OIDLength;

	  const byte1 = data[index++];
	  let oid = ((byte1 / 40) >> 0) + '.' + (byte1 % 40);

	  while (index < lastIndex) {
	    // loop over numbers in OID
	    let value = 0;
	    while (index < lastIndex) {
	      // loop over bytes in number
	      const nextByte = data[index++];
	      value = (value << 7) | (nextByte & 0x7f);
	      if (nextByte < 0x80) break
	    }
	    oid += '.' + value;
	  }

	  return { oid, index }
	}

	function expectASN1Seq(data, index) {
	  if (data[index++] !== 0x30) throw x509Error('non-sequence data', data) // 30 = Sequence
	  return readASN1Length(data, index)
	}

	function signatureAlgorithmHashFromCertificate(data, index) {
	  // read this thread: https://www.postgresql.org/message-id/17760-b6c61e752ec07060%40postgresql.org
	  if (index === undefined) index = 0;
	  index = expectASN1Seq(data, index).index;
	  const { length: certInfoLength, index: indexAfterCertInfoLength } = expectASN1Seq(data, index);
	  index = indexAfterCertInfoLength + certInfoLength; // skip over certificate info
	  index = expectASN1Seq(data, index).index; // skip over signature length field
	  const { oid, index: indexAfterOID } = readASN1OID(data, index);
	  switch (oid) {
	    // RSA
	    case '1.2.840.113549.1.1.4':
	      return 'MD5'
	    case '1.2.840.113549.1.1.5':
	      return 'SHA-1'
	    case '1.2.840.113549.1.1.11':
	      return 'SHA-256'
	    case '1.2.840.113549.1.1.12':
	      return 'SHA-384'
	    case '1.2.840.113549.1.1.13':
	      return 'SHA-512'
	    case '1.2.840.113549.1.1.14':
	      return 'SHA-224'
	    case '1.2.840.113549.1.1.15':
	      return 'SHA512-224'
	    case '1.2.840.113549.1.1.16':
	      return 'SHA512-256'
	    // ECDSA
	    case '1.2.840.10045.4.1':
	      return 'SHA-1'
	    case '1.2.840.10045.4.3.1':
	      return 'SHA-224'
	    case '1.2.840.10045.4.3.2':
	      return 'SHA-256'
	    case '1.2.840.10045.4.3.3':
	      return 'SHA-384'
	    case '1.2.840.10045.4.3.4':
	      return 'SHA-512'
	    // RSASSA-PSS: hash is indicated separately
	    case '1.2.840.113549.1.1.10': {
	      index = indexAfterOID;
	      index = expectASN1Seq(data, index).index;
	      if (data[index++] !== 0xa0) throw x509Error('non-tag data', data) // a0 = constructed tag 0
	      index = readASN1Length(data, index).index; // skip over tag length field
	      index = expectASN1Seq(data, index).index; // skip over sequence length field
	      const { oid: hashOID } = readASN1OID(data, index);
	      switch (hashOID) {
	        // standalone hash OIDs
	        case '1.2.840.113549.2.5':
	          return 'MD5'
	        case '1.3.14.3.2.26':
	          return 'SHA-1'
	        case '2.16.840.1.101.3.4.2.1':
	          return 'SHA-256'
	        case '2.16.840.1.101.3.4.2.2':
	          return 'SHA-384'
	        case '2.16.840.1.101.3.4.2.3':
	          return 'SHA-512'
	      }
	      throw x509Error('unknown hash OID ' + hashOID, data)
	    }
	    // Ed25519 -- see https://github.com/openssl/openssl/issues/15477
	    case '1.3.101.110':
	    case '1.3.101.112': // ph
	      return 'SHA-512'
	    // Ed448 -- still not in pg 17.2 (if supported, digest would be SHAKE256 x 64 bytes)
	    case '1.3.101.111':
	    case '1.3.101.113': // ph
	      throw x509Error('Ed448 certificate channel binding is not currently supported by Postgres')
	  }
	  throw x509Error('unknown OID ' + oid, data)
	}

	certSignatures = { signatureAlgorithmHashFromCertificate };
	return certSignatures;
}

var sasl;
var hasRequiredSasl;

function requireSasl () {
	if (hasRequiredSasl) return sasl;
	hasRequiredSasl = 1;
	const crypto = requireUtils();
	const { signatureAlgorithmHashFromCertificate } = requireCertSignatures();

	// SASLprep (RFC 4013) — minimal in-tree implementation.
	//
	// Per RFC 5802 §2.2, the SCRAM-SHA-256 client must normalize the password via
	// SASLprep before feeding it into PBKDF2. PostgreSQL's server applies the same
	// SASLprep when computing the stored verifier, and libpq does the same client
	// side, so passwords whose NFKC form differs from the raw form
	// would otherwise authenticate against psql/libpq but fail against pg with `28P01`.
	//
	// We deliberately implement only the three steps that change the byte content:
	//   1. RFC 3454 Table C.1.2 (non-ASCII space) → U+0020 SPACE.
	//   2. RFC 3454 Table B.1 (commonly mapped to nothing) → empty.
	//   3. NFKC normalization.
	// We skip the prohibition (RFC 4013 §2.3) and bidi (RFC 3454 §6) checks.
	// libpq is forgiving on those paths and Postgres's own SASLprep matches that
	// leniency for legacy roles, so omitting the rejection logic keeps existing
	// roles working without adding complexity.
	function saslprep(password) {
	  // RFC 3454 Table C.1.2 — non-ASCII space characters, mapped to U+0020.
	  const nonAsciiSpace = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g;
	  // RFC 3454 Table B.1 — "commonly mapped to nothing". The set intentionally
	  // contains zero-width joiners and variation selectors — the very characters
	  // ESLint's no-misleading-character-class warns about — because they combine
	  // with their neighbors and the RFC strips them for that reason.
	  // eslint-disable-next-line no-misleading-character-class
	  const mappedToNothing = /[\u00AD\u034F\u1806\u180B\u180C\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g;
	  return password.replace(nonAsciiSpace, ' ').replace(mappedToNothing, '').normalize('NFKC')
	}

	const DEFAULT_MAX_SCRAM_ITERATIONS = 100000;

	function startSession(mechanisms, stream, scramMaxIterations = DEFAULT_MAX_SCRAM_ITERATIONS) {
	  const candidates = ['SCRAM-SHA-256'];
	  if (stream) candidates.unshift('SCRAM-SHA-256-PLUS'); // higher-priority, so placed first

	  const mechanism = candidates.find((candidate) => mechanisms.includes(candidate));

	  if (!mechanism) {
	    throw new Error('SASL: Only mechanism(s) ' + candidates.join(' and ') + ' are supported')
	  }

	  if (mechanism === 'SCRAM-SHA-256-PLUS' && typeof stream.getPeerCertificate !== 'function') {
	    // this should never happen if we are really talking to a Postgres server
	    throw new Error('SASL: Mechanism SCRAM-SHA-256-PLUS requires a certificate')
	  }

	  const clientNonce = crypto.randomBytes(18).toString('base64');
	  const gs2Header = mechanism === 'SCRAM-SHA-256-PLUS' ? 'p=tls-server-end-point' : stream ? 'y' : 'n';

	  return {
	    mechanism,
	    clientNonce,
	    response: gs2Header + ',,n=*,r=' + clientNonce,
	    message: 'SASLInitialResponse',
	    scramMaxIterations,
	  }
	}

	async function continueSession(session, password, serverData, stream) {
	  if (session.message !== 'SASLInitialResponse') {
	    throw new Error('SASL: Last message was not SASLInitialResponse')
	  }
	  if (typeof password !== 'string') {
	    throw new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string')
	  }
	  if (password === '') {
	    throw new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a non-empty string')
	  }
	  if (typeof serverData !== 'string') {
	    throw new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: serverData must be a string')
	  }

	  const sv = parseServerFirstMessage(serverData);

	  if (!sv.nonce.startsWith(session.clientNonce)) {
	    throw new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: server nonce does not start with client nonce')
	  } else if (sv.nonce.length === session.clientNonce.length) {
	    throw new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: server nonce is too short')
	  }

	  const scramMaxIterations =
	    typeof session.scramMaxIterations === 'number' ? session.scramMaxIterations : DEFAULT_MAX_SCRAM_ITERATIONS;
	  // a value of 0 disables the iteration count check
	  if (scramMaxIterations !== 0 && sv.iteration > scramMaxIterations) {
	    throw new Error(
	      'SASL: SCRAM-SERVER-FIRST-MESSAGE: iteration count ' +
	        sv.iteration +
	        ' exceeds scramMaxIterations of ' +
	        scramMaxIterations
	    )
	  }

	  const clientFirstMessageBare = 'n=*,r=' + session.clientNonce;
	  const serverFirstMessage = 'r=' + sv.nonce + ',s=' + sv.salt + ',i=' + sv.iteration;

	  // without channel binding:
	  let channelBinding = stream ? 'eSws' : 'biws'; // 'y,,' or 'n,,', base64-encoded

	  // override if channel binding is in use:
	  if (session.mechanism === 'SCRAM-SHA-256-PLUS') {
	    const peerCert = stream.getPeerCertificate().raw;
	    let hashName = signatureAlgorithmHashFromCertificate(peerCert);
	    if (hashName === 'MD5' || hashName === 'SHA-1') hashName = 'SHA-256';
	    const certHash = await crypto.hashByName(hashName, peerCert);
	    const bindingData = Buffer.concat([Buffer.from('p=tls-server-end-point,,'), Buffer.from(certHash)]);
	    channelBinding = bindingData.toString('base64');
	  }

	  const clientFinalMessageWithoutProof = 'c=' + channelBinding + ',r=' + sv.nonce;
	  const authMessage = clientFirstMessageBare + ',' + serverFirstMessage + ',' + clientFinalMessageWithoutProof;

	  const saltBytes = Buffer.from(sv.salt, 'base64');
	  const saltedPassword = await crypto.deriveKey(saslprep(password), saltBytes, sv.iteration);
	  const clientKey = await crypto.hmacSha256(saltedPassword, 'Client Key');
	  const storedKey = await crypto.sha256(clientKey);
	  const clientSignature = await crypto.hmacSha256(storedKey, authMessage);
	  const clientProof = xorBuffers(Buffer.from(clientKey), Buffer.from(clientSignature)).toString('base64');
	  const serverKey = await crypto.hmacSha256(saltedPassword, 'Server Key');
	  const serverSignatureBytes = await crypto.hmacSha256(serverKey, authMessage);

	  session.message = 'SASLResponse';
	  session.serverSignature = Buffer.from(serverSignatureBytes).toString('base64');
	  session.response = clientFinalMessageWithoutProof + ',p=' + clientProof;
	}

	function finalizeSession(session, serverData) {
	  if (session.message !== 'SASLResponse') {
	    throw new Error('SASL: Last message was not SASLResponse')
	  }
	  if (typeof serverData !== 'string') {
	    throw new Error('SASL: SCRAM-SERVER-FINAL-MESSAGE: serverData must be a string')
	  }

	  const { serverSignature } = parseServerFinalMessage(serverData);

	  if (serverSignature !== session.serverSignature) {
	    throw new Error('SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature does not match')
	  }
	}

	/**
	 * printable       = %x21-2B / %x2D-7E
	 *                   ;; Printable ASCII except ",".
	 *                   ;; Note that any "printable" is also
	 *                   ;; a valid "value".
	 */
	function isPrintableChars(text) {
	  if (typeof text !== 'string') {
	    throw new TypeError('SASL: text must be a string')
	  }
	  return text
	    .split('')
	    .map((_, i) => text.charCodeAt(i))
	    .every((c) => (c >= 0x21 && c <= 0x2b) || (c >= 0x2d && c <= 0x7e))
	}

	/**
	 * base64-char     = ALPHA / DIGIT / "/" / "+"
	 *
	 * base64-4        = 4base64-char
	 *
	 * base64-3        = 3base64-char "="
	 *
	 * base64-2        = 2base64-char "=="
	 *
	 * base64          = *base64-4 [base64-3 / base64-2]
	 */
	function isBase64(text) {
	  return /^(?:[a-zA-Z0-9+/]{4})*(?:[a-zA-Z0-9+/]{2}==|[a-zA-Z0-9+/]{3}=)?$/.test(text)
	}

	function parseAttributePairs(text) {
	  if (typeof text !== 'string') {
	    throw new TypeError('SASL: attribute pairs text must be a string')
	  }

	  return new Map(
	    text.split(',').map((attrValue) => {
	      if (!/^.=/.test(attrValue)) {
	        throw new Error('SASL: Invalid attribute pair entry')
	      }
	      const name = attrValue[0];
	      const value = attrValue.substring(2);
	      return [name, value]
	    })
	  )
	}

	function parseServerFirstMessage(data) {
	  const attrPairs = parseAttributePairs(data);

	  const nonce = attrPairs.get('r');
	  if (!nonce) {
	    throw new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: nonce missing')
	  } else if (!isPrintableChars(nonce)) {
	    throw new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: nonce must only contain printable characters')
	  }
	  const salt = attrPairs.get('s');
	  if (!salt) {
	    throw new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: salt missing')
	  } else if (!isBase64(salt)) {
	    throw new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: salt must be base64')
	  }
	  const iterationText = attrPairs.get('i');
	  if (!iterationText) {
	    throw new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: iteration missing')
	  } else if (!/^[1-9][0-9]*$/.test(iterationText)) {
	    throw new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: invalid iteration count')
	  }
	  const iteration = parseInt(iterationText, 10);

	  return {
	    nonce,
	    salt,
	    iteration,
	  }
	}

	function parseServerFinalMessage(serverData) {
	  const attrPairs = parseAttributePairs(serverData);
	  const error = attrPairs.get('e');
	  const serverSignature = attrPairs.get('v');

	  if (error) {
	    throw new Error(`SASL: SCRAM-SERVER-FINAL-MESSAGE: server returned error: "${error}"`)
	  }

	  if (!serverSignature) {
	    throw new Error('SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature is missing')
	  } else if (!isBase64(serverSignature)) {
	    throw new Error('SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature must be base64')
	  }
	  return {
	    serverSignature,
	  }
	}

	function xorBuffers(a, b) {
	  if (!Buffer.isBuffer(a)) {
	    throw new TypeError('first argument must be a Buffer')
	  }
	  if (!Buffer.isBuffer(b)) {
	    throw new TypeError('second argument must be a Buffer')
	  }
	  if (a.length !== b.length) {
	    throw new Error('Buffer lengths must match')
	  }
	  if (a.length === 0) {
	    throw new Error('Buffers cannot be empty')
	  }
	  return Buffer.from(a.map((_, i) => a[i] ^ b[i]))
	}

	sasl = {
	  startSession,
	  continueSession,
	  finalizeSession,
	  DEFAULT_MAX_SCRAM_ITERATIONS,
	};
	return sasl;
}

var typeOverrides;
var hasRequiredTypeOverrides;

function requireTypeOverrides () {
	if (hasRequiredTypeOverrides) return typeOverrides;
	hasRequiredTypeOverrides = 1;

	const types = requirePgTypes();

	function TypeOverrides(userTypes) {
	  this._types = userTypes || types;
	  this.text = {};
	  this.binary = {};
	}

	TypeOverrides.prototype.getOverrides = function (format) {
	  switch (format) {
	    case 'text':
	      return this.text
	    case 'binary':
	      return this.binary
	    default:
	      return {}
	  }
	};

	TypeOverrides.prototype.setTypeParser = function (oid, format, parseFn) {
	  if (typeof format === 'function') {
	    parseFn = format;
	    format = 'text';
	  }
	  this.getOverrides(format)[oid] = parseFn;
	};

	TypeOverrides.prototype.getTypeParser = function (oid, format) {
	  format = format || 'text';
	  return this.getOverrides(format)[oid] || this._types.getTypeParser(oid, format)
	};

	typeOverrides = TypeOverrides;
	return typeOverrides;
}

var pgConnectionString;
var hasRequiredPgConnectionString;

function requirePgConnectionString () {
	if (hasRequiredPgConnectionString) return pgConnectionString;
	hasRequiredPgConnectionString = 1;

	//Parse method copied from https://github.com/brianc/node-postgres
	//Copyright (c) 2010-2014 Brian Carlson (brian.m.carlson@gmail.com)
	//MIT License

	//parses a connection string
	function parse(str, options = {}) {
	  //unix socket
	  if (str.charAt(0) === '/') {
	    const config = str.split(' ');
	    return { host: config[0], database: config[1] }
	  }

	  // Check for empty host in URL

	  const config = Object.create(null);
	  let result;
	  let dummyHost = false;
	  if (/ |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(str)) {
	    // Ensure spaces are encoded as %20
	    str = encodeURI(str).replace(/%25(\d\d)/g, '%$1');
	  }

	  try {
	    try {
	      result = new URL(str, 'postgres://base');
	    } catch (e) {
	      // The URL is invalid so try again with a dummy host
	      result = new URL(str.replace('@/', '@___DUMMY___/'), 'postgres://base');
	      dummyHost = true;
	    }
	  } catch (err) {
	    // Remove the input from the error message to avoid leaking sensitive information
	    err.input && (err.input = '*****REDACTED*****');
	    throw err
	  }

	  // We'd like to use Object.fromEntries() here but Node.js 10 does not support it
	  for (const entry of result.searchParams.entries()) {
	    config[entry[0]] = entry[1];
	  }

	  config.user = config.user || decodeURIComponent(result.username);
	  config.password = config.password || decodeURIComponent(result.password);

	  if (result.protocol == 'socket:') {
	    config.host = decodeURI(result.pathname);
	    config.database = result.searchParams.get('db');
	    config.client_encoding = result.searchParams.get('encoding');
	    return config
	  }
	  const hostname = (dummyHost ? '' : result.hostname).replace(/^\[(.+)\]$/, '$1');
	  if (!config.host) {
	    // Only set the host if there is no equivalent query param.
	    config.host = decodeURIComponent(hostname);
	  } else if (hostname && /^%2f/i.test(hostname)) {
	    // Only prepend the hostname to the pathname if it is not a URL encoded Unix socket host.
	    result.pathname = hostname + result.pathname;
	  }
	  if (!config.port) {
	    // Only set the port if there is no equivalent query param.
	    config.port = result.port;
	  }

	  const pathname = result.pathname.slice(1) || null;
	  config.database = pathname ? decodeURI(pathname) : null;

	  if (config.ssl === 'true' || config.ssl === '1') {
	    config.ssl = true;
	  }

	  if (config.ssl === '0') {
	    config.ssl = false;
	  }

	  if (config.sslcert || config.sslkey || config.sslrootcert || config.sslmode) {
	    config.ssl = {};
	  }

	  // sslnegotiation=direct implies SSL is in use (libpq requires sslmode>=require),
	  // so enable SSL if the connection string did not otherwise configure it.
	  if (config.sslnegotiation === 'direct' && config.ssl === undefined) {
	    config.ssl = true;
	  }

	  // Only try to load fs if we expect to read from the disk
	  const fs = config.sslcert || config.sslkey || config.sslrootcert ? fs__default : null;

	  if (config.sslcert) {
	    config.ssl.cert = fs.readFileSync(config.sslcert).toString();
	  }

	  if (config.sslkey) {
	    config.ssl.key = fs.readFileSync(config.sslkey).toString();
	  }

	  if (config.sslrootcert) {
	    config.ssl.ca = fs.readFileSync(config.sslrootcert).toString();
	  }

	  if (options.useLibpqCompat && config.uselibpqcompat) {
	    throw new Error('Both useLibpqCompat and uselibpqcompat are set. Please use only one of them.')
	  }

	  if (config.uselibpqcompat === 'true' || options.useLibpqCompat) {
	    switch (config.sslmode) {
	      case 'disable': {
	        config.ssl = false;
	        break
	      }
	      case 'prefer': {
	        config.ssl.rejectUnauthorized = false;
	        break
	      }
	      case 'require': {
	        if (config.sslrootcert) {
	          // If a root CA is specified, behavior of `sslmode=require` will be the same as that of `verify-ca`
	          config.ssl.checkServerIdentity = function () {};
	        } else {
	          config.ssl.rejectUnauthorized = false;
	        }
	        break
	      }
	      case 'verify-ca': {
	        if (!config.ssl.ca) {
	          throw new Error(
	            'SECURITY WARNING: Using sslmode=verify-ca requires specifying a CA with sslrootcert. If a public CA is used, verify-ca allows connections to a server that somebody else may have registered with the CA, making you vulnerable to Man-in-the-Middle attacks. Either specify a custom CA certificate with sslrootcert parameter or use sslmode=verify-full for proper security.'
	          )
	        }
	        config.ssl.checkServerIdentity = function () {};
	        break
	      }
	    }
	  } else {
	    switch (config.sslmode) {
	      case 'disable': {
	        config.ssl = false;
	        break
	      }
	      case 'prefer':
	      case 'require':
	      case 'verify-ca':
	      case 'verify-full': {
	        if (config.sslmode !== 'verify-full') {
	          deprecatedSslModeWarning(config.sslmode);
	        }
	        break
	      }
	      case 'no-verify': {
	        config.ssl.rejectUnauthorized = false;
	        break
	      }
	    }
	  }

	  return config
	}

	// convert pg-connection-string ssl config to a ClientConfig.ConnectionOptions
	function toConnectionOptions(sslConfig) {
	  const connectionOptions = Object.entries(sslConfig).reduce((c, [key, value]) => {
	    // we explicitly check for undefined and null instead of `if (value)` because some
	    // options accept falsy values. Example: `ssl.rejectUnauthorized = false`
	    if (value !== undefined && value !== null) {
	      c[key] = value;
	    }

	    return c
	  }, Object.create(null));

	  return connectionOptions
	}

	// convert pg-connection-string config to a ClientConfig
	function toClientConfig(config) {
	  const poolConfig = Object.entries(config).reduce((c, [key, value]) => {
	    if (key === 'ssl') {
	      const sslConfig = value;

	      if (typeof sslConfig === 'boolean') {
	        c[key] = sslConfig;
	      }

	      if (typeof sslConfig === 'object') {
	        c[key] = toConnectionOptions(sslConfig);
	      }
	    } else if (value !== undefined && value !== null) {
	      if (key === 'port') {
	        // when port is not specified, it is converted into an empty string
	        // we want to avoid NaN or empty string as a values in ClientConfig
	        if (value !== '') {
	          const v = parseInt(value, 10);
	          if (isNaN(v)) {
	            throw new Error(`Invalid ${key}: ${value}`)
	          }

	          c[key] = v;
	        }
	      } else {
	        c[key] = value;
	      }
	    }

	    return c
	  }, Object.create(null));

	  return poolConfig
	}

	// parses a connection string into ClientConfig
	function parseIntoClientConfig(str) {
	  return toClientConfig(parse(str))
	}

	function deprecatedSslModeWarning(sslmode) {
	  if (!deprecatedSslModeWarning.warned && typeof process !== 'undefined' && process.emitWarning) {
	    deprecatedSslModeWarning.warned = true;
	    process.emitWarning(`SECURITY WARNING: The SSL modes 'prefer', 'require', and 'verify-ca' are treated as aliases for 'verify-full'.
In the next major version (pg-connection-string v3.0.0 and pg v9.0.0), these modes will adopt standard libpq semantics, which have weaker security guarantees.

To prepare for this change:
- If you want the current behavior, explicitly use 'sslmode=verify-full'
- If you want libpq compatibility now, use 'uselibpqcompat=true&sslmode=${sslmode}'

See https://www.postgresql.org/docs/current/libpq-ssl.html for libpq SSL mode definitions.`);
	  }
	}

	pgConnectionString = parse;

	parse.parse = parse;
	parse.toClientConfig = toClientConfig;
	parse.parseIntoClientConfig = parseIntoClientConfig;
	return pgConnectionString;
}

var connectionParameters;
var hasRequiredConnectionParameters;

function requireConnectionParameters () {
	if (hasRequiredConnectionParameters) return connectionParameters;
	hasRequiredConnectionParameters = 1;

	const dns = require$$0;

	const defaults = requireDefaults();

	const parse = requirePgConnectionString().parse; // parses a connection string

	const val = function (key, config, envVar) {
	  if (config[key]) {
	    return config[key]
	  }

	  if (envVar === undefined) {
	    envVar = process.env['PG' + key.toUpperCase()];
	  } else if (envVar === false) ; else {
	    envVar = process.env[envVar];
	  }

	  return envVar || defaults[key]
	};

	const readSSLConfigFromEnvironment = function () {
	  switch (process.env.PGSSLMODE) {
	    case 'disable':
	      return false
	    case 'prefer':
	    case 'require':
	    case 'verify-ca':
	    case 'verify-full':
	      return true
	    case 'no-verify':
	      return { rejectUnauthorized: false }
	  }
	  return defaults.ssl
	};

	// Convert arg to a string, surround in single quotes, and escape single quotes and backslashes
	const quoteParamValue = function (value) {
	  return "'" + ('' + value).replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'"
	};

	const add = function (params, config, paramName) {
	  const value = config[paramName];
	  if (value !== undefined && value !== null) {
	    params.push(paramName + '=' + quoteParamValue(value));
	  }
	};

	class ConnectionParameters {
	  constructor(config) {
	    // if a string is passed, it is a raw connection string so we parse it into a config
	    config = typeof config === 'string' ? parse(config) : config || {};

	    // if the config has a connectionString defined, parse IT into the config we use
	    // this will override other default values with what is stored in connectionString
	    if (config.connectionString) {
	      config = Object.assign({}, config, parse(config.connectionString));
	    }

	    this.user = val('user', config);
	    this.database = val('database', config);

	    if (this.database === undefined) {
	      this.database = this.user;
	    }

	    this.port = parseInt(val('port', config), 10);
	    this.host = val('host', config);

	    // "hiding" the password so it doesn't show up in stack traces
	    // or if the client is console.logged
	    Object.defineProperty(this, 'password', {
	      configurable: true,
	      enumerable: false,
	      writable: true,
	      value: val('password', config),
	    });

	    this.binary = val('binary', config);
	    this.options = val('options', config);

	    this.ssl = typeof config.ssl === 'undefined' ? readSSLConfigFromEnvironment() : config.ssl;

	    if (typeof this.ssl === 'string') {
	      if (this.ssl === 'true') {
	        this.ssl = true;
	      }
	    }
	    // support passing in ssl=no-verify via connection string
	    if (this.ssl === 'no-verify') {
	      this.ssl = { rejectUnauthorized: false };
	    }
	    if (this.ssl && this.ssl.key) {
	      Object.defineProperty(this.ssl, 'key', {
	        enumerable: false,
	      });
	    }

	    // How to negotiate SSL: 'postgres' (default, the traditional SSLRequest
	    // handshake) or 'direct' (start the TLS handshake immediately on connect).
	    this.sslnegotiation = val('sslnegotiation', config, 'PGSSLNEGOTIATION');
	    if (this.sslnegotiation !== undefined && this.sslnegotiation !== 'postgres' && this.sslnegotiation !== 'direct') {
	      throw new Error(
	        `Invalid sslnegotiation value: "${this.sslnegotiation}". Valid values are "postgres" and "direct".`
	      )
	    }
	    if (this.sslnegotiation === 'direct' && !this.ssl) {
	      throw new Error('sslnegotiation=direct requires SSL to be enabled')
	    }

	    this.client_encoding = val('client_encoding', config);
	    this.replication = val('replication', config);
	    // a domain socket begins with '/'
	    this.isDomainSocket = !(this.host || '').indexOf('/');

	    this.application_name = val('application_name', config, 'PGAPPNAME');
	    this.fallback_application_name = val('fallback_application_name', config, false);
	    this.statement_timeout = val('statement_timeout', config, false);
	    this.lock_timeout = val('lock_timeout', config, false);
	    this.idle_in_transaction_session_timeout = val('idle_in_transaction_session_timeout', config, false);
	    this.query_timeout = val('query_timeout', config, false);

	    if (config.connectionTimeoutMillis === undefined) {
	      this.connect_timeout = process.env.PGCONNECT_TIMEOUT || 0;
	    } else {
	      this.connect_timeout = Math.floor(config.connectionTimeoutMillis / 1000);
	    }

	    if (config.keepAlive === false) {
	      this.keepalives = 0;
	    } else if (config.keepAlive === true) {
	      this.keepalives = 1;
	    }

	    if (typeof config.keepAliveInitialDelayMillis === 'number') {
	      this.keepalives_idle = Math.floor(config.keepAliveInitialDelayMillis / 1000);
	    }
	  }

	  getLibpqConnectionString(cb) {
	    const params = [];
	    add(params, this, 'user');
	    add(params, this, 'password');
	    add(params, this, 'port');
	    add(params, this, 'application_name');
	    add(params, this, 'fallback_application_name');
	    add(params, this, 'connect_timeout');
	    add(params, this, 'options');

	    const ssl = typeof this.ssl === 'object' ? this.ssl : this.ssl ? { sslmode: this.ssl } : {};
	    add(params, ssl, 'sslmode');
	    add(params, ssl, 'sslca');
	    add(params, ssl, 'sslkey');
	    add(params, ssl, 'sslcert');
	    add(params, ssl, 'sslrootcert');
	    add(params, this, 'sslnegotiation');

	    if (this.database) {
	      params.push('dbname=' + quoteParamValue(this.database));
	    }
	    if (this.replication) {
	      params.push('replication=' + quoteParamValue(this.replication));
	    }
	    if (this.host) {
	      params.push('host=' + quoteParamValue(this.host));
	    }
	    if (this.isDomainSocket) {
	      return cb(null, params.join(' '))
	    }
	    if (this.client_encoding) {
	      params.push('client_encoding=' + quoteParamValue(this.client_encoding));
	    }
	    dns.lookup(this.host, function (err, address) {
	      if (err) return cb(err, null)
	      params.push('hostaddr=' + quoteParamValue(address));
	      return cb(null, params.join(' '))
	    });
	  }
	}

	connectionParameters = ConnectionParameters;
	return connectionParameters;
}

var result;
var hasRequiredResult;

function requireResult () {
	if (hasRequiredResult) return result;
	hasRequiredResult = 1;

	const types = requirePgTypes();

	const matchRegexp = /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/;

	// result object returned from query
	// in the 'end' event and also
	// passed as second argument to provided callback
	class Result {
	  constructor(rowMode, types) {
	    this.command = null;
	    this.rowCount = null;
	    this.oid = null;
	    this.rows = [];
	    this.fields = [];
	    this._parsers = undefined;
	    this._types = types;
	    this.RowCtor = null;
	    this.rowAsArray = rowMode === 'array';
	    if (this.rowAsArray) {
	      this.parseRow = this._parseRowAsArray;
	    }
	    this._prebuiltEmptyResultObject = null;
	  }

	  // adds a command complete message
	  addCommandComplete(msg) {
	    let match;
	    if (msg.text) {
	      // pure javascript
	      match = matchRegexp.exec(msg.text);
	    } else {
	      // native bindings
	      match = matchRegexp.exec(msg.command);
	    }
	    if (match) {
	      this.command = match[1];
	      if (match[3]) {
	        // COMMAND OID ROWS
	        this.oid = parseInt(match[2], 10);
	        this.rowCount = parseInt(match[3], 10);
	      } else if (match[2]) {
	        // COMMAND ROWS
	        this.rowCount = parseInt(match[2], 10);
	      }
	    }
	  }

	  _parseRowAsArray(rowData) {
	    const row = new Array(rowData.length);
	    for (let i = 0, len = rowData.length; i < len; i++) {
	      const rawValue = rowData[i];
	      if (rawValue !== null) {
	        row[i] = this._parsers[i](rawValue);
	      } else {
	        row[i] = null;
	      }
	    }
	    return row
	  }

	  parseRow(rowData) {
	    const row = { ...this._prebuiltEmptyResultObject };
	    for (let i = 0, len = rowData.length; i < len; i++) {
	      const rawValue = rowData[i];
	      const field = this.fields[i].name;
	      if (rawValue !== null) {
	        const v = this.fields[i].format === 'binary' ? Buffer.from(rawValue) : rawValue;
	        row[field] = this._parsers[i](v);
	      } else {
	        row[field] = null;
	      }
	    }
	    return row
	  }

	  addRow(row) {
	    this.rows.push(row);
	  }

	  addFields(fieldDescriptions) {
	    // clears field definitions
	    // multiple query statements in 1 action can result in multiple sets
	    // of rowDescriptions...eg: 'select NOW(); select 1::int;'
	    // you need to reset the fields
	    this.fields = fieldDescriptions;
	    if (this.fields.length) {
	      this._parsers = new Array(fieldDescriptions.length);
	    }

	    const row = Object.create(null);

	    for (let i = 0; i < fieldDescriptions.length; i++) {
	      const desc = fieldDescriptions[i];
	      row[desc.name] = null;

	      if (this._types) {
	        this._parsers[i] = this._types.getTypeParser(desc.dataTypeID, desc.format || 'text');
	      } else {
	        this._parsers[i] = types.getTypeParser(desc.dataTypeID, desc.format || 'text');
	      }
	    }

	    this._prebuiltEmptyResultObject = { ...row };
	  }
	}

	result = Result;
	return result;
}

var query$1;
var hasRequiredQuery$1;

function requireQuery$1 () {
	if (hasRequiredQuery$1) return query$1;
	hasRequiredQuery$1 = 1;

	const { EventEmitter } = require$$0__default$1;

	const Result = requireResult();
	const utils = requireUtils$1();

	class Query extends EventEmitter {
	  constructor(config, values, callback) {
	    super();

	    config = utils.normalizeQueryConfig(config, values, callback);

	    this.text = config.text;
	    this.values = config.values;
	    this.rows = config.rows;
	    this.types = config.types;
	    this.name = config.name;
	    this.queryMode = config.queryMode;
	    this.binary = config.binary;
	    // use unique portal name each time
	    this.portal = config.portal || '';
	    this.callback = config.callback;
	    this._rowMode = config.rowMode;
	    if (process.domain && config.callback) {
	      this.callback = process.domain.bind(config.callback);
	    }
	    this._result = new Result(this._rowMode, this.types);

	    // potential for multiple results
	    this._results = this._result;
	    this._canceledDueToError = false;
	  }

	  requiresPreparation() {
	    if (this.queryMode === 'extended') {
	      return true
	    }

	    // named queries must always be prepared
	    if (this.name) {
	      return true
	    }
	    // always prepare if there are max number of rows expected per
	    // portal execution
	    if (this.rows) {
	      return true
	    }
	    // don't prepare empty text queries
	    if (!this.text) {
	      return false
	    }
	    // prepare if there are values
	    if (!this.values) {
	      return false
	    }
	    return this.values.length > 0
	  }

	  _checkForMultirow() {
	    // if we already have a result with a command property
	    // then we've already executed one query in a multi-statement simple query
	    // turn our results into an array of results
	    if (this._result.command) {
	      if (!Array.isArray(this._results)) {
	        this._results = [this._result];
	      }
	      this._result = new Result(this._rowMode, this._result._types);
	      this._results.push(this._result);
	    }
	  }

	  // associates row metadata from the supplied
	  // message with this query object
	  // metadata used when parsing row results
	  handleRowDescription(msg) {
	    this._checkForMultirow();
	    this._result.addFields(msg.fields);
	    this._accumulateRows = this.callback || !this.listeners('row').length;
	  }

	  handleDataRow(msg) {
	    let row;

	    if (this._canceledDueToError) {
	      return
	    }

	    try {
	      row = this._result.parseRow(msg.fields);
	    } catch (err) {
	      this._canceledDueToError = err;
	      return
	    }

	    this.emit('row', row, this._result);
	    if (this._accumulateRows) {
	      this._result.addRow(row);
	    }
	  }

	  handleCommandComplete(msg, connection) {
	    this._checkForMultirow();
	    this._result.addCommandComplete(msg);
	    // need to sync after each command complete of a prepared statement
	    // if we were using a row count which results in multiple calls to _getRows
	    if (this.rows) {
	      connection.sync();
	    }
	  }

	  // if a named prepared statement is created with empty query text
	  // the backend will send an emptyQuery message but *not* a command complete message
	  // since we pipeline sync immediately after execute we don't need to do anything here
	  // unless we have rows specified, in which case we did not pipeline the initial sync call
	  handleEmptyQuery(connection) {
	    if (this.rows) {
	      connection.sync();
	    }
	  }

	  handleError(err, connection) {
	    // need to sync after error during a prepared statement
	    if (this._canceledDueToError) {
	      err = this._canceledDueToError;
	      this._canceledDueToError = false;
	    }
	    // if callback supplied do not emit error event as uncaught error
	    // events will bubble up to node process
	    if (this.callback) {
	      return this.callback(err)
	    }
	    this.emit('error', err);
	  }

	  handleReadyForQuery(con) {
	    if (this._canceledDueToError) {
	      return this.handleError(this._canceledDueToError, con)
	    }
	    if (this.callback) {
	      try {
	        this.callback(null, this._results);
	      } catch (err) {
	        process.nextTick(() => {
	          throw err
	        });
	      }
	    }
	    this.emit('end', this._results);
	  }

	  submit(connection) {
	    if (typeof this.text !== 'string' && typeof this.name !== 'string') {
	      return new Error('A query must have either text or a name. Supplying neither is unsupported.')
	    }
	    const previous = connection.parsedStatements[this.name] || connection.submittedNamedStatements[this.name];
	    if (this.text && previous && this.text !== previous) {
	      return new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`)
	    }
	    if (this.values && !Array.isArray(this.values)) {
	      return new Error('Query values must be an array')
	    }
	    if (this.requiresPreparation()) {
	      // If we're using the extended query protocol we fire off several separate commands
	      // to the backend. On some versions of node & some operating system versions
	      // the network stack writes each message separately instead of buffering them together
	      // causing the client & network to send more slowly. Corking & uncorking the stream
	      // allows node to buffer up the messages internally before sending them all off at once.
	      // note: we're checking for existence of cork/uncork because some versions of streams
	      // might not have this (cloudflare?)
	      connection.stream.cork && connection.stream.cork();
	      try {
	        this.prepare(connection);
	      } finally {
	        // while unlikely for this.prepare to throw, if it does & we don't uncork this stream
	        // this client becomes unresponsive, so put in finally block "just in case"
	        connection.stream.uncork && connection.stream.uncork();
	      }
	    } else {
	      connection.query(this.text);
	    }
	    return null
	  }

	  hasBeenParsed(connection) {
	    return (
	      this.name &&
	      (connection.parsedStatements[this.name] !== undefined ||
	        connection.submittedNamedStatements[this.name] !== undefined)
	    )
	  }

	  handlePortalSuspended(connection) {
	    this._getRows(connection, this.rows);
	  }

	  _getRows(connection, rows) {
	    connection.execute({
	      portal: this.portal,
	      rows: rows,
	    });
	    // if we're not reading pages of rows send the sync command
	    // to indicate the pipeline is finished
	    if (!rows) {
	      connection.sync();
	    } else {
	      // otherwise flush the call out to read more rows
	      connection.flush();
	    }
	  }

	  // http://developer.postgresql.org/pgdocs/postgres/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY
	  prepare(connection) {
	    // TODO refactor this poor encapsulation
	    if (!this.hasBeenParsed(connection)) {
	      connection.parse({
	        text: this.text,
	        name: this.name,
	        types: this.types,
	      });
	      if (this.name) {
	        connection.submittedNamedStatements[this.name] = this.text;
	      }
	    }

	    // because we're mapping user supplied values to
	    // postgres wire protocol compatible values it could
	    // throw an exception, so try/catch this section
	    try {
	      connection.bind({
	        portal: this.portal,
	        statement: this.name,
	        values: this.values,
	        binary: this.binary,
	        valueMapper: utils.prepareValue,
	      });
	    } catch (err) {
	      // we should close parse to avoid leaking connections
	      connection.close({ type: 'S', name: this.name });
	      connection.sync();

	      this.handleError(err, connection);
	      return
	    }

	    connection.describe({
	      type: 'P',
	      name: this.portal || '',
	    });

	    this._getRows(connection, this.rows);
	  }

	  handleCopyInResponse(connection) {
	    connection.sendCopyFail('No source stream defined');
	  }

	  handleCopyData(msg, connection) {
	    // noop
	  }
	}

	query$1 = Query;
	return query$1;
}

var dist = {};

var messages = {};

var hasRequiredMessages;

function requireMessages () {
	if (hasRequiredMessages) return messages;
	hasRequiredMessages = 1;
	Object.defineProperty(messages, "__esModule", { value: true });
	messages.NoticeMessage = messages.DataRowMessage = messages.CommandCompleteMessage = messages.ReadyForQueryMessage = messages.NotificationResponseMessage = messages.BackendKeyDataMessage = messages.AuthenticationMD5Password = messages.ParameterStatusMessage = messages.ParameterDescriptionMessage = messages.RowDescriptionMessage = messages.Field = messages.CopyResponse = messages.CopyDataMessage = messages.DatabaseError = messages.copyDone = messages.emptyQuery = messages.replicationStart = messages.portalSuspended = messages.noData = messages.closeComplete = messages.bindComplete = messages.parseComplete = void 0;
	messages.parseComplete = {
	    name: 'parseComplete',
	    length: 5,
	};
	messages.bindComplete = {
	    name: 'bindComplete',
	    length: 5,
	};
	messages.closeComplete = {
	    name: 'closeComplete',
	    length: 5,
	};
	messages.noData = {
	    name: 'noData',
	    length: 5,
	};
	messages.portalSuspended = {
	    name: 'portalSuspended',
	    length: 5,
	};
	messages.replicationStart = {
	    name: 'replicationStart',
	    length: 4,
	};
	messages.emptyQuery = {
	    name: 'emptyQuery',
	    length: 4,
	};
	messages.copyDone = {
	    name: 'copyDone',
	    length: 4,
	};
	class DatabaseError extends Error {
	    constructor(message, length, name) {
	        super(message);
	        this.length = length;
	        this.name = name;
	    }
	}
	messages.DatabaseError = DatabaseError;
	class CopyDataMessage {
	    constructor(length, chunk) {
	        this.length = length;
	        this.chunk = chunk;
	        this.name = 'copyData';
	    }
	}
	messages.CopyDataMessage = CopyDataMessage;
	class CopyResponse {
	    constructor(length, name, binary, columnCount) {
	        this.length = length;
	        this.name = name;
	        this.binary = binary;
	        this.columnTypes = new Array(columnCount);
	    }
	}
	messages.CopyResponse = CopyResponse;
	class Field {
	    constructor(name, tableID, columnID, dataTypeID, dataTypeSize, dataTypeModifier, format) {
	        this.name = name;
	        this.tableID = tableID;
	        this.columnID = columnID;
	        this.dataTypeID = dataTypeID;
	        this.dataTypeSize = dataTypeSize;
	        this.dataTypeModifier = dataTypeModifier;
	        this.format = format;
	    }
	}
	messages.Field = Field;
	class RowDescriptionMessage {
	    constructor(length, fieldCount) {
	        this.length = length;
	        this.fieldCount = fieldCount;
	        this.name = 'rowDescription';
	        this.fields = new Array(this.fieldCount);
	    }
	}
	messages.RowDescriptionMessage = RowDescriptionMessage;
	class ParameterDescriptionMessage {
	    constructor(length, parameterCount) {
	        this.length = length;
	        this.parameterCount = parameterCount;
	        this.name = 'parameterDescription';
	        this.dataTypeIDs = new Array(this.parameterCount);
	    }
	}
	messages.ParameterDescriptionMessage = ParameterDescriptionMessage;
	class ParameterStatusMessage {
	    constructor(length, parameterName, parameterValue) {
	        this.length = length;
	        this.parameterName = parameterName;
	        this.parameterValue = parameterValue;
	        this.name = 'parameterStatus';
	    }
	}
	messages.ParameterStatusMessage = ParameterStatusMessage;
	class AuthenticationMD5Password {
	    constructor(length, salt) {
	        this.length = length;
	        this.salt = salt;
	        this.name = 'authenticationMD5Password';
	    }
	}
	messages.AuthenticationMD5Password = AuthenticationMD5Password;
	class BackendKeyDataMessage {
	    constructor(length, processID, secretKey) {
	        this.length = length;
	        this.processID = processID;
	        this.secretKey = secretKey;
	        this.name = 'backendKeyData';
	    }
	}
	messages.BackendKeyDataMessage = BackendKeyDataMessage;
	class NotificationResponseMessage {
	    constructor(length, processId, channel, payload) {
	        this.length = length;
	        this.processId = processId;
	        this.channel = channel;
	        this.payload = payload;
	        this.name = 'notification';
	    }
	}
	messages.NotificationResponseMessage = NotificationResponseMessage;
	class ReadyForQueryMessage {
	    constructor(length, status) {
	        this.length = length;
	        this.status = status;
	        this.name = 'readyForQuery';
	    }
	}
	messages.ReadyForQueryMessage = ReadyForQueryMessage;
	class CommandCompleteMessage {
	    constructor(length, text) {
	        this.length = length;
	        this.text = text;
	        this.name = 'commandComplete';
	    }
	}
	messages.CommandCompleteMessage = CommandCompleteMessage;
	class DataRowMessage {
	    constructor(length, fields) {
	        this.length = length;
	        this.fields = fields;
	        this.name = 'dataRow';
	        this.fieldCount = fields.length;
	    }
	}
	messages.DataRowMessage = DataRowMessage;
	class NoticeMessage {
	    constructor(length, message) {
	        this.length = length;
	        this.message = message;
	        this.name = 'notice';
	    }
	}
	messages.NoticeMessage = NoticeMessage;
	
	return messages;
}

var serializer = {};

var bufferWriter = {};

var hasRequiredBufferWriter;

function requireBufferWriter () {
	if (hasRequiredBufferWriter) return bufferWriter;
	hasRequiredBufferWriter = 1;
	//binary data writer tuned for encoding binary specific to the postgres binary protocol
	Object.defineProperty(bufferWriter, "__esModule", { value: true });
	bufferWriter.Writer = void 0;
	class Writer {
	    constructor(size = 256) {
	        this.size = size;
	        this.offset = 5;
	        this.headerPosition = 0;
	        this.buffer = Buffer.allocUnsafe(size);
	    }
	    ensure(size) {
	        const remaining = this.buffer.length - this.offset;
	        if (remaining < size) {
	            const oldBuffer = this.buffer;
	            // exponential growth factor of around ~ 1.5
	            // https://stackoverflow.com/questions/2269063/buffer-growth-strategy
	            const newSize = oldBuffer.length + (oldBuffer.length >> 1) + size;
	            this.buffer = Buffer.allocUnsafe(newSize);
	            oldBuffer.copy(this.buffer, 0, 0, this.offset);
	        }
	    }
	    addInt32(num) {
	        this.ensure(4);
	        this.buffer[this.offset++] = (num >>> 24) & 0xff;
	        this.buffer[this.offset++] = (num >>> 16) & 0xff;
	        this.buffer[this.offset++] = (num >>> 8) & 0xff;
	        this.buffer[this.offset++] = (num >>> 0) & 0xff;
	        return this;
	    }
	    addInt16(num) {
	        this.ensure(2);
	        this.buffer[this.offset++] = (num >>> 8) & 0xff;
	        this.buffer[this.offset++] = (num >>> 0) & 0xff;
	        return this;
	    }
	    addCString(string) {
	        if (!string) {
	            this.ensure(1);
	        }
	        else {
	            const len = Buffer.byteLength(string);
	            this.ensure(len + 1); // +1 for null terminator
	            this.buffer.write(string, this.offset, 'utf-8');
	            this.offset += len;
	        }
	        this.buffer[this.offset++] = 0; // null terminator
	        return this;
	    }
	    addString(string = '') {
	        const len = Buffer.byteLength(string);
	        this.ensure(len);
	        this.buffer.write(string, this.offset);
	        this.offset += len;
	        return this;
	    }
	    // Write an Int32 byte-length prefix immediately followed by the string's UTF-8
	    // bytes. Postgres' Bind wire format prefixes every parameter with its length,
	    // and doing it in one method computes Buffer.byteLength ONCE — the previous
	    // `addInt32(Buffer.byteLength(s)).addString(s)` pairing scanned the string
	    // three times (byteLength for the prefix, byteLength again inside addString,
	    // then the encode), which is costly for large text parameters.
	    addInt32PrefixedString(string) {
	        const len = Buffer.byteLength(string);
	        this.ensure(4 + len);
	        const buffer = this.buffer;
	        let offset = this.offset;
	        buffer[offset++] = (len >>> 24) & 0xff;
	        buffer[offset++] = (len >>> 16) & 0xff;
	        buffer[offset++] = (len >>> 8) & 0xff;
	        buffer[offset++] = (len >>> 0) & 0xff;
	        buffer.write(string, offset, 'utf-8');
	        this.offset = offset + len;
	        return this;
	    }
	    add(otherBuffer) {
	        this.ensure(otherBuffer.length);
	        otherBuffer.copy(this.buffer, this.offset);
	        this.offset += otherBuffer.length;
	        return this;
	    }
	    /**
	     * Appends an uninitialized block of {@link size} bytes to the buffer and returns its offset.
	     */
	    reserveUnsafe(size) {
	        const offset = this.offset;
	        this.ensure(size);
	        this.offset += size;
	        return offset;
	    }
	    join(code) {
	        if (code) {
	            this.buffer[this.headerPosition] = code;
	            //length is everything in this packet minus the code
	            const length = this.offset - (this.headerPosition + 1);
	            this.buffer.writeInt32BE(length, this.headerPosition + 1);
	        }
	        return this.buffer.slice(code ? 0 : 5, this.offset);
	    }
	    flush(code) {
	        const result = this.join(code);
	        this.offset = 5;
	        this.headerPosition = 0;
	        this.buffer = Buffer.allocUnsafe(this.size);
	        return result;
	    }
	    clear() {
	        this.offset = 5;
	        this.headerPosition = 0;
	    }
	}
	bufferWriter.Writer = Writer;
	
	return bufferWriter;
}

var hasRequiredSerializer;

function requireSerializer () {
	if (hasRequiredSerializer) return serializer;
	hasRequiredSerializer = 1;
	Object.defineProperty(serializer, "__esModule", { value: true });
	serializer.serialize = void 0;
	const buffer_writer_1 = requireBufferWriter();
	const writer = new buffer_writer_1.Writer();
	const startup = (opts) => {
	    // protocol version
	    writer.addInt16(3).addInt16(0);
	    for (const key of Object.keys(opts)) {
	        writer.addCString(key).addCString(opts[key]);
	    }
	    writer.addCString('client_encoding').addCString('UTF8');
	    const bodyBuffer = writer.addCString('').flush();
	    // this message is sent without a code
	    const length = bodyBuffer.length + 4;
	    return new buffer_writer_1.Writer().addInt32(length).add(bodyBuffer).flush();
	};
	const requestSsl = () => {
	    const response = Buffer.allocUnsafe(8);
	    response.writeInt32BE(8, 0);
	    response.writeInt32BE(80877103, 4);
	    return response;
	};
	const password = (password) => {
	    return writer.addCString(password).flush(112 /* code.startup */);
	};
	const sendSASLInitialResponseMessage = function (mechanism, initialResponse) {
	    // 0x70 = 'p'
	    writer.addCString(mechanism).addInt32PrefixedString(initialResponse);
	    return writer.flush(112 /* code.startup */);
	};
	const sendSCRAMClientFinalMessage = function (additionalData) {
	    return writer.addString(additionalData).flush(112 /* code.startup */);
	};
	const query = (text) => {
	    return writer.addCString(text).flush(81 /* code.query */);
	};
	const emptyArray = [];
	const parse = (query) => {
	    // expect something like this:
	    // { name: 'queryName',
	    //   text: 'select * from blah',
	    //   types: ['int8', 'bool'] }
	    // normalize missing query names to allow for null
	    const name = query.name || '';
	    if (name.length > 63) {
	        console.error('Warning! Postgres only supports 63 characters for query names.');
	        console.error('You supplied %s (%s)', name, name.length);
	        console.error('This can cause conflicts and silent errors executing queries');
	    }
	    const types = query.types || emptyArray;
	    const len = types.length;
	    const buffer = writer
	        .addCString(name) // name of query
	        .addCString(query.text) // actual query text
	        .addInt16(len);
	    for (let i = 0; i < len; i++) {
	        buffer.addInt32(types[i]);
	    }
	    return writer.flush(80 /* code.parse */);
	};
	const writeValues = function (values, valueMapper, formatsOffset) {
	    const len = values.length;
	    for (let i = 0; i < len; i++) {
	        const mappedVal = valueMapper ? valueMapper(values[i], i) : values[i];
	        let formatByte = 0 /* ParamType.STRING */;
	        if (mappedVal == null) {
	            // write -1 to indicate null
	            writer.addInt32(-1);
	        }
	        else if (mappedVal instanceof Buffer) {
	            formatByte = 1 /* ParamType.BINARY */;
	            // add the buffer to the param writer
	            writer.addInt32(mappedVal.length);
	            writer.add(mappedVal);
	        }
	        else {
	            // length prefix + UTF-8 bytes in one pass (Buffer.byteLength computed once)
	            writer.addInt32PrefixedString(mappedVal);
	        }
	        // beware: `writer` operations can replace `writer.buffer` with a new buffer
	        const buf = writer.buffer;
	        buf[formatsOffset++] = 0;
	        buf[formatsOffset++] = formatByte;
	    }
	};
	const bind = (config = {}) => {
	    // normalize config
	    const portal = config.portal || '';
	    const statement = config.statement || '';
	    const binary = config.binary || false;
	    const values = config.values || emptyArray;
	    const len = values.length;
	    writer.addCString(portal).addCString(statement);
	    // number of parameter format codes
	    writer.addInt16(len);
	    // space for those codes, filled by `writeValues`
	    const formatsOffset = writer.reserveUnsafe(len * 2);
	    // number of parameter values
	    writer.addInt16(len);
	    try {
	        writeValues(values, config.valueMapper, formatsOffset);
	    }
	    catch (err) {
	        writer.clear();
	        throw err;
	    }
	    // all results use the same format code
	    writer.addInt16(1);
	    // format code
	    writer.addInt16(binary ? 1 /* ParamType.BINARY */ : 0 /* ParamType.STRING */);
	    return writer.flush(66 /* code.bind */);
	};
	const emptyExecute = Buffer.from([69 /* code.execute */, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00]);
	const execute = (config) => {
	    // this is the happy path for most queries
	    if (!config || (!config.portal && !config.rows)) {
	        return emptyExecute;
	    }
	    const portal = config.portal || '';
	    const rows = config.rows || 0;
	    const portalLength = Buffer.byteLength(portal);
	    const len = 4 + portalLength + 1 + 4;
	    // one extra bit for code
	    const buff = Buffer.allocUnsafe(1 + len);
	    buff[0] = 69 /* code.execute */;
	    buff.writeInt32BE(len, 1);
	    buff.write(portal, 5, 'utf-8');
	    buff[portalLength + 5] = 0; // null terminate portal cString
	    buff.writeUInt32BE(rows, buff.length - 4);
	    return buff;
	};
	const cancel = (processID, secretKey) => {
	    const buffer = Buffer.allocUnsafe(16);
	    buffer.writeInt32BE(16, 0);
	    buffer.writeInt16BE(1234, 4);
	    buffer.writeInt16BE(5678, 6);
	    buffer.writeInt32BE(processID, 8);
	    buffer.writeInt32BE(secretKey, 12);
	    return buffer;
	};
	const cstringMessage = (code, string) => {
	    const stringLen = Buffer.byteLength(string);
	    const len = 4 + stringLen + 1;
	    // one extra bit for code
	    const buffer = Buffer.allocUnsafe(1 + len);
	    buffer[0] = code;
	    buffer.writeInt32BE(len, 1);
	    buffer.write(string, 5, 'utf-8');
	    buffer[len] = 0; // null terminate cString
	    return buffer;
	};
	const emptyDescribePortal = writer.addCString('P').flush(68 /* code.describe */);
	const emptyDescribeStatement = writer.addCString('S').flush(68 /* code.describe */);
	const describe = (msg) => {
	    return msg.name
	        ? cstringMessage(68 /* code.describe */, `${msg.type}${msg.name || ''}`)
	        : msg.type === 'P'
	            ? emptyDescribePortal
	            : emptyDescribeStatement;
	};
	const close = (msg) => {
	    const text = `${msg.type}${msg.name || ''}`;
	    return cstringMessage(67 /* code.close */, text);
	};
	const copyData = (chunk) => {
	    return writer.add(chunk).flush(100 /* code.copyFromChunk */);
	};
	const copyFail = (message) => {
	    return cstringMessage(102 /* code.copyFail */, message);
	};
	const codeOnlyBuffer = (code) => Buffer.from([code, 0x00, 0x00, 0x00, 0x04]);
	const flushBuffer = codeOnlyBuffer(72 /* code.flush */);
	const syncBuffer = codeOnlyBuffer(83 /* code.sync */);
	const endBuffer = codeOnlyBuffer(88 /* code.end */);
	const copyDoneBuffer = codeOnlyBuffer(99 /* code.copyDone */);
	const serialize = {
	    startup,
	    password,
	    requestSsl,
	    sendSASLInitialResponseMessage,
	    sendSCRAMClientFinalMessage,
	    query,
	    parse,
	    bind,
	    execute,
	    describe,
	    close,
	    flush: () => flushBuffer,
	    sync: () => syncBuffer,
	    end: () => endBuffer,
	    copyData,
	    copyDone: () => copyDoneBuffer,
	    copyFail,
	    cancel,
	};
	serializer.serialize = serialize;
	
	return serializer;
}

var parser = {};

var bufferReader = {};

var hasRequiredBufferReader;

function requireBufferReader () {
	if (hasRequiredBufferReader) return bufferReader;
	hasRequiredBufferReader = 1;
	Object.defineProperty(bufferReader, "__esModule", { value: true });
	bufferReader.BufferReader = void 0;
	class BufferReader {
	    constructor(offset = 0) {
	        this.offset = offset;
	        this.buffer = Buffer.allocUnsafe(0);
	        // TODO(bmc): support non-utf8 encoding?
	        this.encoding = 'utf-8';
	    }
	    setBuffer(offset, buffer) {
	        this.offset = offset;
	        this.buffer = buffer;
	    }
	    int16() {
	        const result = this.buffer.readInt16BE(this.offset);
	        this.offset += 2;
	        return result;
	    }
	    byte() {
	        const result = this.buffer[this.offset];
	        this.offset++;
	        return result;
	    }
	    int32() {
	        const result = this.buffer.readInt32BE(this.offset);
	        this.offset += 4;
	        return result;
	    }
	    uint32() {
	        const result = this.buffer.readUInt32BE(this.offset);
	        this.offset += 4;
	        return result;
	    }
	    string(length) {
	        const result = this.buffer.toString(this.encoding, this.offset, this.offset + length);
	        this.offset += length;
	        return result;
	    }
	    cstring() {
	        const start = this.offset;
	        let end = start;
	        // eslint-disable-next-line no-empty
	        while (this.buffer[end++]) { }
	        this.offset = end;
	        return this.buffer.toString(this.encoding, start, end - 1);
	    }
	    bytes(length) {
	        const result = this.buffer.slice(this.offset, this.offset + length);
	        this.offset += length;
	        return result;
	    }
	}
	bufferReader.BufferReader = BufferReader;
	
	return bufferReader;
}

var hasRequiredParser;

function requireParser () {
	if (hasRequiredParser) return parser;
	hasRequiredParser = 1;
	Object.defineProperty(parser, "__esModule", { value: true });
	parser.Parser = void 0;
	const messages_1 = requireMessages();
	const buffer_reader_1 = requireBufferReader();
	// every message is prefixed with a single byte
	const CODE_LENGTH = 1;
	// every message has an int32 length which includes itself but does
	// NOT include the code in the length
	const LEN_LENGTH = 4;
	const HEADER_LENGTH = CODE_LENGTH + LEN_LENGTH;
	// A placeholder for a `BackendMessage`’s length value that will be set after construction.
	const LATEINIT_LENGTH = -1;
	const emptyBuffer = Buffer.allocUnsafe(0);
	class Parser {
	    constructor(opts) {
	        this.buffer = emptyBuffer;
	        this.bufferLength = 0;
	        this.bufferOffset = 0;
	        this.reader = new buffer_reader_1.BufferReader();
	        if ((opts === null || opts === void 0 ? void 0 : opts.mode) === 'binary') {
	            throw new Error('Binary mode not supported yet');
	        }
	        this.mode = (opts === null || opts === void 0 ? void 0 : opts.mode) || 'text';
	    }
	    parse(buffer, callback) {
	        this.mergeBuffer(buffer);
	        const bufferFullLength = this.bufferOffset + this.bufferLength;
	        let offset = this.bufferOffset;
	        while (offset + HEADER_LENGTH <= bufferFullLength) {
	            // code is 1 byte long - it identifies the message type
	            const code = this.buffer[offset];
	            // length is 1 Uint32BE - it is the length of the message EXCLUDING the code
	            const length = this.buffer.readUInt32BE(offset + CODE_LENGTH);
	            const fullMessageLength = CODE_LENGTH + length;
	            if (fullMessageLength + offset <= bufferFullLength) {
	                const message = this.handlePacket(offset + HEADER_LENGTH, code, length, this.buffer);
	                callback(message);
	                offset += fullMessageLength;
	            }
	            else {
	                break;
	            }
	        }
	        if (offset === bufferFullLength) {
	            // No more use for the buffer
	            this.buffer = emptyBuffer;
	            this.bufferLength = 0;
	            this.bufferOffset = 0;
	        }
	        else {
	            // Adjust the cursors of remainingBuffer
	            this.bufferLength = bufferFullLength - offset;
	            this.bufferOffset = offset;
	        }
	    }
	    mergeBuffer(buffer) {
	        if (this.bufferLength > 0) {
	            const newLength = this.bufferLength + buffer.byteLength;
	            const newFullLength = newLength + this.bufferOffset;
	            if (newFullLength > this.buffer.byteLength) {
	                // We can't concat the new buffer with the remaining one
	                let newBuffer;
	                if (newLength <= this.buffer.byteLength && this.bufferOffset >= this.bufferLength) {
	                    // We can move the relevant part to the beginning of the buffer instead of allocating a new buffer
	                    newBuffer = this.buffer;
	                }
	                else {
	                    // Allocate a new larger buffer
	                    let newBufferLength = this.buffer.byteLength * 2;
	                    while (newLength >= newBufferLength) {
	                        newBufferLength *= 2;
	                    }
	                    newBuffer = Buffer.allocUnsafe(newBufferLength);
	                }
	                // Move the remaining buffer to the new one
	                this.buffer.copy(newBuffer, 0, this.bufferOffset, this.bufferOffset + this.bufferLength);
	                this.buffer = newBuffer;
	                this.bufferOffset = 0;
	            }
	            // Concat the new buffer with the remaining one
	            buffer.copy(this.buffer, this.bufferOffset + this.bufferLength);
	            this.bufferLength = newLength;
	        }
	        else {
	            this.buffer = buffer;
	            this.bufferOffset = 0;
	            this.bufferLength = buffer.byteLength;
	        }
	    }
	    handlePacket(offset, code, length, bytes) {
	        const { reader } = this;
	        // NOTE: This undesirably retains the buffer in `this.reader` if the `parse*Message` calls below throw. However, those should only throw in the case of a protocol error, which normally results in the reader being discarded.
	        reader.setBuffer(offset, bytes);
	        let message;
	        switch (code) {
	            case 50 /* MessageCodes.BindComplete */:
	                message = messages_1.bindComplete;
	                break;
	            case 49 /* MessageCodes.ParseComplete */:
	                message = messages_1.parseComplete;
	                break;
	            case 51 /* MessageCodes.CloseComplete */:
	                message = messages_1.closeComplete;
	                break;
	            case 110 /* MessageCodes.NoData */:
	                message = messages_1.noData;
	                break;
	            case 115 /* MessageCodes.PortalSuspended */:
	                message = messages_1.portalSuspended;
	                break;
	            case 99 /* MessageCodes.CopyDone */:
	                message = messages_1.copyDone;
	                break;
	            case 87 /* MessageCodes.ReplicationStart */:
	                message = messages_1.replicationStart;
	                break;
	            case 73 /* MessageCodes.EmptyQuery */:
	                message = messages_1.emptyQuery;
	                break;
	            case 68 /* MessageCodes.DataRow */:
	                message = parseDataRowMessage(reader);
	                break;
	            case 67 /* MessageCodes.CommandComplete */:
	                message = parseCommandCompleteMessage(reader);
	                break;
	            case 90 /* MessageCodes.ReadyForQuery */:
	                message = parseReadyForQueryMessage(reader);
	                break;
	            case 65 /* MessageCodes.NotificationResponse */:
	                message = parseNotificationMessage(reader);
	                break;
	            case 82 /* MessageCodes.AuthenticationResponse */:
	                message = parseAuthenticationResponse(reader, length);
	                break;
	            case 83 /* MessageCodes.ParameterStatus */:
	                message = parseParameterStatusMessage(reader);
	                break;
	            case 75 /* MessageCodes.BackendKeyData */:
	                message = parseBackendKeyData(reader);
	                break;
	            case 69 /* MessageCodes.ErrorMessage */:
	                message = parseErrorMessage(reader, 'error');
	                break;
	            case 78 /* MessageCodes.NoticeMessage */:
	                message = parseErrorMessage(reader, 'notice');
	                break;
	            case 84 /* MessageCodes.RowDescriptionMessage */:
	                message = parseRowDescriptionMessage(reader);
	                break;
	            case 116 /* MessageCodes.ParameterDescriptionMessage */:
	                message = parseParameterDescriptionMessage(reader);
	                break;
	            case 71 /* MessageCodes.CopyIn */:
	                message = parseCopyInMessage(reader);
	                break;
	            case 72 /* MessageCodes.CopyOut */:
	                message = parseCopyOutMessage(reader);
	                break;
	            case 100 /* MessageCodes.CopyData */:
	                message = parseCopyData(reader, length);
	                break;
	            default:
	                return new messages_1.DatabaseError('received invalid response: ' + code.toString(16), length, 'error');
	        }
	        reader.setBuffer(0, emptyBuffer);
	        message.length = length;
	        return message;
	    }
	}
	parser.Parser = Parser;
	const parseReadyForQueryMessage = (reader) => {
	    const status = reader.string(1);
	    return new messages_1.ReadyForQueryMessage(LATEINIT_LENGTH, status);
	};
	const parseCommandCompleteMessage = (reader) => {
	    const text = reader.cstring();
	    return new messages_1.CommandCompleteMessage(LATEINIT_LENGTH, text);
	};
	const parseCopyData = (reader, length) => {
	    const chunk = reader.bytes(length - 4);
	    return new messages_1.CopyDataMessage(LATEINIT_LENGTH, chunk);
	};
	const parseCopyInMessage = (reader) => parseCopyMessage(reader, 'copyInResponse');
	const parseCopyOutMessage = (reader) => parseCopyMessage(reader, 'copyOutResponse');
	const parseCopyMessage = (reader, messageName) => {
	    const isBinary = reader.byte() !== 0;
	    const columnCount = reader.int16();
	    const message = new messages_1.CopyResponse(LATEINIT_LENGTH, messageName, isBinary, columnCount);
	    for (let i = 0; i < columnCount; i++) {
	        message.columnTypes[i] = reader.int16();
	    }
	    return message;
	};
	const parseNotificationMessage = (reader) => {
	    const processId = reader.int32();
	    const channel = reader.cstring();
	    const payload = reader.cstring();
	    return new messages_1.NotificationResponseMessage(LATEINIT_LENGTH, processId, channel, payload);
	};
	const parseRowDescriptionMessage = (reader) => {
	    const fieldCount = reader.int16();
	    const message = new messages_1.RowDescriptionMessage(LATEINIT_LENGTH, fieldCount);
	    for (let i = 0; i < fieldCount; i++) {
	        message.fields[i] = parseField(reader);
	    }
	    return message;
	};
	const parseField = (reader) => {
	    const name = reader.cstring();
	    const tableID = reader.uint32();
	    const columnID = reader.int16();
	    const dataTypeID = reader.uint32();
	    const dataTypeSize = reader.int16();
	    const dataTypeModifier = reader.int32();
	    const mode = reader.int16() === 0 ? 'text' : 'binary';
	    return new messages_1.Field(name, tableID, columnID, dataTypeID, dataTypeSize, dataTypeModifier, mode);
	};
	const parseParameterDescriptionMessage = (reader) => {
	    const parameterCount = reader.int16();
	    const message = new messages_1.ParameterDescriptionMessage(LATEINIT_LENGTH, parameterCount);
	    for (let i = 0; i < parameterCount; i++) {
	        // OIDs are unsigned, same as dataTypeID in parseField above
	        message.dataTypeIDs[i] = reader.uint32();
	    }
	    return message;
	};
	const parseDataRowMessage = (reader) => {
	    const fieldCount = reader.int16();
	    const fields = new Array(fieldCount);
	    for (let i = 0; i < fieldCount; i++) {
	        const len = reader.int32();
	        // a -1 for length means the value of the field is null
	        fields[i] = len === -1 ? null : reader.string(len);
	    }
	    return new messages_1.DataRowMessage(LATEINIT_LENGTH, fields);
	};
	const parseParameterStatusMessage = (reader) => {
	    const name = reader.cstring();
	    const value = reader.cstring();
	    return new messages_1.ParameterStatusMessage(LATEINIT_LENGTH, name, value);
	};
	const parseBackendKeyData = (reader) => {
	    const processID = reader.int32();
	    const secretKey = reader.int32();
	    return new messages_1.BackendKeyDataMessage(LATEINIT_LENGTH, processID, secretKey);
	};
	const parseAuthenticationResponse = (reader, length) => {
	    const code = reader.int32();
	    // TODO(bmc): maybe better types here
	    const message = {
	        name: 'authenticationOk',
	        length,
	    };
	    switch (code) {
	        case 0: // AuthenticationOk
	            break;
	        case 3: // AuthenticationCleartextPassword
	            if (message.length === 8) {
	                message.name = 'authenticationCleartextPassword';
	            }
	            break;
	        case 5: // AuthenticationMD5Password
	            if (message.length === 12) {
	                message.name = 'authenticationMD5Password';
	                const salt = reader.bytes(4);
	                return new messages_1.AuthenticationMD5Password(LATEINIT_LENGTH, salt);
	            }
	            break;
	        case 10: // AuthenticationSASL
	            {
	                message.name = 'authenticationSASL';
	                message.mechanisms = [];
	                let mechanism;
	                do {
	                    mechanism = reader.cstring();
	                    if (mechanism) {
	                        message.mechanisms.push(mechanism);
	                    }
	                } while (mechanism);
	            }
	            break;
	        case 11: // AuthenticationSASLContinue
	            message.name = 'authenticationSASLContinue';
	            message.data = reader.string(length - 8);
	            break;
	        case 12: // AuthenticationSASLFinal
	            message.name = 'authenticationSASLFinal';
	            message.data = reader.string(length - 8);
	            break;
	        default:
	            throw new Error('Unknown authenticationOk message type ' + code);
	    }
	    return message;
	};
	const parseErrorMessage = (reader, name) => {
	    const fields = {};
	    let fieldType = reader.string(1);
	    while (fieldType !== '\0') {
	        fields[fieldType] = reader.cstring();
	        fieldType = reader.string(1);
	    }
	    const messageValue = fields.M;
	    const message = name === 'notice'
	        ? new messages_1.NoticeMessage(LATEINIT_LENGTH, messageValue)
	        : new messages_1.DatabaseError(messageValue, LATEINIT_LENGTH, name);
	    message.severity = fields.S;
	    message.code = fields.C;
	    message.detail = fields.D;
	    message.hint = fields.H;
	    message.position = fields.P;
	    message.internalPosition = fields.p;
	    message.internalQuery = fields.q;
	    message.where = fields.W;
	    message.schema = fields.s;
	    message.table = fields.t;
	    message.column = fields.c;
	    message.dataType = fields.d;
	    message.constraint = fields.n;
	    message.file = fields.F;
	    message.line = fields.L;
	    message.routine = fields.R;
	    return message;
	};
	
	return parser;
}

var hasRequiredDist;

function requireDist () {
	if (hasRequiredDist) return dist;
	hasRequiredDist = 1;
	(function (exports) {
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.DatabaseError = exports.serialize = void 0;
		exports.parse = parse;
		const messages_1 = requireMessages();
		Object.defineProperty(exports, "DatabaseError", { enumerable: true, get: function () { return messages_1.DatabaseError; } });
		const serializer_1 = requireSerializer();
		Object.defineProperty(exports, "serialize", { enumerable: true, get: function () { return serializer_1.serialize; } });
		const parser_1 = requireParser();
		function parse(stream, callback) {
		    const parser = new parser_1.Parser();
		    stream.on('data', (buffer) => parser.parse(buffer, callback));
		    return new Promise((resolve) => stream.on('end', () => resolve()));
		}
		
	} (dist));
	return dist;
}

var empty = {};

var hasRequiredEmpty;

function requireEmpty () {
	if (hasRequiredEmpty) return empty;
	hasRequiredEmpty = 1;
	Object.defineProperty(empty, "__esModule", { value: true });
	// This is an empty module that is served up when outside of a workerd environment
	// See the `exports` field in package.json
	empty.default = {};
	
	return empty;
}

var stream;
var hasRequiredStream;

function requireStream () {
	if (hasRequiredStream) return stream;
	hasRequiredStream = 1;
	const { getStream, getSecureStream } = getStreamFuncs();

	stream = {
	  /**
	   * Get a socket stream compatible with the current runtime environment.
	   * @returns {Duplex}
	   */
	  getStream,
	  /**
	   * Get a TLS secured socket, compatible with the current environment,
	   * using the socket and other settings given in `options`.
	   * @returns {Duplex}
	   */
	  getSecureStream,
	};

	/**
	 * The stream functions that work in Node.js
	 */
	function getNodejsStreamFuncs() {
	  function getStream(ssl) {
	    const net = require$$0$1;
	    return new net.Socket()
	  }

	  function getSecureStream(options) {
	    const tls = require$$1;
	    return tls.connect(options)
	  }
	  return {
	    getStream,
	    getSecureStream,
	  }
	}

	/**
	 * The stream functions that work in Cloudflare Workers
	 */
	function getCloudflareStreamFuncs() {
	  function getStream(ssl) {
	    const { CloudflareSocket } = requireEmpty();
	    return new CloudflareSocket(ssl)
	  }

	  function getSecureStream(options) {
	    options.socket.startTls(options);
	    return options.socket
	  }
	  return {
	    getStream,
	    getSecureStream,
	  }
	}

	/**
	 * Are we running in a Cloudflare Worker?
	 *
	 * @returns true if the code is currently running inside a Cloudflare Worker.
	 */
	function isCloudflareRuntime() {
	  // Since 2022-03-21 the `global_navigator` compatibility flag is on for Cloudflare Workers
	  // which means that `navigator.userAgent` will be defined.
	  // eslint-disable-next-line no-undef
	  if (typeof navigator === 'object' && navigator !== null && typeof navigator.userAgent === 'string') {
	    // eslint-disable-next-line no-undef
	    return navigator.userAgent === 'Cloudflare-Workers'
	  }
	  // In case `navigator` or `navigator.userAgent` is not defined then try a more sneaky approach
	  if (typeof Response === 'function') {
	    const resp = new Response(null, { cf: { thing: true } });
	    if (typeof resp.cf === 'object' && resp.cf !== null && resp.cf.thing) {
	      return true
	    }
	  }
	  return false
	}

	function getStreamFuncs() {
	  if (isCloudflareRuntime()) {
	    return getCloudflareStreamFuncs()
	  }
	  return getNodejsStreamFuncs()
	}
	return stream;
}

var connection;
var hasRequiredConnection;

function requireConnection () {
	if (hasRequiredConnection) return connection;
	hasRequiredConnection = 1;

	const EventEmitter = require$$0__default$1.EventEmitter;

	const { parse, serialize } = requireDist();
	const stream = requireStream();
	const { getStream } = stream;

	const flushBuffer = serialize.flush();
	const syncBuffer = serialize.sync();
	const endBuffer = serialize.end();

	// TODO(bmc) support binary mode at some point
	class Connection extends EventEmitter {
	  constructor(config) {
	    super();
	    config = config || {};

	    this.stream = config.stream || getStream(config.ssl);
	    if (typeof this.stream === 'function') {
	      this.stream = this.stream(config);
	    }

	    this._keepAlive = config.keepAlive;
	    this._keepAliveInitialDelayMillis = config.keepAliveInitialDelayMillis;
	    this.parsedStatements = {};
	    this.submittedNamedStatements = {};
	    this.ssl = config.ssl || false;
	    this.sslNegotiation = config.sslNegotiation || 'postgres';
	    this._ending = false;
	    this._emitMessage = false;
	    const self = this;
	    this.on('newListener', function (eventName) {
	      if (eventName === 'message') {
	        self._emitMessage = true;
	      }
	    });
	  }

	  connect(port, host) {
	    const self = this;

	    this._connecting = true;
	    this.stream.setNoDelay(true);
	    this.stream.connect(port, host);

	    this.stream.once('connect', function () {
	      if (self._keepAlive) {
	        self.stream.setKeepAlive(true, self._keepAliveInitialDelayMillis);
	      }
	      self.emit('connect');
	    });

	    const reportStreamError = function (error) {
	      // errors about disconnections should be ignored during disconnect
	      if (self._ending && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
	        return
	      }
	      self.emit('error', error);
	    };
	    this.stream.on('error', reportStreamError);

	    this.stream.on('close', function () {
	      self.emit('end');
	    });

	    if (!this.ssl) {
	      return this.attachListeners(this.stream)
	    }

	    // With direct SSL negotiation the TLS handshake starts immediately on the
	    // raw socket, skipping the SSLRequest packet and the server's 'S'/'N' reply.
	    if (this.sslNegotiation === 'direct') {
	      return this.stream.once('connect', function () {
	        self.upgradeToSSL(host, reportStreamError);
	      })
	    }

	    this.stream.once('data', function (buffer) {
	      const responseCode = buffer.toString('utf8');
	      switch (responseCode) {
	        case 'S': // Server supports SSL connections, continue with a secure connection
	          break
	        case 'N': // Server does not support SSL connections
	          self.stream.end();
	          return self.emit('error', new Error('The server does not support SSL connections'))
	        default:
	          // Any other response byte, including 'E' (ErrorResponse) indicating a server error
	          self.stream.end();
	          return self.emit('error', new Error('There was an error establishing an SSL connection'))
	      }
	      self.upgradeToSSL(host, reportStreamError);
	    });
	  }

	  upgradeToSSL(host, reportStreamError) {
	    const self = this;
	    const options = {
	      socket: self.stream,
	      // tls.connect checks the server identity against `servername`, falling
	      // back to `host` and then to 'localhost'. `servername` must stay unset
	      // for IP addresses (see below), so `host` is needed to keep certificate
	      // validation working when connecting to an IP address.
	      host,
	    };

	    if (self.ssl !== true) {
	      Object.assign(options, self.ssl);

	      if ('key' in self.ssl) {
	        options.key = self.ssl.key;
	      }
	    }

	    // Direct SSL negotiation requires ALPN so the server can confirm it is
	    // speaking the PostgreSQL protocol over the TLS connection.
	    if (self.sslNegotiation === 'direct') {
	      options.ALPNProtocols = ['postgresql'];
	    }

	    // SNI must not be set to an IP address (RFC 6066 section 3)
	    const net = require$$0$1;
	    if (net.isIP && net.isIP(host) === 0) {
	      options.servername = host;
	    }
	    try {
	      self.stream = stream.getSecureStream(options);
	    } catch (err) {
	      return self.emit('error', err)
	    }
	    self.attachListeners(self.stream);
	    self.stream.on('error', reportStreamError);

	    self.emit('sslconnect');
	  }

	  attachListeners(stream) {
	    parse(stream, (msg) => {
	      const eventName = msg.name === 'error' ? 'errorMessage' : msg.name;
	      if (this._emitMessage) {
	        this.emit('message', msg);
	      }
	      this.emit(eventName, msg);
	    });
	  }

	  requestSsl() {
	    this.stream.write(serialize.requestSsl());
	  }

	  startup(config) {
	    this.stream.write(serialize.startup(config));
	  }

	  cancel(processID, secretKey) {
	    this._send(serialize.cancel(processID, secretKey));
	  }

	  password(password) {
	    this._send(serialize.password(password));
	  }

	  sendSASLInitialResponseMessage(mechanism, initialResponse) {
	    this._send(serialize.sendSASLInitialResponseMessage(mechanism, initialResponse));
	  }

	  sendSCRAMClientFinalMessage(additionalData) {
	    this._send(serialize.sendSCRAMClientFinalMessage(additionalData));
	  }

	  _send(buffer) {
	    if (!this.stream.writable) {
	      return false
	    }
	    return this.stream.write(buffer)
	  }

	  query(text) {
	    this._send(serialize.query(text));
	  }

	  // send parse message
	  parse(query) {
	    this._send(serialize.parse(query));
	  }

	  // send bind message
	  bind(config) {
	    this._send(serialize.bind(config));
	  }

	  // send execute message
	  execute(config) {
	    this._send(serialize.execute(config));
	  }

	  flush() {
	    if (this.stream.writable) {
	      this.stream.write(flushBuffer);
	    }
	  }

	  sync() {
	    // Sync is the extended-query protocol barrier, not a disconnect.
	    // Only end()/Terminate (and connect-timeout teardown) should set _ending.
	    this._send(syncBuffer);
	  }

	  ref() {
	    this.stream.ref();
	  }

	  unref() {
	    this.stream.unref();
	  }

	  end() {
	    // 0x58 = 'X'
	    this._ending = true;
	    if (!this._connecting || !this.stream.writable) {
	      this.stream.end();
	      return
	    }
	    return this.stream.write(endBuffer, () => {
	      this.stream.end();
	    })
	  }

	  close(msg) {
	    this._send(serialize.close(msg));
	  }

	  describe(msg) {
	    this._send(serialize.describe(msg));
	  }

	  sendCopyFromChunk(chunk) {
	    this._send(serialize.copyData(chunk));
	  }

	  endCopyFrom() {
	    this._send(serialize.copyDone());
	  }

	  sendCopyFail(msg) {
	    this._send(serialize.copyFail(msg));
	  }
	}

	connection = Connection;
	return connection;
}

var lib = {exports: {}};

var helper = {exports: {}};

/*
Copyright (c) 2014-2021, Matteo Collina <hello@matteocollina.com>

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR
IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
*/

var split2;
var hasRequiredSplit2;

function requireSplit2 () {
	if (hasRequiredSplit2) return split2;
	hasRequiredSplit2 = 1;

	const { Transform } = require$$0__default$2;
	const { StringDecoder } = require$$1$1;
	const kLast = Symbol('last');
	const kDecoder = Symbol('decoder');

	function transform (chunk, enc, cb) {
	  let list;
	  if (this.overflow) { // Line buffer is full. Skip to start of next line.
	    const buf = this[kDecoder].write(chunk);
	    list = buf.split(this.matcher);

	    if (list.length === 1) return cb() // Line ending not found. Discard entire chunk.

	    // Line ending found. Discard trailing fragment of previous line and reset overflow state.
	    list.shift();
	    this.overflow = false;
	  } else {
	    this[kLast] += this[kDecoder].write(chunk);
	    list = this[kLast].split(this.matcher);
	  }

	  this[kLast] = list.pop();

	  for (let i = 0; i < list.length; i++) {
	    try {
	      push(this, this.mapper(list[i]));
	    } catch (error) {
	      return cb(error)
	    }
	  }

	  this.overflow = this[kLast].length > this.maxLength;
	  if (this.overflow && !this.skipOverflow) {
	    cb(new Error('maximum buffer reached'));
	    return
	  }

	  cb();
	}

	function flush (cb) {
	  // forward any gibberish left in there
	  this[kLast] += this[kDecoder].end();

	  if (this[kLast]) {
	    try {
	      push(this, this.mapper(this[kLast]));
	    } catch (error) {
	      return cb(error)
	    }
	  }

	  cb();
	}

	function push (self, val) {
	  if (val !== undefined) {
	    self.push(val);
	  }
	}

	function noop (incoming) {
	  return incoming
	}

	function split (matcher, mapper, options) {
	  // Set defaults for any arguments not supplied.
	  matcher = matcher || /\r?\n/;
	  mapper = mapper || noop;
	  options = options || {};

	  // Test arguments explicitly.
	  switch (arguments.length) {
	    case 1:
	      // If mapper is only argument.
	      if (typeof matcher === 'function') {
	        mapper = matcher;
	        matcher = /\r?\n/;
	      // If options is only argument.
	      } else if (typeof matcher === 'object' && !(matcher instanceof RegExp) && !matcher[Symbol.split]) {
	        options = matcher;
	        matcher = /\r?\n/;
	      }
	      break

	    case 2:
	      // If mapper and options are arguments.
	      if (typeof matcher === 'function') {
	        options = mapper;
	        mapper = matcher;
	        matcher = /\r?\n/;
	      // If matcher and options are arguments.
	      } else if (typeof mapper === 'object') {
	        options = mapper;
	        mapper = noop;
	      }
	  }

	  options = Object.assign({}, options);
	  options.autoDestroy = true;
	  options.transform = transform;
	  options.flush = flush;
	  options.readableObjectMode = true;

	  const stream = new Transform(options);

	  stream[kLast] = '';
	  stream[kDecoder] = new StringDecoder('utf8');
	  stream.matcher = matcher;
	  stream.mapper = mapper;
	  stream.maxLength = options.maxLength;
	  stream.skipOverflow = options.skipOverflow || false;
	  stream.overflow = false;
	  stream._destroy = function (err, cb) {
	    // Weird Node v12 bug that we need to work around
	    this._writableState.errorEmitted = false;
	    cb(err);
	  };

	  return stream
	}

	split2 = split;
	return split2;
}

var hasRequiredHelper;

function requireHelper () {
	if (hasRequiredHelper) return helper.exports;
	hasRequiredHelper = 1;
	(function (module) {

		var path = path__default
		  , Stream = require$$0__default$2.Stream
		  , split = requireSplit2()
		  , util = require$$0__default
		  , defaultPort = 5432
		  , isWin = (process.platform === 'win32')
		  , warnStream = process.stderr
		;


		var S_IRWXG = 56     //    00070(8)
		  , S_IRWXO = 7      //    00007(8)
		  , S_IFMT  = 61440  // 00170000(8)
		  , S_IFREG = 32768  //  0100000(8)
		;
		function isRegFile(mode) {
		    return ((mode & S_IFMT) == S_IFREG);
		}

		var fieldNames = [ 'host', 'port', 'database', 'user', 'password' ];
		var nrOfFields = fieldNames.length;
		var passKey = fieldNames[ nrOfFields -1 ];


		function warn() {
		    var isWritable = (
		        warnStream instanceof Stream &&
		          true === warnStream.writable
		    );

		    if (isWritable) {
		        var args = Array.prototype.slice.call(arguments).concat("\n");
		        warnStream.write( util.format.apply(util, args) );
		    }
		}


		Object.defineProperty(module.exports, 'isWin', {
		    get : function() {
		        return isWin;
		    } ,
		    set : function(val) {
		        isWin = val;
		    }
		});


		module.exports.warnTo = function(stream) {
		    var old = warnStream;
		    warnStream = stream;
		    return old;
		};

		module.exports.getFileName = function(rawEnv){
		    var env = rawEnv || process.env;
		    var file = env.PGPASSFILE || (
		        isWin ?
		          path.join( env.APPDATA || './' , 'postgresql', 'pgpass.conf' ) :
		          path.join( env.HOME || './', '.pgpass' )
		    );
		    return file;
		};

		module.exports.usePgPass = function(stats, fname) {
		    if (Object.prototype.hasOwnProperty.call(process.env, 'PGPASSWORD')) {
		        return false;
		    }

		    if (isWin) {
		        return true;
		    }

		    fname = fname || '<unkn>';

		    if (! isRegFile(stats.mode)) {
		        warn('WARNING: password file "%s" is not a plain file', fname);
		        return false;
		    }

		    if (stats.mode & (S_IRWXG | S_IRWXO)) {
		        /* If password file is insecure, alert the user and ignore it. */
		        warn('WARNING: password file "%s" has group or world access; permissions should be u=rw (0600) or less', fname);
		        return false;
		    }

		    return true;
		};


		var matcher = module.exports.match = function(connInfo, entry) {
		    return fieldNames.slice(0, -1).reduce(function(prev, field, idx){
		        if (idx == 1) {
		            // the port
		            if ( Number( connInfo[field] || defaultPort ) === Number( entry[field] ) ) {
		                return prev && true;
		            }
		        }
		        return prev && (
		            entry[field] === '*' ||
		              entry[field] === connInfo[field]
		        );
		    }, true);
		};


		module.exports.getPassword = function(connInfo, stream, cb) {
		    var pass;
		    var lineStream = stream.pipe(split());

		    function onLine(line) {
		        var entry = parseLine(line);
		        if (entry && isValidEntry(entry) && matcher(connInfo, entry)) {
		            pass = entry[passKey];
		            lineStream.end(); // -> calls onEnd(), but pass is set now
		        }
		    }

		    var onEnd = function() {
		        stream.destroy();
		        cb(pass);
		    };

		    var onErr = function(err) {
		        stream.destroy();
		        warn('WARNING: error on reading file: %s', err);
		        cb(undefined);
		    };

		    stream.on('error', onErr);
		    lineStream
		        .on('data', onLine)
		        .on('end', onEnd)
		        .on('error', onErr)
		    ;

		};


		var parseLine = module.exports.parseLine = function(line) {
		    if (line.length < 11 || line.match(/^\s+#/)) {
		        return null;
		    }

		    var curChar = '';
		    var prevChar = '';
		    var fieldIdx = 0;
		    var startIdx = 0;
		    var obj = {};
		    var isLastField = false;
		    var addToObj = function(idx, i0, i1) {
		        var field = line.substring(i0, i1);

		        if (! Object.hasOwnProperty.call(process.env, 'PGPASS_NO_DEESCAPE')) {
		            field = field.replace(/\\([:\\])/g, '$1');
		        }

		        obj[ fieldNames[idx] ] = field;
		    };

		    for (var i = 0 ; i < line.length-1 ; i += 1) {
		        curChar = line.charAt(i+1);
		        prevChar = line.charAt(i);

		        isLastField = (fieldIdx == nrOfFields-1);

		        if (isLastField) {
		            addToObj(fieldIdx, startIdx);
		            break;
		        }

		        if (i >= 0 && curChar == ':' && prevChar !== '\\') {
		            addToObj(fieldIdx, startIdx, i+1);

		            startIdx = i+2;
		            fieldIdx += 1;
		        }
		    }

		    obj = ( Object.keys(obj).length === nrOfFields ) ? obj : null;

		    return obj;
		};


		var isValidEntry = module.exports.isValidEntry = function(entry){
		    var rules = {
		        // host
		        0 : function(x){
		            return x.length > 0;
		        } ,
		        // port
		        1 : function(x){
		            if (x === '*') {
		                return true;
		            }
		            x = Number(x);
		            return (
		                isFinite(x) &&
		                  x > 0 &&
		                  x < 9007199254740992 &&
		                  Math.floor(x) === x
		            );
		        } ,
		        // database
		        2 : function(x){
		            return x.length > 0;
		        } ,
		        // username
		        3 : function(x){
		            return x.length > 0;
		        } ,
		        // password
		        4 : function(x){
		            return x.length > 0;
		        }
		    };

		    for (var idx = 0 ; idx < fieldNames.length ; idx += 1) {
		        var rule = rules[idx];
		        var value = entry[ fieldNames[idx] ] || '';

		        var res = rule(value);
		        if (!res) {
		            return false;
		        }
		    }

		    return true;
		}; 
	} (helper));
	return helper.exports;
}

var hasRequiredLib$1;

function requireLib$1 () {
	if (hasRequiredLib$1) return lib.exports;
	hasRequiredLib$1 = 1;

	var fs = fs__default
	  , helper = requireHelper()
	;


	lib.exports = function(connInfo, cb) {
	    var file = helper.getFileName();
	    
	    fs.stat(file, function(err, stat){
	        if (err || !helper.usePgPass(stat, file)) {
	            return cb(undefined);
	        }

	        var st = fs.createReadStream(file);

	        helper.getPassword(connInfo, st, cb);
	    });
	};

	lib.exports.warnTo = helper.warnTo;
	return lib.exports;
}

var client$1;
var hasRequiredClient$1;

function requireClient$1 () {
	if (hasRequiredClient$1) return client$1;
	hasRequiredClient$1 = 1;
	const EventEmitter = require$$0__default$1.EventEmitter;
	const utils = requireUtils$1();
	const nodeUtils = require$$0__default;
	const sasl = requireSasl();
	const TypeOverrides = requireTypeOverrides();

	const ConnectionParameters = requireConnectionParameters();
	const Query = requireQuery$1();
	const defaults = requireDefaults();
	const Connection = requireConnection();
	const crypto = requireUtils();

	const activeQueryDeprecationNotice = nodeUtils.deprecate(
	  () => {},
	  'Client.activeQuery is deprecated and will be removed in pg@9.0'
	);

	const queryQueueDeprecationNotice = nodeUtils.deprecate(
	  () => {},
	  'Client.queryQueue is deprecated and will be removed in pg@9.0.'
	);

	const pgPassDeprecationNotice = nodeUtils.deprecate(
	  () => {},
	  'pgpass support is deprecated and will be removed in pg@9.0. ' +
	    'You can provide an async function as the password property to the Client/Pool constructor that returns a password instead. Within this function you can call the pgpass module in your own code.'
	);

	const byoPromiseDeprecationNotice = nodeUtils.deprecate(
	  () => {},
	  'Passing a custom Promise implementation to the Client/Pool constructor is deprecated and will be removed in pg@9.0.'
	);

	const queryQueueLengthDeprecationNotice = nodeUtils.deprecate(
	  () => {},
	  'Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0. Use async/await or an external async flow control mechanism instead.'
	);

	function coerceNumberOrDefault(value, defaultValue) {
	  if (typeof value === 'number') {
	    return Number.isFinite(value) ? value : defaultValue
	  }
	  if (typeof value === 'string' && value.trim() !== '') {
	    const n = Number(value);
	    return Number.isFinite(n) ? n : defaultValue
	  }
	  return defaultValue
	}

	class Client extends EventEmitter {
	  constructor(config) {
	    super();

	    this.connectionParameters = new ConnectionParameters(config);
	    this.user = this.connectionParameters.user;
	    this.database = this.connectionParameters.database;
	    this.port = this.connectionParameters.port;
	    this.host = this.connectionParameters.host;

	    // "hiding" the password so it doesn't show up in stack traces
	    // or if the client is console.logged
	    Object.defineProperty(this, 'password', {
	      configurable: true,
	      enumerable: false,
	      writable: true,
	      value: this.connectionParameters.password,
	    });

	    this.replication = this.connectionParameters.replication;

	    const c = config || {};

	    if (c.Promise) {
	      byoPromiseDeprecationNotice();
	    }
	    this._Promise = c.Promise || commonjsGlobal.Promise;
	    this._types = new TypeOverrides(c.types);
	    this._ending = false;
	    this._ended = false;
	    this._connecting = false;
	    this._connected = false;
	    this._connectionError = false;
	    this._queryable = true;
	    this._activeQuery = null;
	    this._txStatus = null;

	    this.enableChannelBinding = Boolean(c.enableChannelBinding); // set true to use SCRAM-SHA-256-PLUS when offered
	    this.scramMaxIterations = coerceNumberOrDefault(c.scramMaxIterations, sasl.DEFAULT_MAX_SCRAM_ITERATIONS);
	    this.connection =
	      c.connection ||
	      new Connection({
	        stream: c.stream,
	        ssl: this.connectionParameters.ssl,
	        sslNegotiation: this.connectionParameters.sslnegotiation,
	        keepAlive: c.keepAlive || false,
	        keepAliveInitialDelayMillis: c.keepAliveInitialDelayMillis || 0,
	        encoding: this.connectionParameters.client_encoding || 'utf8',
	      });
	    this._queryQueue = [];
	    this._sentQueryQueue = [];
	    this.pipeline = Boolean(c.pipeline);
	    this.binary = c.binary || defaults.binary;
	    this.processID = null;
	    this.secretKey = null;
	    this.ssl = this.connectionParameters.ssl || false;
	    this.sslNegotiation = this.connectionParameters.sslnegotiation || 'postgres';
	    // As with Password, make SSL->Key (the private key) non-enumerable.
	    // It won't show up in stack traces
	    // or if the client is console.logged
	    if (this.ssl && this.ssl.key) {
	      Object.defineProperty(this.ssl, 'key', {
	        enumerable: false,
	      });
	    }

	    this._connectionTimeoutMillis = c.connectionTimeoutMillis || 0;
	  }

	  get activeQuery() {
	    activeQueryDeprecationNotice();
	    return this._activeQuery
	  }

	  set activeQuery(val) {
	    activeQueryDeprecationNotice();
	    this._activeQuery = val;
	  }

	  _getActiveQuery() {
	    return this._activeQuery
	  }

	  _errorAllQueries(err) {
	    const enqueueError = (query) => {
	      process.nextTick(() => {
	        query.handleError(err, this.connection);
	      });
	    };

	    const activeQuery = this._getActiveQuery();
	    if (activeQuery) {
	      enqueueError(activeQuery);
	      this._activeQuery = null;
	    }

	    this._sentQueryQueue.forEach(enqueueError);
	    this._sentQueryQueue.length = 0;

	    this._queryQueue.forEach(enqueueError);
	    this._queryQueue.length = 0;
	  }

	  _connect(callback) {
	    const self = this;
	    const con = this.connection;
	    this._connectionCallback = callback;

	    if (this._connecting || this._connected) {
	      const err = new Error('Client has already been connected. You cannot reuse a client.');
	      process.nextTick(() => {
	        callback(err);
	      });
	      return
	    }
	    this._connecting = true;

	    if (this._connectionTimeoutMillis > 0) {
	      this.connectionTimeoutHandle = setTimeout(() => {
	        con._ending = true;
	        con.stream.destroy(new Error('timeout expired'));
	      }, this._connectionTimeoutMillis);

	      if (this.connectionTimeoutHandle.unref) {
	        this.connectionTimeoutHandle.unref();
	      }
	    }

	    if (this.host && this.host.indexOf('/') === 0) {
	      con.connect(this.host + '/.s.PGSQL.' + this.port);
	    } else {
	      con.connect(this.port, this.host);
	    }

	    // once connection is established send startup message
	    con.on('connect', function () {
	      if (self.ssl) {
	        // With direct SSL negotiation the connection upgrades to TLS without an
	        // SSLRequest packet, so the startup message is sent after 'sslconnect'.
	        if (self.sslNegotiation !== 'direct') {
	          con.requestSsl();
	        }
	      } else {
	        con.startup(self.getStartupConf());
	      }
	    });

	    con.on('sslconnect', function () {
	      con.startup(self.getStartupConf());
	    });

	    this._attachListeners(con);

	    con.once('end', () => {
	      const error = this._ending ? new Error('Connection terminated') : new Error('Connection terminated unexpectedly');

	      clearTimeout(this.connectionTimeoutHandle);
	      this._errorAllQueries(error);
	      this._ended = true;

	      if (!this._ending) {
	        // if the connection is ended without us calling .end()
	        // on this client then we have an unexpected disconnection
	        // treat this as an error unless we've already emitted an error
	        // during connection.
	        if (this._connecting && !this._connectionError) {
	          if (this._connectionCallback) {
	            this._connectionCallback(error);
	          } else {
	            this._handleErrorEvent(error);
	          }
	        } else if (!this._connectionError) {
	          this._handleErrorEvent(error);
	        }
	      }

	      process.nextTick(() => {
	        this.emit('end');
	      });
	    });
	  }

	  connect(callback) {
	    if (callback) {
	      this._connect(callback);
	      return
	    }

	    return new this._Promise((resolve, reject) => {
	      this._connect((error) => {
	        if (error) {
	          reject(error);
	        } else {
	          resolve(this);
	        }
	      });
	    })
	  }

	  _attachListeners(con) {
	    // password request handling
	    con.on('authenticationCleartextPassword', this._handleAuthCleartextPassword.bind(this));
	    // password request handling
	    con.on('authenticationMD5Password', this._handleAuthMD5Password.bind(this));
	    // password request handling (SASL)
	    con.on('authenticationSASL', this._handleAuthSASL.bind(this));
	    con.on('authenticationSASLContinue', this._handleAuthSASLContinue.bind(this));
	    con.on('authenticationSASLFinal', this._handleAuthSASLFinal.bind(this));
	    con.on('backendKeyData', this._handleBackendKeyData.bind(this));
	    con.on('error', this._handleErrorEvent.bind(this));
	    con.on('errorMessage', this._handleErrorMessage.bind(this));
	    con.on('readyForQuery', this._handleReadyForQuery.bind(this));
	    con.on('notice', this._handleNotice.bind(this));
	    con.on('rowDescription', this._handleRowDescription.bind(this));
	    con.on('dataRow', this._handleDataRow.bind(this));
	    con.on('portalSuspended', this._handlePortalSuspended.bind(this));
	    con.on('emptyQuery', this._handleEmptyQuery.bind(this));
	    con.on('commandComplete', this._handleCommandComplete.bind(this));
	    con.on('parseComplete', this._handleParseComplete.bind(this));
	    con.on('copyInResponse', this._handleCopyInResponse.bind(this));
	    con.on('copyData', this._handleCopyData.bind(this));
	    con.on('notification', this._handleNotification.bind(this));
	  }

	  _getPassword(cb) {
	    const con = this.connection;
	    if (typeof this.password === 'function') {
	      this._Promise
	        .resolve()
	        .then(() => this.password(this.connectionParameters))
	        .then((pass) => {
	          if (pass !== undefined) {
	            if (typeof pass !== 'string') {
	              con.emit('error', new TypeError('Password must be a string'));
	              return
	            }
	            this.connectionParameters.password = this.password = pass;
	          } else {
	            this.connectionParameters.password = this.password = null;
	          }
	          cb();
	        })
	        .catch((err) => {
	          con.emit('error', err);
	        });
	    } else if (this.password !== null) {
	      cb();
	    } else {
	      try {
	        const pgPass = requireLib$1();
	        pgPass(this.connectionParameters, (pass) => {
	          if (undefined !== pass) {
	            pgPassDeprecationNotice();
	            this.connectionParameters.password = this.password = pass;
	          }
	          cb();
	        });
	      } catch (e) {
	        this.emit('error', e);
	      }
	    }
	  }

	  _handleAuthCleartextPassword(msg) {
	    this._getPassword(() => {
	      this.connection.password(this.password);
	    });
	  }

	  _handleAuthMD5Password(msg) {
	    this._getPassword(async () => {
	      try {
	        const hashedPassword = await crypto.postgresMd5PasswordHash(this.user, this.password, msg.salt);
	        this.connection.password(hashedPassword);
	      } catch (e) {
	        this.emit('error', e);
	      }
	    });
	  }

	  _handleAuthSASL(msg) {
	    this._getPassword(() => {
	      try {
	        this.saslSession = sasl.startSession(
	          msg.mechanisms,
	          this.enableChannelBinding && this.connection.stream,
	          this.scramMaxIterations
	        );
	        this.connection.sendSASLInitialResponseMessage(this.saslSession.mechanism, this.saslSession.response);
	      } catch (err) {
	        this.connection.emit('error', err);
	      }
	    });
	  }

	  async _handleAuthSASLContinue(msg) {
	    try {
	      await sasl.continueSession(
	        this.saslSession,
	        this.password,
	        msg.data,
	        this.enableChannelBinding && this.connection.stream
	      );
	      this.connection.sendSCRAMClientFinalMessage(this.saslSession.response);
	    } catch (err) {
	      this.connection.emit('error', err);
	    }
	  }

	  _handleAuthSASLFinal(msg) {
	    try {
	      sasl.finalizeSession(this.saslSession, msg.data);
	      this.saslSession = null;
	    } catch (err) {
	      this.connection.emit('error', err);
	    }
	  }

	  _handleBackendKeyData(msg) {
	    this.processID = msg.processID;
	    this.secretKey = msg.secretKey;
	  }

	  _handleReadyForQuery(msg) {
	    if (this._connecting) {
	      this._connecting = false;
	      this._connected = true;
	      clearTimeout(this.connectionTimeoutHandle);

	      // process possible callback argument to Client#connect
	      if (this._connectionCallback) {
	        this._connectionCallback(null, this);
	        // remove callback for proper error handling
	        // after the connect event
	        this._connectionCallback = null;
	      }
	      this.emit('connect');
	    }
	    const activeQuery = this._getActiveQuery();
	    this._activeQuery = null;
	    this._txStatus = msg?.status ?? null;
	    this.readyForQuery = true;
	    if (activeQuery) {
	      activeQuery.handleReadyForQuery(this.connection);
	    }
	    this._pulseQueryQueue();
	  }

	  // if we receive an error event or error message
	  // during the connection process we handle it here
	  _handleErrorWhileConnecting(err) {
	    if (this._connectionError) {
	      // TODO(bmc): this is swallowing errors - we shouldn't do this
	      return
	    }
	    this._connectionError = true;
	    clearTimeout(this.connectionTimeoutHandle);
	    if (this._connectionCallback) {
	      return this._connectionCallback(err)
	    }
	    this.emit('error', err);
	  }

	  // if we're connected and we receive an error event from the connection
	  // this means the socket is dead - do a hard abort of all queries and emit
	  // the socket error on the client as well
	  _handleErrorEvent(err) {
	    if (this._connecting) {
	      return this._handleErrorWhileConnecting(err)
	    }
	    this._queryable = false;
	    this._errorAllQueries(err);
	    this.emit('error', err);
	  }

	  // handle error messages from the postgres backend
	  _handleErrorMessage(msg) {
	    if (this._connecting) {
	      return this._handleErrorWhileConnecting(msg)
	    }
	    const activeQuery = this._getActiveQuery();

	    if (!activeQuery) {
	      this._handleErrorEvent(msg);
	      return
	    }

	    this._activeQuery = null;
	    if (activeQuery.name) {
	      delete this.connection.submittedNamedStatements[activeQuery.name];
	    }
	    activeQuery.handleError(msg, this.connection);
	  }

	  _handleRowDescription(msg) {
	    const activeQuery = this._getActiveQuery();
	    if (activeQuery == null) {
	      const error = new Error('Received unexpected rowDescription message from backend.');
	      this._handleErrorEvent(error);
	      return
	    }
	    // delegate rowDescription to active query
	    activeQuery.handleRowDescription(msg);
	  }

	  _handleDataRow(msg) {
	    const activeQuery = this._getActiveQuery();
	    if (activeQuery == null) {
	      const error = new Error('Received unexpected dataRow message from backend.');
	      this._handleErrorEvent(error);
	      return
	    }
	    // delegate dataRow to active query
	    activeQuery.handleDataRow(msg);
	  }

	  _handlePortalSuspended(msg) {
	    const activeQuery = this._getActiveQuery();
	    if (activeQuery == null) {
	      const error = new Error('Received unexpected portalSuspended message from backend.');
	      this._handleErrorEvent(error);
	      return
	    }
	    // delegate portalSuspended to active query
	    activeQuery.handlePortalSuspended(this.connection);
	  }

	  _handleEmptyQuery(msg) {
	    const activeQuery = this._getActiveQuery();
	    if (activeQuery == null) {
	      const error = new Error('Received unexpected emptyQuery message from backend.');
	      this._handleErrorEvent(error);
	      return
	    }
	    // delegate emptyQuery to active query
	    activeQuery.handleEmptyQuery(this.connection);
	  }

	  _handleCommandComplete(msg) {
	    const activeQuery = this._getActiveQuery();
	    if (activeQuery == null) {
	      const error = new Error('Received unexpected commandComplete message from backend.');
	      this._handleErrorEvent(error);
	      return
	    }
	    // delegate commandComplete to active query
	    activeQuery.handleCommandComplete(msg, this.connection);
	  }

	  _handleParseComplete() {
	    const activeQuery = this._getActiveQuery();
	    if (activeQuery == null) {
	      const error = new Error('Received unexpected parseComplete message from backend.');
	      this._handleErrorEvent(error);
	      return
	    }
	    // if a prepared statement has a name and properly parses
	    // we track that its already been executed so we don't parse
	    // it again on the same client
	    if (activeQuery.name) {
	      this.connection.parsedStatements[activeQuery.name] = activeQuery.text;
	      delete this.connection.submittedNamedStatements[activeQuery.name];
	    }
	  }

	  _handleCopyInResponse(msg) {
	    const activeQuery = this._getActiveQuery();
	    if (activeQuery == null) {
	      const error = new Error('Received unexpected copyInResponse message from backend.');
	      this._handleErrorEvent(error);
	      return
	    }
	    activeQuery.handleCopyInResponse(this.connection);
	  }

	  _handleCopyData(msg) {
	    const activeQuery = this._getActiveQuery();
	    if (activeQuery == null) {
	      const error = new Error('Received unexpected copyData message from backend.');
	      this._handleErrorEvent(error);
	      return
	    }
	    activeQuery.handleCopyData(msg, this.connection);
	  }

	  _handleNotification(msg) {
	    this.emit('notification', msg);
	  }

	  _handleNotice(msg) {
	    this.emit('notice', msg);
	  }

	  getStartupConf() {
	    const params = this.connectionParameters;

	    const data = {
	      user: params.user,
	      database: params.database,
	    };

	    const appName = params.application_name || params.fallback_application_name;
	    if (appName) {
	      data.application_name = appName;
	    }
	    if (params.replication) {
	      data.replication = '' + params.replication;
	    }
	    if (params.statement_timeout) {
	      data.statement_timeout = String(parseInt(params.statement_timeout, 10));
	    }
	    if (params.lock_timeout) {
	      data.lock_timeout = String(parseInt(params.lock_timeout, 10));
	    }
	    if (params.idle_in_transaction_session_timeout) {
	      data.idle_in_transaction_session_timeout = String(parseInt(params.idle_in_transaction_session_timeout, 10));
	    }
	    if (params.options) {
	      data.options = params.options;
	    }

	    return data
	  }

	  cancel(client, query) {
	    if (client.activeQuery === query) {
	      const con = this.connection;

	      if (this.host && this.host.indexOf('/') === 0) {
	        con.connect(this.host + '/.s.PGSQL.' + this.port);
	      } else {
	        con.connect(this.port, this.host);
	      }

	      // once connection is established send cancel message
	      con.on('connect', function () {
	        con.cancel(client.processID, client.secretKey);
	      });
	    } else if (client._queryQueue.indexOf(query) !== -1) {
	      client._queryQueue.splice(client._queryQueue.indexOf(query), 1);
	    } else if (client._sentQueryQueue.indexOf(query) !== -1) {
	      // Query already sent on wire — can't remove it without corrupting the
	      // pipeline. No-op the callback so the result is silently discarded.
	      query.callback = () => {};
	    }
	  }

	  setTypeParser(oid, format, parseFn) {
	    return this._types.setTypeParser(oid, format, parseFn)
	  }

	  getTypeParser(oid, format) {
	    return this._types.getTypeParser(oid, format)
	  }

	  // escapeIdentifier and escapeLiteral moved to utility functions & exported
	  // on PG
	  // re-exported here for backwards compatibility
	  escapeIdentifier(str) {
	    return utils.escapeIdentifier(str)
	  }

	  escapeLiteral(str) {
	    return utils.escapeLiteral(str)
	  }

	  _pulseQueryQueue() {
	    if (this.pipeline) {
	      this._pulsePipelinedQueryQueue();
	      return
	    }
	    if (this.readyForQuery === true) {
	      this._activeQuery = this._queryQueue.shift();
	      const activeQuery = this._getActiveQuery();
	      if (activeQuery) {
	        this.readyForQuery = false;
	        this.hasExecuted = true;

	        const queryError = activeQuery.submit(this.connection);
	        if (queryError) {
	          process.nextTick(() => {
	            activeQuery.handleError(queryError, this.connection);
	            this.readyForQuery = true;
	            this._pulseQueryQueue();
	          });
	        }
	      } else if (this.hasExecuted) {
	        this._activeQuery = null;
	        this.emit('drain');
	      }
	    }
	  }

	  _pulsePipelinedQueryQueue() {
	    if (!this._connected || !this._queryable) {
	      return
	    }
	    while (this._queryQueue.length > 0) {
	      const query = this._queryQueue.shift();
	      this.hasExecuted = true;
	      const queryError = query.submit(this.connection);
	      if (queryError) {
	        process.nextTick(() => {
	          query.handleError(queryError, this.connection);
	        });
	        continue
	      }
	      this._sentQueryQueue.push(query);
	    }
	    if (this.readyForQuery && !this._activeQuery && this._sentQueryQueue.length > 0) {
	      this._activeQuery = this._sentQueryQueue.shift();
	      this.readyForQuery = false;
	    }
	    if (!this._activeQuery && this._sentQueryQueue.length === 0 && this._queryQueue.length === 0 && this.hasExecuted) {
	      this.emit('drain');
	    }
	  }

	  query(config, values, callback) {
	    // can take in strings, config object or query object
	    let query;
	    let result;

	    if (config == null) {
	      throw new TypeError('Client was passed a null or undefined query')
	    }

	    if (typeof config.submit === 'function') {
	      result = query = config;
	      if (!query.callback) {
	        if (typeof values === 'function') {
	          query.callback = values;
	        } else if (callback) {
	          query.callback = callback;
	        }
	      }
	    } else {
	      query = new Query(config, values, callback);
	      if (!query.callback) {
	        result = new this._Promise((resolve, reject) => {
	          query.callback = (err, res) => (err ? reject(err) : resolve(res));
	        }).catch((err) => {
	          // replace the stack trace that leads to `TCP.onStreamRead` with one that leads back to the
	          // application that created the query
	          Error.captureStackTrace(err);
	          throw err
	        });
	      } else if (typeof query.callback !== 'function') {
	        throw new TypeError('callback is not a function')
	      }
	    }

	    const readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
	    if (readTimeout) {
	      const queryCallback = query.callback || (() => {});

	      const readTimeoutTimer = setTimeout(() => {
	        const error = new Error('Query read timeout');

	        process.nextTick(() => {
	          query.handleError(error, this.connection);
	        });

	        queryCallback(error);

	        // we already returned an error,
	        // just do nothing if query completes
	        query.callback = () => {};

	        // Remove from queue (only safe if not yet sent)
	        const index = this._queryQueue.indexOf(query);
	        if (index > -1) {
	          this._queryQueue.splice(index, 1);
	        } else if (this.pipeline) {
	          // Query already sent — the pipeline is blocked until it completes.
	          // Destroy the connection to unblock all remaining pipelined queries.
	          this.connection.stream.destroy();
	          return
	        }

	        this._pulseQueryQueue();
	      }, readTimeout);

	      query.callback = (err, res) => {
	        clearTimeout(readTimeoutTimer);
	        queryCallback(err, res);
	      };
	    }

	    if (this.binary && !query.binary) {
	      query.binary = true;
	    }

	    if (query._result && !query._result._types) {
	      query._result._types = this._types;
	    }

	    // A query that keeps a portal open across round trips cannot share a pipelined connection: the
	    // queries written behind it are answered out of its portal, so rows land on the wrong query and
	    // the reads that follow fail with 'portal does not exist'. Refuse it instead of corrupting.
	    if (this.pipeline) {
	      const portalQuery =
	        typeof config.submit === 'function' && !(query instanceof Query)
	          ? 'Custom query classes such as pg-cursor and pg-query-stream are'
	          : query.rows
	          ? 'The `rows` option is'
	          : null;
	      if (portalQuery) {
	        process.nextTick(() => {
	          query.handleError(new Error(`${portalQuery} not supported in pipeline mode`), this.connection);
	        });
	        return result
	      }
	    }

	    if (!this._queryable) {
	      process.nextTick(() => {
	        query.handleError(new Error('Client has encountered a connection error and is not queryable'), this.connection);
	      });
	      return result
	    }

	    if (this._ending) {
	      process.nextTick(() => {
	        query.handleError(new Error('Client was closed and is not queryable'), this.connection);
	      });
	      return result
	    }

	    if (this._queryQueue.length > 0 && !this.pipeline) {
	      queryQueueLengthDeprecationNotice();
	    }
	    this._queryQueue.push(query);
	    this._pulseQueryQueue();
	    return result
	  }

	  ref() {
	    this.connection.ref();
	  }

	  unref() {
	    this.connection.unref();
	  }

	  getTransactionStatus() {
	    return this._txStatus
	  }

	  end(cb) {
	    this._ending = true;

	    // if we have never connected, then end is a noop, callback immediately
	    if (!this.connection._connecting || this._ended) {
	      if (cb) {
	        cb();
	        return
	      } else {
	        return this._Promise.resolve()
	      }
	    }

	    if (!this._queryable) {
	      // socket is dead — force close
	      this.connection.stream.destroy();
	    } else if (
	      this.pipeline &&
	      (this._getActiveQuery() || this._sentQueryQueue.length > 0 || this._queryQueue.length > 0)
	    ) {
	      // pipelined queries are already on the wire (or queued to send) and will
	      // complete normally; wait for drain then do a graceful goodbye
	      this.once('drain', () => this.connection.end());
	    } else if (this._getActiveQuery()) {
	      // non-pipeline: a hung query could block end forever — force disconnect
	      this.connection.stream.destroy();
	    } else {
	      this.connection.end();
	    }

	    if (cb) {
	      this.connection.once('end', cb);
	    } else {
	      return new this._Promise((resolve) => {
	        this.connection.once('end', resolve);
	      })
	    }
	  }
	  get queryQueue() {
	    queryQueueDeprecationNotice();
	    return this._queryQueue
	  }
	}

	// expose a Query constructor
	Client.Query = Query;

	client$1 = Client;
	return client$1;
}

var pgPool;
var hasRequiredPgPool;

function requirePgPool () {
	if (hasRequiredPgPool) return pgPool;
	hasRequiredPgPool = 1;
	const EventEmitter = require$$0__default$1.EventEmitter;

	const NOOP = function () {};

	const removeWhere = (list, predicate) => {
	  const i = list.findIndex(predicate);

	  return i === -1 ? undefined : list.splice(i, 1)[0]
	};

	class IdleItem {
	  constructor(client, idleListener, timeoutId) {
	    this.client = client;
	    this.idleListener = idleListener;
	    this.timeoutId = timeoutId;
	  }
	}

	class PendingItem {
	  constructor(callback) {
	    this.callback = callback;
	  }
	}

	function throwOnDoubleRelease() {
	  throw new Error('Release called on client which has already been released to the pool.')
	}

	function promisify(Promise, callback) {
	  if (callback) {
	    return { callback: callback, result: undefined }
	  }
	  let rej;
	  let res;
	  const cb = function (err, client) {
	    err ? rej(err) : res(client);
	  };
	  const result = new Promise(function (resolve, reject) {
	    res = resolve;
	    rej = reject;
	  }).catch((err) => {
	    // replace the stack trace that leads to `TCP.onStreamRead` with one that leads back to the
	    // application that created the query
	    Error.captureStackTrace(err);
	    throw err
	  });
	  return { callback: cb, result: result }
	}

	function makeIdleListener(pool, client) {
	  return function idleListener(err) {
	    err.client = client;

	    client.removeListener('error', idleListener);
	    client.on('error', () => {
	      pool.log('additional client error after disconnection due to error', err);
	    });
	    pool._remove(client);
	    // TODO - document that once the pool emits an error
	    // the client has already been closed & purged and is unusable
	    pool.emit('error', err, client);
	  }
	}

	class Pool extends EventEmitter {
	  constructor(options, Client) {
	    super();
	    this.options = Object.assign({}, options);

	    if (options != null && 'password' in options) {
	      // "hiding" the password so it doesn't show up in stack traces
	      // or if the client is console.logged
	      Object.defineProperty(this.options, 'password', {
	        configurable: true,
	        enumerable: false,
	        writable: true,
	        value: options.password,
	      });
	    }
	    if (options != null && options.ssl && options.ssl.key) {
	      // "hiding" the ssl->key so it doesn't show up in stack traces
	      // or if the client is console.logged
	      Object.defineProperty(this.options.ssl, 'key', {
	        enumerable: false,
	      });
	    }

	    this.options.max = this.options.max || this.options.poolSize || 10;
	    this.options.min = this.options.min || 0;
	    this.options.maxUses = this.options.maxUses || Infinity;
	    this.options.allowExitOnIdle = this.options.allowExitOnIdle || false;
	    this.options.maxLifetimeSeconds = this.options.maxLifetimeSeconds || 0;
	    this.log = this.options.log || function () {};
	    this.Client = this.options.Client || Client || requireLib().Client;
	    this.Promise = this.options.Promise || commonjsGlobal.Promise;

	    if (typeof this.options.idleTimeoutMillis === 'undefined') {
	      this.options.idleTimeoutMillis = 10000;
	    }

	    this._clients = [];
	    this._idle = [];
	    this._expired = new WeakSet();
	    this._pendingQueue = [];
	    this._endCallback = undefined;
	    this.ending = false;
	    this.ended = false;
	  }

	  _promiseTry(f) {
	    const Promise = this.Promise;
	    if (typeof Promise.try === 'function') {
	      return Promise.try(f)
	    }
	    return new Promise((resolve) => resolve(f()))
	  }

	  _isFull() {
	    return this._clients.length >= this.options.max
	  }

	  _isAboveMin() {
	    return this._clients.length > this.options.min
	  }

	  _pulseQueue() {
	    this.log('pulse queue');
	    if (this.ended) {
	      this.log('pulse queue ended');
	      return
	    }
	    if (this.ending) {
	      this.log('pulse queue on ending');
	      if (this._idle.length) {
	        this._idle.slice().map((item) => {
	          this._remove(item.client);
	        });
	      }
	      if (!this._clients.length) {
	        this.ended = true;
	        this._endCallback();
	      }
	      return
	    }

	    // if we don't have any waiting, do nothing
	    if (!this._pendingQueue.length) {
	      this.log('no queued requests');
	      return
	    }
	    // if we don't have any idle clients and we have no more room do nothing
	    if (!this._idle.length && this._isFull()) {
	      return
	    }
	    const pendingItem = this._pendingQueue.shift();
	    if (this._idle.length) {
	      const idleItem = this._idle.pop();
	      clearTimeout(idleItem.timeoutId);
	      const client = idleItem.client;
	      client.ref && client.ref();
	      const idleListener = idleItem.idleListener;

	      return this._acquireClient(client, pendingItem, idleListener, false)
	    }
	    if (!this._isFull()) {
	      return this.newClient(pendingItem)
	    }
	    throw new Error('unexpected condition')
	  }

	  _remove(client, callback) {
	    const removed = removeWhere(this._idle, (item) => item.client === client);

	    if (removed !== undefined) {
	      clearTimeout(removed.timeoutId);
	    }

	    this._clients = this._clients.filter((c) => c !== client);
	    const context = this;
	    client.end(() => {
	      context.emit('remove', client);

	      if (typeof callback === 'function') {
	        callback();
	      }
	    });
	  }

	  connect(cb) {
	    if (this.ending) {
	      const err = new Error('Cannot use a pool after calling end on the pool');
	      return cb ? cb(err) : this.Promise.reject(err)
	    }

	    const response = promisify(this.Promise, cb);
	    const result = response.result;

	    // if we don't have to connect a new client, don't do so
	    if (this._isFull() || this._idle.length) {
	      // if we have idle clients schedule a pulse immediately
	      if (this._idle.length) {
	        process.nextTick(() => this._pulseQueue());
	      }

	      if (!this.options.connectionTimeoutMillis) {
	        this._pendingQueue.push(new PendingItem(response.callback));
	        return result
	      }

	      const queueCallback = (err, res, done) => {
	        clearTimeout(tid);
	        response.callback(err, res, done);
	      };

	      const pendingItem = new PendingItem(queueCallback);

	      // set connection timeout on checking out an existing client
	      const tid = setTimeout(() => {
	        // remove the callback from pending waiters because
	        // we're going to call it with a timeout error
	        removeWhere(this._pendingQueue, (i) => i.callback === queueCallback);
	        pendingItem.timedOut = true;
	        response.callback(new Error('timeout exceeded when trying to connect'));
	      }, this.options.connectionTimeoutMillis);

	      if (tid.unref) {
	        tid.unref();
	      }

	      this._pendingQueue.push(pendingItem);
	      return result
	    }

	    this.newClient(new PendingItem(response.callback));

	    return result
	  }

	  newClient(pendingItem) {
	    const client = new this.Client(this.options);
	    this._clients.push(client);
	    const idleListener = makeIdleListener(this, client);

	    this.log('checking client timeout');

	    // connection timeout logic
	    let tid;
	    let timeoutHit = false;
	    if (this.options.connectionTimeoutMillis) {
	      tid = setTimeout(() => {
	        if (client.connection) {
	          this.log('ending client due to timeout');
	          timeoutHit = true;
	          client.connection.stream.destroy();
	        } else if (!client.isConnected()) {
	          this.log('ending client due to timeout');
	          timeoutHit = true;
	          // force kill the node driver, and let libpq do its teardown
	          client.end();
	        }
	      }, this.options.connectionTimeoutMillis);
	    }

	    this.log('connecting new client');
	    client.connect((err) => {
	      if (tid) {
	        clearTimeout(tid);
	      }
	      client.on('error', idleListener);
	      if (err) {
	        this.log('client failed to connect', err);
	        // remove the dead client from our list of clients
	        this._clients = this._clients.filter((c) => c !== client);
	        if (timeoutHit) {
	          err = new Error('Connection terminated due to connection timeout', { cause: err });
	        }

	        // this client won’t be released, so move on immediately
	        this._pulseQueue();

	        if (!pendingItem.timedOut) {
	          pendingItem.callback(err, undefined, NOOP);
	        }
	      } else {
	        this.log('new client connected');

	        if (this.options.onConnect) {
	          this._promiseTry(() => this.options.onConnect(client)).then(
	            () => {
	              this._afterConnect(client, pendingItem, idleListener);
	            },
	            (hookErr) => {
	              this._clients = this._clients.filter((c) => c !== client);
	              client.end(() => {
	                this._pulseQueue();
	                if (!pendingItem.timedOut) {
	                  pendingItem.callback(hookErr, undefined, NOOP);
	                }
	              });
	            }
	          );
	          return
	        }

	        return this._afterConnect(client, pendingItem, idleListener)
	      }
	    });
	  }

	  _afterConnect(client, pendingItem, idleListener) {
	    if (this.options.maxLifetimeSeconds !== 0) {
	      const maxLifetimeTimeout = setTimeout(() => {
	        this.log('ending client due to expired lifetime');
	        this._expired.add(client);
	        const idleIndex = this._idle.findIndex((idleItem) => idleItem.client === client);
	        if (idleIndex !== -1) {
	          this._acquireClient(
	            client,
	            new PendingItem((err, client, clientRelease) => clientRelease()),
	            idleListener,
	            false
	          );
	        }
	      }, this.options.maxLifetimeSeconds * 1000);

	      maxLifetimeTimeout.unref();
	      client.once('end', () => clearTimeout(maxLifetimeTimeout));
	    }

	    return this._acquireClient(client, pendingItem, idleListener, true)
	  }

	  // acquire a client for a pending work item
	  _acquireClient(client, pendingItem, idleListener, isNew) {
	    if (isNew) {
	      this.emit('connect', client);
	    }

	    this.emit('acquire', client);

	    client.release = this._releaseOnce(client, idleListener);

	    client.removeListener('error', idleListener);

	    if (!pendingItem.timedOut) {
	      if (isNew && this.options.verify) {
	        this.options.verify(client, (err) => {
	          if (err) {
	            client.release(err);
	            return pendingItem.callback(err, undefined, NOOP)
	          }

	          pendingItem.callback(undefined, client, client.release);
	        });
	      } else {
	        pendingItem.callback(undefined, client, client.release);
	      }
	    } else {
	      if (isNew && this.options.verify) {
	        this.options.verify(client, client.release);
	      } else {
	        client.release();
	      }
	    }
	  }

	  // returns a function that wraps _release and throws if called more than once
	  _releaseOnce(client, idleListener) {
	    let released = false;

	    return (err) => {
	      if (released) {
	        throwOnDoubleRelease();
	      }

	      released = true;
	      this._release(client, idleListener, err);
	    }
	  }

	  // release a client back to the poll, include an error
	  // to remove it from the pool
	  _release(client, idleListener, err) {
	    client.on('error', idleListener);

	    client._poolUseCount = (client._poolUseCount || 0) + 1;

	    this.emit('release', err, client);

	    // TODO(bmc): expose a proper, public interface _queryable and _ending
	    if (err || this.ending || !client._queryable || client._ending || client._poolUseCount >= this.options.maxUses) {
	      if (client._poolUseCount >= this.options.maxUses) {
	        this.log('remove expended client');
	      }

	      return this._remove(client, this._pulseQueue.bind(this))
	    }

	    const isExpired = this._expired.has(client);
	    if (isExpired) {
	      this.log('remove expired client');
	      this._expired.delete(client);
	      return this._remove(client, this._pulseQueue.bind(this))
	    }

	    // idle timeout
	    let tid;
	    if (this.options.idleTimeoutMillis && this._isAboveMin()) {
	      tid = setTimeout(() => {
	        if (this._isAboveMin()) {
	          this.log('remove idle client');
	          this._remove(client, this._pulseQueue.bind(this));
	        }
	      }, this.options.idleTimeoutMillis);

	      if (this.options.allowExitOnIdle) {
	        // allow Node to exit if this is all that's left
	        tid.unref();
	      }
	    }

	    if (this.options.allowExitOnIdle) {
	      client.unref();
	    }

	    this._idle.push(new IdleItem(client, idleListener, tid));
	    this._pulseQueue();
	  }

	  query(text, values, cb) {
	    // guard clause against passing a function as the first parameter
	    if (typeof text === 'function') {
	      const response = promisify(this.Promise, text);
	      setImmediate(function () {
	        return response.callback(new Error('Passing a function as the first parameter to pool.query is not supported'))
	      });
	      return response.result
	    }

	    // allow plain text query without values, but callback
	    if (typeof values === 'function') {
	      cb = values;
	      values = undefined;
	    }
	    const response = promisify(this.Promise, cb);
	    cb = response.callback;

	    this.connect((err, client) => {
	      if (err) {
	        return cb(err)
	      }

	      let clientReleased = false;
	      const onError = (err) => {
	        if (clientReleased) {
	          return
	        }
	        clientReleased = true;
	        client.release(err);
	        cb(err);
	      };

	      client.once('error', onError);
	      this.log('dispatching query');
	      try {
	        client.query(text, values, (err, res) => {
	          this.log('query dispatched');
	          client.removeListener('error', onError);
	          if (clientReleased) {
	            return
	          }
	          clientReleased = true;
	          client.release(err);
	          if (err) {
	            return cb(err)
	          }
	          return cb(undefined, res)
	        });
	      } catch (err) {
	        client.release(err);
	        return cb(err)
	      }
	    });
	    return response.result
	  }

	  end(cb) {
	    this.log('ending');
	    if (this.ending) {
	      const err = new Error('Called end on pool more than once');
	      return cb ? cb(err) : this.Promise.reject(err)
	    }
	    this.ending = true;
	    const promised = promisify(this.Promise, cb);
	    this._endCallback = promised.callback;
	    this._pulseQueue();
	    return promised.result
	  }

	  get waitingCount() {
	    return this._pendingQueue.length
	  }

	  get idleCount() {
	    return this._idle.length
	  }

	  get expiredCount() {
	    return this._clients.reduce((acc, client) => acc + (this._expired.has(client) ? 1 : 0), 0)
	  }

	  get totalCount() {
	    return this._clients.length
	  }
	}
	pgPool = Pool;
	return pgPool;
}

var client = {exports: {}};

var query = {exports: {}};

var hasRequiredQuery;

function requireQuery () {
	if (hasRequiredQuery) return query.exports;
	hasRequiredQuery = 1;

	const EventEmitter = require$$0__default$1.EventEmitter;
	const util = require$$0__default;
	const utils = requireUtils$1();

	const NativeQuery = (query.exports = function (config, values, callback) {
	  EventEmitter.call(this);
	  config = utils.normalizeQueryConfig(config, values, callback);
	  this.text = config.text;
	  this.values = config.values;
	  this.name = config.name;
	  this.queryMode = config.queryMode;
	  this.callback = config.callback;
	  this.state = 'new';
	  this._arrayMode = config.rowMode === 'array';

	  // if the 'row' event is listened for
	  // then emit them as they come in
	  // without setting singleRowMode to true
	  // this has almost no meaning because libpq
	  // reads all rows into memory before returning any
	  this._emitRowEvents = false;
	  this.on(
	    'newListener',
	    function (event) {
	      if (event === 'row') this._emitRowEvents = true;
	    }.bind(this)
	  );
	});

	util.inherits(NativeQuery, EventEmitter);

	const errorFieldMap = {
	  sqlState: 'code',
	  statementPosition: 'position',
	  messagePrimary: 'message',
	  messageDetail: 'detail',
	  messageHint: 'hint',
	  context: 'where',
	  schemaName: 'schema',
	  tableName: 'table',
	  columnName: 'column',
	  dataTypeName: 'dataType',
	  constraintName: 'constraint',
	  sourceFile: 'file',
	  sourceLine: 'line',
	  sourceFunction: 'routine',
	};

	NativeQuery.prototype.handleError = function (err) {
	  // copy pq error fields into the error object
	  const fields = this.native && this.native.pq.resultErrorFields();
	  if (fields) {
	    for (const key in fields) {
	      const normalizedFieldName = errorFieldMap[key] || key;
	      err[normalizedFieldName] = fields[key];
	    }
	  }
	  if (this.callback) {
	    this.callback(err);
	  } else {
	    this.emit('error', err);
	  }
	  this.state = 'error';
	};

	NativeQuery.prototype.then = function (onSuccess, onFailure) {
	  return this._getPromise().then(onSuccess, onFailure)
	};

	NativeQuery.prototype.catch = function (callback) {
	  return this._getPromise().catch(callback)
	};

	NativeQuery.prototype._getPromise = function () {
	  if (this._promise) return this._promise
	  this._promise = new Promise(
	    function (resolve, reject) {
	      this._once('end', resolve);
	      this._once('error', reject);
	    }.bind(this)
	  );
	  return this._promise
	};

	NativeQuery.prototype.submit = function (client) {
	  this.state = 'running';
	  const self = this;
	  this.native = client.native;
	  client.native.arrayMode = this._arrayMode;

	  let after = function (err, rows, results) {
	    client.native.arrayMode = false;
	    setImmediate(function () {
	      self.emit('_done');
	    });

	    // handle possible query error
	    if (err) {
	      return self.handleError(err)
	    }

	    // emit row events for each row in the result
	    if (self._emitRowEvents) {
	      if (results.length > 1) {
	        rows.forEach((rowOfRows, i) => {
	          rowOfRows.forEach((row) => {
	            self.emit('row', row, results[i]);
	          });
	        });
	      } else {
	        rows.forEach(function (row) {
	          self.emit('row', row, results);
	        });
	      }
	    }

	    // handle successful result
	    self.state = 'end';
	    self.emit('end', results);
	    if (self.callback) {
	      self.callback(null, results);
	    }
	  };

	  if (process.domain) {
	    after = process.domain.bind(after);
	  }

	  // named query
	  if (this.name) {
	    if (this.name.length > 63) {
	      console.error('Warning! Postgres only supports 63 characters for query names.');
	      console.error('You supplied %s (%s)', this.name, this.name.length);
	      console.error('This can cause conflicts and silent errors executing queries');
	    }
	    const values = (this.values || []).map(utils.prepareValue);

	    // check if the client has already executed this named query
	    // if so...just execute it again - skip the planning phase
	    if (client.namedQueries[this.name] !== undefined) {
	      if (this.text && client.namedQueries[this.name] !== this.text) {
	        const err = new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`);
	        return after(err)
	      }
	      return client.native.execute(this.name, values, after)
	    }
	    // plan the named query the first time, then execute it
	    return client.native.prepare(this.name, this.text, values.length, function (err) {
	      if (err) return after(err)
	      client.namedQueries[self.name] = self.text;
	      return self.native.execute(self.name, values, after)
	    })
	  } else if (this.values) {
	    if (!Array.isArray(this.values)) {
	      const err = new Error('Query values must be an array');
	      return after(err)
	    }
	    const vals = this.values.map(utils.prepareValue);
	    client.native.query(this.text, vals, after);
	  } else if (this.queryMode === 'extended') {
	    client.native.query(this.text, [], after);
	  } else {
	    client.native.query(this.text, after);
	  }
	};
	return query.exports;
}

var hasRequiredClient;

function requireClient () {
	if (hasRequiredClient) return client.exports;
	hasRequiredClient = 1;
	const nodeUtils = require$$0__default;
	// eslint-disable-next-line
	var Native;
	// eslint-disable-next-line no-useless-catch
	try {
	  // Wrap this `require()` in a try-catch to avoid upstream bundlers from complaining that this might not be available since it is an optional import
	  Native = require('pg-native');
	} catch (e) {
	  throw e
	}
	const TypeOverrides = requireTypeOverrides();
	const EventEmitter = require$$0__default$1.EventEmitter;
	const util = require$$0__default;
	const ConnectionParameters = requireConnectionParameters();

	const NativeQuery = requireQuery();

	const queryQueueLengthDeprecationNotice = nodeUtils.deprecate(
	  () => {},
	  'Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0. Use async/await or an external async flow control mechanism instead.'
	);

	const Client = (client.exports = function (config) {
	  EventEmitter.call(this);
	  config = config || {};

	  this._Promise = config.Promise || commonjsGlobal.Promise;
	  this._types = new TypeOverrides(config.types);

	  this.native = new Native({
	    types: this._types,
	  });

	  this._queryQueue = [];
	  this._ending = false;
	  this._connecting = false;
	  this._connected = false;
	  this._queryable = true;
	  this.pipeline = Boolean(config.pipeline);
	  this._pipelineInFlight = false;

	  // keep these on the object for legacy reasons
	  // for the time being. TODO: deprecate all this jazz
	  const cp = (this.connectionParameters = new ConnectionParameters(config));
	  if (config.nativeConnectionString) cp.nativeConnectionString = config.nativeConnectionString;
	  this.user = cp.user;

	  // "hiding" the password so it doesn't show up in stack traces
	  // or if the client is console.logged
	  Object.defineProperty(this, 'password', {
	    configurable: true,
	    enumerable: false,
	    writable: true,
	    value: cp.password,
	  });
	  this.database = cp.database;
	  this.host = cp.host;
	  this.port = cp.port;

	  // a hash to hold named queries
	  this.namedQueries = {};
	});

	Client.Query = NativeQuery;

	util.inherits(Client, EventEmitter);

	Client.prototype._errorAllQueries = function (err) {
	  const enqueueError = (query) => {
	    process.nextTick(() => {
	      query.native = this.native;
	      query.handleError(err);
	    });
	  };

	  if (this._hasActiveQuery()) {
	    enqueueError(this._activeQuery);
	    this._activeQuery = null;
	  }

	  this._queryQueue.forEach(enqueueError);
	  this._queryQueue.length = 0;
	};

	// connect to the backend
	// pass an optional callback to be called once connected
	// or with an error if there was a connection error
	Client.prototype._connect = function (cb) {
	  const self = this;

	  if (this._connecting) {
	    process.nextTick(() => cb(new Error('Client has already been connected. You cannot reuse a client.')));
	    return
	  }

	  this._connecting = true;

	  this.connectionParameters.getLibpqConnectionString(function (err, conString) {
	    if (self.connectionParameters.nativeConnectionString) conString = self.connectionParameters.nativeConnectionString;
	    if (err) return cb(err)
	    self.native.connect(conString, function (err) {
	      if (err) {
	        self.native.end();
	        return cb(err)
	      }

	      // set internal states to connected
	      self._connected = true;

	      // handle connection errors from the native layer
	      self.native.on('error', function (err) {
	        self._queryable = false;
	        self._errorAllQueries(err);
	        self.emit('error', err);
	      });

	      self.native.on('notification', function (msg) {
	        self.emit('notification', {
	          channel: msg.relname,
	          payload: msg.extra,
	        });
	      });

	      // signal we are connected now
	      self.emit('connect');
	      self._pulseQueryQueue(true);

	      cb(null, this);
	    });
	  });
	};

	Client.prototype.connect = function (callback) {
	  if (callback) {
	    this._connect(callback);
	    return
	  }

	  return new this._Promise((resolve, reject) => {
	    this._connect((error) => {
	      if (error) {
	        reject(error);
	      } else {
	        resolve(this);
	      }
	    });
	  })
	};

	// send a query to the server
	// this method is highly overloaded to take
	// 1) string query, optional array of parameters, optional function callback
	// 2) object query with {
	//    string query
	//    optional array values,
	//    optional function callback instead of as a separate parameter
	//    optional string name to name & cache the query plan
	//    optional string rowMode = 'array' for an array of results
	//  }
	Client.prototype.query = function (config, values, callback) {
	  let query;
	  let result;
	  let readTimeout;
	  let readTimeoutTimer;
	  let queryCallback;

	  if (config === null || config === undefined) {
	    throw new TypeError('Client was passed a null or undefined query')
	  } else if (typeof config.submit === 'function') {
	    readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
	    result = query = config;
	    // accept query(new Query(...), (err, res) => { }) style
	    if (typeof values === 'function') {
	      config.callback = values;
	    }
	  } else {
	    readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
	    query = new NativeQuery(config, values, callback);
	    if (!query.callback) {
	      let resolveOut, rejectOut;
	      result = new this._Promise((resolve, reject) => {
	        resolveOut = resolve;
	        rejectOut = reject;
	      }).catch((err) => {
	        Error.captureStackTrace(err);
	        throw err
	      });
	      query.callback = (err, res) => (err ? rejectOut(err) : resolveOut(res));
	    }
	  }

	  if (readTimeout) {
	    queryCallback = query.callback || (() => {});

	    readTimeoutTimer = setTimeout(() => {
	      const error = new Error('Query read timeout');

	      process.nextTick(() => {
	        query.handleError(error, this.connection);
	      });

	      queryCallback(error);

	      // we already returned an error,
	      // just do nothing if query completes
	      query.callback = () => {};

	      // Remove from queue
	      const index = this._queryQueue.indexOf(query);
	      if (index > -1) {
	        this._queryQueue.splice(index, 1);
	      }

	      this._pulseQueryQueue();
	    }, readTimeout);

	    query.callback = (err, res) => {
	      clearTimeout(readTimeoutTimer);
	      queryCallback(err, res);
	    };
	  }

	  if (!this._queryable) {
	    query.native = this.native;
	    process.nextTick(() => {
	      query.handleError(new Error('Client has encountered a connection error and is not queryable'));
	    });
	    return result
	  }

	  if (this._ending) {
	    query.native = this.native;
	    process.nextTick(() => {
	      query.handleError(new Error('Client was closed and is not queryable'));
	    });
	    return result
	  }

	  if (this._queryQueue.length > 0 && !this.pipeline) {
	    queryQueueLengthDeprecationNotice();
	  }

	  this._queryQueue.push(query);
	  this._pulseQueryQueue();
	  return result
	};

	// disconnect from the backend server
	Client.prototype.end = function (cb) {
	  const self = this;

	  this._ending = true;

	  if (this._connecting && !this._connected) {
	    this.once('connect', () => {
	      this.end(() => {});
	    });
	  }
	  let result;
	  if (!cb) {
	    result = new this._Promise(function (resolve, reject) {
	      cb = (err) => (err ? reject(err) : resolve());
	    });
	  }

	  const doEnd = function () {
	    self.native.end(function () {
	      self._connected = false;

	      self._errorAllQueries(new Error('Connection terminated'));

	      process.nextTick(() => {
	        self.emit('end');
	        if (cb) cb();
	      });
	    });
	  };

	  // If pipeline has in-flight or queued queries, wait for them to drain before closing
	  if (this.pipeline && (this._pipelineInFlight || this._queryQueue.length > 0)) {
	    this.once('drain', doEnd);
	  } else {
	    doEnd();
	  }
	  return result
	};

	Client.prototype._hasActiveQuery = function () {
	  return this._activeQuery && this._activeQuery.state !== 'error' && this._activeQuery.state !== 'end'
	};

	Client.prototype._pulseQueryQueue = function (initialConnection) {
	  if (!this._connected) {
	    return
	  }
	  if (this.pipeline && !initialConnection) {
	    return this._pulsePipelinedQueryQueue()
	  }
	  if (this._hasActiveQuery()) {
	    return
	  }
	  const query = this._queryQueue.shift();
	  if (!query) {
	    if (!initialConnection) {
	      this.emit('drain');
	    }
	    return
	  }
	  this._activeQuery = query;
	  query.submit(this);
	  const self = this;
	  query.once('_done', function () {
	    self._pulseQueryQueue();
	  });
	};

	Client.prototype._pulsePipelinedQueryQueue = function () {
	  if (!this._connected || this._pipelineInFlight) {
	    return
	  }
	  if (this._queryQueue.length === 0) {
	    if (this.hasExecuted) {
	      this.emit('drain');
	    }
	    return
	  }

	  this._pipelineInFlight = true;
	  const self = this;
	  const queries = [];
	  const nativeQueries = [];
	  const utils = requireUtils$1();

	  while (this._queryQueue.length > 0) {
	    const query = this._queryQueue.shift();
	    this.hasExecuted = true;
	    nativeQueries.push(query);

	    const values = query.values ? query.values.map(utils.prepareValue) : null;
	    const pipelineEntry = { text: query.text, name: query.name, arrayMode: query._arrayMode };
	    if (values) {
	      pipelineEntry.values = values;
	    }
	    if (query.name && this.namedQueries[query.name]) {
	      pipelineEntry._alreadyPrepared = true;
	    }
	    queries.push(pipelineEntry);
	  }

	  this.native.pipeline(queries, function (err, results) {
	    self._pipelineInFlight = false;

	    if (err) {
	      // Total pipeline failure. Per-query errors arrive on results[i].err, so reaching here means
	      // the connection itself is gone: mark it unusable and say so, the way the JS client and the
	      // non-pipelined native path both do. Without this the client looks healthy after losing its
	      // backend, a Pool never discards it, and everything routed to it fails one query at a time
	      // for the life of the process.
	      self._connected = false;
	      self._queryable = false;
	      for (let i = 0; i < nativeQueries.length; i++) {
	        const q = nativeQueries[i];
	        q.native = self.native;
	        q.handleError(err);
	      }
	      self._errorAllQueries(err);
	      self.emit('error', err);
	      self.emit('end');
	      return
	    }

	    // Deliver results to each query
	    for (let i = 0; i < nativeQueries.length; i++) {
	      const q = nativeQueries[i];
	      const r = results[i];
	      q.native = self.native;

	      if (r.err) {
	        q.handleError(r.err);
	      } else {
	        // Track named queries on success
	        if (q.name) {
	          self.namedQueries[q.name] = q.text;
	        }
	        q.state = 'end';
	        q.emit('end', r.result);
	        if (q.callback) {
	          q.callback(null, r.result);
	        }
	      }

	      setImmediate(function () {
	        q.emit('_done');
	      });
	    }

	    // Process any queries that arrived while we were reading
	    self._pulsePipelinedQueryQueue();
	  });
	};

	// attempt to cancel an in-progress query
	Client.prototype.cancel = function (query) {
	  if (this._activeQuery === query) {
	    this.native.cancel(function () {});
	  } else if (this._queryQueue.indexOf(query) !== -1) {
	    this._queryQueue.splice(this._queryQueue.indexOf(query), 1);
	  }
	};

	Client.prototype.ref = function () {};
	Client.prototype.unref = function () {};

	Client.prototype.setTypeParser = function (oid, format, parseFn) {
	  return this._types.setTypeParser(oid, format, parseFn)
	};

	Client.prototype.getTypeParser = function (oid, format) {
	  return this._types.getTypeParser(oid, format)
	};

	Client.prototype.isConnected = function () {
	  return this._connected
	};

	Client.prototype.getTransactionStatus = function () {
	  return this.native.getTransactionStatus()
	};
	return client.exports;
}

var native;
var hasRequiredNative;

function requireNative () {
	if (hasRequiredNative) return native;
	hasRequiredNative = 1;
	native = requireClient();
	return native;
}

var hasRequiredLib;

function requireLib () {
	if (hasRequiredLib) return lib$1.exports;
	hasRequiredLib = 1;
	(function (module) {

		const Client = requireClient$1();
		const defaults = requireDefaults();
		const Connection = requireConnection();
		const Result = requireResult();
		const utils = requireUtils$1();
		const Pool = requirePgPool();
		const TypeOverrides = requireTypeOverrides();
		const { DatabaseError } = requireDist();
		const { escapeIdentifier, escapeLiteral } = requireUtils$1();

		const poolFactory = (Client) => {
		  return class BoundPool extends Pool {
		    constructor(options) {
		      super(options, Client);
		    }
		  }
		};

		const PG = function (clientConstructor) {
		  this.defaults = defaults;
		  this.Client = clientConstructor;
		  this.Query = this.Client.Query;
		  this.Pool = poolFactory(this.Client);
		  this._pools = [];
		  this.Connection = Connection;
		  this.types = requirePgTypes();
		  this.DatabaseError = DatabaseError;
		  this.TypeOverrides = TypeOverrides;
		  this.escapeIdentifier = escapeIdentifier;
		  this.escapeLiteral = escapeLiteral;
		  this.Result = Result;
		  this.utils = utils;
		};

		let clientConstructor = Client;

		let forceNative = false;
		try {
		  forceNative = !!process.env.NODE_PG_FORCE_NATIVE;
		} catch {
		  // ignore, e.g., Deno without --allow-env
		}

		if (forceNative) {
		  clientConstructor = requireNative();
		}

		module.exports = new PG(clientConstructor);

		// lazy require native module...the native module may not have installed
		Object.defineProperty(module.exports, 'native', {
		  configurable: true,
		  enumerable: false,
		  get() {
		    let native = null;
		    try {
		      native = new PG(requireNative());
		    } catch (err) {
		      if (err.code !== 'MODULE_NOT_FOUND') {
		        throw err
		      }
		    }

		    // overwrite module.exports.native so that getter is never called again
		    Object.defineProperty(module.exports, 'native', {
		      value: native,
		    });

		    return native
		  },
		}); 
	} (lib$1));
	return lib$1.exports;
}

var libExports = requireLib();
var pg = /*@__PURE__*/getDefaultExportFromCjs(libExports);

// ESM wrapper for pg

// Re-export all the properties
pg.Client;
pg.Pool;
pg.Connection;
pg.types;
pg.Query;
pg.DatabaseError;
pg.escapeIdentifier;
pg.escapeLiteral;
pg.Result;
pg.TypeOverrides;

// Also export the defaults
pg.defaults;

/**
 * SQL for "the table a catalog object belongs to": an index's table, a column
 * default's, a table constraint's, a trigger's, a policy's or a rule's; a
 * pg_class row is its own relation. Dependency analysis and comments both ask
 * it of (classid, objid) pairs, so it is written once. NULL for other objects.
 */
function owningRelationSql(classid, objid) {
    return `CASE ${classid}
    WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN coalesce(
      (SELECT x.indrelid FROM pg_catalog.pg_index x WHERE x.indexrelid = ${objid}), ${objid})
    WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass THEN
      (SELECT a.adrelid FROM pg_catalog.pg_attrdef a WHERE a.oid = ${objid})
    WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN
      (SELECT nullif(c.conrelid, 0) FROM pg_catalog.pg_constraint c WHERE c.oid = ${objid})
    WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN
      (SELECT t.tgrelid FROM pg_catalog.pg_trigger t WHERE t.oid = ${objid})
    WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN
      (SELECT p.polrelid FROM pg_catalog.pg_policy p WHERE p.oid = ${objid})
    WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN
      (SELECT r.ev_class FROM pg_catalog.pg_rewrite r WHERE r.oid = ${objid})
  END`;
}

/**
 * Format-2 inventory of the schema-level definitions pg_dump --schema carries: functions (and
 * procedures, aggregates, window functions), types, domains, and comments. One query per kind.
 * Objects that belong to an extension are left out everywhere: CREATE EXTENSION makes them, and
 * pg_dump does not dump them one by one.
 */
/** `NOT <extension member>` for the object `oid` of catalog `catalog` (a SQL fragment). */
const notInExtension = (catalog, oid) => `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '${catalog}'::pg_catalog.regclass
                 AND e.objid = ${oid} AND e.deptype = 'e')`;
const KIND = {
    f: 'function',
    p: 'procedure',
    a: 'aggregate',
    w: 'window'
};
async function inspectFunctions(client, schemas) {
    // pg_get_functiondef prints the whole CREATE statement as the server deparses it (search_path is
    // empty, so every name is qualified); aggregates have no such text, so their parts are hashed.
    const result = await client.query(`SELECT p.oid::pg_catalog.regprocedure::text AS signature, p.prokind::text AS kind,
            pg_catalog.md5(CASE WHEN p.prokind = 'a' THEN pg_catalog.concat_ws('|',
                 pg_catalog.pg_get_function_arguments(p.oid), pg_catalog.pg_get_function_result(p.oid),
                 ag.aggkind, ag.aggnumdirectargs, ag.aggtransfn, ag.aggfinalfn, ag.aggcombinefn, ag.aggserialfn,
                 ag.aggdeserialfn, ag.aggmtransfn, ag.aggminvtransfn, ag.aggmfinalfn, ag.aggfinalextra,
                 ag.aggmfinalextra, ag.aggfinalmodify, ag.aggmfinalmodify, ag.aggsortop::pg_catalog.regoperator,
                 pg_catalog.format_type(ag.aggtranstype, NULL), ag.aggtransspace,
                 pg_catalog.format_type(ag.aggmtranstype, NULL), ag.aggmtransspace, ag.agginitval,
                 ag.aggminitval, p.proparallel)
               ELSE pg_catalog.pg_get_functiondef(p.oid) END) AS hash
       FROM pg_catalog.pg_proc p
       JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
       LEFT JOIN pg_catalog.pg_aggregate ag ON ag.aggfnoid = p.oid
      WHERE n.nspname = ANY($1::text[]) AND ${notInExtension('pg_catalog.pg_proc', 'p.oid')}
      ORDER BY 1`, [schemas]);
    return result.rows.map((row) => ({
        signature: row.signature,
        kind: KIND[row.kind] ?? 'function',
        definitionHash: row.hash
    }));
}
/** Enums (labels in order), composite types (attributes) and ranges (subtype and functions). */
async function inspectTypes(client, schemas) {
    const result = await client.query(`SELECT n.nspname || '.' || t.typname AS name, t.typtype::text AS kind,
            CASE t.typtype
              WHEN 'e' THEN 'enum (' || coalesce((SELECT pg_catalog.string_agg(pg_catalog.quote_literal(e.enumlabel), ', '
                                 ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid), '') || ')'
              WHEN 'c' THEN 'composite (' || coalesce((SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname) || ' '
                                 || pg_catalog.format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                                 FROM pg_catalog.pg_attribute a
                                WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '') || ')'
              ELSE 'range (subtype ' || pg_catalog.format_type(r.rngsubtype, NULL)
                   || ', collation ' || coalesce(nullif(r.rngcollation, 0)::pg_catalog.regcollation::text, 'default')
                   || ', opclass ' || (SELECT o.opcname FROM pg_catalog.pg_opclass o WHERE o.oid = r.rngsubopc)
                   || ', canonical ' || r.rngcanonical::text || ', subtype_diff ' || r.rngsubdiff::text || ')'
            END AS definition
       FROM pg_catalog.pg_type t
       JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
       LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
      WHERE n.nspname = ANY($1::text[])
        AND (t.typtype IN ('e', 'r')
             OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
        AND ${notInExtension('pg_catalog.pg_type', 't.oid')}
      ORDER BY 1`, [schemas]);
    const kinds = { e: 'enum', c: 'composite', r: 'range' };
    return result.rows.map((row) => ({
        name: row.name,
        kind: kinds[row.kind] ?? 'composite',
        definition: row.definition
    }));
}
async function inspectDomains(client, schemas) {
    const result = await client.query(`SELECT n.nspname || '.' || t.typname AS name,
            pg_catalog.format_type(t.typbasetype, t.typtypmod)
              || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END
              || coalesce(' DEFAULT ' || pg_catalog.pg_get_expr(t.typdefaultbin, 0), '')
              || CASE WHEN t.typcollation <> b.typcollation
                      THEN ' COLLATE ' || t.typcollation::pg_catalog.regcollation::text ELSE '' END AS definition,
            coalesce((SELECT pg_catalog.json_agg(pg_catalog.json_build_object('name', c.conname,
                        'definition', pg_catalog.pg_get_constraintdef(c.oid, true), 'validated', c.convalidated)
                        ORDER BY c.conname)
                        FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype <> 'n'),
                     '[]') AS constraints
       FROM pg_catalog.pg_type t
       JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
       JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype
      WHERE t.typtype = 'd' AND n.nspname = ANY($1::text[]) AND ${notInExtension('pg_catalog.pg_type', 't.oid')}
      ORDER BY 1`, [schemas]);
    return result.rows;
}
/**
 * Comments on objects in the schemas: relations, columns, constraints, indexes, triggers,
 * policies, rules, functions, types. An object on a table counts only when that table is in
 * scope (`tableInScope`). Built-in objects (oid below 16384) are skipped before the lookup.
 */
async function inspectComments(client, schemas, tableInScope) {
    const result = await client.query(`SELECT o.type || ' ' || o.identity AS object, d.description AS comment,
            rn.nspname || '.' || rc.relname AS relation, rc.relkind::text AS relkind
       FROM pg_catalog.pg_description d
       CROSS JOIN LATERAL pg_catalog.pg_identify_object(d.classoid, d.objoid, d.objsubid) o
       CROSS JOIN LATERAL (SELECT ${owningRelationSql('d.classoid', 'd.objoid')} AS relid) owner
       LEFT JOIN pg_catalog.pg_class rc ON rc.oid = owner.relid
       LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE d.objoid >= 16384 AND coalesce(rn.nspname, o.schema) = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = d.classoid
                          AND e.objid = d.objoid AND e.deptype = 'e')
      ORDER BY 1`, [schemas]);
    return result.rows
        .filter((row) => row.relation === null ||
        (row.relkind !== 'r' && row.relkind !== 'p') ||
        tableInScope(row.relation))
        .map(({ object, comment }) => ({ object, comment }));
}

/**
 * The column order a table has once pg_dump's script has recreated it. Pure.
 *
 * pg_dump (15 and 17 alike, outside --binary-upgrade) prints a table's live columns in attnum
 * order, except that an inheritance child gets `CREATE TABLE child (its local columns) INHERITS
 * (parents)`: the server then puts the inherited columns first, parent by parent in inhseqno
 * order, each parent's columns in the order that parent itself was recreated in, a column several
 * parents share once (where it first appears), and then the child's columns that no parent has,
 * in attnum order. A local column that also comes from a parent is merged into the inherited one's
 * place. Partitions are created with all their columns and then attached (`ALTER TABLE ... ATTACH
 * PARTITION`), so they keep their own order: the caller gives them no parents here.
 */
/** Recreated column order of every table in `tables`, keyed as given. */
function recreatedColumnOrders(tables) {
    const done = new Map();
    const visiting = new Set();
    const orderOf = (key) => {
        const known = done.get(key);
        if (known)
            return known;
        const table = tables.get(key);
        // Unknown (a parent nobody inspected), or a cycle the catalog cannot really hold.
        if (!table || visiting.has(key))
            return table?.columns;
        visiting.add(key);
        const own = new Set(table.columns);
        const inherited = table.parents.flatMap((parent) => orderOf(parent) ?? []);
        const order = [...new Set([...inherited.filter((name) => own.has(name)), ...table.columns])];
        visiting.delete(key);
        done.set(key, order);
        return order;
    };
    for (const key of tables.keys())
        orderOf(key);
    return done;
}
/**
 * The tables among `tables` whose physical column order is not the recreated one. On a source:
 * the inheritance children a restore will reorder. On a restored copy: none, since pg_dump's
 * script creates every table in exactly its recreated order, so any is a restore defect that
 * positions and row hashes (both in recreated order) cannot show.
 */
function outOfRecreatedOrder(orders, tables) {
    return [...tables].flatMap((table) => {
        const order = orders.get(table);
        return order && order.physical.join('\0') !== order.recreated.join('\0')
            ? [{ table, ...order }]
            : [];
    });
}

async function inspectTableShapes(client, schemas) {
    const result = await client.query(`SELECT n.nspname || '.' || c.relname AS key, am.amname AS am, c.relpersistence = 'u' AS unlogged,
            CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
            pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS partition_bound,
            ARRAY(SELECT pn.nspname || '.' || pc.relname FROM pg_catalog.pg_inherits i
                    JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                    JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                   WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) AS parents
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])`, [schemas]);
    return new Map(result.rows.map((row) => [
        row.key,
        {
            accessMethod: row.am,
            persistence: row.unlogged ? 'unlogged' : 'permanent',
            partitionKey: row.partition_key,
            partitionBound: row.partition_bound,
            parents: row.parents
        }
    ]));
}
/**
 * Column orders of the tables in the schemas, keyed `schema.name`, plus the direct INHERITS parents
 * of those tables wherever they live (a child's recreated order starts with its parents').
 */
async function inspectColumnOrders(client, schemas) {
    const result = await client.query(`SELECT n.nspname || '.' || c.relname AS key,
            ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                   ORDER BY a.attnum) AS columns,
            -- A partition is created with all its columns and then attached: no INHERITS.
            CASE WHEN c.relispartition THEN '{}'::text[]
                 ELSE ARRAY(SELECT pn.nspname || '.' || pc.relname FROM pg_catalog.pg_inherits i
                              JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                              JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                             WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) END AS parents
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p')
        AND (n.nspname = ANY($1::text[])
             OR c.oid IN (SELECT i.inhparent FROM pg_catalog.pg_inherits i
                            JOIN pg_catalog.pg_class cc ON cc.oid = i.inhrelid
                            JOIN pg_catalog.pg_namespace cn ON cn.oid = cc.relnamespace
                           WHERE cn.nspname = ANY($1::text[])))`, [schemas]);
    const physical = new Map(result.rows.map((row) => [row.key, { columns: row.columns, parents: row.parents }]));
    const recreated = recreatedColumnOrders(physical);
    return new Map([...physical].map(([key, table]) => [
        key,
        { physical: table.columns, recreated: recreated.get(key) ?? table.columns }
    ]));
}
/**
 * Live columns of the tables in scope. A column's position is its place in the order pg_dump's
 * script recreates the table in (`orders`), not its attnum: an inheritance child comes back with
 * its parents' columns first, whatever order it had, so source and restored copy compare by the
 * order both will have after a faithful restore (see recreated-column-order.ts).
 */
async function inspectColumns(client, schemas, inScope, orders) {
    const result = await client.query(`SELECT n.nspname || '.' || c.relname AS table, a.attname AS name,
            pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
            pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity::text AS identity,
            a.attgenerated::text AS generated,
            CASE WHEN a.attcollation <> t.typcollation
                 THEN (SELECT cn.nspname || '.' || co.collname FROM pg_catalog.pg_collation co
                         JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace
                        WHERE co.oid = a.attcollation) END AS collation
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`, [schemas]);
    return result.rows
        .filter((row) => inScope.has(row.table))
        .map((row) => {
        const generated = row.generated !== '' ? row.default : null;
        return {
            table: row.table,
            name: row.name,
            position: (orders.get(row.table)?.recreated.indexOf(row.name) ?? -1) + 1,
            type: row.type,
            notNull: row.not_null,
            // A generated column's expression lives in pg_attrdef too: it is not a default.
            default: generated === null ? row.default : null,
            identity: IDENTITY[row.identity] ?? null,
            generated,
            collation: row.collation
        };
    });
}
const IDENTITY = { a: 'always', d: 'by default' };
/** Views and materialized views in the schemas (all of them: the scope's table filters do not apply). */
async function inspectViews(client, schemas) {
    const result = await client.query(`SELECT n.nspname AS schema, c.relname AS rel, n.nspname || '.' || c.relname AS name, c.relkind = 'm' AS materialized,
            pg_catalog.pg_get_viewdef(c.oid, true) AS definition, c.reloptions AS options,
            c.relispopulated AS populated
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                          AND e.objid = c.oid AND e.deptype = 'e')
      ORDER BY 1`, [schemas]);
    const views = [];
    for (const row of result.rows) {
        const view = {
            name: row.name,
            materialized: row.materialized,
            definition: row.definition.trim(),
            options: [...(row.options ?? [])].sort()
        };
        if (row.materialized) {
            view.populated = row.populated;
            // A materialized view's rows are data the restore must load (REFRESH at the end of pg_restore).
            view.rowCount = row.populated ? await countRows(client, row.schema, row.rel) : null;
        }
        views.push(view);
    }
    return views;
}
async function countRows(client, schema, name) {
    const result = await client.query(`SELECT count(*) AS n FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(name)}`);
    return Number(result.rows[0]?.n ?? 0);
}
/** Rules on the tables in scope and on views (not the `_RETURN` rule that makes a view a view). */
async function inspectRules(client, schemas, onRelation) {
    const result = await client.query(`SELECT schemaname || '.' || tablename AS table, rulename AS name, definition
       FROM pg_catalog.pg_rules WHERE schemaname = ANY($1::text[]) ORDER BY 1, 2`, [schemas]);
    return result.rows.filter((row) => onRelation(row.table));
}

/** `schema.name` as used for keys in the manifest (unquoted). */
const tableKey = (table) => `${table.schema}.${table.name}`;
/** A safely quoted `"schema"."name"` for SQL text. */
const quoteTable = (table) => `${pg.escapeIdentifier(table.schema)}.${pg.escapeIdentifier(table.name)}`;
/**
 * Session settings that make every catalog definition schema-qualified and
 * every row's text form identical on the source and on a restored copy
 * (timestamps in UTC, ISO dates, exact floats, hex bytea).
 */
async function prepareInspectionSession(client) {
    await client.query(`SELECT set_config('search_path', '', false), set_config('TimeZone', 'UTC', false),
    set_config('DateStyle', 'ISO, YMD', false), set_config('IntervalStyle', 'postgres', false),
    set_config('extra_float_digits', '3', false), set_config('bytea_output', 'hex', false)`);
}
/** Ordinary and partitioned tables in the given schemas, sorted by schema then name. */
async function listTables(client, schemas) {
    const result = await client.query(`SELECT n.nspname AS schema, c.relname AS name, c.relrowsecurity AS rls
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])
      ORDER BY 1, 2`, [schemas]);
    return result.rows.map((row) => ({ schema: row.schema, name: row.name, rlsEnabled: row.rls }));
}
/**
 * Inspects the scope in the client's current snapshot: per table exact row counts (and content
 * hashes), storage, columns, constraints, indexes, RLS flags, policies, triggers and rules;
 * sequences with their owning column's max; views, functions, types, domains and comments of the
 * schemas. The same code inspects the source at backup time and the scratch copy in the drill, so
 * equal means equal. One query per kind (plus one count per table and owned sequence).
 */
async function inspectDatabase(client, scope, options) {
    await prepareInspectionSession(client);
    const { tables } = scope;
    const inScope = new Set(tables.map(tableKey));
    const schemas = [...new Set([...scope.schemas, ...tables.map((t) => t.schema)])];
    const keep = (rows) => rows.filter((row) => inScope.has(`${row.schema}.${row.table}`));
    const flags = await client.query(`SELECT n.nspname AS schema, c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
            c.relkind = 'p' AS partitioned
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])`, [schemas]);
    const flagsByTable = new Map(keep(flags.rows).map((row) => [`${row.schema}.${row.table}`, row]));
    const shapes = await inspectTableShapes(client, schemas);
    const columnOrders = await inspectColumnOrders(client, schemas);
    const tableInventories = [];
    for (const table of tables) {
        const flag = flagsByTable.get(tableKey(table));
        if (!flag)
            continue; // absent here: the diff reports it as a missing table
        const counted = await countTable(client, table, options.contentHash ? (columnOrders.get(tableKey(table))?.recreated ?? []) : undefined);
        options.onTable?.(table, counted.rowCount);
        tableInventories.push({
            schema: table.schema,
            name: table.name,
            rowCount: counted.rowCount,
            rlsEnabled: flag.rls,
            rlsForced: flag.forced,
            ...(flag.partitioned ? { partitioned: true } : {}),
            ...shapes.get(tableKey(table)),
            ...(counted.contentHash !== undefined ? { contentHash: counted.contentHash } : {})
        });
    }
    const constraints = await client.query(`SELECT n.nspname AS schema, c.relname AS table, con.conname AS name, con.contype::text AS type,
            pg_catalog.pg_get_constraintdef(con.oid, true) AS definition, con.convalidated AS validated,
            con.conparentid <> 0 AS derived
       FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1::text[]) AND con.contype <> 'n'
      ORDER BY 1, 2, 3`, [schemas]);
    const indexes = await client.query(`SELECT n.nspname AS schema, c.relname AS table, i.relname AS name,
            pg_catalog.pg_get_indexdef(x.indexrelid) AS definition, x.indisvalid AS valid
       FROM pg_catalog.pg_index x
       JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
       JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1::text[])
      ORDER BY 1, 2, 3`, [schemas]);
    const policies = await client.query(`SELECT schemaname AS schema, tablename AS table, policyname AS name, cmd AS command, permissive,
            roles::text[] AS roles, qual AS using, with_check
       FROM pg_catalog.pg_policies WHERE schemaname = ANY($1::text[])
      ORDER BY 1, 2, 3`, [schemas]);
    const triggers = await client.query(`SELECT n.nspname AS schema, c.relname AS table, t.tgname AS name,
            pg_catalog.pg_get_triggerdef(t.oid, true) AS definition, t.tgenabled::text AS enabled
       FROM pg_catalog.pg_trigger t
       JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT t.tgisinternal AND n.nspname = ANY($1::text[])
      ORDER BY 1, 2, 3`, [schemas]);
    const views = await inspectViews(client, schemas);
    const viewNames = new Set(views.map((view) => view.name));
    return {
        tables: tableInventories,
        constraints: keep(constraints.rows).map(({ schema, table, name, type, definition, validated, derived }) => ({
            table: `${schema}.${table}`,
            name,
            type,
            definition,
            validated,
            derived
        })),
        indexes: keep(indexes.rows).map(({ schema, table, name, definition, valid }) => ({
            table: `${schema}.${table}`,
            name,
            definition,
            valid
        })),
        policies: keep(policies.rows).map(({ schema, table, name, command, permissive, roles, using, with_check }) => ({
            table: `${schema}.${table}`,
            name,
            command,
            permissive: permissive === 'PERMISSIVE',
            roles: [...roles].sort(),
            using,
            withCheck: with_check
        })),
        sequences: await inspectSequences(client, schemas, inScope),
        triggers: keep(triggers.rows).map(({ schema, table, name, definition, enabled }) => ({
            table: `${schema}.${table}`,
            name,
            definition,
            enabled
        })),
        columns: await inspectColumns(client, schemas, inScope, columnOrders),
        rules: await inspectRules(client, schemas, (key) => inScope.has(key) || viewNames.has(key)),
        views,
        functions: await inspectFunctions(client, schemas),
        types: await inspectTypes(client, schemas),
        domains: await inspectDomains(client, schemas),
        comments: await inspectComments(client, schemas, (key) => inScope.has(key))
    };
}
/** count(*), and with `hashColumns` (the table's columns in recreated order) the content hash. */
async function countTable(client, table, hashColumns) {
    if (!hashColumns) {
        const result = await client.query(`SELECT count(*) AS n FROM ${quoteTable(table)}`);
        return { rowCount: Number(result.rows[0]?.n ?? 0) };
    }
    // Sum of 64-bit hashes of each row's text form: independent of row order and physical
    // layout, so a restored copy hashes the same. The row is built from an explicit column list
    // in the order pg_dump recreates the table (an inheritance child comes back with its parents'
    // columns first), so equal data hashes equal whatever the physical order; for a table whose
    // order is its attnum order, ROW(t.a, t.b)::text is exactly t::text. One scan per table;
    // numeric avoids overflow.
    const row = `ROW(${hashColumns.map((name) => `t.${pg.escapeIdentifier(name)}`).join(', ')})`;
    const result = await client.query(`SELECT count(*) AS n, coalesce(sum(pg_catalog.hashtextextended(${row}::text, 0)::numeric), 0)::text AS h
       FROM ${quoteTable(table)} AS t`);
    return { rowCount: Number(result.rows[0]?.n ?? 0), contentHash: result.rows[0]?.h ?? '0' };
}
async function inspectSequences(client, schemas, inScope) {
    const result = await client.query(`SELECT sn.nspname AS schema, sc.relname AS name, ps.last_value::text AS last_value,
            tn.nspname AS table_schema, tc.relname AS table_name, a.attname AS column_name
       FROM pg_catalog.pg_class sc
       JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
       LEFT JOIN pg_catalog.pg_sequences ps ON ps.schemaname = sn.nspname AND ps.sequencename = sc.relname
       LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = sc.oid
             AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')
       LEFT JOIN pg_catalog.pg_class tc ON tc.oid = d.refobjid
       LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
       LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE sc.relkind = 'S' AND sn.nspname = ANY($1::text[])
      ORDER BY 1, 2`, [schemas]);
    const owned = result.rows.flatMap((row) => {
        const owner = row.table_schema && row.table_name && row.column_name
            ? { schema: row.table_schema, name: row.table_name, column: row.column_name }
            : undefined;
        // A sequence owned by a table outside the scope is not part of this backup.
        if (owner && !inScope.has(`${owner.schema}.${owner.name}`))
            return [];
        return [{ name: `${row.schema}.${row.name}`, lastValue: row.last_value, owner }];
    });
    const maxima = await columnMaxima(client, owned.flatMap((sequence) => (sequence.owner ? [sequence.owner] : [])));
    return owned.map(({ name, lastValue, owner }) => {
        const ownedBy = owner ? `${owner.schema}.${owner.name}.${owner.column}` : null;
        return { name, lastValue, ownedBy, columnMax: ownedBy ? (maxima.get(ownedBy) ?? null) : null };
    });
}
/** max() of each owning column, keyed `schema.table.column`: one query per 100 columns, not one each. */
async function columnMaxima(client, columns) {
    const maxima = new Map();
    for (let at = 0; at < columns.length; at += 100) {
        const chunk = columns.slice(at, at + 100);
        const result = await client.query(chunk
            .map((column, i) => `SELECT ${i} AS i, max(${pg.escapeIdentifier(column.column)})::text AS m FROM ${quoteTable(column)}`)
            .join(' UNION ALL '));
        for (const row of result.rows) {
            const column = chunk[row.i];
            maxima.set(`${column.schema}.${column.name}.${column.column}`, row.m);
        }
    }
    return maxima;
}

/**
 * Which PostgreSQL client a runner should use for a server of a given major:
 * pure decisions, so every case is a table row in a test. Hosted runners ship
 * one client major while Supabase runs 15 or 17; pg_dump must be at least the
 * server's major, and the exact major keeps the archive readable by that
 * major's pg_restore, so the exact major is preferred everywhere.
 */
/** The PostgreSQL apt repository's setup helper, shipped by postgresql-common (present on GitHub's Ubuntu runners). */
const PGDG_HELPER = '/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh';
/** Architectures apt.postgresql.org publishes client packages for, by Node's `process.arch`. */
const PGDG_ARCHES = { x64: 'amd64', arm64: 'arm64', ppc64: 'ppc64el' };
/** Oldest server major this tool supports. */
const MIN_MAJOR = 10;
/**
 * Where Debian/Ubuntu (and so GitHub's runners) keep every PostgreSQL major, one
 * folder each: the only place this path is spelled.
 */
const DEBIAN_CLIENT_ROOT = '/usr/lib/postgresql';
/** Debian/Ubuntu's folder of one major's programs: DEBIAN_CLIENT_ROOT/<major>/bin. */
function debianBinDir(major) {
    return `${DEBIAN_CLIENT_ROOT}/${major}/bin`;
}
/**
 * Turns what the machine shows into decision facts: installed clients (newest
 * first, only folders named by a major), the parsed os-release.
 */
function hostFactsFrom(observed) {
    const installed = observed.debianClientDirs
        .filter((name) => /^\d+$/.test(name))
        .map((name) => ({ major: Number(name), binDir: debianBinDir(Number(name)) }))
        .sort((a, b) => b.major - a.major);
    return {
        platform: observed.platform,
        arch: observed.arch,
        installed,
        aptAvailable: observed.aptAvailable,
        ...(observed.osReleaseText === undefined
            ? {}
            : { osRelease: parseOsRelease(observed.osReleaseText) }),
        isRoot: observed.isRoot,
        pgdgHelperAvailable: observed.pgdgHelperAvailable
    };
}
/**
 * Cache key for an installed client: `pg-client-<os>-<arch>-<major>`, where
 * os names the distribution release when known (packages built for one
 * release may not run on another), else the platform.
 */
function clientCacheKey(facts, major) {
    const { id, versionId } = facts.osRelease ?? {};
    const os = id && versionId ? `${id}-${versionId}` : facts.platform;
    return `pg-client-${os}-${facts.arch}-${major}`.replace(/[^A-Za-z0-9._-]/g, '_');
}
/** Decides how to get a pg_dump for `facts.serverMajor`. */
function decideClientInstall(facts) {
    const major = facts.serverMajor;
    if (!Number.isInteger(major) || major < MIN_MAJOR) {
        return {
            kind: 'fail',
            message: `PostgreSQL ${major} is not supported: the server must be PostgreSQL ${MIN_MAJOR} or newer`
        };
    }
    const exact = facts.installed.find((client) => client.major === major);
    if (exact)
        return {
            kind: 'use-existing',
            major,
            binDir: exact.binDir,
            reason: `pg_dump ${major} is installed`
        };
    const debArch = PGDG_ARCHES[facts.arch];
    if (facts.platform === 'linux' &&
        facts.aptAvailable &&
        isDebianLike(facts.osRelease) &&
        debArch) {
        return {
            kind: 'install',
            major,
            binDir: debianBinDir(major),
            packageName: `postgresql-client-${major}`,
            cacheKey: clientCacheKey(facts, major),
            reason: `the server is PostgreSQL ${major} and ${describeInstalled(facts.installed)}: installing postgresql-client-${major} from apt.postgresql.org`
        };
    }
    // No way to install here: a newer pg_dump still dumps an older server; the
    // nearest newer major keeps the archive readable by the most pg_restore versions.
    const newer = facts.installed
        .filter((client) => client.major > major)
        .sort((a, b) => a.major - b.major)[0];
    if (newer) {
        return {
            kind: 'use-existing',
            major: newer.major,
            binDir: newer.binDir,
            reason: `pg_dump ${major} is not installed; pg_dump ${newer.major} can dump PostgreSQL ${major} (restore its archives with pg_restore ${newer.major} or newer)`
        };
    }
    return {
        kind: 'fail',
        message: `${describeInstalled(facts.installed)} and the server is PostgreSQL ${major}: ${installAdvice(facts)}`
    };
}
/**
 * Commands (argv arrays, run in order) that install the client from the
 * PostgreSQL apt repository. The packages are kept in `debDir` so they can be
 * cached and installed again without the repository (installFromDebsCommands).
 * `installHelper`: postgresql-common (which ships PGDG_HELPER) is missing, as
 * in slim Debian/Ubuntu containers, and comes first from the distribution.
 */
function aptInstallCommands(decision, debDir, options = {}) {
    const sudo = options.isRoot ? [] : ['sudo'];
    const helper = options.installHelper
        ? [
            [...sudo, 'apt-get', 'update'],
            [...sudo, 'apt-get', 'install', '-y', '--no-install-recommends', 'postgresql-common']
        ]
        : [];
    return [
        ...helper,
        [...sudo, 'mkdir', '-p', `${debDir}/partial`],
        // -y: no prompt; the helper adds the repository and its key and runs apt-get update.
        [...sudo, PGDG_HELPER, '-y'],
        [
            ...sudo,
            'apt-get',
            'install',
            '-y',
            '--no-install-recommends',
            '-o',
            `Dir::Cache::archives=${debDir}`,
            '-o',
            'APT::Keep-Downloaded-Packages=true',
            decision.packageName
        ]
    ];
}
/**
 * Commands that install the client from cached packages (a cache hit): no
 * repository setup, no apt-get update. `debFiles` are the cached .deb paths.
 */
function installFromDebsCommands(debFiles, options = {}) {
    const sudo = options.isRoot ? [] : ['sudo'];
    return [[...sudo, 'apt-get', 'install', '-y', '--no-install-recommends', ...debFiles]];
}
/** Parses /etc/os-release (KEY=value lines, values optionally quoted). */
function parseOsRelease(text) {
    const values = new Map();
    for (const line of text.split('\n')) {
        const match = line.match(/^([A-Z_]+)=(.*)$/);
        if (match?.[1])
            values.set(match[1], (match[2] ?? '').trim().replace(/^(["'])(.*)\1$/, '$2'));
    }
    const idLike = values.get('ID_LIKE')?.split(/\s+/).filter(Boolean);
    return {
        id: values.get('ID'),
        idLike: idLike?.length ? idLike : undefined,
        versionId: values.get('VERSION_ID'),
        versionCodename: values.get('VERSION_CODENAME')
    };
}
function isDebianLike(release) {
    const ids = [release?.id, ...(release?.idLike ?? [])];
    return ids.includes('debian') || ids.includes('ubuntu');
}
function describeInstalled(installed) {
    if (installed.length === 0)
        return 'no pg_dump is installed';
    const majors = [...new Set(installed.map((client) => client.major))].sort((a, b) => a - b);
    return `only pg_dump ${majors.join(', ')} ${majors.length === 1 ? 'is' : 'are'} installed`;
}
/** What to install on a machine where this tool cannot install it, and the pg-bin-dir to pass. */
function installAdvice(facts) {
    const major = facts.serverMajor;
    const ids = [facts.osRelease?.id, ...(facts.osRelease?.idLike ?? [])];
    if (facts.platform === 'darwin') {
        return `install it with \`brew install postgresql@${major}\` and set pg-bin-dir to "$(brew --prefix postgresql@${major})/bin"`;
    }
    if (facts.platform === 'win32') {
        return `install the PostgreSQL ${major} command line tools (https://www.postgresql.org/download/windows/) and set pg-bin-dir to C:\\Program Files\\PostgreSQL\\${major}\\bin`;
    }
    if (facts.platform === 'linux' && isDebianLike(facts.osRelease) && !PGDG_ARCHES[facts.arch]) {
        return `apt.postgresql.org has no packages for ${facts.arch}: build or install PostgreSQL ${major}'s client another way and set pg-bin-dir`;
    }
    if (facts.platform === 'linux' && isDebianLike(facts.osRelease)) {
        return `install postgresql-client-${major} from apt.postgresql.org (https://wiki.postgresql.org/wiki/Apt) and set pg-bin-dir=${debianBinDir(major)}`;
    }
    if (ids.includes('alpine')) {
        return `install it with \`apk add postgresql${major}-client\``;
    }
    if (ids.some((id) => id === 'rhel' || id === 'fedora' || id === 'centos')) {
        return `install postgresql${major} from the PGDG yum repository (https://www.postgresql.org/download/linux/redhat/) and set pg-bin-dir=/usr/pgsql-${major}/bin`;
    }
    return `install PostgreSQL ${major}'s client tools (pg_dump, pg_restore; https://www.postgresql.org/download/) and set pg-bin-dir to the folder that holds them`;
}

const execFileAsync$1 = promisify(execFile);
/**
 * Finds a client tool: in `binDir` when given (it must be there), else
 * debianBinDir(minMajor), else the newest other Debian-style
 * install, else PATH. Returns the first candidate whose major is >= minMajor,
 * or the newest one found (the caller reports it as too old).
 */
async function findPgTool(tool, options) {
    if (options.binDir) {
        const path = join(options.binDir, tool);
        if (!existsSync(path)) {
            throw new InputError('pg-bin-dir', `${path} does not exist: pass the directory that holds ${tool} (e.g. ${debianBinDir(17)})`);
        }
        return describeTool(path);
    }
    const candidates = candidatePaths(tool, options.minMajor);
    const found = [];
    for (const path of candidates) {
        const described = await describeTool(path).catch(() => undefined);
        if (!described)
            continue;
        if (options.minMajor === undefined || described.major >= options.minMajor)
            return described;
        found.push(described);
    }
    const newest = found.sort((a, b) => b.major - a.major)[0];
    if (newest)
        return newest;
    throw new InputError('pg-bin-dir', `${tool} not found in ${DEBIAN_CLIENT_ROOT}/<major>/bin or PATH: install the PostgreSQL client (Debian/Ubuntu: apt-get install -y postgresql-client${options.minMajor ? `-${options.minMajor}` : ''}) or pass pg-bin-dir`);
}
/**
 * Fails unless `tool` can read/write what `needMajor` produces: pg_dump must be
 * at least the server's major, pg_restore at least the dump's.
 */
function assertToolMajor(tool, needMajor, what, condition) {
    if (tool.major >= needMajor)
        return;
    throw new EscalationError(condition, `${tool.path} is version ${tool.version} (major ${tool.major}) but ${what} is PostgreSQL ${needMajor}: ` +
        `install postgresql-client-${needMajor} (Debian/Ubuntu via apt.postgresql.org) and pass pg-bin-dir=${debianBinDir(needMajor)}, or set postgres-version to auto on GitHub runners`);
}
/** Parses `pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)` into version and major. */
function parseToolVersion(output) {
    const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(output);
    if (!match)
        return undefined;
    const major = Number(match[1]);
    // Before 10 the major was two numbers (9.6); those are long unsupported.
    const version = [match[1], match[2], match[3]].filter((part) => part !== undefined).join('.');
    return { version, major };
}
async function describeTool(path) {
    const { stdout } = await execFileAsync$1(path, ['--version']);
    const parsed = parseToolVersion(stdout);
    if (!parsed)
        throw new Error(`cannot read the version of ${path} from "${stdout.trim()}"`);
    return { path, ...parsed };
}
function candidatePaths(tool, minMajor) {
    const paths = [];
    if (minMajor !== undefined)
        paths.push(join(DEBIAN_CLIENT_ROOT, String(minMajor), 'bin', tool));
    if (existsSync(DEBIAN_CLIENT_ROOT)) {
        const majors = readdirSync(DEBIAN_CLIENT_ROOT)
            .filter((name) => /^\d+$/.test(name))
            .sort((a, b) => Number(b) - Number(a));
        for (const major of majors)
            paths.push(join(DEBIAN_CLIENT_ROOT, major, 'bin', tool));
    }
    for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean))
        paths.push(join(dir, tool));
    return [...new Set(paths)].filter((path) => existsSync(path));
}

/**
 * findPgTool, preferring the exact `major`: with pg-bin-dir set or no
 * resolver, exactly findPgTool; otherwise a tool found of another major (or
 * none) makes it ask `resolvePgBinDir`. When that fails but a newer tool was
 * found, the newer one is used with a warning: a newer pg_dump still dumps an
 * older server and a newer pg_restore still reads an older archive, and a
 * failed install must not cost a backup or a drill that could still run.
 */
async function findExactPgTool(tool, options) {
    const { binDir, major, resolvePgBinDir, logger } = options;
    if (binDir || !resolvePgBinDir)
        return findPgTool(tool, { binDir, minMajor: major });
    const found = await findPgTool(tool, { minMajor: major }).catch(() => undefined);
    if (found?.major === major)
        return found;
    const resolved = await resolvePgBinDir(major).catch((error) => {
        if (!found || found.major < major)
            throw error;
        logger.warning(`${errorMessage(error)}; using ${found.path} ${found.version} instead`, {
            title: 'PostgreSQL client'
        });
        return undefined;
    });
    if (resolved)
        return findPgTool(tool, { binDir: resolved, minMajor: major });
    return found ?? findPgTool(tool, { minMajor: major });
}

/**
 * How much of a tool's error output is kept: libpq tools print their error last,
 * and a runaway tool must not fill memory. One limit for every tool we run.
 */
const STDERR_TAIL_CHARS = 16 * 1024;
/**
 * The last `limit` characters of text added to it. Where the cut fell inside a
 * secret, the part of it that is left is masked (maskSecrets, which callers run
 * on the text, only finds whole secrets).
 */
class TextTail {
    limit;
    #text = '';
    #cut = false;
    constructor(limit = STDERR_TAIL_CHARS) {
        this.limit = limit;
    }
    add(chunk) {
        const text = this.#text + chunk.toString();
        if (text.length > this.limit)
            this.#cut = true;
        this.#text = text.slice(-this.limit);
    }
    get text() {
        return this.#cut ? maskCutSecret(this.#text) : this.#text;
    }
}
/** Reads `stream` to its end, keeping its last STDERR_TAIL_CHARS characters. */
function collectStderrTail(stream) {
    const tail = new TextTail();
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => tail.add(chunk));
    return () => tail.text;
}
/**
 * Runs a libpq tool (pg_restore, pg_dump) with no stdin and stdout discarded,
 * tracked by the cleanup registry so an interrupt or a failed run kills it, and
 * resolves when it has exited. For tools whose stdin or stdout carry data, spawn
 * directly and use `collectStderrTail`.
 */
async function runPgTool(path, args) {
    const child = spawn(path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    trackChild(child);
    const stderr = collectStderrTail(child.stderr);
    const code = await new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', resolve);
    }).catch((error) => error);
    return { code, stderr: stderr() };
}

const execFileAsync = promisify(execFile);
/** Parses the table of contents pg_restore prints; comment lines start with `;`. */
function parseToc(listing) {
    const entries = [];
    for (const line of listing.split('\n')) {
        const match = /^(\d+);\s+\d+\s+\d+\s+(.+)$/.exec(line);
        if (match)
            entries.push({ dumpId: Number(match[1]), rest: match[2] });
    }
    return entries;
}
/**
 * How pg_restore --list prints a name: as stored, unquoted, newlines as spaces
 * (pg_backup_archiver.c sanitize_line), so a space inside a name and the space
 * between fields look the same.
 */
const listedName = (name) => name.replace(/[\r\n]/g, ' ');
/**
 * Tables that have no TABLE DATA entry in the listing. The line's schema, name
 * and owner cannot be told apart by splitting at spaces (`TABLE DATA public my
 * table Data Owner`), so each entry is matched against the known tables by
 * prefix instead, and entries are given to tables one to one (a line that could
 * belong to two tables counts for only one of them).
 */
function tablesMissingFromToc(listing, tables) {
    const data = parseToc(listing)
        .filter((entry) => entry.rest.startsWith('TABLE DATA '))
        .map((entry) => entry.rest.slice('TABLE DATA '.length));
    const candidates = tables.map((table) => {
        const prefix = `${listedName(table.schema)} ${listedName(table.name)} `;
        return data.flatMap((line, index) => (line.startsWith(prefix) ? [index] : []));
    });
    // Bipartite matching by augmenting paths: tiny inputs, and exact where greedy could misassign.
    const owner = new Map();
    const assign = (table, seen) => {
        for (const entry of candidates[table]) {
            if (seen.has(entry))
                continue;
            seen.add(entry);
            const current = owner.get(entry);
            if (current === undefined || assign(current, seen)) {
                owner.set(entry, table);
                return true;
            }
        }
        return false;
    };
    return tables.filter((_table, index) => !assign(index, new Set()));
}
/**
 * The tables whose rows pg_dump writes as TABLE DATA: those with storage. A
 * partitioned table has none (its rows live in its partitions, which have their
 * own entries), so demanding data for it would fail every such backup.
 */
function tablesWithStorage(tables) {
    return tables.filter((table) => !table.partitioned);
}
/**
 * A use-list (`pg_restore -L`) of the whole listing except the CREATE SCHEMA
 * entries of `existing` schemas: those exist on the target already (public
 * always; others the drill prepared for an extension), so their CREATE would
 * only fail. Schema names in a scope are plain identifiers (no spaces), so the
 * `SCHEMA - <name> <owner>` prefix is unambiguous.
 */
function useListWithoutSchemas(listing, existing) {
    return keepEntries(listing, (entry) => !existing.some((schema) => entry.rest.startsWith(`SCHEMA - ${schema} `)));
}
/** The listing with every entry `keep` rejects commented out (a use-list for pg_restore -L). */
function keepEntries(listing, keep) {
    return listing
        .split('\n')
        .map((line) => {
        const entry = parseToc(line)[0];
        return entry && !keep(entry) ? `;${line}` : line;
    })
        .join('\n');
}
/** A foreign key's entry (`FK CONSTRAINT schema table name owner`). */
const isForeignKey = (entry) => entry.rest.startsWith('FK CONSTRAINT ');
/** A partition's index attached to its parent's (`INDEX ATTACH schema name owner`). */
const isIndexAttach = (entry) => entry.rest.startsWith('INDEX ATTACH ');
/**
 * Proves an archive readable: `pg_restore --list` must succeed and list a
 * TABLE DATA entry for every table with storage. `source` is a file path.
 */
async function checkArchive(pgRestore, source, tables, condition) {
    const listing = await listArchive(pgRestore, source, condition);
    return { ...assertListingHasTables(listing, tables, condition), listing };
}
/** `pg_restore --list` of an archive file; an unreadable archive becomes `condition`. */
async function listArchive(pgRestore, source, condition) {
    try {
        const run = execFileAsync(pgRestore.path, ['--list', source], {
            maxBuffer: 256 * 1024 * 1024
        });
        trackChild(run.child);
        return (await run).stdout;
    }
    catch (error) {
        throw unreadable(condition, error.stderr || String(error));
    }
}
/**
 * Starts `pg_restore --list` reading an archive from its stdin, for archives
 * that never exist in plain text on disk (encrypted while streaming). Feed the
 * plaintext into `input` (stop when it closes: pg_restore exits once it has read
 * the table of contents); `listing` resolves with its output.
 */
function listArchiveFromStream(pgRestore) {
    const child = spawn(pgRestore.path, ['--list'], { stdio: ['pipe', 'pipe', 'pipe'] });
    trackChild(child);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    const stderr = collectStderrTail(child.stderr);
    // pg_restore closing its stdin early is expected, not an error of the dump.
    child.stdin.on('error', () => undefined);
    const listing = new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code) => code === 0 ? resolve(stdout) : reject(new Error(stderr().trim() || `exit code ${code}`)));
    });
    listing.catch(() => undefined); // awaited by the caller after the dump
    return { input: child.stdin, listing };
}
/** Fails unless the listing has a TABLE DATA entry for every table with storage. */
function assertListingHasTables(listing, tables, condition) {
    const missing = tablesMissingFromToc(listing, tablesWithStorage(tables));
    if (missing.length > 0) {
        throw new EscalationError(condition, `the archive has no data for ${missing.length} table(s) of the manifest: ${missing.map(tableKey).join(', ')}`);
    }
    return { entries: parseToc(listing).length };
}
/** The escalation for an archive pg_restore cannot read. */
function unreadable(condition, why) {
    return new EscalationError(condition, `pg_restore --list cannot read the archive: ${maskSecrets(why.trim())}`);
}

/**
 * The backup's source as a guard target: the structured parts newer
 * manifests record, or the `host:port/database` display of older ones. An
 * old display is split at the first `:<port>/`, so a unix-socket directory
 * (`/tmp/pg:5432/app`) or an IPv6 host (`::1:5432/app`) keeps its host.
 */
function sourceTarget(manifest) {
    const { source } = manifest;
    if (source.host !== undefined && source.port !== undefined && source.database !== undefined) {
        return {
            host: source.host,
            port: source.port,
            database: source.database,
            user: source.user ?? ''
        };
    }
    const parts = /^(.*?):(\d+)\/(.*)$/s.exec(source.display ?? '');
    if (!parts) {
        throw new InputError('backup', `the manifest of ${manifest.id} records its source as "${source.display ?? ''}", which is not host:port/database: the drill cannot prove the scratch target is not that source. Take a new backup`);
    }
    return { host: parts[1] ?? '', port: Number(parts[2]), database: parts[3] ?? '', user: '' };
}
/** `host:port/database` of the source, for logs and summaries. */
function sourceLocation(manifest) {
    const { source } = manifest;
    if (source.host !== undefined && source.port !== undefined && source.database !== undefined) {
        return `${source.host}:${source.port}/${source.database}`;
    }
    return source.display ?? 'unknown source';
}

export { outOfRecreatedOrder as A, assertCompressSupported as B, findPgTool as C, assertListingHasTables as D, unreadable as E, inspectDatabase as F, inspectColumnOrders as G, isIndexAttach as H, isForeignKey as I, DRILL_MARKER_SCHEMA as J, BACKUP_INPUT_SPECS as K, parseBackupOptions as L, DEBIAN_CLIENT_ROOT as M, debianBinDir as N, decideClientInstall as O, hostFactsFrom as P, PGDG_HELPER as Q, installFromDebsCommands as R, aptInstallCommands as S, TextTail as T, sourceLocation as a, assertToolMajor as b, checkArchive as c, planRlsProof as d, tableKeyOf as e, findExactPgTool as f, claimSettings as g, projectRefFromTarget as h, runPgTool as i, listedName as j, keepEntries as k, listArchive as l, parseToc as m, inspectFunctions as n, owningRelationSql as o, pg as p, prepareInspectionSession as q, rolesToCheck as r, sourceTarget as s, tableKey as t, useListWithoutSchemas as u, listTables as v, matchesPattern as w, listArchiveFromStream as x, collectStderrTail as y, quoteTable as z };

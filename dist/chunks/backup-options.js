import { p as parseDatabaseUrl, n as parseRecipients } from './notice-inputs.js';
import { e as splitList, o as object, s as string, a as booleanInput, i as integerInput, _ as _enum, p as parseInputs } from './parse-inputs.js';
import { I as InputError } from './service-type.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const PATTERN_PART = /^[A-Za-z0-9_$*]+$/;
/** Parses a comma-separated list of schema names. */
function parseSchemaList(input, value) {
    const schemas = splitList(value);
    for (const schema of schemas) {
        if (!IDENTIFIER.test(schema)) {
            throw new InputError(input, `"${printable(schema)}" is not a schema name: use letters, digits and _ (e.g. public,auth)`);
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

/** Input names of the backup operation: action inputs and CLI flags alike. */
const BACKUP_INPUTS = [
    'db-url',
    'project-ref',
    'schemas',
    'tables',
    'exclude-tables',
    'out-dir',
    'prefix',
    'compress',
    'pg-bin-dir',
    'upload',
    'artifact-name',
    'retention-days',
    'content-hash',
    'encrypt-recipients'
];
const PROJECT_REF = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const COMPRESS = /^(\d|gzip|lz4|zstd|none)(:\d{1,2})?$/;
const schema = object({
    'db-url': string(),
    'project-ref': string()
        .regex(PROJECT_REF, {
        error: 'must be 1-63 letters, digits, - or _ (the Supabase project ref, e.g. abcdefghijklmnopqrst)'
    })
        .optional(),
    schemas: string().default('public'),
    tables: string().optional(),
    'exclude-tables': string().optional(),
    'out-dir': string().default('./backups'),
    prefix: string()
        .regex(PREFIX, {
        error: 'must start with a letter or digit and hold only letters, digits, ., - and _ (e.g. opta-supabase)'
    })
        .default('backup'),
    compress: string()
        .regex(COMPRESS, {
        error: 'must be a pg_dump -Z value: 0-9, gzip, lz4, zstd or none, optionally :level (e.g. 6 or zstd:3)'
    })
        .optional(),
    'pg-bin-dir': string().optional(),
    upload: _enum(['artifact', 'none'], { error: 'must be artifact or none' }).default('none'),
    'artifact-name': string()
        .regex(/^[^"<>:|*?\\/\r\n]{1,200}$/, {
        error: 'must be 1-200 characters without " < > : | * ? \\ / or newlines'
    })
        .optional(),
    'retention-days': integerInput(1, 400).default(400),
    'content-hash': booleanInput('content-hash').default(false),
    // Parsed by parseRecipients below: it names the bad item and masks a pasted secret key.
    'encrypt-recipients': string().optional()
});
/** Parses raw backup inputs; throws InputError naming the first bad input. */
function parseBackupOptions(raw) {
    // The URL first: its password is registered as a secret before anything
    // else can fail, and an empty or malformed URL gets the parser's one clear message.
    const db = parseDatabaseUrl('db-url', raw['db-url']);
    const parsed = parseInputs(schema, raw);
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
        upload: parsed.upload,
        artifactName: parsed['artifact-name'],
        retentionDays: parsed['retention-days'],
        contentHash: parsed['content-hash'],
        encryptRecipients: parsed['encrypt-recipients']?.trim()
            ? parseRecipients('encrypt-recipients', parsed['encrypt-recipients'])
            : []
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

export { BACKUP_INPUTS as B, projectRefFromTarget as a, matchesPattern as m, parseBackupOptions as p };

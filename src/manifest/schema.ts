import { z } from 'zod'
import { rlsProofSchema } from './rls-proof.js'

/**
 * What the catalog inspection sees in a database, in one MVCC snapshot. The
 * backup records it in the manifest; the drill inspects the restored scratch
 * database with the same code and demands equality.
 * Tables are keyed `schema.name` (unquoted, case as stored).
 */
export const tableInventorySchema = z.object({
  schema: z.string(),
  name: z.string(),
  rowCount: z.number().int().nonnegative(),
  rlsEnabled: z.boolean(),
  rlsForced: z.boolean(),
  /** A partitioned table: no storage of its own, its rows live (and are dumped) in its partitions. */
  partitioned: z.boolean().optional(),
  /** Order-independent hash of the rows (sum of 64-bit row hashes, as decimal text); absent unless content-hash was on. */
  contentHash: z.string().optional(),
  // Format 2: how the table is stored and where it sits in a hierarchy (absent in format 1).
  /** Table access method (`heap`, or an extension's); null for a partitioned table without one. */
  accessMethod: z.string().nullable().optional(),
  /** `unlogged` tables lose their rows on a crash; a restore must keep the choice. */
  persistence: z.enum(['permanent', 'unlogged']).optional(),
  /** `PARTITION BY ...` of a partitioned table, else null. */
  partitionKey: z.string().nullable().optional(),
  /** `FOR VALUES ...` of a partition, else null. */
  partitionBound: z.string().nullable().optional(),
  /** Parents (`schema.name`) in inheritance order: the partitioned table, or INHERITS parents. */
  parents: z.array(z.string()).optional()
})

/** A column as pg_dump recreates it (format 2). */
export const columnInventorySchema = z.object({
  table: z.string(),
  name: z.string(),
  /**
   * 1-based place in the order pg_dump's script recreates the table: live columns in attnum order,
   * except an inheritance child's, which start with its parents' (docs/inventory-diff.md#column-positions).
   */
  position: z.number().int().positive(),
  /** format_type(), e.g. `character varying(20)`, `public.mood[]`. */
  type: z.string(),
  notNull: z.boolean(),
  default: z.string().nullable(),
  /** `always` / `by default` for identity columns, else null. */
  identity: z.string().nullable(),
  /** Expression of a generated (stored) column, else null. */
  generated: z.string().nullable(),
  /** Collation when it differs from the type's default, else null. */
  collation: z.string().nullable()
})

export const constraintInventorySchema = z.object({
  table: z.string(),
  name: z.string(),
  /** p primary key, f foreign key, u unique, c check, x exclusion, t constraint trigger, n not-null (pg18) */
  type: z.string(),
  definition: z.string(),
  validated: z.boolean(),
  /**
   * Inherited from a partitioned parent (conparentid <> 0; format 2). pg_dump recreates such a
   * constraint on the parent only, so the partition's copy gets a generated name: matched by
   * table and definition instead of by name.
   */
  derived: z.boolean().optional()
})

export const indexInventorySchema = z.object({
  table: z.string(),
  name: z.string(),
  definition: z.string(),
  valid: z.boolean()
})

export const policyInventorySchema = z.object({
  table: z.string(),
  name: z.string(),
  command: z.string(),
  permissive: z.boolean(),
  roles: z.array(z.string()),
  using: z.string().nullable(),
  withCheck: z.string().nullable()
})

export const sequenceInventorySchema = z.object({
  /** `schema.name` of the sequence */
  name: z.string(),
  /** Current value as decimal text (bigint-safe); null when never called. */
  lastValue: z.string().nullable(),
  /** `schema.table.column` owning the sequence (serial/identity), when any. */
  ownedBy: z.string().nullable(),
  /** max() of the owning column in the same snapshot, as decimal text; null for an empty table or no owner. */
  columnMax: z.string().nullable()
})

export const triggerInventorySchema = z.object({
  table: z.string(),
  name: z.string(),
  definition: z.string(),
  enabled: z.string()
})

export const ruleInventorySchema = z.object({
  /** The table or view the rule is on. */
  table: z.string(),
  name: z.string(),
  definition: z.string()
})

/** Views and materialized views in the scope's schemas (format 2). */
export const viewInventorySchema = z.object({
  /** `schema.name` */
  name: z.string(),
  materialized: z.boolean(),
  /** pg_get_viewdef(oid, true): deparsed by the server, so layout and spelling are normalized. */
  definition: z.string(),
  /** reloptions such as `security_invoker=true`, sorted. */
  options: z.array(z.string()),
  /** Materialized views only: whether the data was loaded, and its row count when it was. */
  populated: z.boolean().optional(),
  rowCount: z.number().int().nonnegative().nullable().optional()
})

/** Functions, procedures, aggregates and window functions in the scope's schemas (format 2). */
export const functionInventorySchema = z.object({
  /** `schema.name(argument types)`: overloads are distinct objects. */
  signature: z.string(),
  kind: z.enum(['function', 'procedure', 'aggregate', 'window']),
  /** md5 of the server-deparsed definition (pg_get_functiondef, or the aggregate's parts). */
  definitionHash: z.string()
})

/** Enum, composite and range types in the scope's schemas (format 2). */
export const typeInventorySchema = z.object({
  name: z.string(),
  kind: z.enum(['enum', 'composite', 'range']),
  /** e.g. `enum ('a', 'b')`, `composite (x integer, y text)`, `range (subtype numeric, ...)`. */
  definition: z.string()
})

export const domainInventorySchema = z.object({
  name: z.string(),
  /** Base type, NOT NULL, DEFAULT and COLLATE as one text. */
  definition: z.string(),
  constraints: z.array(
    z.object({ name: z.string(), definition: z.string(), validated: z.boolean() })
  )
})

/** A comment (COMMENT ON) on an object in scope, keyed by pg_identify_object's type + identity. */
export const commentInventorySchema = z.object({
  object: z.string(),
  comment: z.string()
})

/** An extension installed in a schema in scope: a scope-only dump uses its objects but never creates it. */
export const extensionInventorySchema = z.object({
  name: z.string(),
  schema: z.string(),
  version: z.string()
})

/** The database's large objects, dumped when a table in scope can reference them (an oid or lo column). */
export const largeObjectsInventorySchema = z.object({
  count: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative()
})

export const inventorySchema = z.object({
  tables: z.array(tableInventorySchema),
  constraints: z.array(constraintInventorySchema),
  indexes: z.array(indexInventorySchema),
  policies: z.array(policyInventorySchema),
  sequences: z.array(sequenceInventorySchema),
  triggers: z.array(triggerInventorySchema),
  // Format 2 (absent in format-1 manifests, which are verified as far as they go):
  columns: z.array(columnInventorySchema).optional(),
  rules: z.array(ruleInventorySchema).optional(),
  views: z.array(viewInventorySchema).optional(),
  functions: z.array(functionInventorySchema).optional(),
  types: z.array(typeInventorySchema).optional(),
  domains: z.array(domainInventorySchema).optional(),
  comments: z.array(commentInventorySchema).optional(),
  /** Absent in manifests written before it was recorded. */
  extensions: z.array(extensionInventorySchema).optional(),
  /** Absent when the backup left large objects out (no table in scope can reference them). */
  largeObjects: largeObjectsInventorySchema.optional()
})

export type TableInventory = z.infer<typeof tableInventorySchema>
export type ConstraintInventory = z.infer<typeof constraintInventorySchema>
export type IndexInventory = z.infer<typeof indexInventorySchema>
export type PolicyInventory = z.infer<typeof policyInventorySchema>
export type SequenceInventory = z.infer<typeof sequenceInventorySchema>
export type TriggerInventory = z.infer<typeof triggerInventorySchema>
export type ColumnInventory = z.infer<typeof columnInventorySchema>
export type RuleInventory = z.infer<typeof ruleInventorySchema>
export type ViewInventory = z.infer<typeof viewInventorySchema>
export type FunctionInventory = z.infer<typeof functionInventorySchema>
export type TypeInventory = z.infer<typeof typeInventorySchema>
export type DomainInventory = z.infer<typeof domainInventorySchema>
export type CommentInventory = z.infer<typeof commentInventorySchema>
export type ExtensionInventory = z.infer<typeof extensionInventorySchema>
export type LargeObjectsInventory = z.infer<typeof largeObjectsInventorySchema>
export type Inventory = z.infer<typeof inventorySchema>

/**
 * 2: the inventory describes the whole schema in scope (columns, table storage, views, functions,
 * types, domains, rules, comments, derived constraints) and the manifest lists dependencies that
 * leave the scope. Format-1 manifests stay readable: the drill compares what they recorded.
 */
/**
 * Something an object in scope needs from outside the scope (format 2): the backup warned about it,
 * and the drill checks the target for it (`probe`) to explain the restore errors it causes.
 * Built by src/postgres/dependency-findings.ts.
 */
export const dependencySchema = z.object({
  kind: z.enum(['extension', 'schema', 'role', 'access-method', 'table']),
  /** The object in scope, e.g. `default value for column id of table public.t`. */
  object: z.string(),
  /** What it needs, e.g. `function extensions.uuid_generate_v4()`. */
  needs: z.string(),
  /** What the target must have, e.g. `extension uuid-ossp in schema extensions`. */
  requirement: z.string(),
  probe: z.object({
    kind: z.enum([
      'extension',
      'schema',
      'role',
      'access-method',
      'relation',
      'function',
      'type',
      'object'
    ]),
    name: z.string()
  }),
  fix: z.string()
})

export type Dependency = z.infer<typeof dependencySchema>

export const MANIFEST_FORMAT_VERSION = 2

/** `<name>.manifest.json`: everything the drill proves, never a secret. */
export const manifestSchema = z.object({
  formatVersion: z.union([z.literal(1), z.literal(MANIFEST_FORMAT_VERSION)]),
  tool: z.object({ name: z.literal('backup-drill'), version: z.string() }),
  /** `<prefix>-<yyyymmdd-HHMMSS>`: the backup set's name. */
  id: z.string(),
  projectRef: z.string(),
  /** Time of the snapshot the dump and the manifest both show (ISO 8601, UTC). */
  createdAt: z.string(),
  source: z.object({
    /** Old manifests only: `host:port/database` (newer ones record the parts below; read with sourceTarget). */
    display: z.string().optional(),
    /** Where the backup connected, resolved with libpq's rules: no password. */
    host: z.string().optional(),
    port: z.number().int().optional(),
    database: z.string().optional(),
    user: z.string().optional(),
    /** Which server and database the backup read (src/postgres/server-identity.ts); the drill refuses a scratch target with the same. */
    identity: z
      .object({
        systemIdentifier: z.string().nullable(),
        postmasterStartTime: z.string(),
        databaseOid: z.number().int(),
        database: z.string()
      })
      .optional(),
    serverVersion: z.string(),
    serverMajor: z.number().int(),
    role: z.string()
  }),
  pgDump: z.object({ path: z.string(), version: z.string(), major: z.number().int() }),
  scope: z.object({
    schemas: z.array(z.string()),
    tables: z.array(z.string()),
    excludeTables: z.array(z.string()),
    /** Tables in the schemas that the scope left out (passed to pg_dump --exclude-table). */
    excludedTables: z.array(z.string())
  }),
  dump: z.object({
    /** Basename of the stored dump file (`.dump`, or `.dump.age` when encrypted). */
    file: z.string(),
    format: z.literal('custom'),
    compression: z.string(),
    /** Size of the stored file in bytes. */
    sizeBytes: z.number().int().nonnegative(),
    /** SHA-256 of the stored bytes (hex). */
    sha256: z.string().regex(/^[0-9a-f]{64}$/)
  }),
  encryption: z
    .object({
      scheme: z.literal('age'),
      recipients: z.array(z.string()),
      /** SHA-256 of the plaintext pg_dump archive. */
      plaintextSha256: z.string().regex(/^[0-9a-f]{64}$/),
      plaintextSizeBytes: z.number().int().nonnegative()
    })
    .optional(),
  contentHash: z.boolean(),
  timings: z.object({
    totalSeconds: z.number(),
    dumpSeconds: z.number(),
    inspectSeconds: z.number()
  }),
  inventory: inventorySchema,
  /** Needs outside the scope (format 2; absent in format 1). */
  dependencies: z.array(dependencySchema).optional(),
  /** The RLS behaviour proof (src/manifest/rls-proof.ts); absent in manifests written before it. */
  rls: rlsProofSchema.optional(),
  warnings: z.array(z.string())
})

export type Manifest = z.infer<typeof manifestSchema>

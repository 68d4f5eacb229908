import { z } from 'zod'

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
  /** Order-independent hash of the rows (sum of 64-bit row hashes, as decimal text); absent unless content-hash was on. */
  contentHash: z.string().optional()
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

export const inventorySchema = z.object({
  tables: z.array(tableInventorySchema),
  constraints: z.array(constraintInventorySchema),
  indexes: z.array(indexInventorySchema),
  policies: z.array(policyInventorySchema),
  sequences: z.array(sequenceInventorySchema),
  triggers: z.array(triggerInventorySchema)
})

export type TableInventory = z.infer<typeof tableInventorySchema>
export type ConstraintInventory = z.infer<typeof constraintInventorySchema>
export type IndexInventory = z.infer<typeof indexInventorySchema>
export type PolicyInventory = z.infer<typeof policyInventorySchema>
export type SequenceInventory = z.infer<typeof sequenceInventorySchema>
export type TriggerInventory = z.infer<typeof triggerInventorySchema>
export type Inventory = z.infer<typeof inventorySchema>

export const MANIFEST_FORMAT_VERSION = 1

/** `<name>.manifest.json`: everything the drill proves, never a secret. */
export const manifestSchema = z.object({
  formatVersion: z.literal(MANIFEST_FORMAT_VERSION),
  tool: z.object({ name: z.literal('backup-drill'), version: z.string() }),
  /** `<prefix>-<yyyymmdd-HHMMSS>`: the backup set's name. */
  id: z.string(),
  projectRef: z.string(),
  /** Time of the snapshot the dump and the manifest both show (ISO 8601, UTC). */
  createdAt: z.string(),
  source: z.object({
    /** host:port/database of the source, no user or password */
    display: z.string(),
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
  warnings: z.array(z.string())
})

export type Manifest = z.infer<typeof manifestSchema>

import { z } from 'zod'

/**
 * The RLS behaviour proof as the manifest records it (docs/rls-proof.md): for `anon` and a
 * deterministic sample of auth.users, the rows each principal could see, in the dump's own
 * snapshot, in every RLS-enabled table in scope. Only ids and counts: never an email or a token.
 * Versioned on its own (`version`) so it can grow without a new manifest format.
 */
export const RLS_PROOF_VERSION = 1

/** Who was probed: `anon`, or a user of auth.users as PostgREST would present them. */
export const rlsPrincipalSchema = z.object({
  /** `anon`, or the user's auth.users id. */
  id: z.string(),
  /** The role PostgREST would SET (the JWT's `role` claim). */
  role: z.string(),
  /** The JWT `sub` claim: the user id, null for anon. */
  sub: z.string().nullable()
})

/** What one principal saw: a row count per table, or the error the count raised (e.g. no grant). */
export const rlsObservationSchema = rlsPrincipalSchema.extend({
  /** Rows visible per table (`schema.name`). */
  rows: z.record(z.string(), z.number().int().nonnegative()),
  /** Per table, `<SQLSTATE>: <message>` of a count that failed (e.g. `42501: permission denied ...`). */
  errors: z.record(z.string(), z.string()),
  /** Becoming the principal failed (SET ROLE, a claim): no table was counted. */
  error: z.string().optional()
})

export const rlsProofSchema = z.object({
  version: z.literal(RLS_PROOF_VERSION),
  /**
   * recorded: counts below; off: `rls-principals: 0`; not-applicable: nothing to prove here
   * (no RLS-enabled table in scope, no `anon` role: plain PostgreSQL), `reason` says which.
   */
  status: z.enum(['recorded', 'off', 'not-applicable']),
  reason: z.string().optional(),
  /** What the sample could not include and why (e.g. auth.users unreadable: anon only). */
  notes: z.array(z.string()),
  /** The RLS-enabled tables in scope that were counted, `schema.name`. */
  tables: z.array(z.string()),
  principals: z.array(rlsObservationSchema)
})

export type RlsPrincipal = z.infer<typeof rlsPrincipalSchema>
export type RlsObservation = z.infer<typeof rlsObservationSchema>
export type RlsProof = z.infer<typeof rlsProofSchema>

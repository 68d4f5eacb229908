import type { z } from 'zod'
import { TOOL_VERSION } from '../version.js'
import { MANIFEST_FORMAT_VERSION, manifestSchema, type Manifest } from './schema.js'

/** ISO 8601 with a time zone, as the backup writes it (`2026-11-30T03:15:00.000Z`). */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

/**
 * Reads a manifest's text for verify/drill/restore. Throws an Error whose
 * message says what a person can act on: not JSON, written by a newer
 * backup-drill (upgrade), which fields do not match the format, or a
 * createdAt that is not a time (the RPO and data-loss window rest on it).
 */
export function parseManifest(text: string): Manifest {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new Error(`not JSON (${(error as Error).message})`, { cause: error })
  }
  const { formatVersion, tool } = (json ?? {}) as {
    formatVersion?: unknown
    tool?: { version?: unknown }
  }
  if (typeof formatVersion === 'number' && formatVersion > MANIFEST_FORMAT_VERSION) {
    const writer = typeof tool?.version === 'string' ? ` ${tool.version}` : ''
    throw new Error(
      `written by a newer backup-drill${writer} (format ${formatVersion}); this backup-drill ${TOOL_VERSION} reads format ${MANIFEST_FORMAT_VERSION}: upgrade backup-drill to use this backup`
    )
  }
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success)
    throw new Error(
      `does not match manifest format ${MANIFEST_FORMAT_VERSION}: ${describeIssues(parsed.error)}`
    )
  const { createdAt } = parsed.data
  if (!ISO_TIMESTAMP.test(createdAt) || !Number.isFinite(Date.parse(createdAt)))
    throw new Error(`createdAt ${JSON.stringify(createdAt).slice(0, 60)} is not an ISO 8601 time`)
  return parsed.data
}

/** `inventory.tables.0.rowCount: expected number, received string; …` (the first few). */
function describeIssues(error: z.ZodError): string {
  const shown = error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`)
  const more = error.issues.length - shown.length
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '')
}

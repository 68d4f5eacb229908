import { InputError } from '../errors.js'
import type { GuardTarget } from '../postgres/same-target.js'
import type { Manifest } from './schema.js'

/**
 * The backup's source as a guard target: the structured parts newer
 * manifests record, or the `host:port/database` display of older ones. An
 * old display is split at the first `:<port>/`, so a unix-socket directory
 * (`/tmp/pg:5432/app`) or an IPv6 host (`::1:5432/app`) keeps its host.
 */
export function sourceTarget(manifest: Manifest): GuardTarget {
  const { source } = manifest
  if (source.host !== undefined && source.port !== undefined && source.database !== undefined) {
    return {
      host: source.host,
      port: source.port,
      database: source.database,
      user: source.user ?? ''
    }
  }
  const parts = /^(.*?):(\d+)\/(.*)$/s.exec(source.display ?? '')
  if (!parts) {
    throw new InputError(
      'backup',
      `the manifest of ${manifest.id} records its source as "${source.display ?? ''}", which is not host:port/database: the drill cannot prove the scratch target is not that source. Take a new backup`
    )
  }
  return { host: parts[1] ?? '', port: Number(parts[2]), database: parts[3] ?? '', user: '' }
}

/** `host:port/database` of the source, for logs and summaries. */
export function sourceLocation(manifest: Manifest): string {
  const { source } = manifest
  if (source.host !== undefined && source.port !== undefined && source.database !== undefined) {
    return `${source.host}:${source.port}/${source.database}`
  }
  return source.display ?? 'unknown source'
}

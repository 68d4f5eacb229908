import { isIP } from 'node:net'
import type { DatabaseTarget } from './connection-url.js'

const POOLER_HINT =
  'Supabase direct hosts (db.<ref>.supabase.co) are IPv6-only; GitHub runners have no IPv6. Use the session pooler URL from the dashboard (Connect > Session pooler): postgres://postgres.<ref>:PASSWORD@aws-0-<region>.pooler.supabase.com:5432/postgres'

/**
 * Turns a connection error into one sentence that names the cause and the fix.
 * Pure: depends only on the error's code/message and the target's public parts.
 */
export function describeConnectionError(
  error: unknown,
  target: DatabaseTarget,
  timeoutSeconds: number
): string {
  const code = (error as { code?: string } | undefined)?.code
  const message = error instanceof Error ? error.message : String(error)
  const where = `${target.host}:${target.port}`
  const supabaseDirect = /^db\.[a-z0-9]+\.supabase\.co$/i.test(target.host)
  const ipv6 =
    isIP(target.host) === 6 ||
    (/\b(ENETUNREACH|EADDRNOTAVAIL)\b/.test(`${code} ${message}`) && /:[0-9a-f]*:/i.test(message))
  if (
    supabaseDirect &&
    (ipv6 || code === 'ENETUNREACH' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH')
  ) {
    return `cannot reach ${where} (${code ?? 'network error'}). ${POOLER_HINT}`
  }
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve host "${target.host}" (DNS ${code}): check the host name in the URL`
    case 'ECONNREFUSED':
      return `connection refused at ${where}: check the host and port, and that the server is running and accepts TCP connections`
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `network unreachable for ${where} (${code})${ipv6 ? `: the host resolves to IPv6 only. ${POOLER_HINT}` : ': check the host and the network'}`
    case 'ETIMEDOUT':
      return `connecting to ${where} timed out: check the host, port and firewall`
    case '28P01':
      return `password authentication failed for user "${target.user}": check the password in the URL (special characters must be percent-encoded)`
    case '28000':
      return `the server rejected user "${target.user}" (no pg_hba.conf entry or role missing): check the user name and that the server accepts this client`
    case '3D000':
      return `database "${target.database}" does not exist on ${where}: check the database name in the URL`
    default:
      if (/timeout/i.test(message)) {
        return `no answer from ${where} within ${timeoutSeconds} s: check the host, port and firewall${supabaseDirect ? `. ${POOLER_HINT}` : ''}`
      }
      return `cannot connect to ${where}: ${message}`
  }
}

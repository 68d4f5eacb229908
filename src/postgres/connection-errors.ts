import { isIP } from 'node:net'
import type { DatabaseTarget } from './connection-url.js'

const POOLER_HINT =
  'Supabase direct hosts (db.<ref>.supabase.co) are IPv6-only; GitHub runners have no IPv6. Use the session pooler URL from the dashboard (Connect > Session pooler): postgres://postgres.<ref>:PASSWORD@aws-0-<region>.pooler.supabase.com:5432/postgres'

/**
 * The server named by a connection string could not be reached or refused us. The
 * message names the input, the cause and the fix (never the password); whether it
 * escalates, and as what, is the caller's decision.
 */
export class ConnectionError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options)
    this.name = 'ConnectionError'
  }
}

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
  const tls = describeTlsError(code, message, target)
  if (tls) return `cannot connect to ${where}: ${tls}`
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
      if (/no encryption/i.test(message) && target.sslmode === 'disable') {
        return `the server at ${where} accepts only TLS connections (pg_hba.conf hostssl) and sslmode=disable turns TLS off: use sslmode=require (or verify-full with sslrootcert)`
      }
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

const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE'
])

/** TLS failures, named by the setting that decides them (sslmode, sslrootcert). */
function describeTlsError(
  code: string | undefined,
  message: string,
  target: DatabaseTarget
): string | undefined {
  if (/does not support SSL/i.test(message)) {
    return `the server does not offer TLS but sslmode=${target.sslmode} requires it: enable ssl on the server, or use sslmode=prefer to allow a plain connection`
  }
  if (code && UNTRUSTED_CERTIFICATE.has(code)) {
    return target.sslrootcert && target.sslrootcert !== 'system'
      ? `the server's certificate is not signed by the CA in sslrootcert (${target.sslrootcert}) (${code}): pass the CA that signed the server certificate as sslrootcert`
      : `the server's certificate is not signed by a trusted CA (${code}): pass its CA as sslrootcert=/path/to/ca.crt`
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the server's certificate does not name host "${target.host}" (sslmode=verify-full): connect with the host name the certificate names, or use sslmode=verify-ca`
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return "the server's certificate has expired (sslmode verifies it): renew the server certificate"
  }
  return undefined
}

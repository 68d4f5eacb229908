import pg from 'pg'
import { EscalationError, type EscalationCondition } from '../errors.js'
import type { DatabaseTarget } from './connection-url.js'
import { describeConnectionError } from './connection-errors.js'

export type Client = pg.Client

export interface ConnectOptions {
  applicationName?: string
  connectTimeoutSeconds?: number
  /** The escalation a connection failure becomes. */
  condition: EscalationCondition
  /** Input the target came from, named in the error. */
  inputName: string
}

/**
 * Opens a node-postgres connection with libpq-like TLS semantics
 * (sslmode=require encrypts without verifying, verify-* verify) and a
 * connect timeout. A failure becomes an EscalationError with a message that
 * names the input and the likely fix and never contains the password.
 */
export async function connect(target: DatabaseTarget, options: ConnectOptions): Promise<Client> {
  const client = new pg.Client({
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    password: target.password,
    ssl: sslOption(target.params.get('sslmode')),
    application_name: options.applicationName ?? 'backup-drill',
    connectionTimeoutMillis: (options.connectTimeoutSeconds ?? 15) * 1000
  })
  // An 'error' event without a listener would crash the process (e.g. backend terminated).
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (error) {
    await client.end().catch(() => undefined)
    throw new EscalationError(
      options.condition,
      `${options.inputName}: ${describeConnectionError(error, target, options.connectTimeoutSeconds ?? 15)}`,
      {
        cause: error
      }
    )
  }
  return client
}

function sslOption(sslmode: string | undefined): pg.ClientConfig['ssl'] {
  switch (sslmode) {
    case 'require':
    case 'prefer':
      return { rejectUnauthorized: false }
    case 'verify-ca':
    case 'verify-full':
      return { rejectUnauthorized: true }
    default:
      return undefined
  }
}

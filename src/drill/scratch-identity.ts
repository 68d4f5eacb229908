import { InputError, errorMessage } from '../errors.js'
import { connectOrEscalate } from '../postgres/client.js'
import type { DatabaseTarget } from '../postgres/connection-url.js'
import {
  describeIdentity,
  isSameDatabase,
  readServerIdentity,
  type ServerIdentity
} from '../postgres/server-identity.js'
import type { Logger } from '../log/logger.js'

/**
 * The production guard's second line, after the spelling check: connect to
 * the scratch target (nothing is written) and compare the server and database
 * it really reached with production's. A DNS alias, the host name, a unix
 * socket, a hostaddr or a service entry cannot hide production from this.
 */

/** Connects to `target` and reads its identity; a connection failure is an EscalationError (`condition`). */
export async function identifyTarget(
  target: DatabaseTarget,
  logger: Logger,
  condition: 'restore-failed' = 'restore-failed'
): Promise<ServerIdentity> {
  const client = await connectOrEscalate(condition, target, {
    inputName: target.inputName,
    applicationName: 'backup-drill identity'
  })
  try {
    const { identity, note } = await readServerIdentity(client)
    if (note) logger.warning(`${target.inputName}: ${note}`, { title: 'Target identity' })
    return identity
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * The scratch target's identity, refused (InputError, exit 2, before any
 * write) when it is db-url's database. db-url is only read; when it cannot be
 * reached the drill goes on with a warning (the backup's recorded identity is
 * checked as soon as the manifest is read).
 */
export async function identifyScratch(
  scratch: DatabaseTarget,
  production: DatabaseTarget | undefined,
  logger: Logger
): Promise<ServerIdentity> {
  const identity = await identifyTarget(scratch, logger)
  logger.info(`Scratch target: ${describeIdentity(identity)}`)
  if (production) {
    const prod = await identifyTarget(production, logger).catch((error: unknown) => {
      logger.warning(
        `could not read db-url's identity (${errorMessage(error)}); relying on the backup's recorded source`,
        { title: 'Production guard' }
      )
      return undefined
    })
    if (prod) assertNotSameDatabase(identity, prod, 'db-url')
  }
  return identity
}

/** Throws InputError (scratch-db-url) when `scratch` is the same database as `production`. */
export function assertNotSameDatabase(
  scratch: ServerIdentity,
  production: ServerIdentity,
  productionName: string
): void {
  if (!isSameDatabase(scratch, production)) return
  throw new InputError(
    'scratch-db-url',
    `reaches production: it connects to the same server and database as ${productionName} (${describeIdentity(production)}), whatever its spelling (alias, socket, hostaddr, service, defaults). The drill restores with --clean and would overwrite it; nothing was written. Pass the URL of a scratch database`
  )
}

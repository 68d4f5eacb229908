import { errorMessage } from '../errors.js'
import type { Logger } from '../log/logger.js'
import { maskSecrets } from '../secrets.js'
import type { S3StoreConfig } from '../storage/s3/s3-config.js'
import type { DrillDependencies } from './run-drill.js'

/** Where a drill's log goes besides log-dir, and what became of it. */
export interface DrillLogStore {
  store: NonNullable<DrillDependencies['storeLog']>
  /** Why the log was not stored, once storing failed. */
  failure: () => string | undefined
  /** Where it was stored (for the summary and the closing line), once it was. */
  storedAt: () => string | undefined
}

/**
 * The storeLog seam around `put` (which returns where the log went). A failure
 * is a warning here (the drill result must still be reported) and remembered,
 * so a passing drill can fail for it afterwards (SOP "Store restore drill log").
 */
export function rememberingLogStore(
  logger: Logger,
  where: string,
  put: (files: string[], name: string) => Promise<string>
): DrillLogStore {
  let failure: string | undefined
  let storedAt: string | undefined
  return {
    store: async (files, name) => {
      try {
        storedAt = await logger.group(`Store drill log ${name} ${where}`, () => put(files, name))
        logger.info(`Drill log stored: ${storedAt}`)
      } catch (error) {
        failure = maskSecrets(errorMessage(error))
        logger.warning(`The drill log ${name} was not stored ${where}: ${failure}`, {
          title: 'Drill log not stored'
        })
      }
    },
    failure: () => failure,
    storedAt: () => storedAt
  }
}

/** With store s3: the log goes beside the sets, `<prefix>/drill-logs/<id>.json` and `.md`. */
export function bucketLogStore(config: S3StoreConfig, logger: Logger): DrillLogStore {
  return rememberingLogStore(logger, 'in the bucket', async (files) => {
    // Loaded only for a bucket, as every S3 path is (the SDK is large).
    const { createS3Client } = await import('../storage/s3/s3-config.js')
    const { storeDrillLogInBucket } = await import('../storage/s3/s3-drill-logs.js')
    return (await storeDrillLogInBucket(createS3Client(config), config, files)).join(', ')
  })
}

import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ownedTempDir } from '../cleanup/owner.js'
import { errorMessage } from '../errors.js'
import type { Logger } from '../log/logger.js'
import { drillLogSchema } from '../report/drill-log.js'
import type { ArtifactStoreTarget } from '../storage/artifact-backup-store.js'
import { ArtifactStoreError } from '../storage/artifact-errors.js'
import type { StatusDrill } from './evaluate-status.js'

/** The drill uploads its log as the artifact `drill-log-<id>` (src/drill/run-drill.ts). */
export const DRILL_LOG_ARTIFACT_PREFIX = 'drill-log-'

/** The drill logs found, and the files that could not be read as one. */
export interface FoundDrillLogs {
  source: string
  drills: StatusDrill[]
  problems: string[]
}

/**
 * Every drill log (`<id>.json` with kind `drill`) in a folder. A folder that
 * does not exist holds no drills (the drill check then says where it looked);
 * restore logs and other JSON files are not drills; a drill log that does not
 * parse is a problem, not a drill.
 */
export async function readDrillLogFolder(dir: string): Promise<FoundDrillLogs> {
  const source = `folder ${dir}`
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { source: `${source} (it does not exist)`, drills: [], problems: [] }
    throw error
  }
  const drills: StatusDrill[] = []
  const problems: string[] = []
  for (const name of names.filter((file) => file.endsWith('.json')).sort()) {
    const file = join(dir, name)
    const drill = await readDrillLog(file, file).catch((error: unknown) => {
      // Only files named like a drill's log are expected to be one.
      if (name.startsWith('drill-'))
        problems.push(`${file} is not a readable drill log: ${errorMessage(error)}`)
      return undefined
    })
    if (drill) drills.push(drill)
  }
  return { source, drills, problems }
}

/**
 * The newest drill log among a repository's artifacts (`drill-log-<id>`,
 * uploaded by the drill with upload: artifact): listed through the REST API,
 * the newest one downloaded into a temporary folder and read. Only the newest
 * is downloaded: it alone decides the drill check.
 */
export async function readNewestDrillLogArtifact(
  target: ArtifactStoreTarget,
  logger: Logger
): Promise<FoundDrillLogs> {
  const source = `artifacts ${DRILL_LOG_ARTIFACT_PREFIX}* of ${target.repository}`
  const { listArtifacts, downloadBackupArtifact } = await import('../storage/artifact-store.js')
  const artifacts = (
    await listArtifacts({
      token: target.token,
      repository: target.repository,
      namePrefix: DRILL_LOG_ARTIFACT_PREFIX,
      logger
    })
  ).filter((artifact) => !artifact.expired)
  const newest = artifacts[0]
  if (!newest) return { source, drills: [], problems: [] }
  const folder = await ownedTempDir('backup-drill-status-')
  try {
    await downloadBackupArtifact({
      name: newest.name,
      destination: folder.path,
      ...(newest.runId === undefined ? {} : { runId: newest.runId }),
      repository: target.repository,
      token: target.token,
      logger
    })
    const found = await readDrillLogFolder(folder.path)
    const origin = `artifact ${newest.name}${newest.runId === undefined ? '' : ` of run ${newest.runId}`}`
    return {
      source,
      drills: found.drills.map((drill) => ({ ...drill, origin })),
      problems: found.drills.length === 0 ? [`${origin} holds no drill log`] : []
    }
  } catch (error) {
    if (
      error instanceof ArtifactStoreError &&
      error.kind !== 'unauthorized' &&
      error.kind !== 'forbidden'
    )
      return { source, drills: [], problems: [`${newest.name}: ${error.message}`] }
    throw error
  } finally {
    await folder.undo()
  }
}

async function readDrillLog(file: string, origin: string): Promise<StatusDrill | undefined> {
  const log = drillLogSchema.parse(JSON.parse(await readFile(file, 'utf8')))
  if (log.kind !== 'drill') return undefined
  return {
    id: log.id,
    startedAt: new Date(log.startedAt),
    finishedAt: new Date(log.finishedAt),
    result: log.result,
    escalations: log.escalations,
    origin,
    rto: log.rto
  }
}

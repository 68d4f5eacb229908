import { resolve } from 'node:path'
import { ownedTempDir } from '../cleanup/owner.js'
import { parseNoticeInputs } from '../config/notice-inputs.js'
import {
  STATUS_ACTION_INPUTS,
  parseStatusInputs,
  parseStatusReportArtifact
} from '../config/status-options.js'
import type { Check } from '../drill/checks.js'
import { errorMessage } from '../errors.js'
import type { Logger } from '../log/logger.js'
import { backupSetName } from '../manifest/backup-set.js'
import { runContextFromEnv } from '../notify/notice.js'
import type { NotifyOptions } from '../notify/notify.js'
import { runStatus } from '../status/run-status.js'
import { statusSummaryMarkdown, type SummaryExtras } from '../status/status-summary.js'
import { readActionInputs, runAction, type ActionOutcome } from './action-runtime.js'
import { escalationMessage } from './escalations.js'

/** The report artifact is `status-report-<yyyymmdd-HHMMSS>`: no backup prefix's `<prefix>-<stamp>` by default. */
export const REPORT_ARTIFACT_PREFIX = 'status-report'
/** Days GitHub keeps the report (a repository limit below it wins; the upload says so). */
const REPORT_RETENTION_DAYS = 90

/**
 * The status sub-action (status/action.yml): inputs -> runStatus -> outputs,
 * job summary, and for rpo-exceeded / drill-overdue one annotation per
 * condition, the configured notices and a failed step. Warnings (missing days,
 * incomplete sets, a size jump) are annotations only.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await runAction({ heartbeat: true }, async (logger): Promise<ActionOutcome> => {
    const raw = readActionInputs(STATUS_ACTION_INPUTS)
    raw.repository ??= env.GITHUB_REPOSITORY
    const notice = parseNoticeInputs(raw)
    const options = parseStatusInputs(raw)
    const context = runContextFromEnv(env)
    const notify: NotifyOptions = {
      ...notice,
      ...(context.repository ? { repository: context.repository } : {}),
      apiUrl: context.apiUrl
    }
    const uploadReport = parseStatusReportArtifact(raw)
    const now = new Date()
    // Uploading needs a file: the given report path, else one in a temporary folder of this run.
    const folder =
      uploadReport && options.reportPath === undefined
        ? await ownedTempDir('backup-drill-status-report-')
        : undefined
    const reportPath = folder ? `${folder.path}/backup-status.html` : options.reportPath
    const report = await runStatus(
      { ...options, ...(reportPath === undefined ? {} : { reportPath }), now },
      logger
    )
    const extras: SummaryExtras = { history: true }
    if (uploadReport && reportPath !== undefined) {
      extras.reportArtifact = await uploadReportArtifact(resolve(reportPath), now, env, logger)
      await folder?.undo()
    }
    const summary = statusSummaryMarkdown(report, extras)
    const outputs = {
      result: report.result,
      conditions: report.conditions.join(','),
      'backup-age-hours': report.backup.newest?.ageHours ?? '',
      'drill-age-days': report.drill.newest?.ageDays ?? '',
      warnings: report.checks.filter((check) => check.status === 'warn').length,
      'report-url':
        extras.reportArtifact && 'url' in extras.reportArtifact ? extras.reportArtifact.url : '',
      json: JSON.stringify(report)
    }
    if (report.result === 'pass') {
      return { outputs, summary, closing: `Backup status: pass (${report.store})` }
    }
    // The failed status checks have the drill's Check shape: the same annotations and notice text.
    const checks = report.checks.filter(
      (check): check is Check & typeof check => check.status === 'fail'
    )
    return {
      outputs,
      escalations: { checks, conditions: report.conditions },
      summary,
      notice: {
        notice: {
          operation: 'status',
          conditions: report.conditions,
          message: escalationMessage(checks, report.conditions),
          // The status table and the report link; the history tables stay in the job summary.
          summaryMarkdown: statusSummaryMarkdown(report, { ...extras, history: false }),
          repository: context.repository,
          runUrl: context.runUrl
        },
        options: notify
      },
      failure: { message: `Backup status: escalate ${report.conditions.join(', ')}` }
    }
  })
}

/**
 * Uploads the HTML report as an artifact of this run and returns its link
 * (`<server>/<repo>/actions/runs/<run>/artifacts/<id>`). A failed upload is a
 * warning and the reason: the status result does not depend on it.
 */
async function uploadReportArtifact(
  file: string,
  now: Date,
  env: NodeJS.ProcessEnv,
  logger: Logger
): Promise<NonNullable<SummaryExtras['reportArtifact']>> {
  const name = backupSetName(REPORT_ARTIFACT_PREFIX, now)
  try {
    const { uploadBackupArtifact } = await import('../storage/artifact-store.js')
    const uploaded = await uploadBackupArtifact({
      name,
      files: [file],
      retentionDays: REPORT_RETENTION_DAYS,
      logger
    })
    const { runUrl } = runContextFromEnv(env)
    if (!runUrl) throw new Error('GITHUB_REPOSITORY or GITHUB_RUN_ID is not set: no link to give')
    const url = `${runUrl}/artifacts/${uploaded.id}`
    logger.info(`HTML report: ${url}`)
    return { name, url }
  } catch (error) {
    const failure = `artifact ${name}: ${errorMessage(error)}`
    logger.warning(`The HTML report was not uploaded (${failure}); the status stands.`, {
      title: 'Backup status: report not uploaded'
    })
    return { failure }
  }
}

import { parseNoticeInputs } from '../config/notice-inputs.js'
import { STATUS_ACTION_INPUTS, parseStatusInputs } from '../config/status-options.js'
import type { Check } from '../drill/checks.js'
import { runContextFromEnv } from '../notify/notice.js'
import type { NotifyOptions } from '../notify/notify.js'
import { runStatus } from '../status/run-status.js'
import { statusSummaryMarkdown } from '../status/status-summary.js'
import { readActionInputs, runAction, type ActionOutcome } from './action-runtime.js'
import { escalationMessage } from './escalations.js'

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
    const report = await runStatus({ ...options, now: new Date() }, logger)
    const summary = statusSummaryMarkdown(report)
    const outputs = {
      result: report.result,
      conditions: report.conditions.join(','),
      'backup-age-hours': report.backup.newest?.ageHours ?? '',
      'drill-age-days': report.drill.newest?.ageDays ?? '',
      warnings: report.checks.filter((check) => check.status === 'warn').length,
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
          summaryMarkdown: summary,
          repository: context.repository,
          runUrl: context.runUrl
        },
        options: notify
      },
      failure: { message: `Backup status: escalate ${report.conditions.join(', ')}` }
    }
  })
}

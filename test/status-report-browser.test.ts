import { describe, expect, it } from '@jest/globals'
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { FIXTURE, renderInChromium, writeFixtureReport } from './support/report-in-chromium.js'

// The report as people see it: rendered by a real headless Chromium (Debian package
// `chromium`; missing, this test fails with the install hint). The screenshot is kept
// as the test's artifact: its temp folder is not removed, and its path is printed (in CI:
// STATUS_REPORT_SCREENSHOT_DIR, which ci.yml uploads as an artifact).

describe('status --report in headless Chromium', () => {
  it('shows one point per backup and per drill of the 60-day history, without console errors', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'status-report-browser-'))
    const html = await writeFixtureReport(dir)
    // CI names a folder it uploads (ci.yml): the screenshot and the page go there; elsewhere
    // they stay in the (kept) temp folder beside the fixture.
    const kept = process.env.STATUS_REPORT_SCREENSHOT_DIR
    if (kept) {
      await mkdir(kept, { recursive: true })
      await copyFile(html, path.join(kept, 'status.html'))
    }
    const screenshot = path.join(kept ?? dir, 'status-report.png')
    const rendered = await renderInChromium(html, screenshot)
    process.stdout.write(`status report screenshot: ${screenshot}\n`)

    expect(rendered.errors).toEqual([])
    expect(rendered.title).toContain('Backup status')
    expect(rendered.points).toEqual({
      timeline: FIXTURE.backups + FIXTURE.drills,
      size: FIXTURE.backups,
      duration: FIXTURE.backups,
      rpo: FIXTURE.backups - 1, // the oldest backup has no previous one
      rto: FIXTURE.drills
    })
    expect(rendered.failedDrills).toBe(FIXTURE.failedDrills)
    // Daily backups: no stretch over the RPO; the failed drill is red on the timeline too.
    expect(rendered.timeline).toEqual({
      backups: FIXTURE.backups,
      drills: FIXTURE.drills,
      failedDrills: FIXTURE.failedDrills,
      gaps: 0
    })
    expect(rendered.budgets).toBe(FIXTURE.drills)

    // The calendar: one cell per UTC day from the oldest backup's day to today, each once, in order.
    const { days, states } = rendered.calendar
    const first = Date.parse(days[0]!)
    const today = new Date().toISOString().slice(0, 10)
    expect(days.at(-1)).toBe(today)
    expect(days).toEqual(
      Array.from({ length: (Date.parse(today) - first) / 86_400_000 + 1 }, (_, index) =>
        new Date(first + index * 86_400_000).toISOString().slice(0, 10)
      )
    )
    // Every backup day is kept or expiring under 35 daily + 12 monthly: the 35 newest days
    // (daily; a month's newest set is monthly instead), the oldest set (the monthly rule's
    // unused slots keep it), the rest beyond the policy.
    const withBackup =
      (states.daily ?? 0) + (states.monthly ?? 0) + (states.other ?? 0) + (states.expiring ?? 0)
    expect(withBackup).toBe(FIXTURE.backups)
    expect((states.daily ?? 0) + (states.monthly ?? 0)).toBeGreaterThanOrEqual(35)
    expect(states.expiring).toBeGreaterThan(0)
    expect(states.monthly).toBeGreaterThanOrEqual(2)
    expect(states.other ?? 0).toBeLessThanOrEqual(1) // none when the oldest set is its month's newest
    const png = await readFile(screenshot)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(png.length).toBeGreaterThan(10_000)
  })
})

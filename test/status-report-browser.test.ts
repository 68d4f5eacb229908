import { describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { FIXTURE, renderInChromium, writeFixtureReport } from './support/report-in-chromium.js'

// The report as people see it: rendered by a real headless Chromium (Debian package
// `chromium`; missing, this test fails with the install hint). The screenshot is kept
// as the test's artifact: its temp folder is not removed, and its path is printed.

describe('status --report in headless Chromium', () => {
  it('shows one point per backup and per drill of the 60-day history, without console errors', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'status-report-browser-'))
    const html = await writeFixtureReport(dir)
    const screenshot = path.join(dir, 'status-report.png')
    const rendered = await renderInChromium(html, screenshot)
    process.stdout.write(`status report screenshot: ${screenshot}\n`)

    expect(rendered.errors).toEqual([])
    expect(rendered.title).toContain('Backup status')
    expect(rendered.points).toEqual({
      size: FIXTURE.backups,
      rpo: FIXTURE.backups - 1, // the oldest backup has no previous one
      drills: FIXTURE.drills
    })
    expect(rendered.failedDrills).toBe(FIXTURE.failedDrills)
    const png = await readFile(screenshot)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(png.length).toBeGreaterThan(10_000)
  })
})

import { describe, expect, it } from '@jest/globals'
import { parseToc } from '../src/postgres/archive-check.js'
import { RESTORE_PASSES, needsRestorePasses } from '../src/drill/restore-archive.js'
import type { Inventory } from '../src/manifest/schema.js'

// A torture archive's post-data, as pg_restore --list prints it (multi-level partitions).
const LISTING = `;
; Archive created at 2026-12-01 08:13:08 UTC
3450; 2606 16500 CONSTRAINT torture orders orders_pkey postgres
3452; 2606 16510 CONSTRAINT torture orders_eu orders_eu_pkey postgres
3454; 2606 16520 CONSTRAINT torture orders_eu_2025 orders_eu_2025_pkey postgres
3623; 0 0 INDEX ATTACH torture orders_eu_2025_pkey postgres
3622; 0 0 INDEX ATTACH torture orders_eu_pkey postgres
3700; 2606 16600 FK CONSTRAINT torture order_lines order_lines_order_fkey postgres
`

/** The passes that restore a post-data entry (pg_restore --section picks the section, keep the entries). */
const passesOf = (dumpId: number) =>
  RESTORE_PASSES.flatMap((pass, index) =>
    pass.section === 'post-data' &&
    parseToc(LISTING).some((entry) => entry.dumpId === dumpId && pass.keep(entry))
      ? [index]
      : []
  )

describe('the passes of a restore into an empty target', () => {
  it('attach partition indexes one at a time, after the index builds and before the foreign keys', () => {
    const build = passesOf(3450)
    const attaches = [3623, 3622].map(passesOf)
    const fk = passesOf(3700)
    expect(build).toHaveLength(1)
    expect(attaches).toEqual([attaches[0], attaches[0]])
    expect(attaches[0]).toHaveLength(1)
    expect(fk).toHaveLength(1)
    const attachPass = RESTORE_PASSES[attaches[0]![0]!]!
    // Two workers attaching indexes of one partition tree can each miss the other's commit,
    // leaving the top index invalid: the attaches run with one job.
    expect(attachPass.serial).toBe(true)
    expect(build[0]!).toBeLessThan(attaches[0]![0]!)
    expect(attaches[0]![0]!).toBeLessThan(fk[0]!)
  })

  it('put every post-data entry in exactly one post-data pass', () => {
    for (const entry of parseToc(LISTING)) expect(passesOf(entry.dumpId)).toHaveLength(1)
  })
})

describe('needsRestorePasses', () => {
  const table = { schema: 'public', name: 't', rowCount: 1, rlsEnabled: false, rlsForced: false }
  const inventory = (extra: Partial<Inventory>): Inventory => ({
    tables: [table],
    constraints: [],
    indexes: [],
    policies: [],
    sequences: [],
    triggers: [],
    domains: [],
    ...extra
  })

  it('one run for plain tables and validated domain constraints (no race to prevent)', () => {
    const domain = {
      name: 'public.d',
      definition: 'integer',
      constraints: [{ name: 'c', definition: 'CHECK (VALUE > 0)', validated: true }]
    }
    expect(needsRestorePasses(inventory({ domains: [domain] }))).toBe(false)
  })

  it('passes for a partitioned table, a NOT VALID domain constraint, or an inventory that does not say', () => {
    expect(needsRestorePasses(inventory({ tables: [{ ...table, partitioned: true }] }))).toBe(true)
    const notValid = {
      name: 'public.d',
      definition: 'integer',
      constraints: [{ name: 'c', definition: 'CHECK (VALUE > 0) NOT VALID', validated: false }]
    }
    expect(needsRestorePasses(inventory({ domains: [notValid] }))).toBe(true)
    const { domains: _unknown, ...formatOne } = inventory({})
    expect(needsRestorePasses(formatOne)).toBe(true)
  })
})

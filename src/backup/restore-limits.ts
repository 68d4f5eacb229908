import type { Inventory } from '../manifest/schema.js'

/**
 * What a restore of this inventory will get wrong because of how pg_dump recreates it, known
 * before the dump is ever restored: warned about at backup time, so the drill's difference is no
 * surprise. Pure.
 *
 * pg_dump recreates an inheritance child (not a partition: those are created and then attached,
 * keeping their own order) with `CREATE TABLE child (...) INHERITS (parents)`, and the server
 * puts the inherited columns first, in the parents' order, then the child's own. A child whose
 * columns were in another order comes back reordered.
 */
export function restoreLimitWarnings(inventory: Inventory): string[] {
  const columns = inventory.columns
  if (!columns) return []
  const byTable = new Map<string, string[]>()
  for (const column of [...columns].sort((a, b) => a.position - b.position))
    byTable.set(column.table, [...(byTable.get(column.table) ?? []), column.name])
  const warnings: string[] = []
  for (const table of inventory.tables) {
    const parents = table.parents ?? []
    if (parents.length === 0 || (table.partitionBound ?? null) !== null) continue
    const key = `${table.schema}.${table.name}`
    const own = byTable.get(key) ?? []
    const inherited = parents.flatMap((parent) => byTable.get(parent) ?? [])
    const restored = [...new Set([...inherited.filter((c) => own.includes(c)), ...own])]
    if (restored.join('\0') !== own.join('\0'))
      warnings.push(
        `${key}: pg_dump recreates an inheritance child with its parents’ columns first, so a restore orders its columns ${restored.join(', ')} (the source has ${own.join(', ')}). The drill reports the moved columns; code that relies on column order (SELECT *, INSERT without a column list) sees the difference.`
      )
  }
  return warnings
}

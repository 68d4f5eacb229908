import type { Inventory } from '../manifest/schema.js'
import { outOfRecreatedOrder, type ColumnOrder } from '../postgres/recreated-column-order.js'

/**
 * What a restore of this inventory will have otherwise than the source because of how pg_dump
 * recreates it, known before the dump is ever restored: warned about at backup time. Pure.
 *
 * pg_dump recreates an inheritance child (not a partition: those are created and then attached,
 * keeping their own order) with `CREATE TABLE child (...) INHERITS (parents)`, and the server
 * puts the inherited columns first, in the parents' order, then the child's own (see
 * recreated-column-order.ts). A child whose columns were in another order comes back reordered.
 * The manifest already records columns in that recreated order, so the drill does not fail on
 * it; the warning is for code that depends on the physical order.
 */
export function restoreLimitWarnings(
  inventory: Inventory,
  orders: ReadonlyMap<string, ColumnOrder>
): string[] {
  const tables = inventory.tables.map((table) => `${table.schema}.${table.name}`)
  return outOfRecreatedOrder(orders, tables).map(
    ({ table, physical, recreated }) =>
      `${table}: pg_dump recreates an inheritance child with its parents’ columns first, so a restore orders its columns ${recreated.join(', ')} (the source has ${physical.join(', ')}). The drill compares columns in the restored order; code that relies on column order (SELECT *, INSERT without a column list) sees the difference.`
  )
}

/**
 * The column order a table has once pg_dump's script has recreated it. Pure.
 *
 * pg_dump (15 and 17 alike, outside --binary-upgrade) prints a table's live columns in attnum
 * order, except that an inheritance child gets `CREATE TABLE child (its local columns) INHERITS
 * (parents)`: the server then puts the inherited columns first, parent by parent in inhseqno
 * order, each parent's columns in the order that parent itself was recreated in, a column several
 * parents share once (where it first appears), and then the child's columns that no parent has,
 * in attnum order. A local column that also comes from a parent is merged into the inherited one's
 * place. Partitions are created with all their columns and then attached (`ALTER TABLE ... ATTACH
 * PARTITION`), so they keep their own order: the caller gives them no parents here.
 */

export interface PhysicalColumns {
  /** Live column names in attnum order. */
  columns: string[]
  /** INHERITS parents (`schema.name`) in inhseqno order; empty for a partition or a plain table. */
  parents: string[]
}

/** Recreated column order of every table in `tables`, keyed as given. */
export function recreatedColumnOrders(
  tables: ReadonlyMap<string, PhysicalColumns>
): Map<string, string[]> {
  const done = new Map<string, string[]>()
  const visiting = new Set<string>()
  const orderOf = (key: string): string[] | undefined => {
    const known = done.get(key)
    if (known) return known
    const table = tables.get(key)
    // Unknown (a parent nobody inspected), or a cycle the catalog cannot really hold.
    if (!table || visiting.has(key)) return table?.columns
    visiting.add(key)
    const own = new Set(table.columns)
    const inherited = table.parents.flatMap((parent) => orderOf(parent) ?? [])
    const order = [...new Set([...inherited.filter((name) => own.has(name)), ...table.columns])]
    visiting.delete(key)
    done.set(key, order)
    return order
  }
  for (const key of tables.keys()) orderOf(key)
  return done
}

/** A table's live columns as they are (attnum order) and as pg_dump's script will recreate them. */
export interface ColumnOrder {
  physical: string[]
  recreated: string[]
}

/**
 * The tables among `tables` whose physical column order is not the recreated one. On a source:
 * the inheritance children a restore will reorder. On a restored copy: none, since pg_dump's
 * script creates every table in exactly its recreated order, so any is a restore defect that
 * positions and row hashes (both in recreated order) cannot show.
 */
export function outOfRecreatedOrder(
  orders: ReadonlyMap<string, ColumnOrder>,
  tables: Iterable<string>
): Array<ColumnOrder & { table: string }> {
  return [...tables].flatMap((table) => {
    const order = orders.get(table)
    return order && order.physical.join('\0') !== order.recreated.join('\0')
      ? [{ table, ...order }]
      : []
  })
}

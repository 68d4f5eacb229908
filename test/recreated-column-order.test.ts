import { describe, expect, it } from '@jest/globals'
import {
  outOfRecreatedOrder,
  recreatedColumnOrders,
  type PhysicalColumns
} from '../src/postgres/recreated-column-order.js'

/**
 * Every expected order below was read back from a PostgreSQL 15 database after restoring
 * pg_dump 15's script of these tables (see also the drill round trips in
 * inventory-fidelity.test.ts, which check the same shapes end to end).
 */
const table = (columns: string, parents: string[] = []): PhysicalColumns => ({
  columns: columns.split(','),
  parents
})

describe('recreatedColumnOrders', () => {
  const physical = new Map([
    ['public.m1', table('x,y')],
    ['public.m2', table('z,y,w')],
    // k was made (q, w, x, y, z) and attached to m2 afterwards.
    ['public.k', table('q,w,x,y,z', ['public.m2'])],
    // g is a child of k: it starts with k's recreated order, not k's physical one.
    ['public.g', table('q,w,x,y,z,zz', ['public.k'])],
    // Two parents sharing y: merged once, where the first parent has it.
    ['public.k2', table('z,y,w,x,r', ['public.m2', 'public.m1'])],
    // A partition is attached after CREATE TABLE with all its columns: the caller gives no parents.
    ['public.p1', table('c,b,a')],
    // A parent nobody inspected: the child's own order stands.
    ['public.orphan', table('b,a', ['elsewhere.parent'])]
  ])
  const orders = recreatedColumnOrders(physical)

  it('puts the parents’ recreated columns first, then the child’s own in attnum order', () => {
    expect(Object.fromEntries([...orders].map(([key, order]) => [key, order.join(',')]))).toEqual({
      'public.m1': 'x,y',
      'public.m2': 'z,y,w',
      'public.k': 'z,y,w,q,x',
      'public.g': 'z,y,w,q,x,zz',
      'public.k2': 'z,y,w,x,r',
      'public.p1': 'c,b,a',
      'public.orphan': 'b,a'
    })
  })

  it('names exactly the tables whose physical order a restore changes', () => {
    const both = new Map(
      [...physical].map(([key, t]) => [key, { physical: t.columns, recreated: orders.get(key)! }])
    )
    expect(outOfRecreatedOrder(both, both.keys()).map((t) => t.table)).toEqual([
      'public.k',
      'public.g'
    ])
  })
})

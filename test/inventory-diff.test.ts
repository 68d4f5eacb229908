import { describe, expect, it } from '@jest/globals'
import {
  diffInventories,
  summarizeDifferences,
  type Difference
} from '../src/drill/inventory-diff.js'
import type { Inventory } from '../src/manifest/schema.js'

/** A small inventory shaped like the fixture's api_keys / accounts_profiles / AuditLog tables. */
function inventory(): Inventory {
  return {
    tables: [
      {
        schema: 'public',
        name: 'api_keys',
        rowCount: 10,
        rlsEnabled: true,
        rlsForced: false,
        contentHash: '123456789'
      },
      {
        schema: 'public',
        name: 'accounts_profiles',
        rowCount: 12,
        rlsEnabled: true,
        rlsForced: false
      },
      { schema: 'public', name: 'AuditLog', rowCount: 32, rlsEnabled: false, rlsForced: false }
    ],
    constraints: [
      {
        table: 'public.api_keys',
        name: 'api_keys_pkey',
        type: 'p',
        definition: 'PRIMARY KEY (id)',
        validated: true
      },
      {
        table: 'public.api_keys',
        name: 'api_keys_user_id_fkey',
        type: 'f',
        definition: 'FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE',
        validated: true
      },
      {
        table: 'public.accounts_profiles',
        name: 'accounts_profiles_display_name_check',
        type: 'c',
        definition:
          'CHECK (char_length(display_name) >= 1 AND char_length(display_name) <= 200) NOT VALID',
        validated: false
      },
      {
        table: 'public.AuditLog',
        name: 'AuditLog_pkey',
        type: 'p',
        definition: 'PRIMARY KEY (id)',
        validated: true
      }
    ],
    indexes: [
      {
        table: 'public.api_keys',
        name: 'api_keys_pkey',
        definition: 'CREATE UNIQUE INDEX api_keys_pkey ON public.api_keys USING btree (id)',
        valid: true
      },
      {
        table: 'public.AuditLog',
        name: 'AuditLog_pkey',
        definition: 'CREATE UNIQUE INDEX "AuditLog_pkey" ON public."AuditLog" USING btree (id)',
        valid: true
      }
    ],
    policies: [
      {
        table: 'public.api_keys',
        name: 'api_keys_own',
        command: 'SELECT',
        permissive: true,
        roles: ['authenticated', 'service_role'],
        using: '(user_id = auth.uid())',
        withCheck: null
      },
      {
        table: 'public.accounts_profiles',
        name: 'profiles_update_own',
        command: 'UPDATE',
        permissive: true,
        roles: ['authenticated'],
        using: '(id = auth.uid())',
        withCheck: '(id = auth.uid())'
      }
    ],
    sequences: [
      {
        name: 'public.AuditLog_id_seq',
        lastValue: '32',
        ownedBy: 'public.AuditLog.id',
        columnMax: '32'
      },
      { name: 'public.invoice_numbers', lastValue: null, ownedBy: null, columnMax: null }
    ],
    triggers: [
      {
        table: 'public.accounts_profiles',
        name: 'accounts_profiles_touch',
        definition:
          'CREATE TRIGGER accounts_profiles_touch BEFORE UPDATE ON public.accounts_profiles FOR EACH ROW EXECUTE FUNCTION touch_updated_at()',
        enabled: 'O'
      }
    ]
  }
}

/** `found` = the expected inventory after `change`. */
function changed(change: (found: Inventory) => void): Inventory {
  const found = inventory()
  change(found)
  return found
}

const at = <T>(items: T[], index: number): T => {
  const item = items[index]
  if (item === undefined) throw new Error(`no item ${index}`)
  return item
}

describe('diffInventories', () => {
  it('finds no difference between identical inventories', () => {
    expect(diffInventories(inventory(), inventory())).toEqual([])
  })

  const cases: Array<[string, (found: Inventory) => void, Difference[]]> = [
    [
      'a missing table (reported once, not with its constraints, indexes and policies)',
      (found) => {
        found.tables = found.tables.filter((table) => table.name !== 'api_keys')
        found.constraints = found.constraints.filter((c) => c.table !== 'public.api_keys')
        found.indexes = found.indexes.filter((i) => i.table !== 'public.api_keys')
        found.policies = found.policies.filter((p) => p.table !== 'public.api_keys')
      },
      [{ check: 'table', object: 'public.api_keys', expected: 'present', found: 'missing' }]
    ],
    [
      'a row count one short',
      (found) => (at(found.tables, 0).rowCount = 9),
      [{ check: 'row-count', object: 'public.api_keys', expected: '10', found: '9' }]
    ],
    [
      'a missing constraint',
      (found) => found.constraints.splice(1, 1),
      [
        {
          check: 'constraint',
          object: 'public.api_keys.api_keys_user_id_fkey',
          expected: 'FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE',
          found: 'missing'
        }
      ]
    ],
    [
      'a constraint with another definition',
      (found) =>
        (at(found.constraints, 1).definition = 'FOREIGN KEY (user_id) REFERENCES auth.users(id)'),
      [
        {
          check: 'constraint',
          object: 'public.api_keys.api_keys_user_id_fkey',
          expected: 'FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE',
          found: 'FOREIGN KEY (user_id) REFERENCES auth.users(id)'
        }
      ]
    ],
    [
      'a validated constraint restored NOT VALID',
      (found) => (at(found.constraints, 0).validated = false),
      [
        {
          check: 'constraint',
          object: 'public.api_keys.api_keys_pkey',
          expected: 'PRIMARY KEY (id)',
          found: 'PRIMARY KEY (id) (not validated)'
        }
      ]
    ],
    [
      'an extra constraint on a table of the backup',
      (found) =>
        found.constraints.push({
          table: 'public.api_keys',
          name: 'api_keys_name_check',
          type: 'c',
          definition: "CHECK (name <> '')",
          validated: true
        }),
      [
        {
          check: 'constraint',
          object: 'public.api_keys.api_keys_name_check',
          expected: 'none',
          found: "CHECK (name <> '')"
        }
      ]
    ],
    [
      'a missing index',
      (found) => found.indexes.splice(1, 1),
      [
        {
          check: 'index',
          object: 'public.AuditLog.AuditLog_pkey',
          expected: 'CREATE UNIQUE INDEX "AuditLog_pkey" ON public."AuditLog" USING btree (id)',
          found: 'missing'
        }
      ]
    ],
    [
      'an invalid index (a failed CREATE INDEX CONCURRENTLY)',
      (found) => (at(found.indexes, 0).valid = false),
      [
        {
          check: 'index',
          object: 'public.api_keys.api_keys_pkey',
          expected: 'CREATE UNIQUE INDEX api_keys_pkey ON public.api_keys USING btree (id)',
          found: 'CREATE UNIQUE INDEX api_keys_pkey ON public.api_keys USING btree (id) (invalid)'
        }
      ]
    ],
    [
      'row level security switched off',
      (found) => (at(found.tables, 1).rlsEnabled = false),
      [{ check: 'rls', object: 'public.accounts_profiles', expected: 'enabled', found: 'disabled' }]
    ],
    [
      'row level security forced where the source did not force it',
      (found) => (at(found.tables, 0).rlsForced = true),
      [{ check: 'rls', object: 'public.api_keys', expected: 'enabled', found: 'enabled, forced' }]
    ],
    [
      'a missing policy',
      (found) => found.policies.splice(0, 1),
      [
        {
          check: 'policy',
          object: 'public.api_keys.api_keys_own',
          expected:
            'PERMISSIVE FOR SELECT TO authenticated, service_role USING (user_id = auth.uid())',
          found: 'missing'
        }
      ]
    ],
    [
      'a policy that lost a role',
      (found) => (at(found.policies, 0).roles = ['authenticated']),
      [
        {
          check: 'policy',
          object: 'public.api_keys.api_keys_own',
          expected:
            'PERMISSIVE FOR SELECT TO authenticated, service_role USING (user_id = auth.uid())',
          found: 'PERMISSIVE FOR SELECT TO authenticated USING (user_id = auth.uid())'
        }
      ]
    ],
    [
      'a policy with another WITH CHECK',
      (found) => (at(found.policies, 1).withCheck = null),
      [
        {
          check: 'policy',
          object: 'public.accounts_profiles.profiles_update_own',
          expected:
            'PERMISSIVE FOR UPDATE TO authenticated USING (id = auth.uid()) WITH CHECK (id = auth.uid())',
          found: 'PERMISSIVE FOR UPDATE TO authenticated USING (id = auth.uid())'
        }
      ]
    ],
    [
      'a policy turned restrictive, for another command, with another USING',
      (found) => {
        const policy = at(found.policies, 0)
        policy.permissive = false
        policy.command = 'ALL'
        policy.using = 'true'
      },
      [
        {
          check: 'policy',
          object: 'public.api_keys.api_keys_own',
          expected:
            'PERMISSIVE FOR SELECT TO authenticated, service_role USING (user_id = auth.uid())',
          found: 'RESTRICTIVE FOR ALL TO authenticated, service_role USING true'
        }
      ]
    ],
    [
      'an extra policy on a table of the backup (it changes who sees rows)',
      (found) =>
        found.policies.push({
          table: 'public.api_keys',
          name: 'anon_read',
          command: 'SELECT',
          permissive: true,
          roles: ['anon'],
          using: 'true',
          withCheck: null
        }),
      [
        {
          check: 'policy',
          object: 'public.api_keys.anon_read',
          expected: 'none',
          found: 'PERMISSIVE FOR SELECT TO anon USING true'
        }
      ]
    ],
    [
      'a missing sequence',
      (found) => found.sequences.splice(1, 1),
      [
        {
          check: 'sequence',
          object: 'public.invoice_numbers',
          expected: 'present',
          found: 'missing'
        }
      ]
    ],
    [
      'a sequence behind its column (the classic restore bug)',
      (found) => (at(found.sequences, 0).lastValue = '1'),
      [
        {
          check: 'sequence',
          object: 'public.AuditLog_id_seq',
          expected: 'last value >= 32 (max of public.AuditLog.id)',
          found: 'last value 1'
        }
      ]
    ],
    [
      'a sequence never used although its column has rows',
      (found) => (at(found.sequences, 0).lastValue = null),
      [
        {
          check: 'sequence',
          object: 'public.AuditLog_id_seq',
          expected: 'last value >= 32 (max of public.AuditLog.id)',
          found: 'never used'
        }
      ]
    ],
    [
      'a sequence behind its column beyond 2^53 (compared as bigint)',
      (found) => {
        at(found.sequences, 0).lastValue = '9007199254740993'
        at(found.sequences, 0).columnMax = '9007199254740994'
      },
      [
        {
          check: 'sequence',
          object: 'public.AuditLog_id_seq',
          expected: 'last value >= 9007199254740994 (max of public.AuditLog.id)',
          found: 'last value 9007199254740993'
        }
      ]
    ],
    [
      'a sequence that lost its OWNED BY',
      (found) => {
        at(found.sequences, 0).ownedBy = null
        at(found.sequences, 0).columnMax = null
      },
      [
        {
          check: 'sequence',
          object: 'public.AuditLog_id_seq',
          expected: 'owned by public.AuditLog.id',
          found: 'owned by none'
        }
      ]
    ],
    [
      'a missing trigger',
      (found) => (found.triggers = []),
      [
        {
          check: 'trigger',
          object: 'public.accounts_profiles.accounts_profiles_touch',
          expected:
            'CREATE TRIGGER accounts_profiles_touch BEFORE UPDATE ON public.accounts_profiles FOR EACH ROW EXECUTE FUNCTION touch_updated_at() [enabled: O]',
          found: 'missing'
        }
      ]
    ],
    [
      'a disabled trigger',
      (found) => (at(found.triggers, 0).enabled = 'D'),
      [
        {
          check: 'trigger',
          object: 'public.accounts_profiles.accounts_profiles_touch',
          expected:
            'CREATE TRIGGER accounts_profiles_touch BEFORE UPDATE ON public.accounts_profiles FOR EACH ROW EXECUTE FUNCTION touch_updated_at() [enabled: O]',
          found:
            'CREATE TRIGGER accounts_profiles_touch BEFORE UPDATE ON public.accounts_profiles FOR EACH ROW EXECUTE FUNCTION touch_updated_at() [enabled: D]'
        }
      ]
    ],
    [
      'an extra trigger on a table of the backup',
      (found) =>
        found.triggers.push({
          table: 'public.api_keys',
          name: 'audit',
          definition:
            'CREATE TRIGGER audit AFTER INSERT ON public.api_keys FOR EACH ROW EXECUTE FUNCTION audit()',
          enabled: 'O'
        }),
      [
        {
          check: 'trigger',
          object: 'public.api_keys.audit',
          expected: 'none',
          found:
            'CREATE TRIGGER audit AFTER INSERT ON public.api_keys FOR EACH ROW EXECUTE FUNCTION audit() [enabled: O]'
        }
      ]
    ],
    [
      'another content hash',
      (found) => (at(found.tables, 0).contentHash = '987654321'),
      [
        {
          check: 'content-hash',
          object: 'public.api_keys',
          expected: '123456789',
          found: '987654321'
        }
      ]
    ],
    [
      'a content hash the inspection did not compute',
      (found) => delete at(found.tables, 0).contentHash,
      [
        {
          check: 'content-hash',
          object: 'public.api_keys',
          expected: '123456789',
          found: 'not computed'
        }
      ]
    ]
  ]

  it.each(cases)('reports %s', (_name, change, expected) => {
    expect(diffInventories(inventory(), changed(change))).toEqual(expected)
  })

  const allowed: Array<[string, (found: Inventory) => void]> = [
    [
      'extra tables, their objects and extra sequences (a Supabase scratch project has its own)',
      (found) => {
        found.tables.push({
          schema: 'storage',
          name: 'objects',
          rowCount: 5,
          rlsEnabled: true,
          rlsForced: false
        })
        found.constraints.push({
          table: 'storage.objects',
          name: 'objects_pkey',
          type: 'p',
          definition: 'PRIMARY KEY (id)',
          validated: true
        })
        found.policies.push({
          table: 'storage.objects',
          name: 'read',
          command: 'SELECT',
          permissive: true,
          roles: ['anon'],
          using: 'true',
          withCheck: null
        })
        found.sequences.push({
          name: 'storage.seq',
          lastValue: '1',
          ownedBy: null,
          columnMax: null
        })
      }
    ],
    ['policy roles in another order', (found) => at(found.policies, 0).roles.reverse()],
    [
      'a constraint the source had NOT VALID, still NOT VALID',
      (found) => expect(at(found.constraints, 2).validated).toBe(false)
    ],
    [
      'NOT NULL constraints of a PostgreSQL 18 scratch server when the source had none',
      (found) =>
        found.constraints.push({
          table: 'public.api_keys',
          name: 'api_keys_name_not_null',
          type: 'n',
          definition: 'NOT NULL name',
          validated: true
        })
    ],
    ['a sequence ahead of its column', (found) => (at(found.sequences, 0).lastValue = '40')],
    [
      'a sequence whose column is empty',
      (found) => {
        at(found.sequences, 0).lastValue = null
        at(found.sequences, 0).columnMax = null
      }
    ],
    [
      'a content hash on a table where the backup recorded none',
      (found) => (at(found.tables, 1).contentHash = '42')
    ]
  ]

  it.each(allowed)('allows %s', (_name, change) => {
    expect(diffInventories(inventory(), changed(change))).toEqual([])
  })

  it('ignores content hashes when compareContentHash is off', () => {
    const found = changed((inv) => (at(inv.tables, 0).contentHash = '987654321'))
    expect(diffInventories(inventory(), found, { compareContentHash: false })).toEqual([])
    expect(diffInventories(inventory(), found, { compareContentHash: true })).toHaveLength(1)
  })

  it('reports every difference at once, tables first', () => {
    const found = changed((inv) => {
      at(inv.tables, 0).rowCount = 9
      at(inv.tables, 1).rlsEnabled = false
      at(inv.sequences, 0).lastValue = '3'
      inv.triggers = []
    })
    expect(diffInventories(inventory(), found).map((diff) => diff.check)).toEqual([
      'row-count',
      'rls',
      'sequence',
      'trigger'
    ])
  })
})

describe('summarizeDifferences', () => {
  it.each<[Difference, string]>([
    [
      { check: 'row-count', object: 'public.api_keys', expected: '10', found: '9' },
      'public.api_keys: row count expected 10, found 9'
    ],
    [
      { check: 'table', object: 'public.api_keys', expected: 'present', found: 'missing' },
      'public.api_keys: table expected present, found missing'
    ],
    [
      { check: 'rls', object: 'public.accounts_profiles', expected: 'enabled', found: 'disabled' },
      'public.accounts_profiles: row level security expected enabled, found disabled'
    ],
    [
      { check: 'content-hash', object: 'public.api_keys', expected: '1', found: '2' },
      'public.api_keys: content hash expected 1, found 2'
    ]
  ])('%p', (diff, line) => {
    expect(summarizeDifferences([diff])).toEqual([line])
  })

  it('gives one line per difference', () => {
    const diffs = diffInventories(
      inventory(),
      changed((inv) => {
        at(inv.tables, 0).rowCount = 9
        inv.triggers = []
      })
    )
    expect(summarizeDifferences(diffs)).toEqual([
      'public.api_keys: row count expected 10, found 9',
      'public.accounts_profiles.accounts_profiles_touch: trigger expected CREATE TRIGGER accounts_profiles_touch BEFORE UPDATE ON public.accounts_profiles FOR EACH ROW EXECUTE FUNCTION touch_updated_at() [enabled: O], found missing'
    ])
  })
})

describe('sequences the source already had behind their column', () => {
  /** The source itself: identity column filled with explicit ids (OVERRIDING SYSTEM VALUE), sequence never called. */
  const behindSource = (): Inventory =>
    changed((inv) => {
      at(inv.sequences, 0).lastValue = null
      at(inv.sequences, 0).columnMax = '32'
    })

  it('is not a difference when the restore reproduces the source state', () => {
    expect(diffInventories(behindSource(), behindSource())).toEqual([])
  })

  it('is still a difference when the restore falls further behind than the source was', () => {
    const source = changed((inv) => (at(inv.sequences, 0).lastValue = '20'))
    const found = changed((inv) => (at(inv.sequences, 0).lastValue = '3'))
    expect(diffInventories(source, found)).toEqual([
      {
        check: 'sequence',
        object: 'public.AuditLog_id_seq',
        expected: 'last value >= 20 (the source was behind max 32 of public.AuditLog.id already)',
        found: 'last value 3'
      }
    ])
  })
})

describe('constraints derived from a partitioned parent', () => {
  /** A partition's foreign key: pg_dump recreates it on the parent, so the partition's copy gets a generated name. */
  const withDerived = (name: string): Inventory =>
    changed((inv) => {
      // A format-2 inventory records the flag on every constraint.
      for (const constraint of inv.constraints) constraint.derived = false
      inv.tables.push({
        schema: 'public',
        name: 'events_2024',
        rowCount: 0,
        rlsEnabled: false,
        rlsForced: false
      })
      inv.constraints.push({
        table: 'public.events_2024',
        name,
        type: 'f',
        definition: 'FOREIGN KEY (pid) REFERENCES public.parent(id)',
        validated: true,
        derived: true
      })
    })

  it('are matched by table and definition, not by name', () => {
    expect(diffInventories(withDerived('my_custom_fk'), withDerived('events_pid_fkey'))).toEqual([])
  })

  it('are still missing when no constraint of that definition exists', () => {
    const found = withDerived('events_pid_fkey')
    found.constraints = found.constraints.filter((c) => c.table !== 'public.events_2024')
    expect(diffInventories(withDerived('my_custom_fk'), found)).toEqual([
      {
        check: 'constraint',
        object: 'public.events_2024.my_custom_fk',
        expected: 'FOREIGN KEY (pid) REFERENCES public.parent(id) (derived from the parent)',
        found: 'missing'
      }
    ])
  })

  it('are matched by name in a format-1 manifest, which does not record the flag', () => {
    const found = withDerived('my_custom_fk')
    const expected = withDerived('my_custom_fk')
    for (const constraint of expected.constraints) delete constraint.derived
    expect(diffInventories(expected, found)).toEqual([])
  })

  it('keep name matching for the user’s own constraints', () => {
    const found = changed((inv) => (at(inv.constraints, 0).name = 'renamed_pkey'))
    expect(diffInventories(inventory(), found).map((d) => [d.object, d.found])).toEqual([
      ['public.api_keys.api_keys_pkey', 'missing'],
      ['public.api_keys.renamed_pkey', 'PRIMARY KEY (id)']
    ])
  })
})

describe('view definitions across PostgreSQL majors', () => {
  /** PostgreSQL 16 stopped qualifying column names in single-table views: same view, other text. */
  const withView = (definition: string): Inventory =>
    changed((inv) => {
      inv.views = [{ name: 'public.big', materialized: false, definition, options: [] }]
    })
  const pg15 =
    'SELECT orders.id,\n    orders.amount\n   FROM public.orders\n  WHERE orders.amount > 100::numeric;'
  const pg17 = 'SELECT id,\n    amount\n   FROM public.orders\n  WHERE amount > 100::numeric;'

  it('are equal when only the qualification of names differs and the majors differ', () => {
    expect(
      diffInventories(withView(pg15), withView(pg17), {
        compareContentHash: true,
        acrossMajors: true
      })
    ).toEqual([])
  })

  it('still differ when the query differs', () => {
    const other = pg17.replace('100', '1000')
    expect(
      diffInventories(withView(pg15), withView(other), {
        compareContentHash: true,
        acrossMajors: true
      }).map((d) => d.object)
    ).toEqual(['public.big'])
  })

  it('are compared as printed on the same major', () => {
    expect(diffInventories(withView(pg15), withView(pg17)).map((d) => d.object)).toEqual([
      'public.big'
    ])
  })
})

import { describe, expect, it } from '@jest/globals'
import { attributeRestoreErrors } from '../src/drill/dependency-check.js'
import {
  dependencyFindings,
  dependencyWarnings,
  type DependencyRow
} from '../src/postgres/dependency-findings.js'

const scope = { schemas: ['public'], tables: ['public.t', 'public.kept'] }

const row = (over: Partial<DependencyRow>): DependencyRow => ({
  dependent: 'default value for column id of table public.t',
  dependentTable: 'public.t',
  referenced: 'function extensions.uuid_generate_v4()',
  referencedType: 'function',
  referencedIdentity: 'extensions.uuid_generate_v4()',
  referencedSchema: 'extensions',
  referencedTable: null,
  extension: { name: 'uuid-ossp', schema: 'extensions' },
  ...over
})

describe('dependencyFindings', () => {
  it('names the extension behind a function of another schema, and the fix', () => {
    expect(dependencyFindings([row({})], [], scope)).toEqual([
      {
        kind: 'extension',
        object: 'default value for column id of table public.t',
        needs: 'function extensions.uuid_generate_v4()',
        requirement: 'extension uuid-ossp in schema extensions',
        probe: { kind: 'extension', name: 'uuid-ossp' },
        fix: 'prepare the target: CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions (a --schema dump never creates extensions)'
      }
    ])
  })

  it('leaves extensions installed in a schema of the scope to the drill', () => {
    const inScope = row({
      extension: { name: 'citext', schema: 'public' },
      referencedSchema: 'public'
    })
    expect(dependencyFindings([inScope], [], scope)).toEqual([])
  })

  it('ignores what objects of a table left out of the scope need (they are not dumped)', () => {
    const ofExcluded = row({ dependentTable: 'public.left_out' })
    expect(dependencyFindings([ofExcluded], [], scope)).toEqual([])
  })

  it('reports a table left out by exclude-tables once per object', () => {
    const view = row({
      dependent: 'view public.v',
      dependentTable: null,
      referenced: 'column id of table public.left_out',
      referencedType: 'table',
      referencedIdentity: 'public.left_out',
      referencedSchema: 'public',
      referencedTable: 'public.left_out',
      extension: null
    })
    const findings = dependencyFindings([view, view], [], scope)
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({
      kind: 'table',
      requirement: 'table public.left_out (left out by tables / exclude-tables)',
      probe: { kind: 'relation', name: 'public.left_out' }
    })
  })

  it('reports roles named by policies on tables in scope only', () => {
    const findings = dependencyFindings(
      [],
      [
        { policy: 'policy p on table public.t', table: 'public.t', role: 'authenticated' },
        { policy: 'policy q on table public.gone', table: 'public.gone', role: 'anon' }
      ],
      scope
    )
    expect(findings.map((f) => [f.requirement, f.object])).toEqual([
      ['role authenticated', 'policy p on table public.t']
    ])
  })

  it('groups warnings by requirement, naming each object and what it needs', () => {
    const warnings = dependencyWarnings(
      dependencyFindings(
        [
          row({}),
          row({
            dependent: 'default value for column key of table public.kept',
            dependentTable: 'public.kept'
          })
        ],
        [],
        scope
      )
    )
    expect(warnings).toEqual([
      `Needs extension uuid-ossp in schema extensions, outside the backup's scope, for: default value for column id of table public.t (function extensions.uuid_generate_v4()); default value for column key of table public.kept (function extensions.uuid_generate_v4()). A restore into a target without it fails on these 2 objects. Fix: prepare the target: CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions (a --schema dump never creates extensions).`
    ])
  })
})

describe('attributeRestoreErrors', () => {
  const [missing] = dependencyFindings([row({})], [], scope)

  it('attributes the failed statement and what follows from it, and nothing else', () => {
    const errors = attributeRestoreErrors(
      [
        {
          message: 'function extensions.uuid_generate_v4() does not exist',
          command:
            'CREATE TABLE public.t (\n    id uuid DEFAULT extensions.uuid_generate_v4() NOT NULL\n);',
          harmless: false
        },
        {
          message: 'relation "public.t" does not exist',
          command: 'COPY public.t (id) FROM stdin;',
          harmless: false
        },
        {
          message: 'relation "public.things" does not exist',
          command: 'COPY public.things FROM stdin;',
          harmless: false
        }
      ],
      [missing!]
    )
    expect(errors.map((e) => e.reason?.slice(0, 60))).toEqual([
      'expected: needs extension uuid-ossp in schema extensions, th',
      'expected: needs extension uuid-ossp in schema extensions, th',
      undefined
    ])
  })
})

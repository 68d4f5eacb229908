import { describe, expect, it } from '@jest/globals'
import {
  claimSettings,
  planRlsProof,
  rolesToCheck,
  type RlsPlanInput
} from '../src/postgres/rls-plan.js'

const tables: RlsPlanInput['tables'] = [
  { schema: 'public', name: 'todos', rlsEnabled: true },
  { schema: 'public', name: 'plain', rlsEnabled: false },
  { schema: 'auth', name: 'users', rlsEnabled: true }
]
const users = [
  { id: 'c0000000-0000-4000-8000-000000000000', role: 'authenticated' },
  { id: 'a0000000-0000-4000-8000-000000000000', role: null },
  { id: 'b0000000-0000-4000-8000-000000000000', role: 'editor' }
]
const roles = new Set(['anon', 'authenticated', 'editor'])

describe('RLS proof planner', () => {
  it('probes anon and the first users in id order, with the role PostgREST would use, in RLS-enabled tables only', () => {
    const plan = planRlsProof({ principals: 2, tables, users, existingRoles: roles })
    expect(plan).toEqual({
      status: 'probe',
      notes: [],
      tables: [
        { schema: 'auth', name: 'users' },
        { schema: 'public', name: 'todos' }
      ],
      principals: [
        { id: 'anon', role: 'anon', sub: null },
        {
          id: 'a0000000-0000-4000-8000-000000000000',
          role: 'authenticated',
          sub: 'a0000000-0000-4000-8000-000000000000'
        },
        {
          id: 'b0000000-0000-4000-8000-000000000000',
          role: 'editor',
          sub: 'b0000000-0000-4000-8000-000000000000'
        }
      ]
    })
    // The same input in another order gives the same plan.
    expect(
      planRlsProof({ principals: 2, tables, users: [...users].reverse(), existingRoles: roles })
    ).toEqual(plan)
  })

  it('is off at 0 and does not apply without RLS tables or without anon', () => {
    expect(planRlsProof({ principals: 0, tables, users, existingRoles: roles })).toMatchObject({
      status: 'off',
      reason: expect.stringMatching(/rls-principals is 0/)
    })
    expect(
      planRlsProof({ principals: 3, tables: [tables[1]!], users, existingRoles: roles })
    ).toMatchObject({
      status: 'not-applicable',
      reason: expect.stringMatching(/no table in scope has row level security/)
    })
    expect(
      planRlsProof({ principals: 3, tables, users, existingRoles: new Set(['authenticated']) })
    ).toMatchObject({
      status: 'not-applicable',
      reason: expect.stringMatching(/role anon does not exist/)
    })
  })

  it('says what the sample left out: no auth.users, no users, a role that does not exist', () => {
    expect(
      planRlsProof({
        principals: 3,
        tables,
        users: { unavailable: 'auth.users does not exist' },
        existingRoles: roles
      })
    ).toMatchObject({
      status: 'probe',
      principals: [{ id: 'anon' }],
      notes: ['auth.users does not exist: anon only']
    })
    expect(planRlsProof({ principals: 3, tables, users: [], existingRoles: roles })).toMatchObject({
      principals: [{ id: 'anon' }],
      notes: ['auth.users has no rows: anon only']
    })
    const plan = planRlsProof({
      principals: 3,
      tables,
      users,
      existingRoles: new Set(['anon', 'authenticated'])
    })
    expect(plan).toMatchObject({
      principals: [{ id: 'anon' }, { id: users[1]!.id }, { id: users[0]!.id }],
      notes: [expect.stringMatching(/^user b0000000-.*: role editor does not exist/)]
    })
    expect(rolesToCheck(users)).toEqual(['anon', 'authenticated', 'editor'])
  })

  it('sets the claims both ways PostgREST has: the JSON and the older one setting per claim', () => {
    expect(claimSettings({ id: 'u', role: 'authenticated', sub: 'u' })).toEqual([
      ['request.jwt.claims', '{"sub":"u","role":"authenticated"}'],
      ['request.jwt.claim.sub', 'u'],
      ['request.jwt.claim.role', 'authenticated']
    ])
    expect(claimSettings({ id: 'anon', role: 'anon', sub: null })).toEqual([
      ['request.jwt.claims', '{"role":"anon"}'],
      ['request.jwt.claim.sub', ''],
      ['request.jwt.claim.role', 'anon']
    ])
  })
})

import { describe, expect, it } from '@jest/globals'
import { parseToc } from '../src/postgres/archive-check.js'
import { orderManagedData, schemaOf } from '../src/drill/managed-restore.js'
import { resolveTargetKind } from '../src/drill/target-kind.js'
import type { Manifest } from '../src/manifest/schema.js'

const entry = (line: string) => parseToc(line)[0]!

describe('managed restore planning (pure)', () => {
  it('reads the schema of a TOC entry whatever the description', () => {
    expect(schemaOf(entry('3492; 0 16461 TABLE DATA auth users supabase_auth_admin'))).toBe('auth')
    expect(
      schemaOf(entry('3333; 2606 1 FK CONSTRAINT auth identities identities_user_id_fkey x'))
    ).toBe('auth')
    expect(
      schemaOf(entry('3482; 0 16519 ROW SECURITY storage objects supabase_storage_admin'))
    ).toBe('storage')
    expect(schemaOf(entry('11; 2615 16451 SCHEMA - auth supabase_auth_admin'))).toBeUndefined()
    expect(schemaOf(entry('3338; 2620 16575 TRIGGER auth users on_auth_user_created x'))).toBe(
      'auth'
    )
  })

  it('orders the data of managed tables so a referenced table loads first (no replica role)', () => {
    const listing = [
      '1; 0 1 TABLE DATA auth identities a',
      '2; 0 2 TABLE DATA auth sessions a',
      '3; 0 3 TABLE DATA public profiles p',
      '4; 0 4 TABLE DATA auth users a'
    ].join('\n')
    const manifest = {
      inventory: {
        tables: ['auth.identities', 'auth.sessions', 'auth.users', 'public.profiles'].map((k) => {
          const [schema, name] = k.split('.')
          return { schema, name }
        }),
        constraints: [
          {
            table: 'auth.identities',
            type: 'f',
            definition: 'FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE'
          },
          {
            table: 'auth.sessions',
            type: 'f',
            definition: 'FOREIGN KEY (user_id) REFERENCES auth.users(id)'
          }
        ]
      }
    } as unknown as Manifest
    const ordered = orderManagedData(listing, manifest, new Set(['auth']))
    expect(ordered.split('\n')).toEqual([
      '4; 0 4 TABLE DATA auth users a',
      '1; 0 1 TABLE DATA auth identities a',
      '3; 0 3 TABLE DATA public profiles p',
      '2; 0 2 TABLE DATA auth sessions a'
    ])
  })

  it('detects a Supabase target by schemas platform roles own, and says so', () => {
    expect(resolveTargetKind('auto', { platformSchemas: [] }).kind).toBe('postgres')
    const supabase = resolveTargetKind('auto', {
      platformSchemas: [{ schema: 'auth', owner: 'supabase_auth_admin' }]
    })
    expect(supabase).toEqual({
      kind: 'supabase',
      detail: 'detected supabase: schemas owned by platform roles: auth (supabase_auth_admin)'
    })
    expect(
      resolveTargetKind('postgres', { platformSchemas: [{ schema: 'auth', owner: 'x' }] }).kind
    ).toBe('postgres')
  })
})

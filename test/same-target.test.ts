import { describe, expect, it } from '@jest/globals'
import { InputError } from '../src/errors.js'
import { hostname, userInfo } from 'node:os'
import { parseDatabaseUrl } from '../src/postgres/connection-url.js'
import {
  assertScratchIsNotProduction,
  normalizeTarget as normalizeResolved
} from '../src/postgres/same-target.js'

/** The guard's inputs as URLs; both are resolved with libpq's rules first (empty environment), as the drill does. */
interface ScratchGuardOptions {
  scratchUrl: string
  productionUrl?: string
  projectRef?: string
}

function guard(options: ScratchGuardOptions, env: NodeJS.ProcessEnv = {}): void {
  assertScratchIsNotProduction({
    scratch: parseDatabaseUrl('scratch-db-url', options.scratchUrl, env),
    ...(options.productionUrl
      ? { production: parseDatabaseUrl('db-url', options.productionUrl, env) }
      : {}),
    ...(options.projectRef ? { projectRef: options.projectRef } : {})
  })
}

function normalizeTarget(url: string, env: NodeJS.ProcessEnv = {}) {
  return normalizeResolved(parseDatabaseUrl('db-url', url, env))
}

// Passwords used in every URL below; no error message may contain any of them (in any spelling).
const PASSWORDS = ['Pr0d-Secret!', 'Scr4tch-Secret', 'p@ss/w0rd?x', 'QueryPassw0rd']
const REF = 'abcdefghijklmnopqrst'
const OTHER_REF = 'zyxwvutsrqponmlkjihg'
const PROD = 'postgres://app:Pr0d-Secret!@db.example.com:5432/prod'
const LOCAL_PROD = 'postgres://app:Pr0d-Secret!@localhost:5432/prod'
const SUPABASE_PROD = `postgresql://postgres:Pr0d-Secret!@db.${REF}.supabase.co:5432/postgres`

function guardError(options: ScratchGuardOptions): InputError | undefined {
  try {
    guard(options)
    return undefined
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
}

function expectNoPassword(message: string): void {
  for (const password of PASSWORDS) {
    for (const spelling of [password, encodeURIComponent(password)]) {
      expect(message).not.toContain(spelling)
    }
  }
}

describe('assertScratchIsNotProduction refuses every spelling of production', () => {
  const cases: Array<[string, ScratchGuardOptions]> = [
    ['the identical URL', { scratchUrl: PROD, productionUrl: PROD }],
    [
      'an upper-case host',
      { scratchUrl: 'postgres://app:Scr4tch-Secret@DB.EXAMPLE.COM:5432/prod', productionUrl: PROD }
    ],
    [
      'explicit :5432 against an implicit port',
      {
        scratchUrl: 'postgres://app:Scr4tch-Secret@db.example.com:5432/prod',
        productionUrl: 'postgres://app:Pr0d-Secret!@db.example.com/prod'
      }
    ],
    [
      'a fully qualified host name with a trailing dot',
      { scratchUrl: 'postgres://app:Scr4tch-Secret@db.example.com.:5432/prod', productionUrl: PROD }
    ],
    [
      'a trailing slash after the database',
      { scratchUrl: 'postgres://app:Scr4tch-Secret@db.example.com:5432/prod/', productionUrl: PROD }
    ],
    [
      'the postgresql:// scheme (any case)',
      { scratchUrl: 'PostgreSQL://app:Scr4tch-Secret@db.example.com/prod', productionUrl: PROD }
    ],
    [
      'localhost against 127.0.0.1',
      { scratchUrl: 'postgres://app:Scr4tch-Secret@127.0.0.1:5432/prod', productionUrl: LOCAL_PROD }
    ],
    [
      'localhost against [::1]',
      { scratchUrl: 'postgres://app:Scr4tch-Secret@[::1]/prod', productionUrl: LOCAL_PROD }
    ],
    [
      '127.0.0.1 against [0:0:0:0:0:0:0:1]',
      {
        scratchUrl: 'postgres://app:Scr4tch-Secret@[0:0:0:0:0:0:0:1]:5432/prod',
        productionUrl: 'postgres://app:Pr0d-Secret!@127.0.0.1/prod'
      }
    ],
    [
      'the short IPv4 form 127.1',
      { scratchUrl: 'postgres://app:Scr4tch-Secret@127.1:5432/prod', productionUrl: LOCAL_PROD }
    ],
    [
      'a percent-encoded database name',
      { scratchUrl: 'postgres://app:Scr4tch-Secret@db.example.com/pr%6Fd', productionUrl: PROD }
    ],
    [
      'a percent-encoded host',
      { scratchUrl: 'postgres://app:Scr4tch-Secret@db%2Eexample%2Ecom/prod', productionUrl: PROD }
    ],
    [
      '?host=&port=&dbname= parameters overriding the URI parts',
      {
        scratchUrl:
          'postgres://app:Scr4tch-Secret@scratch.example.com:6000/scratch?host=db.example.com&port=5432&dbname=prod',
        productionUrl: PROD
      }
    ],
    [
      'a unix-socket directory in ?host= against localhost on the same port',
      {
        scratchUrl: 'postgres://app:Scr4tch-Secret@/prod?host=/var/run/postgresql',
        productionUrl: LOCAL_PROD
      }
    ],
    [
      'a percent-encoded socket directory in the authority',
      {
        scratchUrl: 'postgresql://app:Scr4tch-Secret@%2Fvar%2Frun%2Fpostgresql:5432/prod',
        productionUrl: 'postgres://app:Pr0d-Secret!@[::1]:5432/prod'
      }
    ],
    [
      "the machine's own host name against localhost",
      {
        scratchUrl: `postgres://app:Scr4tch-Secret@${hostname()}:5432/prod`,
        productionUrl: LOCAL_PROD
      }
    ],
    [
      'no host at all (default socket) against 127.0.0.1',
      {
        scratchUrl: 'postgres:///prod',
        productionUrl: 'postgres://app:Pr0d-Secret!@127.0.0.1/prod'
      }
    ],
    [
      'the Supabase session pooler against the direct host of the same project',
      {
        scratchUrl: `postgres://postgres.${REF}:Scr4tch-Secret@aws-0-eu-west-1.pooler.supabase.com:5432/postgres`,
        productionUrl: SUPABASE_PROD
      }
    ],
    [
      'the Supabase transaction pooler (port 6543) of the same project',
      {
        scratchUrl: `postgres://postgres.${REF}:Scr4tch-Secret@aws-0-eu-west-1.pooler.supabase.com:6543/postgres`,
        productionUrl: SUPABASE_PROD
      }
    ],
    [
      'an upper-case Supabase direct host, known only by the project ref',
      {
        scratchUrl: `postgres://postgres:Scr4tch-Secret@DB.${REF.toUpperCase()}.SUPABASE.CO/postgres`,
        projectRef: REF
      }
    ],
    [
      'a scratch URL with the project ref in the user name on a non-Supabase host',
      {
        scratchUrl: `postgres://postgres.${REF}:Scr4tch-Secret@10.0.0.7:5432/postgres`,
        projectRef: REF
      }
    ],
    [
      'a scratch URL with the project ref as the database name',
      { scratchUrl: `postgres://app:Scr4tch-Secret@scratch.example.com/${REF}`, projectRef: REF }
    ],
    [
      'a scratch URL with the project ref in a parameter',
      {
        scratchUrl: `postgres://app:Scr4tch-Secret@scratch.example.com/copy?options=reference%3D${REF}`,
        projectRef: REF
      }
    ],
    [
      'an empty database name, which libpq reads as the user name',
      {
        scratchUrl: 'postgres://prod:Scr4tch-Secret@db.example.com:5432/',
        productionUrl: PROD
      }
    ],
    [
      '?user= with no database, against that database',
      {
        scratchUrl: 'postgres://db.example.com?user=prod&password=QueryPassw0rd',
        productionUrl: PROD
      }
    ],
    [
      'an IPv4-mapped IPv6 address against the IPv4 address',
      {
        scratchUrl: 'postgres://app:Scr4tch-Secret@[::ffff:10.1.2.3]/prod',
        productionUrl: 'postgres://app:Pr0d-Secret!@10.1.2.3:5432/prod'
      }
    ],
    [
      'an expanded IPv6 address against the compressed one',
      {
        scratchUrl: 'postgres://app:Scr4tch-Secret@[2001:0DB8:0:0:0:0:0:5]/prod',
        productionUrl: 'postgres://app:Pr0d-Secret!@[2001:db8::5]:5432/prod'
      }
    ],
    [
      'hostaddr= naming the production address under another host name',
      {
        scratchUrl: 'postgres://app:Scr4tch-Secret@scratch.example.com/prod?hostaddr=10.1.2.3',
        productionUrl: 'postgres://app:Pr0d-Secret!@10.1.2.3/prod'
      }
    ],
    [
      'a failover host list whose second host is production',
      {
        scratchUrl: 'postgres://app:Scr4tch-Secret@scratch.example.com,db.example.com/prod',
        productionUrl: PROD
      }
    ],
    [
      'a password containing @ / ? that must not confuse the parser',
      { scratchUrl: 'postgres://app:p%40ss%2Fw0rd%3Fx@db.example.com/prod', productionUrl: PROD }
    ],
    [
      'a service= entry the guard cannot resolve',
      {
        scratchUrl: 'postgres://app:Scr4tch-Secret@scratch.example.com/scratch?service=drill',
        productionUrl: PROD
      }
    ]
  ]

  it('has at least 15 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15)
  })

  it.each(cases)('refuses %s', (_name, options) => {
    const error = guardError(options)
    expect(error).toBeInstanceOf(InputError)
    expect(error?.input).toBe('scratch-db-url')
    // Refused as production, not merely as a malformed URL.
    expect(error?.message).toMatch(
      /^scratch-db-url: (points at production|mentions the production project ref|lists several hosts|names service "drill", which is not defined)/
    )
    expectNoPassword(error?.message ?? '')
  })
})

describe('assertScratchIsNotProduction allows distinct targets', () => {
  const cases: Array<[string, ScratchGuardOptions]> = [
    [
      'another database on the production server',
      {
        scratchUrl: 'postgres://app:Scr4tch-Secret@db.example.com:5432/prod_scratch',
        productionUrl: PROD,
        projectRef: REF
      }
    ],
    [
      'the same database name on another port',
      { scratchUrl: 'postgres://app:Scr4tch-Secret@db.example.com:5433/prod', productionUrl: PROD }
    ],
    [
      'the same database name on another host',
      { scratchUrl: 'postgres://app:Scr4tch-Secret@scratch.example.com/prod', productionUrl: PROD }
    ],
    [
      'another Supabase project (direct hosts)',
      {
        scratchUrl: `postgres://postgres:Scr4tch-Secret@db.${OTHER_REF}.supabase.co:5432/postgres`,
        productionUrl: SUPABASE_PROD,
        projectRef: REF
      }
    ],
    [
      'another Supabase project on the same pooler host as production',
      {
        scratchUrl: `postgres://postgres.${OTHER_REF}:Scr4tch-Secret@aws-0-eu-west-1.pooler.supabase.com:5432/postgres`,
        productionUrl: `postgres://postgres.${REF}:Pr0d-Secret!@aws-0-eu-west-1.pooler.supabase.com:5432/postgres`,
        projectRef: REF
      }
    ],
    [
      'a local socket on another port',
      { scratchUrl: 'postgres:///prod?host=/tmp&port=5433', productionUrl: LOCAL_PROD }
    ],
    [
      'a database whose name differs only in case (PostgreSQL names are case-sensitive)',
      { scratchUrl: 'postgres://app:Scr4tch-Secret@db.example.com/Prod', productionUrl: PROD }
    ],
    [
      'a project ref that is only part of a longer word ("local" in localhost)',
      { scratchUrl: 'postgres://app:Scr4tch-Secret@localhost:5432/drill', projectRef: 'local' }
    ],
    ['any URL when nothing about production is known', { scratchUrl: LOCAL_PROD }]
  ]

  it('has at least 6 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6)
  })

  it.each(cases)('allows %s', (_name, options) => {
    expect(() => guard(options)).not.toThrow()
  })
})

describe('assertScratchIsNotProduction messages', () => {
  it('names the production target without user or password', () => {
    const error = guardError({
      scratchUrl: 'postgres://app:Scr4tch-Secret@DB.example.com/prod',
      productionUrl: PROD
    })
    expect(error?.message).toContain('db.example.com:5432/prod')
    expect(error?.message).not.toContain('app:')
  })

  it('names the Supabase project', () => {
    const error = guardError({
      scratchUrl: `postgres://postgres.${REF}:Scr4tch-Secret@aws-0-us-east-1.pooler.supabase.com:6543/postgres`,
      productionUrl: SUPABASE_PROD
    })
    expect(error?.message).toContain(`the same Supabase project (${REF})`)
  })

  it.each([
    ['an invalid port', 'postgres://app:p%40ss%2Fw0rd%3Fx@db.example.com:99999/prod'],
    [
      'a port glued to the password by an unencoded slash',
      'postgres://app:p@ss/w0rd?x@db.example.com/prod'
    ],
    [
      'bad percent-encoding in the database',
      'postgres://app:Scr4tch-Secret@db.example.com/prod%zz'
    ],
    ['a non-postgres scheme', 'mysql://app:Scr4tch-Secret@db.example.com/prod'],
    [
      'a query parameter without =',
      'postgres://app:Scr4tch-Secret@db.example.com/prod?QueryPassw0rd'
    ]
  ])('rejects a malformed URL (%s) without echoing its password', (_name, scratchUrl) => {
    const error = guardError({ scratchUrl, productionUrl: PROD })
    expect(error).toBeInstanceOf(InputError)
    expectNoPassword(error?.message ?? '')
  })
})

describe('normalizeTarget', () => {
  const cases: Array<
    [string, { hosts: string[]; port: number; database: string; projectRef?: string }]
  > = [
    [
      'postgres://u:pw@DB.Example.COM/app',
      { hosts: ['db.example.com'], port: 5432, database: 'app' }
    ],
    [
      'postgres://u@[::1]:6000/app',
      { hosts: ['localhost', '127.0.0.1', '::1'], port: 6000, database: 'app' }
    ],
    [
      'postgres://alice@db.example.com',
      { hosts: ['db.example.com'], port: 5432, database: 'alice' }
    ],
    [
      'postgres://db.example.com/',
      { hosts: ['db.example.com'], port: 5432, database: userInfo().username }
    ],
    [
      'postgres://10.0.0.1/app',
      { hosts: ['10.0.0.1', '::ffff:10.0.0.1'], port: 5432, database: 'app' }
    ],
    [
      'postgres://x/y?host=%2Fvar%2Frun%2Fpostgresql&port=5433&dbname=my%20db',
      {
        hosts: ['localhost', '127.0.0.1', '::1', 'unix:/var/run/postgresql'],
        port: 5433,
        database: 'my db'
      }
    ],
    [
      `postgres://postgres:pw@db.${REF}.supabase.co:5432/postgres`,
      { hosts: [`db.${REF}.supabase.co`], port: 5432, database: 'postgres', projectRef: REF }
    ],
    [
      `postgres://postgres.${REF}:pw@aws-0-eu-west-1.pooler.supabase.com:6543/postgres`,
      {
        hosts: ['aws-0-eu-west-1.pooler.supabase.com'],
        port: 6543,
        database: 'postgres',
        projectRef: REF
      }
    ]
  ]

  it.each(cases)('%s', (url, expected) => {
    expect(normalizeTarget(url)).toMatchObject(expected)
  })

  it('defaults the database to the user name, which libpq reads from PGUSER', () => {
    expect(normalizeTarget('postgres://db.example.com', { PGUSER: 'ci' }).database).toBe('ci')
  })

  it('refuses a host list, naming the input', () => {
    expect(() => normalizeTarget('postgres://a,b/app')).toThrow(/^db-url: lists several hosts/)
  })
})

import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../src/errors.js'
import { parseConninfo } from '../src/postgres/conninfo.js'
import { explicitUrl, libpqTool, parseDatabaseUrl } from '../src/postgres/connection-url.js'
import { passwordFromFile } from '../src/postgres/libpq-files.js'
import { maskSecrets } from '../src/secrets.js'

const entries = (text: string) => Object.fromEntries(parseConninfo('db-url', text))

function inputError(work: () => unknown): InputError {
  try {
    work()
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error('expected an InputError')
}

describe('parseConninfo reads URLs as libpq does', () => {
  it.each([
    [
      'postgres://u:p%40w@db.example.com:6543/app',
      { user: 'u', password: 'p@w', host: 'db.example.com', port: '6543', dbname: 'app' }
    ],
    ['postgresql://[::1]:5433/app', { host: '::1', port: '5433', dbname: 'app' }],
    ['postgres://%2Ftmp%2Fpg:5432/victim', { host: '/tmp/pg', port: '5432', dbname: 'victim' }],
    // libpq does not read + as a space; %20 is one.
    [
      'postgres://h/app?options=-c%20statement_timeout%3D0',
      { host: 'h', dbname: 'app', options: '-c statement_timeout=0' }
    ],
    ['postgres://h/a+b', { host: 'h', dbname: 'a+b' }],
    ['postgres://h/app?ssl=true', { host: 'h', dbname: 'app', sslmode: 'require' }],
    ['postgres://h/path?dbname=query', { host: 'h', dbname: 'query' }],
    ['postgres://', {}]
  ])('%s', (url, expected) => {
    expect(entries(url)).toEqual(expected)
  })

  it('reads keyword=value strings with quotes and escapes', () => {
    expect(entries(`host=h port=5 dbname='my db' user=u password='it\\'s a \\\\ secret'`)).toEqual({
      host: 'h',
      port: '5',
      dbname: 'my db',
      user: 'u',
      password: "it's a \\ secret"
    })
  })

  it.each([
    ['a raw @ in the password', 'postgres://u:p@ss@h/db', /more than one raw @/],
    ['a raw / in the password', 'postgres://u:pa/ss@h/db', /raw \/ comes before the @/],
    ['a raw ? in the password', 'postgres://u:pa?ss@h/db', /raw \? comes before the @/],
    ['a raw #', 'postgres://u:pa#ss@h/db', /raw #/],
    ['an empty ?dbname=', 'postgres://h/db?dbname=', /empty \?dbname=/],
    ['an empty ?host=', 'postgres://h/db?host=', /empty \?host=/],
    [
      'an unknown parameter',
      'postgres://h/db?target_session_attrs=any',
      /unsupported connection parameter/
    ],
    ['a parameter given twice', 'postgres://h/db?sslmode=require&sslmode=disable', /twice/],
    ['a host list', 'postgres://a,b/db', /several hosts/],
    ['another scheme', 'mysql://h/db', /must start with postgres:\/\//],
    ['bad percent-encoding', 'postgres://h/db%zz', /percent-encoding/],
    ['an unterminated quote', "host=h password='abc", /unterminated/],
    ['an unknown keyword', 'host=h sslmod=require', /unsupported connection parameter "sslmod"/],
    ['neither form', 'just-a-name', /neither a postgres:\/\/ URL nor keyword=value/]
  ])('refuses %s naming the input, without its password', (_name, text, pattern) => {
    const error = inputError(() => parseConninfo('scratch-db-url', text))
    expect(error.input).toBe('scratch-db-url')
    expect(error.message).toMatch(pattern)
    expect(maskSecrets(error.message)).toBe(error.message)
    for (const secret of ['p@ss', 'pa/ss', 'pa?ss', 'pa#ss', 'abc'])
      expect(error.message).not.toContain(secret)
  })

  it('masks the password of a valid URL without masking ordinary words around it', () => {
    expect(
      entries('postgres://u:Valid-Secret-1@h/db?sslrootcert=/certificates/a@b/ca.crt')
    ).toMatchObject({
      password: 'Valid-Secret-1',
      sslrootcert: '/certificates/a@b/ca.crt'
    })
    expect(maskSecrets('Valid-Secret-1 in /certificates')).toBe('*** in /certificates')
  })

  it('registers a refused URL password so no later message can print it', () => {
    inputError(() => parseConninfo('db-url', 'postgres://carol:p@ssw0rdSecret99@h/db'))
    expect(maskSecrets('carol:p@ssw0rdSecret99@h and ssw0rdSecret99')).not.toMatch(/ssw0rdSecret99/)
  })
})

describe('parseDatabaseUrl resolves with libpq precedence', () => {
  it('takes the string first, then the service entry, then PG* variables, then defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'svc-'))
    const file = join(dir, 'pg_service.conf')
    writeFileSync(file, '[s]\nhost=svc-host\nport=6000\ndbname=svcdb\n')
    const target = parseDatabaseUrl('db-url', 'service=s dbname=given', {
      PGSERVICEFILE: file,
      PGHOST: 'env-host',
      PGUSER: 'envuser',
      PGSSLMODE: 'require'
    })
    expect(target).toMatchObject({
      host: 'svc-host',
      port: 6000,
      database: 'given',
      user: 'envuser',
      sslmode: 'require'
    })
  })

  it('defaults the database to the user name, never to "postgres"', () => {
    expect(parseDatabaseUrl('db-url', 'postgres://alice@h', {}).database).toBe('alice')
  })

  it('refuses an unknown service and an invalid sslmode from the environment', () => {
    expect(
      inputError(() =>
        parseDatabaseUrl('db-url', 'service=nope', { PGSERVICEFILE: '/nonexistent' })
      ).message
    ).toMatch(/names service "nope", which is not defined/)
    expect(
      inputError(() => parseDatabaseUrl('db-url', 'postgres://h/db', { PGSSLMODE: 'on' })).message
    ).toMatch(/invalid sslmode "on"/)
  })

  it('builds display and location from the parts: no password spelling can be in them', () => {
    const target = parseDatabaseUrl('db-url', 'postgres://carol:p%40ss%2Fw0rd@h:5433/app', {})
    expect(target.display).toBe('postgres://carol@h:5433/app')
    expect(target.location).toBe('h:5433/app')
  })

  it('gives tools and smoke commands the same explicit target', () => {
    const target = parseDatabaseUrl(
      'db-url',
      'postgres://u:pw%20x@%2Ftmp%2Fpg:5433/my%20db?options=-c%20a%3Db',
      {}
    )
    expect(libpqTool(target).dbnameArg).toBe(
      "host='/tmp/pg' port='5433' dbname='my db' user='u' sslmode='prefer' options='-c a=b' connect_timeout='15'"
    )
    expect(Object.fromEntries(parseConninfo('x', explicitUrl(target)))).toEqual({
      user: 'u',
      password: 'pw x',
      host: '/tmp/pg',
      port: '5433',
      dbname: 'my db',
      sslmode: 'prefer',
      options: '-c a=b'
    })
  })
})

describe('.pgpass', () => {
  it('matches host, port, database and user with * and escaped colons; ignores a world-readable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pgpass-'))
    const file = join(dir, 'pgpass')
    writeFileSync(file, '# comment\nother:*:*:*:nope\nh:5432:*:u:se\\:cr\\\\et:tail\n', {
      mode: 0o600
    })
    expect(passwordFromFile(file, { host: 'h', port: '5432', database: 'db', user: 'u' })).toBe(
      'se:cr\\et'
    )
    expect(
      passwordFromFile(file, { host: 'h', port: '5433', database: 'db', user: 'u' })
    ).toBeUndefined()
    const open = join(dir, 'open')
    writeFileSync(open, '*:*:*:*:pw\n', { mode: 0o644 })
    const warnings: string[] = []
    expect(
      passwordFromFile(open, { host: 'h', port: '1', database: 'd', user: 'u' }, (w) =>
        warnings.push(w)
      )
    ).toBeUndefined()
    expect(warnings[0]).toMatch(/group or world access/)
  })
})

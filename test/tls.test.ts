import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manifestSchema } from '../src/manifest/schema.js'
import { startCluster, type Cluster } from '../src/sandbox/cluster.js'
import { runCliCaptured } from './support/cli.js'
import { tempDir } from './support/backups.js'
import { createDatabase, withClient } from './support/database.js'

/**
 * A real TLS server: a second cluster with ssl=on, its certificate signed by
 * a private CA made with openssl, and pg_hba accepting TCP only over TLS
 * (hostssl), like Supabase's "enforce SSL". Backups run node-postgres AND
 * pg_dump against it, so both must get the same TLS settings.
 */

let cluster: Cluster
let dir: string
let ca: string
let otherCa: string

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
}

/** `<name>.key` + `<name>.crt` signed by ca.crt. */
function signed(name: string, subject: string, extension?: string): void {
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject
  ])
  if (extension) writeFileSync(join(dir, `${name}.ext`), `${extension}\n`)
  openssl([
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    ...(extension ? ['-extfile', `${name}.ext`] : [])
  ])
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'backup-drill-tls-'))
  chmodSync(dir, 0o755)
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=backup-drill test CA'
  ])
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'other.key',
    '-out',
    'other.crt',
    '-days',
    '2',
    '-subj',
    '/CN=another CA'
  ])
  // Server certificate (for localhost and 127.0.0.1) and a client certificate for the role postgres, both signed by the CA.
  signed('server', '/CN=localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1')
  signed('client', '/CN=postgres')
  writeFileSync(
    join(dir, 'pg_hba.conf'),
    // certdb admits only a client certificate; everything else needs TLS + password.
    'local all all trust\nhostssl certdb all 127.0.0.1/32 cert\nhostssl all all 127.0.0.1/32 scram-sha-256\n'
  )
  for (const file of ['server.crt', 'ca.crt', 'other.crt', 'pg_hba.conf'])
    chmodSync(join(dir, file), 0o644)
  chmodSync(join(dir, 'server.key'), 0o600)
  if (process.getuid?.() === 0) {
    // The server runs as the postgres user, which must own its key.
    const id = (flag: string) =>
      Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim())
    chownSync(join(dir, 'server.key'), id('-u'), id('-g'))
  }
  ca = join(dir, 'ca.crt')
  otherCa = join(dir, 'other.crt')
  cluster = await startCluster({
    ...(process.env.BACKUP_DRILL_TEST_SERVER_BIN
      ? { binDir: process.env.BACKUP_DRILL_TEST_SERVER_BIN }
      : {}),
    settings: {
      ssl: 'on',
      ssl_cert_file: join(dir, 'server.crt'),
      ssl_key_file: join(dir, 'server.key'),
      ssl_ca_file: join(dir, 'ca.crt'),
      hba_file: join(dir, 'pg_hba.conf')
    }
  })
  await withClient(`${cluster.url}?sslmode=no-verify`, (client) =>
    client.query(
      'CREATE TABLE public.tls_probe (id int PRIMARY KEY); INSERT INTO public.tls_probe VALUES (1), (2)'
    )
  )
  await withClient(`${cluster.url}?sslmode=no-verify`, (client) =>
    client.query('CREATE DATABASE certdb')
  )
}, 120_000)

afterAll(async () => {
  await cluster?.stop()
})

const tlsUrl = (host: string, query: string) =>
  `postgres://postgres:${cluster.password}@${host}:${cluster.port}/postgres${query ? `?${query}` : ''}`

/** Runs the CLI backup; the hba file only admits TLS, so a pass means node-postgres AND pg_dump used TLS. */
async function backup(url: string) {
  const outDir = tempDir()
  const run = await runCliCaptured([
    'backup',
    '--db-url',
    url,
    '--out-dir',
    outDir,
    '--schemas',
    'public'
  ])
  const manifestFile = readdirSync(outDir).find((name) => name.endsWith('.manifest.json'))
  const manifest = manifestFile
    ? manifestSchema.parse(JSON.parse(readFileSync(join(outDir, manifestFile), 'utf8')))
    : undefined
  return { ...run, manifest }
}

describe('TLS with libpq semantics, node-postgres and pg_dump alike', () => {
  it('verify-full with sslrootcert (the runbook setting) passes: backup and pg_dump over verified TLS', async () => {
    const run = await backup(
      tlsUrl('localhost', `sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`)
    )
    expect(run.stderr).not.toMatch(/self-signed|error/i)
    expect(run.code).toBe(0)
    expect(run.manifest?.inventory.tables.map((t) => [t.name, t.rowCount])).toEqual([
      ['tls_probe', 2]
    ])
    expect(run.manifest?.source).toMatchObject({
      host: 'localhost',
      port: cluster.port,
      database: 'postgres'
    })
  })

  it('verify-ca with sslrootcert passes through an IP address', async () => {
    const run = await backup(
      tlsUrl('127.0.0.1', `sslmode=verify-ca&sslrootcert=${encodeURIComponent(ca)}`)
    )
    expect(run.code).toBe(0)
  })

  it('a wrong CA fails, naming sslrootcert', async () => {
    const run = await backup(
      tlsUrl('localhost', `sslmode=verify-full&sslrootcert=${encodeURIComponent(otherCa)}`)
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/not signed by the CA in sslrootcert/)
    expect(run.stderr).not.toContain(cluster.password)
  })

  it('verify-full without sslrootcert is bad input before connecting', async () => {
    const run = await backup(tlsUrl('localhost', 'sslmode=verify-full'))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/db-url: .*sslrootcert/)
  })

  it('the hostssl-only server works without sslmode (libpq default prefer: TLS first)', async () => {
    const run = await backup(tlsUrl('127.0.0.1', ''))
    expect(run.code).toBe(0)
  })

  it('allow against the hostssl-only server retries with TLS after the plain attempt is refused', async () => {
    const run = await backup(tlsUrl('127.0.0.1', 'sslmode=allow'))
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({
      code: 0,
      stderr: ''
    })
  })

  it('the hostssl-only server with sslmode=disable gets a hint to use sslmode=require', async () => {
    const run = await backup(tlsUrl('127.0.0.1', 'sslmode=disable'))
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/accepts only TLS connections .*use sslmode=require/)
  })

  it('prefer against a server without TLS falls back to a plain connection', async () => {
    const plain = new URL(await createDatabase('plain'))
    plain.searchParams.set('sslmode', 'prefer')
    const run = await backup(plain.toString())
    expect(run.code).toBe(0)
  })

  it('require against a server without TLS fails, saying the server offers no TLS', async () => {
    const plain = new URL(await createDatabase('plain'))
    plain.searchParams.set('sslmode', 'require')
    const run = await backup(plain.toString())
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/does not offer TLS but sslmode=require/)
  })

  it('a client certificate (sslcert/sslkey) reaches node-postgres and pg_dump alike (hba: cert only)', async () => {
    const files = `sslrootcert=${encodeURIComponent(ca)}&sslcert=${encodeURIComponent(join(dir, 'client.crt'))}&sslkey=${encodeURIComponent(join(dir, 'client.key'))}`
    // No password: the certificate is the only credential certdb accepts.
    const url = `postgres://postgres@localhost:${cluster.port}/certdb?sslmode=verify-full&${files}`
    const run = await backup(url)
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({
      code: 0,
      stderr: ''
    })
    expect(run.manifest?.source).toMatchObject({ database: 'certdb', user: 'postgres' })
    const without = await backup(
      `postgres://postgres@localhost:${cluster.port}/certdb?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`
    )
    expect(without.code).toBe(1)
  })

  it('an invalid sslmode is bad input naming db-url', async () => {
    const run = await backup(tlsUrl('localhost', 'sslmode=verify'))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/db-url: has an invalid sslmode "verify"/)
  })
})

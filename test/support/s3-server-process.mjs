// The S3 test server's process (started by test/support/s3-server.ts): s3rver's
// request handler behind a front that adds what s3rver 3.x lacks for our tests:
//  - AWS Signature V4 verification of the Authorization header (s3rver checks only
//    that the access key id exists), so a wrong secret key fails as on real S3;
//  - AbortMultipartUpload and ListMultipartUploads (s3rver answers them with
//    MethodNotAllowed / NotImplemented), so aborted uploads can be checked;
//  - conditional PutObject (If-None-Match: *, 412 PreconditionFailed when the
//    key exists), which s3rver ignores on writes;
//  - a log of the requests it received (method, path, query names, the
//    x-amz-copy-source and If-None-Match headers), sent over IPC on request.
// Runs with --openssl-legacy-provider: s3rver encrypts continuation tokens with
// DES, which Node 17+ only offers from OpenSSL's legacy provider.
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import S3rver from 's3rver'
import account from 's3rver/lib/models/account.js'

const { DUMMY_ACCOUNT } = account

const directory = process.env.S3_TEST_DIRECTORY
const accessKeyId = process.env.S3_TEST_ACCESS_KEY_ID
const secretAccessKey = process.env.S3_TEST_SECRET_ACCESS_KEY
if (!directory || !accessKeyId || !secretAccessKey) throw new Error('S3_TEST_* env missing')
const secrets = new Map([[accessKeyId, secretAccessKey]])
DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey)
// s3rver's own well-known pair would let any client in without our check.
DUMMY_ACCOUNT.revokeAccessKey('S3RVER')

const s3rver = new S3rver({ directory, silent: true, resetOnClose: false })
const handle = s3rver.callback()
const uploadsDir = (bucket) => s3rver.store.getResourcePath(bucket, '', 'uploads')

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const rfc3986 = (text) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
  )
const hmac = (key, text) => crypto.createHmac('sha256', key).update(text, 'utf8').digest()
const hex = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex')

function xmlError(res, status, code, message) {
  res.writeHead(status, { 'content-type': 'application/xml' })
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`
  )
}

/** Undefined when the request's SigV4 Authorization header is right; else [code, message]. */
function signatureProblem(req) {
  const auth = req.headers.authorization
  if (!auth) return ['AccessDenied', 'Anonymous access is not allowed']
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      auth
    )
  if (!match) return ['AuthorizationHeaderMalformed', 'not an AWS4-HMAC-SHA256 header']
  const [, keyId, date, region, service, signedHeaders, signature] = match
  const secret = secrets.get(keyId)
  if (!secret)
    return [
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.'
    ]
  const amzDate = req.headers['x-amz-date']
  const payloadHash = req.headers['x-amz-content-sha256']
  if (!amzDate || !payloadHash)
    return ['AccessDenied', 'x-amz-date and x-amz-content-sha256 are required']
  const [rawPath, rawQuery = ''] = req.url.split('?')
  const query = rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [k, v = ''] = pair.split('=')
      const decode = (s) => decodeURIComponent(s.replace(/\+/g, '%20'))
      return [rfc3986(decode(k)), rfc3986(decode(v))]
    })
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const names = signedHeaders.split(';')
  const headers = names
    .map(
      (name) =>
        `${name}:${String(req.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`
    )
    .join('')
  const canonical = [req.method, rawPath, query, headers, signedHeaders, payloadHash].join('\n')
  const scope = `${date}/${region}/${service}/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, hex(canonical)].join('\n')
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request')
  const expected = crypto.createHmac('sha256', key).update(toSign, 'utf8').digest('hex')
  if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature)))
    return [
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.'
    ]
  return undefined
}

const escapeXml = (text) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]
  )

/** ListMultipartUploads: the uploads s3rver keeps in its bucket's uploads folder. */
function listUploads(res, bucket, prefix) {
  const dir = uploadsDir(bucket)
  const uploads = fs.existsSync(dir) ? fs.readdirSync(dir) : []
  const entries = uploads
    .map((id) => ({
      id,
      key: fs.readFileSync(path.join(dir, id, 'key'), 'utf8'),
      initiated: fs.statSync(path.join(dir, id)).birthtime.toISOString()
    }))
    .filter((upload) => upload.key.startsWith(prefix))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
  res.writeHead(200, { 'content-type': 'application/xml' })
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult><Bucket>${escapeXml(bucket)}</Bucket><Prefix>${escapeXml(prefix)}</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>` +
      entries
        .map(
          (u) =>
            `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${u.id}</UploadId><Initiated>${u.initiated}</Initiated></Upload>`
        )
        .join('') +
      '</ListMultipartUploadsResult>'
  )
}

/** `bucket/key` of the conditional PutObjects in flight: the first one holds the key until it is answered. */
const conditionalWrites = new Set()

/**
 * PutObject with `If-None-Match: *` (AWS conditional writes): 412
 * PreconditionFailed when the key exists or another conditional PutObject of
 * it is in flight (AWS lets the first to finish win; here the first to arrive
 * wins, the loser gets 412 in both cases), else s3rver stores it. Other
 * If-None-Match values are NotImplemented (AWS accepts only `*` on writes).
 * UploadPart and CopyObject with the header are not emulated (501).
 */
async function conditionalPut(req, res, bucket, key, url) {
  const refuse = (status, code, message) => {
    req.resume()
    xmlError(res, status, code, message)
  }
  if (req.headers['if-none-match'] !== '*')
    return refuse(501, 'NotImplemented', 'If-None-Match on a write accepts only *')
  if (url.searchParams.has('uploadId') || req.headers['x-amz-copy-source'])
    return refuse(501, 'NotImplemented', 'the test server emulates If-None-Match on PutObject only')
  const id = `${bucket}/${key}`
  const precondition = () =>
    refuse(
      412,
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold'
    )
  if (conditionalWrites.has(id)) return precondition()
  // Held before the existence check (which awaits): two requests can never both pass it.
  conditionalWrites.add(id)
  res.once('close', () => conditionalWrites.delete(id))
  if (fs.existsSync(path.join(directory, bucket)) && (await s3rver.store.existsObject(bucket, key)))
    return precondition()
  return handle(req, res)
}

/** Every request the front received, in order, for tests that assert what the client sent. */
const requests = []
process.on('message', (message) => {
  if (message?.type === 'requests') process.send({ type: 'requests', requests })
})

const server = http.createServer((req, res) => {
  {
    const url = new URL(req.url, 'http://localhost')
    requests.push({
      method: req.method,
      path: decodeURIComponent(url.pathname),
      query: [...url.searchParams.keys()],
      copySource: req.headers['x-amz-copy-source'] ?? null,
      ifNoneMatch: req.headers['if-none-match'] ?? null
    })
  }
  const problem = signatureProblem(req)
  if (problem) {
    req.resume()
    return xmlError(res, 403, problem[0], problem[1])
  }
  const url = new URL(req.url, 'http://localhost')
  const [, bucket, ...keyParts] = url.pathname.split('/')
  const key = decodeURIComponent(keyParts.join('/'))
  if (req.method === 'GET' && bucket && !key && url.searchParams.has('uploads')) {
    if (!fs.existsSync(path.join(directory, bucket)))
      return xmlError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist')
    return listUploads(res, bucket, url.searchParams.get('prefix') ?? '')
  }
  if (req.method === 'PUT' && key && req.headers['if-none-match'] !== undefined) {
    return void conditionalPut(req, res, bucket, key, url).catch((error) =>
      xmlError(res, 500, 'InternalError', escapeXml(String(error)))
    )
  }
  if (req.method === 'DELETE' && key && url.searchParams.has('uploadId')) {
    req.resume()
    const id = url.searchParams.get('uploadId')
    const dir = path.join(uploadsDir(bucket), path.basename(id))
    if (!/^[0-9a-f]+$/.test(id) || !fs.existsSync(dir))
      return xmlError(res, 404, 'NoSuchUpload', 'The specified upload does not exist')
    fs.rmSync(dir, { recursive: true, force: true })
    res.writeHead(204)
    return res.end()
  }
  return handle(req, res)
})

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n')
})
// Exit with the test process that started us (its IPC channel closes).
process.once('disconnect', () => process.exit(0))

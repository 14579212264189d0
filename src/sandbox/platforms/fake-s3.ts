/**
 * A local S3-compatible service for tests and the demo, speaking the REST shapes the AWS SDK v3
 * uses with path-style addressing: PutObject, GetObject, HeadObject, DeleteObject,
 * ListObjectsV2 (prefix, delimiter, continuation), the multipart upload calls, and S3's error
 * XML with its status codes (NoSuchBucket, NoSuchKey, NoSuchUpload, EntityTooSmall, InvalidPart,
 * BadDigest, InvalidAccessKeyId). Requests must carry a SigV4 Authorization header naming the
 * configured access key (the signature itself is not recomputed). Bodies sent aws-chunked are
 * decoded, and a CRC32 checksum the SDK sends is checked. Objects live in memory.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { errorXml, listXml, xml, type ListedObject } from './fake-s3-xml.js';

const MIN_PART_BYTES = 5 * 2 ** 20;

interface StoredObject {
  body: Buffer;
  etag: string;
  modified: Date;
}

interface Upload {
  bucket: string;
  key: string;
  parts: Map<number, StoredObject>;
}

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

/** Decodes an aws-chunked body: `<hex size>[;chunk-signature=…]\r\n<data>\r\n` … `0\r\n<trailers>`. */
function decodeChunked(raw: Buffer): { body: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) throw new S3Error(400, 'IncompleteBody', 'aws-chunked body ended early');
    const size = parseInt(raw.subarray(at, eol).toString('latin1').split(';')[0], 16);
    if (Number.isNaN(size)) throw new S3Error(400, 'InvalidRequest', 'bad aws-chunked size');
    at = eol + 2;
    if (size === 0) break;
    parts.push(raw.subarray(at, at + size));
    at += size + 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of raw.subarray(at).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { body: Buffer.concat(parts), trailers };
}

export class FakeS3 {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();
  private readonly uploads = new Map<string, Upload>();
  private server: Server | null = null;
  /** Every request as `METHOD path?query` (tests check which calls were made). */
  readonly calls: string[] = [];

  constructor(
    readonly accessKeyId = 'fake-access-key',
    buckets: string[] = ['archive'],
  ) {
    for (const b of buckets) this.buckets.set(b, new Map());
  }

  async listen(port = 0): Promise<this> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    return this;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The stored bytes of an object (tests: to corrupt or inspect one). */
  object(bucket: string, key: string): Buffer | undefined {
    return this.buckets.get(bucket)?.get(key)?.body;
  }

  /** Replaces an object's bytes as if someone rewrote it in the bucket. */
  overwrite(bucket: string, key: string, body: Buffer): void {
    this.bucket(bucket).set(key, { body, etag: md5(body), modified: new Date() });
  }

  keys(bucket: string): string[] {
    return [...this.bucket(bucket).keys()].sort();
  }

  /** Multipart uploads begun and neither completed nor aborted. */
  get openUploads(): number {
    return this.uploads.size;
  }

  private bucket(name: string): Map<string, StoredObject> {
    const b = this.buckets.get(name);
    if (!b) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    return b;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://s3.local');
    this.calls.push(`${req.method} ${url.pathname}${url.search}`);
    const requestId = randomUUID();
    try {
      this.authorise(req);
      const reply = this.route(req, url, this.body(req, Buffer.concat(chunks)));
      res.writeHead(reply.status, { 'x-amz-request-id': requestId, ...reply.headers });
      res.end(req.method === 'HEAD' ? undefined : reply.body);
    } catch (err) {
      const e =
        err instanceof S3Error
          ? err
          : new S3Error(500, 'InternalError', err instanceof Error ? err.message : String(err));
      const resource = decodeURIComponent(url.pathname);
      res.writeHead(e.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
      res.end(req.method === 'HEAD' ? undefined : errorXml(e.code, e.message, resource, requestId));
    }
  }

  private authorise(req: IncomingMessage): void {
    const auth = req.headers.authorization ?? '';
    const key = /^AWS4-HMAC-SHA256 Credential=([^/]+)\//.exec(auth)?.[1];
    if (!key) throw new S3Error(403, 'AccessDenied', 'Access Denied');
    if (key !== this.accessKeyId)
      throw new S3Error(
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
      );
  }

  /** The payload, decoded from aws-chunked when so sent, its CRC32 checked when one is given. */
  private body(req: IncomingMessage, raw: Buffer): Buffer {
    const chunked =
      (req.headers['content-encoding'] ?? '').includes('aws-chunked') ||
      String(req.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
    const { body, trailers } = chunked ? decodeChunked(raw) : { body: raw, trailers: {} };
    const sent = trailers['x-amz-checksum-crc32'] ?? req.headers['x-amz-checksum-crc32'];
    if (typeof sent === 'string') {
      const own = Buffer.alloc(4);
      own.writeUInt32BE(crc32(body));
      if (own.toString('base64') !== sent)
        throw new S3Error(
          400,
          'BadDigest',
          'The CRC32 you specified did not match the calculated checksum.',
        );
    }
    return body;
  }

  private route(
    req: IncomingMessage,
    url: URL,
    body: Buffer,
  ): { status: number; headers?: Record<string, string | number>; body?: Buffer | string } {
    const [, bucketName = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const q = url.searchParams;
    const objects = this.bucket(bucketName);
    const method = req.method ?? 'GET';
    if (!key) {
      if (method === 'GET' && q.get('list-type') === '2') return this.list(bucketName, objects, q);
      throw new S3Error(501, 'NotImplemented', `${method} on a bucket is not implemented here`);
    }
    if (method === 'POST' && q.has('uploads')) {
      const uploadId = randomUUID().replace(/-/g, '');
      this.uploads.set(uploadId, { bucket: bucketName, key, parts: new Map() });
      return xml(
        'InitiateMultipartUploadResult',
        `<Bucket>${bucketName}</Bucket><Key>${key}</Key><UploadId>${uploadId}</UploadId>`,
      );
    }
    const uploadId = q.get('uploadId');
    if (uploadId !== null) return this.multipart(method, uploadId, q, body);
    if (method === 'PUT') {
      if (req.headers['x-amz-copy-source'])
        throw new S3Error(501, 'NotImplemented', 'CopyObject is not implemented here');
      const stored = { body, etag: md5(body), modified: new Date() };
      objects.set(key, stored);
      return { status: 200, headers: { etag: `"${stored.etag}"` } };
    }
    if (method === 'DELETE') {
      objects.delete(key);
      return { status: 204 };
    }
    if (method === 'GET' || method === 'HEAD') {
      const o = objects.get(key);
      if (!o) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
      return {
        status: 200,
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': o.body.length,
          etag: `"${o.etag}"`,
          'last-modified': o.modified.toUTCString(),
        },
        body: o.body,
      };
    }
    throw new S3Error(405, 'MethodNotAllowed', `${method} is not allowed against this resource`);
  }

  private multipart(
    method: string,
    uploadId: string,
    q: URLSearchParams,
    body: Buffer,
  ): { status: number; headers?: Record<string, string>; body?: string } {
    const upload = this.uploads.get(uploadId);
    if (!upload)
      throw new S3Error(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
    if (method === 'PUT') {
      const n = Number(q.get('partNumber'));
      if (!Number.isInteger(n) || n < 1 || n > 10_000)
        throw new S3Error(
          400,
          'InvalidArgument',
          'Part number must be an integer between 1 and 10000.',
        );
      const part = { body, etag: md5(body), modified: new Date() };
      upload.parts.set(n, part);
      return { status: 200, headers: { etag: `"${part.etag}"` } };
    }
    if (method === 'DELETE') {
      this.uploads.delete(uploadId);
      return { status: 204 };
    }
    if (method !== 'POST')
      throw new S3Error(405, 'MethodNotAllowed', `${method} is not allowed on an upload`);
    const listed = [...body.toString('utf8').matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
      n: Number(/<PartNumber>(\d+)<\/PartNumber>/.exec(m[1])?.[1]),
      etag: /<ETag>"?([^<"]+)"?<\/ETag>/.exec(m[1])?.[1].replace(/&quot;/g, ''),
    }));
    if (!listed.length)
      throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed.');
    const bodies: Buffer[] = [];
    for (const [i, p] of listed.entries()) {
      const part = upload.parts.get(p.n);
      if (!part || part.etag !== p.etag)
        throw new S3Error(
          400,
          'InvalidPart',
          'One or more of the specified parts could not be found.',
        );
      if (i < listed.length - 1 && part.body.length < MIN_PART_BYTES)
        throw new S3Error(
          400,
          'EntityTooSmall',
          'Your proposed upload is smaller than the minimum allowed object size.',
        );
      bodies.push(part.body);
    }
    const whole = Buffer.concat(bodies);
    const etag = `${md5(Buffer.concat(listed.map((p) => Buffer.from(p.etag!, 'hex'))))}-${listed.length}`;
    this.bucket(upload.bucket).set(upload.key, { body: whole, etag, modified: new Date() });
    this.uploads.delete(uploadId);
    return xml(
      'CompleteMultipartUploadResult',
      `<Bucket>${upload.bucket}</Bucket><Key>${upload.key}</Key><ETag>"${etag}"</ETag>`,
    );
  }

  private list(
    bucket: string,
    objects: Map<string, StoredObject>,
    q: URLSearchParams,
  ): { status: number; headers: Record<string, string>; body: string } {
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const maxKeys = Math.min(1000, Number(q.get('max-keys') ?? 1000));
    const after = q.get('continuation-token')
      ? Buffer.from(q.get('continuation-token')!, 'base64url').toString('utf8')
      : (q.get('start-after') ?? '');
    const entries: (ListedObject | { prefix: string })[] = [];
    const seen = new Set<string>();
    let truncated = false;
    let last = '';
    for (const key of [...objects.keys()].sort()) {
      if (!key.startsWith(prefix) || key <= after) continue;
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      const common = cut >= 0 ? key.slice(0, cut + delimiter.length) : null;
      if (common && seen.has(common)) continue;
      if (entries.length === maxKeys) {
        truncated = true;
        break;
      }
      if (common) {
        seen.add(common);
        entries.push({ prefix: common });
      } else {
        const o = objects.get(key)!;
        entries.push({ key, size: o.body.length, etag: o.etag, modified: o.modified });
      }
      // Continue after the whole common prefix, not inside it.
      last = common ? `${common}\uffff` : key;
    }
    return listXml({
      bucket,
      prefix,
      delimiter,
      maxKeys,
      entries,
      encodeKeys: q.get('encoding-type') === 'url',
      continuation: q.get('continuation-token'),
      next: truncated ? Buffer.from(last, 'utf8').toString('base64url') : null,
    });
  }
}

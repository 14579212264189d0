/**
 * The archive in an S3-compatible bucket: `<prefix>/<YYYY-MM-DD>/<file>`. A file is held in
 * memory up to one part; a larger one goes up as a multipart upload, one part at a time as it is
 * written (memory stays at one part). Either way the object appears under its key only when
 * committed (PutObject, or CompleteMultipartUpload), so a crash never leaves a torn object, and an
 * aborted multipart upload is cancelled.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { PassThrough, Writable, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ArchiveSink, PendingObject } from '../archive-sink.js';

/** S3's smallest part (all but the last); 8 MiB keeps memory low and requests few. */
export const DEFAULT_PART_BYTES = 8 * 2 ** 20;

export interface S3SinkOptions {
  bucket: string;
  /** Key prefix of the archive in the bucket ('' for the bucket's root). */
  prefix?: string;
  endpoint?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Bytes per multipart part (at least 5 MiB on S3). */
  partBytes?: number;
}

/** `s3://bucket/prefix` → bucket and prefix, or null when not such a URL. */
export function parseS3Url(url: string): { bucket: string; prefix: string } | null {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  return m ? { bucket: m[1], prefix: (m[2] ?? '').replace(/^\/+|\/+$/g, '') } : null;
}

/** One object being written: whole in memory, or uploaded part by part once past one part. */
class PendingUpload {
  private chunks: Buffer[] = [];
  private size = 0;
  private uploadId: string | null = null;
  private readonly parts: CompletedPart[] = [];
  readonly stream: Writable;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly key: string,
    private readonly partBytes: number,
  ) {
    this.stream = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        this.chunks.push(chunk);
        this.size += chunk.length;
        if (this.size < this.partBytes) return done();
        this.uploadPart().then(() => done(), done);
      },
    });
  }

  private take(): Buffer {
    const body = Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    return body;
  }

  private async uploadPart(): Promise<void> {
    const Body = this.take();
    this.uploadId ??=
      (
        await this.client.send(
          new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key }),
        )
      ).UploadId ?? null;
    if (!this.uploadId) throw new Error(`the bucket gave no upload id for ${this.key}`);
    const PartNumber = this.parts.length + 1;
    const { ETag } = await this.client.send(
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: this.key,
        UploadId: this.uploadId,
        PartNumber,
        Body,
      }),
    );
    this.parts.push({ ETag, PartNumber });
  }

  async commit(): Promise<void> {
    await finished(this.stream);
    if (!this.uploadId) {
      await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: this.key, Body: this.take() }),
      );
      return;
    }
    if (this.size > 0) await this.uploadPart();
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: this.key,
        UploadId: this.uploadId,
        MultipartUpload: { Parts: this.parts },
      }),
    );
  }

  async abort(): Promise<void> {
    this.stream.destroy();
    this.chunks = [];
    if (this.uploadId)
      await this.client.send(
        new AbortMultipartUploadCommand({
          Bucket: this.bucket,
          Key: this.key,
          UploadId: this.uploadId,
        }),
      );
  }
}

export class S3Sink implements ArchiveSink {
  readonly location: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partBytes: number;

  constructor(o: S3SinkOptions) {
    this.bucket = o.bucket;
    this.prefix = (o.prefix ?? '').replace(/^\/+|\/+$/g, '');
    this.partBytes = o.partBytes ?? DEFAULT_PART_BYTES;
    this.location = `s3://${o.bucket}${this.prefix ? `/${this.prefix}` : ''}`;
    this.client = new S3Client({
      region: o.region,
      endpoint: o.endpoint,
      // A custom endpoint (MinIO, R2, a local fake) is addressed by path, not by bucket host.
      forcePathStyle: o.endpoint !== undefined,
      credentials: o.credentials,
      maxAttempts: 4,
    });
  }

  private full(key: string): string {
    if (key.split('/').some((part) => part === '..'))
      throw new Error(`archive key outside the archive: ${key}`);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }

  async create(key: string): Promise<PendingObject> {
    const upload = new PendingUpload(this.client, this.bucket, this.full(key), this.partBytes);
    return {
      stream: upload.stream,
      commit: () => upload.commit(),
      abort: () => upload.abort(),
    };
  }

  read(key: string): Readable {
    const out = new PassThrough();
    this.client
      .send(new GetObjectCommand({ Bucket: this.bucket, Key: this.full(key) }))
      .then((r) => {
        const body = r.Body as Readable | undefined;
        if (!body) throw new Error(`no body for ${key}`);
        body.on('error', (err) => out.destroy(err));
        body.pipe(out);
      })
      .catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
    return out;
  }

  /** Keys under `prefix`: with '' the day folders, with 'YYYY-MM-DD/' that day's files. */
  async list(prefix: string): Promise<string[]> {
    const base = this.prefix ? `${this.prefix}/` : '';
    const out: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: base + prefix,
          Delimiter: '/',
          ContinuationToken,
        }),
      );
      for (const p of page.CommonPrefixes ?? [])
        if (p.Prefix) out.push(p.Prefix.slice(base.length).replace(/\/$/, ''));
      for (const o of page.Contents ?? []) if (o.Key) out.push(o.Key.slice(base.length));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return out.sort();
  }

  /** Removes the object `prefix` and every object under `prefix/` (a day past retention). */
  async remove(prefix: string): Promise<void> {
    const keys = [prefix.replace(/\/$/, '')];
    const base = this.prefix ? `${this.prefix}/` : '';
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: `${this.full(keys[0])}/`,
          ContinuationToken,
        }),
      );
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(base.length));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    // One DeleteObject per key: a day holds about a dozen files, and a missing key is no error.
    for (const key of keys)
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
  }

  close(): void {
    this.client.destroy();
  }
}

/**
 * The compliance archive in an S3-compatible bucket (the local fake S3, through the real AWS SDK):
 * a day exported to the bucket verifies, by the sink and by `gammadesk archive verify s3://…`; a
 * corrupted object is named; large files go up as multipart uploads and an aborted one leaves
 * nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Sink } from '../../../src/archive/adapters/s3-sink.js';
import { createArchiveJob, s3Sink } from '../../../src/archive/archive.composition.js';
import type { ArchiveJob } from '../../../src/archive/archive-job.js';
import { verifyArchive } from '../../../src/archive/manifest.js';
import { CliError } from '../../../src/cli/cli-error.js';
import { registerArchiveCommands } from '../../../src/cli/commands/archive.js';
import { FakeClock } from '../../../src/common/clock.js';
import { FakeS3 } from '../../../src/sandbox/platforms/fake-s3.js';
import { insertArchiveDay } from '../../support/archive-rows.js';
import { openTestDatabase } from '../../support/database.js';

const DAY = '2026-03-02';
const S3 = {
  ARCHIVE_S3_PREFIX: 'gd/archive',
  ARCHIVE_S3_REGION: 'us-east-1',
  ARCHIVE_S3_ACCESS_KEY_ID: 'fake-access-key',
  ARCHIVE_S3_SECRET_ACCESS_KEY: 'fake-secret',
};

describe('compliance archive in an S3-compatible bucket', () => {
  let ctx: Awaited<ReturnType<typeof openTestDatabase>>;
  const fake = new FakeS3('fake-access-key', ['archive']);
  const clock = new FakeClock(Date.parse('2026-03-03T21:00:00Z'));
  let sink: S3Sink;
  let job: ArchiveJob;

  async function cli(...args: string[]): Promise<string> {
    let out = '';
    const program = new Command('gammadesk').exitOverride();
    registerArchiveCommands(program, {
      env: () => ({ NODE_ENV: 'test', ...S3, ARCHIVE_S3_ENDPOINT: fake.endpoint }),
      openDatabase: () => Promise.reject(new Error('verify needs no database')),
      clock: () => clock,
      write: (text) => void (out += text),
    });
    await program.parseAsync(['node', 'gammadesk', ...args]);
    return out;
  }

  beforeAll(async () => {
    await fake.listen();
    ctx = await openTestDatabase();
    const ds = ctx.db.dataSource;
    await insertArchiveDay(ds, clock);
    sink = s3Sink({ ...S3, ARCHIVE_S3_ENDPOINT: fake.endpoint }, 'archive', S3.ARCHIVE_S3_PREFIX);
    job = createArchiveJob({
      dataSource: ds,
      clock,
      config: {
        ...S3,
        ARCHIVE_S3_BUCKET: 'archive',
        ARCHIVE_S3_ENDPOINT: fake.endpoint,
        ARCHIVE_RETENTION_YEARS: 7,
        ARCHIVE_HOT_DAYS: 30,
        ARCHIVE_DIR: '',
        ARCHIVE_RUN_AT: '16:45',
        DATA_DIR: '.data',
        ROLE: 'all',
      },
    });
  });
  afterAll(async () => {
    sink?.close();
    await ctx?.drop();
    await fake.close();
  });

  it('exports a day to the bucket; verify (sink and CLI) accepts it', async () => {
    expect(job.location).toBe('s3://archive/gd/archive');
    const m = await job.exportDay(DAY);
    expect(fake.keys('archive')).toEqual(
      [
        ...m.files.map((f) => `gd/archive/${DAY}/${f.file}`),
        `gd/archive/${DAY}/manifest.json`,
      ].sort(),
    );
    const report = await verifyArchive(sink);
    expect(report.problems).toEqual([]);
    expect(report.days).toBe(1);
    expect(report.files).toBe(m.files.length);
    const rows = m.files.reduce((n, f) => n + f.rows, 0);
    expect(await cli('archive', 'verify', 's3://archive/gd/archive')).toBe(
      `intact: 1 days, ${m.files.length} files, ${rows} rows\n`,
    );

    // Exported again: the new generation replaces the old files, which are deleted.
    const again = await job.exportDay(DAY);
    expect(fake.keys('archive')).toHaveLength(again.files.length + 1);
    expect((await verifyArchive(sink)).problems).toEqual([]);
  });

  it('names a corrupted object, and a bucket it cannot read', async () => {
    const manifest = JSON.parse(
      fake.object('archive', `gd/archive/${DAY}/manifest.json`)!.toString('utf8'),
    ) as { files: { stream: string; file: string }[] };
    const fills = manifest.files.find((f) => f.stream === 'fills')!;
    const key = `gd/archive/${DAY}/${fills.file}`;
    const bytes = Buffer.from(fake.object('archive', key)!);
    bytes[bytes.length - 12] ^= 0xff;
    fake.overwrite('archive', key, bytes);

    const broken = await verifyArchive(sink);
    expect(broken.problems.length).toBeGreaterThan(0);
    expect(broken.problems.every((p) => p.startsWith(`${DAY}/${fills.file}`))).toBe(true);
    const failure = await cli('archive', 'verify', 's3://archive/gd/archive').catch(
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(CliError);
    expect(failure).toMatchObject({ exitCode: 1 });
    expect((failure as CliError).message).toMatch(/^BROKEN: 1 problems \(1 days, \d+ files/);
    expect((failure as CliError).message).toContain(`\n  ${broken.problems[0]}`);

    const missing = await cli('archive', 'verify', 's3://no-such-bucket/x').catch(
      (err: unknown) => err,
    );
    expect((missing as CliError).message).toMatch(
      /^cannot read the archive at s3:\/\/no-such-bucket\/x: NoSuchBucket: The specified bucket does not exist/,
    );
    expect(
      await cli('archive', 'verify', 's3://Bad_Bucket').catch((e: unknown) => e),
    ).toMatchObject({ exitCode: 2 });
  });

  it('uploads a large file in parts, visible only once committed; an aborted upload leaves nothing', async () => {
    const parted = new S3Sink({
      bucket: 'archive',
      endpoint: fake.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'fake-access-key', secretAccessKey: 'x' },
      partBytes: 5 * 2 ** 20,
    });
    try {
      const body = randomBytes(12 * 2 ** 20);
      const pending = await parted.create('big/file.bin');
      for (let i = 0; i < body.length; i += 2 ** 20)
        await new Promise<void>((resolve, reject) =>
          pending.stream.write(body.subarray(i, i + 2 ** 20), (err) =>
            err ? reject(err) : resolve(),
          ),
        );
      pending.stream.end();
      expect(fake.object('archive', 'big/file.bin')).toBeUndefined();
      await pending.commit();
      expect(fake.object('archive', 'big/file.bin')!.equals(body)).toBe(true);
      expect(fake.calls.filter((c) => c.includes('big/file.bin?uploads'))).toHaveLength(1);
      expect(fake.calls.filter((c) => /big\/file\.bin\?.*partNumber=/.test(c))).toHaveLength(3);
      const chunks: Buffer[] = [];
      for await (const c of parted.read('big/file.bin')) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(body)).toBe(true);

      const dropped = await parted.create('big/dropped.bin');
      await new Promise<void>((resolve) =>
        dropped.stream.write(randomBytes(6 * 2 ** 20), () => resolve()),
      );
      expect(fake.openUploads).toBe(1);
      await dropped.abort();
      expect(fake.openUploads).toBe(0);
      expect(fake.object('archive', 'big/dropped.bin')).toBeUndefined();
      await parted.remove('big');
      expect(fake.keys('archive').filter((k) => k.startsWith('big'))).toEqual([]);
    } finally {
      parted.close();
    }
  });
});

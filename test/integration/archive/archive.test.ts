/**
 * The compliance archive on the real PostgreSQL: a day's export and `verify` (a corrupted file
 * is named), the move of old hot rows interrupted between statements and run again (counts and
 * checksums match), and a subscriber's deletion with the archive still verifying.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectorySink } from '../../../src/archive/adapters/directory-sink.js';
import { createArchiveJob } from '../../../src/archive/archive.composition.js';
import type { ArchiveJob } from '../../../src/archive/archive-job.js';
import { erasePersonalData } from '../../../src/archive/erasure.js';
import { MOVED_TABLES } from '../../../src/archive/hot-mover.js';
import { verifyArchive, type DayManifest } from '../../../src/archive/manifest.js';
import { FakeClock } from '../../../src/common/clock.js';
import type { Sql } from '../../../src/database/sql.js';
import { PostgresReportStore } from '../../../src/reports/store/report-store.js';
import { SubscriberService } from '../../../src/subscribers/subscriber-service.js';
import { SubscriberStore } from '../../../src/subscribers/subscriber-store.js';
import {
  SUBSCRIBER_EMAIL,
  SUBSCRIBER_ID,
  UNSUBSCRIBE_URL,
  insertArchiveDay,
  insertEmailDelivery,
  insertEngineRows,
  insertReport,
} from '../../support/archive-rows.js';
import { openTestDatabase } from '../../support/database.js';
import { T0 } from '../../support/record-day.js';

const DAY = '2026-03-02';
const DAY2 = '2026-03-03';
const T2 = Date.parse('2026-03-03T16:00:00Z');
/** 44 days later: both days are past ARCHIVE_HOT_DAYS (30); this one stays hot. */
const RECENT = Date.parse('2026-04-14T16:00:00Z');
const TODAY = '2026-04-15';
const CONFIG = {
  ARCHIVE_RETENTION_YEARS: 7,
  ARCHIVE_HOT_DAYS: 30,
  ARCHIVE_DIR: '',
  ARCHIVE_RUN_AT: '16:45',
  ARCHIVE_S3_PREFIX: '',
  ARCHIVE_S3_REGION: 'us-east-1',
  DATA_DIR: '.data',
  ROLE: 'all' as const,
};
const MOVED = MOVED_TABLES;

const checksums = (m: DayManifest) =>
  Object.fromEntries(m.files.map((f) => [f.stream, [f.rows, f.contentSha256]]));

describe('compliance archive', () => {
  let ctx: Awaited<ReturnType<typeof openTestDatabase>>;
  const clock = new FakeClock(Date.parse('2026-04-15T21:00:00Z'));
  let dir: string;
  let job: ArchiveJob;
  const counts = async (): Promise<Record<string, [number, number]>> => {
    const out: Record<string, [number, number]> = {};
    for (const t of MOVED) {
      const [{ hot, archived }] = (await ctx.db.dataSource.query(
        `SELECT (SELECT count(*)::int FROM ${t}) AS hot, (SELECT count(*)::int FROM archive_${t}) AS archived`,
      )) as { hot: number; archived: number }[];
      out[t] = [hot, archived];
    }
    return out;
  };

  beforeAll(async () => {
    ctx = await openTestDatabase();
    const ds = ctx.db.dataSource;
    dir = mkdtempSync(join(tmpdir(), 'gd-archive-'));
    job = createArchiveJob({ dataSource: ds, clock, config: { ...CONFIG, ARCHIVE_DIR: dir } });
    await insertArchiveDay(ds, clock);
    await insertEngineRows(ds, T2, 'd2');
    await insertEmailDelivery(ds, 'SIG-20260302-002', RECENT);
    // Sent and held reports move with their days; one still waiting for QA stays hot.
    await insertReport(ds, 'RPT-2026-03-02-close', T0 + 7_200_000, 'approved');
    await insertReport(ds, 'RPT-2026-03-03-close', T2, 'held');
    await insertReport(ds, 'RPT-2026-03-03-intraday', T2 - 3_600_000, 'pending');
  });
  afterAll(async () => ctx?.drop());

  it('exports a day as gzip JSON lines with a manifest that verify accepts, without personal data', async () => {
    const m = await job.exportDay(DAY);
    const byStream = Object.fromEntries(m.files.map((f) => [f.stream, f]));
    const [{ n: signals }] = (await ctx.db.dataSource.query(
      `SELECT count(*)::int AS n FROM engine_signal`,
    )) as { n: number }[];
    expect(byStream.signals.rows).toBe(signals);
    expect(byStream.risk_verdicts.rows).toBe(2);
    expect(byStream.deliveries.rows).toBeGreaterThan(1);
    expect(byStream.chain.rows).toBeGreaterThan(signals);
    expect(m.absent).toEqual([]);
    expect(byStream.reports.rows).toBe(1);

    const deliveries = gunzipSync(
      readFileSync(join(dir, DAY, byStream.deliveries.file)),
    ).toString();
    const email = deliveries
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((d) => d.channel === 'email' && d.recipient !== '')!;
    expect(email.recipient).toMatch(/^anon-[0-9a-f]{32}$/);
    expect(email.address).toBeNull();
    expect(email.text).toBe('SIG-20260302-001 closed.\nUnsubscribe: [unsubscribe link]');
    for (const f of m.files) {
      const text = gunzipSync(readFileSync(join(dir, DAY, f.file))).toString();
      expect(text).not.toContain(SUBSCRIBER_EMAIL);
      expect(text).not.toContain(SUBSCRIBER_ID);
    }
    const report = await verifyArchive(new DirectorySink(dir));
    expect(report.problems).toEqual([]);
    expect(report.days).toBe(1);
    expect(report.rows).toBe(m.files.reduce((n, f) => n + f.rows, 0));
  });

  it('names a corrupted file, and an export of the same day writes the same contents', async () => {
    const before = await job.exportDay(DAY);
    const file = before.files.find((f) => f.stream === 'fills')!;
    const path = join(dir, DAY, file.file);
    const bytes = readFileSync(path);
    bytes[bytes.length - 12] ^= 0xff;
    writeFileSync(path, bytes);
    const broken = await verifyArchive(new DirectorySink(dir));
    expect(broken.problems.length).toBeGreaterThan(0);
    expect(broken.problems.every((p) => p.startsWith(`${DAY}/${file.file}`))).toBe(true);

    const again = await job.exportDay(DAY);
    expect(checksums(again)).toEqual(checksums(before));
    expect(readdirSync(join(dir, DAY))).toHaveLength(again.files.length + 1);
    expect((await verifyArchive(new DirectorySink(dir))).problems).toEqual([]);
  });

  it('moves old settled rows day by day; a move killed mid-way and run again loses nothing', async () => {
    const ds = ctx.db.dataSource;
    const start = await counts();
    const reference = {
      [DAY]: checksums(await job.exportDay(DAY)),
      [DAY2]: checksums(await job.exportDay(DAY2)),
    };

    let statements = 0;
    const crashing = createArchiveJob({
      dataSource: ds,
      clock,
      config: { ...CONFIG, ARCHIVE_DIR: dir },
      moveHooks: {
        afterStatement: (day) => {
          // Day 1 moves; day 2 dies after its third statement (inside its transaction).
          if (day === DAY2 && ++statements === 3) throw new Error('killed mid-move');
        },
      },
    });
    await expect(crashing.moveOldRows(TODAY)).rejects.toThrow('killed mid-move');
    const mid = await counts();
    for (const t of MOVED) expect(mid[t][0] + mid[t][1]).toBe(start[t][0] + start[t][1]);
    expect(mid.engine_signal[1]).toBeGreaterThan(0);
    const [{ n: day2Archived }] = (await ds.query(
      `SELECT count(*)::int AS n FROM archive_engine_risk_verdict WHERE evaluated_at >= '2026-03-03T05:00:00Z'`,
    )) as { n: number }[];
    expect(day2Archived).toBe(0);

    const moved = await job.moveOldRows(TODAY);
    expect(moved.map((d) => d.date)).toEqual([DAY2]);
    const end = await counts();
    for (const t of MOVED) expect(end[t][0] + end[t][1]).toBe(start[t][0] + start[t][1]);
    // Only the recent email (and its event, message and alert) stays hot.
    expect(end.delivery[0]).toBe(1);
    const live = (await ds.query(`SELECT DISTINCT status FROM engine_signal`)) as {
      status: string;
    }[];
    expect(live.map((r) => r.status)).toEqual(['active']);
    expect(end.engine_risk_verdict[0]).toBe(0);
    // The report waiting for QA stays hot with its children; the others moved with theirs.
    expect(end.report).toEqual([1, 2]);
    expect(end.report_rendition).toEqual([2, 4]);
    expect(end.report_review).toEqual([1, 2]);
    expect(end.report_review_event).toEqual([1, 2]);
    // A moved report still opens (a reader's link to an old report keeps working).
    const reports = new PostgresReportStore(ds);
    expect(await reports.report('RPT-2026-03-02-close')).toMatchObject({
      id: 'RPT-2026-03-02-close',
    });
    expect((await reports.renditions('RPT-2026-03-02-close')).map((r) => r.tier)).toEqual([
      'premium',
      'basic',
    ]);
    expect(await job.moveOldRows(TODAY)).toEqual([]);

    const manifests = JSON.parse(
      readFileSync(join(dir, DAY, 'manifest.json'), 'utf8'),
    ) as DayManifest;
    expect(manifests.final).toBe(true);
    expect(checksums(manifests)).toEqual(reference[DAY]);
    expect(checksums(await job.exportDay(DAY2))).toEqual(reference[DAY2]);
    expect((await verifyArchive(new DirectorySink(dir))).problems).toEqual([]);
  });

  it('deleting a subscriber pseudonymises hot and archived rows; the archive still verifies', async () => {
    const ds = ctx.db.dataSource;
    const before = checksums(await job.exportDay(DAY));
    const chainBefore = await ds.query(`SELECT seq, hash FROM record_chain ORDER BY seq`);
    const service = new SubscriberService({
      sql: ds,
      store: new SubscriberStore(),
      clock,
      eraser: {
        erase: async (sql: Sql, id: string) => {
          await erasePersonalData(sql, id, clock.now());
        },
      },
    } as unknown as ConstructorParameters<typeof SubscriberService>[0]);
    expect(await service.deleteData(SUBSCRIBER_ID)).toBe(true);

    for (const table of ['delivery', 'archive_delivery']) {
      const found = (await ds.query(
        `SELECT recipient, address, unsubscribe_url, text FROM ${table} WHERE channel = 'email' AND recipient <> ''`,
      )) as {
        recipient: string;
        address: string | null;
        unsubscribe_url: string | null;
        text: string;
      }[];
      expect(found).toHaveLength(1);
      expect(found[0].recipient).toMatch(/^anon-/);
      expect(found[0].address).toBeNull();
      expect(found[0].unsubscribe_url).toBeNull();
      expect(found[0].text).not.toContain(UNSUBSCRIBE_URL);
    }
    for (const table of ['outbox_message', 'archive_outbox_message']) {
      const [row] = (await ds.query(`SELECT recipient, body FROM ${table}`)) as {
        recipient: string;
        body: string;
      }[];
      expect(row.recipient).toMatch(/^anon-/);
      expect(row.body).not.toContain(UNSUBSCRIBE_URL);
    }
    const [{ n }] = (await ds.query(
      `SELECT count(*)::int AS n FROM archive_pseudonym WHERE subscriber_id = $1`,
      [SUBSCRIBER_ID],
    )) as { n: number }[];
    expect(n).toBe(0);

    expect((await verifyArchive(new DirectorySink(dir))).problems).toEqual([]);
    expect(checksums(await job.exportDay(DAY))).toEqual(before);
    expect(await ds.query(`SELECT seq, hash FROM record_chain ORDER BY seq`)).toEqual(chainBefore);
  });

  it('purges archive rows and day files past retention, reports with their renditions and review', async () => {
    const ds = ctx.db.dataSource;
    const hot = await counts();
    // Seven years after the hot row's day: both archived days are past retention, it is not.
    const purged = await job.purge('2033-04-14');
    expect(purged.days).toEqual([DAY, DAY2]);
    const after = await counts();
    for (const t of MOVED) {
      expect(after[t][1]).toBe(0);
      expect(after[t][0]).toBe(hot[t][0]);
    }
    expect(purged.rows).toBe(MOVED.reduce((n, t) => n + hot[t][1], 0));
    expect(readdirSync(dir)).toEqual([]);
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM record_chain`)) as {
      n: number;
    }[];
    expect(n).toBeGreaterThan(0);
  });
});

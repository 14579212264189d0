/**
 * Compliance-archive figures: the export of one New York day with 1,000 signals and 1,000,000
 * delivery rows (email, each with its exact text and its recipient's unsubscribe link, so every
 * row is pseudonymised on the way out), goal under 60 s and under 500 MB of memory (read with COPY … TO
 * STDOUT in one snapshot and streamed through the hashes and gzip); then `archive verify` of it and
 * the move of that day's rows to the archive tables (one transaction). Needs the machine's
 * PostgreSQL (BENCH_DATABASE_URL, default the test database; a schema of its own, dropped after).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { DirectorySink } from '../src/archive/adapters/directory-sink.js';
import { exportDay } from '../src/archive/day-export.js';
import { HotMover } from '../src/archive/hot-mover.js';
import { verifyArchive } from '../src/archive/manifest.js';
import { withBenchSchema } from './support/bench-schema.js';

const DAY = '2026-03-02';
const T0 = Date.parse('2026-03-02T14:31:00Z');
const SIGNALS = 1_000;
const PER_SIGNAL = 1_000;

/** The day's signals, events and deliveries, generated in PostgreSQL. */
async function fillDay(ds: DataSource): Promise<void> {
  const t0 = new Date(T0).toISOString();
  await ds.query(
    `INSERT INTO engine_signal (id, status, strategy, setup, symbol, direction, candidate, published,
       explanation, outcome, history, created_at, updated_at)
     SELECT 'SIG-20260302-' || lpad(g::text, 4, '0'), 'closed', 'gamma_scalp_0dte', 'bench', 'SPY',
            'bullish', '{"confidence":0.7}', jsonb_build_object('entry', 2.15, 'stop', 1.5),
            '{"inputs":{},"risk":{"checks":[]}}', '{"exitPrice":2.6,"returnPct":0.2}', '[]',
            $1::timestamptz + g * interval '20 seconds', $1::timestamptz + g * interval '20 seconds'
       FROM generate_series(1, ${SIGNALS}) g`,
    [t0],
  );
  await ds.query(
    `INSERT INTO distribution_event (id, signal_id, kind, signal, event_at)
     SELECT g, 'SIG-20260302-' || lpad(g::text, 4, '0'), 'signal', '{}',
            $1::timestamptz + g * interval '20 seconds'
       FROM generate_series(1, ${SIGNALS}) g`,
    [t0],
  );
  for (let lo = 1; lo <= SIGNALS; lo += 100)
    await ds.query(
      `INSERT INTO delivery (event_id, signal_id, kind, tier, channel, recipient, address,
         unsubscribe_url, published_at, promised_at, job_key, status, sent_at, text)
       SELECT e.id, e.signal_id, 'signal', (ARRAY['premium','basic','free'])[1 + r % 3], 'email',
              'sub-' || r, 'reader' || r || '@example.com', 'https://gd.example/u?t=' || md5(r::text),
              e.event_at, e.event_at, 'job-' || e.id || '-' || r, 'sent', e.event_at + interval '2 seconds',
              'BUY SPY 442C 2026-03-06 @ $1.25 · Stop $0.65 · Target $2.40 · Size 3 contracts. ' ||
              'Dealers are short gamma below 440; the flip sits at 441.5 and the call wall at 445. ' ||
              'Unsubscribe: https://gd.example/u?t=' || md5(r::text)
         FROM distribution_event e, generate_series(1, ${PER_SIGNAL}) r
        WHERE e.id BETWEEN $1 AND $2`,
      [lo, lo + 99],
    );
  await ds.query(`ANALYZE`);
}

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

export default async function run(): Promise<void> {
  await withBenchSchema('bench_archive', async (db) => {
    const ds = db.dataSource;
    const fillStart = performance.now();
    await fillDay(ds);
    const filled = performance.now() - fillStart;
    const dir = mkdtempSync(join(tmpdir(), 'gd-archive-bench-'));
    try {
      const sink = new DirectorySink(dir);
      const rssBefore = process.memoryUsage().rss;
      let peakRss = rssBefore;
      let peakHeap = 0;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 50);
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      const manifest = await exportDay(ds, sink, DAY, T0 + 86_400_000, 7);
      const took = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      clearInterval(sampler);
      const deliveries = manifest.files.find((f) => f.stream === 'deliveries')!;
      console.log(
        `archive export of a day with ${SIGNALS.toLocaleString('en-US')} signals and ` +
          `${deliveries.rows.toLocaleString('en-US')} delivery rows: ${s(took)} (goal < 60 s: ${took < 60_000 ? 'met' : 'NOT met'}), ` +
          `peak RSS ${mb(peakRss)} (goal < 500 MB: ${peakRss < 500 * 2 ** 20 ? 'met' : 'NOT met'}; ${mb(rssBefore)} before), ` +
          `peak heap ${mb(peakHeap)}; deliveries file ${mb(deliveries.bytes)} gzip; ` +
          `this process's CPU ${s((cpu.user + cpu.system) / 1000)} (load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores); ` +
          `bulk fill ${s(filled)}`,
      );

      const verifyStart = performance.now();
      const report = await verifyArchive(sink);
      if (report.problems.length) throw new Error(report.problems.join('; '));
      console.log(
        `archive verify of that day (${report.files} files, ${report.rows.toLocaleString('en-US')} rows): ${s(performance.now() - verifyStart)}`,
      );

      const moveStart = performance.now();
      const moved = await new HotMover(ds).moveDay(DAY);
      console.log(
        `move of that day to the archive tables (one transaction): ${s(performance.now() - moveStart)}, ` +
          `${(moved.moved.delivery ?? 0).toLocaleString('en-US')} deliveries and ${moved.moved.engine_signal ?? 0} signals`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/**
 * Track-record figures: the cost of one chain append (advisory lock, head read, insert), and
 * `record verify` over 100,000 entries (goal under 2 s) with every published entry re-derived
 * from its stored signal. Needs the machine's PostgreSQL (BENCH_DATABASE_URL, default the test
 * database; a schema of its own, dropped after).
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { FakeClock } from '../src/common/clock.js';
import { withBenchSchema } from './support/bench-schema.js';
import {
  GENESIS_HASH,
  canonicalJson,
  entryHash,
  entryKey,
  publishedPayload,
  updatePayload,
  type EntryPayload,
} from '../src/record/canonical.js';
import { createRecordServices } from '../src/record/record.composition.js';
import type { PublishedSignal } from '../src/signals/signal.js';

const CONFIG = {
  DISTRIBUTION_DELAY_PREMIUM_S: 0,
  DISTRIBUTION_DELAY_BASIC_S: 60,
  DISTRIBUTION_DELAY_FREE_S: 300,
};
const DELAYS = { premium: 0, basic: 60_000, free: 300_000 };
const T0 = Date.parse('2026-03-02T14:31:00Z');

function signal(i: number): PublishedSignal {
  const strike = 500 + (i % 50);
  return {
    id: `SIG-${20260302 + Math.floor(i / 1000)}-${String((i % 1000) + 1).padStart(3, '0')}`,
    strategy: 'gamma_scalp_0dte',
    symbol: 'SPY',
    direction: 'bullish',
    legs: [
      {
        occSymbol: `SPY260302C00${strike}000`,
        right: 'call',
        strike,
        expiry: '2026-03-02',
        side: 'buy',
        quantity: 2,
      },
    ],
    entry: 2.15 + (i % 7) * 0.05,
    stop: 1.5,
    target: 3.25,
    size: 2,
    confidence: 0.7,
    triggeredBy: ['gex_flip'],
    riskFactors: [],
    narrative: '',
    levels: {},
    publishedAt: T0 + i * 1000,
    dataAsOf: T0 + i * 1000,
  };
}

const ms = (v: number): string => `${v.toFixed(2)} ms`;

async function appendCost(): Promise<void> {
  await withBenchSchema('bench_record', async (db) => {
    const { store } = createRecordServices({
      dataSource: db.dataSource,
      clock: new FakeClock(T0),
      config: CONFIG,
    });
    for (let i = 0; i < 50; i++)
      await store.append(publishedPayload(signal(100_000 + i), DELAYS), T0); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const start = performance.now();
      await store.append(publishedPayload(signal(i), DELAYS), T0);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    console.log(
      `chain append per signal (1,000 sequential, one transaction each): mean ${ms(mean)}, p50 ${ms(times[500])}, p99 ${ms(times[990])}`,
    );
  });
}

/** Writes n entries (half signals, half closes) and their engine_signal rows in bulk. */
async function fillChain(ds: DataSource, n: number): Promise<void> {
  let prev = GENESIS_HASH;
  const batch = 5000;
  for (let lo = 0; lo < n; lo += batch) {
    const payloads: EntryPayload[] = [];
    const signals: PublishedSignal[] = [];
    for (let i = lo; i < Math.min(n, lo + batch); i += 2) {
      const s = signal(i / 2);
      signals.push(s);
      payloads.push(publishedPayload(s, DELAYS));
      payloads.push(
        updatePayload({
          signalId: s.id,
          kind: 'closed',
          at: s.publishedAt + 600_000,
          exitPrice: 2.6,
          returnPct: 0.2,
          reason: 'target',
        }),
      );
    }
    const prevHashes: string[] = [];
    const hashes = payloads.map((p) => {
      prevHashes.push(prev);
      return (prev = entryHash(prev, p));
    });
    await ds.query(
      `INSERT INTO record_chain (seq, entry_key, kind, signal_id, at, payload, prev_hash, hash, recorded_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])`,
      [
        payloads.map((_, j) => lo + j + 1),
        payloads.map(entryKey),
        payloads.map((p) => p.kind),
        payloads.map((p) => p.signalId),
        payloads.map((p) => new Date(p.at).toISOString()),
        payloads.map((p) => canonicalJson(p)),
        prevHashes,
        hashes,
        payloads.map(() => new Date(T0).toISOString()),
      ],
    );
    await ds.query(
      `INSERT INTO engine_signal (id, status, strategy, setup, symbol, direction, candidate, published, explanation, outcome, history, created_at, updated_at)
       SELECT id, 'closed', 'gamma_scalp_0dte', 'bench', 'SPY', 'bullish', '{}', p, '{}', NULL, '[]', now(), now()
         FROM unnest($1::text[], $2::jsonb[]) AS t(id, p)`,
      [signals.map((s) => s.id), signals.map((s) => JSON.stringify(s))],
    );
  }
}

async function verify100k(): Promise<void> {
  const n = 100_000;
  await withBenchSchema('bench_record', async (db) => {
    const fillStart = performance.now();
    await fillChain(db.dataSource, n);
    const filled = performance.now() - fillStart;
    const { verifier } = createRecordServices({
      dataSource: db.dataSource,
      clock: new FakeClock(T0),
      config: CONFIG,
    });
    await verifier.verify({ to: T0 + 10_000 }); // warm-up: connections, JIT
    const runs: number[] = [];
    const cpu: number[] = [];
    let entries = 0;
    for (let r = 0; r < 3; r++) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const result = await verifier.verify();
      runs.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
      if (!result.intact) throw new Error(`bench chain broken: ${JSON.stringify(result.broken)}`);
      entries = result.entries;
    }
    const best = Math.min(...runs);
    console.log(
      `record verify over ${entries.toLocaleString('en-US')} entries (${n / 2} signals re-derived from engine_signal): ` +
        `best ${(best / 1000).toFixed(2)} s, runs ${runs.map((v) => (v / 1000).toFixed(2)).join(' / ')} s ` +
        `(goal < 2 s: ${best < 2000 ? 'met' : 'NOT met'}); this process's CPU ${(Math.min(...cpu) / 1000).toFixed(2)} s ` +
        `(the rest is PostgreSQL and waiting for a core: load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores); ` +
        `bulk fill ${(filled / 1000).toFixed(1)} s`,
    );
  });
}

export default async function run(): Promise<void> {
  await appendCost();
  await verify100k();
}

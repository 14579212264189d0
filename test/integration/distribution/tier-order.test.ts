import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import type { Database } from '../../../src/database/database.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import type { DeliveryRow } from '../../../src/distribution/delivery-store.js';
import type { SignalUpdate } from '../../../src/signals/signal.js';
import type { Tier } from '../../../src/vocabulary/tier.js';
import { openTestDatabase } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { buildEngine, sleep, waitFor } from './harness.js';
import { RecordingSender, tally, type RecordedSend } from './recording-sender.js';

const DELAY: Record<Tier, number> = { premium: 0, basic: 60_000, free: 300_000 };

describe('tier order under publishing lag', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let engine: DistributionEngine;
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  const platform = new RecordingSender(clock);
  const directory = new InMemoryRecipientDirectory([
    ...makeRecipients(45, 'premium', { telegram: true }),
    ...makeRecipients(5, 'basic', { telegram: true }),
    ...makeRecipients(2, 'free', { telegram: true }),
  ]);

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    // Small batches: Premium's fan-out is many jobs, which Basic and Free must not overtake.
    engine = buildEngine({
      db,
      clock,
      directory,
      sender: platform,
      settings: { batchSize: 10 },
    });
    await engine.start({ consume: true, reconcile: false });
  });
  afterAll(async () => {
    await engine.stop();
    await drop();
  });

  const sentCount = async (signalId: string) =>
    (await engine.store.list({ signalId })).filter((r) => r.status === 'sent').length;

  /** Per channel: every lower-tier arrival after all Premium ones, and a tier's delay after the first. */
  function assertOrder(rows: DeliveryRow[], sends: RecordedSend[]): void {
    const ids = new Set(rows.map((r) => r.id));
    const mine = sends.filter((s) => ids.has(s.deliveryId));
    const premium = mine.filter((s) => s.tier === 'premium');
    const firstPremium = Math.min(...premium.map((s) => s.at));
    const lastPremiumIndex = mine.lastIndexOf(premium[premium.length - 1]);
    for (const channel of ['discord', 'telegram', 'email', 'twitter', 'reddit'] as const) {
      for (const s of mine.filter((m) => m.channel === channel && m.tier !== 'premium')) {
        expect(mine.indexOf(s), `${s.tier} ${channel} before premium`).toBeGreaterThan(
          lastPremiumIndex,
        );
        expect(s.at - firstPremium, `${s.tier} ${channel} gap`).toBeGreaterThanOrEqual(
          DELAY[s.tier],
        );
      }
    }
    // Basic before Free, on every channel.
    const lastBasic = Math.max(
      ...mine.filter((s) => s.tier === 'basic').map((s) => mine.indexOf(s)),
    );
    const firstFree = Math.min(
      ...mine.filter((s) => s.tier === 'free').map((s) => mine.indexOf(s)),
    );
    expect(firstFree).toBeGreaterThan(lastBasic);
  }

  it('a signal published 7 minutes after its fill: Premium first, Basic 60 s and Free 300 s after Premium', async () => {
    const fill = clock.now();
    clock.advance(420_000); // publishing lag: longer than the Free delay, let alone the Basic one
    const signal = sampleSignal({ publishedAt: fill, dataAsOf: fill - 1000 });
    const { rows: planned } = await engine.planSignal(signal);
    // premium: 2 broadcasts + 45 DMs + 45 emails; basic: 2 + 5 + 5; free: 3 broadcasts
    expect(planned).toBe(92 + 12 + 3);
    await waitFor(async () => (await sentCount(signal.id)) >= 92, 'premium');
    await sleep(500); // lower tiers would have gone out by now if they could
    expect(await sentCount(signal.id)).toBe(92);
    clock.advance(60_000);
    await waitFor(async () => (await sentCount(signal.id)) === 104, 'basic');
    await sleep(300);
    expect(await sentCount(signal.id)).toBe(104);
    clock.advance(240_000);
    await waitFor(async () => (await sentCount(signal.id)) === planned, 'free');

    const rows = await engine.store.list({ signalId: signal.id });
    const firstPremium = Math.min(
      ...rows.filter((r) => r.tier === 'premium').map((r) => r.sentAt!),
    );
    // The ledger keeps the promise measured from Premium's first send.
    for (const r of rows.filter((x) => x.tier !== 'premium'))
      expect(r.promisedAt).toBe(firstPremium + DELAY[r.tier]);
    const result = tally(planned, rows, platform.sends, (r) =>
      r.tier === 'premium' ? fill : firstPremium + DELAY[r.tier],
    );
    console.log(`tier order (signal, 420 s lag): ${JSON.stringify(result)}`);
    assertOrder(rows, platform.sends);
    expect(result).toEqual({
      expected: planned,
      delivered: planned,
      lost: 0,
      duplicated: 0,
      early: 0,
    });
  });

  it('a close published late keeps the order too', async () => {
    const signal = sampleSignal({
      id: 'SIG-20260302-077',
      publishedAt: clock.now(),
      dataAsOf: clock.now(),
    });
    await engine.planSignal(signal);
    await waitFor(async () => (await sentCount(signal.id)) === 92, 'signal premium');
    clock.advance(300_000);
    await waitFor(async () => (await sentCount(signal.id)) === 107, 'signal');
    const closedAt = clock.now();
    clock.advance(90_000); // the close reaches distribution 90 s late
    const closed: SignalUpdate = {
      signalId: signal.id,
      kind: 'closed',
      at: closedAt,
      exitPrice: 1.9,
      returnPct: 0.52,
      reason: 'target',
    };
    const { rows: planned } = (await engine.planUpdate(closed))!;
    await waitFor(async () => (await sentCount(signal.id)) >= 107 + 92, 'premium close');
    await sleep(300);
    expect(await sentCount(signal.id)).toBe(107 + 92);
    clock.advance(60_000);
    await waitFor(async () => (await sentCount(signal.id)) === 107 + 104, 'basic close');
    clock.advance(240_000);
    await waitFor(async () => (await sentCount(signal.id)) === 107 + planned, 'free close');
    const rows = (await engine.store.list({ signalId: signal.id })).filter(
      (r) => r.kind === 'closed',
    );
    const firstPremium = Math.min(
      ...rows.filter((r) => r.tier === 'premium').map((r) => r.sentAt!),
    );
    const result = tally(planned, rows, platform.sends, (r) =>
      r.tier === 'premium' ? closedAt : firstPremium + DELAY[r.tier],
    );
    console.log(`tier order (close, 90 s lag): ${JSON.stringify(result)}`);
    assertOrder(rows, platform.sends);
    expect(result).toEqual({
      expected: planned,
      delivered: planned,
      lost: 0,
      duplicated: 0,
      early: 0,
    });
  });
});

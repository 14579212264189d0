import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import type { Database } from '../../../src/database/database.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import type { SignalUpdate } from '../../../src/signals/signal.js';
import { openTestDatabase } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { buildEngine, waitFor } from './harness.js';
import { RecordingSender, tally } from './recording-sender.js';

const NY = (hhmmss: string) => Date.parse(`2026-03-02T${hhmmss}-05:00`);

describe('follow-ups read right', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let engine: DistributionEngine;
  const clock = new FakeClock(NY('10:00:00'));
  const platform = new RecordingSender(clock);
  const directory = new InMemoryRecipientDirectory([
    ...makeRecipients(2, 'premium', { telegram: true }),
    ...makeRecipients(2, 'basic', { telegram: true }),
    ...makeRecipients(1, 'free', { telegram: true }),
  ]);

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    engine = buildEngine({ db, clock, directory, sender: platform });
    await engine.start({ consume: true, reconcile: false });
  });
  afterAll(async () => {
    await engine.stop();
    await drop();
  });

  const sent = async (signalId: string) =>
    (await engine.store.list({ signalId })).filter((r) => r.status === 'sent').length;

  it('nine stop moves: Premium hears each with its own time, Basic one "trailing stop active"; the close carries its time', async () => {
    const signal = sampleSignal({ publishedAt: clock.now(), dataAsOf: clock.now() - 1000 });
    const { rows: signalRows } = await engine.planSignal(signal);
    await waitFor(async () => (await sent(signal.id)) === 6, 'premium signal');
    clock.advance(300_000);
    await waitFor(async () => (await sent(signal.id)) === signalRows, 'signal');

    const premiumPerEvent = 2 + 2 + 2; // discord, telegram group, 2 DMs, 2 emails
    const basicPerEvent = 2 + 2 + 2;
    let expected = signalRows;
    const moves: SignalUpdate[] = [];
    for (let i = 1; i <= 9; i++) {
      clock.set(NY(`11:${String(10 + 3 * i).padStart(2, '0')}:10`));
      const move: SignalUpdate = {
        signalId: signal.id,
        kind: 'stop_moved',
        at: clock.now(),
        newStop: 0.65 + 0.05 * i,
        reason: 'trail',
      };
      moves.push(move);
      const plan = (await engine.planUpdate(move))!;
      // Basic's view does not change with the level: only the first move is news to it.
      expect(plan.rows).toBe(premiumPerEvent + (i === 1 ? basicPerEvent : 0));
      expected += plan.rows;
      await waitFor(
        async () => (await sent(signal.id)) === expected - (i === 1 ? basicPerEvent : 0),
        'premium move',
      );
      clock.advance(60_000);
      await waitFor(async () => (await sent(signal.id)) === expected, 'move');
    }
    clock.set(NY('15:42:03'));
    const closed: SignalUpdate = {
      signalId: signal.id,
      kind: 'closed',
      at: clock.now(),
      exitPrice: 1.9,
      returnPct: 0.52,
      reason: 'target',
    };
    const closePlan = (await engine.planUpdate(closed))!;
    expected += closePlan.rows;
    await waitFor(
      async () => (await sent(signal.id)) === expected - closePlan.rows + premiumPerEvent,
      'premium close',
    );
    clock.advance(300_000);
    await waitFor(async () => (await sent(signal.id)) === expected, 'close');

    const rows = await engine.store.list({ signalId: signal.id });
    const result = tally(expected, rows, platform.sends);
    console.log(`follow-ups: ${JSON.stringify(result)}`);
    expect(result).toEqual({ expected, delivered: expected, lost: 0, duplicated: 0, early: 0 });

    const basicStops = rows.filter((r) => r.kind === 'stop_moved' && r.tier === 'basic');
    expect(basicStops.length).toBe(basicPerEvent);
    for (const r of basicStops) {
      expect(r.text).toContain('trailing stop active');
      expect(r.text).toContain('Data as of 11:13:10 ET');
    }
    // Each Premium stop notice carries its own move's time, not the signal's data stamp.
    const premiumGroup = rows.filter(
      (r) =>
        r.kind === 'stop_moved' &&
        r.tier === 'premium' &&
        r.channel === 'telegram' &&
        r.recipient === '',
    );
    expect(premiumGroup.map((r) => /Data as of ([\d:]+) ET/.exec(r.text!)![1])).toEqual(
      moves.map((_, i) => `11:${String(13 + 3 * i).padStart(2, '0')}:10`),
    );
    for (const r of rows.filter((x) => x.kind === 'closed'))
      expect(r.text).toContain('15:42:03 ET');
  });
});

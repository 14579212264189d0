import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { InProcessSignalBus } from '../../../src/signals/signal.js';
import type { EntryPayload } from '../../../src/record/canonical.js';
import { ChainRecorder } from '../../../src/record/chain-recorder.js';
import type { ChainStore } from '../../../src/record/chain-store.js';
import type { LegQuote } from '../../../src/record/record-ports.js';
import type { ChainSnapshot } from '../../../src/market-data/chain-snapshot.js';
import { DAY_DELAYS, DAY_SIGNALS, DAY_UPDATES } from '../../support/record-day.js';

/** A store whose appends fail `failures` times, then succeed. */
function flakyStore(failures: number) {
  const appended: EntryPayload[] = [];
  let left = failures;
  const store = {
    append: async (p: EntryPayload) => {
      if (left-- > 0) throw new Error('connection refused');
      appended.push(p);
    },
  } as unknown as ChainStore;
  return { store, appended };
}

function recorder(store: ChainStore, quotes: LegQuote[] = []) {
  const logged: string[] = [];
  const alerts: string[] = [];
  const r = new ChainRecorder({
    store,
    quotes: { record: async (q) => void quotes.push(...q), quotesAt: async () => new Map() },
    clock: new FakeClock(),
    delays: DAY_DELAYS,
    log: { warn: (_d, m) => logged.push(m), error: (_d, m) => logged.push(m) },
    alert: (m) => alerts.push(m),
    retryBaseMs: 1,
  });
  return { r, logged, alerts };
}

describe('chain recorder on the signal bus', () => {
  it('never blocks or fails a publish: a failing append is logged, alerted and retried in order', async () => {
    const { store, appended } = flakyStore(2);
    const { r, logged, alerts } = recorder(store);
    const bus = new InProcessSignalBus(() => {
      throw new Error('the bus saw a handler error');
    });
    r.attach(bus);
    await bus.publish(DAY_SIGNALS[0]);
    await bus.update(DAY_UPDATES[0]);
    expect(r.pending).toBeGreaterThan(0);
    await r.flush();
    expect(appended.map((p) => p.kind)).toEqual(['published', 'stop_moved']);
    expect(logged).toEqual([
      'record: chain append failed; retrying',
      'record: chain append failed; retrying',
    ]);
    expect(alerts).toHaveLength(2);
  });

  it('records the legs’ quotes of a published signal while its tier windows are open', async () => {
    const { store } = flakyStore(0);
    const quotes: LegQuote[] = [];
    const { r } = recorder(store, quotes);
    const s = DAY_SIGNALS[0];
    r.onPublished(s);
    const leg = s.legs[0].occSymbol;
    const snapshot = (at: number) =>
      ({
        asOf: new Date(at).toISOString(),
        contracts: [
          { occSymbol: leg, bid: 2.05, ask: 2.1 },
          { occSymbol: 'SPY260302C00999000', bid: 0.01, ask: 0.02 },
        ],
      }) as unknown as ChainSnapshot;
    await r.onSnapshot(snapshot(s.publishedAt + 60_000));
    await r.onSnapshot(snapshot(s.publishedAt + 3_600_000));
    expect(quotes).toEqual([{ occSymbol: leg, at: s.publishedAt + 60_000, bid: 2.05, ask: 2.1 }]);
    await r.flush();
  });
});

describe('chain recorder at shutdown', () => {
  it('stops within its grace when the database stays down, and says what was not chained', async () => {
    const { store } = flakyStore(Number.POSITIVE_INFINITY);
    const { r, logged } = recorder(store);
    r.onPublished(DAY_SIGNALS[0]);
    await r.stop(20);
    expect(r.pending).toBe(1);
    expect(logged.at(-1)).toBe('record: stopping with entries not chained');
  });
});

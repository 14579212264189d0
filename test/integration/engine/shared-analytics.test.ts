/**
 * The whole live wiring in one Nest app — market data (simulator, ingest loop off), analytics and
 * the engine: a chain of an engine symbol is analysed once, by the analytics service, and the engine
 * steps with that very snapshot; a symbol the engine does not trade never reaches it. Over a run of
 * pulls, every snapshot id is analysed exactly once however many readers (engine, API) it has.
 */
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TieredSnapshots } from '../../../src/analytics/api/tiered-snapshots.js';
import { AnalyticsEngine } from '../../../src/analytics/engine/analytics-engine.js';
import { AnalyticsService } from '../../../src/analytics/analytics.service.js';
import type { AnalyticsSnapshot } from '../../../src/analytics/analytics-snapshot.js';
import { MarketDataFeed } from '../../../src/analytics/market-data-feed.js';
import { FakeClock } from '../../../src/common/clock.js';
import { EngineModule } from '../../../src/engine/engine.module.js';
import { EngineService } from '../../../src/engine/engine.service.js';
import { IngestService } from '../../../src/market-data/ingest.service.js';
import type { Strategy } from '../../../src/strategies/strategy.js';
import { openTestDatabase } from '../../support/database.js';
import { startMarketDataApp } from '../../support/market-data-app.js';

describe('live wiring: market data → analytics → engine', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: INestApplication;
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  // A strategy that only records what the engine hands it.
  const seen: AnalyticsSnapshot[] = [];
  const recorder: Strategy<unknown, null> = {
    name: 'gex_squeeze',
    summary: 'test: records the snapshots it is given',
    knobs: {},
    initialState: () => null,
    evaluate(snapshot, _context, state) {
      seen.push(snapshot);
      return { candidates: [], state };
    },
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await startMarketDataApp({
      db,
      clock,
      env: { MARKET_DATA_SYMBOLS: 'SPY,XLF', ENGINE_SYMBOLS: 'SPY' },
      imports: [EngineModule.forRoot({ tickMs: 0, strategies: [recorder] })],
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('analyses each engine chain once and steps the engine with the service’s snapshot', async () => {
    const engine = app.get(EngineService);
    const ingest = app.get(IngestService);
    const spy = await ingest.pullChain('SPY');
    await ingest.pullChain('XLF');
    await app.get(MarketDataFeed).idle();
    await engine.idle();

    const latest = await app.get(AnalyticsService).latest('SPY');
    expect(latest?.snapshotId).toBe(spy.snapshotId);
    expect(engine.analytics.shared).toBe(1);
    expect(engine.analytics.computed).toBe(0);
    expect(seen.map((s) => s.symbol)).toEqual(['SPY']);
    // The very object the analytics service stored, not a second computation of the chain.
    expect(seen[0]).toBe(latest);
  });

  it('analyses every snapshot id exactly once over a run of pulls, the engine and the API reading that one analysis', async () => {
    const engine = app.get(EngineService);
    const ingest = app.get(IngestService);
    const api = app.get(TieredSnapshots);
    // Every analysis, by any AnalyticsEngine in the app (the service's or the engine's own stage).
    const analyses = new Map<string, number>();
    const realIngest = AnalyticsEngine.prototype.ingest;
    const count = vi.spyOn(AnalyticsEngine.prototype, 'ingest').mockImplementation(function (
      this: AnalyticsEngine,
      chain,
      inputs,
    ) {
      analyses.set(chain.snapshotId, (analyses.get(chain.snapshotId) ?? 0) + 1);
      return realIngest.call(this, chain, inputs);
    });
    const sharedBefore = engine.analytics.shared;
    const pulled: string[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        clock.advance(60_000);
        for (const symbol of ['SPY', 'XLF']) {
          pulled.push((await ingest.pullChain(symbol)).snapshotId);
          // The API serves the stored analysis (premium / operator see the latest one).
          await app.get(MarketDataFeed).idle();
          const served = await api.forCaller(symbol, { kind: 'operator' });
          expect(served.snapshotId).toBe(pulled[pulled.length - 1]);
        }
      }
      await engine.idle();
    } finally {
      count.mockRestore();
    }
    expect(new Set(pulled).size).toBe(8);
    expect([...analyses.keys()].sort()).toEqual([...pulled].sort());
    expect([...analyses.values()].every((n) => n === 1)).toBe(true);
    expect(engine.analytics.shared - sharedBefore).toBe(4);
    expect(engine.analytics.computed).toBe(0);
  });
});

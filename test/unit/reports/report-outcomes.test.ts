/**
 * A trade closed at its entry is "closed flat", never a loss: the report's story, each tier's
 * view, email and text, the strategy counts and the digest's outcome line all say so. Also: the
 * report charts' axes never print one label twice (the liquidity chart's spread axis on a range
 * of a few cents, money axes on half-unit steps, a flat day's equity curve).
 */
import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../../src/charts/chart-renderer.js';
import { renderDigest } from '../../../src/distribution/digest.js';
import { compactAxis, formatCompact } from '../../../src/reports/chart-axes.js';
import { buildReport } from '../../../src/reports/report-builder.js';
import {
  CHART_SIZE,
  equityCurveOption,
  liquidityOption,
} from '../../../src/reports/report-charts.js';
import { premiumNarrative } from '../../../src/reports/report-narrative.js';
import type { Report, ReportSignalLine } from '../../../src/reports/report.js';
import { renderReport } from '../../../src/reports/render/render-report.js';
import { basicView, freeView } from '../../../src/reports/tier-views.js';
import type { SignalUpdate } from '../../../src/signals/signal.js';
import { sampleSignal } from '../distribution/signal-fixtures.js';

const AT = Date.UTC(2026, 2, 10, 20, 10);

function signal(
  id: string,
  strike: number,
  outcome: { returnPct: number; pnl: number; exitPrice: number; reason: string },
): ReportSignalLine {
  return {
    id,
    publishedAt: AT - 3 * 3600_000,
    strategy: 'scalp',
    symbol: 'SPY',
    direction: 'bearish',
    contract: { occSymbol: `SPY260310P00${strike}000`, right: 'put', strike, expiry: '2026-03-10' },
    multiLeg: false,
    entry: 3.25,
    stop: 2.76,
    target: 6.46,
    size: 2,
    status: 'closed',
    fills: [{ at: AT - 3 * 3600_000, side: 'buy', occSymbol: 'x', quantity: 2, price: 3.25 }],
    outcome: { ...outcome, win: outcome.pnl > 0 },
  };
}

/** Three closed trades: one at its entry (0 %, $0), one loser, one winner. */
function report(): Report {
  const flat = signal('SIG-1', 589, {
    returnPct: 0,
    pnl: 0,
    exitPrice: 3.25,
    reason: 'trailing stop at +0% hit',
  });
  const lost = signal('SIG-2', 592, {
    returnPct: -0.18,
    pnl: -117,
    exitPrice: 2.67,
    reason: 'initial 15% stop hit',
  });
  const won = signal('SIG-3', 588, {
    returnPct: 0.27,
    pnl: 175.5,
    exitPrice: 4.13,
    reason: 'time stop',
  });
  const base = buildReport({
    type: 'close',
    date: '2026-03-10',
    scheduledFor: '16:10',
    generatedAt: AT,
    snapshots: [],
    records: {
      signals: [],
      fills: [],
      closedTrades: [flat, lost, won].map((s) => ({
        signalId: s.id,
        strategy: s.strategy,
        symbol: s.symbol,
        closedAt: AT - 3600_000,
        pnl: s.outcome!.pnl,
        returnPct: s.outcome!.returnPct,
      })),
      openPositions: [],
      equityCurve: [
        { at: AT - 7200_000, equity: 100_000 },
        { at: AT - 3600_000, equity: 100_058.5 },
      ],
      book: {
        startEquity: 100_000,
        equity: 100_058.5,
        realizedToday: 58.5,
        unrealized: 0,
        capitalUsed: 0,
        buyingPower: 100_058.5,
      },
    },
  });
  return {
    ...base,
    signals: [flat, lost, won],
    levels: [
      {
        symbol: 'SPY',
        spot: 587.22,
        asOf: AT,
        flip: 593.78,
        callWall: 600,
        putWall: 580,
        maxPain: 591,
        maxPainExpiry: '2026-03-11',
        expectedMove: { expiry: '2026-03-11', dollars: 6.7, pct: 0.0114 },
        ivRank: 40,
        atmIv: 0.2,
        regime: { label: 'mean_reverting', confidence: 0.7 },
        netGex: -1e9,
      },
    ],
  };
}

describe('flat trades in reports', () => {
  it('counts a trade closed at its entry as flat, in the strategy record and the story', async () => {
    const r = report();
    expect(r.attribution).toEqual([
      expect.objectContaining({ strategy: 'scalp', trades: 3, wins: 1, losses: 1, flat: 1 }),
    ]);
    const story = (await premiumNarrative(r, [])).join(' ');
    expect(story).toContain('Today we sent three signals: one won, one lost and one closed flat.');
    expect(story).not.toMatch(/two lost|0 still open|no winners/);
  });

  it('gives Basic "closed flat" (never "lost (0%)") and Free the same counts', () => {
    const r = report();
    const basic = basicView(r);
    expect(basic.signals.map((s) => s.result)).toEqual(['flat', 'lost', 'won']);
    expect(basic.narrative.join(' ')).toContain(
      'Today we sent three signals: one won, one lost and one closed flat.',
    );
    expect(basic.narrative.join(' ')).not.toMatch(/loser|winner/);
    const free = freeView(r);
    expect([free.wins, free.losses, free.flat]).toEqual([1, 1, 1]);
    expect(free.teaser.join(' ')).toContain('one won, one lost and one closed flat');
  });

  it('renders flat as flat in every tier’s email and text', async () => {
    const [premium, basic] = await renderReport(report(), { tiers: ['premium', 'basic'] });
    expect(premium.text).toContain('Closed flat ($0.00): the stop, raised to breakeven, was hit.');
    expect(premium.text).toContain('Lost 18% (−$117.00): the initial 15% stop was hit.');
    expect(premium.text).not.toMatch(/\b0% \(\$0\.00\)/);
    expect(premium.html).toContain('flat · $0.00');
    expect(basic.text).toContain('SPY puts around 590 (scalp): closed flat');
    expect(basic.text).toContain('lost (−18%)');
    expect(basic.text).not.toContain('lost (0%)');
    expect(basic.html).toContain('closed flat');
    expect(basic.html).not.toContain('lost (0%)');
  });

  it('words a flat close in the digest as "closed flat"', () => {
    const s = sampleSignal({ id: 'SIG-20260310-001', publishedAt: AT - 3600_000 });
    const closed: SignalUpdate = {
      signalId: s.id,
      kind: 'closed',
      at: AT - 1800_000,
      exitPrice: s.entry,
      returnPct: 0.001,
      reason: 'trailing stop at +0% hit',
    };
    const digest = renderDigest({
      event: { id: '1', digest: { day: '2026-03-10', tier: 'premium' }, at: AT },
      signals: [{ signal: s, closed, narrative: '' }],
      summary: null,
      delayMs: 0,
      unsubscribeUrl: null,
    });
    expect(digest.text).toContain(`Outcome: closed flat at $${s.entry.toFixed(2)}.`);
  });
});

/** The labels of an SVG chart's value axes (its text elements), in order. */
function labels(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}

describe('report chart axes', () => {
  it('labels a spread axis of a few cents with distinct labels', () => {
    const liquidity = [0.01, 0.02, 0.03, 0.03, 0.02, null, 0.03].map((spread, i) => ({
      strike: 585 + i,
      callOpenInterest: 1000 * (i + 1),
      putOpenInterest: 800 * (i + 1),
      volume: 10,
      spread,
    }));
    const option = liquidityOption({
      symbol: 'SPY',
      spot: 588,
      flip: null,
      callWall: null,
      putWall: null,
      gexByStrike: [],
      gammaGrid: { strikes: [], expiries: [], cells: [] },
      liquidity,
    });
    const dollars = labels(renderChartSvg(option, CHART_SIZE)).filter((t) => t.startsWith('$'));
    expect(dollars.length).toBeGreaterThanOrEqual(3);
    expect(new Set(dollars).size).toBe(dollars.length);
  });

  it('keeps money and count labels distinct on half-unit steps', () => {
    const axis = compactAxis([0, 2.5e6]);
    const ticks = [0, 0.5e6, 1e6, 1.5e6, 2e6, 2.5e6].map((v) => formatCompact(v, axis, '$'));
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks[3]).toBe('$1.5M');
    expect(formatCompact(-2e9, compactAxis([-2e9, 3e9]), '$')).toBe('−$2.0B');
  });

  it('labels a flat day’s equity curve without repeats', () => {
    const r = report();
    const flatDay = {
      ...r,
      equityCurve: [0, 1, 2, 3].map((i) => ({ at: AT - i * 600_000, equity: 100_000 })),
    };
    const money = labels(renderChartSvg(equityCurveOption(flatDay), CHART_SIZE)).filter((t) =>
      t.startsWith('$'),
    );
    expect(money.length).toBeGreaterThan(0);
    expect(new Set(money).size).toBe(money.length);
  });
});

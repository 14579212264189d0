/**
 * Reports' read ports (SnapshotReader, TradingDayReader) over a finished engine run: a simulated
 * or recorded session driven through the backtester up to the report's time. Lives with the CLI
 * because it reads the engine, which reports may not import.
 */
import type { AnalyticsSnapshot } from '../../analytics/analytics-snapshot.js';
import { nyDate, nyInstant, previousTradingDay, sessionFor } from '../../common/market-calendar.js';
import type { BacktestResult } from '../../backtest/backtester.js';
import { runBacktest } from '../../backtest/backtester.js';
import { recordedSessions, simulatedSessions } from '../../backtest/sources.js';
import type { AnalyticsConfig } from '../../config/sections/analytics.js';
import type { EngineConfig } from '../../config/sections/engine.js';
import type { MarketStep } from '../../engine/market-step.js';
import { buildStrategies } from '../../engine/strategy-set.js';
import { openUnits } from '../../execution/positions.js';
import type { EquityPoint } from '../../reports/report.js';
import type {
  SnapshotReader,
  TradingDayReader,
  TradingDayRecords,
} from '../../reports/report-sources.js';

const MAX_CURVE_POINTS = 390;

export class EngineRunDaySource implements SnapshotReader, TradingDayReader {
  constructor(
    private readonly run: BacktestResult,
    private readonly startEquity: number,
  ) {}

  latestSnapshots(symbols: readonly string[], _asOf: number): Promise<AnalyticsSnapshot[]> {
    const out: AnalyticsSnapshot[] = [];
    for (const s of symbols) {
      const snap = this.run.engine.market.snapshot(s);
      if (snap) out.push(snap);
    }
    return Promise.resolve(out);
  }

  dayRecords(date: string, asOf: number): Promise<TradingDayRecords> {
    const { engine } = this.run;
    const onDay = (at: number): boolean => nyDate(at) === date && at <= asOf;
    const book = engine.book;
    const live = book.live();
    const unrealized = live.reduce((s, p) => s + book.unrealized(p), 0);
    const pnl = book.pnl(asOf);
    const sessionDate = nyDate(this.run.equityCurve.at(-1)?.at ?? asOf);
    return Promise.resolve({
      signals: this.run.signals.filter((s) => onDay(s.createdAt)),
      fills: this.run.fills
        .filter((f) => onDay(f.at))
        .map((f) => ({
          signalId: f.signalId,
          occSymbol: f.occSymbol,
          side: f.side,
          quantity: f.quantity,
          price: f.price,
          at: f.at,
        })),
      closedTrades: engine.closedTrades
        .filter((t) => onDay(t.closedAt))
        .map((t) => ({
          signalId: t.signalId,
          strategy: t.strategy,
          symbol: t.symbol,
          closedAt: t.closedAt,
          pnl: t.pnl,
          returnPct: t.returnPct,
        })),
      openPositions: live.map((p) => ({
        signalId: p.signalId,
        strategy: p.strategy,
        symbol: p.symbol,
        direction: p.direction,
        units: openUnits(p),
        entry: p.entryNet ?? 0,
        mark: p.markNet,
        unrealizedPnl: book.unrealized(p),
        greeks: p.greeksPerUnit,
      })),
      equityCurve: thin(this.run.equityCurve.filter((p) => nyDate(p.at) === sessionDate)),
      book: {
        startEquity: this.startEquity,
        equity: book.equity(),
        realizedToday: sessionDate === date ? pnl.day - unrealized : 0,
        unrealized,
        capitalUsed: book.capitalUsed(),
        buyingPower: book.buyingPower(),
      },
    });
  }
}

function thin(points: EquityPoint[]): EquityPoint[] {
  if (points.length <= MAX_CURVE_POINTS) return points;
  const every = Math.ceil(points.length / MAX_CURVE_POINTS);
  return points.filter((_, i) => i % every === 0 || i === points.length - 1);
}

export interface EngineDayOptions {
  date: string;
  /** The report's instant: the run stops at it. */
  asOf: number;
  symbols: string[];
  /** 'simulator' or a directory of recordings. */
  source: string;
  seed: number;
  stepSeconds: number;
  config: EngineConfig & Partial<AnalyticsConfig>;
}

async function* until(steps: AsyncIterable<MarketStep>, asOf: number): AsyncGenerator<MarketStep> {
  for await (const step of steps) {
    if (step.at > asOf) return;
    yield step;
  }
}

/**
 * Drives the engine over the session the report looks at — the date itself, or the previous
 * trading day for a pre-market report written before the open — and stops at the report's time.
 */
export async function engineDaySource(o: EngineDayOptions): Promise<EngineRunDaySource> {
  const session = sessionFor(o.date);
  const beforeOpen = session === null || o.asOf < session.openAt;
  const day = beforeOpen ? previousTradingDay(o.date) : o.date;
  const stepMs = o.stepSeconds * 1000;
  const steps =
    o.source === 'simulator'
      ? simulatedSessions({ from: day, to: day, symbols: o.symbols, seed: o.seed, stepMs })
      : recordedSessions(o.source, { from: day, to: day, symbols: o.symbols });
  const cutoff = beforeOpen ? nyInstant(day, '23:59') : o.asOf;
  const run = await runBacktest({
    config: o.config,
    strategies: buildStrategies('all'),
    steps: until(steps, cutoff),
    seed: o.seed,
    monteCarloRuns: 0,
  });
  return new EngineRunDaySource(run, o.config.ENGINE_START_EQUITY);
}

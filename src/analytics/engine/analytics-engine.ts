/**
 * AnalyticsEngine: one ChainSnapshot (+ optional underlying ticks or 1-minute bars, order book and
 * options tape) → one AnalyticsSnapshot. Framework-free. Keeps rolling state per symbol
 * (symbol-state.ts) and builds the snapshot section by section (sections/): contracts, exposures,
 * chain metrics, volatility, microstructure, indicators, flow, regime and anomalies.
 *
 * GEX, flip, walls, DEX, vanna/charm and max pain come from chain-analysis (`analyzeChain`, row IV
 * per the definitions); per-contract IV and Greeks are ours, solved from the mid (falling
 * back to the vendor IV when the mid carries no solution).
 */
import type { Clock } from '../../common/clock.js';
import { isoInstantMs, newYorkDate } from '../../common/new-york-time.js';
import type { ChainSnapshot } from '../../market-data/chain-snapshot.js';
import type { AnalyticsSnapshot } from '../analytics-snapshot.js';
import { ChainWorkspace, analyzeChain } from '../chain-analysis/index.js';
import {
  DEFAULT_ENGINE_OPTIONS,
  type DailySummary,
  type EngineInputs,
  type EngineOptions,
  type EngineResult,
} from './engine-types.js';
import { anomaliesSection } from './sections/anomalies-section.js';
import { chainMetricsSection } from './sections/chain-metrics-section.js';
import { contractsSection } from './sections/contracts-section.js';
import { rollDay } from './sections/daily-row.js';
import { exposuresSection } from './sections/exposures-section.js';
import { flowSection } from './sections/flow-section.js';
import { indicatorsSection } from './sections/indicators-section.js';
import { microstructureSection } from './sections/microstructure-section.js';
import { regimeSection } from './sections/regime-section.js';
import { feedUnderlyingPrices } from './sections/underlying-feed.js';
import { volatilitySection } from './sections/volatility-section.js';
import { HISTORY_DAYS, newSymbolState, type SymbolState } from './symbol-state.js';

export class AnalyticsEngine {
  private readonly symbols = new Map<string, SymbolState>();
  /** [price, delta, gamma, theta, vega, …] of one option (greeksInto layout), reused. */
  private readonly greeksBuffer = new Float64Array(10);
  /** One chain is analysed and consumed at a time, so its buffers are reused chain after chain. */
  private readonly workspace = new ChainWorkspace();
  readonly options: EngineOptions;
  /** The live provider's Fed funds rate once one arrived: it prices instead of `options.r`. */
  private providerRate: number | null = null;

  constructor(
    private readonly clock: Clock,
    options: Partial<EngineOptions> = {},
  ) {
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...options };
  }

  /** The rate options are priced at: the provider's Fed funds rate once known, else the configured. */
  get riskFreeRate(): number {
    return this.providerRate ?? this.options.r;
  }

  hasSymbol(symbol: string): boolean {
    return this.symbols.has(symbol);
  }

  /** Seeds a symbol's daily history (oldest first), e.g. from PostgreSQL at start-up. */
  setHistory(symbol: string, rows: readonly DailySummary[]): void {
    const s = this.state(symbol);
    // Rows of the day in progress (or later) stay with the live row, never in the history.
    const current = s.today?.date;
    const sorted = [...rows]
      .filter((r) => current === undefined || r.date < current)
      .sort((a, b) => a.date.localeCompare(b.date));
    s.history = sorted.slice(-HISTORY_DAYS - 1);
  }

  /** Daily history of a symbol, oldest first, including today's row when there is one. */
  history(symbol: string): DailySummary[] {
    const s = this.symbols.get(symbol);
    if (!s) return [];
    return s.today ? [...s.history, s.today] : [...s.history];
  }

  ingest(chain: ChainSnapshot, inputs: EngineInputs = {}): EngineResult {
    const o = this.options;
    const symbol = chain.underlying;
    const s = this.state(symbol);
    if (inputs.provider?.riskFreeRate != null) this.providerRate = inputs.provider.riskFreeRate;
    const rates = { r: this.riskFreeRate, q: o.dividendYields[symbol] ?? o.q };
    const analysis = analyzeChain(chain, { ...rates, workspace: this.workspace });
    const asOfMs = isoInstantMs(chain.asOf);
    const date = Number.isFinite(asOfMs) ? newYorkDate(asOfMs) : '';
    const spot = chain.spot;

    feedUnderlyingPrices(s, spot, asOfMs, inputs);
    const contracts = contractsSection(chain, analysis, rates, this.greeksBuffer);
    const metrics = chainMetricsSection(contracts.contracts, spot);
    const { optionsVolume } = metrics;
    const quote = { symbol, date, spot, asOfMs, snapshotId: chain.snapshotId };
    const { row: today, late } = rollDay(s, quote);
    const netGex = analysis.gex.total;
    const vol = volatilitySection(s, o, today, { atmIv: metrics.atmIv, netGex, optionsVolume });
    const technical = indicatorsSection(s, asOfMs, inputs.provider?.indicators);
    const micro = microstructureSection(s, contracts.contracts, spot, inputs.book);
    const regime = regimeSection({
      ivPercentile: vol.ivPercentile,
      ivHistoryDays: vol.ivHistoryDays,
      closes: technical.closes,
      atr14: technical.indicators.atr14,
      liquidityScore: micro.liquidity.score,
      hasBook: inputs.book !== undefined,
      gex: analysis.gex,
    });
    const anomalies = anomaliesSection(s, chain, analysis, contracts.contracts, asOfMs, o);
    const flow = flowSection(s, {
      date,
      tape: inputs.tape,
      quotes: chain.contracts,
      optionsVolume,
      blockTradeContracts: o.blockTradeContracts,
    });

    // Keys in AnalyticsSnapshot's order, so equal inputs serialise to equal snapshots.
    const snapshot: AnalyticsSnapshot = {
      symbol,
      snapshotId: chain.snapshotId,
      asOf: asOfMs,
      computedAt: this.clock.now(),
      spot,
      ...contracts,
      ...exposuresSection(analysis, spot),
      putCallRatio: metrics.putCallRatio,
      netGreeks: metrics.netGreeks,
      netGreeksByExpiry: metrics.netGreeksByExpiry,
      expectedMove: metrics.expectedMove,
      atmIv: metrics.atmIv,
      termStructure: metrics.termStructure,
      skew: metrics.skew,
      ivRank: vol.ivRank,
      ivPercentile: vol.ivPercentile,
      realizedVol: vol.realizedVol,
      ...micro,
      indicators: technical.indicators,
      supportResistance: technical.supportResistance,
      momentum: technical.momentum,
      flow,
      regime,
      volForecast: vol.volForecast,
      anomalies,
    };
    return { snapshot, daily: late ? null : { ...today, forecast: { ...today.forecast } } };
  }

  private state(symbol: string): SymbolState {
    let s = this.symbols.get(symbol);
    if (!s) {
      s = newSymbolState(symbol, this.options);
      this.symbols.set(symbol, s);
    }
    return s;
  }
}

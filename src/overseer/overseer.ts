/**
 * The overseer: runs once a second of engine time over what the engine saw and acts on its own —
 * halt everything on stale data, halt a symbol on impossible Greeks, warn on slippage and regime
 * uncertainty, taper size as the day's loss nears the breaker, go paper-only when fills are far
 * off their quotes, disable a strategy whose realised hit rate decays below what it promised.
 * Every finding becomes an alert with its context (an in-memory ring plus a sink, e.g. the table).
 */
import { nyDate } from '../common/market-calendar.js';
import { HysteresisGate } from '../analytics/anomalies/hysteresis.js';
import type { AnalyticsSnapshot } from '../analytics/analytics-snapshot.js';
import type { Fill } from '../execution/broker.js';
import type { TradingControls } from '../risk/rule-types.js';
import type { AlertLevel, AlertRecord, OverseerAction } from './alerts.js';
import type { StrategyName } from '../vocabulary/trading.js';

export interface OverseerConfig {
  maxDataAgeMs: number;
  maxSlippage: number;
  maxRegimeUncertainty: number;
  decayMinTrades: number;
  decayRatio: number;
  alertBuffer: number;
  /** Day loss (fraction of start-of-day equity) at which size is tapered. */
  taperAtLoss: number;
  taperMultiplier: number;
  /** Same alert (kind, symbol, strategy) is not repeated within this long. */
  repeatAfterMs: number;
  /**
   * A symbol leaves the uncertain-regime state when uncertainty falls below this (hysteresis:
   * it entered above maxRegimeUncertainty), so the warning fires once per episode.
   */
  regimeUncertaintyExit: number;
}

export const DEFAULT_OVERSEER_CONFIG: OverseerConfig = {
  maxDataAgeMs: 10_000,
  maxSlippage: 0.02,
  maxRegimeUncertainty: 0.5,
  decayMinTrades: 10,
  decayRatio: 0.5,
  alertBuffer: 500,
  taperAtLoss: 0.015,
  taperMultiplier: 0.5,
  repeatAfterMs: 5 * 60_000,
  regimeUncertaintyExit: 0.4,
};

export interface StrategyRecord {
  trades: number;
  wins: number;
  /** Mean confidence the strategy gave its closed trades: the hit rate it promised. */
  expectedWinRate: number;
}

export interface OverseerObservation {
  now: number;
  /** Last timestamp per feed (chains per symbol, analytics heartbeats), ms. */
  feeds: Record<string, number>;
  /** Latest analytics per symbol seen since the last tick. */
  snapshots: AnalyticsSnapshot[];
  /** Fills since the last tick. */
  fills: Fill[];
  strategies: Partial<Record<StrategyName, StrategyRecord>>;
  /** Day P&L and start-of-day equity, for the taper. */
  dayPnl: number;
  startOfDayEquity: number;
}

export interface DailySummary {
  day: string;
  alerts: number;
  byLevel: Record<AlertLevel, number>;
  byKind: Record<string, number>;
  actions: { at: number; action: OverseerAction; message: string }[];
  controls: {
    halted: boolean;
    haltedSymbols: string[];
    disabledStrategies: string[];
    sizeMultiplier: number;
    paperOnly: boolean;
  };
}

/** Greeks no option can have: the symbol's analytics cannot be trusted. */
export function impossibleGreeks(s: AnalyticsSnapshot): string[] {
  const out: string[] = [];
  for (const c of s.contracts) {
    const bad: string[] = [];
    if (c.delta !== null && (!Number.isFinite(c.delta) || Math.abs(c.delta) > 1.0001))
      bad.push(`delta ${c.delta}`);
    if (c.delta !== null && c.right === 'call' && c.delta < -1e-6)
      bad.push(`call delta ${c.delta}`);
    if (c.delta !== null && c.right === 'put' && c.delta > 1e-6) bad.push(`put delta ${c.delta}`);
    if (c.gamma !== null && (!Number.isFinite(c.gamma) || c.gamma < -1e-9))
      bad.push(`gamma ${c.gamma}`);
    if (c.vega !== null && (!Number.isFinite(c.vega) || c.vega < -1e-9)) bad.push(`vega ${c.vega}`);
    if (c.iv !== null && (!Number.isFinite(c.iv) || c.iv <= 0 || c.iv > 10)) bad.push(`iv ${c.iv}`);
    if (bad.length > 0) out.push(`${c.occSymbol}: ${bad.join(', ')}`);
  }
  for (const a of s.anomalies) if (a.kind === 'impossible_greeks') out.push(a.message);
  return out;
}

export class Overseer {
  readonly controls: TradingControls & { paperOnly: boolean };
  private readonly haltedSymbols = new Set<string>();
  private readonly disabled = new Set<StrategyName>();
  private readonly ring: AlertRecord[] = [];
  private readonly lastAlertAt = new Map<string, number>();
  private readonly actions: { at: number; action: OverseerAction; message: string }[] = [];
  private lastTickSecond = -Infinity;
  private readonly regimeGate: HysteresisGate;
  private dataHalt = false;
  private manualHalt: string | null = null;

  constructor(
    private readonly config: OverseerConfig = DEFAULT_OVERSEER_CONFIG,
    private readonly sink: (alert: AlertRecord) => void = () => undefined,
  ) {
    this.regimeGate = new HysteresisGate({
      enter: config.maxRegimeUncertainty,
      exit: Math.min(config.maxRegimeUncertainty, config.regimeUncertaintyExit),
      minIntervalMs: config.repeatAfterMs,
    });
    this.controls = {
      halted: false,
      haltedSymbols: this.haltedSymbols,
      disabledStrategies: this.disabled,
      sizeMultiplier: 1,
      paperOnly: false,
    };
  }

  /** True once per engine-clock second: the engine calls `tick` only then. */
  due(now: number): boolean {
    return Math.floor(now / 1000) > this.lastTickSecond;
  }

  tick(o: OverseerObservation): AlertRecord[] {
    this.lastTickSecond = Math.floor(o.now / 1000);
    const raised: AlertRecord[] = [];
    const alert = (a: Omit<AlertRecord, 'at'>, force = false): void => {
      const key = `${a.kind}|${a.symbol ?? ''}|${a.strategy ?? ''}|${a.action}`;
      const last = this.lastAlertAt.get(key);
      if (!force && last !== undefined && o.now - last < this.config.repeatAfterMs) return;
      this.lastAlertAt.set(key, o.now);
      const rec = { ...a, at: o.now };
      raised.push(rec);
      this.push(rec);
    };

    // Data freshness: the oldest feed decides.
    let oldest: { feed: string; age: number } | null = null;
    for (const [feed, at] of Object.entries(o.feeds)) {
      const age = o.now - at;
      if (!oldest || age > oldest.age) oldest = { feed, age };
    }
    const stale = oldest !== null && oldest.age > this.config.maxDataAgeMs;
    if (stale && !this.dataHalt) {
      this.dataHalt = true;
      this.act(o.now, 'halt', `${oldest!.feed} is ${Math.round(oldest!.age / 1000)} s old`);
      alert(
        {
          level: 'critical',
          kind: 'data_freshness',
          action: 'halt',
          symbol: null,
          strategy: null,
          message: `data stale: ${oldest!.feed} ${Math.round(oldest!.age / 1000)} s old (limit ${this.config.maxDataAgeMs / 1000} s); new orders halted`,
          context: { feed: oldest!.feed, ageMs: oldest!.age, limitMs: this.config.maxDataAgeMs },
        },
        true,
      );
    } else if (!stale && this.dataHalt) {
      this.dataHalt = false;
      this.act(o.now, 'resume', 'data fresh again');
      alert(
        {
          level: 'info',
          kind: 'data_freshness',
          action: 'resume',
          symbol: null,
          strategy: null,
          message: 'data fresh again; trading resumed',
          context: { ageMs: oldest?.age ?? null },
        },
        true,
      );
    }
    this.syncHalt();

    for (const s of o.snapshots) {
      const bad = impossibleGreeks(s);
      if (bad.length > 0 && !this.haltedSymbols.has(s.symbol)) {
        this.haltedSymbols.add(s.symbol);
        this.act(o.now, 'halt_symbol', `${s.symbol}: impossible Greeks`);
        alert(
          {
            level: 'critical',
            kind: 'greeks_sanity',
            action: 'halt_symbol',
            symbol: s.symbol,
            strategy: null,
            message: `${s.symbol} halted: impossible Greeks (${bad.slice(0, 3).join('; ')})`,
            context: { snapshotId: s.snapshotId, contracts: bad.length },
          },
          true,
        );
      } else if (bad.length === 0 && this.haltedSymbols.has(s.symbol)) {
        this.haltedSymbols.delete(s.symbol);
        this.act(o.now, 'resume', `${s.symbol}: Greeks sane again`);
        alert(
          {
            level: 'info',
            kind: 'greeks_sanity',
            action: 'resume',
            symbol: s.symbol,
            strategy: null,
            message: `${s.symbol} resumed: Greeks sane again`,
            context: { snapshotId: s.snapshotId },
          },
          true,
        );
      }
      const uncertainty = 1 - s.regime.confidence;
      if (this.regimeGate.update(s.symbol, uncertainty, o.now) === 'enter') {
        alert({
          level: 'warning',
          kind: 'regime_uncertainty',
          action: 'none',
          symbol: s.symbol,
          strategy: null,
          message: `${s.symbol} regime "${s.regime.label}" uncertain: ${Math.round(uncertainty * 100)}% (limit ${Math.round(this.config.maxRegimeUncertainty * 100)}%)`,
          context: { regime: s.regime.label, uncertainty, snapshotId: s.snapshotId },
        });
      }
    }

    for (const f of o.fills) {
      if (f.kind !== 'trade' || f.slippage <= this.config.maxSlippage) continue;
      const severe = f.slippage > 2 * this.config.maxSlippage;
      if (severe && !this.controls.paperOnly) {
        this.controls.paperOnly = true;
        this.act(o.now, 'paper_only', `fill ${f.id} slipped ${(f.slippage * 100).toFixed(1)}%`);
      }
      alert({
        level: 'warning',
        kind: 'slippage',
        action: severe ? 'paper_only' : 'none',
        symbol: f.occSymbol,
        strategy: null,
        message: `fill on ${f.occSymbol} slipped ${(f.slippage * 100).toFixed(2)}% from ${f.referencePrice} (limit ${(this.config.maxSlippage * 100).toFixed(1)}%)${severe ? '; publishing paused (paper-only)' : ''}`,
        context: {
          fillId: f.id,
          signalId: f.signalId,
          price: f.price,
          reference: f.referencePrice,
          slippage: f.slippage,
        },
      });
    }

    for (const [name, r] of Object.entries(o.strategies) as [StrategyName, StrategyRecord][]) {
      if (this.disabled.has(name) || r.trades < this.config.decayMinTrades) continue;
      const realised = r.wins / r.trades;
      if (realised < this.config.decayRatio * r.expectedWinRate) {
        this.disabled.add(name);
        this.act(o.now, 'disable_strategy', `${name} decayed`);
        alert(
          {
            level: 'critical',
            kind: 'strategy_decay',
            action: 'disable_strategy',
            symbol: null,
            strategy: name,
            message: `${name} disabled: realised hit rate ${(realised * 100).toFixed(0)}% over ${r.trades} trades vs ${(r.expectedWinRate * 100).toFixed(0)}% expected`,
            context: { trades: r.trades, wins: r.wins, realised, expected: r.expectedWinRate },
          },
          true,
        );
      }
    }

    const lossFrac = o.startOfDayEquity > 0 ? -o.dayPnl / o.startOfDayEquity : 0;
    const taper = lossFrac >= this.config.taperAtLoss;
    if (taper && this.controls.sizeMultiplier === 1) {
      this.controls.sizeMultiplier = this.config.taperMultiplier;
      this.act(o.now, 'taper', `day loss ${(lossFrac * 100).toFixed(2)}%`);
      alert(
        {
          level: 'warning',
          kind: 'drawdown',
          action: 'taper',
          symbol: null,
          strategy: null,
          message: `day loss ${(lossFrac * 100).toFixed(2)}% of equity: size tapered to ${this.config.taperMultiplier}×`,
          context: { dayPnl: o.dayPnl, lossFraction: lossFrac },
        },
        true,
      );
    } else if (!taper && this.controls.sizeMultiplier < 1 && lossFrac <= 0) {
      this.controls.sizeMultiplier = 1;
      this.act(o.now, 'resume', 'day P&L recovered: full size');
    }
    return raised;
  }

  /** Operator switches. */
  halt(now: number, reason: string): void {
    this.manualHalt = reason;
    this.syncHalt();
    this.act(now, 'halt', reason);
    this.push({
      at: now,
      level: 'critical',
      kind: 'operator',
      action: 'halt',
      symbol: null,
      strategy: null,
      message: `halted by operator: ${reason}`,
      context: {},
    });
  }
  resume(now: number): void {
    this.manualHalt = null;
    this.syncHalt();
    this.act(now, 'resume', 'operator resume');
  }
  setPaperOnly(now: number, on: boolean): void {
    this.controls.paperOnly = on;
    this.act(now, on ? 'paper_only' : 'resume', on ? 'paper-only on' : 'paper-only off');
  }
  enableStrategy(now: number, name: StrategyName): void {
    this.disabled.delete(name);
    this.act(now, 'resume', `${name} enabled`);
  }
  disableStrategy(now: number, name: StrategyName, reason: string): void {
    this.disabled.add(name);
    this.act(now, 'disable_strategy', `${name}: ${reason}`);
  }
  /**
   * A new trading day: the previous day's summary goes out as an info alert (so the operator
   * channel and the table keep one per day), and the taper resets.
   */
  newDay(now: number, previousDay: string | null = null): DailySummary | null {
    this.controls.sizeMultiplier = 1;
    if (previousDay === null) return null;
    const summary = this.dailySummary(previousDay);
    this.push({
      at: now,
      level: 'info',
      kind: 'daily_summary',
      action: 'none',
      symbol: null,
      strategy: null,
      message: `${previousDay}: ${summary.alerts} alerts (${summary.byLevel.critical} critical, ${summary.byLevel.warning} warnings), ${summary.actions.length} actions`,
      context: {
        day: previousDay,
        alerts: summary.alerts,
        critical: summary.byLevel.critical,
        warnings: summary.byLevel.warning,
        actions: summary.actions.map((a) => a.action).join(',') || null,
        disabledStrategies: summary.controls.disabledStrategies.join(',') || null,
        haltedSymbols: summary.controls.haltedSymbols.join(',') || null,
      },
    });
    return summary;
  }

  alerts(limit = 100): AlertRecord[] {
    return this.ring.slice(-limit).reverse();
  }

  dailySummary(day: string): DailySummary {
    const todays = this.ring.filter((a) => nyDate(a.at) === day);
    const byLevel: Record<AlertLevel, number> = { info: 0, warning: 0, critical: 0 };
    const byKind: Record<string, number> = {};
    for (const a of todays) {
      byLevel[a.level] += 1;
      byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
    }
    return {
      day,
      alerts: todays.length,
      byLevel,
      byKind,
      actions: this.actions.filter((x) => nyDate(x.at) === day),
      controls: {
        halted: this.controls.halted,
        haltedSymbols: [...this.haltedSymbols].sort(),
        disabledStrategies: [...this.disabled].sort(),
        sizeMultiplier: this.controls.sizeMultiplier,
        paperOnly: this.controls.paperOnly,
      },
    };
  }

  private syncHalt(): void {
    this.controls.halted = this.dataHalt || this.manualHalt !== null;
    this.controls.haltReason = this.manualHalt ?? (this.dataHalt ? 'stale data' : undefined);
  }

  private act(at: number, action: OverseerAction, message: string): void {
    this.actions.push({ at, action, message });
    if (this.actions.length > this.config.alertBuffer) this.actions.shift();
  }

  private push(a: AlertRecord): void {
    this.ring.push(a);
    if (this.ring.length > this.config.alertBuffer) this.ring.shift();
    this.sink(a);
  }
}

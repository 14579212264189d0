/**
 * The overseer: runs once a second of engine time over what the engine saw and acts on its own —
 * halt everything on stale data while the session is open, halt a symbol on impossible Greeks, warn on slippage and regime
 * uncertainty, taper size as the day's loss nears the breaker, go paper-only when fills are far
 * off their quotes, disable a strategy whose realised hit rate decays below what it promised.
 * Every finding becomes an alert with its context (an in-memory ring plus a sink, e.g. the table).
 */
import { isMarketOpen, nyDate, sessionFor } from '../common/market-calendar.js';
import { HysteresisGate } from '../analytics/anomalies/hysteresis.js';
import type { TradingControls } from '../risk/rule-types.js';
import type { AlertLevel, AlertRecord, OverseerAction } from './alerts.js';
import {
  impossibleGreeks,
  type DailySummary,
  type OverseerConfig,
  type OverseerObservation,
  type StrategyRecord,
} from './overseer-types.js';
import { DEFAULT_OVERSEER_CONFIG } from './overseer-types.js';
import type { StrategyName } from '../vocabulary/trading.js';

export {
  DEFAULT_OVERSEER_CONFIG,
  impossibleGreeks,
  type DailySummary,
  type OverseerConfig,
  type OverseerObservation,
  type StrategyRecord,
} from './overseer-types.js';

/** The halt reason while the stale-data lockout (not an operator) holds trading. */
export const STALE_DATA_HALT_REASON = 'stale data';
/** What a stale-data halt still held at the close is released as. */
export const MARKET_CLOSED_RELEASE = 'market closed';

/**
 * The feed that has gone longest without data during the regular session, or null outside the
 * session (before the open and after the close a quiet feed is not stale). A feed's age counts
 * from the open at the earliest, so yesterday's last print is not stale at 09:30:00: a feed has
 * the data-age limit after the open to report.
 */
export function oldestFeed(o: Pick<OverseerObservation, 'now' | 'feeds'>): {
  feed: string;
  age: number;
} | null {
  const session = sessionFor(o.now);
  if (!session || o.now < session.openAt || o.now >= session.closeAt) return null;
  let oldest: { feed: string; age: number } | null = null;
  for (const [feed, at] of Object.entries(o.feeds)) {
    const age = o.now - Math.max(at, session.openAt);
    if (!oldest || age > oldest.age) oldest = { feed, age };
  }
  return oldest;
}

export class Overseer {
  readonly controls: TradingControls & { paperOnly: boolean; manualMode: boolean };
  private readonly haltedSymbols = new Set<string>();
  private readonly disabled = new Set<StrategyName>();
  private readonly ring: AlertRecord[] = [];
  private readonly lastAlertAt = new Map<string, number>();
  private readonly actions: { at: number; action: OverseerAction; message: string }[] = [];
  private lastTickSecond = -Infinity;
  private readonly regimeGate: HysteresisGate;
  private dataHalt = false;
  private manualHalt: string | null = null;
  /** Size multipliers: the drawdown taper's and the operator's (the smaller one applies). */
  private autoTaper = 1;
  private operatorTaper = 1;

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
      manualMode: false,
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

    // Data freshness, only while the regular session is open: the oldest feed decides.
    const oldest = oldestFeed(o);
    const stale = oldest !== null && oldest.age > this.config.maxDataAgeMs;
    if (stale && !this.dataHalt) {
      this.dataHalt = true;
      this.act(o.now, 'halt', `${oldest.feed} is ${Math.round(oldest.age / 1000)} s old`);
      alert(
        {
          level: 'critical',
          kind: 'data_freshness',
          action: 'halt',
          symbol: null,
          strategy: null,
          message: `data stale: ${oldest.feed} ${Math.round(oldest.age / 1000)} s old (limit ${this.config.maxDataAgeMs / 1000} s); new orders halted`,
          context: { feed: oldest.feed, ageMs: oldest.age, limitMs: this.config.maxDataAgeMs },
        },
        true,
      );
    } else if (!stale && this.dataHalt) {
      // Ended by the close while it held: quiet feeds are expected now, no alarm.
      const closed = !isMarketOpen(o.now);
      this.dataHalt = false;
      this.act(o.now, 'resume', closed ? MARKET_CLOSED_RELEASE : 'data fresh again');
      alert(
        {
          level: 'info',
          kind: 'data_freshness',
          action: 'resume',
          symbol: null,
          strategy: null,
          message: closed
            ? `${MARKET_CLOSED_RELEASE}: the stale-data halt is released; freshness is checked again from the open`
            : 'data fresh again; trading resumed',
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
    if (taper && this.autoTaper === 1) {
      this.autoTaper = this.config.taperMultiplier;
      this.syncSize();
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
    } else if (!taper && this.autoTaper < 1 && lossFrac <= 0) {
      this.autoTaper = 1;
      this.syncSize();
      this.act(o.now, 'resume', 'day P&L recovered: full size');
    }
    return raised;
  }

  /**
   * Operator switches (the portal and the operator API): each raises an `operator` alert, so the
   * operators' channels hear of every change.
   */
  halt(now: number, reason: string): void {
    this.manualHalt = reason;
    this.syncHalt();
    this.operator(now, 'halt', 'critical', `halted by operator: ${reason}`);
  }
  resume(now: number, reason = 'operator resume'): void {
    this.manualHalt = null;
    this.syncHalt();
    this.operator(now, 'resume', 'info', `trading resumed by operator: ${reason}`);
  }
  setPaperOnly(now: number, on: boolean): void {
    this.controls.paperOnly = on;
    this.operator(
      now,
      on ? 'paper_only' : 'resume',
      'warning',
      on ? 'paper-only on: signals are not published' : 'paper-only off: signals are published',
    );
  }
  /** Manual mode: approved candidates wait for a person (approve / reject) instead of trading. */
  setManualMode(now: number, on: boolean): void {
    this.controls.manualMode = on;
    this.operator(
      now,
      'none',
      'warning',
      on ? 'manual mode on: candidates wait for approval' : 'manual mode off',
    );
  }
  /** The operator's size multiplier (0 < m ≤ 1); the drawdown taper still applies beneath it. */
  setTaper(now: number, multiplier: number): void {
    this.operatorTaper = Math.min(1, Math.max(0.01, multiplier));
    this.syncSize();
    this.operator(now, 'taper', 'warning', `size set by operator to ${this.operatorTaper}×`);
  }
  enableStrategy(now: number, name: StrategyName): void {
    this.disabled.delete(name);
    this.operator(now, 'resume', 'info', `${name} enabled by operator`, name);
  }
  disableStrategy(now: number, name: StrategyName, reason: string): void {
    this.disabled.add(name);
    this.operator(now, 'disable_strategy', 'warning', `${name} disabled: ${reason}`, name);
  }
  /**
   * A new trading day: the previous day's summary goes out as an info alert (so the operator
   * channel and the table keep one per day), and the taper resets.
   */
  newDay(now: number, previousDay: string | null = null): DailySummary | null {
    this.autoTaper = 1;
    this.syncSize();
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
    this.controls.haltReason =
      this.manualHalt ?? (this.dataHalt ? STALE_DATA_HALT_REASON : undefined);
  }

  private syncSize(): void {
    this.controls.sizeMultiplier = Math.min(this.autoTaper, this.operatorTaper);
  }

  private operator(
    now: number,
    action: OverseerAction,
    level: AlertLevel,
    message: string,
    strategy: StrategyName | null = null,
  ): void {
    this.act(now, action, message);
    this.push({
      at: now,
      level,
      kind: 'operator',
      action,
      symbol: null,
      strategy,
      message,
      context: {},
    });
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

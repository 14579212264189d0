/**
 * Data and market anomalies, each raised as an AnomalyFlag with the context to act on it.
 * Per-contract problems are aggregated into one flag per kind and snapshot (count, share, the
 * worst example) so a bad chain raises a handful of flags, not thousands.
 */
import type { AnomalyFlag, ContractAnalytics } from '../analytics-snapshot.js';
import type { OptionContract } from '../../market-data/chain-snapshot.js';
import { HysteresisGate } from './hysteresis.js';

export interface GexShiftOptions {
  /** Relative change of |net GEX| that raises the flag (0.2 = 20 %). */
  threshold: number;
  /** Look-back window, ms (5 minutes). */
  windowMs: number;
  /** `observe` leaves the shifted state below this change (default half the threshold). */
  exitThreshold?: number;
  /** `observe` announces a shift at most once per this long, ms (default the window). */
  minIntervalMs?: number;
}

/**
 * Watches |net GEX| per symbol: raises `gex_shift` when the current |net GEX| differs from any
 * value seen within the window by more than the threshold, relative to that earlier value.
 */
export class GexShiftDetector {
  private readonly history: { at: number; net: number }[] = [];
  private readonly gate: HysteresisGate;
  private lastChange = 0;

  constructor(
    private readonly symbol: string,
    private readonly options: GexShiftOptions = { threshold: 0.2, windowMs: 300_000 },
  ) {
    this.gate = new HysteresisGate({
      enter: options.threshold,
      exit: Math.min(options.threshold, options.exitThreshold ?? options.threshold / 2),
      minIntervalMs: options.minIntervalMs ?? options.windowMs,
    });
  }

  /**
   * The shift as a change of state: the flag only when |net GEX| enters the shifted state (change
   * above the threshold), nothing while it stays there or until the change has fallen below the
   * exit threshold, and at most one flag per interval. What the snapshot carries.
   */
  observe(at: number, net: number): AnomalyFlag | null {
    const flag = this.record(at, net);
    if (!Number.isFinite(net)) return null;
    const change = this.gate.update('shift', Math.abs(this.lastChange), at);
    return change === 'enter' ? flag : null;
  }

  /** Every check: the flag whenever the change within the window exceeds the threshold. */
  record(at: number, net: number): AnomalyFlag | null {
    if (!Number.isFinite(net)) return null;
    while (this.history.length > 0 && this.history[0].at < at - this.options.windowMs) {
      this.history.shift();
    }
    let worst: { at: number; net: number; change: number } | null = null;
    for (const h of this.history) {
      if (h.at > at) continue;
      const before = Math.abs(h.net);
      if (before === 0) continue;
      const change = (Math.abs(net) - before) / before;
      if (!worst || Math.abs(change) > Math.abs(worst.change)) worst = { ...h, change };
    }
    this.history.push({ at, net });
    this.lastChange = worst?.change ?? 0;
    if (!worst || Math.abs(worst.change) <= this.options.threshold) return null;
    return {
      kind: 'gex_shift',
      symbol: this.symbol,
      at,
      message: `|net GEX| moved ${(worst.change * 100).toFixed(1)}% in ${Math.round(
        (at - worst.at) / 1000,
      )} s`,
      context: {
        netGexBefore: worst.net,
        netGexNow: net,
        beforeAt: worst.at,
        changePct: worst.change * 100,
        signFlipped: Math.sign(worst.net) !== Math.sign(net),
        thresholdPct: this.options.threshold * 100,
      },
    };
  }
}

interface GreekValues {
  right: 'call' | 'put';
  iv: number | null;
  delta: number | null;
  gamma: number | null;
  vega: number | null;
}

const EPS = 1e-6;

/** Why a set of Greeks cannot be true of any option, or null when it can. */
export function impossibleGreeksReason(g: GreekValues): string | null {
  // Plain checks, no allocation: this runs over every contract of every snapshot.
  if (g.iv !== null && !Number.isFinite(g.iv)) return 'iv is not finite';
  if (g.delta !== null && !Number.isFinite(g.delta)) return 'delta is not finite';
  if (g.gamma !== null && !Number.isFinite(g.gamma)) return 'gamma is not finite';
  if (g.vega !== null && !Number.isFinite(g.vega)) return 'vega is not finite';
  if (g.delta !== null) {
    if (g.right === 'call' && (g.delta < -EPS || g.delta > 1 + EPS)) {
      return 'call delta outside [0, 1]';
    }
    if (g.right === 'put' && (g.delta > EPS || g.delta < -1 - EPS)) {
      return 'put delta outside [-1, 0]';
    }
  }
  if (g.gamma !== null && g.gamma < -EPS) return 'negative gamma';
  if (g.vega !== null && g.vega < -EPS) return 'negative vega';
  if (g.iv !== null && (g.iv < 0 || g.iv > 20)) return 'IV outside [0, 2000%]';
  return null;
}

/** One `impossible_greeks` flag for the vendor's Greeks of a chain, or null. */
export function impossibleGreeksFlag(
  symbol: string,
  at: number,
  contracts: readonly OptionContract[],
): AnomalyFlag | null {
  let count = 0;
  let example: { occSymbol: string; reason: string } | null = null;
  for (const c of contracts) {
    const reason = impossibleGreeksReason(c);
    if (!reason) continue;
    count++;
    example ??= { occSymbol: c.occSymbol, reason };
  }
  if (count === 0 || !example) return null;
  return {
    kind: 'impossible_greeks',
    symbol,
    at,
    message: `${count} contract(s) with impossible vendor Greeks, e.g. ${example.occSymbol}: ${example.reason}`,
    context: { count, occSymbol: example.occSymbol, reason: example.reason, source: 'vendor' },
  };
}

/**
 * `missing_greeks` when more than `maxShare` of the contracts that matter (open interest > 0 and a
 * two-sided quote) lack Greeks: from the vendor (null delta or gamma) or from us (IV not solved).
 */
export function missingGreeksFlags(
  symbol: string,
  at: number,
  vendor: readonly OptionContract[],
  ours: readonly ContractAnalytics[],
  maxShare = 0.05,
): AnomalyFlag[] {
  const flags: AnomalyFlag[] = [];
  const relevant = (c: { openInterest: number; bid: number; ask: number }): boolean =>
    c.openInterest > 0 && c.bid > 0 && c.ask >= c.bid;
  const check = (
    source: 'vendor' | 'ours',
    rows: readonly { openInterest: number; bid: number; ask: number; occSymbol: string }[],
    missing: (i: number) => boolean,
  ): void => {
    let total = 0;
    let count = 0;
    let example: string | null = null;
    rows.forEach((c, i) => {
      if (!relevant(c)) return;
      total++;
      if (missing(i)) {
        count++;
        example ??= c.occSymbol;
      }
    });
    if (total === 0 || count / total <= maxShare) return;
    flags.push({
      kind: 'missing_greeks',
      symbol,
      at,
      message: `${count} of ${total} quoted contracts with open interest have no ${source === 'vendor' ? 'vendor ' : ''}Greeks`,
      context: { source, count, total, share: count / total, occSymbol: example },
    });
  };
  check('vendor', vendor, (i) => vendor[i].delta === null || vendor[i].gamma === null);
  check('ours', ours, (i) => ours[i].delta === null || ours[i].gamma === null);
  return flags;
}

/**
 * `vendor_greeks_disagree` when the vendor's delta differs from ours by more than `deltaTolerance`
 * (absolute) on contracts with open interest, matched by OCC symbol.
 */
export function vendorDisagreementFlag(
  symbol: string,
  at: number,
  vendor: readonly OptionContract[],
  ours: readonly ContractAnalytics[],
  deltaTolerance = 0.05,
): AnomalyFlag | null {
  // Both lists usually come row-aligned (engine); match by position, by symbol otherwise.
  let bySymbol: Map<string, ContractAnalytics> | null = null;
  const match = (v: OptionContract, i: number): ContractAnalytics | undefined => {
    if (ours[i]?.occSymbol === v.occSymbol) return ours[i];
    bySymbol ??= new Map(ours.map((c) => [c.occSymbol, c]));
    return bySymbol.get(v.occSymbol);
  };
  let compared = 0;
  let count = 0;
  let worst: { occSymbol: string; vendor: number; ours: number; diff: number } | null = null;
  for (let i = 0; i < vendor.length; i++) {
    const v = vendor[i];
    const o = match(v, i);
    if (!o || v.delta === null || o.delta === null || v.openInterest <= 0) continue;
    compared++;
    const diff = Math.abs(v.delta - o.delta);
    if (diff <= deltaTolerance) continue;
    count++;
    if (!worst || diff > worst.diff)
      worst = { occSymbol: v.occSymbol, vendor: v.delta, ours: o.delta, diff };
  }
  if (!worst) return null;
  return {
    kind: 'vendor_greeks_disagree',
    symbol,
    at,
    message: `vendor delta differs from ours by more than ${deltaTolerance} on ${count} of ${compared} contracts (worst ${worst.occSymbol}: ${worst.vendor.toFixed(4)} vs ${worst.ours.toFixed(4)})`,
    context: {
      count,
      compared,
      occSymbol: worst.occSymbol,
      vendorDelta: worst.vendor,
      ourDelta: worst.ours,
      tolerance: deltaTolerance,
    },
  };
}

/**
 * Expiry and cash settlement. The settlement instant comes from the exchange calendar: PM-settled
 * options at the close (13:00 on half days), AM-settled SPX monthlies at the open; a contract dated
 * on a day the exchange is closed settles at the previous session's close. The settlement price is
 * the intrinsic value against the underlying's settlement print: the last spot at or before the
 * close (PM), the first spot at or after the open (AM, the opening print).
 */
import {
  isTradingDay,
  optionExpiryInstant,
  previousTradingDay,
  sessionFor,
} from '../common/market-calendar.js';
import type { Settlement } from '../market-data/chain-snapshot.js';
import type { OptionRight } from '../vocabulary/trading.js';

export function settlementInstant(expiry: string, settlement: Settlement): number {
  if (isTradingDay(expiry)) return optionExpiryInstant(expiry, settlement);
  const prev = sessionFor(previousTradingDay(expiry));
  if (!prev) throw new Error(`no session before ${expiry}`);
  return prev.closeAt;
}

export function intrinsicValue(right: OptionRight, strike: number, spot: number): number {
  const v = right === 'call' ? spot - strike : strike - spot;
  return Math.max(0, Math.round(v * 100) / 100);
}

/** Spots per underlying, kept in time order, to find the settlement print after the fact. */
export class SpotHistory {
  private readonly samples = new Map<string, { at: number; spot: number }[]>();
  constructor(private readonly keep = 5_000) {}

  record(underlying: string, at: number, spot: number): void {
    if (!(spot > 0)) return;
    let s = this.samples.get(underlying);
    if (!s) {
      s = [];
      this.samples.set(underlying, s);
    }
    if (s.length > 0 && s[s.length - 1].at > at) return; // out of order: ignore
    if (s.length > 0 && s[s.length - 1].at === at) s[s.length - 1].spot = spot;
    else s.push({ at, spot });
    if (s.length > this.keep) s.splice(0, s.length - this.keep);
  }

  /** The settlement print, or null while it is not yet known. */
  settlementSpot(underlying: string, instant: number, settlement: Settlement): number | null {
    const s = this.samples.get(underlying) ?? [];
    if (settlement === 'AM') {
      const first = s.find((x) => x.at >= instant);
      return first ? first.spot : null;
    }
    let last: number | null = null;
    for (const x of s) {
      if (x.at > instant) break;
      last = x.spot;
    }
    return last;
  }

  latest(underlying: string): number | null {
    const s = this.samples.get(underlying);
    return s && s.length > 0 ? s[s.length - 1].spot : null;
  }
}

/**
 * A small synthetic ChainSnapshot priced with Black–Scholes on a known smile, so our IV solve
 * recovers the generating vol and every figure is checkable by hand.
 */
import { DateTime } from 'luxon';
import { bsmGreeks } from '../../../src/analytics/math/black-scholes.js';
import type { ChainSnapshot, OptionContract } from '../../../src/market-data/chain-snapshot.js';

export interface SyntheticChainOptions {
  symbol?: string;
  spot?: number;
  /** Quote time, ISO UTC. */
  asOf?: string;
  expiries?: string[];
  strikeStep?: number;
  strikesEachSide?: number;
  /** Multiplies every open interest (to move GEX). */
  oiScale?: number;
  /** Relative half-spread around the model price. */
  halfSpread?: number;
}

export function smileVol(strike: number, spot: number): number {
  const m = Math.log(strike / spot);
  return 0.2 - 0.1 * m + 0.3 * m * m;
}

export function syntheticChain(o: SyntheticChainOptions = {}): ChainSnapshot {
  const symbol = o.symbol ?? 'SPY';
  const spot = o.spot ?? 500;
  const asOf = o.asOf ?? '2026-03-02T15:00:00Z';
  const expiries = o.expiries ?? ['2026-03-02', '2026-03-06', '2026-03-20', '2026-04-17'];
  const step = o.strikeStep ?? 5;
  const each = o.strikesEachSide ?? 10;
  const oiScale = o.oiScale ?? 1;
  const half = o.halfSpread ?? 0.01;
  const asOfMs = DateTime.fromISO(asOf, { zone: 'utc' }).toMillis();
  const atm = Math.round(spot / step) * step;
  const contracts: OptionContract[] = [];
  for (const expiry of expiries) {
    const expiresAtDt = DateTime.fromISO(`${expiry}T16:00:00`, { zone: 'America/New_York' });
    const expiresAt = expiresAtDt.toUTC().toISO() as string;
    const T = (expiresAtDt.toMillis() - asOfMs) / (365 * 86_400_000);
    for (let k = -each; k <= each; k++) {
      const strike = atm + k * step;
      const sigma = smileVol(strike, spot);
      for (const right of ['call', 'put'] as const) {
        const g = bsmGreeks({ type: right, S: spot, K: strike, T, r: 0, q: 0, sigma });
        const price = Math.max(g.price, 0.01);
        // Symmetric around the model price, so the mid is the model price and IV(mid) = σ.
        const bid = price * (1 - half);
        const ask = price * (1 + half);
        const otm = right === 'call' ? strike >= spot : strike <= spot;
        const oi = Math.round((otm ? 4_000 : 1_500) * Math.exp(-Math.abs(k) / 6) * oiScale);
        const ymd = expiry.slice(2).replaceAll('-', '');
        contracts.push({
          occSymbol: `${symbol}${ymd}${right === 'call' ? 'C' : 'P'}${String(strike * 1000).padStart(8, '0')}`,
          root: symbol,
          expiry,
          expiresAt,
          settlement: 'PM',
          strike,
          right,
          bid,
          ask,
          last: null,
          mark: (bid + ask) / 2,
          volume: Math.round(oi / 10),
          openInterest: oi,
          iv: sigma,
          delta: g.delta,
          gamma: g.gamma,
          theta: g.theta,
          vega: g.vega,
        });
      }
    }
  }
  return {
    snapshotId: `synthetic:${symbol}:${asOf}`,
    underlying: symbol,
    spot,
    asOf,
    source: 'simulator',
    contracts,
    quality: { rowsReceived: contracts.length, contractsKept: contracts.length, dropped: {} },
  };
}

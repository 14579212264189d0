/**
 * What the HTTP API returns, derived from an AnalyticsSnapshot by pure functions (the controllers
 * stay thin). Units as in the snapshot: Greeks in DESIGN.md units, GEX in dollars per 1 % move.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AnalyticsSnapshot, ContractAnalytics } from '../analytics-snapshot.js';
import { bsmGreeks } from '../math/black-scholes.js';
import { groupByExpiry } from '../metrics/chain-metrics.js';
import { CONTRACT_MULTIPLIER } from '../../vocabulary/units.js';

const iso = (ms: number): string =>
  DateTime.fromMillis(ms, { zone: 'utc' }).toISO({ includeOffset: true }) ?? '';

type ContractGreeks = Pick<
  ContractAnalytics,
  'occSymbol' | 'iv' | 'delta' | 'gamma' | 'theta' | 'vega' | 'mid' | 'bid' | 'ask'
>;

function greeksOf(c: ContractAnalytics | undefined): ContractGreeks | null {
  if (!c) return null;
  return {
    occSymbol: c.occSymbol,
    bid: c.bid,
    ask: c.ask,
    mid: c.mid,
    iv: c.iv,
    delta: c.delta,
    gamma: c.gamma,
    theta: c.theta,
    vega: c.vega,
  };
}

/**
 * ATM Greeks: the call and put at the strike closest to spot (ties: lower) of the requested
 * expiry, or of the nearest expiry. Null when the expiry is not in the chain.
 */
export function atmGreeksView(s: AnalyticsSnapshot, expiry?: string) {
  const groups = groupByExpiry(s.contracts);
  const g = expiry ? groups.find((x) => x.expiry === expiry) : groups[0];
  if (!g) return null;
  let strike = NaN;
  for (const c of g.contracts) {
    const d = Math.abs(c.strike - s.spot);
    const bd = Math.abs(strike - s.spot);
    if (Number.isNaN(strike) || d < bd || (d === bd && c.strike < strike)) strike = c.strike;
  }
  // Prefer the PM-settled root when several share the date and strike (e.g. SPXW over SPX).
  const at = g.contracts
    .filter((c) => c.strike === strike)
    .sort((a, b) => b.expiresAt - a.expiresAt);
  return {
    symbol: s.symbol,
    asOf: iso(s.asOf),
    spot: s.spot,
    expiry: g.expiry,
    strike,
    daysToExpiry: g.t * 365,
    atmIv: s.atmIv,
    call: greeksOf(at.find((c) => c.right === 'call')),
    put: greeksOf(at.find((c) => c.right === 'put')),
  };
}

export function deltaView(s: AnalyticsSnapshot) {
  return {
    symbol: s.symbol,
    asOf: iso(s.asOf),
    spot: s.spot,
    /** Open-interest-weighted delta of all options outstanding (shares, holders' side). */
    netDelta: s.netGreeks.delta,
    dex: s.dex,
  };
}

export function gexView(s: AnalyticsSnapshot) {
  return {
    symbol: s.symbol,
    asOf: iso(s.asOf),
    spot: s.spot,
    total: s.gex.total,
    calls: s.gex.calls,
    puts: s.gex.puts,
    zeroDte: s.gex.zeroDte,
    flip: s.gex.flip,
    callWalls: s.gex.callWalls,
    putWalls: s.gex.putWalls,
    byExpiry: s.gex.byExpiry,
    byStrike: s.gex.byStrike,
    vannaExposure: s.vannaExposure,
    charmExposure: s.charmExposure,
  };
}

export function maxPainView(s: AnalyticsSnapshot) {
  return { symbol: s.symbol, asOf: iso(s.asOf), spot: s.spot, maxPain: s.maxPain };
}

export function maxPainBiasView(s: AnalyticsSnapshot) {
  return { symbol: s.symbol, asOf: iso(s.asOf), spot: s.spot, bias: s.maxPainBias };
}

/** The whole snapshot; `contracts=false` leaves the per-contract list out (it is large). */
export function analyticsView(s: AnalyticsSnapshot, includeContracts: boolean) {
  return includeContracts ? s : { ...s, contracts: [] };
}

const finite = z.number().finite();

const snapshotPosition = z.strictObject({
  symbol: z.string().min(1).max(10),
  occSymbol: z.string().min(1).max(40),
  /** Contracts; negative = short. */
  quantity: finite.refine((q) => q !== 0, 'quantity must not be 0'),
  multiplier: finite.positive().default(CONTRACT_MULTIPLIER),
});

const modelPosition = z.strictObject({
  type: z.enum(['call', 'put']),
  S: finite.positive(),
  K: finite.positive(),
  T: finite.positive(),
  r: finite.default(0),
  q: finite.default(0),
  sigma: finite.positive().max(10),
  quantity: finite.refine((q) => q !== 0, 'quantity must not be 0'),
  multiplier: finite.positive().default(CONTRACT_MULTIPLIER),
});

export const portfolioRequestSchema = z.strictObject({
  positions: z
    .array(z.union([snapshotPosition, modelPosition]))
    .min(1)
    .max(1_000),
});
export type PortfolioRequest = z.infer<typeof portfolioRequestSchema>;

export interface GreekSet {
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
}

export class UnknownPositionError extends Error {}

/**
 * Net Greeks of positions: per position greek × quantity × multiplier (delta in shares, gamma in
 * shares per $1, theta in $ per day, vega in $ per vol point). A position names a contract of a
 * symbol's latest snapshot (our Greeks) or gives model inputs (Black–Scholes–Merton).
 */
export function portfolioGreeks(
  request: PortfolioRequest,
  snapshots: ReadonlyMap<string, AnalyticsSnapshot>,
) {
  const net: GreekSet = { delta: 0, gamma: 0, theta: 0, vega: 0 };
  const positions = request.positions.map((p, index) => {
    let unit: GreekSet;
    let source: 'snapshot' | 'model';
    let occSymbol: string | null = null;
    if ('occSymbol' in p) {
      const s = snapshots.get(p.symbol.toUpperCase());
      const c = s?.contracts.find((x) => x.occSymbol === p.occSymbol);
      if (!s)
        throw new UnknownPositionError(`positions[${index}]: no analytics for symbol ${p.symbol}`);
      if (!c)
        throw new UnknownPositionError(
          `positions[${index}]: ${p.occSymbol} is not in the latest ${s.symbol} chain`,
        );
      if (c.delta === null || c.gamma === null || c.theta === null || c.vega === null) {
        throw new UnknownPositionError(
          `positions[${index}]: ${p.occSymbol} has no Greeks (no implied volatility)`,
        );
      }
      unit = { delta: c.delta, gamma: c.gamma, theta: c.theta, vega: c.vega };
      source = 'snapshot';
      occSymbol = c.occSymbol;
    } else {
      const g = bsmGreeks({ type: p.type, S: p.S, K: p.K, T: p.T, r: p.r, q: p.q, sigma: p.sigma });
      unit = { delta: g.delta, gamma: g.gamma, theta: g.theta, vega: g.vega };
      source = 'model';
    }
    const w = p.quantity * p.multiplier;
    const position: GreekSet = {
      delta: unit.delta * w,
      gamma: unit.gamma * w,
      theta: unit.theta * w,
      vega: unit.vega * w,
    };
    net.delta += position.delta;
    net.gamma += position.gamma;
    net.theta += position.theta;
    net.vega += position.vega;
    return {
      index,
      source,
      occSymbol,
      quantity: p.quantity,
      multiplier: p.multiplier,
      perContract: unit,
      position,
    };
  });
  return { net, positions };
}

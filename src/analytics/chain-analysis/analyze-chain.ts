/**
 * One chain → the analysis the CLI prints (issue 3 "Definitions") plus the extras the analytics
 * service builds on: our own IV from the mid and full Greeks per contract (columns), dealer delta,
 * vanna and charm exposure, 0DTE GEX and the re-priced GEX profile.
 */
import type { StrikeExposure } from '../analytics-snapshot.js';
import type { ChainSnapshot } from '../../market-data/chain-snapshot.js';
import { bsmGreeksBatch, type GreeksColumns } from '../math/black-scholes.js';
import { impliedVolatilityBatch } from '../math/implied-volatility.js';
import { buildChainColumns, type ChainColumns } from './columns.js';
import { computeExposures, gexFlip, type FlipOptions, type RateInputs } from './gex.js';
import { maxPainByExpiry } from './max-pain.js';
import { freshWorkspace, type ChainWorkspace } from './workspace.js';

export interface AnalyzeChainOptions extends Partial<RateInputs> {
  /** Quote time override (ISO); default the snapshot's asOf. */
  asOf?: string;
  /** Solve our own IV from the mid and compute full Greeks from it (default true). */
  ownIv?: boolean;
  flip?: FlipOptions;
  /**
   * Buffers to analyse into (see workspace.ts): the result's columns, own IV and own Greeks are then
   * views valid until the next analysis on the same workspace. Default: fresh arrays.
   */
  workspace?: ChainWorkspace;
}

/** The CLI's JSON shape (`gammadesk chain analyze`). */
export interface ChainAnalysisOutput {
  symbol: string;
  spot: number;
  asOf: string;
  /** Contracts analysed (after dropping expired ones). */
  contracts: number;
  expiredDropped: number;
  gex: {
    total: number;
    calls: number;
    puts: number;
    byStrike: StrikeExposure[];
    byExpiry: Record<string, number>;
  };
  flip: number | null;
  callWalls: number[];
  putWalls: number[];
  maxPain: Record<string, number>;
}

export interface ChainAnalysis extends ChainAnalysisOutput {
  /** GEX of contracts expiring on the quote date (row IV, as the rest of `gex`). */
  zeroDteGex: number;
  /** Every sign change of re-priced total GEX on [0.7 S, 1.3 S]. */
  flipRoots: number[];
  /** The coarse re-priced GEX profile (spot grid, total GEX). */
  gexProfile: { spot: number[]; gex: number[] };
  /** Dealer delta exposure Σ sign·|delta|·OI·100·S (calls +, puts −), delta from the row IV. */
  dex: { total: number; byStrike: StrikeExposure[] };
  /** Σ sign·vanna·OI·100·S: dollars of delta per 1 vol point (row IV). */
  vannaExposure: number;
  /** Σ sign·charm·OI·100·S: dollars of delta per calendar day (row IV). */
  charmExposure: number;
  /** Max pain with the pain value (dollars) per expiry. */
  maxPainDetail: Record<string, { strike: number; pain: number }>;
  /** Our IV from the mid, per column row (NaN where no solution), and its solve count. */
  ownIv: { iv: Float64Array; solved: number; failed: number } | null;
  /** Price, delta, gamma, theta, vega and rho from our IV, per column row (NaN where IV has no solution). */
  ownGreeks: GreeksColumns | null;
  /** The columns everything above was computed on (row i ↔ snapshot.contracts[contractIndex[i]]). */
  columns: ChainColumns;
}

/** The CLI's exact output fields of an analysis. */
export function toChainAnalysisOutput(a: ChainAnalysis): ChainAnalysisOutput {
  return {
    symbol: a.symbol,
    spot: a.spot,
    asOf: a.asOf,
    contracts: a.contracts,
    expiredDropped: a.expiredDropped,
    gex: a.gex,
    flip: a.flip,
    callWalls: a.callWalls,
    putWalls: a.putWalls,
    maxPain: a.maxPain,
  };
}

/**
 * Analyses a chain at its quote time (or `asOf`). r and q default to 0. GEX, flip, walls, DEX,
 * vanna and charm use Black–Scholes Greeks from each row's IV (IV ≤ 0 contributes 0), as the
 * definitions require; `ownIv` / `ownGreeks` are ours from the mid, for consumers that want them.
 */
export function analyzeChain(
  snapshot: ChainSnapshot,
  options: AnalyzeChainOptions = {},
): ChainAnalysis {
  const rates: RateInputs = { r: options.r ?? 0, q: options.q ?? 0 };
  const workspace = options.workspace ?? freshWorkspace();
  const { columns, expiredDropped, asOfMs } = buildChainColumns(snapshot, options.asOf, workspace);
  const S = snapshot.spot;
  const n = columns.n;

  const exposures = computeExposures(columns, S, rates, columns.rowIv, workspace);
  const { gex, dex } = exposures;
  const flip = gexFlip(columns, S, rates, options.flip, { terms: exposures.terms, workspace });

  let ownIv: ChainAnalysis['ownIv'] = null;
  let ownGreeks: GreeksColumns | null = null;
  if (options.ownIv ?? true) {
    const iv = workspace.float64('ownIv', n);
    const solved = impliedVolatilityBatch(
      {
        isCall: columns.isCall,
        S,
        K: columns.strike,
        T: columns.T,
        r: rates.r,
        q: rates.q,
        price: columns.mark,
      },
      iv,
    );
    ownIv = { iv, solved, failed: n - solved };
    ownGreeks = {
      price: workspace.float64('ownPrice', n),
      delta: workspace.float64('ownDelta', n),
      gamma: workspace.float64('ownGamma', n),
      theta: workspace.float64('ownTheta', n),
      vega: workspace.float64('ownVega', n),
      rho: workspace.float64('ownRho', n),
    };
    bsmGreeksBatch(
      {
        isCall: columns.isCall,
        S,
        K: columns.strike,
        T: columns.T,
        r: rates.r,
        q: rates.q,
        sigma: iv,
      },
      ownGreeks,
    );
  }

  const maxPainDetail = maxPainByExpiry(columns, workspace);
  const maxPain: Record<string, number> = {};
  for (const [e, v] of Object.entries(maxPainDetail)) maxPain[e] = v.strike;

  return {
    symbol: snapshot.underlying,
    spot: S,
    asOf: isoSeconds(asOfMs),
    contracts: n,
    expiredDropped,
    gex: {
      total: gex.total,
      calls: gex.calls,
      puts: gex.puts,
      byStrike: gex.byStrike,
      byExpiry: gex.byExpiry,
    },
    flip: flip.flip,
    callWalls: gex.callWalls,
    putWalls: gex.putWalls,
    maxPain,
    zeroDteGex: gex.zeroDte,
    flipRoots: flip.roots,
    gexProfile: { spot: [...flip.grid], gex: [...flip.profile] },
    dex,
    vannaExposure: exposures.vanna,
    charmExposure: exposures.charm,
    maxPainDetail,
    ownIv,
    ownGreeks,
    columns,
  };
}

/** An instant as ISO-8601 UTC, without milliseconds when they are zero. */
function isoSeconds(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0 ? `${iso.slice(0, 19)}Z` : iso;
}

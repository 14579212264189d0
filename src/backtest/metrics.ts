/**
 * Backtest statistics over closed trades and the equity curve. Pure functions; annualisation by
 * √252 on daily returns. Drawdowns are fractions of the running peak (0.1 = −10%).
 */
export interface TradeLike {
  pnl: number;
  strategy: string;
  setup: string;
  closedAt: number;
}

export interface TradeStats {
  trades: number;
  wins: number;
  losses: number;
  winRate: number;
  pnl: number;
  avgWin: number;
  avgLoss: number;
  expectancy: number;
  profitFactor: number | null;
}

export function tradeStats(trades: TradeLike[]): TradeStats {
  const wins = trades.filter((t) => t.pnl > 0);
  const losses = trades.filter((t) => t.pnl <= 0);
  const sumWin = wins.reduce((s, t) => s + t.pnl, 0);
  const sumLoss = losses.reduce((s, t) => s + t.pnl, 0);
  const pnl = sumWin + sumLoss;
  return {
    trades: trades.length,
    wins: wins.length,
    losses: losses.length,
    winRate: trades.length > 0 ? wins.length / trades.length : 0,
    pnl,
    avgWin: wins.length > 0 ? sumWin / wins.length : 0,
    avgLoss: losses.length > 0 ? sumLoss / losses.length : 0,
    expectancy: trades.length > 0 ? pnl / trades.length : 0,
    profitFactor: sumLoss < 0 ? sumWin / -sumLoss : sumWin > 0 ? null : 0,
  };
}

export function mean(xs: number[]): number {
  return xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;
}

/** Sample standard deviation (n − 1). */
export function stdev(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Annualised Sharpe of periodic returns (risk-free 0); null when undefined. */
export function sharpe(returns: number[], periodsPerYear = 252): number | null {
  const sd = stdev(returns);
  return sd > 0 ? (mean(returns) / sd) * Math.sqrt(periodsPerYear) : null;
}

/** Annualised Sortino: mean over the downside deviation √(Σ min(r,0)² / n). */
export function sortino(returns: number[], periodsPerYear = 252): number | null {
  if (returns.length === 0) return null;
  const dd = Math.sqrt(returns.reduce((s, r) => s + Math.min(r, 0) ** 2, 0) / returns.length);
  return dd > 0 ? (mean(returns) / dd) * Math.sqrt(periodsPerYear) : null;
}

/** Largest peak-to-trough fall of an equity series, as a fraction of the peak. */
export function maxDrawdown(equity: number[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const e of equity) {
    if (e > peak) peak = e;
    if (peak > 0) worst = Math.max(worst, (peak - e) / peak);
  }
  return worst;
}

/** Calmar: annualised return over max drawdown; null without a drawdown. */
export function calmar(equity: number[], periods: number, periodsPerYear = 252): number | null {
  if (equity.length < 2 || periods <= 0) return null;
  const total = equity[equity.length - 1] / equity[0];
  const annual = total ** (periodsPerYear / periods) - 1;
  const dd = maxDrawdown(equity);
  return dd > 0 ? annual / dd : null;
}

export function periodReturns(equity: number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < equity.length; i++) out.push(equity[i] / equity[i - 1] - 1);
  return out;
}

/** A small seeded generator (mulberry32) so resampling is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MonteCarloResult {
  runs: number;
  maxDrawdown: { p5: number; p50: number; p95: number; worst: number };
  finalPnl: { p5: number; p50: number; p95: number };
  probabilityOfLoss: number;
}

/** Resamples the trades' P&L with replacement `runs` times and measures each path's drawdown. */
export function monteCarlo(
  pnls: number[],
  startEquity: number,
  runs = 1000,
  seed = 1,
): MonteCarloResult | null {
  if (pnls.length === 0) return null;
  const rnd = seededRandom(seed);
  const dds: number[] = [];
  const finals: number[] = [];
  for (let r = 0; r < runs; r++) {
    let eq = startEquity;
    let peak = eq;
    let dd = 0;
    for (let i = 0; i < pnls.length; i++) {
      eq += pnls[Math.floor(rnd() * pnls.length)];
      if (eq > peak) peak = eq;
      dd = Math.max(dd, peak > 0 ? (peak - eq) / peak : 0);
    }
    dds.push(dd);
    finals.push(eq - startEquity);
  }
  dds.sort((a, b) => a - b);
  finals.sort((a, b) => a - b);
  const q = (xs: number[], p: number): number =>
    xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  return {
    runs,
    maxDrawdown: {
      p5: q(dds, 0.05),
      p50: q(dds, 0.5),
      p95: q(dds, 0.95),
      worst: dds[dds.length - 1],
    },
    finalPnl: { p5: q(finals, 0.05), p50: q(finals, 0.5), p95: q(finals, 0.95) },
    probabilityOfLoss: finals.filter((f) => f < 0).length / runs,
  };
}

export interface WalkForwardFold {
  inSample: string[];
  outOfSample: string;
  selected: string[];
  outOfSamplePnl: number;
  allStrategiesPnl: number;
}

/**
 * Walk-forward selection over trading days: for each day after the first `window`, keep the
 * strategies whose expectancy over the previous `window` days was positive, and score that day
 * with only their trades — an honest estimate of choosing strategies by their recent record.
 */
export function walkForward(
  trades: TradeLike[],
  days: string[],
  dayOf: (ms: number) => string,
  window = 2,
): WalkForwardFold[] {
  const folds: WalkForwardFold[] = [];
  for (let i = window; i < days.length; i++) {
    const inSample = days.slice(i - window, i);
    const oos = days[i];
    const ins = trades.filter((t) => inSample.includes(dayOf(t.closedAt)));
    const byStrategy = new Map<string, number[]>();
    for (const t of ins) byStrategy.set(t.strategy, [...(byStrategy.get(t.strategy) ?? []), t.pnl]);
    const selected = [...byStrategy.entries()]
      .filter(([, p]) => mean(p) > 0)
      .map(([s]) => s)
      .sort();
    const dayTrades = trades.filter((t) => dayOf(t.closedAt) === oos);
    folds.push({
      inSample,
      outOfSample: oos,
      selected,
      outOfSamplePnl: dayTrades
        .filter((t) => selected.includes(t.strategy))
        .reduce((s, t) => s + t.pnl, 0),
      allStrategiesPnl: dayTrades.reduce((s, t) => s + t.pnl, 0),
    });
  }
  return folds;
}

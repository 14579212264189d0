/**
 * Fractional Kelly sizing from a setup's measured record, shrunk towards a prior while the record
 * is short: p = (wins + p0·n0) / (trades + n0). The payoff ratio b is the measured average win over
 * average loss once both exist, else the candidate's own reward/risk (target vs stop).
 */
export interface SetupRecord {
  trades: number;
  wins: number;
  /** Sum of winning trades' returns on risk (positive). */
  sumWin: number;
  /** Sum of losing trades' losses (positive numbers). */
  sumLoss: number;
}

export interface KellyInput {
  record: SetupRecord | undefined;
  /** Reward / risk of the candidate itself, used when the record cannot give b. */
  plannedPayoff: number;
  fraction: number;
  priorTrades: number;
  priorWinRate: number;
}

export interface KellyResult {
  winRate: number;
  payoff: number;
  /** Full Kelly fraction of equity to risk (may be ≤ 0: no edge). */
  fullKelly: number;
  /** fraction × fullKelly, floored at 0. */
  betFraction: number;
}

export function kellySize(input: KellyInput): KellyResult {
  const r = input.record ?? { trades: 0, wins: 0, sumWin: 0, sumLoss: 0 };
  const n0 = input.priorTrades;
  const winRate = (r.wins + input.priorWinRate * n0) / Math.max(1e-9, r.trades + n0);
  const losses = r.trades - r.wins;
  const measured =
    r.wins > 0 && losses > 0 && r.sumLoss > 0 ? r.sumWin / r.wins / (r.sumLoss / losses) : null;
  const payoff = measured ?? Math.max(0, input.plannedPayoff);
  const fullKelly = payoff > 0 ? winRate - (1 - winRate) / payoff : -1;
  return {
    winRate,
    payoff,
    fullKelly,
    betFraction: Math.max(0, fullKelly * input.fraction),
  };
}

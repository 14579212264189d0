/**
 * The risk verdict for one candidate: gate rules, fractional-Kelly sizing, then the rules on the
 * sized order. Pure: the engine passes the book, the account and the controls in; the verdict lists
 * every rule with its value and limit, passed or not.
 */
import type { SignalCandidate } from '../strategies/signal-candidate.js';
import { kellySize, type KellyResult, type SetupRecord } from './kelly.js';
import { gateChecks, riskPerContract, sizedChecks, sizeOrder } from './rules.js';
import type { RiskInput, RuleCheck } from './rule-types.js';

export type VerdictStatus = 'approved' | 'rejected' | 'queued_manual';

export interface RiskVerdict {
  /** Unique per evaluation: `${snapshotId}:${strategy}:${setup}`. */
  candidateKey: string;
  status: VerdictStatus;
  quantity: number;
  checks: RuleCheck[];
  /** The failed checks, in order. */
  rejections: RuleCheck[];
  kelly: KellyResult;
  riskPerContract: number;
  evaluatedAt: number;
  candidate: SignalCandidate;
}

export function candidateKey(c: SignalCandidate): string {
  return `${c.snapshotId}:${c.strategy}:${c.setup}:${c.legs.map((l) => l.occSymbol).join('+')}`;
}

export function evaluateRisk(input: RiskInput, setupRecord: SetupRecord | undefined): RiskVerdict {
  const c = input.candidate;
  const rpc = riskPerContract(c);
  // Closing-value scale: reward (target − entry) over risk (entry − stop), debit or credit.
  const plannedPayoff = (c.target - c.entry) / Math.max(1e-9, c.entry - c.stop);
  const kelly = kellySize({
    record: setupRecord,
    plannedPayoff: Number.isFinite(plannedPayoff) ? Math.abs(plannedPayoff) : 0,
    fraction: input.limits.kelly.fraction,
    priorTrades: input.limits.kelly.priorTrades,
    // The strategy's confidence is the hit rate it claims: the prior until its record speaks.
    priorWinRate:
      c.confidence > 0 && c.confidence < 1 ? c.confidence : input.limits.kelly.priorWinRate,
  });
  const gates = gateChecks(input);
  const sizing = sizeOrder(input, kelly.betFraction);
  const sized = sizedChecks(input, sizing.quantity, sizing);
  const checks = [...gates, ...sized];
  const rejections = checks.filter((x) => !x.passed);
  const status =
    rejections.length > 0
      ? 'rejected'
      : input.limits.manualMode || input.controls.manualMode === true
        ? 'queued_manual'
        : 'approved';
  return {
    candidateKey: candidateKey(c),
    status,
    quantity: rejections.length > 0 ? 0 : sizing.quantity,
    checks,
    rejections,
    kelly,
    riskPerContract: rpc,
    evaluatedAt: input.now,
    candidate: c,
  };
}

/** Measured per-setup records (wins, payoffs) that Kelly sizing and the overseer read. */
export class SetupStats {
  private readonly records = new Map<string, SetupRecord>();

  static key(strategy: string, setup: string): string {
    return `${strategy}/${setup}`;
  }

  get(strategy: string, setup: string): SetupRecord | undefined {
    return this.records.get(SetupStats.key(strategy, setup));
  }

  /** `returnOnRisk`: P&L divided by the dollars that were at risk. */
  record(strategy: string, setup: string, returnOnRisk: number): void {
    const k = SetupStats.key(strategy, setup);
    const r = this.records.get(k) ?? { trades: 0, wins: 0, sumWin: 0, sumLoss: 0 };
    r.trades += 1;
    if (returnOnRisk > 0) {
      r.wins += 1;
      r.sumWin += returnOnRisk;
    } else {
      r.sumLoss += -returnOnRisk;
    }
    this.records.set(k, r);
  }

  byStrategy(strategy: string): SetupRecord {
    const out = { trades: 0, wins: 0, sumWin: 0, sumLoss: 0 };
    for (const [k, r] of this.records) {
      if (!k.startsWith(`${strategy}/`)) continue;
      out.trades += r.trades;
      out.wins += r.wins;
      out.sumWin += r.sumWin;
      out.sumLoss += r.sumLoss;
    }
    return out;
  }

  entries(): [string, SetupRecord][] {
    return [...this.records.entries()];
  }
}

/**
 * Closing-auction imbalance predictor: from an indicative imbalance print before the close, the
 * displayed book imbalance, the intraday trend and the time left, predict the imbalance the
 * exchange will publish at 15:50 (as a signed fraction of paired shares). Learns online with RLS;
 * the label for a day's samples is that day's first print at or after the final-imbalance time.
 */
import type { ClosingAuctionPrint } from '../strategy-context.js';
import { createRls, rlsPredict, rlsUpdate, type RlsState } from './online-regression.js';

export const IMBALANCE_FEATURES = [
  'bias',
  'imbalanceRatio',
  'bookImbalance',
  'intradayTrend',
  'minutesToFinal',
] as const;

export interface ImbalanceInputs {
  print: ClosingAuctionPrint;
  /** Displayed depth imbalance in [−1, 1] (bid − ask over the sum), null when unknown. */
  bookImbalance: number | null;
  /** Underlying return since the previous close (or the open), decimal. */
  intradayTrend: number;
  /** Minutes from the print to the final-imbalance time. */
  minutesToFinal: number;
}

/** Signed imbalance as a fraction of paired shares (0 when nothing is paired). */
export function imbalanceRatio(print: ClosingAuctionPrint): number {
  return print.pairedShares > 0 ? print.imbalanceShares / print.pairedShares : 0;
}

/** The feature vector, scaled so every feature is order 1. */
export function imbalanceFeatures(i: ImbalanceInputs): number[] {
  return [
    1,
    imbalanceRatio(i.print),
    i.bookImbalance ?? 0,
    // Trend in percent: a 1% day is 1.
    i.intradayTrend * 100,
    // Time in units of 20 minutes (15:30 → 1 before a 15:50 final print).
    i.minutesToFinal / 20,
  ];
}

export function createImbalanceModel(lambda = 0.995): RlsState {
  return createRls(IMBALANCE_FEATURES.length, { lambda, delta: 100 });
}

export function predictImbalance(model: RlsState, features: readonly number[]): number {
  return rlsPredict(model, features);
}

export function learnImbalance(
  model: RlsState,
  features: readonly number[],
  finalRatio: number,
): RlsState {
  return rlsUpdate(model, features, finalRatio);
}

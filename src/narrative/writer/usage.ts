/**
 * What each model call cost and how it ended, per call: tokens, dollars, attempts, and — when its
 * text was not used — why (which numbers failed the fact check, or which error). The store is a
 * port (in memory by default) so the app can keep the record in its database later; the daily
 * spend cap reads its sum for the New York day.
 */
import { DateTime } from 'luxon';
import { NEW_YORK_ZONE } from '../../vocabulary/units.js';
import type { UnmatchedNumber } from './fact-check.js';
import type { NarrativeKind } from './facts.js';
import type { WriterFailureKind } from './writer-error.js';
import type { WriterProvider, WriterUsage } from './writer-port.js';

export interface TokenPrices {
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
}

export type NarrativeCallOutcome =
  /** The model's text passed the fact check and was used (or sent later as an update). */
  | 'used'
  /** The model answered, but its text failed the fact check: the template text was used. */
  | 'rejected'
  /** No usable answer (error, timeout, malformed body). */
  | 'failed';

export interface NarrativeCallRecord {
  callId: string;
  /** Clock ms when the call started. */
  at: number;
  /** New York date of `at`, YYYY-MM-DD (the spend cap's day). */
  day: string;
  kind: NarrativeKind;
  /** (signal, tier) or another cache key, when there is one. */
  key?: string;
  provider: WriterProvider;
  model: string;
  outcome: NarrativeCallOutcome;
  /** Answered after the budget had run out (the caller got the template first). */
  late: boolean;
  attempts: number;
  usage: WriterUsage;
  costUsd: number;
  latencyMs: number;
  /** Numbers in the model's text that no fact supports. */
  unmatched?: UnmatchedNumber[];
  /** Identifiers (OCC symbols, snake_case ids) the model's text held. */
  machineTokens?: string[];
  error?: { kind: WriterFailureKind; status?: number; message: string };
}

export interface NarrativeUsageStore {
  record(call: NarrativeCallRecord): Promise<void>;
  /** Dollars spent on the New York day (YYYY-MM-DD). */
  spentOn(day: string): Promise<number>;
}

export class InMemoryNarrativeUsageStore implements NarrativeUsageStore {
  readonly calls: NarrativeCallRecord[] = [];

  record(call: NarrativeCallRecord): Promise<void> {
    this.calls.push(call);
    return Promise.resolve();
  }

  spentOn(day: string): Promise<number> {
    return Promise.resolve(
      this.calls.filter((c) => c.day === day).reduce((sum, c) => sum + c.costUsd, 0),
    );
  }
}

export function costUsd(usage: WriterUsage, prices: TokenPrices): number {
  return (
    (usage.inputTokens * prices.inputUsdPerMTok + usage.outputTokens * prices.outputUsdPerMTok) /
    1e6
  );
}

/** The New York date of a clock time: the spend cap's day. */
export function spendDay(ms: number): string {
  return DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toISODate() ?? '';
}

/**
 * What is kept of every narrative written (the `narrative` table): the writer and model, the facts
 * the prompt was built from and their hash, the model's raw text, the fact-check verdict with its
 * reasons, the text finally used, tokens, cost and latency — and, when NARRATIVE_REQUIRE_APPROVAL
 * holds a model's text for an editor, its approval state and history. The narrative service
 * writes it through this port; the portal, Content QA and the compliance archive read it, so what
 * a tier was told (and why) survives a restart and is the same from every process.
 */
import type { Tier } from '../../vocabulary/tier.js';
import type { UnmatchedNumber } from '../writer/fact-check.js';
import type { NarrativeFacts, NarrativeKind } from '../writer/facts.js';
import type { WriterFailureKind } from '../writer/writer-error.js';
import type { WriterProvider } from '../writer/writer-port.js';

/**
 * The model's text against the facts: passed; rejected (which numbers, which identifiers); timed
 * out (the budget ran out with no answer yet, or the request itself timed out); error (no usable
 * answer); not called (the template writer, the spend cap, or a tier that cannot take a model
 * text under approval).
 */
export type NarrativeVerdict = 'passed' | 'rejected' | 'timed_out' | 'error' | 'not_called';

export type VerdictDetail =
  | { unmatched: UnmatchedNumber[]; machineTokens: string[] }
  | { error: WriterFailureKind | 'internal'; status?: number; message: string }
  | { budgetMs: number }
  | {
      reason: 'template_writer' | 'spend_cap' | 'approval_lower_tier';
      spentUsd?: number;
      capUsd?: number;
    };

/** none: no editor involved; pending → approved (sent as an update) | held (never sent). */
export type ApprovalState = 'none' | 'pending' | 'approved' | 'held';

export interface NarrativeEntry {
  id: string;
  kind: NarrativeKind;
  cacheKey: string | null;
  signalId: string | null;
  tier: Tier | null;
  writer: WriterProvider;
  model: string;
  factsHash: string;
  facts: NarrativeFacts;
  rawText: string | null;
  verdict: NarrativeVerdict;
  verdictDetail: VerdictDetail | null;
  /** The text the reader got with the signal (or report, or alert). */
  usedText: string;
  usedSource: 'model' | 'template';
  /** The model answered (or was still writing) after the caller's budget. */
  late: boolean;
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number | null;
  approval: ApprovalState;
  decidedAt: number | null;
  decidedBy: string | null;
  note: string | null;
  /** When the model's text was handed to delivery as the Premium narrative update. */
  sentAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** What a late answer changes on its entry. */
export type LateAnswer = Pick<
  NarrativeEntry,
  | 'model'
  | 'rawText'
  | 'verdict'
  | 'verdictDetail'
  | 'attempts'
  | 'inputTokens'
  | 'outputTokens'
  | 'costUsd'
  | 'latencyMs'
  | 'approval'
  | 'updatedAt'
>;

export type NarrativeAction = 'pending' | 'approved' | 'held' | 'sent';

export interface NarrativeEvent {
  at: number;
  action: NarrativeAction;
  by: string;
  note: string | null;
}

export interface NarrativeStore {
  insert(entry: NarrativeEntry): Promise<void>;
  /** A late answer on the entry written when the budget ran out. */
  updateLate(id: string, answer: LateAnswer): Promise<void>;
  get(id: string): Promise<NarrativeEntry | null>;
  /** The first entry of a cache key ((signal, tier) for signals): a resend reuses its text. */
  firstByKey(cacheKey: string): Promise<NarrativeEntry | null>;
  /** A signal's entries, oldest first. */
  forSignal(signalId: string): Promise<NarrativeEntry[]>;
  /** Entries in an approval state, newest first. */
  listByApproval(states: readonly ApprovalState[], limit?: number): Promise<NarrativeEntry[]>;
  /**
   * Moves an entry from one of `from` to `to` with the decision; false when it was not in `from`
   * (someone decided first). Throws NarrativeAlreadyApprovedError when another entry of the same
   * signal and tier is approved already.
   */
  decide(
    id: string,
    from: readonly ApprovalState[],
    to: 'approved' | 'held',
    by: string,
    at: number,
    note: string | null,
  ): Promise<boolean>;
  /** Approved and not handed to delivery yet (what a restart looks at again). */
  unsentApproved(): Promise<NarrativeEntry[]>;
  /** Marks the entry sent once; false when it already was. */
  markSent(id: string, at: number): Promise<boolean>;
  record(id: string, event: NarrativeEvent): Promise<void>;
  history(id: string): Promise<NarrativeEvent[]>;
  /** Dollars spent on model calls on a New York day (YYYY-MM-DD): the spend cap's figure. */
  spentOn(day: string): Promise<number>;
}

export class NarrativeAlreadyApprovedError extends Error {
  constructor(readonly id: string) {
    super(`another narrative of this signal and tier was approved already; ${id} stays as it is`);
  }
}

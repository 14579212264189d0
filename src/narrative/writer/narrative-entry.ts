/**
 * The stored form of one narrative composition (pure): from the facts, the call's record and the
 * model's raw text to a NarrativeEntry, and a stored entry back to the result a resend reuses.
 */
import { createHash } from 'node:crypto';
import type { Tier } from '../../vocabulary/tier.js';
import type {
  ApprovalState,
  LateAnswer,
  NarrativeEntry,
  NarrativeVerdict,
  VerdictDetail,
} from '../store/narrative-store.js';
import type { NarrativeFacts } from './facts.js';
import type { NarrativeCallRecord } from './usage.js';
import type { WriterProvider } from './writer-port.js';

/** SHA-256 of the facts as the prompt was built from them (they are built in a fixed order). */
export function factsHash(facts: NarrativeFacts): string {
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex');
}

/** Who a composition was for. */
export interface EntryContext {
  id: string;
  facts: NarrativeFacts;
  cacheKey: string | undefined;
  signal: { id: string; tier: Tier } | undefined;
  writer: WriterProvider;
  model: string;
  at: number;
}

/** The verdict of a finished call: what the record says of its outcome. */
export function verdictOfCall(call: NarrativeCallRecord): {
  verdict: NarrativeVerdict;
  detail: VerdictDetail | null;
} {
  if (call.outcome === 'used') return { verdict: 'passed', detail: null };
  if (call.outcome === 'rejected')
    return {
      verdict: 'rejected',
      detail: { unmatched: call.unmatched ?? [], machineTokens: call.machineTokens ?? [] },
    };
  const e = call.error ?? { kind: 'malformed' as const, message: 'no answer' };
  return {
    verdict: e.kind === 'timeout' ? 'timed_out' : 'error',
    detail: { error: e.kind, ...(e.status ? { status: e.status } : {}), message: e.message },
  };
}

export interface EntryParts {
  rawText: string | null;
  verdict: NarrativeVerdict;
  detail: VerdictDetail | null;
  usedText: string;
  usedSource: 'model' | 'template';
  late?: boolean;
  call?: NarrativeCallRecord;
  approval?: ApprovalState;
}

export function narrativeEntry(ctx: EntryContext, p: EntryParts): NarrativeEntry {
  return {
    id: ctx.id,
    kind: ctx.facts.kind,
    cacheKey: ctx.cacheKey ?? null,
    signalId: ctx.signal?.id ?? null,
    tier: ctx.signal?.tier ?? null,
    writer: ctx.writer,
    model: p.call?.model ?? ctx.model,
    factsHash: factsHash(ctx.facts),
    facts: ctx.facts,
    rawText: p.rawText,
    verdict: p.verdict,
    verdictDetail: p.detail,
    usedText: p.usedText,
    usedSource: p.usedSource,
    late: p.late ?? false,
    attempts: p.call?.attempts ?? 0,
    inputTokens: p.call?.usage.inputTokens ?? 0,
    outputTokens: p.call?.usage.outputTokens ?? 0,
    costUsd: p.call?.costUsd ?? 0,
    latencyMs: p.call?.latencyMs ?? null,
    approval: p.approval ?? 'none',
    decidedAt: null,
    decidedBy: null,
    note: null,
    sentAt: null,
    createdAt: ctx.at,
    updatedAt: ctx.at,
  };
}

/** What a late answer changes on the entry written when the budget ran out. */
export function lateAnswer(
  call: NarrativeCallRecord,
  rawText: string | null,
  approval: ApprovalState,
  at: number,
): LateAnswer {
  const v = verdictOfCall(call);
  return {
    model: call.model,
    rawText,
    verdict: v.verdict,
    verdictDetail: v.detail,
    attempts: call.attempts,
    inputTokens: call.usage.inputTokens,
    outputTokens: call.usage.outputTokens,
    costUsd: call.costUsd,
    latencyMs: call.latencyMs,
    approval,
    updatedAt: at,
  };
}

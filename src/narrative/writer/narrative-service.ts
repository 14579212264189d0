/**
 * Narratives with guarantees: a model's text is used only if it passes the fact check; a caller
 * never waits past its time budget (it gets the template text, and the model's text — checked —
 * may follow through `late`); 429 and 5xx are retried while the budget allows, honouring
 * retry-after; every call's tokens, cost and outcome are recorded; over the day's spend cap the
 * template is used; a (signal, tier) narrative is written once. Every composition is kept through
 * the NarrativeStore port when one is given (raw text, verdict, text used, cost), and a resend in
 * any process reuses the stored text. Under approval (NARRATIVE_REQUIRE_APPROVAL) a Premium model
 * text that passed waits for an editor: the signal gets the template text, and the approved text
 * is released by NarrativeApprovals; Basic and Free, which get no follow-up, keep the template.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../common/clock.js';
import type { Tier } from '../../vocabulary/tier.js';
import { renderTemplateNarrative } from '../adapters/template.js';
import type { NarrativeStore } from '../store/narrative-store.js';
import { checkFacts, type UnmatchedNumber } from './fact-check.js';
import { factNumbers, type NarrativeFacts } from './facts.js';
import { NarrativeCache, signalNarrativeKey } from './narrative-cache.js';
import { factsHash, verdictOfCall, type EntryContext, type EntryParts } from './narrative-entry.js';
import { NarrativeKeeper } from './narrative-keeper.js';
import { machineTokens } from './plain-words.js';
import { buildPrompt } from './prompt.js';
import {
  costUsd,
  InMemoryNarrativeUsageStore,
  spendDay,
  type NarrativeCallRecord,
  type NarrativeUsageStore,
  type TokenPrices,
} from './usage.js';
import { NarrativeWriterError, writerErrorFrom, type WriterFailureKind } from './writer-error.js';
import type { NarrativeWriter, WriterOutput, WriterProvider } from './writer-port.js';

/** Attempts per call (the first and up to two retries), all within the budget. */
const MAX_ATTEMPTS = 3;
/** Back-off before a retry when the provider gave no retry-after, ms (doubled per attempt). */
const BACKOFF_MS = 200;

export interface NarrativeServiceSettings {
  /** A signal's wait for a model, ms. */
  budgetMs: number;
  /** A report's or operator alert's wait for a model, ms. */
  reportBudgetMs: number;
  maxOutputTokens: number;
  dailySpendCapUsd: number;
  prices: TokenPrices;
  /** NARRATIVE_REQUIRE_APPROVAL: a Premium model text waits for an editor. */
  requireApproval?: boolean;
}

export interface NarrativeServiceLog {
  warn(detail: Record<string, unknown>, msg: string): void;
}

export interface NarrativeServiceDeps {
  /** The configured writer: a model adapter, or the template writer (then no model is called). */
  writer: NarrativeWriter;
  clock: Clock;
  settings: NarrativeServiceSettings;
  usage?: NarrativeUsageStore;
  /** Where every composition is kept (the app: PostgreSQL); without it nothing is stored. */
  store?: NarrativeStore;
  log?: NarrativeServiceLog;
  /** Called when a model's text arrives after the budget and passed the check (an update). */
  onLateNarrative?: (key: string | undefined, result: NarrativeResult) => void;
}

/** Why the template text was used instead of a model's. */
export type FallbackReason =
  | { kind: 'budget_exceeded'; budgetMs: number }
  | { kind: 'fact_check'; unmatched: UnmatchedNumber[]; machineTokens: string[] }
  | { kind: 'writer_error'; error: WriterFailureKind; status?: number; message: string }
  | { kind: 'spend_cap'; spentUsd: number; capUsd: number }
  /** The model's text passed and waits for an editor (NARRATIVE_REQUIRE_APPROVAL). */
  | { kind: 'awaiting_approval' }
  /** Under approval, Basic and Free are not offered a model text (they get no follow-up). */
  | { kind: 'approval_lower_tier' }
  | { kind: 'internal_error'; message: string };

export interface NarrativeResult {
  text: string;
  source: 'model' | 'template';
  provider: WriterProvider;
  model: string;
  /** The model call behind it (absent when no model was called). */
  callId?: string;
  /** Set when the template text stands in for a model's. */
  fallback?: FallbackReason;
  /** Served from the cache: no request was made for it. */
  fromCache: boolean;
  /**
   * Only when the budget ran out with the model still writing: resolves with the model's checked
   * text (send it as an update), or null when it failed or did not pass the check.
   */
  late: Promise<NarrativeResult | null> | null;
}

export interface WriteOptions {
  budgetMs?: number;
  /** Cache key: a second call with it returns the first result without a request. */
  cacheKey?: string;
  /** The signal and tier a signal narrative is for (kept with it). */
  signal?: { id: string; tier: Tier };
  /** A model text that passes waits for an editor instead of being used. */
  approval?: boolean;
  /** No model call: the template text, for this reason. */
  templateOnly?: FallbackReason;
}

/** A finished call: its record, the model's raw text, and what the caller gets. */
type ModelOutcome = (
  { ok: true; result: NarrativeResult } | { ok: false; fallback: FallbackReason; callId: string }
) & { call: NarrativeCallRecord | null; rawText: string | null };

export class NarrativeService {
  private readonly cache = new NarrativeCache<NarrativeResult>();
  private readonly usage: NarrativeUsageStore;
  private readonly keeper: NarrativeKeeper;

  constructor(private readonly deps: NarrativeServiceDeps) {
    const store = deps.store;
    this.keeper = new NarrativeKeeper(store, deps.clock, deps.log);
    this.usage =
      deps.usage ??
      (store
        ? { record: () => Promise.resolve(), spentOn: (day) => store.spentOn(day) }
        : new InMemoryNarrativeUsageStore());
  }

  get provider(): WriterProvider {
    return this.deps.writer.provider;
  }

  /** A signal's narrative for one tier, written once per (signal, tier). */
  signalNarrative(signalId: string, tier: Tier, facts: NarrativeFacts): Promise<NarrativeResult> {
    const approval = this.deps.settings.requireApproval === true;
    return this.write(facts, {
      cacheKey: signalNarrativeKey(signalId, tier),
      signal: { id: signalId, tier },
      approval: approval && tier === 'premium',
      ...(approval && tier !== 'premium'
        ? { templateOnly: { kind: 'approval_lower_tier' as const } }
        : {}),
    });
  }

  /** A risk-event or overseer alert for the operators. */
  operatorAlertNarrative(facts: NarrativeFacts, cacheKey?: string): Promise<NarrativeResult> {
    return this.write(facts, { budgetMs: this.deps.settings.reportBudgetMs, cacheKey });
  }

  /** The regime context on top of a report. */
  regimeContextNarrative(facts: NarrativeFacts, cacheKey?: string): Promise<NarrativeResult> {
    return this.write(facts, { budgetMs: this.deps.settings.reportBudgetMs, cacheKey });
  }

  write(facts: NarrativeFacts, options: WriteOptions = {}): Promise<NarrativeResult> {
    const key = options.cacheKey;
    const cached = key === undefined ? undefined : this.cache.get(key);
    if (cached) return cached.then((r) => ({ ...r, fromCache: true, late: null }));
    const pending = this.stored(key, facts)
      .then((kept) => kept ?? this.compose(facts, options))
      .catch((err: unknown) => this.afterInternalError(facts, key, err));
    if (key !== undefined)
      this.cache.set(
        key,
        pending.then((r) => ({ ...r, late: null })),
      );
    return pending;
  }

  /**
   * The text an earlier composition of the key used (another process, or before a restart), when
   * it was written from the same facts (a report rerun on newer data is written anew).
   */
  private async stored(
    key: string | undefined,
    facts: NarrativeFacts,
  ): Promise<NarrativeResult | null> {
    const entry = key === undefined ? null : await this.keeper.first(key);
    if (!entry || entry.factsHash !== factsHash(facts)) return null;
    return {
      text: entry.usedText,
      source: entry.usedSource,
      provider: entry.writer,
      model: entry.model,
      callId: entry.id,
      fromCache: true,
      late: null,
    };
  }

  /** A failing usage store (or any other fault of ours) costs the model text, never the narrative. */
  private afterInternalError(
    facts: NarrativeFacts,
    key: string | undefined,
    err: unknown,
  ): NarrativeResult {
    const message = errorMessage(err);
    if (key !== undefined) this.cache.delete(key);
    this.deps.log?.warn({ key, err: message }, 'narrative: failed, template text instead');
    return this.templateResult(facts, { kind: 'internal_error', message });
  }

  private templateResult(
    facts: NarrativeFacts,
    fallback?: FallbackReason,
    callId?: string,
  ): NarrativeResult {
    return {
      text: renderTemplateNarrative(facts),
      source: 'template',
      provider: this.deps.writer.provider,
      model: this.deps.writer.model,
      fromCache: false,
      late: null,
      ...(fallback ? { fallback } : {}),
      ...(callId ? { callId } : {}),
    };
  }

  private async compose(facts: NarrativeFacts, options: WriteOptions): Promise<NarrativeResult> {
    const { writer, clock } = this.deps;
    const key = options.cacheKey;
    const budgetMs = options.budgetMs ?? this.deps.settings.budgetMs;
    const ctx: EntryContext = {
      id: randomUUID(),
      facts,
      cacheKey: key,
      signal: options.signal,
      writer: writer.provider,
      model: writer.model,
      at: clock.now(),
    };
    const template = (fallback?: FallbackReason, callId?: string) =>
      this.templateResult(facts, fallback, callId);
    const notCalled = async (
      result: NarrativeResult,
      detail: EntryParts['detail'],
    ): Promise<NarrativeResult> => {
      await this.keeper.keep(ctx, {
        rawText: null,
        verdict: 'not_called',
        detail,
        usedText: result.text,
        usedSource: 'template',
      });
      return result;
    };
    if (writer.provider === 'template') return notCalled(template(), { reason: 'template_writer' });
    if (options.templateOnly)
      return notCalled(template(options.templateOnly), { reason: 'approval_lower_tier' });

    const capUsd = this.deps.settings.dailySpendCapUsd;
    const spentUsd = await this.usage.spentOn(spendDay(clock.now()));
    if (spentUsd >= capUsd)
      return notCalled(template({ kind: 'spend_cap', spentUsd, capUsd }), {
        reason: 'spend_cap',
        spentUsd,
        capUsd,
      });

    const approval = options.approval === true;
    const deadline = clock.now() + budgetMs;
    const run = this.callModel(facts, key, deadline, ctx.id).catch(
      (err: unknown): ModelOutcome => ({
        ok: false,
        fallback: { kind: 'internal_error', message: errorMessage(err) },
        callId: ctx.id,
        call: null,
        rawText: null,
      }),
    );
    const budgetOver = Symbol('budget');
    const first = await Promise.race([
      run.then((outcome) => ({ outcome })),
      clock.sleep(budgetMs).then(() => budgetOver),
    ]);
    if (first !== budgetOver) {
      const { outcome } = first as { outcome: ModelOutcome };
      const pending = outcome.ok && approval;
      const result = pending
        ? template({ kind: 'awaiting_approval' }, ctx.id)
        : outcome.ok
          ? outcome.result
          : template(outcome.fallback, outcome.callId);
      const v = outcome.call
        ? verdictOfCall(outcome.call)
        : {
            verdict: 'error' as const,
            detail: { error: 'internal' as const, message: result.fallback?.kind ?? '' },
          };
      await this.keeper.keep(ctx, {
        rawText: outcome.rawText,
        verdict: v.verdict,
        detail: v.detail,
        usedText: result.text,
        usedSource: result.source,
        ...(outcome.call ? { call: outcome.call } : {}),
        approval: pending ? 'pending' : 'none',
      });
      return result;
    }
    const timedOut = template({ kind: 'budget_exceeded', budgetMs });
    const kept = this.keeper.keep(ctx, {
      rawText: null,
      verdict: 'timed_out',
      detail: { budgetMs },
      usedText: timedOut.text,
      usedSource: 'template',
      late: true,
    });
    const late = Promise.all([run, kept]).then(async ([outcome]) => {
      if (outcome.call)
        await this.keeper.keepLate(ctx.id, outcome.call, outcome.rawText, outcome.ok && approval);
      return outcome.ok && !approval ? outcome.result : null;
    });
    void late.then((result) => {
      if (!result) return;
      if (key !== undefined) this.cache.set(key, Promise.resolve({ ...result, late: null }));
      this.deps.onLateNarrative?.(key, result);
    });
    await kept;
    return { ...timedOut, late };
  }

  /** Attempts (retrying 429/5xx while the deadline allows), then the fact check; never rejects. */
  private async callModel(
    facts: NarrativeFacts,
    key: string | undefined,
    deadline: number,
    callId: string,
  ): Promise<ModelOutcome> {
    const { writer, clock, settings } = this.deps;
    const startedAt = clock.now();
    const prompt = buildPrompt(facts, settings.maxOutputTokens);
    const signal = new AbortController().signal;
    let attempts = 0;
    let output: WriterOutput | null = null;
    let error: NarrativeWriterError | null = null;
    while (attempts < MAX_ATTEMPTS) {
      attempts += 1;
      try {
        output = await writer.write({ facts, prompt }, signal);
        error = null;
        break;
      } catch (err) {
        error = writerErrorFrom(err, clock.now());
        const wait = error.retryAfterMs ?? BACKOFF_MS * 2 ** (attempts - 1);
        if (!error.retryable || attempts >= MAX_ATTEMPTS || clock.now() + wait >= deadline) break;
        await clock.sleep(wait);
      }
    }
    const finishedAt = clock.now();
    const record: NarrativeCallRecord = {
      callId,
      at: startedAt,
      day: spendDay(startedAt),
      kind: facts.kind,
      ...(key !== undefined ? { key } : {}),
      provider: writer.provider,
      model: output?.model ?? writer.model,
      outcome: 'failed',
      late: finishedAt > deadline,
      attempts,
      usage: output?.usage ?? { inputTokens: 0, outputTokens: 0 },
      costUsd: output ? costUsd(output.usage, settings.prices) : 0,
      latencyMs: finishedAt - startedAt,
    };
    let outcome: ModelOutcome;
    if (!output) {
      const e = error ?? new NarrativeWriterError('malformed', 'no answer');
      record.error = {
        kind: e.kind,
        ...(e.status ? { status: e.status } : {}),
        message: e.message,
      };
      const fallback: FallbackReason = {
        kind: 'writer_error',
        error: e.kind,
        ...(e.status ? { status: e.status } : {}),
        message: e.message,
      };
      outcome = { ok: false, fallback, callId, call: record, rawText: null };
    } else {
      const check = checkFacts(output.text, factNumbers(facts));
      const tokens = machineTokens(output.text);
      if (check.ok && tokens.length === 0) {
        record.outcome = 'used';
        outcome = {
          ok: true,
          result: {
            text: output.text,
            source: 'model',
            provider: writer.provider,
            model: output.model,
            callId,
            fromCache: false,
            late: null,
          },
          call: record,
          rawText: output.text,
        };
      } else {
        record.outcome = 'rejected';
        record.unmatched = check.unmatched;
        record.machineTokens = tokens;
        const fallback: FallbackReason = {
          kind: 'fact_check',
          unmatched: check.unmatched,
          machineTokens: tokens,
        };
        outcome = { ok: false, fallback, callId, call: record, rawText: output.text };
      }
    }
    await this.store(record);
    return outcome;
  }

  private async store(record: NarrativeCallRecord): Promise<void> {
    if (record.outcome !== 'used') {
      this.deps.log?.warn(
        {
          callId: record.callId,
          key: record.key,
          provider: record.provider,
          outcome: record.outcome,
          unmatched: record.unmatched?.map((u) => u.text),
          machineTokens: record.machineTokens,
          error: record.error,
        },
        'narrative: model text not used, template text instead',
      );
    }
    try {
      await this.usage.record(record);
    } catch (err) {
      this.deps.log?.warn(
        { callId: record.callId, err: errorMessage(err) },
        'narrative: usage record failed',
      );
    }
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

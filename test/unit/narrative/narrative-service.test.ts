import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/common/clock.js';
import { TemplateNarrativeWriter } from '../../../src/narrative/adapters/template.js';
import { narrativeFacts } from '../../../src/narrative/writer/facts.js';
import {
  NarrativeService,
  type NarrativeResult,
  type NarrativeServiceSettings,
} from '../../../src/narrative/writer/narrative-service.js';
import { InMemoryNarrativeUsageStore } from '../../../src/narrative/writer/usage.js';
import { NarrativeWriterError } from '../../../src/narrative/writer/writer-error.js';
import type {
  NarrativeWriter,
  WriterOutput,
  WriterRequest,
} from '../../../src/narrative/writer/writer-port.js';

const FACTS = narrativeFacts({
  kind: 'signal',
  audience: 'premium',
  subject: { symbol: 'SPY', direction: 'bearish', contract: { strike: 543, right: 'put' } },
  move: { pct: 6.67, minutes: 3, of: 'contract', heavyVolume: true },
  levels: { spot: 544.12, gammaFlip: 545.86 },
});

const GOOD = "SPY's 543 puts rose 6.7% in 3 minutes, with price under the gamma flip at 545.9.";

/** A model stand-in: answers from a script, one entry per request; counts requests. */
class ScriptedWriter implements NarrativeWriter {
  readonly provider = 'anthropic' as const;
  readonly model = 'scripted';
  requests: WriterRequest[] = [];
  constructor(
    private readonly script: (n: number) => Promise<string> | string,
    private readonly usage = { inputTokens: 1000, outputTokens: 100 },
  ) {}
  async write(request: WriterRequest): Promise<WriterOutput> {
    this.requests.push(request);
    const text = await this.script(this.requests.length);
    return { text, usage: this.usage, model: this.model };
  }
}

const SETTINGS: NarrativeServiceSettings = {
  budgetMs: 2000,
  reportBudgetMs: 5000,
  maxOutputTokens: 300,
  dailySpendCapUsd: 5,
  prices: { inputUsdPerMTok: 3, outputUsdPerMTok: 15 },
};

function service(writer: NarrativeWriter, settings: Partial<NarrativeServiceSettings> = {}) {
  const usage = new InMemoryNarrativeUsageStore();
  const late: NarrativeResult[] = [];
  const narratives = new NarrativeService({
    writer,
    clock: new SystemClock(),
    settings: { ...SETTINGS, ...settings },
    usage,
    onLateNarrative: (_key, result) => late.push(result),
  });
  return { narratives, usage, late };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('NarrativeService', () => {
  it("uses a model's text that passes the fact check and records tokens and cost", async () => {
    const writer = new ScriptedWriter(() => GOOD);
    const { narratives, usage } = service(writer);
    const result = await narratives.signalNarrative('SIG-1', 'premium', FACTS);
    expect(result).toMatchObject({ text: GOOD, source: 'model', fromCache: false, late: null });
    expect(writer.requests[0].prompt.user).toContain('contract strike: 543');
    expect(usage.calls).toHaveLength(1);
    expect(usage.calls[0]).toMatchObject({
      outcome: 'used',
      attempts: 1,
      usage: { inputTokens: 1000, outputTokens: 100 },
      key: 'signal:SIG-1:premium',
    });
    expect(usage.calls[0].costUsd).toBeCloseTo(0.0045, 10);
  });

  it('discards a text with an invented number, uses the template and records which number', async () => {
    const { narratives, usage } = service(
      new ScriptedWriter(() => 'SPY puts rose 6.7% toward the 547.2 level.'),
    );
    const result = await narratives.signalNarrative('SIG-2', 'premium', FACTS);
    expect(result.source).toBe('template');
    expect(result.text).toMatch(/^SPY's 543 puts jumped 6\.7% in three minutes/);
    expect(result.fallback).toMatchObject({ kind: 'fact_check', unmatched: [{ text: '547.2' }] });
    expect(usage.calls[0]).toMatchObject({
      callId: result.callId,
      outcome: 'rejected',
      unmatched: [{ text: '547.2', kind: 'number' }],
    });
  });

  it('discards a text naming a strategy id or an OCC symbol', async () => {
    const { narratives } = service(
      new ScriptedWriter(() => 'The scalp_puts setup bought SPY260302P00543000.'),
    );
    const result = await narratives.signalNarrative('SIG-3', 'premium', FACTS);
    expect(result.fallback).toMatchObject({
      kind: 'fact_check',
      machineTokens: ['SPY260302P00543000', 'scalp_puts'],
    });
  });

  it('writes a (signal, tier) narrative once: a resend and a concurrent request make no call', async () => {
    const writer = new ScriptedWriter(async () => {
      await wait(20);
      return GOOD;
    });
    const { narratives } = service(writer);
    const [a, b] = await Promise.all([
      narratives.signalNarrative('SIG-4', 'premium', FACTS),
      narratives.signalNarrative('SIG-4', 'premium', FACTS),
    ]);
    const again = await narratives.signalNarrative('SIG-4', 'premium', FACTS);
    expect(writer.requests).toHaveLength(1);
    expect([a.fromCache, b.fromCache, again.fromCache]).toEqual([false, true, true]);
    expect(again.text).toBe(GOOD);
    await narratives.signalNarrative('SIG-4', 'basic', FACTS);
    expect(writer.requests).toHaveLength(2);
  });

  it('uses the template without a call once the day’s spend reaches the cap', async () => {
    const writer = new ScriptedWriter(() => GOOD, { inputTokens: 1_000_000, outputTokens: 0 });
    const { narratives } = service(writer, { dailySpendCapUsd: 2 });
    expect((await narratives.signalNarrative('SIG-5', 'premium', FACTS)).source).toBe('model');
    const capped = await narratives.signalNarrative('SIG-6', 'premium', FACTS);
    expect(writer.requests).toHaveLength(1);
    expect(capped.source).toBe('template');
    expect(capped.fallback).toEqual({ kind: 'spend_cap', spentUsd: 3, capUsd: 2 });
  });

  it('returns the template at the budget; the checked model text follows as an update', async () => {
    const writer = new ScriptedWriter(async () => {
      await wait(400);
      return GOOD;
    });
    const { narratives, late } = service(writer, { budgetMs: 50 });
    const started = performance.now();
    const first = await narratives.signalNarrative('SIG-7', 'premium', FACTS);
    expect(performance.now() - started).toBeLessThan(350);
    expect(first.source).toBe('template');
    expect(first.fallback).toEqual({ kind: 'budget_exceeded', budgetMs: 50 });
    const update = await first.late;
    expect(update).toMatchObject({ text: GOOD, source: 'model' });
    expect(late.map((r) => r.text)).toEqual([GOOD]);
    const resend = await narratives.signalNarrative('SIG-7', 'premium', FACTS);
    expect(resend).toMatchObject({ text: GOOD, fromCache: true });
    expect(writer.requests).toHaveLength(1);
  });

  it('retries a 429 after its retry-after while the budget allows, and not past it', async () => {
    const flaky = new ScriptedWriter((n) => {
      if (n === 1) throw new NarrativeWriterError('rate_limited', 'slow down', 429, 100);
      return GOOD;
    });
    const ok = await service(flaky).narratives.signalNarrative('SIG-8', 'premium', FACTS);
    expect(ok.source).toBe('model');
    expect(flaky.requests).toHaveLength(2);

    const limited = new ScriptedWriter(() => {
      throw new NarrativeWriterError('rate_limited', 'slow down', 429, 60_000);
    });
    const { narratives, usage } = service(limited);
    const result = await narratives.signalNarrative('SIG-9', 'premium', FACTS);
    expect(limited.requests).toHaveLength(1);
    expect(result.fallback).toMatchObject({
      kind: 'writer_error',
      error: 'rate_limited',
      status: 429,
    });
    expect(usage.calls[0]).toMatchObject({ outcome: 'failed', attempts: 1, costUsd: 0 });
  });

  it('does not retry a client error', async () => {
    const writer = new ScriptedWriter(() => {
      throw new NarrativeWriterError('client', 'bad key', 401);
    });
    const result = await service(writer).narratives.signalNarrative('SIG-10', 'premium', FACTS);
    expect(writer.requests).toHaveLength(1);
    expect(result.fallback).toMatchObject({ kind: 'writer_error', error: 'client', status: 401 });
  });

  it('writes operator alerts and regime context with the longer report budget', async () => {
    const alert = narrativeFacts({
      kind: 'operator_alert',
      audience: 'operator',
      subject: { symbol: 'SPY' },
      headline: 'risk halt: daily loss limit breached',
      points: ['realised loss 4.2% against a 3% limit'],
    });
    const writer = new ScriptedWriter(async () => {
      await wait(150);
      return 'Trading on SPY is halted: the realised loss of 4.2% broke the 3% daily limit.';
    });
    const { narratives } = service(writer, { budgetMs: 50, reportBudgetMs: 2000 });
    const result = await narratives.operatorAlertNarrative(alert);
    expect(result).toMatchObject({ source: 'model', late: null });
    expect(writer.requests[0].prompt.system).toContain('desk operators');

    const template = new NarrativeService({
      writer: new TemplateNarrativeWriter(),
      clock: new SystemClock(),
      settings: SETTINGS,
    });
    const regime = await template.regimeContextNarrative(
      narrativeFacts({
        kind: 'regime_context',
        audience: 'report',
        subject: { symbol: 'SPY' },
        regime: { label: 'calm', confidencePct: 80 },
      }),
    );
    expect(regime).toMatchObject({
      text: 'SPY is in a calm regime (80% confidence).',
      source: 'template',
    });
    expect(regime.fallback).toBeUndefined();
  });

  it('falls back to the template when its own usage store fails', async () => {
    const narratives = new NarrativeService({
      writer: new ScriptedWriter(() => GOOD),
      clock: new SystemClock(),
      settings: SETTINGS,
      usage: {
        record: () => Promise.resolve(),
        spentOn: () => Promise.reject(new Error('database down')),
      },
    });
    const result = await narratives.signalNarrative('SIG-11', 'premium', FACTS);
    expect(result).toMatchObject({
      source: 'template',
      fallback: { kind: 'internal_error', message: 'database down' },
    });
  });
});

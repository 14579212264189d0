/**
 * Both model adapters through the NarrativeService against local fake APIs speaking the real
 * formats (Anthropic Messages, OpenAI Chat Completions): success, 429 with retry-after, 500, a
 * malformed body, a hang past the budget, a wrong key, the fact check, the cache and the spend cap.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { sliceConfig } from '../../../src/config/slices.js';
import { createNarrativeService } from '../../../src/narrative/writer/create-narrative-service.js';
import { narrativeFacts } from '../../../src/narrative/writer/facts.js';
import { InMemoryNarrativeUsageStore } from '../../../src/narrative/writer/usage.js';
import { FakeAnthropicApi } from '../../../src/sandbox/platforms/fake-anthropic.js';
import type { FakeLlmApi } from '../../../src/sandbox/platforms/fake-llm-api.js';
import { FakeOpenAiApi } from '../../../src/sandbox/platforms/fake-openai.js';

const FACTS = narrativeFacts({
  kind: 'signal',
  audience: 'premium',
  subject: {
    symbol: 'SPY',
    direction: 'bearish',
    setup: 'scalp',
    contract: { strike: 543, right: 'put' },
  },
  move: { pct: 6.67, minutes: 3, of: 'contract', heavyVolume: true },
  levels: { spot: 544.12, gammaFlip: 545.86 },
  invalidation: 'SPY turns up over the next five minutes',
});

const MODEL_TEXT =
  "SPY's 543 puts climbed 6.7% in three minutes on heavy volume, with price at 544.1 below the 545.9 gamma flip, where dealer hedging can extend the move. A turn higher over the next five minutes voids it.";

interface Provider {
  name: 'anthropic' | 'openai';
  fake: () => FakeLlmApi;
  env: (fake: FakeLlmApi) => Record<string, string>;
  /** The request body's output-token limit field. */
  limitField: string;
}

const PROVIDERS: Provider[] = [
  {
    name: 'anthropic',
    fake: () => new FakeAnthropicApi({ reply: MODEL_TEXT }),
    env: (fake) => ({
      NARRATIVE_WRITER: 'anthropic',
      ANTHROPIC_API_KEY: fake.apiKey,
      ANTHROPIC_BASE_URL: fake.origin,
    }),
    limitField: 'max_tokens',
  },
  {
    name: 'openai',
    fake: () => new FakeOpenAiApi({ reply: MODEL_TEXT }),
    env: (fake) => ({
      NARRATIVE_WRITER: 'openai',
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: `${fake.origin}/v1`,
    }),
    limitField: 'max_completion_tokens',
  },
];

describe.each(PROVIDERS)('$name narratives against the local fake API', (provider) => {
  let fake: FakeLlmApi;
  let usage: InMemoryNarrativeUsageStore;
  let signalSeq = 0;

  beforeAll(async () => {
    fake = await provider.fake().listen();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.clearRequests();
    fake.clearFailures();
    fake.reply = MODEL_TEXT;
    usage = new InMemoryNarrativeUsageStore();
  });

  const narratives = (env: Record<string, string> = {}) =>
    createNarrativeService({
      config: sliceConfig(loadConfig({ ...provider.env(fake), ...env })).narrative,
      clock: new SystemClock(),
      usage,
    });
  const nextSignal = () => `SIG-20260302-${String(++signalSeq).padStart(3, '0')}`;

  it('sends the real request shape and uses the checked text, recording tokens and cost', async () => {
    const result = await narratives().signalNarrative(nextSignal(), 'premium', FACTS);
    expect(result).toMatchObject({ text: MODEL_TEXT, source: 'model', provider: provider.name });
    const [request] = fake.modelRequests();
    const body = request.body as Record<string, unknown>;
    expect(body.model).toEqual(expect.any(String));
    expect(body[provider.limitField]).toBe(300);
    expect(JSON.stringify(body.messages)).toContain('contract strike: 543');
    expect(JSON.stringify(body.messages)).not.toMatch(/SPY\d{6}[CP]\d{8}/);
    expect(request.headers.authorization ?? request.headers['x-api-key']).toContain(fake.apiKey);
    expect(usage.calls).toHaveLength(1);
    expect(usage.calls[0].outcome).toBe('used');
    expect(usage.calls[0].usage.inputTokens).toBeGreaterThan(50);
    expect(usage.calls[0].usage.outputTokens).toBeGreaterThan(10);
    expect(usage.calls[0].costUsd).toBeGreaterThan(0);
  });

  it('waits out a 429 retry-after within the budget, then uses the answer', async () => {
    fake.fail({ status: 429, retryAfterSeconds: 1 });
    const result = await narratives().signalNarrative(nextSignal(), 'premium', FACTS);
    const [limited, retried] = fake.modelRequests();
    expect([limited.status, retried.status]).toEqual([429, 200]);
    expect(retried.receivedAt - limited.receivedAt).toBeGreaterThanOrEqual(950);
    expect(result.source).toBe('model');
    expect(usage.calls[0].attempts).toBe(2);
  });

  it('does not wait for a retry-after longer than the budget', async () => {
    fake.fail({ status: 429, retryAfterSeconds: 30 });
    const result = await narratives().signalNarrative(nextSignal(), 'premium', FACTS);
    expect(fake.modelRequests()).toHaveLength(1);
    expect(result.fallback).toMatchObject({
      kind: 'writer_error',
      error: 'rate_limited',
      status: 429,
    });
  });

  it('retries a 500, and falls back to the template when every attempt fails', async () => {
    fake.fail({ status: 500 });
    expect((await narratives().signalNarrative(nextSignal(), 'premium', FACTS)).source).toBe(
      'model',
    );
    expect(fake.modelRequests().map((r) => r.status)).toEqual([500, 200]);

    fake.clearRequests();
    fake.fail({ status: 500, times: 3 });
    const result = await narratives().signalNarrative(nextSignal(), 'premium', FACTS);
    expect(fake.modelRequests()).toHaveLength(3);
    expect(result.source).toBe('template');
    expect(result.text).toMatch(/^SPY's 543 puts jumped 6\.7% in three minutes/);
    expect(result.fallback).toMatchObject({ kind: 'writer_error', error: 'server', status: 500 });
  });

  it('falls back on a malformed body without retrying', async () => {
    fake.fail({ malformed: true });
    const result = await narratives().signalNarrative(nextSignal(), 'premium', FACTS);
    expect(fake.modelRequests()).toHaveLength(1);
    expect(result.fallback).toMatchObject({ kind: 'writer_error', error: 'malformed' });
    expect(usage.calls[0]).toMatchObject({ outcome: 'failed', costUsd: 0 });
  });

  it('answers with the template at the budget when the API hangs; the model text follows', async () => {
    fake.fail({ delayMs: 2_500 });
    const service = narratives({ NARRATIVE_BUDGET_MS: '500' });
    const started = performance.now();
    const result = await service.signalNarrative(nextSignal(), 'premium', FACTS);
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(450);
    expect(waited).toBeLessThan(1_000);
    expect(result).toMatchObject({ source: 'template', fallback: { kind: 'budget_exceeded' } });
    const update = await result.late;
    expect(update).toMatchObject({ text: MODEL_TEXT, source: 'model' });
    expect(usage.calls[0]).toMatchObject({ outcome: 'used', late: true });
  });

  it('gives up a request at the request timeout, within the budget', async () => {
    fake.fail({ delayMs: 1_500 });
    const service = narratives({ NARRATIVE_REQUEST_TIMEOUT_MS: '300' });
    const started = performance.now();
    const result = await service.signalNarrative(nextSignal(), 'premium', FACTS);
    expect(performance.now() - started).toBeLessThan(1_200);
    expect(result).toMatchObject({
      source: 'template',
      fallback: { kind: 'writer_error', error: 'timeout' },
      late: null,
    });
    expect(fake.modelRequests()).toHaveLength(1);
  });

  it('does not retry a wrong key', async () => {
    const service = narratives(
      provider.name === 'anthropic' ? { ANTHROPIC_API_KEY: 'wrong' } : { OPENAI_API_KEY: 'wrong' },
    );
    const result = await service.signalNarrative(nextSignal(), 'premium', FACTS);
    expect(fake.modelRequests().map((r) => r.status)).toEqual([401]);
    expect(result.fallback).toMatchObject({ kind: 'writer_error', error: 'client', status: 401 });
  });

  it('rejects a model text with an invented number and records which number and call', async () => {
    fake.reply = "SPY's 543 puts climbed 6.7% and could run to 538.25 next.";
    const result = await narratives().signalNarrative(nextSignal(), 'premium', FACTS);
    expect(result.source).toBe('template');
    expect(result.fallback).toMatchObject({ kind: 'fact_check', unmatched: [{ text: '538.25' }] });
    expect(usage.calls[0]).toMatchObject({
      callId: result.callId,
      outcome: 'rejected',
      unmatched: [{ text: '538.25' }],
    });
    expect(usage.calls[0].costUsd).toBeGreaterThan(0);
  });

  it('never calls the model again for the same (signal, tier)', async () => {
    const service = narratives();
    const id = nextSignal();
    const first = await service.signalNarrative(id, 'premium', FACTS);
    const resend = await service.signalNarrative(id, 'premium', FACTS);
    expect(fake.modelRequests()).toHaveLength(1);
    expect(resend).toMatchObject({ text: first.text, fromCache: true });
  });

  it('uses the template without a request once the day’s spend cap is reached', async () => {
    const service = narratives({ NARRATIVE_DAILY_SPEND_CAP_USD: '0.0000001' });
    await service.signalNarrative(nextSignal(), 'premium', FACTS);
    const capped = await service.signalNarrative(nextSignal(), 'premium', FACTS);
    expect(fake.modelRequests()).toHaveLength(1);
    expect(capped).toMatchObject({ source: 'template', fallback: { kind: 'spend_cap' } });
  });
});

describe('anthropic overload', () => {
  it('retries a 529 overloaded_error like a 5xx', async () => {
    const fake = await new FakeAnthropicApi({ reply: MODEL_TEXT }).listen();
    try {
      fake.fail({ status: 529 });
      const config = loadConfig({
        NARRATIVE_WRITER: 'anthropic',
        ANTHROPIC_API_KEY: fake.apiKey,
        ANTHROPIC_BASE_URL: fake.origin,
      });
      const service = createNarrativeService({
        config: sliceConfig(config).narrative,
        clock: new SystemClock(),
      });
      const result = await service.signalNarrative('SIG-529', 'premium', FACTS);
      expect(fake.modelRequests().map((r) => r.status)).toEqual([529, 200]);
      expect((fake.modelRequests()[0] as { rawBody: string }).rawBody).toContain('"model"');
      expect(result.source).toBe('model');
    } finally {
      await fake.close();
    }
  });
});

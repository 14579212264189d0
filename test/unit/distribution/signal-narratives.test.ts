import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/common/clock.js';
import { scanMessage } from '../../../src/distribution/leak-scanner.js';
import { TemplateRenderer } from '../../../src/distribution/renderer.js';
import {
  NarrativeServiceSignalNarratives,
  templateSignalNarratives,
} from '../../../src/distribution/signal-narratives.js';
import { TIER_CHANNELS } from '../../../src/distribution/tier-policy.js';
import { NarrativeService } from '../../../src/narrative/writer/narrative-service.js';
import type {
  NarrativeWriter,
  WriterOutput,
  WriterRequest,
} from '../../../src/narrative/writer/writer-port.js';
import { TIERS, type Tier } from '../../../src/vocabulary/tier.js';
import { sampleSignal, signalArb } from './signal-fixtures.js';
import fc from 'fast-check';

const renderer = new TemplateRenderer();
const DELAY: Record<Tier, number> = { premium: 0, basic: 60_000, free: 300_000 };
const clock = new SystemClock();

/** A model stand-in that answers after `delayMs` with `text`, counting its requests. */
class SlowWriter implements NarrativeWriter {
  readonly provider = 'anthropic' as const;
  readonly model = 'slow';
  requests: WriterRequest[] = [];
  constructor(
    private readonly delayMs: number,
    private readonly text: (r: WriterRequest) => string,
  ) {}
  async write(request: WriterRequest): Promise<WriterOutput> {
    this.requests.push(request);
    await new Promise((r) => setTimeout(r, this.delayMs));
    return {
      text: this.text(request),
      usage: { inputTokens: 10, outputTokens: 10 },
      model: 'slow',
    };
  }
}

function modelNarratives(writer: NarrativeWriter, budgetMs: number) {
  const service = new NarrativeService({
    writer,
    clock,
    settings: {
      budgetMs,
      reportBudgetMs: budgetMs,
      maxOutputTokens: 300,
      dailySpendCapUsd: 5,
      prices: { inputUsdPerMTok: 3, outputUsdPerMTok: 15 },
    },
  });
  return new NarrativeServiceSignalNarratives(service);
}

describe('signal narratives per tier', () => {
  const s = sampleSignal();
  const narratives = templateSignalNarratives(clock);

  it('each tier reads sentences, never a strategy id or an OCC symbol', async () => {
    const premium = await narratives.narrativeFor('premium', s);
    const basic = await narratives.narrativeFor('basic', s);
    const free = await narratives.narrativeFor('free', s);
    for (const text of [premium, basic, free]) {
      expect(text).toMatch(/^[A-Z].*\.$/);
      expect(text).not.toContain('gex_squeeze');
      expect(text).not.toMatch(/[A-Z]{1,5}\d{6}[CP]\d{8}/);
    }
    expect(premium).toContain('Entry around $1.25, stop $0.65, target $2.40');
    expect(basic).toBe('SPY has a setup, looking for a move up.');
    expect(free).toBe('SPY has a setup, looking for a move up.');
  });

  it('lower tiers get their facts from their view only: no premium number reaches the writer', async () => {
    const writer = new SlowWriter(0, () => 'SPY has a setup.');
    const model = modelNarratives(writer, 1000);
    await model.narrativeFor('basic', s);
    await model.narrativeFor('free', s);
    for (const r of writer.requests) {
      const prompt = JSON.stringify(r);
      for (const n of ['1.25', '0.65', '2.4', '442', '438.5', '445', 'SPY260306C00442000'])
        expect(prompt).not.toContain(n);
    }
  });

  it('every tier × channel renders with its narrative and passes the leak scanner', async () => {
    await fc.assert(
      fc.asyncProperty(signalArb, async (signal) => {
        for (const tier of TIERS) {
          const narrative = await narratives.narrativeFor(tier, signal);
          for (const channel of TIER_CHANNELS) {
            const r = renderer.render({
              tier,
              channel,
              signal,
              update: null,
              delayMs: DELAY[tier],
              narrative,
            });
            // The tweet (280 characters) and Free's educational Reddit post carry no narrative.
            const withNarrative =
              channel !== 'twitter' && !(tier === 'free' && channel === 'reddit');
            if (withNarrative) expect(r.text).toContain(narrative.slice(0, 20));
            expect(scanMessage({ tier, signal, update: null, ...r })).toEqual([]);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('Premium never waits past the budget for a late model; a resend never asks again', async () => {
    const writer = new SlowWriter(400, () => 'SPY has a setup, looking for a move up.');
    const model = modelNarratives(writer, 50);
    const started = Date.now();
    const first = await model.narrativeFor('premium', s);
    expect(Date.now() - started).toBeLessThan(300);
    expect(first).toContain('Entry around $1.25');
    expect(await model.narrativeFor('premium', s)).toBe(first);
    expect(writer.requests).toHaveLength(1);
  });

  it('a model text with an invented number is replaced by the template text', async () => {
    const writer = new SlowWriter(0, () => 'SPY could run to 612 by Friday.');
    const text = await modelNarratives(writer, 1000).narrativeFor('premium', s);
    expect(text).not.toContain('612');
    expect(text).toContain('Entry around $1.25');
  });
});

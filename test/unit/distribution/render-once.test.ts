import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TIERS, type Tier } from '../../../src/vocabulary/tier.js';
import { renderOnce } from '../../../src/distribution/render-once.js';
import { TemplateRenderer, type RenderInput } from '../../../src/distribution/renderer.js';
import type { SignalUpdate } from '../../../src/signals/signal.js';
import { sampleSignal } from './signal-fixtures.js';

const DELAY: Record<Tier, number> = { premium: 0, basic: 60_000, free: 300_000 };

describe('an email fan-out rendered once', () => {
  const renderer = new TemplateRenderer();
  const signal = sampleSignal();
  const closed: SignalUpdate = {
    signalId: signal.id,
    kind: 'closed',
    at: signal.publishedAt + 600_000,
    exitPrice: 1.88,
    returnPct: 0.5,
    reason: 'target hit',
  };

  it("equals each recipient's own render, links with characters HTML escapes included", () => {
    const once = renderOnce(renderer);
    // Links as a subscriber portal might make them: query strings, quotes, ampersands.
    const link = fc
      .tuple(
        fc.stringMatching(/^[a-z0-9-]{1,20}$/),
        fc.stringMatching(/^[A-Za-z0-9_&='"`<>-]{0,24}$/),
      )
      .map(([id, q]) => `https://gammadesk.test/u/${id}?t=${q}`);
    fc.assert(
      fc.property(
        link,
        fc.constantFrom(...TIERS),
        fc.constantFrom(null, closed),
        (url, tier, update) => {
          if (update && tier === 'free') return; // free hears the close only by broadcast
          const input: RenderInput = {
            tier,
            channel: 'email',
            signal,
            update,
            delayMs: DELAY[tier],
            unsubscribeUrl: url,
            narrative: 'Dealers are short gamma here, so moves can run.',
          };
          const shared = once.render(input);
          const own = renderer.render(input);
          expect(shared).toEqual(own);
          expect(shared.message.channel === 'email' && shared.message.text).toContain(url);
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });

  it('renders each (signal, tier) once however many recipients', () => {
    let renders = 0;
    const counting = Object.create(renderer) as TemplateRenderer;
    counting.render = (input) => {
      renders++;
      return renderer.render(input);
    };
    const once = renderOnce(counting);
    for (let i = 0; i < 50; i++) {
      once.render({
        tier: 'premium',
        channel: 'email',
        signal,
        update: null,
        delayMs: 0,
        unsubscribeUrl: `https://gammadesk.test/u/p-${i}`,
      });
    }
    once.render({ tier: 'premium', channel: 'discord', signal, update: null, delayMs: 0 });
    expect(renders).toBe(2);
  });
});

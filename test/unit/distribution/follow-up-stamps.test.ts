import { describe, expect, it } from 'vitest';
import { TemplateRenderer } from '../../../src/distribution/renderer.js';
import type { SignalUpdate } from '../../../src/signals/signal.js';
import { sampleSignal } from './signal-fixtures.js';

const renderer = new TemplateRenderer();
const signal = sampleSignal(); // data as of 09:59:58.5 ET on 2026-03-02
const at = (hhmmss: string) => Date.parse(`2026-03-02T${hhmmss}-05:00`);

describe('follow-ups carry their own time', () => {
  it.each(['premium', 'basic'] as const)(
    '%s stop move: stamped with the move, not the signal',
    (tier) => {
      const update: SignalUpdate = {
        signalId: signal.id,
        kind: 'stop_moved',
        at: at('11:57:10'),
        newStop: 0.95,
        reason: 'trail',
      };
      const { text } = renderer.render({ tier, channel: 'telegram', signal, update, delayMs: 0 });
      expect(text).toContain('Data as of 11:57:10 ET on 2026-03-02');
      expect(text).not.toContain('09:59:58');
    },
  );

  it.each(['premium', 'basic', 'free'] as const)('%s close: carries the close time', (tier) => {
    const update: SignalUpdate = {
      signalId: signal.id,
      kind: 'closed',
      at: at('15:42:03'),
      exitPrice: 1.9,
      returnPct: 0.52,
      reason: 'target',
    };
    for (const channel of ['discord', 'twitter', 'email'] as const) {
      if (tier !== 'free' && channel === 'twitter') continue;
      const { text } = renderer.render({ tier, channel, signal, update, delayMs: 0 });
      expect(text).toContain('15:42:03 ET on 2026-03-02');
    }
  });

  it('the signal itself keeps the data stamp of its quotes', () => {
    const { text } = renderer.render({
      tier: 'premium',
      channel: 'telegram',
      signal,
      update: null,
      delayMs: 0,
    });
    expect(text).toContain('Data as of 09:59:58 ET on 2026-03-02');
  });
});

import { describe, expect, it } from 'vitest';
import { InProcessSignalBus, logBusErrors } from '../../../src/signals/signal.js';
import { sampleSignal } from '../distribution/signal-fixtures.js';

describe('in-process signal bus', () => {
  it('a failing handler is reported with its topic and signal, and the others still run', async () => {
    const lines: { detail: Record<string, unknown>; msg: string }[] = [];
    const bus = new InProcessSignalBus(
      logBusErrors({ error: (detail, msg) => lines.push({ detail, msg }) }),
    );
    const seen: string[] = [];
    bus.onPublished(() => {
      throw new Error('plan failed');
    });
    bus.onPublished((s) => void seen.push(s.id));
    bus.onUpdate(async () => Promise.reject(new Error('update failed')));
    const signal = sampleSignal();
    await bus.publish(signal);
    await bus.update({ signalId: signal.id, kind: 'closed', at: 1, reason: 'target' });
    expect(seen).toEqual([signal.id]);
    expect(lines).toEqual([
      {
        detail: { topic: 'published', signalId: signal.id, err: 'plan failed' },
        msg: 'signal bus handler failed',
      },
      {
        detail: { topic: 'update', signalId: signal.id, err: 'update failed' },
        msg: 'signal bus handler failed',
      },
    ]);
  });

  it('a throwing error handler does not reach the publisher', async () => {
    const bus = new InProcessSignalBus(() => {
      throw new Error('handler broke');
    });
    bus.onPublished(() => {
      throw new Error('plan failed');
    });
    await expect(bus.publish(sampleSignal())).resolves.toBeUndefined();
  });
});

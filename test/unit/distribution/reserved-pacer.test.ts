import { describe, expect, it } from 'vitest';
import {
  PacerStoppedError,
  ReservedPacer,
  localSlotReserver,
  type ReserveSlots,
} from '../../../src/distribution/reserved-pacer.js';

/** A reserver that counts its round trips. */
function counting(): { reserve: ReserveSlots; calls: number[] } {
  const own = localSlotReserver();
  const calls: number[] = [];
  return {
    calls,
    reserve: async (count, interval) => {
      calls.push(count);
      return own(count, interval);
    },
  };
}

describe('ReservedPacer', () => {
  it('spaces sends evenly and reserves their slots in batches, not one a send', async () => {
    const { reserve, calls } = counting();
    const pacer = new ReservedPacer(reserve, 10, 30);
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 60 }, () =>
        pacer.schedule(async () => {
          starts.push(performance.now());
        }),
      ),
    );
    expect(starts).toHaveLength(60);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(60);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    // Ten ms apart on average; a late timer may bring two closer, never more than a slot early.
    expect((starts[59] - starts[0]) / 59).toBeGreaterThanOrEqual(9.5);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(-0.5);
  });

  it('two pacers drawing on one reserver never take the same slot', async () => {
    const reserve = localSlotReserver();
    const a = new ReservedPacer(reserve, 10);
    const b = new ReservedPacer(reserve, 10);
    const starts: number[] = [];
    const send = async () => {
      starts.push(performance.now());
    };
    await Promise.all([
      ...Array.from({ length: 20 }, () => a.schedule(send)),
      ...Array.from({ length: 20 }, () => b.schedule(send)),
    ]);
    starts.sort((x, y) => x - y);
    expect((starts[39] - starts[0]) / 39).toBeGreaterThanOrEqual(9.5);
  });

  it('stop drops the sends waiting for their turn', async () => {
    const pacer = new ReservedPacer(localSlotReserver(), 50);
    const results = Array.from({ length: 5 }, () =>
      pacer.schedule(async () => 'sent').catch((e: unknown) => e),
    );
    await new Promise((r) => setTimeout(r, 10));
    pacer.stop();
    const settled = await Promise.all(results);
    expect(settled[0]).toBe('sent');
    expect(settled.slice(1).every((e) => e instanceof PacerStoppedError)).toBe(true);
    await expect(pacer.schedule(async () => 'late')).rejects.toBeInstanceOf(PacerStoppedError);
  });
});

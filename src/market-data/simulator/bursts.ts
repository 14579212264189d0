/** News bursts: when they happen, and what an active burst does to price and activity. */
import type { Prng } from './prng.js';

export interface Burst {
  step: number;
  length: number;
  direction: 1 | -1;
  /** Total log move: a share jumps at once, the rest drifts over `length` steps. */
  size: number;
}

export interface BurstEffect {
  drift: number;
  jump: number;
  intensity: number;
  direction: number;
}

const NO_BURST: BurstEffect = { drift: 0, jump: 0, intensity: 1, direction: 0 };

/**
 * News bursts: a Poisson number a day, starting between 10:00 and 15:30 New York, each a jump
 * (40% of its size) followed by drift (60%) over 10–30 minutes, scaled by the symbol's vol.
 */
export function scheduleBursts(
  rng: Prng,
  perDay: number,
  vol: number,
  grid: { readonly stepMs: number; readonly steps: number },
  exactly?: number,
): Burst[] {
  const bursts: Burst[] = [];
  const count = exactly ?? rng.poisson(perDay);
  const first = Math.floor((30 * 60_000) / grid.stepMs);
  const lastStart = Math.max(first + 1, grid.steps - first);
  for (let b = 0; b < count; b++) {
    const size = (0.012 + 0.022 * rng.next()) * (vol / 0.4);
    bursts.push({
      step: first + rng.int(lastStart - first),
      length: Math.floor(((10 + 20 * rng.next()) * 60_000) / grid.stepMs),
      direction: rng.next() < 0.5 ? -1 : 1,
      size: Math.max(0.006, size),
    });
  }
  return bursts;
}

/** The active burst's effect at step i: log jump, drift per step, activity multiplier. */
export function burstAt(bursts: readonly Burst[], i: number): BurstEffect {
  for (const b of bursts) {
    if (i === b.step) {
      return { drift: 0, jump: 0.4 * b.size * b.direction, intensity: 6, direction: b.direction };
    }
    if (i > b.step && i < b.step + b.length) {
      const left = 1 - (i - b.step) / b.length;
      return {
        drift: (0.6 * b.size * b.direction) / b.length,
        jump: 0,
        intensity: 1 + 5 * left,
        direction: b.direction,
      };
    }
  }
  return NO_BURST;
}

/**
 * What a platform limiter adds before a send starts (`npm run bench rate-limits`): one job after
 * another through an idle limiter (its window never full), this process's and the one shared
 * through Redis (BENCH_REDIS_URL, a unique prefix). Figures: ms from `schedule` to the job's
 * first line ("start") and to `schedule`'s promise settling ("total"), p50 / p99 over 500 jobs.
 */
import {
  localRateLimits,
  redisRateLimits,
  type RateLimits,
} from '../src/distribution/rate-limits.js';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const JOBS = 500;

const quantile = (xs: number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function measure(label: string, limits: RateLimits): Promise<void> {
  // Discord's 5 in 2 s would fill at once: the window here is never full, as for a first send.
  const limiter = limits.limiter('bench:latency', { limit: 1_000_000, windowMs: 1_000 });
  for (let i = 0; i < 50; i++) await limiter.schedule(async () => undefined);
  const starts: number[] = [];
  const totals: number[] = [];
  for (let i = 0; i < JOBS; i++) {
    const asked = performance.now();
    let started = 0;
    await limiter.schedule(async () => {
      started = performance.now();
    });
    totals.push(performance.now() - asked);
    starts.push(started - asked);
  }
  await limits.close();
  const ms = (x: number) => x.toFixed(3);
  console.log(
    `${label}: start p50 ${ms(quantile(starts, 0.5))} / p99 ${ms(quantile(starts, 0.99))} ms, ` +
      `total p50 ${ms(quantile(totals, 0.5))} / p99 ${ms(quantile(totals, 0.99))} ms (${JOBS} jobs)`,
  );
}

export default async function main(): Promise<void> {
  await measure('this process', localRateLimits());
  await measure(
    'shared (Redis)',
    redisRateLimits(REDIS_URL, `bench-limits-${process.pid}-${Date.now()}`),
  );
}

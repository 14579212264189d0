/**
 * Distribution under CPU load: Telegram DM fan-outs with the analytics loop busy in the same
 * process (the SPX fixture's full chain analysis on a timer), the platform limits shared through
 * Redis as in production. Prints the rate against what Telegram allows, the busiest second, 429s,
 * and the event loop's delay over the run (the figure /metrics shows as
 * gammadesk_nodejs_eventloop_lag_p99_seconds).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ChainWorkspace, analyzeChain } from '../src/analytics/chain-analysis/index.js';
import { SystemClock } from '../src/common/clock.js';
import { parseCboeQuoteCsv } from '../src/market-data/adapters/cboe-csv.js';
import { FakeTelegramApi } from '../src/sandbox/platforms/telegram.js';
import {
  Directory,
  busiestSecond,
  engineFor,
  recipients,
  signal,
  telegramDmEnv,
  until,
  withSchema,
} from './distribution.bench.js';
import { chainFile, quantile } from './support/chains.js';

/** Runs the chain analysis every `everyMs` (0: never) until stopped; answers the pass times. */
function analyticsLoop(everyMs: number): { stop(): number[] } {
  if (everyMs === 0) return { stop: () => [] };
  const file = chainFile('spx_2022-02-05_quotedata.csv');
  const snapshot = parseCboeQuoteCsv(readFileSync(file, 'utf8'), file);
  const workspace = new ChainWorkspace();
  const times: number[] = [];
  const timer = setInterval(() => {
    const t0 = performance.now();
    analyzeChain(snapshot, { workspace });
    times.push(performance.now() - t0);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return times.sort((a, b) => a - b);
    },
  };
}

/**
 * `signals` signals, each DMed to `chats` subscribers (one chat each): chats × signals messages.
 * Telegram allows min(30/s, one a second per chat).
 */
async function busyFanOut(chats: number, signals: number, analyticsEveryMs: number): Promise<void> {
  const clock = new SystemClock();
  const telegram = await FakeTelegramApi.start({ clock });
  const n = chats * signals;
  await withSchema(async (db) => {
    const engine = engineFor(
      db,
      clock,
      telegramDmEnv(telegram.apiRoot, true),
      new Directory(recipients(chats, 'premium', 'telegram')),
      `gdbench:${randomBytes(4).toString('hex')}`,
    );
    await engine.start({ consume: true, reconcile: false });
    const analytics = analyticsLoop(analyticsEveryMs);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    // No groups are configured: every sendMessage is a DM.
    const dms = () => telegram.requests.filter((r) => r.path.endsWith('/sendMessage'));
    for (let s = 0; s < signals; s++) await engine.planSignal(signal(700 + s, clock.now()));
    await until(() => dms().filter((r) => r.status === 200).length >= n, 120_000);
    lag.disable();
    const passes = analytics.stop();
    const times = dms()
      .filter((r) => r.status === 200)
      .map((r) => r.receivedAt)
      .sort((a, b) => a - b);
    const busiest = busiestSecond(times);
    const rate = (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000);
    const allowed = Math.min(30, chats);
    const n429 = telegram.requests.filter((r) => r.status === 429).length;
    console.log(
      `telegram ${n} DMs across ${chats} chats, ` +
        (analyticsEveryMs === 0
          ? 'no analytics beside it; '
          : `analytics every ${analyticsEveryMs} ms beside it (${passes.length} passes, p50 ${quantile(passes, 0.5).toFixed(0)} ms, p99 ${quantile(passes, 0.99).toFixed(0)} ms); `) +
        `event-loop delay p50 ${(lag.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms, max ${(lag.max / 1e6).toFixed(0)} ms: ` +
        `${times.length} sent at ${rate.toFixed(1)} msg/s = ${((rate / allowed) * 100).toFixed(0)}% of the ${allowed} msg/s Telegram allows ` +
        `(our pacing's ceiling ${chats < 30 ? `${(chats * (1000 / 1050)).toFixed(1)}: one a chat each 1.05 s` : '28.6: 35 ms apart'}); ` +
        `busiest 1 s window ${busiest}; 429s: ${n429} (goal ≥ 95%, no 429)`,
    );
    await engine.stop();
  });
  await telegram.close();
}

export default async function run(): Promise<void> {
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  await busyFanOut(20, 12, 100);
  await busyFanOut(240, 1, 100);
  // The same machine load without the analytics loop: what the loop itself costs.
  await busyFanOut(240, 1, 0);
  console.log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

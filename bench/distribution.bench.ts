/**
 * Distribution figures: premium latency publish → first send per channel, email fan-out of 10,000,
 * delay accuracy of basic/free over 200 signals, Telegram DM fan-out rate. Needs the machine's
 * PostgreSQL (BENCH_DATABASE_URL, default the test database; a schema of its own, dropped after)
 * and Redis (BENCH_REDIS_URL; a unique Bull prefix). Channels are the local Discord and Telegram
 * fakes and a local SMTP server; for the Premium latency they run in processes of their own.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ScaledClock, SystemClock, type Clock } from '../src/common/clock.js';
import type { Tier } from '../src/vocabulary/tier.js';
import { loadConfig } from '../src/config/config.js';
import { Database } from '../src/database/database.js';
import { DeliveryStore } from '../src/distribution/delivery-store.js';
import {
  DistributionEngine,
  type DeliveryJobData,
} from '../src/distribution/distribution-engine.js';
import { settingsFromConfig } from '../src/distribution/distribution.service.js';
import { TemplateRenderer } from '../src/distribution/renderer.js';
import { sendersFromConfig } from '../src/distribution/senders.js';
import { tierPolicyFromConfig } from '../src/distribution/tier-policy.js';
import { createDelayQueue } from '../src/queue/queue-factory.js';
import { startPlatformSink } from './support/platform-sink.js';
import { startSmtpSink } from './support/smtp-sink.js';
import type { PublishedSignal } from '../src/signals/signal.js';
import { FakeTelegramApi } from '../src/sandbox/platforms/telegram.js';
import type { Recipient, RecipientDirectory } from '../src/subscribers/recipient-directory.js';

const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export class Directory implements RecipientDirectory {
  constructor(private readonly all: Recipient[]) {}
  async listRecipients(q: {
    tier: Tier;
    channel: 'email' | 'telegram';
    afterId?: string;
    limit: number;
  }) {
    return this.all
      .filter((r) => r.tier === q.tier && (q.channel === 'email' ? r.email : r.telegramChatId))
      .filter((r) => q.afterId === undefined || r.subscriberId > q.afterId)
      .slice(0, q.limit);
  }
  async getRecipient(id: string) {
    return this.all.find((r) => r.subscriberId === id) ?? null;
  }
}

export function recipients(n: number, tier: Tier, channel: 'email' | 'telegram'): Recipient[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `${tier}-${String(i + 1).padStart(6, '0')}`;
    return {
      subscriberId: id,
      tier,
      email:
        channel === 'email'
          ? { address: `${id}@bench.test`, unsubscribeUrl: `https://gd.test/u/${id}` }
          : null,
      telegramChatId: channel === 'telegram' ? String(500_000 + i) : null,
      preferences: {
        symbols: null,
        strategies: null,
        quietHours: null,
        channels: [channel],
        emailMode: 'instant',
      },
    };
  });
}

export function signal(n: number, at: number): PublishedSignal {
  return {
    id: `SIG-20260302-${String(n).padStart(3, '0')}`,
    strategy: 'gex_squeeze',
    symbol: 'SPY',
    direction: 'bullish',
    legs: [
      {
        occSymbol: 'SPY260306C00442000',
        right: 'call',
        strike: 442,
        expiry: '2026-03-06',
        side: 'buy',
        quantity: 3,
      },
    ],
    entry: 1.25,
    stop: 0.65,
    target: 2.4,
    size: 3,
    confidence: 0.7,
    triggeredBy: ['gamma flip'],
    riskFactors: [],
    narrative: 'Dealers short gamma above the flip.',
    levels: { gammaFlip: 438.5, callWall: 445 },
    publishedAt: at,
    dataAsOf: at - 1_000,
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

export async function withSchema<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: DB_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = await Database.open(
    { DATABASE_URL: DB_URL, DATA_DIR: '.data', EMBEDDED_DB_IN_MEMORY: true, EMBEDDED_DB_PORT: 0 },
    { schema },
  );
  try {
    return await fn(db);
  } finally {
    await db.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

export function engineFor(
  db: Database,
  clock: Clock,
  env: Record<string, string>,
  directory: RecipientDirectory,
  queuePrefix = `gdbench:${randomBytes(4).toString('hex')}`,
) {
  // Not production: the bench leaves some channels without keys on purpose (they go to the outbox).
  const config = loadConfig({ NODE_ENV: 'test', QUEUE_PREFIX: queuePrefix, ...env });
  return new DistributionEngine({
    clock,
    store: new DeliveryStore(db.dataSource),
    policy: tierPolicyFromConfig(config),
    directory,
    senders: sendersFromConfig(config, db.dataSource, clock),
    queue: createDelayQueue<DeliveryJobData>('deliveries', clock, {
      kind: 'bull',
      redisUrl: REDIS_URL,
      prefix: queuePrefix,
    }),
    renderer: new TemplateRenderer(),
    settings: settingsFromConfig(config),
  });
}

export async function until(
  cond: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return false;
}

async function premiumLatency(): Promise<void> {
  const clock = new SystemClock();
  // The platforms and the mail relay run in processes of their own, as remote services do.
  const platforms = await startPlatformSink();
  const { discord, telegram } = platforms;
  const smtp = await startSmtpSink();
  await withSchema(async (db) => {
    const engine = engineFor(
      db,
      clock,
      {
        DISCORD_API_BASE: platforms.discordApiBase,
        DISCORD_WEBHOOK_PREMIUM: '2001/tok',
        TELEGRAM_BOT_TOKEN: '123456:fake-token',
        TELEGRAM_API_ROOT: platforms.telegramApiRoot,
        TELEGRAM_CHAT_PREMIUM: '-2001',
        SMTP_URL: smtp.url,
        SMTP_POOL_SIZE: '10',
        DISTRIBUTION_CONCURRENCY: '16',
        // A third broadcast channel: X without API keys posts to the outbox.
        DISTRIBUTION_CHANNELS_PREMIUM: 'discord,telegram,twitter,email',
      },
      new Directory(recipients(1_000, 'premium', 'email')),
    );
    await engine.start({ consume: true, reconcile: false });
    const outboxSentAt = async (signalId: string): Promise<number | null> => {
      const rows = await engine.store.list({ signalId, limit: 2_000 });
      return rows.find((r) => r.channel === 'twitter' && r.sentAt !== null)?.sentAt ?? null;
    };
    const channels = ['discord', 'telegram', 'twitter (outbox)', 'email (first of 1,000)'];
    const lat: Record<string, number[]> = Object.fromEntries(
      [...channels, 'email (last of 1,000)'].map((c) => [c, []]),
    );
    const cold: Record<string, number> = {};
    // Two signals warm the connections (SMTP pool, HTTP keep-alive, queue); 20 are measured.
    const WARM_UP = 2;
    const N = 20;
    for (let i = 1; i <= WARM_UP + N; i++) {
      const d0 = discord.length;
      const t0 = telegram.length;
      const m0 = smtp.arrivals.length;
      const at = clock.now();
      const s = signal(i, at);
      await engine.planSignal(s);
      // The outbox post's time is read from the ledger once the others have arrived: reading it
      // while the sends go out would compete with them for this process and the database.
      await until(
        () => smtp.arrivals.length - m0 >= 1_000 && discord.length > d0 && telegram.length > t0,
        30_000,
      );
      let outboxAt: number | null = null;
      await until(async () => (outboxAt = await outboxSentAt(s.id)) !== null, 30_000);
      const sample: Record<string, number> = {
        discord: discord[d0].receivedAt - at,
        telegram: telegram[t0].receivedAt - at,
        'twitter (outbox)': (outboxAt ?? NaN) - at,
        'email (first of 1,000)': Math.min(...smtp.arrivals.slice(m0).map((a) => a.at)) - at,
        'email (last of 1,000)': Math.max(...smtp.arrivals.slice(m0).map((a) => a.at)) - at,
      };
      if (i === 1) Object.assign(cold, sample);
      if (i > WARM_UP) for (const [k, v] of Object.entries(sample)) lat[k].push(v);
      // Telegram allows a group about 20 messages a minute: one signal every 3.1 s stays under it.
      await new Promise((r) => setTimeout(r, Math.max(0, at + 3_100 - clock.now())));
    }
    console.log(
      `premium latency, publish → arrival at the platform (${N} signals after ${WARM_UP} to warm up; 3 broadcast channels + 1,000 emails each, Bull on Redis):`,
    );
    for (const [ch, xs] of Object.entries(lat)) {
      const goal = ch.includes('last') ? '' : '   (goal p99 < 50 ms)';
      console.log(
        `  ${ch.padEnd(24)} p50 ${pct(xs, 50).toFixed(0)} ms   p99 ${pct(xs, 99).toFixed(0)} ms   max ${Math.max(...xs).toFixed(0)} ms${goal}`,
      );
    }
    console.log(
      `  first signal on cold connections: ${Object.entries(cold)
        .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
        .join(', ')}`,
    );
    await engine.stop();
  });
  await Promise.all([platforms.close(), smtp.close()]);
}

async function emailFanOut(): Promise<void> {
  const clock = new SystemClock();
  const smtp = await startSmtpSink();
  await withSchema(async (db) => {
    const engine = engineFor(
      db,
      clock,
      {
        SMTP_URL: smtp.url,
        SMTP_POOL_SIZE: '10',
        DISTRIBUTION_CONCURRENCY: '16',
        DISTRIBUTION_CHANNELS_PREMIUM: 'email',
      },
      new Directory(recipients(10_000, 'premium', 'email')),
    );
    await engine.start({ consume: true, reconcile: false });
    const cpu0 = process.cpuUsage();
    const t0 = clock.now();
    await engine.planSignal(signal(500, t0));
    const planned = clock.now() - t0;
    const ok = await until(() => smtp.arrivals.length >= 10_000, 120_000);
    const done = clock.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMsPerMessage = (cpu.user + cpu.system) / 1000 / 10_000;
    console.log(
      `email fan-out: 10,000 recipients (100 per job, SMTP pool 10) in ${(done / 1000).toFixed(2)} s` +
        ` (plan written in ${planned} ms; ${(10_000 / (done / 1000)).toFixed(0)} msg/s; ${cpuMsPerMessage.toFixed(2)} ms CPU a message in the sending process; the SMTP server runs in its own)${ok ? '' : ' — INCOMPLETE'} (goal < 8 s)`,
    );
    await engine.stop();
  });
  await smtp.close();
}

async function delayAccuracy(): Promise<void> {
  const speed = 20;
  const clock = new ScaledClock(Date.UTC(2026, 2, 2, 15, 0), speed);
  await withSchema(async (db) => {
    // basic and free broadcasts through the outbox (no platform limit in the way)
    const engine = engineFor(db, clock, { DISTRIBUTION_CONCURRENCY: '16' }, new Directory([]));
    await engine.start({ consume: true, reconcile: false });
    const ids: string[] = [];
    for (let i = 1; i <= 200; i++) {
      const s = signal(i, clock.now());
      ids.push(s.id);
      await engine.planSignal(s);
      await new Promise((r) => setTimeout(r, 10)); // 200 signals over ~2 s wall (~40 s engine)
    }
    const store = engine.store;
    await until(
      async () =>
        (await store.countByStatus()).scheduled === 0 &&
        (await store.countByStatus()).sending === 0,
      60_000,
    );
    const rows = (await store.list({ limit: 10_000 })).filter((r) => r.tier !== 'premium');
    for (const tier of ['basic', 'free'] as const) {
      const d = rows
        .filter((r) => r.tier === tier && r.sentAt !== null)
        .map((r) => r.sentAt! - r.promisedAt);
      console.log(
        `delay accuracy ${tier} (${d.length} deliveries, clock at ${speed}×): sentAt − promisedAt p50 ${pct(d, 50).toFixed(0)} ms, ` +
          `p99 ${pct(d, 99).toFixed(0)} ms, max ${Math.max(...d).toFixed(0)} ms, min ${Math.min(...d).toFixed(0)} ms engine` +
          ` (= p99 ${(pct(d, 99) / speed).toFixed(1)} ms wall); negative: ${d.filter((x) => x < 0).length} (goal p99 < 500 ms, never negative)`,
      );
    }
    await engine.stop();
  });
}

/** A premium tier that goes to Telegram only, its limits in Redis when `shared`. */
export function telegramDmEnv(apiRoot: string, shared: boolean): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: '123456:fake-token',
    TELEGRAM_API_ROOT: apiRoot,
    DISTRIBUTION_CHANNELS_PREMIUM: 'telegram',
    DISTRIBUTION_CONCURRENCY: '16',
    ...(shared ? { REDIS_URL } : {}),
  };
}

/** The most arrivals (ascending times, ms) within any one second. */
export function busiestSecond(times: number[]): number {
  let busiest = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1_000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  return busiest;
}

/**
 * Telegram DMs to 240 subscribers by one worker, or by two workers on the same Redis sharing the
 * platform limits (REDIS_URL set: the limiters live in Redis).
 */
async function telegramRate(workers: 1 | 2): Promise<void> {
  const clock = new SystemClock();
  const telegram = await FakeTelegramApi.start({ clock });
  const N = 240;
  await withSchema(async (db) => {
    const prefix = `gdbench:${randomBytes(4).toString('hex')}`;
    const engines = Array.from({ length: workers }, () =>
      engineFor(
        db,
        clock,
        telegramDmEnv(telegram.apiRoot, workers > 1),
        new Directory(recipients(N, 'premium', 'telegram')),
        prefix,
      ),
    );
    for (const e of engines) await e.start({ consume: true, reconcile: false });
    await engines[0].planSignal(signal(900, clock.now()));
    await until(
      () => telegram.requests.filter((r) => r.path.endsWith('/sendMessage')).length >= N + 1,
      60_000,
    );
    const times = telegram.requests
      .filter((r) => r.path.endsWith('/sendMessage'))
      .map((r) => r.receivedAt)
      .sort((a, b) => a - b);
    const span = (times[times.length - 1] - times[0]) / 1000;
    const maxWindow = busiestSecond(times);
    const rate = (times.length - 1) / span;
    const n429 = telegram.requests.filter((r) => r.status === 429).length;
    console.log(
      `telegram DM fan-out, ${workers === 1 ? '1 worker' : `${workers} workers sharing the limits in Redis`}: ${times.length} messages at ${rate.toFixed(1)} msg/s = ${((rate / 30) * 100).toFixed(0)}% of the 30 msg/s allowed;` +
        ` busiest 1 s window ${maxWindow} messages; 429s: ${n429} (goal ≥ 95%, no 429)`,
    );
    for (const e of engines) await e.stop();
  });
  await telegram.close();
}

export default async function run(): Promise<void> {
  // BENCH_DISTRIBUTION=fanout,latency,… runs a subset.
  const only = process.env.BENCH_DISTRIBUTION?.split(',');
  const want = (name: string) => !only || only.includes(name);
  if (want('latency')) await premiumLatency();
  if (want('fanout')) await emailFanOut();
  if (want('delay')) await delayAccuracy();
  if (want('telegram')) {
    await telegramRate(1);
    await telegramRate(2);
  }
}

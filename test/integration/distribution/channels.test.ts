import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../../src/common/clock.js';
import type { Tier } from '../../../src/vocabulary/tier.js';
import type { Database } from '../../../src/database/database.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import type { DeliveryRow } from '../../../src/distribution/delivery-store.js';
import { scanMessage } from '../../../src/distribution/leak-scanner.js';
import type { PublishedSignal } from '../../../src/signals/signal.js';
import { openTestDatabase, TEST_REDIS_URL, uniqueRedisPrefix } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { GROUPS, startChannelRig, WEBHOOKS } from './channel-rig.js';
import { buildEngine, waitFor } from './harness.js';

describe('every channel through its real client against local fakes (Bull on Redis)', () => {
  const clock = new ScaledClock(Date.UTC(2026, 2, 2, 15, 0), 20);
  let db: Database;
  let drop: () => Promise<void>;
  let engine: DistributionEngine;
  let rig: Awaited<ReturnType<typeof startChannelRig>>;
  const directory = new InMemoryRecipientDirectory([
    ...makeRecipients(4, 'premium', { telegram: true }),
    ...makeRecipients(3, 'basic', { telegram: true }),
    ...makeRecipients(3, 'free', { telegram: true }),
  ]);
  const prefix = uniqueRedisPrefix('dist-channels');

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    rig = await startChannelRig(clock);
    engine = buildEngine({
      db,
      clock,
      directory,
      env: { ...rig.env, DISTRIBUTION_BACKOFF_BASE_MS: '100', DISTRIBUTION_BACKOFF_MAX_MS: '400' },
      queue: { kind: 'bull', redisUrl: TEST_REDIS_URL, prefix },
    });
    await engine.start({ consume: true, reconcile: false });
  });
  afterAll(async () => {
    await engine.stop();
    await rig.close();
    await drop();
  });

  const tierOfChat = (chatId: string): Tier => {
    const group = Object.entries(GROUPS).find(([, id]) => id === chatId);
    if (group) return group[0] as Tier;
    return directory_tierOfChat(chatId);
  };
  const directory_tierOfChat = (chatId: string): Tier => {
    const n = Number(chatId) - 900_000_000;
    return n > 200_000 ? 'free' : n > 100_000 ? 'basic' : 'premium';
  };

  /** Every message the fakes received, with tier, symbol and arrival time on the engine clock. */
  async function arrivals() {
    const out: { channel: string; tier: Tier; text: string; at: number }[] = [];
    for (const r of rig.discord.requests.filter(
      (q) => q.status === 200 && q.path.includes('/webhooks/'),
    )) {
      const hook = r.path.split('/').at(-2)!;
      const tier = Object.entries(WEBHOOKS).find(([, id]) => id === hook)![0] as Tier;
      out.push({ channel: 'discord', tier, text: r.rawBody, at: r.receivedAt });
    }
    for (const r of rig.telegram.requests.filter(
      (q) => q.status === 200 && q.path.endsWith('/sendMessage'),
    )) {
      const body = r.body as { chat_id: string | number; text: string };
      out.push({
        channel: 'telegram',
        tier: tierOfChat(String(body.chat_id)),
        text: body.text,
        at: r.receivedAt,
      });
    }
    for (const m of await rig.smtp.parsed()) {
      const tier = m.to.split('-')[0] as Tier;
      out.push({
        channel: 'email',
        tier,
        text: `${m.parsed!.subject}\n${m.parsed!.text}\n${m.parsed!.html}`,
        at: m.receivedAt,
      });
    }
    for (const t of rig.twitter.tweets)
      out.push({ channel: 'twitter', tier: 'free', text: t.text, at: t.receivedAt });
    for (const p of rig.reddit.posts)
      out.push({
        channel: 'reddit',
        tier: 'free',
        text: `${p.title}\n${p.text}`,
        at: p.receivedAt,
      });
    return out;
  }

  const sentCount = async (ids: string[]) =>
    (await Promise.all(ids.map((id) => engine.store.list({ signalId: id, status: 'sent' })))).flat()
      .length;

  it('delivers every tier on every channel, never early, exactly once, with no premium number below premium', async () => {
    const withLegs = (symbol: string) => ({
      symbol,
      legs: [{ ...sampleSignal().legs[0], occSymbol: `${symbol}260306C00442000` }],
    });
    const signals: PublishedSignal[] = [
      sampleSignal({
        id: 'SIG-20260302-101',
        ...withLegs('SPY'),
        publishedAt: clock.now(),
        dataAsOf: clock.now() - 900,
      }),
      sampleSignal({
        id: 'SIG-20260302-102',
        ...withLegs('QQQ'),
        direction: 'bearish',
        publishedAt: clock.now() + 1,
        dataAsOf: clock.now(),
      }),
      sampleSignal({
        id: 'SIG-20260302-103',
        ...withLegs('IWM'),
        publishedAt: clock.now() + 2,
        dataAsOf: clock.now(),
      }),
    ];
    let planned = 0;
    for (const s of signals) planned += (await engine.planSignal(s)).rows;
    // per signal: premium 2 broadcasts + 4 DMs + 4 emails; basic 2 + 3 + 3; free 3 broadcasts
    expect(planned).toBe(3 * (10 + 8 + 3));
    await waitFor(
      async () => (await sentCount(signals.map((s) => s.id))) === planned,
      'all sends',
      60_000,
    );

    const got = await arrivals();
    expect(got.length).toBe(planned);
    for (const s of signals) {
      const mine = got.filter((a) => a.text.includes(s.symbol));
      expect(mine.length).toBe(21);
      for (const a of mine) {
        const delay = { premium: 0, basic: 60_000, free: 300_000 }[a.tier];
        expect(a.at, `${a.channel}/${a.tier} arrived early`).toBeGreaterThanOrEqual(
          s.publishedAt + delay,
        );
        if (a.tier !== 'premium') {
          // What our own code adds (links, timestamps, the freshness stamp) is not signal data.
          const wire = a.text
            .replace(/https?:\/\/\S+/g, ' ')
            .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, ' ')
            .replace(/Data as of [\d:]+ ET on [\d-]+/g, ' ');
          expect(
            scanMessage({
              tier: a.tier,
              signal: s,
              update: null,
              parts: [wire],
              safeFragments: [],
            }),
          ).toEqual([]);
          expect(a.text).not.toContain('$1.25');
          expect(a.text).not.toContain(s.legs[0].occSymbol);
        } else {
          expect(a.text).toContain('1.25');
        }
      }
    }
    const rows = (
      await Promise.all(signals.map((s) => engine.store.list({ signalId: s.id })))
    ).flat();
    for (const r of rows) {
      expect(r.sentAt! - r.promisedAt).toBeGreaterThanOrEqual(0);
      expect(r.sentVia).toBe(r.channel);
      expect(r.providerMessageId).toBeTruthy();
    }

    const mail = (await rig.smtp.parsed()).find((m) => m.to.startsWith('basic-'))!;
    const id = mail.to.split('@')[0];
    const head = mail.raw.split('\r\n\r\n')[0];
    expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(head).toContain(`List-Unsubscribe: <https://gammadesk.test/u/${id}>`);
    expect(mail.parsed!.messageId).toMatch(/^<delivery-\d+@gammadesk\.local>$/);
    expect(mail.parsed!.text).toContain(`https://gammadesk.test/u/${id}`);
    expect(rig.twitter.tweets.every((t) => [...t.text].length <= 280)).toBe(true);
    expect(rig.reddit.posts.every((p) => p.sr === 'GammaDesk')).toBe(true);
  });

  it('a channel answering 429 then 500 keeps its order of magnitude of delay and loses nothing', async () => {
    rig.discord.fail({
      status: 429,
      retryAfterSeconds: 0.2,
      path: `/webhooks/${WEBHOOKS.basic}`,
      times: 1,
    });
    rig.discord.fail({ status: 500, path: `/webhooks/${WEBHOOKS.basic}`, times: 1 });
    rig.telegram.fail({ status: 429, retryAfterSeconds: 1, path: '/sendMessage', times: 1 });
    rig.telegram.fail({ status: 500, path: '/sendMessage', times: 1 });
    rig.twitter.fail({ status: 429, retryAfterSeconds: 1, path: '/2/tweets', times: 1 });
    rig.twitter.fail({ status: 500, path: '/2/tweets', times: 1 });
    rig.reddit.fail({ status: 429, retryAfterSeconds: 1, path: '/api/submit', times: 1 });
    rig.reddit.fail({ status: 500, path: '/api/submit', times: 1 });
    const before = (await arrivals()).length;
    const s = sampleSignal({
      id: 'SIG-20260302-104',
      symbol: 'NVDA',
      publishedAt: clock.now(),
      dataAsOf: clock.now(),
    });
    const { rows: planned } = await engine.planSignal(s);
    await waitFor(
      async () => (await sentCount([s.id])) === planned,
      'all sends after failures',
      60_000,
    );
    const rows: DeliveryRow[] = await engine.store.list({ signalId: s.id });
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const retried = rows.filter((r) => r.attempts > 1);
    expect(retried.map((r) => `${r.tier}/${r.channel}`)).toEqual(
      expect.arrayContaining(['basic/discord', 'free/twitter', 'free/reddit']),
    );
    for (const r of rows) {
      const delay = { premium: 0, basic: 60_000, free: 300_000 }[r.tier];
      expect(r.sentAt! - r.promisedAt).toBeGreaterThanOrEqual(0);
      // order of magnitude: the 429's retry_after and two short back-offs, not a lost minute
      expect(r.sentAt! - r.publishedAt).toBeLessThan(Math.max(10 * delay, 120_000));
    }
    const after = await arrivals();
    expect(after.length - before).toBe(planned);
    expect(after.filter((a) => a.text.includes('NVDA')).length).toBe(planned);
  });
});

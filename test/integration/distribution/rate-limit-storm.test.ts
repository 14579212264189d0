import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import type { Database } from '../../../src/database/database.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import type { Tier } from '../../../src/vocabulary/tier.js';
import { openTestDatabase } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { startChannelRig, WEBHOOKS } from './channel-rig.js';
import { buildEngine, recordingLogger, waitFor } from './harness.js';

const DELAY: Record<Tier, number> = { premium: 0, basic: 60_000, free: 300_000 };

describe('a 429 storm is waited out, not dead-lettered', () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  let db: Database;
  let drop: () => Promise<void>;
  let engine: DistributionEngine;
  let rig: Awaited<ReturnType<typeof startChannelRig>>;
  const logger = recordingLogger();
  const directory = new InMemoryRecipientDirectory([
    ...makeRecipients(6, 'premium', { telegram: true, email: false, channels: ['telegram'] }),
    ...makeRecipients(3, 'basic', { telegram: true, email: false, channels: ['telegram'] }),
  ]);

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    rig = await startChannelRig(clock);
    engine = buildEngine({
      db,
      clock,
      directory,
      logger,
      env: rig.env,
      // Three attempts: a 429 that counted as one would dead-letter a row after three.
      settings: { maxAttempts: 3, backoffBaseMs: 50, backoffMaxMs: 200 },
    });
    await engine.start({ consume: true, reconcile: false });
  });
  afterAll(async () => {
    await engine.stop();
    await rig.close();
    await drop();
  });

  /** Messages each platform accepted (2xx), per tier. */
  function accepted(): { channel: string; tier: Tier; at: number }[] {
    const out: { channel: string; tier: Tier; at: number }[] = [];
    for (const r of rig.discord.requests.filter((q) => q.status === 200)) {
      const hook = r.path.split('/').at(-2)!;
      const tier = Object.entries(WEBHOOKS).find(([, id]) => id === hook)?.[0] as Tier;
      if (tier) out.push({ channel: 'discord', tier, at: r.receivedAt });
    }
    for (const r of rig.telegram.requests.filter(
      (q) => q.status === 200 && q.path.endsWith('/sendMessage'),
    )) {
      const chat = Number((r.body as { chat_id: string | number }).chat_id);
      const tier: Tier =
        chat === -1001 || (chat > 900_000_000 && chat < 900_100_000)
          ? 'premium'
          : chat === -1002 || (chat > 900_100_000 && chat < 900_200_000)
            ? 'basic'
            : 'free';
      out.push({ channel: 'telegram', tier, at: r.receivedAt });
    }
    for (const t of rig.twitter.tweets)
      out.push({ channel: 'twitter', tier: 'free', at: t.receivedAt });
    for (const p of rig.reddit.posts)
      out.push({ channel: 'reddit', tier: 'free', at: p.receivedAt });
    return out;
  }

  it('every platform answers 429 ten times over: 0 dead letters, every message delivered once', async () => {
    const storm = { status: 429, retryAfterSeconds: 0.05, times: 10 };
    for (const hook of Object.values(WEBHOOKS))
      rig.discord.fail({ ...storm, path: `/webhooks/${hook}` });
    rig.telegram.fail({ ...storm, path: '/sendMessage', times: 30 });
    rig.twitter.fail({ ...storm, path: '/2/tweets' });
    rig.reddit.fail({ ...storm, path: '/api/submit' });

    const signal = sampleSignal({ publishedAt: clock.now(), dataAsOf: clock.now() });
    const { rows: planned } = await engine.planSignal(signal);
    // premium: discord + telegram group + 6 DMs; basic: 2 + 3 DMs; free: 3 broadcasts
    expect(planned).toBe(8 + 5 + 3);
    const settled = async (n: number) =>
      (await engine.store.list({ signalId: signal.id })).filter(
        (r) => r.status === 'sent' || r.status === 'dead',
      ).length === n;
    await waitFor(() => settled(8), 'premium', 60_000);
    clock.advance(60_000);
    await waitFor(() => settled(13), 'basic', 60_000);
    clock.advance(240_000);
    await waitFor(() => settled(planned), 'free', 60_000);

    const rows = await engine.store.list({ signalId: signal.id });
    const dead = rows.filter((r) => r.status === 'dead').length;
    const sent = rows.filter((r) => r.status === 'sent').length;
    const got = accepted();
    const refused =
      rig.discord.requests.filter((q) => q.status === 429).length +
      rig.telegram.requests.filter((q) => q.status === 429).length +
      rig.twitter.requests.filter((q) => q.status === 429).length +
      rig.reddit.requests.filter((q) => q.status === 429).length;
    const result = {
      expected: planned,
      delivered: sent,
      lost: planned - sent,
      duplicated: got.length - sent,
      early: got.filter((a) => a.at < signal.publishedAt + DELAY[a.tier]).length,
      dead,
      refused429: refused,
    };
    console.log(`429 storm: ${JSON.stringify(result)}`);
    expect(refused).toBe(3 * 10 + 30 + 10 + 10);
    expect(result).toMatchObject({
      expected: planned,
      delivered: planned,
      lost: 0,
      duplicated: 0,
      early: 0,
      dead: 0,
    });
    // A 429 used up no attempt: every row went out on its first counted attempt.
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    expect((await engine.store.alerts()).filter((a) => a.kind === 'dead_letter')).toEqual([]);
  });

  it('a permanent refusal is dead-lettered at once and alerts the operators', async () => {
    rig.discord.fail({ status: 403, path: `/webhooks/${WEBHOOKS.premium}`, times: 1 });
    const signal = sampleSignal({
      id: 'SIG-20260302-404',
      publishedAt: clock.now(),
      dataAsOf: clock.now(),
    });
    await engine.planSignal(signal);
    await waitFor(
      async () => (await engine.store.list({ signalId: signal.id, status: 'dead' })).length === 1,
      'dead letter',
    );
    const [row] = await engine.store.list({ signalId: signal.id, status: 'dead' });
    expect(row.channel).toBe('discord');
    const alerts = (await engine.store.alerts()).filter((a) => a.kind === 'dead_letter');
    expect(alerts.map((a) => a.deliveryId)).toEqual([row.id]);
    expect(alerts[0].detail).toMatchObject({
      signalId: signal.id,
      tier: 'premium',
      channel: 'discord',
    });
    expect(logger.lines.some((l) => l.level === 'error' && l.detail.alert === 'dead_letter')).toBe(
      true,
    );
  });
});

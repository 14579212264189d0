import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import type { Database } from '../../../src/database/database.js';
import { listOutbox } from '../../../src/distribution/adapters/outbox.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import {
  distributionTimelineFrom,
  formatTimeline,
} from '../../../src/sandbox/story/delivery-report.js';
import { TemplateRenderer } from '../../../src/distribution/renderer.js';
import type { SignalUpdate } from '../../../src/signals/signal.js';
import { openTestDatabase } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { buildEngine, sleep, waitFor } from './harness.js';

describe('distribution pipeline (in-process queue, outbox, fake clock, real PostgreSQL)', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let engine: DistributionEngine;
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  const directory = new InMemoryRecipientDirectory([
    ...makeRecipients(3, 'premium', { telegram: true }),
    ...makeRecipients(2, 'basic', { telegram: true }),
    ...makeRecipients(4, 'free', { telegram: true }),
  ]);

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    engine = buildEngine({ db, clock, directory, outboxOnly: true });
    await engine.start({ consume: true, reconcile: false });
  });
  afterAll(async () => {
    await engine.stop();
    await drop();
  });

  const sent = async (signalId: string) =>
    (await engine.store.list({ signalId })).filter((r) => r.status === 'sent');

  it('plans one row per tier × broadcast channel and per recipient for email and DMs', async () => {
    const signal = sampleSignal({ publishedAt: clock.now(), dataAsOf: clock.now() - 1000 });
    const plan = await engine.planSignal(signal);
    // premium: discord, telegram group, 3 DMs, 3 emails = 8; basic: 2 + 2 + 2 = 6; free: 3 broadcasts
    expect(plan.rows).toBe(17);
    const again = await engine.planSignal(signal);
    expect((await engine.store.list({ signalId: signal.id })).length).toBe(17);
    expect(again.rows).toBe(17);

    await waitFor(async () => (await sent(signal.id)).length === 8, 'premium sends');
    const rows = await engine.store.list({ signalId: signal.id });
    expect(rows.filter((r) => r.status === 'sent').every((r) => r.tier === 'premium')).toBe(true);

    clock.advance(59_999);
    await sleep(100);
    expect((await sent(signal.id)).length).toBe(8);
    clock.advance(1);
    await waitFor(async () => (await sent(signal.id)).length === 14, 'basic sends');
    clock.advance(239_999);
    await sleep(100);
    expect((await sent(signal.id)).length).toBe(14);
    clock.advance(1);
    await waitFor(async () => (await sent(signal.id)).length === 17, 'free sends');

    const all = await engine.store.list({ signalId: signal.id });
    for (const r of all) {
      expect(r.sentAt! - r.promisedAt).toBeGreaterThanOrEqual(0);
      expect(r.attempts).toBe(1);
      expect(r.text).toContain('investment advice');
    }
    expect(all.find((r) => r.tier === 'free' && r.channel === 'twitter')!.promisedAt).toBe(
      signal.publishedAt + 300_000,
    );
    const basicEmail = all.find((r) => r.tier === 'basic' && r.channel === 'email')!;
    expect(basicEmail.text).toContain('SPY calls around 440');
    expect(basicEmail.text).toContain(`https://gammadesk.test/u/${basicEmail.recipient}`);
    expect(basicEmail.text).not.toContain('1.25');

    // The outbox holds exactly one message per row; re-running a finished job sends nothing.
    const before = (await listOutbox(db.dataSource)).length;
    expect(before).toBe(17);
    for (const key of new Set(all.map((r) => r.jobKey))) await engine.processJob(key);
    expect((await listOutbox(db.dataSource)).length).toBe(before);

    const [timeline] = (await distributionTimelineFrom(db.dataSource)).filter(
      (t) => t.signalId === signal.id,
    );
    expect(
      timeline.tiers.map((t) => [
        t.tier,
        t.promisedOffsetMs,
        t.firstSentOffsetMs,
        t.sent,
        t.inOutbox,
      ]),
    ).toEqual([
      ['premium', 0, 0, 8, 8],
      ['basic', 60_000, 60_000, 6, 6],
      ['free', 300_000, 300_000, 3, 3],
    ]);
    expect(formatTimeline([timeline])).toMatch(
      /basic +promised +\+60\.0 s +first sent +\+60\.0 s {2}6\/6 sent, 6 in outbox/,
    );

    const stats = await engine.store.delayStats({ signalId: signal.id });
    expect(stats.map((s) => s.tier).sort()).toEqual(['basic', 'free', 'premium']);
    expect(stats.every((s) => s.minMs >= 0)).toBe(true);
  });

  it('follow-ups: premium at once, basic "trailing stop active" after 60 s, free only the close', async () => {
    const signal = sampleSignal({
      id: 'SIG-20260302-002',
      publishedAt: clock.now(),
      dataAsOf: clock.now(),
    });
    await engine.planSignal(signal);
    await waitFor(async () => (await sent(signal.id)).length === 8, 'premium sends');
    clock.advance(400_000);
    await waitFor(async () => (await sent(signal.id)).length === 17, 'signal sends');
    const moved: SignalUpdate = {
      signalId: signal.id,
      kind: 'stop_moved',
      at: clock.now(),
      newStop: 0.95,
      reason: 'trail',
    };
    const planMoved = await engine.planUpdate(moved);
    expect(planMoved!.rows).toBe(14); // no free rows for a stop move
    await waitFor(async () => (await sent(signal.id)).length === 17 + 8, 'premium stop notice');
    const premiumNotice = (await engine.store.list({ signalId: signal.id })).find(
      (r) =>
        r.kind === 'stop_moved' &&
        r.tier === 'premium' &&
        r.channel === 'telegram' &&
        r.recipient === '',
    )!;
    expect(premiumNotice.text).toContain('$0.95');
    clock.advance(60_000);
    await waitFor(async () => (await sent(signal.id)).length === 17 + 14, 'basic stop notice');
    const basicNotice = (await engine.store.list({ signalId: signal.id })).find(
      (r) => r.kind === 'stop_moved' && r.tier === 'basic' && r.channel === 'discord',
    )!;
    expect(basicNotice.text).toContain('trailing stop active');
    expect(basicNotice.text).not.toContain('0.95');

    const closed: SignalUpdate = {
      signalId: signal.id,
      kind: 'closed',
      at: clock.now(),
      exitPrice: 1.9,
      returnPct: 0.52,
      reason: 'target',
    };
    await engine.planUpdate(closed);
    await waitFor(async () => (await sent(signal.id)).length === 17 + 14 + 8, 'premium close');
    clock.advance(300_000);
    await waitFor(async () => (await sent(signal.id)).length === 17 + 14 + 17, 'close notices');
    const freeClose = (await engine.store.list({ signalId: signal.id })).find(
      (r) => r.kind === 'closed' && r.tier === 'free' && r.channel === 'reddit',
    )!;
    expect(freeClose.text).toContain('closed with a gain of 52%');
    expect(freeClose.sentAt! - freeClose.promisedAt).toBeGreaterThanOrEqual(0);
    expect(freeClose.promisedAt).toBe(closed.at + 300_000);
  });

  it('a broken template is blocked by the leak scanner, alerted, and stays blocked on resend', async () => {
    const broken = buildEngine({
      db,
      clock,
      directory: null,
      outboxOnly: true,
      renderer: new TemplateRenderer(undefined, {
        'basic/discord.json':
          '{"content": "{{signal.headline}} entry 1.25 {{footer}} {{stamp}}", "embeds": []}',
      }),
    });
    await broken.start({ consume: true, reconcile: false });
    const signal = sampleSignal({
      id: 'SIG-20260302-003',
      publishedAt: clock.now(),
      dataAsOf: clock.now(),
    });
    await broken.planSignal(signal);
    await waitFor(async () => (await sent(signal.id)).length === 2, 'premium sends');
    clock.advance(60_000);
    await waitFor(
      async () =>
        (await broken.store.list({ signalId: signal.id, status: 'blocked' })).length === 1,
      'blocked row',
    );
    const [row] = await broken.store.list({ signalId: signal.id, status: 'blocked' });
    expect(row.tier).toBe('basic');
    expect(row.channel).toBe('discord');
    expect(row.lastError).toContain('entry');
    const alerts = await broken.store.alerts();
    expect(alerts.some((a) => a.kind === 'leak_blocked' && a.deliveryId === row.id)).toBe(true);
    const outbox = await listOutbox(db.dataSource, { limit: 10_000 });
    expect(outbox.some((m) => m.deliveryId === row.id)).toBe(false);

    expect(await broken.resend(row.id)).not.toBeNull();
    await waitFor(
      async () => (await broken.store.get(row.id))!.status === 'blocked',
      'blocked again',
    );
    expect(await broken.resend('999999999')).toBeNull();
    await broken.stop();
  });

  it('the reconciler queues scheduled rows that have no live job', async () => {
    const lonely = buildEngine({ db, clock, directory: null, outboxOnly: true });
    const signal = sampleSignal({
      id: 'SIG-20260302-004',
      publishedAt: clock.now(),
      dataAsOf: clock.now(),
    });
    await lonely.planSignal(signal); // queued in `lonely`'s queue, which never consumes
    await lonely.stop();
    const fresh = buildEngine({ db, clock, directory: null, outboxOnly: true });
    await fresh.start({ consume: true, reconcile: true });
    await waitFor(async () => (await sent(signal.id)).length === 2, 'premium after reconcile');
    clock.advance(300_000);
    await fresh.reconcile();
    await waitFor(async () => (await sent(signal.id)).length === 7, 'all after reconcile');
    await fresh.stop();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { nyInstant } from '../../../src/common/market-calendar.js';
import type { Database } from '../../../src/database/database.js';
import { listOutbox } from '../../../src/distribution/adapters/outbox.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import type { Recipient } from '../../../src/subscribers/recipient-directory.js';
import { openTestDatabase } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { startSmtp } from './channel-rig.js';
import { buildEngine, sleep, waitFor } from './harness.js';

const DAY = '2026-03-02'; // a Monday, a full trading day
const at = (time: string) => nyInstant(DAY, time);

function withPrefs(r: Recipient, prefs: Partial<Recipient['preferences']>): Recipient {
  return { ...r, preferences: { ...r.preferences, ...prefs } };
}

describe('digest email and quiet hours (real PostgreSQL, local SMTP, fake clock)', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let engine: DistributionEngine;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const clock = new FakeClock(at('10:00'));
  const [premiumDigest] = makeRecipients(1, 'premium', { prefix: 'pd', channels: ['email'] });
  const [basicDigest] = makeRecipients(1, 'basic', { prefix: 'bd', channels: ['email'] });
  const [quiet] = makeRecipients(1, 'premium', {
    prefix: 'pq',
    telegram: true,
    channels: ['email', 'telegram'],
  });
  const directory = new InMemoryRecipientDirectory([
    withPrefs(premiumDigest, { emailMode: 'digest' }),
    withPrefs(basicDigest, { emailMode: 'digest' }),
    withPrefs(quiet, {
      quietHours: { start: '09:00', end: '11:00', timeZone: 'America/New_York' },
    }),
  ]);
  const signals = [
    sampleSignal({ id: 'SIG-20260302-101', publishedAt: at('10:00'), dataAsOf: at('10:00') }),
    sampleSignal({
      id: 'SIG-20260302-102',
      symbol: 'QQQ',
      direction: 'bearish',
      publishedAt: at('12:30'),
      dataAsOf: at('12:30'),
    }),
    sampleSignal({
      id: 'SIG-20260302-103',
      symbol: 'IWM',
      publishedAt: at('15:58'),
      dataAsOf: at('15:58'),
    }),
  ];

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    smtp = await startSmtp(clock);
    engine = buildEngine({
      db,
      clock,
      directory,
      env: { SMTP_URL: smtp.url, EMAIL_FROM: 'signals@gammadesk.test' },
    });
    await engine.start({ consume: true, reconcile: false });
  });
  afterAll(async () => {
    await engine.stop();
    await smtp.close();
    await drop();
  });

  const rowsOf = async (recipient: string) =>
    (await engine.store.list({ since: 0, limit: 1000 })).filter((r) => r.recipient === recipient);
  const mailsTo = (address: string) => smtp.mails.filter((m) => m.to === address);

  it('quiet hours hold instant messages until they end, then send them (never drop)', async () => {
    await engine.planSignal(signals[0]);
    const held = await rowsOf(quiet.subscriberId);
    expect(held.map((r) => r.channel).sort()).toEqual(['email', 'telegram']);
    expect(held.every((r) => r.promisedAt === at('11:00'))).toBe(true);
    // Premium's other rows go at once; the quiet subscriber's wait.
    await waitFor(
      async () =>
        (await engine.store.list({ signalId: signals[0].id })).some(
          (r) => r.tier === 'premium' && r.status === 'sent',
        ),
      'premium broadcasts',
    );
    clock.advance(at('11:00') - clock.now() - 1);
    await sleep(200);
    expect((await rowsOf(quiet.subscriberId)).every((r) => r.status === 'scheduled')).toBe(true);
    expect(mailsTo(quiet.email!.address)).toHaveLength(0);
    clock.advance(1);
    await waitFor(
      async () => (await rowsOf(quiet.subscriberId)).every((r) => r.status === 'sent'),
      'held messages released',
    );
    for (const r of await rowsOf(quiet.subscriberId))
      expect(r.sentAt!).toBeGreaterThanOrEqual(at('11:00'));
    await waitFor(() => mailsTo(quiet.email!.address).length === 1, 'the held email');
    const outbox = await listOutbox(db.dataSource);
    expect(outbox.filter((m) => m.recipient === quiet.telegramChatId)).toHaveLength(1);
  });

  it('a digest subscriber gets exactly one digest after the close with every signal of the day', async () => {
    // No instant email for digest subscribers.
    expect(mailsTo(premiumDigest.email!.address)).toHaveLength(0);
    clock.advance(at('12:30') - clock.now());
    await engine.planSignal(signals[1]);
    await engine.planUpdate({
      signalId: signals[1].id,
      kind: 'closed',
      at: at('13:05'),
      exitPrice: 2.4,
      returnPct: 0.92,
      reason: 'target hit',
    });
    clock.advance(at('15:58') - clock.now());
    await engine.planSignal(signals[2]);
    await engine.planSignal(signals[2]); // a replayed publish plans nothing twice

    clock.advance(at('16:10') - clock.now() - 1);
    await sleep(300);
    expect(mailsTo(premiumDigest.email!.address)).toHaveLength(0);
    expect(mailsTo(basicDigest.email!.address)).toHaveLength(0);
    clock.advance(1);
    await waitFor(
      () =>
        mailsTo(premiumDigest.email!.address).length === 1 &&
        mailsTo(basicDigest.email!.address).length === 1,
      'both digests',
    );
    // Running every digest job again sends nothing more (exactly once).
    const digests = async () =>
      (await engine.store.list({ since: 0, limit: 1000 })).filter((r) => r.kind === 'digest');
    await waitFor(
      async () => (await digests()).every((r) => r.status === 'sent'),
      'digests recorded',
    );
    const digestRows = await digests();
    expect(digestRows).toHaveLength(2);
    for (const r of digestRows) {
      expect(r.status).toBe('sent');
      expect(r.sentAt!).toBeGreaterThanOrEqual(at('16:10'));
      await engine.processJob(r.jobKey);
    }
    await sleep(200);
    await smtp.parsed();
    const [premiumMail] = mailsTo(premiumDigest.email!.address);
    const [basicMail] = mailsTo(basicDigest.email!.address);
    expect(smtp.mails.filter((m) => m.to.startsWith('pd-') || m.to.startsWith('bd-'))).toHaveLength(
      2,
    );

    const premiumText = premiumMail.parsed!.text!;
    expect(premiumMail.parsed!.subject).toBe(
      'GammaDesk daily digest, 2026-03-02 (Premium): 3 signals',
    );
    for (const symbol of ['SPY', 'QQQ', 'IWM']) expect(premiumText).toContain(`${symbol} `);
    expect(premiumText).toContain('entry $1.25, stop $0.65, target $2.40');
    expect(premiumText).toContain('Outcome: closed at $2.40 with a gain of 92%.');
    expect(premiumText).toContain('Not investment advice');

    const basicText = basicMail.parsed!.text!;
    expect(basicMail.parsed!.subject).toBe('GammaDesk daily digest, 2026-03-02 (Basic): 3 signals');
    expect(basicText).toContain('Bullish: SPY calls around 440');
    expect(basicText).toContain('Bearish: QQQ calls around 440');
    expect(basicText).toContain('Bullish: IWM calls around 440');
    expect(basicText).toContain('Outcome: closed with a gain of 92%.');
    for (const forbidden of ['1.25', '0.65', '2.40', '442', '438.5'])
      expect(basicText).not.toContain(forbidden);
    expect(basicMail.raw).toContain(
      `List-Unsubscribe: <https://gammadesk.test/u/${basicDigest.subscriberId}>`,
    );
  });
});

/**
 * Reports to subscribers' own chats and inboxes (real PostgreSQL, the local fake Telegram API and
 * SMTP server, fake clock): a subscriber who linked Telegram gets the report's summary with its
 * chart (sendPhoto) at their tier and the tier's delay, like the tier's group; one who sent /stop
 * gets no DM; quiet hours hold the report's DM and email until they end (never drop them), and a
 * Premium reader held by quiet hours does not hold back the Basic tier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { nyInstant } from '../../../src/common/market-calendar.js';
import { loadConfig } from '../../../src/config/config.js';
import type { Database } from '../../../src/database/database.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import type { Reports } from '../../../src/reports/reports.composition.js';
import {
  createSubscriberServices,
  type SubscriberServices,
} from '../../../src/subscribers/subscribers.composition.js';
import type { Tier } from '../../../src/vocabulary/tier.js';
import { openTestDatabase } from '../../support/database.js';
import { startReportPipeline } from '../../support/report-pipeline.js';
import { GROUPS, startChannelRig } from '../distribution/channel-rig.js';
import { buildEngine, sleep, waitFor } from '../distribution/harness.js';

const DAY = '2026-03-03';
const ID = `${DAY}-intraday`;
/** A caption as sent in Telegram's HTML parse mode. */
const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const QUIET = { start: '12:00', end: '14:00', timeZone: 'America/New_York' };

describe('reports to linked Telegram chats and inboxes, with /stop and quiet hours', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let rig: Awaited<ReturnType<typeof startChannelRig>>;
  let services: SubscriberServices;
  let engine: DistributionEngine;
  let reports: Reports;
  const clock = new FakeClock(nyInstant(DAY, '13:00'));
  const ids = new Map<string, string>();

  /** Photos the fake Telegram accepted for a chat, with their arrival on the engine clock. */
  const photosTo = (chat: string | number) =>
    rig.telegram.requests
      .filter((r) => r.status === 200 && r.path.endsWith('/sendPhoto'))
      .map((r) => ({ params: (r.body ?? {}) as Record<string, unknown>, at: r.receivedAt }))
      .filter((p) => String(p.params.chat_id) === String(chat));
  const mailsTo = (address: string) => rig.smtp.mails.filter((m) => m.to === address);

  async function subscriber(
    name: string,
    tier: Tier,
    chat: number,
    prefs: Record<string, unknown> = {},
  ): Promise<void> {
    const ds = db.dataSource;
    const sub = await services.store.create(
      ds,
      { email: `${name}@direct.test`, emailStatus: 'verified' },
      clock.now(),
    );
    await ds.query(
      `UPDATE subscriber SET tier = $3, telegram_chat_id = $2, telegram_user_id = $2 WHERE id = $1`,
      [sub.id, String(chat), tier],
    );
    if (Object.keys(prefs).length > 0) await services.subscribers.updatePreferences(sub.id, prefs);
    ids.set(name, sub.id);
  }

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    rig = await startChannelRig(clock);
    const env = {
      ...rig.env,
      NODE_ENV: 'test',
      SUBSCRIBER_TOKEN_SECRET: 'direct-report-secret-0123456789',
    };
    const config = loadConfig(env);
    services = createSubscriberServices({ dataSource: db.dataSource, config, clock });
    await subscriber('p-dm', 'premium', 7001);
    await subscriber('p-stopped', 'premium', 7002);
    await subscriber('p-quiet', 'premium', 7003, { quietHours: QUIET });
    await subscriber('b-dm', 'basic', 7101);
    await subscriber('f-dm', 'free', 7201);
    // /stop in the DM turns Telegram off in that subscriber's preferences.
    await services.telegramBot!.handleUpdate(
      rig.telegram.textUpdate({ chatId: 7002, text: '/stop' }) as never,
    );
    expect(rig.telegram.sentTo(7002).join(' ')).toMatch(/Stopped/);

    engine = buildEngine({ db, clock, directory: services.recipients, env });
    reports = await startReportPipeline({
      db,
      clock,
      config,
      date: DAY,
      asOf: nyInstant(DAY, '13:00'),
      engine,
      directory: services.recipients,
    });
  }, 180_000);

  afterAll(async () => {
    reports?.gate.stop();
    await engine?.stop();
    await rig?.close();
    await drop?.();
  });

  it('sends the tier summary with its chart to linked chats at the tier delay, holds quiet hours and honours /stop', async () => {
    const at = clock.now();
    const published = await reports.publisher.publish('intraday', DAY);
    expect(published.review.state).toBe('sent');
    const premium = (await reports.store.rendition(ID, 'premium'))!;
    const basic = (await reports.store.rendition(ID, 'basic'))!;

    // Premium: the group and the linked chat at once, the report's summary under its chart.
    await waitFor(() => photosTo(7001).length === 1, 'premium DM');
    await waitFor(() => photosTo(GROUPS.premium).length === 1, 'premium group');
    const dm = photosTo(7001)[0].params;
    expect(dm.caption).toBe(html(premium.chat));
    expect(typeof dm.photo).toBe('string');
    await waitFor(() => mailsTo('p-dm@direct.test').length === 1, 'premium email');
    await sleep(300);
    expect(photosTo(7101)).toHaveLength(0);

    // Basic after its 60 s, with Basic's own summary (rounded levels), although a Premium reader
    // is still held by quiet hours.
    clock.advance(60_000);
    await waitFor(() => photosTo(7101).length === 1, 'basic DM');
    const basicDm = photosTo(7101)[0].params;
    expect(basicDm.caption).toBe(html(basic.chat));
    expect(basicDm.caption).not.toBe(html(premium.chat));
    expect(photosTo(7101)[0].at).toBeGreaterThanOrEqual(at + 60_000);

    // Free has no Telegram in its tier policy: a Free subscriber's linked chat gets nothing.
    clock.advance(240_000);
    await waitFor(
      async () =>
        (await engine.store.list({ since: 0, limit: 1000 })).some(
          (r) => r.signalId === `report:${ID}` && r.tier === 'free' && r.status === 'sent',
        ),
      'free posts',
    );
    await sleep(300);
    expect(photosTo(7201)).toHaveLength(0);
    // /stop: no DM, the email still comes.
    expect(photosTo(7002)).toHaveLength(0);
    await waitFor(() => mailsTo('p-stopped@direct.test').length === 1, 'email after /stop');

    // Quiet hours: nothing yet, then both at 14:00 New York.
    expect(photosTo(7003)).toHaveLength(0);
    expect(mailsTo('p-quiet@direct.test')).toHaveLength(0);
    const held = (await engine.store.list({ since: 0, limit: 1000 })).filter(
      (r) => r.signalId === `report:${ID}` && r.recipient === ids.get('p-quiet'),
    );
    expect(held.map((r) => r.channel).sort()).toEqual(['email', 'telegram']);
    for (const r of held) expect(r.promisedAt).toBe(nyInstant(DAY, '14:00'));
    clock.set(nyInstant(DAY, '14:00') - 1);
    await sleep(300);
    expect(photosTo(7003)).toHaveLength(0);
    clock.set(nyInstant(DAY, '14:00'));
    await waitFor(() => photosTo(7003).length === 1, 'quiet-hours DM at their end');
    await waitFor(() => mailsTo('p-quiet@direct.test').length === 1, 'quiet-hours email');
    expect(photosTo(7003)[0].params.caption).toBe(html(premium.chat));
    expect(mailsTo('p-quiet@direct.test')[0].receivedAt).toBeGreaterThanOrEqual(
      nyInstant(DAY, '14:00'),
    );
    // Exactly one copy each.
    expect(photosTo(7001)).toHaveLength(1);
    expect(photosTo(7101)).toHaveLength(1);
  });
});

/**
 * Reports in the pipeline over a simulated day (real PostgreSQL, fake clock): a report is stored
 * with each tier's rendering, passes the QA gate and goes out per tier with the tier delays (never
 * early, no Premium number in a lower tier's message); a held close report is not sent until an
 * operator approves it; an unreviewed close report approves itself after its delay; levels.json
 * per tier; the digest carries the close summary.
 */
import { NotFoundException } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { nyInstant } from '../../../src/common/market-calendar.js';
import { loadConfig } from '../../../src/config/config.js';
import type { ReportsConfig } from '../../../src/config/slices.js';
import type { Database } from '../../../src/database/database.js';
import type {
  ChannelSender,
  OutgoingMessage,
  SendResult,
} from '../../../src/distribution/channel-sender.js';
import { renderDigest } from '../../../src/distribution/digest.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import { tierPolicyFromConfig } from '../../../src/distribution/tier-policy.js';
import { ReportLevelsController } from '../../../src/reports/api/levels.controller.js';
import { levelsDocument, type LevelsDocumentV1 } from '../../../src/reports/levels-export.js';
import type { Reports } from '../../../src/reports/reports.composition.js';
import { roundStrike } from '../../../src/signals/tier-headlines.js';
import { openTestDatabase } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { startReportPipeline } from '../../support/report-pipeline.js';
import { buildEngine, sleep, waitFor } from '../distribution/harness.js';

const DAY = '2026-03-03';
const NEXT = '2026-03-04';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

interface Sent {
  channel: string;
  tier: string;
  recipient: string;
  at: number;
  msg: OutgoingMessage;
}

class CapturingSender implements ChannelSender {
  readonly via = 'outbox' as const;
  readonly sent: Sent[] = [];
  constructor(private readonly clock: FakeClock) {}
  send(msg: OutgoingMessage): Promise<SendResult> {
    this.sent.push({
      channel: msg.message.channel,
      tier: msg.tier,
      recipient: msg.recipient,
      at: this.clock.now(),
      msg,
    });
    return Promise.resolve({ providerMessageId: `cap-${this.sent.length}` });
  }
  probe(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('reports through the QA gate and the delivery pipeline', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let engine: DistributionEngine;
  let reports: Reports;
  const config = loadConfig({ NODE_ENV: 'test' });
  const clock = new FakeClock(nyInstant(DAY, '13:00'));
  const sender = new CapturingSender(clock);
  const directory = new InMemoryRecipientDirectory([
    ...makeRecipients(1, 'premium', { prefix: 'rp', channels: ['email'] }),
    ...makeRecipients(1, 'basic', { prefix: 'rb', channels: ['email'] }),
  ]);
  const rowsOf = async (reportId: string) =>
    (await engine.store.list({ since: 0, limit: 1000 })).filter(
      (r) => r.signalId === `report:${reportId}`,
    );

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    engine = buildEngine({ db, clock, directory, sender });
    reports = await startReportPipeline({
      db,
      clock,
      config,
      date: DAY,
      asOf: nyInstant(DAY, '16:10'),
      engine,
      directory,
      chainHead: () => Promise.resolve({ seq: 12, hash: 'ab'.repeat(32) }),
    });
  }, 120_000);

  afterAll(async () => {
    reports?.gate.stop();
    await engine?.stop();
    await drop?.();
  });

  it('delivers an intraday report to every tier at its delay, with charts and Premium levels', async () => {
    const published = await reports.publisher.publish('intraday', DAY);
    expect(published.review.state).toBe('sent');
    const id = `${DAY}-intraday`;
    const rows = await rowsOf(id);
    expect(new Set(rows.map((r) => `${r.tier}/${r.channel}`))).toEqual(
      new Set([
        'premium/discord',
        'premium/telegram',
        'premium/email',
        'basic/discord',
        'basic/telegram',
        'basic/email',
        'free/discord',
        'free/twitter',
        'free/reddit',
      ]),
    );
    const at = clock.now();
    for (const r of rows)
      expect(r.promisedAt).toBe(at + tierPolicyFromConfig(config).rules[r.tier].delayMs);

    await waitFor(() => sender.sent.filter((s) => s.tier === 'premium').length === 3, 'premium');
    await sleep(200);
    expect(sender.sent.every((s) => s.tier === 'premium')).toBe(true);
    clock.advance(60_000);
    await waitFor(() => sender.sent.filter((s) => s.tier === 'basic').length === 3, 'basic');
    expect(sender.sent.some((s) => s.tier === 'free')).toBe(false);
    clock.advance(240_000);
    await waitFor(() => sender.sent.filter((s) => s.tier === 'free').length === 3, 'free');
    for (const s of sender.sent) {
      const row = rows.find((r) => r.tier === s.tier && r.channel === s.channel)!;
      expect(s.at).toBeGreaterThanOrEqual(row.promisedAt);
    }
    await waitFor(async () => (await rowsOf(id)).every((r) => r.status === 'sent'), 'all sent');

    const of = (tier: string, channel: string) =>
      sender.sent.find((s) => s.tier === tier && s.channel === channel)!.msg;
    const premiumMail = of('premium', 'email');
    const names = premiumMail.attachments!.map((a) => a.filename);
    expect(names).toContain('levels.json');
    expect(names).toContain('gex-by-strike.png');
    const levels = JSON.parse(
      Buffer.from(
        premiumMail.attachments!.find((a) => a.filename === 'levels.json')!.data,
      ).toString(),
    ) as { schema: string };
    expect(levels).toEqual(levelsDocument((await reports.store.report(id))!));
    const html = premiumMail.message.channel === 'email' ? premiumMail.message.html : '';
    expect(html).toContain('cid:gex-by-strike@gammadesk');
    const basicMail = of('basic', 'email');
    expect(basicMail.attachments!.map((a) => a.filename)).not.toContain('levels.json');
    for (const channel of ['discord', 'telegram']) {
      const photo = of('premium', channel).attachments![0];
      expect(Buffer.from(photo.data).subarray(0, 4)).toEqual(PNG_MAGIC);
    }
    const tweet = of('free', 'twitter').message;
    expect(tweet.channel === 'twitter' && tweet.status.length).toBeLessThanOrEqual(280);
    expect(of('free', 'discord').attachments ?? []).toHaveLength(0);
  });

  it('keeps a held close report back until an operator approves it', async () => {
    clock.set(nyInstant(DAY, '16:10'));
    const { review } = await reports.publisher.publish('close', DAY);
    const id = `${DAY}-close`;
    expect(review.state).toBe('pending');
    expect(await rowsOf(id)).toHaveLength(0);
    await reports.gate.hold(id, 'ops', 'flip looks wrong');
    clock.advance(30 * 60_000);
    await sleep(200);
    expect((await reports.gate.list(DAY)).find((r) => r.id === id)!.state).toBe('held');
    expect(await rowsOf(id)).toHaveLength(0);

    const approved = await reports.gate.approve(id, 'ops', 'checked');
    expect(approved.state).toBe('sent');
    expect((await rowsOf(id)).length).toBeGreaterThan(0);
    expect((await reports.gate.history(id)).map((h) => h.action)).toEqual([
      'created',
      'held',
      'approved',
      'sent',
    ]);
    const detail = (await reports.gate.get(id))!;
    expect(detail.previews.map((p) => p.tier)).toEqual(['premium', 'basic', 'free']);
    // The close report prints the record's chain head (Premium).
    expect(detail.previews[0].text).toContain('ab'.repeat(32));
    await expect(reports.gate.hold(id, 'ops')).rejects.toThrow(/only a pending report/);
  });

  it('approves an unreviewed close report after REPORTS_AUTO_APPROVE_MINUTES', async () => {
    clock.set(nyInstant(NEXT, '16:10'));
    const { review } = await reports.publisher.publish('close', NEXT);
    expect(review.state).toBe('pending');
    expect(review.autoApproveAt).toBe(clock.now() + 10 * 60_000);
    clock.advance(10 * 60_000 - 1);
    await sleep(200);
    expect(await rowsOf(`${NEXT}-close`)).toHaveLength(0);
    clock.advance(1);
    const stateOf = async () =>
      (await reports.gate.list(NEXT)).find((r) => r.type === 'close')!.state;
    await waitFor(async () => (await stateOf()) === 'sent', 'auto-approved and sent');
    expect((await rowsOf(`${NEXT}-close`)).length).toBeGreaterThan(0);
    expect((await reports.gate.history(`${NEXT}-close`)).map((h) => h.action)).toEqual([
      'created',
      'auto-approved',
      'sent',
    ]);
  });

  it('serves levels.json live to Premium, rounded after the delay to Basic', async () => {
    const id = `${DAY}-close`;
    const report = (await reports.store.report(id))!;
    clock.set(report.generatedAt + 1_000);
    const controller = new ReportLevelsController(reports.store, clock, {
      ...config,
    } as unknown as ReportsConfig);
    const res = { type: () => res } as never;
    const premium = await controller.levels(
      { date: DAY, type: 'close' },
      undefined,
      { kind: 'operator' },
      res,
    );
    expect(premium).toEqual(levelsDocument(report));
    const basicCaller = { kind: 'api-key', keyId: 'k', subscriberId: 's', tier: 'basic' } as const;
    await expect(
      controller.levels({ date: DAY, type: 'close' }, undefined, basicCaller, res),
    ).rejects.toBeInstanceOf(NotFoundException);
    clock.set(report.generatedAt + 60_000);
    const basic = (await controller.levels(
      { date: DAY, type: 'close' },
      undefined,
      basicCaller,
      res,
    )) as LevelsDocumentV1;
    const spy = report.levels.find((l) => l.symbol === 'SPY')!;
    expect(basic.symbols.SPY.gammaFlip).toBe(spy.flip === null ? null : roundStrike(spy.flip));
    expect(basic.symbols.SPY.atmIv).toBeNull();
    await expect(
      controller.levels({ date: DAY, type: 'nope' }, undefined, basicCaller, res),
    ).rejects.toThrow(/levels.json/);
  });

  it('gives the digest the close report summary of the tier', async () => {
    const summary = await reports.summaries.closeSummary(DAY, 'basic');
    const basic = await reports.store.rendition(`${DAY}-close`, 'basic');
    expect(summary).toBe(basic!.chat);
    expect(await reports.summaries.closeSummary('2026-03-05', 'basic')).toBeNull();
    const digest = renderDigest({
      event: { id: '1', digest: { day: DAY, tier: 'basic' }, at: nyInstant(DAY, '16:10') },
      signals: [],
      summary,
      delayMs: 60_000,
      unsubscribeUrl: null,
    });
    expect(digest.message.channel === 'email' && digest.message.text).toContain(summary!);
  });
});

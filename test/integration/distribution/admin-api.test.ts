import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubscribersModule } from '../../../src/subscribers/subscribers.module.js';
import { FakeClock } from '../../../src/common/clock.js';
import { AdminModule } from '../../../src/admin/admin.module.js';
import { CoreModule } from '../../../src/core/core.module.js';
import type { Database } from '../../../src/database/database.js';
import { DistributionModule } from '../../../src/distribution/distribution.module.js';
import { DistributionService } from '../../../src/distribution/distribution.service.js';
import { InProcessSignalBus } from '../../../src/signals/signal.js';
import { openTestDatabase } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { distributionConfig, waitFor } from './harness.js';

const TOKEN = 'operator-token-0123456789';

describe('DistributionModule: bus subscription and the operator deliveries API', () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
  const bus = new InProcessSignalBus();
  const metrics = new Registry();
  let db: Database;
  let drop: () => Promise<void>;
  let app: INestApplication;
  let service: DistributionService;

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    const moduleRef = await Test.createTestingModule({
      imports: [
        CoreModule.forRoot({
          config: distributionConfig({ ADMIN_API_TOKEN: TOKEN }),
          clock,
          database: db,
          redis: null,
          signalBus: bus,
          metrics,
        }),
        SubscribersModule, // the portal's subscriber pages read it, as in the app
        AdminModule.forRoot({
          distribution: DistributionModule.forRoot({
            directory: new InMemoryRecipientDirectory(makeRecipients(2, 'basic')),
            queue: { kind: 'in-process' },
            consume: true,
          }),
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
    service = app.get(DistributionService);
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('plans on publish, serves the ledger with engine-clock times, stats and resend', async () => {
    const publishedAt = clock.now();
    const signal = sampleSignal({ publishedAt, dataAsOf: publishedAt - 1000 });
    await bus.publish(signal);
    await waitFor(
      async () => (await service.store.list({ status: 'sent' })).length === 2,
      'premium broadcasts',
    );
    clock.advance(60_000);
    await waitFor(
      async () => (await service.store.list({ status: 'sent' })).length === 6,
      'basic deliveries',
    );

    const since = new Date(publishedAt - 1).toISOString();
    await request(app.getHttpServer()).get(`/api/admin/deliveries?since=${since}`).expect(401);
    await request(app.getHttpServer())
      .get('/api/admin/deliveries?since=yesterday')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(400);
    const res = await request(app.getHttpServer())
      .get(`/api/admin/deliveries?since=${since}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    const rows = res.body as Record<string, unknown>[];
    expect(rows.length).toBe(2 + 4 + 3);
    const basicEmail = rows.find((r) => r.tier === 'basic' && r.channel === 'email')!;
    expect(Object.keys(basicEmail)).toEqual(
      expect.arrayContaining([
        'id',
        'signalId',
        'tier',
        'channel',
        'recipient',
        'publishedAt',
        'promisedAt',
        'sentAt',
        'status',
        'attempts',
        'text',
      ]),
    );
    expect(basicEmail.publishedAt).toBe(new Date(publishedAt).toISOString());
    expect(basicEmail.promisedAt).toBe(new Date(publishedAt + 60_000).toISOString());
    expect(basicEmail.sentAt).toBe(new Date(publishedAt + 60_000).toISOString());
    expect(basicEmail.status).toBe('sent');
    expect(basicEmail.text).toContain('SPY calls around 440');
    const free = rows.filter((r) => r.tier === 'free');
    expect(free.every((r) => r.status === 'scheduled' && r.sentAt === null)).toBe(true);

    const stats = await request(app.getHttpServer())
      .get(`/api/admin/deliveries/stats?signalId=${signal.id}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(stats.body.perTier.map((s: { tier: string }) => s.tier).sort()).toEqual([
      'basic',
      'premium',
    ]);
    expect(stats.body.byStatus.scheduled).toBe(3);
    const text = await metrics.metrics();
    expect(text).toContain('gammadesk_delivery_delay_ms{tier="basic",stat="p99"} 0');
    expect(text).toContain(
      `gammadesk_delivery_signal_delay_ms{signal_id="${signal.id}",tier="premium",stat="max"} 0`,
    );

    // A dead-lettered delivery can be resent by the operator.
    await db.dataSource.query(
      `UPDATE delivery SET status = 'dead', last_error = 'permanent: test' WHERE id = $1`,
      [basicEmail.id],
    );
    await request(app.getHttpServer())
      .post(`/api/admin/deliveries/abc/resend`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(400);
    await request(app.getHttpServer())
      .post(`/api/admin/deliveries/${rows.find((r) => r.status === 'scheduled')!.id}/resend`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(404);
    const resent = await request(app.getHttpServer())
      .post(`/api/admin/deliveries/${String(basicEmail.id)}/resend`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(202);
    expect(resent.body.status).toBe('scheduled');
    await waitFor(
      async () => (await service.store.get(String(basicEmail.id)))!.status === 'sent',
      'resent',
    );
    expect((await service.store.get(String(basicEmail.id)))!.attempts).toBe(1);
  });
});

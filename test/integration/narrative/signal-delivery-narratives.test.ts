/**
 * Narratives on delivered signals with a model writer (the local fake Anthropic API): a Premium
 * send never waits for a hanging model past the budget (it goes with the template text), every
 * row of a (signal, tier) carries the same text, and a resend never asks the model again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { sliceConfig } from '../../../src/config/slices.js';
import type { Database } from '../../../src/database/database.js';
import { OutboxSender } from '../../../src/distribution/adapters/outbox.js';
import { DeliveryStore } from '../../../src/distribution/delivery-store.js';
import {
  DistributionEngine,
  type DeliveryJobData,
} from '../../../src/distribution/distribution-engine.js';
import { settingsFromConfig } from '../../../src/distribution/distribution.service.js';
import { TemplateRenderer } from '../../../src/distribution/renderer.js';
import { SenderRegistry } from '../../../src/distribution/senders.js';
import { NarrativeServiceSignalNarratives } from '../../../src/distribution/signal-narratives.js';
import { tierPolicyFromConfig } from '../../../src/distribution/tier-policy.js';
import { createNarrativeService } from '../../../src/narrative/writer/create-narrative-service.js';
import { narrativeFacts } from '../../../src/narrative/writer/facts.js';
import type { NarrativeService } from '../../../src/narrative/writer/narrative-service.js';
import { createDelayQueue } from '../../../src/queue/queue-factory.js';
import { FakeAnthropicApi } from '../../../src/sandbox/platforms/fake-anthropic.js';
import { openTestDatabase } from '../../support/database.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';

const BUDGET_MS = 400;

describe('signal narratives through delivery with a model writer', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let fake: FakeAnthropicApi;
  let engine: DistributionEngine;
  let service: NarrativeService;
  const clock = new SystemClock();

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    fake = await new FakeAnthropicApi({ reply: 'SPY has a setup.' }).listen();
    const config = loadConfig({
      NODE_ENV: 'test',
      NARRATIVE_WRITER: 'anthropic',
      ANTHROPIC_API_KEY: fake.apiKey,
      ANTHROPIC_BASE_URL: fake.origin,
      NARRATIVE_BUDGET_MS: String(BUDGET_MS),
    });
    service = createNarrativeService({ config: sliceConfig(config).narrative, clock });
    engine = new DistributionEngine({
      clock,
      store: new DeliveryStore(db.dataSource),
      policy: tierPolicyFromConfig(config),
      directory: null,
      senders: new SenderRegistry(new OutboxSender(db.dataSource, clock)),
      queue: createDelayQueue<DeliveryJobData>('deliveries', clock, { kind: 'in-process' }),
      renderer: new TemplateRenderer(),
      narratives: new NarrativeServiceSignalNarratives(service),
      settings: settingsFromConfig(config),
    });
    await engine.start({ consume: true, reconcile: false });
  });
  afterAll(async () => {
    await engine.stop();
    await fake.close();
    await drop();
  });

  it('Premium goes out at the budget with the template text while the model hangs; resends reuse it', async () => {
    fake.fail({ delayMs: 3_000 });
    const signal = sampleSignal({ publishedAt: clock.now(), dataAsOf: clock.now() });
    const started = Date.now();
    await engine.planSignal(signal);
    const premiumSent = async () =>
      (await engine.store.list({ signalId: signal.id })).filter(
        (r) => r.tier === 'premium' && r.status === 'sent',
      );
    for (;;) {
      if ((await premiumSent()).length === 2) break;
      expect(Date.now() - started).toBeLessThan(BUDGET_MS + 1_500);
      await new Promise((r) => setTimeout(r, 20));
    }
    const rows = await premiumSent();
    for (const r of rows) {
      expect(r.text).toContain('SPY has a negative-gamma squeeze setup, looking for a move up.');
      expect(r.text).not.toContain('Dealers flipped short gamma');
    }
    expect(fake.modelRequests()).toHaveLength(1);

    // A re-run of the job sends nothing and asks nothing; the (signal, tier) narrative is cached,
    // so a resend renders without another model request.
    for (const key of new Set(rows.map((r) => r.jobKey))) await engine.processJob(key);
    const again = await service.signalNarrative(
      signal.id,
      'premium',
      narrativeFacts({ kind: 'signal', audience: 'premium', subject: { symbol: 'SPY' } }),
    );
    expect(again.fromCache).toBe(true);
    expect(fake.modelRequests()).toHaveLength(1);
  });
});

/**
 * A model narrative that misses the budget (the local fake Anthropic API hangs, then answers):
 * Premium gets the signal at the budget with the template text, then the model's text — checked
 * against the facts — as one follow-up through the pipeline; Basic and Free get no second message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/common/clock.js';
import { sliceConfig } from '../../../src/config/slices.js';
import type { Database } from '../../../src/database/database.js';
import { NarrativeServiceSignalNarratives } from '../../../src/distribution/signal-narratives.js';
import { createNarrativeService } from '../../../src/narrative/writer/create-narrative-service.js';
import { FakeAnthropicApi } from '../../../src/sandbox/platforms/fake-anthropic.js';
import { openTestDatabase } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { buildEngine, distributionConfig, sleep, waitFor } from './harness.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';

const BUDGET_MS = 300;
const MODEL_TEXT = 'SPY has a setup.';

describe('a late model narrative reaches Premium as a follow-up', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let fake: FakeAnthropicApi;
  let engine: DistributionEngine;
  const clock = new SystemClock();

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    fake = await new FakeAnthropicApi({ reply: MODEL_TEXT }).listen();
    const env = {
      NARRATIVE_WRITER: 'anthropic',
      ANTHROPIC_API_KEY: fake.apiKey,
      ANTHROPIC_BASE_URL: fake.origin,
      NARRATIVE_BUDGET_MS: String(BUDGET_MS),
    };
    const config = distributionConfig(env);
    const service = createNarrativeService({ config: sliceConfig(config).narrative, clock });
    engine = buildEngine({
      db,
      clock,
      env,
      outboxOnly: true,
      directory: new InMemoryRecipientDirectory([
        ...makeRecipients(2, 'premium', { telegram: true }),
        ...makeRecipients(1, 'basic', { telegram: true }),
      ]),
      narratives: new NarrativeServiceSignalNarratives(service),
    });
    await engine.start({ consume: true, reconcile: false });
  });
  afterAll(async () => {
    await engine.stop();
    await fake.close();
    await drop();
  });

  it('the signal goes with the template text, the checked model text follows once, Premium only', async () => {
    fake.fail({ delayMs: 1_500 }); // past the budget, then the model answers
    const signal = sampleSignal({ publishedAt: clock.now(), dataAsOf: clock.now() });
    await engine.receive({ kind: 'signal', signal });
    const rows = () => engine.store.list({ signalId: signal.id });
    // premium: discord + telegram group + 2 DMs + 2 emails
    await waitFor(
      async () =>
        (await rows()).filter((r) => r.kind === 'signal' && r.tier === 'premium' && r.sentAt)
          .length === 6,
      'Premium at the budget',
    );
    for (const r of (await rows()).filter((r) => r.tier === 'premium')) {
      expect(r.text).not.toContain(MODEL_TEXT);
    }

    await waitFor(
      async () =>
        (await rows()).filter((r) => r.kind === 'narrative' && r.status === 'sent').length === 6,
      'the late narrative',
      10_000,
    );
    await sleep(300);
    const late = (await rows()).filter((r) => r.kind === 'narrative');
    expect(late.length).toBe(6);
    expect(new Set(late.map((r) => r.tier))).toEqual(new Set(['premium']));
    expect(new Set(late.map((r) => r.channel))).toEqual(new Set(['discord', 'telegram', 'email']));
    for (const r of late) {
      expect(r.text).toContain(MODEL_TEXT);
      expect(r.text).toContain('the full read');
    }
    expect(fake.modelRequests()).toHaveLength(1);
    // One follow-up per signal: a second late text for the same signal plans nothing.
    const again = await engine.planUpdate({
      signalId: signal.id,
      kind: 'narrative',
      at: clock.now(),
      reason: 'late',
      narrative: MODEL_TEXT,
    });
    expect(again?.rows).toBe(0);
    expect((await rows()).filter((r) => r.kind === 'narrative').length).toBe(6);
  });
});

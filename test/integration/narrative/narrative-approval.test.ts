/**
 * Narratives kept and approved (NARRATIVE_REQUIRE_APPROVAL) against the local fake Anthropic API
 * and a real PostgreSQL: the signal goes out at once with the template text; the model's text,
 * which passed the fact check, waits in the narrative store; approved, it reaches Premium once as
 * the narrative update; held, never. A new service (another process, a restart) reuses the stored
 * text without asking the model again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../src/common/clock.js';
import { sliceConfig } from '../../../src/config/slices.js';
import type { Database } from '../../../src/database/database.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import type { DistributionService } from '../../../src/distribution/distribution.service.js';
import { NarrativeApprovalBinding } from '../../../src/distribution/narrative-approval.binding.js';
import {
  NarrativeServiceSignalNarratives,
  signalNarrativeFacts,
} from '../../../src/distribution/signal-narratives.js';
import {
  NarrativeApprovals,
  NarrativeTransitionError,
} from '../../../src/narrative/approval/narrative-approvals.js';
import { PostgresNarrativeStore } from '../../../src/narrative/store/postgres-narrative-store.js';
import { createNarrativeService } from '../../../src/narrative/writer/create-narrative-service.js';
import { spendDay } from '../../../src/narrative/writer/usage.js';
import { FakeAnthropicApi } from '../../../src/sandbox/platforms/fake-anthropic.js';
import type { PublishedSignal } from '../../../src/signals/signal.js';
import { openTestDatabase } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { buildEngine, distributionConfig, sleep, waitFor } from '../distribution/harness.js';

const MODEL_TEXT = 'SPY has a setup worth a careful look.';

describe('narratives waiting for an editor', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let fake: FakeAnthropicApi;
  let engine: DistributionEngine;
  let store: PostgresNarrativeStore;
  let approvals: NarrativeApprovals;
  const clock = new SystemClock();
  const env = () => ({
    NARRATIVE_WRITER: 'anthropic',
    ANTHROPIC_API_KEY: fake.apiKey,
    ANTHROPIC_BASE_URL: fake.origin,
    NARRATIVE_REQUIRE_APPROVAL: 'true',
  });
  const config = () => distributionConfig(env());
  const service = () =>
    createNarrativeService({ config: sliceConfig(config()).narrative, clock, store });

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    fake = await new FakeAnthropicApi({ reply: MODEL_TEXT }).listen();
    store = new PostgresNarrativeStore(db.dataSource);
    approvals = new NarrativeApprovals({ store, clock, required: true });
    engine = buildEngine({
      db,
      clock,
      env: env(),
      outboxOnly: true,
      directory: new InMemoryRecipientDirectory([
        ...makeRecipients(2, 'premium', { telegram: true }),
        ...makeRecipients(1, 'basic', { telegram: true }),
      ]),
      narratives: new NarrativeServiceSignalNarratives(service()),
    });
    await engine.start({ consume: true, reconcile: false });
    // The app's binding: an approved Premium text becomes the signal's narrative update.
    new NarrativeApprovalBinding(
      { engine } as unknown as DistributionService,
      approvals,
    ).onApplicationBootstrap();
  });
  afterAll(async () => {
    await engine.stop();
    await fake.close();
    await drop();
  });

  const rows = (signalId: string) => engine.store.list({ signalId });

  /** Publishes a signal; returns its Premium narrative once it waits for an editor. */
  async function publishAndWait(signal: PublishedSignal) {
    await engine.receive({ kind: 'signal', signal });
    await waitFor(
      async () =>
        (await rows(signal.id)).filter(
          (r) => r.kind === 'signal' && r.tier === 'premium' && r.sentAt,
        ).length === 6,
      'Premium sent at once',
    );
    for (const r of (await rows(signal.id)).filter((r) => r.tier === 'premium'))
      expect(r.text).not.toContain(MODEL_TEXT);
    const kept = (await store.forSignal(signal.id)).filter((e) => e.tier === 'premium');
    expect(kept).toHaveLength(1);
    return kept[0];
  }

  it('keeps the raw text and verdict, waits, and sends the approved text to Premium once', async () => {
    const signal = sampleSignal({ publishedAt: clock.now(), dataAsOf: clock.now() });
    const pending = await publishAndWait(signal);
    expect(pending).toMatchObject({
      writer: 'anthropic',
      rawText: MODEL_TEXT,
      verdict: 'passed',
      usedSource: 'template',
      approval: 'pending',
      sentAt: null,
    });
    expect(pending.usedText).not.toContain(MODEL_TEXT);
    expect(pending.factsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(pending.inputTokens).toBeGreaterThan(0);
    expect((await approvals.list('pending')).map((e) => e.id)).toContain(pending.id);
    await sleep(300);
    expect((await rows(signal.id)).filter((r) => r.kind === 'narrative')).toHaveLength(0);

    const approved = await approvals.approve(pending.id, 'editor@gammadesk.test', 'reads well');
    expect(approved.sentAt).not.toBeNull();
    await waitFor(
      async () =>
        (await rows(signal.id)).filter((r) => r.kind === 'narrative' && r.status === 'sent')
          .length === 6,
      'the approved narrative',
    );
    // Handing it over again (a restart's resume, a second approval) sends nothing more.
    await approvals.resume();
    await expect(approvals.approve(pending.id, 'editor@gammadesk.test')).rejects.toBeInstanceOf(
      NarrativeTransitionError,
    );
    await sleep(300);
    const late = (await rows(signal.id)).filter((r) => r.kind === 'narrative');
    expect(late).toHaveLength(6);
    expect(new Set(late.map((r) => r.tier))).toEqual(new Set(['premium']));
    for (const r of late) expect(r.text).toContain(MODEL_TEXT);
    expect((await approvals.history(pending.id)).map((h) => [h.action, h.by])).toEqual([
      ['pending', 'system'],
      ['approved', 'editor@gammadesk.test'],
      ['sent', 'system'],
    ]);

    // Another process (or a restart) reuses the stored text: no second model call.
    const before = fake.modelRequests().length;
    const again = await service().signalNarrative(
      signal.id,
      'premium',
      await signalNarrativeFacts('premium', signal, null),
    );
    expect(again).toMatchObject({ text: pending.usedText, fromCache: true });
    expect(fake.modelRequests()).toHaveLength(before);
  });

  it('a held narrative is never sent; Basic and Free keep the template without a model call', async () => {
    const signal = sampleSignal({
      id: 'SIG-20260302-002',
      publishedAt: clock.now(),
      dataAsOf: clock.now(),
    });
    const pending = await publishAndWait(signal);
    const held = await approvals.hold(pending.id, 'editor@gammadesk.test', 'too breezy');
    expect(held).toMatchObject({ approval: 'held', note: 'too breezy', sentAt: null });
    await approvals.resume();
    await expect(approvals.hold(pending.id, 'editor@gammadesk.test')).rejects.toBeInstanceOf(
      NarrativeTransitionError,
    );
    await sleep(500);
    expect((await rows(signal.id)).filter((r) => r.kind === 'narrative')).toHaveLength(0);
    expect((await store.get(pending.id))?.sentAt).toBeNull();

    const before = fake.modelRequests().length;
    const basic = await service().signalNarrative(
      signal.id,
      'basic',
      await signalNarrativeFacts('basic', signal, null),
    );
    expect(basic.source).toBe('template');
    expect(fake.modelRequests()).toHaveLength(before);
    const kept = (await store.forSignal(signal.id)).find((e) => e.tier === 'basic');
    expect(kept).toMatchObject({
      verdict: 'not_called',
      verdictDetail: { reason: 'approval_lower_tier' },
      approval: 'none',
      rawText: null,
    });
    // The spend cap reads the kept cost of the day.
    expect(await store.spentOn(spendDay(clock.now()))).toBeGreaterThan(0);
  });
});

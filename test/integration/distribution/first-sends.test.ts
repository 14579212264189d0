import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import type { Database } from '../../../src/database/database.js';
import type { OutgoingMessage, SendResult } from '../../../src/distribution/channel-sender.js';
import type { DeliveryRow } from '../../../src/distribution/delivery-store.js';
import type { DistributionEngine } from '../../../src/distribution/distribution-engine.js';
import { TemplateRenderer, type Rendered } from '../../../src/distribution/renderer.js';
import { openTestDatabase } from '../../support/database.js';
import { InMemoryRecipientDirectory, makeRecipients } from '../../support/recipients.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';
import { buildEngine, sleep, waitFor } from './harness.js';
import { RecordingSender, tally } from './recording-sender.js';

/** Premium: Discord + Telegram group + 2 Telegram DMs + 2 emails, all due at once. */
const PREMIUM = 6;

function recipients(): InMemoryRecipientDirectory {
  return new InMemoryRecipientDirectory(makeRecipients(2, 'premium', { telegram: true }));
}

/** A platform whose Discord posts never get an answer (a send stuck at the platform). */
class StuckDiscord extends RecordingSender {
  override send(msg: OutgoingMessage): Promise<SendResult> {
    if (msg.message.channel === 'discord') return new Promise<SendResult>(() => undefined);
    return super.send(msg);
  }
}

/** A process frozen before its sends leave (they never start, never finish). */
class FrozenSender extends RecordingSender {
  frozen = 0;
  override send(): Promise<SendResult> {
    this.frozen++;
    return new Promise<SendResult>(() => undefined);
  }
}

describe("Premium's first sends run on the rows the plan inserted", () => {
  let db: Database;
  let drop: () => Promise<void>;
  const engines: DistributionEngine[] = [];
  let n = 0;
  const nextSignal = (clock: FakeClock) =>
    sampleSignal({
      id: `SIG-20260302-${String(++n).padStart(3, '0')}`,
      publishedAt: clock.now(),
      dataAsOf: clock.now() - 1000,
    });
  const premiumRows = async (engine: DistributionEngine, signalId: string) =>
    (await engine.store.list({ signalId })).filter((r) => r.tier === 'premium');
  const premiumSent = (engine: DistributionEngine, signalId: string) =>
    waitFor(
      async () =>
        (await premiumRows(engine, signalId)).filter((r) => r.status === 'sent').length === PREMIUM,
      'every Premium row sent',
    );
  /** Each Premium row arrived once, none early. */
  const expectEachOnce = (rows: DeliveryRow[], platform: RecordingSender) =>
    expect(tally(PREMIUM, rows, platform.sends)).toEqual({
      expected: PREMIUM,
      delivered: PREMIUM,
      lost: 0,
      duplicated: 0,
      early: 0,
    });

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
  });
  afterAll(async () => {
    for (const e of engines) await e.stop();
    await drop();
  });

  it('sends them without reading them back from the ledger', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0));
    const platform = new RecordingSender(clock);
    const engine = buildEngine({ db, clock, directory: recipients(), sender: platform });
    engines.push(engine);
    await engine.start({ consume: true, reconcile: false });
    const reads = vi.spyOn(engine.store, 'openRowsOfJob');
    const signal = nextSignal(clock);

    await engine.planSignal(signal);
    await premiumSent(engine, signal.id);
    expect(reads).not.toHaveBeenCalled();
    expectEachOnce(await premiumRows(engine, signal.id), platform);
  });

  it('the rows handed to the first jobs are the ledger rows as inserted', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 20));
    const engine = buildEngine({ db, clock, directory: null, sender: new RecordingSender(clock) });
    engines.push(engine);
    const signal = nextSignal(clock);
    const row = (recipient: string, claimedAt?: number) => ({
      tier: 'premium' as const,
      channel: 'email' as const,
      recipient,
      address: `${recipient}@example.com`,
      unsubscribeUrl: `https://gammadesk.example/u/${recipient}`,
      promisedAt: clock.now(),
      batch: 0,
      ...(claimedAt !== undefined ? { claimedAt } : {}),
    });
    const opened = await engine.store.openEvent({ signal, update: null, eventAt: clock.now() }, [
      row('sub-a', clock.now()),
    ]);
    const ref = { eventId: opened.eventId, signalId: signal.id, kind: 'signal' as const };
    const added = await engine.store.addRows(
      { ...ref, eventAt: clock.now() },
      [row('sub-b', clock.now()), row('sub-c')],
      { withRows: true },
    );
    const given = [...opened.jobs, ...added].flatMap((j) => j.rows ?? []);
    expect(given.map((r) => r.recipient).sort()).toEqual(['sub-a', 'sub-b', 'sub-c']);
    const stored = await engine.store.openRowsOfJob(given[0].jobKey);
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const r of given) expect(r).toEqual(byId.get(r.id));
    expect(given.map((r) => [r.recipient, r.status, r.attempts])).toEqual(
      expect.arrayContaining([
        ['sub-a', 'sending', 1],
        ['sub-b', 'sending', 1],
        ['sub-c', 'scheduled', 0],
      ]),
    );
  });

  it('inserts the first rows claimed: no claim statement before the first sends', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 30));
    const platform = new RecordingSender(clock);
    const engine = buildEngine({ db, clock, directory: recipients(), sender: platform });
    engines.push(engine);
    await engine.start({ consume: true, reconcile: false });
    const claims = vi.spyOn(engine.store, 'claim');
    const signal = nextSignal(clock);

    await engine.planSignal(signal);
    await premiumSent(engine, signal.id);
    expect(claims).not.toHaveBeenCalled();
    const rows = await premiumRows(engine, signal.id);
    expectEachOnce(rows, platform);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });

  it('renders the first broadcast messages while their insert is in flight', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 40));
    const platform = new RecordingSender(clock);
    const renderer = new TemplateRenderer();
    const renders = vi.spyOn(renderer, 'render');
    const engine = buildEngine({ db, clock, directory: recipients(), sender: platform, renderer });
    engines.push(engine);
    await engine.start({ consume: true, reconcile: false });
    // The insert answers only once Discord's and Telegram's messages have been rendered.
    const open = engine.store.openEvent.bind(engine.store);
    vi.spyOn(engine.store, 'openEvent').mockImplementation(async (...args) => {
      const opened = await open(...args);
      await waitFor(() => renders.mock.calls.length >= 2, 'both broadcast messages rendered');
      return opened;
    });
    const signal = nextSignal(clock);

    await engine.planSignal(signal);
    await premiumSent(engine, signal.id);
    const rows = await premiumRows(engine, signal.id);
    expectEachOnce(rows, platform);
    // The broadcast posts are the messages rendered ahead (the first renders), and no row's
    // message was rendered twice (Telegram's group post and its two DMs: three renders).
    for (const channel of ['discord', 'telegram'] as const) {
      const sent = platform.sends.find((x) => x.channel === channel && x.recipient === '');
      const made = renders.mock.results.filter((r, i) => {
        const input = renders.mock.calls[i][0];
        return input.tier === 'premium' && input.channel === channel && !input.unsubscribeUrl;
      });
      expect(made.length).toBe(rows.filter((r) => r.channel === channel).length);
      expect(sent?.text).toBe((made[0].value as Rendered).text);
    }
  });

  it('a process that is not consuming inserts every row scheduled, for its queue', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 45));
    const engine = buildEngine({
      db,
      clock,
      directory: recipients(),
      sender: new RecordingSender(clock),
    });
    engines.push(engine);
    const signal = nextSignal(clock);

    await engine.planSignal(signal);
    const rows = await premiumRows(engine, signal.id);
    expect(rows.length).toBe(PREMIUM);
    expect(rows.every((r) => r.status === 'scheduled' && r.attempts === 0)).toBe(true);
  });

  it('a crash between the insert and the send: the rows go out once after a restart', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 16, 0));
    // The first process writes the plan with its first rows claimed, then dies before any of
    // them reaches a platform (its sends never start).
    const dying = new FrozenSender(clock);
    const first = buildEngine({ db, clock, directory: recipients(), sender: dying });
    engines.push(first);
    await first.start({ consume: true, reconcile: false });
    const signal = nextSignal(clock);

    const plan = await first.planSignal(signal);
    expect(plan.rows).toBeGreaterThan(PREMIUM);
    await waitFor(() => dying.frozen === PREMIUM, 'the first process reaching every first send');
    const written = await premiumRows(first, signal.id);
    expect(written.length).toBe(PREMIUM);
    expect(written.every((r) => r.status === 'sending' && r.attempts === 1)).toBe(true);

    // The restart, once the dead process's lease on them has passed: its reconciler queues the
    // rows again and each goes out once.
    clock.advance(60_001);
    const platform = new RecordingSender(clock);
    const second = buildEngine({ db, clock, directory: recipients(), sender: platform });
    engines.push(second);
    await second.start({ consume: true, reconcile: true });
    await premiumSent(second, signal.id);
    await sleep(200); // nothing more arrives
    const rows = await premiumRows(second, signal.id);
    expectEachOnce(rows, platform);
    expect(rows.every((r) => r.attempts === 2)).toBe(true);
  });

  it('a first send stuck at its platform does not hold up the rest of the plan', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 17, 0));
    const platform = new StuckDiscord(clock);
    const engine = buildEngine({
      db,
      clock,
      directory: recipients(),
      sender: platform,
      settings: { drainMs: 200 },
    });
    engines.push(engine);
    await engine.start({ consume: true, reconcile: false });
    const signal = nextSignal(clock);

    const plan = await engine.planSignal(signal);
    expect((await engine.store.list({ signalId: signal.id })).length).toBe(plan.rows);
    await waitFor(
      () => platform.sends.filter((s) => s.tier === 'premium').length === PREMIUM - 1,
      'every Premium message but the stuck Discord post',
    );
  });
});

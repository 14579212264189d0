/**
 * Composes one recipient's digest email: the day's signals at the row's tier (read once per digest
 * event from the ledger's events), each with its tier's narrative and outcome, and the close
 * report's summary when the summary port has one.
 */
import { nyInstant } from '../common/market-calendar.js';
import type { DistributionEngineDeps } from './distribution-deps.js';
import type { DeliveryRow, DigestEvent } from './delivery-records.js';
import { digestSignals, renderDigest, type DigestSignal } from './digest.js';
import type { Rendered } from './renderer.js';
import type { SignalNarratives } from './signal-narratives.js';

const CACHE = 50;

export class DigestComposer {
  private readonly contents = new Map<
    string,
    Promise<{ signals: DigestSignal[]; summary: string | null }>
  >();

  constructor(
    private readonly deps: DistributionEngineDeps,
    private readonly narratives: SignalNarratives,
  ) {}

  async render(
    row: DeliveryRow,
    event: DigestEvent,
  ): Promise<{ rendered: Rendered; signals: DigestSignal[] }> {
    const { signals, summary } = await this.content(event);
    const rendered = renderDigest({
      event,
      signals,
      summary,
      delayMs: this.deps.policy.rules[event.digest.tier].delayMs,
      unsubscribeUrl: row.unsubscribeUrl,
    });
    return { rendered, signals };
  }

  private content(event: DigestEvent) {
    let pending = this.contents.get(event.id);
    if (!pending) {
      pending = this.load(event);
      // A failed read is not kept: the row's retry reads again.
      pending.catch(() => this.contents.delete(event.id));
      this.contents.set(event.id, pending);
      if (this.contents.size > CACHE) this.contents.delete(this.contents.keys().next().value!);
    }
    return pending;
  }

  private async load(event: DigestEvent) {
    const { day, tier } = event.digest;
    const events = await this.deps.store.eventsBetween(nyInstant(day, '00:00'), event.at);
    const chosen = digestSignals(events, this.deps.policy.rules[tier].delayMs, event.at);
    const signals: DigestSignal[] = [];
    for (const c of chosen) {
      const narrative = await this.narratives.narrativeFor(tier, c.signal).catch(() => '');
      signals.push({ ...c, narrative });
    }
    const summary = (await this.deps.digestSummaries?.closeSummary(day, tier)) ?? null;
    return { signals, summary };
  }
}

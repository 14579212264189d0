/**
 * The tier order is the product: a lower tier's message of an event goes out only after that
 * event's Premium rows have gone out (sent, or dead / blocked), and its promise is measured from
 * when Premium actually got it — max(event time + delay, Premium's first send + delay) — so
 * publishing lag can delay every tier but never lets Basic or Free catch up with Premium.
 */
import type { Tier } from '../vocabulary/tier.js';
import type { DistributionEngineDeps } from './distribution-deps.js';

export type TierGate =
  { kind: 'wait_for_premium' } | { kind: 'promise'; promisedAt: number; deferred: boolean };

export class TierOrder {
  constructor(private readonly deps: Pick<DistributionEngineDeps, 'store' | 'policy'>) {}

  /** When the rows of one job (one event, one tier) may go out at the earliest. */
  async gate(eventId: string, tier: Tier, plannedPromise: number): Promise<TierGate> {
    if (tier === 'premium') return { kind: 'promise', promisedAt: plannedPromise, deferred: false };
    // Premium rows promised later (held by a reader's quiet hours) do not hold this tier back.
    const premium = await this.deps.store.premiumProgress(eventId, plannedPromise);
    if (premium.open > 0) return { kind: 'wait_for_premium' };
    if (premium.firstSentAt === null) {
      return { kind: 'promise', promisedAt: plannedPromise, deferred: false };
    }
    const measured = premium.firstSentAt + this.deps.policy.rules[tier].delayMs;
    return measured > plannedPromise
      ? { kind: 'promise', promisedAt: measured, deferred: true }
      : { kind: 'promise', promisedAt: plannedPromise, deferred: false };
  }
}

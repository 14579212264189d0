import type { ManualQueueEntry } from '../../risk/manual-queue.js';

/** A manually queued candidate as the portal and the operator API show it. */
export function manualEntryJson(e: ManualQueueEntry) {
  const c = e.verdict.candidate;
  return {
    id: e.id,
    strategy: c.strategy,
    setup: c.setup,
    symbol: c.symbol,
    direction: c.direction,
    legs: c.legs.map((l) => l.occSymbol),
    quantity: e.verdict.quantity,
    confidence: c.confidence,
    queuedAt: new Date(e.queuedAt).toISOString(),
    expiresAt: new Date(e.expiresAt).toISOString(),
    verdict: {
      status: e.verdict.status,
      checks: e.verdict.checks.map((x) => ({ rule: x.rule, passed: x.passed, message: x.message })),
    },
  };
}

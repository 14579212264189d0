/**
 * A signal as one subscriber may read it on /signals/{id}: nothing before their tier's delay
 * has passed, then the tier's own view (distribution's whitelist views: a lower tier's view
 * carries no entry, stop, target, exact strike, size or level), the explanation at that tier and
 * the outcome in the tier's words.
 */
import { DateTime } from 'luxon';
import {
  basicView,
  freeView,
  premiumView,
  updateViewForTier,
  type BasicView,
  type FreeView,
  type PremiumView,
} from '../distribution/views.js';
import type { SignalRecordView } from '../signals/signal-record.js';
import type { Tier } from '../vocabulary/tier.js';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';
import { tierName } from './account-page.js';

export const SIGNAL_ID = /^SIG-\d{8}-\d{1,6}$/;

const etTime = (ms: number): string =>
  DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat("yyyy-LL-dd HH:mm:ss 'ET'");

export interface SignalPageInput {
  record: SignalRecordView;
  tier: Tier;
  delayMs: number;
  nowMs: number;
  /** The explanation at the tier (the /why text), or null. */
  explanation: string | null;
}

export function signalPageContext(input: SignalPageInput): Record<string, unknown> {
  const { record, tier } = input;
  const s = record.published!;
  const base = {
    signalId: record.id,
    tier,
    tierName: tierName(tier),
    waiting: null as string | null,
    headline: '',
    publishedAt: '',
    status: '',
    premium: null as unknown,
    basic: null as unknown,
    free: null as unknown,
    explanation: [] as string[],
    outcome: null as string | null,
  };
  const availableAt = s.publishedAt + input.delayMs;
  if (input.nowMs < availableAt) return { ...base, waiting: etTime(availableAt) };
  const closed = record.outcome;
  const outcome = closed
    ? updateViewForTier(tier, s, {
        signalId: record.id,
        kind: 'closed',
        at: input.nowMs,
        exitPrice: closed.exitPrice,
        returnPct: closed.returnPct,
        reason: closed.reason,
      })
    : null;
  let view: { premium: PremiumView } | { basic: BasicView } | { free: FreeView };
  let headline: string;
  if (tier === 'premium') {
    const v = premiumView(s);
    view = { premium: v };
    headline = v.headline;
  } else if (tier === 'basic') {
    const v = basicView(s);
    view = { basic: v };
    headline = v.headline;
  } else {
    const v = freeView(s);
    view = { free: v };
    headline = v.headline;
  }
  return {
    ...base,
    ...view,
    headline,
    publishedAt: etTime(availableAt),
    status: closed ? 'Closed' : record.status === 'cancelled' ? 'Cancelled' : 'Open',
    explanation: (input.explanation ?? '').split('\n').filter((l) => l.trim().length > 0),
    outcome: outcome?.headline ?? null,
  };
}

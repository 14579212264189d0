/**
 * The /account page's content for one subscriber: plan and billing status (renewal, trial,
 * grace, end), linked channels with their link tokens, preferences as form values, API keys and
 * sessions. Plain data for templates/site/account.hbs.
 */
import { DateTime } from 'luxon';
import type { StoredSubscription } from '../billing/billing-store.js';
import type { ApiKeySummary } from '../subscribers/api-keys.js';
import type { Subscriber } from '../subscribers/subscriber-store.js';
import type { Tier } from '../vocabulary/tier.js';
import { NEW_YORK_ZONE } from '../vocabulary/units.js';
import { formatPrice } from './plans.js';

const DAY_MS = 86_400_000;
const TIER_NAME: Record<Tier, string> = { premium: 'Premium', basic: 'Basic', free: 'Free' };
const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'incomplete']);

export const tierName = (t: Tier): string => TIER_NAME[t];

export function day(ms: number): string {
  return DateTime.fromMillis(ms, { zone: NEW_YORK_ZONE }).toFormat('LLLL d, yyyy');
}

function stamp(iso: string | null): string {
  return iso
    ? DateTime.fromISO(iso, { zone: NEW_YORK_ZONE }).toFormat("yyyy-LL-dd HH:mm 'ET'")
    : 'never';
}

/** The subscription the page talks about: a live one first, else the latest. */
export function currentSubscription(subs: StoredSubscription[]): StoredSubscription | null {
  const live = subs.filter((s) => LIVE.has(s.status));
  const pool = live.length ? live : subs;
  return [...pool].sort((a, b) => b.created - a.created)[0] ?? null;
}

/** Whether the subscriber still has a subscription that Stripe may charge. */
export function hasLiveSubscription(subs: StoredSubscription[]): boolean {
  return subs.some((s) => LIVE.has(s.status));
}

export function planLines(
  sub: Subscriber,
  subscription: StoredSubscription | null,
  graceDays: number,
): string[] {
  const lines: string[] = [];
  if (sub.comp)
    lines.push(`Complimentary ${tierName(sub.comp.tier)} until ${day(sub.comp.until)}.`);
  if (!subscription) {
    if (!sub.comp) lines.push('You receive the Free plan. Upgrade at any time.');
    return lines;
  }
  const s = subscription;
  const amount = `${formatPrice(s.unitAmountCents / 100, s.currency.toUpperCase())} a ${s.interval}`;
  const end = s.currentPeriodEnd;
  switch (s.status) {
    case 'trialing':
      lines.push(
        s.trialEnd ? `Free trial until ${day(s.trialEnd)}.` : 'Free trial.',
        s.cancelAtPeriodEnd
          ? 'Cancelled: the plan ends with the trial and you will not be charged.'
          : `Then ${amount}.`,
      );
      break;
    case 'active':
      lines.push(
        s.cancelAtPeriodEnd
          ? `Cancelled: your plan ends${end ? ` on ${day(end)}` : ' at the end of the period'}.`
          : `Renews${end ? ` on ${day(end)}` : ''} at ${amount}.`,
      );
      break;
    case 'past_due':
    case 'unpaid': {
      const until = s.pastDueSince !== null ? s.pastDueSince + graceDays * DAY_MS : null;
      lines.push(
        `Your last payment failed. Update your card in billing${
          until ? `: you keep ${tierName(sub.tier)} until ${day(until)} (grace period)` : ''
        }.`,
      );
      break;
    }
    default:
      lines.push(
        s.endedAt || s.canceledAt
          ? `Your subscription ended on ${day((s.endedAt ?? s.canceledAt)!)}.`
          : `Subscription status: ${s.status.replace(/_/g, ' ')}.`,
      );
  }
  if (sub.paused) lines.push('Billing is paused.');
  return lines;
}

export function emailNote(sub: Subscriber): string | null {
  switch (sub.emailStatus) {
    case 'pending':
      return 'Confirm your address with the link we emailed to receive signal emails.';
    case 'unsubscribed':
      return 'You unsubscribed from signal emails; Telegram and Discord are not affected.';
    case 'bounced':
    case 'complained':
      return 'Signal emails to this address are stopped.';
    default:
      return null;
  }
}

export function preferenceValues(sub: Subscriber) {
  const p = sub.preferences;
  return {
    email: p.channels.includes('email'),
    telegram: p.channels.includes('telegram'),
    discord: p.channels.includes('discord'),
    symbols: p.symbols?.join(', ') ?? '',
    strategies: p.strategies?.join(', ') ?? '',
    quietStart: p.quietHours?.start ?? '',
    quietEnd: p.quietHours?.end ?? '',
    timeZone: p.quietHours?.timeZone ?? NEW_YORK_ZONE,
    instant: p.emailMode === 'instant',
    digest: p.emailMode === 'digest',
  };
}

export function keyRows(keys: ApiKeySummary[]) {
  return keys.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    created: stamp(k.createdAt),
    lastUsed: stamp(k.lastUsedAt),
    revoked: k.revokedAt !== null,
  }));
}

export function sessionsLabel(n: number): string {
  return n <= 1
    ? 'You are signed in on this device.'
    : `You are signed in on ${n} devices or browsers.`;
}

/** A subscriber's portal page: who they are, their tier and its history, channels, billing, deliveries. */
import type { BillingStore } from '../../../billing/billing-store.js';
import type { Sql } from '../../../database/sql.js';
import type { SubscriberStore } from '../../../subscribers/subscriber-store.js';
import { at } from '../page-format.js';
import type { SubscriberDirectory } from './subscriber-directory.js';

const STRIPE_DASHBOARD = 'https://dashboard.stripe.com';

export interface SubscriberPageDeps {
  db: Sql;
  store: SubscriberStore;
  directory: SubscriberDirectory;
  /** Null when billing does not run in this process. */
  billing: BillingStore | null;
}

export type SubscriberPage = NonNullable<Awaited<ReturnType<typeof subscriberPage>>>;

export async function subscriberPage(deps: SubscriberPageDeps, id: string) {
  const sub = await deps.store.get(deps.db, id);
  if (!sub) return null;
  const [history, handles, deliveries, subscriptions] = await Promise.all([
    deps.store.tierHistory(deps.db, id),
    deps.directory.handles(id),
    deps.directory.deliveries(id),
    deps.billing ? deps.billing.subscriptionsOf(deps.db, id) : Promise.resolve([]),
  ]);
  const wants = (c: string) => (sub.preferences.channels as string[]).includes(c);
  return {
    id: sub.id,
    email: sub.email ?? '—',
    emailStatus: sub.emailStatus,
    name: handles.name ?? '—',
    tier: sub.tier,
    tierReason: sub.tierReason,
    tierChangesAt: sub.tierChangesAt === null ? null : at(sub.tierChangesAt),
    comp: sub.comp ? `${sub.comp.tier} until ${at(sub.comp.until)}` : null,
    paused: sub.paused,
    pendingConfirmation: sub.emailStatus === 'pending',
    createdAt: at(sub.createdAt),
    history: [...history].reverse().map((h) => ({ ...h, at: at(h.at) })),
    channels: [
      {
        name: 'email',
        linked: sub.email !== null,
        handle: sub.email ?? '—',
        status: sub.emailStatus,
        wanted: wants('email'),
      },
      {
        name: 'telegram',
        linked: sub.telegramChatId !== null,
        handle: handles.telegramUsername
          ? `@${handles.telegramUsername}`
          : (sub.telegramChatId ?? '—'),
        status: sub.telegramChatId === null ? 'not linked' : 'linked',
        wanted: wants('telegram'),
      },
      {
        name: 'discord',
        linked: sub.discordUserId !== null,
        handle: handles.discordUsername ?? sub.discordUserId ?? '—',
        status: sub.discordUserId === null ? 'not linked' : 'linked',
        wanted: wants('discord'),
      },
    ],
    preferences: {
      symbols: sub.preferences.symbols?.join(', ') ?? 'all',
      strategies: sub.preferences.strategies?.join(', ') ?? 'all',
      quietHours: sub.preferences.quietHours
        ? `${sub.preferences.quietHours.start}–${sub.preferences.quietHours.end} ${sub.preferences.quietHours.timeZone}`
        : 'none',
      emailMode: sub.preferences.emailMode,
    },
    stripe: sub.stripeCustomerId
      ? {
          customerId: sub.stripeCustomerId,
          customerUrl: `${STRIPE_DASHBOARD}/customers/${encodeURIComponent(sub.stripeCustomerId)}`,
        }
      : null,
    subscriptions: [...subscriptions]
      .sort((a, b) => b.created - a.created)
      .map((s) => ({
        id: s.id,
        url: `${STRIPE_DASHBOARD}/subscriptions/${encodeURIComponent(s.id)}`,
        status: s.status,
        price: s.priceId,
        amount: `$${((s.unitAmountCents * s.quantity) / 100).toFixed(2)}/${s.interval}`,
        periodEnd: s.currentPeriodEnd === null ? '—' : at(s.currentPeriodEnd),
        cancelAtPeriodEnd: s.cancelAtPeriodEnd,
      })),
    deliveries: deliveries.map((d) => ({
      ...d,
      promisedAt: at(d.promisedAt),
      sentAt: d.sentAt === null ? '—' : at(d.sentAt),
      lateS: d.sentAt === null ? '—' : ((d.sentAt - d.promisedAt) / 1000).toFixed(1),
      lastError: d.lastError ?? '',
    })),
  };
}

/**
 * Zod readers of the Stripe objects GammaDesk consumes (from webhooks and API answers), into
 * plain domain records. Tolerant of both API shapes: periods on the subscription (before
 * 2025-03-31) or on its items (after); invoice.subscription or invoice.parent.
 */
import { z } from 'zod';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from './tier-policy.js';

const idOrObject = z
  .union([z.string(), z.object({ id: z.string() })])
  .transform((v) => (typeof v === 'string' ? v : v.id));
const seconds = z.number().int().nullable().optional();

const priceSchema = z.object({
  id: z.string(),
  unit_amount: z.number().int().nullable().optional(),
  currency: z.string(),
  recurring: z
    .object({
      interval: z.enum(['day', 'week', 'month', 'year']),
      interval_count: z.number().int(),
    })
    .nullable()
    .optional(),
});

const subscriptionSchema = z.object({
  id: z.string().startsWith('sub_'),
  customer: idOrObject,
  status: z.enum(SUBSCRIPTION_STATUSES),
  cancel_at_period_end: z.boolean(),
  current_period_end: seconds,
  trial_end: seconds,
  canceled_at: seconds,
  ended_at: seconds,
  created: z.number().int(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  items: z.object({
    data: z
      .array(
        z.object({
          price: priceSchema,
          quantity: z.number().int().optional(),
          current_period_end: seconds,
        }),
      )
      .min(1),
  }),
});

export interface SubscriptionState {
  id: string;
  customerId: string;
  status: SubscriptionStatus;
  priceId: string;
  unitAmountCents: number;
  currency: string;
  interval: 'day' | 'week' | 'month' | 'year';
  intervalCount: number;
  quantity: number;
  cancelAtPeriodEnd: boolean;
  /** ms since epoch. */
  currentPeriodEnd: number | null;
  trialEnd: number | null;
  canceledAt: number | null;
  endedAt: number | null;
  created: number;
  /** metadata.subscriber_id, set by our checkout. */
  subscriberId: string | null;
}

const ms = (s: number | null | undefined) => (typeof s === 'number' ? s * 1000 : null);

/** Reads a subscription; picks the item whose price is ours when there are several. */
export function readSubscription(
  value: unknown,
  isOurPrice: (priceId: string) => boolean = () => true,
): SubscriptionState {
  const s = subscriptionSchema.parse(value);
  const item = s.items.data.find((i) => isOurPrice(i.price.id)) ?? s.items.data[0];
  return {
    id: s.id,
    customerId: s.customer,
    status: s.status,
    priceId: item.price.id,
    unitAmountCents: item.price.unit_amount ?? 0,
    currency: item.price.currency,
    interval: item.price.recurring?.interval ?? 'month',
    intervalCount: item.price.recurring?.interval_count ?? 1,
    quantity: item.quantity ?? 1,
    cancelAtPeriodEnd: s.cancel_at_period_end,
    currentPeriodEnd: ms(item.current_period_end ?? s.current_period_end),
    trialEnd: ms(s.trial_end),
    canceledAt: ms(s.canceled_at),
    endedAt: ms(s.ended_at),
    created: s.created * 1000,
    subscriberId: s.metadata?.subscriber_id ?? null,
  };
}

const checkoutSessionSchema = z.object({
  id: z.string(),
  mode: z.string(),
  customer: idOrObject.nullable().optional(),
  subscription: idOrObject.nullable().optional(),
  client_reference_id: z.string().nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
});

export interface CheckoutCompleted {
  sessionId: string;
  customerId: string | null;
  subscriptionId: string | null;
  subscriberId: string | null;
}

export function readCheckoutSession(value: unknown): CheckoutCompleted {
  const s = checkoutSessionSchema.parse(value);
  return {
    sessionId: s.id,
    customerId: s.customer ?? null,
    subscriptionId: s.subscription ?? null,
    subscriberId: s.client_reference_id ?? s.metadata?.subscriber_id ?? null,
  };
}

const invoiceSchema = z.object({
  id: z.string(),
  customer: idOrObject.nullable().optional(),
  currency: z.string(),
  amount_due: z.number().int(),
  amount_paid: z.number().int(),
  created: z.number().int(),
  subscription: idOrObject.nullable().optional(),
  payment_intent: idOrObject.nullable().optional(),
  parent: z
    .object({
      subscription_details: z.object({ subscription: idOrObject }).nullable().optional(),
    })
    .nullable()
    .optional(),
  payments: z
    .object({
      data: z.array(
        z.object({
          payment: z.object({ payment_intent: idOrObject.nullable().optional() }).optional(),
        }),
      ),
    })
    .optional(),
});

export interface InvoiceFacts {
  id: string;
  customerId: string | null;
  subscriptionId: string | null;
  currency: string;
  amountDueCents: number;
  amountPaidCents: number;
  paymentIntentId: string | null;
  created: number;
}

export function readInvoice(value: unknown): InvoiceFacts {
  const i = invoiceSchema.parse(value);
  const fromPayments = i.payments?.data.find((p) => p.payment?.payment_intent)?.payment
    ?.payment_intent;
  return {
    id: i.id,
    customerId: i.customer ?? null,
    subscriptionId: i.subscription ?? i.parent?.subscription_details?.subscription ?? null,
    currency: i.currency,
    amountDueCents: i.amount_due,
    amountPaidCents: i.amount_paid,
    paymentIntentId: i.payment_intent ?? fromPayments ?? null,
    created: i.created * 1000,
  };
}

/** The envelope of every webhook event. */
export const stripeEventSchema = z.object({
  id: z.string().startsWith('evt_'),
  type: z.string().min(1),
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEventEnvelope = z.infer<typeof stripeEventSchema>;

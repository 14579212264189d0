import { z } from 'zod';
import { bool, int } from '../schema-helpers.js';

export const billingConfig = z.object({
  STRIPE_SECRET_KEY: z
    .string()
    .default('sk_test_local')
    .describe(
      'Stripe secret API key (sk_live_… / sk_test_…). The default only works with the local fake.',
    ),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .optional()
    .describe(
      'Signing secret of the Stripe webhook endpoint (whsec_…). Unset: every webhook is refused.',
    ),
  STRIPE_API_HOST: z
    .string()
    .optional()
    .describe(
      'Stripe API host override (a local fake in tests and the demo). Unset: api.stripe.com.',
    ),
  STRIPE_API_PORT: int(443, 'Stripe API port (with STRIPE_API_HOST).', { min: 1, max: 65535 }),
  STRIPE_API_PROTOCOL: z
    .enum(['https', 'http'])
    .default('https')
    .describe('Stripe API protocol (http only for a local fake).'),
  STRIPE_TIMEOUT_MS: int(15_000, 'Timeout of one Stripe API request.', { min: 100 }),
  STRIPE_MAX_RETRIES: int(2, 'Retries of a failed Stripe API request (the client backs off).', {
    min: 0,
    max: 10,
  }),
  STRIPE_PRICE_PREMIUM_MONTHLY: z
    .string()
    .default('price_premium_monthly')
    .describe('Stripe price id of Premium, monthly ($297).'),
  STRIPE_PRICE_BASIC_MONTHLY: z
    .string()
    .default('price_basic_monthly')
    .describe('Stripe price id of Basic, monthly ($97).'),
  STRIPE_PRICE_PREMIUM_ANNUAL: z
    .string()
    .optional()
    .describe('Stripe price id of Premium, annual (optional).'),
  STRIPE_PRICE_BASIC_ANNUAL: z
    .string()
    .optional()
    .describe('Stripe price id of Basic, annual (optional).'),
  BILLING_TRIAL_DAYS: int(0, 'Free trial days offered at checkout (0 = no trial).', {
    min: 0,
    max: 730,
  }),
  BILLING_ALLOW_PROMOTION_CODES: bool(
    true,
    'Whether Stripe Checkout offers the promotion-code field (codes are made in the Dashboard).',
  ),
  BILLING_PREMIUM_MONTHLY_PRICE: int(
    297,
    'Premium monthly price shown on /pricing, whole BILLING_CURRENCY units (what STRIPE_PRICE_PREMIUM_MONTHLY charges).',
    { min: 0 },
  ),
  BILLING_BASIC_MONTHLY_PRICE: int(
    97,
    'Basic monthly price shown on /pricing, whole BILLING_CURRENCY units (what STRIPE_PRICE_BASIC_MONTHLY charges).',
    { min: 0 },
  ),
  BILLING_PREMIUM_ANNUAL_PRICE: int(
    0,
    'Premium annual price shown on /pricing when STRIPE_PRICE_PREMIUM_ANNUAL is set (0 = not offered).',
    { min: 0 },
  ),
  BILLING_BASIC_ANNUAL_PRICE: int(
    0,
    'Basic annual price shown on /pricing when STRIPE_PRICE_BASIC_ANNUAL is set (0 = not offered).',
    { min: 0 },
  ),
  BILLING_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('USD')
    .describe('ISO currency of the prices shown on /pricing.'),
  BILLING_GRACE_DAYS: int(3, 'Days a past_due subscriber keeps their tier before Free.', {
    min: 0,
    max: 60,
  }),
  BILLING_RECONCILE_INTERVAL_MS: int(
    3_600_000,
    'How often (engine clock) subscriptions are reconciled with Stripe and entitlements healed; 0 = never.',
    { min: 0 },
  ),
  BILLING_TIER_SWEEP_INTERVAL_MS: int(
    60_000,
    'How often (engine clock) time-based tier changes (grace, comp, period end) are applied; 0 = never.',
    { min: 0 },
  ),
});

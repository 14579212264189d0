/**
 * The plans /pricing shows, from config: each tier's price, its delivery delay and what it sees
 * (in the words of the product's redaction promise), and which checkouts are offered.
 */
import type { AccountConfig } from '../config/slices.js';
import type { Tier } from '../vocabulary/tier.js';

export interface PlanCard {
  id: Tier;
  name: string;
  price: string;
  per: string;
  annualNote: string | null;
  /** "Signals as they are published" / "Signals 1 minute after Premium". */
  delay: string;
  sees: string[];
  paid: boolean;
  /** An annual price is configured (and offered at checkout). */
  annual: boolean;
  featured: boolean;
  current: boolean;
  cta: string;
}

const SEES: Record<Tier, string[]> = {
  premium: [
    'The exact contract: strike, expiry, entry, stop, target and size',
    'The dealer-positioning levels behind it (gamma flip, call and put walls)',
    'Every reason the signal fired, and its invalidation',
    'Stop moves and the close, as they happen',
  ],
  basic: [
    'Direction and the strike area (rounded), e.g. “SPY calls around 440”',
    'A plain-words narrative of the setup',
    'When the trailing stop is active, and the close',
  ],
  free: [
    'That a setup triggered, and its direction',
    'Each trade’s outcome when it closes',
    'The full public track record',
  ],
};

export function delayWords(seconds: number): string {
  if (seconds === 0) return 'as they are published';
  if (seconds % 60 === 0) {
    const m = seconds / 60;
    return `${m} minute${m === 1 ? '' : 's'} after publication`;
  }
  return `${seconds} seconds after publication`;
}

export function formatPrice(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: 0,
  }).format(amount);
}

export function planCards(config: AccountConfig, currentTier: Tier | null): PlanCard[] {
  const c = config.BILLING_CURRENCY;
  const trial = config.BILLING_TRIAL_DAYS;
  const paid = (
    id: 'premium' | 'basic',
    monthly: number,
    annualPrice: number,
    annualId: string | undefined,
    delayS: number,
  ): PlanCard => {
    const annual = Boolean(annualId) && annualPrice > 0;
    const name = id === 'premium' ? 'Premium' : 'Basic';
    return {
      id,
      name,
      price: formatPrice(monthly, c),
      per: '/ month',
      annualNote: annual ? `or ${formatPrice(annualPrice, c)} a year` : null,
      delay: `Signals ${delayWords(delayS)}`,
      sees: SEES[id],
      paid: true,
      annual,
      featured: id === 'premium',
      current: currentTier === id,
      cta: trial > 0 ? `Start your ${trial}-day free trial` : `Subscribe to ${name}`,
    };
  };
  return [
    paid(
      'premium',
      config.BILLING_PREMIUM_MONTHLY_PRICE,
      config.BILLING_PREMIUM_ANNUAL_PRICE,
      config.STRIPE_PRICE_PREMIUM_ANNUAL,
      config.DISTRIBUTION_DELAY_PREMIUM_S,
    ),
    paid(
      'basic',
      config.BILLING_BASIC_MONTHLY_PRICE,
      config.BILLING_BASIC_ANNUAL_PRICE,
      config.STRIPE_PRICE_BASIC_ANNUAL,
      config.DISTRIBUTION_DELAY_BASIC_S,
    ),
    {
      id: 'free',
      name: 'Free',
      price: formatPrice(0, c),
      per: '',
      annualNote: null,
      delay: `Signals ${delayWords(config.DISTRIBUTION_DELAY_FREE_S)}`,
      sees: SEES.free,
      paid: false,
      annual: false,
      featured: false,
      current: currentTier === 'free',
      cta: 'Sign up free',
    },
  ];
}

export function trialNote(config: AccountConfig): string | null {
  const d = config.BILLING_TRIAL_DAYS;
  return d > 0
    ? `Paid plans start with a ${d}-day free trial; cancel before it ends and you pay nothing.`
    : null;
}

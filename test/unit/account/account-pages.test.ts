/**
 * The subscriber pages' content rules, rendered through the real templates: a signal page holds
 * nothing before the tier's delay and only the tier's own view after it (no Premium number on a
 * Basic or Free page); /pricing shows the configured plans; the preferences form becomes the
 * subscribers' patch; the plan status words for trial, renewal, grace and cancellation.
 */
import { describe, expect, it } from 'vitest';
import { planLines } from '../../../src/account/account-page.js';
import { planCards, trialNote } from '../../../src/account/plans.js';
import {
  PreferencesFormError,
  preferencesPatchFromForm,
} from '../../../src/account/preferences-form.js';
import { signalPageContext } from '../../../src/account/signal-page.js';
import { SiteViews } from '../../../src/account/web/site-views.js';
import type { StoredSubscription } from '../../../src/billing/billing-store.js';
import { loadConfig } from '../../../src/config/config.js';
import { sliceConfig } from '../../../src/config/slices.js';
import type { SignalRecordView } from '../../../src/signals/signal-record.js';
import type { Subscriber } from '../../../src/subscribers/subscriber-store.js';
import { DEFAULT_PREFERENCES } from '../../../src/subscribers/preferences.js';
import { DAY_SIGNALS } from '../../support/record-day.js';

const views = new SiteViews();
const signal = DAY_SIGNALS[0]; // SPY 2 contracts, entry $2.00, stop $1.40, target $3.00
const record: SignalRecordView = {
  id: signal.id,
  status: 'closed',
  published: { ...signal, levels: { gamma_flip: 545.86, call_wall: 550 } },
  explanation: {} as SignalRecordView['explanation'],
  outcome: { exitPrice: 2.8, returnPct: 0.4, pnl: 160, reason: 'trailing stop', win: true },
};
const strike = String(signal.legs[0].strike);

function signalHtml(tier: 'premium' | 'basic' | 'free', nowMs: number, delayMs: number): string {
  return views.render('signal', {
    title: 'Signal',
    signedIn: true,
    ...signalPageContext({ record, tier, delayMs, nowMs, explanation: `why at ${tier}` }),
  });
}

describe('signal page', () => {
  it('shows Premium the contract, levels, explanation and outcome with its numbers', () => {
    const html = signalHtml('premium', signal.publishedAt, 0);
    for (const text of [
      '$2.00',
      '$1.40',
      '$3.00',
      signal.legs[0].occSymbol,
      '545.86',
      'why at premium',
    ])
      expect(html).toContain(text);
    expect(html).toContain('closed at $2.80, gain of 40%');
  });

  it.each(['basic', 'free'] as const)(
    'shows %s its own view after its delay and no Premium number',
    (tier) => {
      const html = signalHtml(tier, signal.publishedAt + 300_000, 60_000);
      for (const secret of [
        '$2.00',
        '$1.40',
        '$3.00',
        '$2.80',
        signal.legs[0].occSymbol,
        '545.86',
        `>${strike}<`,
      ])
        expect(html).not.toContain(secret);
      expect(html).toContain(`why at ${tier}`);
      expect(html).toMatch(/gain of 40%/);
      expect(html).toContain(tier === 'basic' ? 'calls around' : 'setup triggered');
    },
  );

  it('shows nothing of the signal before the tier may hear of it', () => {
    const html = signalHtml('basic', signal.publishedAt + 59_000, 60_000);
    expect(html).toContain('Not yet at your tier');
    expect(html).not.toContain('calls around');
    expect(html).not.toContain('why at basic');
    expect(html).not.toContain('gain of');
  });
});

describe('pricing', () => {
  it('lists the three plans from config with their prices, delays and checkout forms', () => {
    const config = sliceConfig(
      loadConfig({
        BILLING_PREMIUM_MONTHLY_PRICE: '199',
        BILLING_TRIAL_DAYS: '7',
        DISTRIBUTION_DELAY_BASIC_S: '120',
        STRIPE_PRICE_PREMIUM_ANNUAL: 'price_premium_annual',
        BILLING_PREMIUM_ANNUAL_PRICE: '1990',
      }),
    ).account;
    const plans = planCards(config, 'basic');
    expect(plans.map((p) => [p.id, p.price, p.delay, p.annual, p.current])).toEqual([
      ['premium', '$199', 'Signals as they are published', true, false],
      ['basic', '$97', 'Signals 2 minutes after publication', false, true],
      ['free', '$0', 'Signals 5 minutes after publication', false, false],
    ]);
    const html = views.render('pricing', {
      title: 'Plans',
      signedIn: false,
      csrf: 'tok',
      notice: null,
      plans,
      trialNote: trialNote(config),
      promotionCodes: true,
    });
    expect(html.match(/action="\/pricing\/checkout"/g)).toHaveLength(2);
    expect(html).toContain('action="/pricing/free"');
    expect(html).toContain('Start your 7-day free trial');
    expect(html).toContain('or $1,990 a year');
    expect(html).toContain('name="interval" value="year"');
    expect(html).toContain('promotion code');
  });
});

describe('preferences form', () => {
  it('turns the form into the subscribers patch', () => {
    expect(
      preferencesPatchFromForm({
        channels: ['email', 'discord'],
        symbols: 'spy, qqq spy',
        strategies: '',
        quietStart: '22:00',
        quietEnd: '07:00',
        timeZone: 'Europe/Paris',
        emailMode: 'digest',
      }),
    ).toEqual({
      channels: ['email', 'discord'],
      symbols: ['SPY', 'QQQ'],
      strategies: null,
      quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Paris' },
      emailMode: 'digest',
    });
    expect(preferencesPatchFromForm({ channels: 'telegram' })).toMatchObject({
      channels: ['telegram'],
      quietHours: null,
      emailMode: 'instant',
    });
    expect(() => preferencesPatchFromForm({ quietStart: '22:00' })).toThrow(PreferencesFormError);
  });
});

describe('plan status words', () => {
  const NOW = Date.UTC(2026, 2, 2, 15);
  const sub = {
    tier: 'premium',
    comp: null,
    paused: false,
    preferences: DEFAULT_PREFERENCES,
  } as unknown as Subscriber;
  const subscription = (patch: Partial<StoredSubscription>): StoredSubscription =>
    ({
      status: 'active',
      unitAmountCents: 29_700,
      currency: 'usd',
      interval: 'month',
      cancelAtPeriodEnd: false,
      currentPeriodEnd: NOW + 30 * 86_400_000,
      trialEnd: null,
      pastDueSince: null,
      canceledAt: null,
      endedAt: null,
      ...patch,
    }) as StoredSubscription;

  it('says when it renews, ends, or how long the grace lasts', () => {
    expect(planLines(sub, subscription({}), 3)).toEqual([
      'Renews on April 1, 2026 at $297 a month.',
    ]);
    expect(planLines(sub, subscription({ cancelAtPeriodEnd: true }), 3)).toEqual([
      'Cancelled: your plan ends on April 1, 2026.',
    ]);
    expect(planLines(sub, subscription({ status: 'past_due', pastDueSince: NOW }), 3)[0]).toBe(
      'Your last payment failed. Update your card in billing: you keep Premium until March 5, 2026 (grace period).',
    );
    expect(
      planLines(sub, subscription({ status: 'trialing', trialEnd: NOW + 7 * 86_400_000 }), 3),
    ).toEqual(['Free trial until March 9, 2026.', 'Then $297 a month.']);
    expect(planLines({ ...sub, tier: 'free' }, null, 3)).toEqual([
      'You receive the Free plan. Upgrade at any time.',
    ]);
  });
});

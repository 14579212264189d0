/**
 * Builds the subscriber pages' services from a deps object (the subscribers and billing
 * services they sit on among them): the Nest module and tests wire them here, the same way.
 */
import type { DataSource } from 'typeorm';
import type { BillingServices } from '../billing/billing.composition.js';
import type { Clock } from '../common/clock.js';
import type { AccountConfig } from '../config/slices.js';
import type { SubscriberServices } from '../subscribers/subscribers.composition.js';
import { AccountAccess } from './account-access.js';
import { AccountSessions } from './account-sessions.js';
import { LoginLinks } from './login-links.js';
import { FormTokens } from './web/form-token.js';
import { SiteViews } from './web/site-views.js';

export interface AccountDeps {
  dataSource: DataSource;
  config: AccountConfig;
  clock: Clock;
  subscribers: Pick<SubscriberServices, 'store' | 'subscribers' | 'mailer' | 'outbox' | 'apiKeys'>;
  billing: Pick<BillingServices, 'billing' | 'store'>;
}

export interface AccountServices extends AccountDeps {
  publicBaseUrl: string;
  views: SiteViews;
  forms: FormTokens;
  sessions: AccountSessions;
  access: AccountAccess;
  /** Origins besides our own that the pages' forms lead to (Stripe Checkout and portal). */
  stripeOrigins: string[];
}

export function stripeOrigins(
  config: Pick<AccountConfig, 'STRIPE_API_HOST' | 'STRIPE_API_PORT' | 'STRIPE_API_PROTOCOL'>,
): string[] {
  if (!config.STRIPE_API_HOST) return ['https://checkout.stripe.com', 'https://billing.stripe.com'];
  const defaultPort = config.STRIPE_API_PROTOCOL === 'https' ? 443 : 80;
  const port = config.STRIPE_API_PORT === defaultPort ? '' : `:${config.STRIPE_API_PORT}`;
  return [`${config.STRIPE_API_PROTOCOL}://${config.STRIPE_API_HOST}${port}`];
}

export function createAccountServices(deps: AccountDeps): AccountServices {
  const { dataSource, config, clock } = deps;
  const publicBaseUrl = config.PUBLIC_BASE_URL.replace(/\/$/, '');
  const sessions = new AccountSessions(dataSource, config.ACCOUNT_SESSION_DAYS * 86_400_000);
  const links = new LoginLinks(dataSource, config.ACCOUNT_LOGIN_LINK_MINUTES * 60_000);
  return {
    ...deps,
    publicBaseUrl,
    views: new SiteViews(),
    forms: new FormTokens(publicBaseUrl),
    sessions,
    access: new AccountAccess({
      sql: dataSource,
      store: deps.subscribers.store,
      mailer: deps.subscribers.outbox ?? deps.subscribers.mailer,
      links,
      sessions,
      clock,
      publicBaseUrl,
      linkMinutes: config.ACCOUNT_LOGIN_LINK_MINUTES,
    }),
    stripeOrigins: stripeOrigins(config),
  };
}

/**
 * Signing in to /account by email: a single-use link is mailed (through the subscribers' mail
 * outbox, so the request takes as long for an unknown address as for a known one, and the answer
 * is the same), and using it opens a server-side session. Using a link proves the address, so a
 * subscriber whose confirmation was still pending is verified by it.
 */
import { Logger } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import type { Sql } from '../database/sql.js';
import type { Mailer } from '../subscribers/mailer.js';
import { emailSchema } from '../subscribers/subscriber-service.js';
import type { SubscriberStore } from '../subscribers/subscriber-store.js';
import type { AccountSessions } from './account-sessions.js';
import type { LoginLinks } from './login-links.js';

/** Where a sign-in may lead: the account page or a signal page, nothing else (no open redirect). */
const SAFE_NEXT = /^\/(account|signals\/SIG-\d{8}-\d{1,6})$/;

export function safeNext(next: unknown): string {
  return typeof next === 'string' && SAFE_NEXT.test(next) ? next : '/account';
}

export interface AccountAccessDeps {
  sql: Sql;
  store: SubscriberStore;
  mailer: Mailer;
  links: LoginLinks;
  sessions: AccountSessions;
  clock: Clock;
  publicBaseUrl: string;
  linkMinutes: number;
}

export class AccountAccess {
  private readonly log = new Logger('AccountAccess');

  constructor(private readonly deps: AccountAccessDeps) {}

  /**
   * Mails a sign-in link when the address belongs to a subscriber we may mail; does nothing
   * otherwise. Throws (a ZodError) only for a malformed address.
   */
  async requestLink(emailInput: string, next: string): Promise<void> {
    const email = emailSchema.parse(emailInput);
    const sub = await this.deps.store.findBy(this.deps.sql, 'email', email);
    if (!sub || sub.emailStatus === 'bounced' || sub.emailStatus === 'complained') return;
    const token = await this.deps.links.create(sub.id, this.deps.clock.now());
    const target = safeNext(next);
    const url = `${this.deps.publicBaseUrl}/account/login?token=${token}${
      target === '/account' ? '' : `&next=${encodeURIComponent(target)}`
    }`;
    await this.deps.mailer.send({
      to: email,
      subject: 'Your GammaDesk sign-in link',
      text: [
        'Open this link to sign in to your GammaDesk account:',
        url,
        '',
        `It works once and expires in ${this.deps.linkMinutes} minutes.`,
        'If you did not ask to sign in, ignore this message; nobody can sign in without the link.',
      ].join('\n'),
    });
    this.log.log(`sign-in link sent to subscriber ${sub.id}`);
  }

  /** Uses a link: the new session's cookie value, or null when the link is used or expired. */
  async signIn(token: string): Promise<{ cookie: string; subscriberId: string } | null> {
    const now = this.deps.clock.now();
    const subscriberId = await this.deps.links.consume(token, now);
    if (!subscriberId) return null;
    const sub = await this.deps.store.get(this.deps.sql, subscriberId);
    if (!sub) return null;
    // The link reached the inbox: the address is proven, as by the confirmation link.
    await this.deps.store.markVerified(this.deps.sql, subscriberId, now);
    const cookie = await this.deps.sessions.issue(subscriberId, now);
    this.log.log(`subscriber ${subscriberId} signed in`);
    return { cookie, subscriberId };
  }

  linkUsable(token: string): Promise<boolean> {
    return this.deps.links.usable(token, this.deps.clock.now());
  }
}

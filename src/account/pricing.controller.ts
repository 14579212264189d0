/**
 * The public plan pages: /pricing (plans from config, a Checkout button per paid plan, Free
 * sign-up), Stripe Checkout's return pages /billing/success and /billing/cancel, and the pages'
 * stylesheet.
 */
import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { emailSchema } from '../subscribers/subscriber-service.js';
import { ACCOUNT_SERVICES } from './account.tokens.js';
import type { AccountServices } from './account.composition.js';
import { planCards, trialNote } from './plans.js';
import { PageKit } from './web/page-kit.js';

const checkoutForm = z.object({
  csrf: z.string().max(200).optional(),
  plan: z.enum(['premium', 'basic']),
  interval: z.enum(['month', 'year']).default('month'),
  email: z.string().max(320).optional(),
});
const freeForm = z.object({ csrf: z.string().max(200).optional(), email: z.string().max(320) });

@Controller()
export class PricingController {
  private readonly kit: PageKit;

  constructor(@Inject(ACCOUNT_SERVICES) private readonly a: AccountServices) {
    this.kit = new PageKit(a);
  }

  @Get('site.css')
  stylesheet(@Res() res: Response): void {
    res.type('text/css').set('cache-control', 'public, max-age=3600').send(this.a.views.stylesheet);
  }

  @Get('pricing')
  async pricing(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderPricing(req, res, null);
  }

  @Post('pricing/checkout')
  async checkout(@Req() req: Request, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const session = await this.kit.session(req);
    const form = checkoutForm.safeParse(body ?? {});
    if (!form.success) {
      await this.renderPricing(req, res, 'Choose a plan and enter your email address.', 400);
      return;
    }
    if (!this.kit.checkCsrf(req, session, form.data.csrf)) return this.kit.refused(res, !!session);
    const email = session ? null : emailSchema.safeParse(form.data.email ?? '');
    if (email && !email.success) {
      await this.renderPricing(req, res, 'Enter a valid email address to subscribe.', 400);
      return;
    }
    const checkout = await this.a.billing.billing.checkout({
      subscriberId: session?.subscriberId ?? null,
      email: email?.success ? email.data : null,
      plan: form.data.plan,
      interval: form.data.interval,
    });
    res.redirect(303, checkout.url);
  }

  @Post('pricing/free')
  async free(@Req() req: Request, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const form = freeForm.safeParse(body ?? {});
    const email = emailSchema.safeParse(form.success ? form.data.email : '');
    if (!form.success || !email.success) {
      await this.renderPricing(req, res, 'Enter a valid email address to sign up.', 400);
      return;
    }
    if (!this.a.forms.check(req, form.data.csrf)) return this.kit.refused(res, false);
    await this.a.subscribers.subscribers.signUp({ email: email.data });
    this.kit.message(
      res,
      {
        title: 'Check your inbox',
        heading: 'Check your inbox',
        paragraphs: [
          'We sent a link to confirm your address. Once confirmed, you receive the Free plan by email.',
        ],
        steps: [
          'Open the confirmation email and press the button.',
          'Sign in to your account to link Telegram or Discord and choose what you receive.',
        ],
        links: [
          { href: '/account', label: 'Go to your account' },
          { href: '/track-record', label: 'See the track record', secondary: true },
        ],
      },
      false,
    );
  }

  @Get('billing/success')
  async success(@Req() req: Request, @Res() res: Response): Promise<void> {
    const signedIn = !!(await this.kit.session(req));
    this.kit.message(
      res,
      {
        title: 'Welcome aboard',
        heading: 'Thank you — your subscription is starting',
        paragraphs: [
          'Your plan is active as soon as Stripe confirms the payment, usually within seconds. Stripe emails your receipt.',
        ],
        steps: [
          'Confirm your email address with the link we sent (if you have not already).',
          'Sign in to your account with your email: no password needed.',
          'Link Telegram (one tap) or Discord (the /link command) to receive signals there, and choose your symbols and quiet hours.',
        ],
        links: [
          { href: '/account', label: signedIn ? 'Open your account' : 'Sign in to your account' },
        ],
      },
      signedIn,
    );
  }

  @Get('billing/cancel')
  async cancel(@Req() req: Request, @Res() res: Response): Promise<void> {
    const signedIn = !!(await this.kit.session(req));
    this.kit.message(
      res,
      {
        title: 'Checkout cancelled',
        heading: 'No charge was made',
        paragraphs: [
          'You left the payment page before paying, so nothing changed. You can choose a plan again at any time.',
        ],
        links: [
          { href: '/pricing', label: 'Back to the plans' },
          { href: '/track-record', label: 'See the track record', secondary: true },
        ],
      },
      signedIn,
    );
  }

  private async renderPricing(
    req: Request,
    res: Response,
    notice: string | null,
    status = 200,
  ): Promise<void> {
    const session = await this.kit.session(req);
    const sub = session
      ? await this.a.subscribers.store.get(this.a.dataSource, session.subscriberId)
      : null;
    this.kit.html(
      res,
      this.a.views.render('pricing', {
        title: 'Plans and pricing',
        signedIn: !!session,
        csrf: this.kit.csrfFor(req, res, session),
        notice,
        plans: planCards(this.a.config, sub?.tier ?? null),
        trialNote: trialNote(this.a.config),
        promotionCodes: this.a.config.BILLING_ALLOW_PROMOTION_CODES,
      }),
      status,
    );
  }
}

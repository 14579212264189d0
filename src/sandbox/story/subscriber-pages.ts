/**
 * The subscriber pages in the demo: a newcomer opens /pricing, pays on the local fake Stripe's
 * hosted Checkout (whose webhooks reach the app, as Stripe's would), and signs in to /account
 * with the emailed link. The demo sends no real mail (the outbox transport), so each sign-in
 * link is printed on the demo's console as it is sent. "Link Telegram" opens a local stand-in
 * for t.me (ACCOUNT_TELEGRAM_LINK_BASE=/demo/telegram): its Start button hands the bot the
 * `/start <token>` update a Telegram user would send, built by the fake Telegram API.
 *
 *   startApp(config, { beforeListen: (app) => mountDemoTelegram(app, fakes) });
 *   openSubscriberPages(running.app, fakes, running.url, print);   // after startApp
 */
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, Request, Response } from 'express';
import { SmtpMailer } from '../../subscribers/adapters/smtp-mailer.js';
import type { OutgoingEmail } from '../../subscribers/mailer.js';
import type { SubscriberServices } from '../../subscribers/subscribers.composition.js';
import { SUBSCRIBER_SERVICES } from '../../subscribers/subscribers.tokens.js';
import type { BillingDemoFakes } from './billing-story.js';

const SIGN_IN = /sign-in link/i;

export function openSubscriberPages(
  app: INestApplicationContext,
  fakes: BillingDemoFakes,
  url: string | null,
  print: (line: string) => void,
): { stop(): void } {
  if (!url) return { stop: () => undefined };
  fakes.stripe.webhookUrl = `${url}/billing/webhook`;
  print(`  pricing    ${url}/pricing  (pay on the local fake Stripe; sign-in links print here)`);
  const { mailer } = app.get<SubscriberServices>(SUBSCRIBER_SERVICES);
  if (!(mailer instanceof SmtpMailer)) return { stop: () => undefined };
  const seen = new WeakSet<OutgoingEmail>();
  for (const m of mailer.outbox) seen.add(m);
  const timer = setInterval(() => {
    for (const m of mailer.outbox) {
      if (seen.has(m)) continue;
      seen.add(m);
      const link = /https?:\/\/\S+/.exec(m.text)?.[0];
      if (SIGN_IN.test(m.subject) && link) print(`  ✉ sign-in link: ${link}`);
    }
  }, 500);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Where the demo's "Link Telegram" buttons lead (ACCOUNT_TELEGRAM_LINK_BASE in the demo). */
export const DEMO_TELEGRAM_PATH = '/demo/telegram';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

function telegramPage(res: Response, title: string, body: string): void {
  res
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><link rel="stylesheet" href="/site.css"></head><body><main class="wrap"><section class="hero narrow"><p class="eyebrow">Telegram (demo stand-in)</p><h1>${esc(title)}</h1>${body}</section></main></body></html>`,
    );
}

/** The stand-in for t.me/<bot>?start=<token>: a Start button that links the chat. */
export function mountDemoTelegram(app: NestExpressApplication, fakes: BillingDemoFakes): void {
  let nextChat = 940_001;
  const express = app.getHttpAdapter().getInstance() as Express;
  express.get(`${DEMO_TELEGRAM_PATH}/:bot`, (req: Request, res: Response) => {
    const token = String(req.query.start ?? '');
    if (!TOKEN.test(token)) return telegramPage(res.status(400), 'No link token', '');
    const action = `${DEMO_TELEGRAM_PATH}/${encodeURIComponent(String(req.params.bot))}?start=${token}`;
    telegramPage(
      res,
      `@${req.params.bot}`,
      `<p>Press Start to open a chat with the bot and link it to your account.</p><form method="post" action="${esc(action)}"><button type="submit">Start</button></form>`,
    );
  });
  express.post(`${DEMO_TELEGRAM_PATH}/:bot`, (req: Request, res: Response) => {
    const token = String(req.query.start ?? '');
    const bot = app.get<SubscriberServices>(SUBSCRIBER_SERVICES).telegramBot;
    if (!TOKEN.test(token) || !bot) return telegramPage(res.status(400), 'Cannot link', '');
    const chatId = nextChat++;
    void bot.bot
      .handleUpdate(fakes.telegram.textUpdate({ chatId, text: `/start ${token}` }))
      .then(() => {
        const reply = fakes.telegram.sentTo(chatId).at(-1) ?? 'No answer.';
        telegramPage(
          res,
          `@${req.params.bot}`,
          `<p class="notice" role="status">${esc(reply)}</p><p class="actions"><a class="button" href="/account">Back to your account</a></p>`,
        );
      })
      .catch(() => telegramPage(res.status(500), 'The bot failed', ''));
  });
}

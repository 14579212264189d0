import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Clock } from '../../../src/common/clock.js';
import { FakeDiscordApi } from '../../../src/sandbox/platforms/discord.js';
import { FakeRedditApi } from '../../../src/sandbox/platforms/reddit.js';
import { FakeTelegramApi } from '../../../src/sandbox/platforms/telegram.js';
import { FakeTwitterApi } from '../../../src/sandbox/platforms/twitter.js';

export interface ReceivedMail {
  to: string;
  receivedAt: number;
  raw: string;
  parsed?: ParsedMail;
}

/** A local SMTP server recording each message with its arrival time on the given clock. */
export async function startSmtp(clock: Clock, options: { parse?: boolean; delayMs?: number } = {}) {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 200,
    onData(stream, session, callback) {
      const receivedAt = clock.now();
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        for (const rcpt of session.envelope.rcptTo)
          mails.push({ to: rcpt.address, receivedAt, raw });
        callback();
      });
    },
  });
  server.on('error', () => undefined); // a killed client resets its connections
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    mails,
    url: `smtp://127.0.0.1:${port}`,
    async parsed(): Promise<ReceivedMail[]> {
      for (const m of mails)
        if (!m.parsed && options.parse !== false) m.parsed = await simpleParser(m.raw);
      return mails;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const WEBHOOKS = { premium: '1001', basic: '1002', free: '1003' } as const;
export const GROUPS = { premium: '-1001', basic: '-1002', free: '-1003' } as const;

/** Every platform fake, on the engine clock, plus the environment pointing the app at them. */
export async function startChannelRig(clock: Clock) {
  const discord = await FakeDiscordApi.start({ clock });
  const telegram = await FakeTelegramApi.start({ clock, token: '123456:fake-token' });
  const twitter = await FakeTwitterApi.start({ clock });
  const reddit = await FakeRedditApi.start({ clock });
  const smtp = await startSmtp(clock);
  const env: Record<string, string> = {
    DISCORD_API_BASE: discord.apiBase,
    DISCORD_WEBHOOK_PREMIUM: `${WEBHOOKS.premium}/tok-premium`,
    DISCORD_WEBHOOK_BASIC: `${WEBHOOKS.basic}/tok-basic`,
    DISCORD_WEBHOOK_FREE: `${WEBHOOKS.free}/tok-free`,
    TELEGRAM_BOT_TOKEN: '123456:fake-token',
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_CHAT_PREMIUM: GROUPS.premium,
    TELEGRAM_CHAT_BASIC: GROUPS.basic,
    TELEGRAM_CHAT_FREE: GROUPS.free,
    SMTP_URL: smtp.url,
    SMTP_POOL_SIZE: '5',
    TWITTER_APP_KEY: 'ck',
    TWITTER_APP_SECRET: 'cs',
    TWITTER_ACCESS_TOKEN: 'at',
    TWITTER_ACCESS_SECRET: 'as',
    TWITTER_CONNECT_TO: twitter.connectTo,
    REDDIT_CLIENT_ID: 'fake-client',
    REDDIT_CLIENT_SECRET: 'fake-secret',
    REDDIT_USERNAME: 'gammadesk_bot',
    REDDIT_PASSWORD: 'fake-password',
    REDDIT_AUTH_URL: reddit.origin,
    REDDIT_API_URL: reddit.origin,
  };
  return {
    discord,
    telegram,
    twitter,
    reddit,
    smtp,
    env,
    async close() {
      await Promise.all([
        discord.close(),
        telegram.close(),
        twitter.close(),
        reddit.close(),
        smtp.close(),
      ]);
    },
  };
}

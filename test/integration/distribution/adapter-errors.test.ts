import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordSender } from '../../../src/distribution/adapters/discord.js';
import { RedditSender } from '../../../src/distribution/adapters/reddit.js';
import { TelegramSender } from '../../../src/distribution/adapters/telegram.js';
import { TwitterSender } from '../../../src/distribution/adapters/twitter.js';
import {
  SendError,
  type ChannelSender,
  type OutgoingMessage,
} from '../../../src/distribution/channel-sender.js';
import { FakeDiscordApi } from '../../../src/sandbox/platforms/discord.js';
import { FakeRedditApi } from '../../../src/sandbox/platforms/reddit.js';
import { FakeTelegramApi } from '../../../src/sandbox/platforms/telegram.js';
import { FakeTwitterApi } from '../../../src/sandbox/platforms/twitter.js';

const base = {
  deliveryId: '42',
  tier: 'premium' as const,
  recipient: '',
  address: null,
  text: 'x',
  idempotencyKey: 'gd-42',
};

async function failure(p: Promise<unknown>): Promise<SendError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SendError) return err;
    throw err;
  }
  throw new Error('expected a SendError');
}

describe('channel adapters map platform errors to rate_limited / transient / permanent', () => {
  let discord: FakeDiscordApi;
  let telegram: FakeTelegramApi;
  let twitter: FakeTwitterApi;
  let reddit: FakeRedditApi;
  beforeAll(async () => {
    discord = await FakeDiscordApi.start({ botToken: 'bot-token' });
    telegram = await FakeTelegramApi.start({ token: '123456:fake-token' });
    twitter = await FakeTwitterApi.start();
    reddit = await FakeRedditApi.start();
  });
  /** The bot's credentials at the fake Reddit (script app, password grant). */
  const redditOptions = () => ({
    clientId: 'fake-client',
    clientSecret: 'fake-secret',
    username: 'gammadesk_bot',
    password: 'fake-password',
    subreddit: 'GammaDesk',
    authUrl: reddit.origin,
    apiUrl: reddit.origin,
    wallNow: () => Date.now(),
  });
  afterAll(async () => {
    await Promise.all([discord.close(), telegram.close(), twitter.close(), reddit.close()]);
  });

  it('Discord bot mode sends a nonce with enforce_nonce; 429 / 500 / 404 are classified', async () => {
    const sender = new DiscordSender({
      apiBase: discord.apiBase,
      botToken: 'bot-token',
      targets: { premium: { channelId: '777' } },
    });
    const msg: OutgoingMessage = {
      ...base,
      message: { channel: 'discord', content: 'hello', embeds: [{ title: 't' }] },
    };
    const sent = await sender.send(msg);
    const req = discord.requestsTo({ method: 'POST', path: '/channels/777/messages' })[0];
    expect(req.body).toMatchObject({ content: 'hello', nonce: 'gd-42', enforce_nonce: true });
    expect(sent.providerMessageId).toBe(discord.messages[0].id);

    discord.fail({ status: 429, retryAfterSeconds: 0.3, path: '/channels/777' });
    const limited = await failure(sender.send(msg));
    expect(limited.kind).toBe('rate_limited');
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    discord.fail({ status: 500, path: '/channels/777' });
    expect((await failure(sender.send(msg))).kind).toBe('transient');
    const unknownChannel = new DiscordSender({
      apiBase: discord.apiBase,
      botToken: 'wrong',
      targets: { premium: { channelId: '777' } },
    });
    expect((await failure(unknownChannel.send(msg))).kind).toBe('permanent');
    await sender.close();
    await unknownChannel.close();
  });

  it('Telegram: 429 carries retry_after; 500 transient; a bad token permanent', async () => {
    const sender = new TelegramSender({
      botToken: '123456:fake-token',
      apiRoot: telegram.apiRoot,
      groups: { premium: '-100' },
    });
    const msg: OutgoingMessage = {
      ...base,
      message: { channel: 'telegram', html: '<b>hi</b> &amp; bye' },
    };
    expect((await sender.send(msg)).providerMessageId).toMatch(/^-100:\d+$/);
    expect(telegram.sentTo('-100')).toEqual(['<b>hi</b> &amp; bye']);
    telegram.fail({ status: 429, retryAfterSeconds: 3, path: '/sendMessage' });
    const limited = await failure(sender.send(msg));
    expect([limited.kind, limited.retryAfterMs]).toEqual(['rate_limited', 3000]);
    telegram.fail({ status: 500, path: '/sendMessage' });
    expect((await failure(sender.send(msg))).kind).toBe('transient');
    const wrong = new TelegramSender({
      botToken: '999:nope',
      apiRoot: telegram.apiRoot,
      groups: { premium: '-100' },
    });
    expect((await failure(wrong.send(msg))).kind).toBe('permanent');
    await sender.close();
    await wrong.close();
  });

  it('X: 429 waits for the reset; a duplicate tweet is permanent', async () => {
    let wall = Date.now();
    const sender = new TwitterSender({
      appKey: 'k',
      appSecret: 's',
      accessToken: 't',
      accessSecret: 'a',
      connectTo: twitter.connectTo,
      wallNow: () => wall,
    });
    const msg: OutgoingMessage = {
      ...base,
      tier: 'free',
      message: { channel: 'twitter', status: 'Bullish SPY setup triggered' },
    };
    expect((await sender.send(msg)).providerMessageId).toBe(twitter.tweets[0].id);
    expect((await failure(sender.send(msg))).kind).toBe('permanent');
    twitter.fail({ status: 429, retryAfterSeconds: 5 });
    wall = Date.now();
    const limited = await failure(
      sender.send({ ...msg, message: { channel: 'twitter', status: 'other' } }),
    );
    expect(limited.kind).toBe('rate_limited');
    expect(limited.retryAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(limited.retryAfterMs).toBeLessThanOrEqual(9_000); // reset = arrival + 5 s, rounded up
    twitter.fail({ status: 500 });
    expect(
      (await failure(sender.send({ ...msg, message: { channel: 'twitter', status: 'third' } })))
        .kind,
    ).toBe('transient');
    await sender.close();
  });

  it('Reddit: token then submit; 429 rate_limited with Retry-After; bad credentials permanent', async () => {
    const opts = redditOptions();
    const sender = new RedditSender(opts);
    const msg: OutgoingMessage = {
      ...base,
      tier: 'free',
      message: { channel: 'reddit', title: 'Bullish SPY setup triggered', markdown: '**x**' },
    };
    expect((await sender.send(msg)).providerMessageId).toBe(`t3_${reddit.posts[0].id}`);
    reddit.fail({ status: 429, retryAfterSeconds: 2, path: '/api/submit' });
    const limited = await failure(sender.send(msg));
    expect([limited.kind, limited.retryAfterMs]).toEqual(['rate_limited', 2000]);
    reddit.fail({ status: 503, path: '/api/submit' });
    expect((await failure(sender.send(msg))).kind).toBe('transient');
    const wrong = new RedditSender({ ...opts, password: 'nope' });
    expect((await failure(wrong.send(msg))).kind).toBe('permanent');
    await sender.close();
    await wrong.close();
  });

  it('a send still waiting for its platform limit when the adapter closes fails transient (shutdown releases its row)', async () => {
    /** Sends `allowed` messages (the limit), then one more that must wait; closes meanwhile. */
    const dropped = async (
      sender: Required<Pick<ChannelSender, 'send' | 'close'>>,
      msg: OutgoingMessage,
      allowed: number,
    ) => {
      const sent = Array.from({ length: allowed }, () => sender.send(msg));
      const waiting = failure(sender.send(msg));
      await Promise.all(sent);
      await sender.close();
      return (await waiting).kind;
    };
    const discordSender = new DiscordSender({
      apiBase: discord.apiBase,
      botToken: 'bot-token',
      targets: { premium: { channelId: '778' } },
    });
    const discordMsg: OutgoingMessage = {
      ...base,
      message: { channel: 'discord', content: 'limited', embeds: [] },
    };
    expect(await dropped(discordSender, discordMsg, 5)).toBe('transient');
    expect(discord.requestsTo({ method: 'POST', path: '/channels/778/messages' })).toHaveLength(5);

    const telegramSender = new TelegramSender({
      botToken: '123456:fake-token',
      apiRoot: telegram.apiRoot,
      groups: { premium: '-200' },
      perGroupPerMinute: 1,
    });
    const telegramMsg: OutgoingMessage = {
      ...base,
      message: { channel: 'telegram', html: 'limited' },
    };
    expect(await dropped(telegramSender, telegramMsg, 1)).toBe('transient');
    expect(telegram.sentTo('-200')).toEqual(['limited']);

    const twitterSender = new TwitterSender({
      appKey: 'k',
      appSecret: 's',
      accessToken: 't',
      accessSecret: 'a',
      connectTo: twitter.connectTo,
    });
    const tweets = twitter.tweets.length;
    const tweet: OutgoingMessage = {
      ...base,
      tier: 'free',
      message: { channel: 'twitter', status: 'limited tweet' },
    };
    expect(await dropped(twitterSender, tweet, 1)).toBe('transient');
    expect(twitter.tweets.length).toBe(tweets + 1);

    const redditSender = new RedditSender(redditOptions());
    const posts = reddit.posts.length;
    const post: OutgoingMessage = {
      ...base,
      tier: 'free',
      message: { channel: 'reddit', title: 'limited', markdown: 'x' },
    };
    expect(await dropped(redditSender, post, 1)).toBe('transient');
    expect(reddit.posts.length).toBe(posts + 1);
  });
});

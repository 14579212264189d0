import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, loadConfig } from '../../../src/config/config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

/** Every channel of the default tier lists, fully configured. */
const complete = {
  NODE_ENV: 'production',
  SUBSCRIBER_TOKEN_SECRET: 'a-production-secret-of-enough-length',
  DISCORD_WEBHOOK_PREMIUM: 'https://discord.com/api/webhooks/1/a',
  DISCORD_WEBHOOK_BASIC: 'https://discord.com/api/webhooks/2/b',
  DISCORD_WEBHOOK_FREE: 'https://discord.com/api/webhooks/3/c',
  TELEGRAM_BOT_TOKEN: '123:abc',
  TELEGRAM_CHAT_PREMIUM: '-1001',
  TELEGRAM_CHAT_BASIC: '-1002',
  SMTP_URL: 'smtp://mail.example:587',
  TWITTER_APP_KEY: 'k',
  TWITTER_APP_SECRET: 's',
  TWITTER_ACCESS_TOKEN: 't',
  TWITTER_ACCESS_SECRET: 'x',
  REDDIT_CLIENT_ID: 'id',
  REDDIT_CLIENT_SECRET: 'secret',
  REDDIT_USERNAME: 'bot',
  REDDIT_PASSWORD: 'pw',
};

const without = (...keys: string[]) =>
  Object.fromEntries(Object.entries(complete).filter(([k]) => !keys.includes(k)));

describe('channel credentials in production', () => {
  it('a completely configured deployment loads', () => {
    expect(problemsOf(complete)).toEqual([]);
  });

  it('a half-configured channel is a start-up problem naming what is missing', () => {
    const problems = problemsOf(without('TWITTER_ACCESS_SECRET'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /twitter \(free\) is half-configured: missing TWITTER_ACCESS_SECRET/,
    );
    expect(problems[0]).toMatch(/DISTRIBUTION_DISABLED_CHANNELS/);
  });

  it('lists every problem at once, with the schema’s own', () => {
    const problems = problemsOf({
      ...without('REDDIT_PASSWORD', 'SMTP_URL', 'TELEGRAM_CHAT_BASIC'),
      SMTP_HOST: 'mail.example',
      PORT: 'not-a-port',
    });
    expect(problems.some((p) => p.startsWith('PORT'))).toBe(true);
    expect(problems.some((p) => /reddit .* missing REDDIT_PASSWORD/.test(p))).toBe(true);
    expect(problems.some((p) => /email .* not configured: missing SMTP_URL/.test(p))).toBe(true);
    expect(problems.some((p) => /telegram .* missing TELEGRAM_CHAT_BASIC/.test(p))).toBe(true);
  });

  it('a tier without its Discord channel is missing (webhook, or bot token + channel id)', () => {
    expect(problemsOf(without('DISCORD_WEBHOOK_FREE'))[0]).toMatch(/missing DISCORD_WEBHOOK_FREE/);
    const bot = {
      ...without('DISCORD_WEBHOOK_FREE'),
      DISCORD_BOT_TOKEN: 'bot',
    };
    expect(problemsOf(bot)[0]).toMatch(/missing DISCORD_CHANNEL_FREE/);
    expect(problemsOf({ ...bot, DISCORD_CHANNEL_FREE: '42' })).toEqual([]);
  });

  it('an explicitly disabled channel needs nothing, and a channel no tier lists neither', () => {
    const env = { ...without('TWITTER_APP_KEY', 'TWITTER_ACCESS_SECRET', 'SMTP_URL') };
    expect(problemsOf({ ...env, DISTRIBUTION_DISABLED_CHANNELS: 'twitter,email' })).toEqual([]);
    expect(
      loadConfig({ ...env, DISTRIBUTION_DISABLED_CHANNELS: 'twitter,email' })
        .DISTRIBUTION_DISABLED_CHANNELS,
    ).toEqual(['twitter', 'email']);
    expect(
      problemsOf({
        ...env,
        DISTRIBUTION_CHANNELS_PREMIUM: 'discord,telegram',
        DISTRIBUTION_CHANNELS_BASIC: 'discord,telegram',
        DISTRIBUTION_CHANNELS_FREE: 'discord,reddit',
      }),
    ).toEqual([]);
  });

  it('an unknown name in the disabled list is a problem', () => {
    expect(problemsOf({ ...complete, DISTRIBUTION_DISABLED_CHANNELS: 'twiter' })[0]).toMatch(
      /DISTRIBUTION_DISABLED_CHANNELS/,
    );
  });

  it('outside production an unconfigured channel still goes to the outbox; half-configured is warned', () => {
    expect(problemsOf({})).toEqual([]);
    const env = { TWITTER_APP_KEY: 'k' };
    expect(problemsOf(env)).toEqual([]);
    expect(configWarnings(env).join('\n')).toMatch(/twitter \(free\) is half-configured/);
  });
});

describe('misspelt variables', () => {
  it('warns about names one or two edits from a known key that share its prefix', () => {
    const warnings = configWarnings({
      TWITTER_ACCES_SECRET: 'x',
      SMPT_URL: 'smtp://x', // prefix SMPT_ is not ours: not judged
      TELEGRAM_BOT_TOKN: 'y',
      DISCORD_WEBHOOK_PREMIUM: 'https://discord.com/api/webhooks/1/a',
      REDIS_HOST: 'localhost', // our prefix, but no key close to it
      PATH: '/usr/bin',
    });
    expect(warnings).toContain(
      'TWITTER_ACCES_SECRET is not a GammaDesk setting: did you mean TWITTER_ACCESS_SECRET?',
    );
    expect(warnings).toContain(
      'TELEGRAM_BOT_TOKN is not a GammaDesk setting: did you mean TELEGRAM_BOT_TOKEN?',
    );
    expect(warnings.filter((w) => w.includes('is not a GammaDesk setting'))).toHaveLength(2);
  });
});

/**
 * Every bot command on Telegram (telegraf, replies through the local fake Telegram Bot API) and
 * Discord (interactions), answered at the caller's tier, over a real PostgreSQL schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/common/clock.js';
import { loadConfig } from '../../../src/config/config.js';
import { TemplateWhyExplainer } from '../../../src/narrative/why-explainer.js';
import { FakeTelegramApi } from '../../../src/sandbox/platforms/telegram.js';
import type { PublishedSignal } from '../../../src/signals/signal.js';
import type { SignalRecordView } from '../../../src/signals/signal-record.js';
import { BOT_COMMANDS } from '../../../src/subscribers/bot-commands.js';
import {
  createSubscriberServices,
  type SubscriberServices,
} from '../../../src/subscribers/subscribers.composition.js';
import type { Tier } from '../../../src/vocabulary/tier.js';
import { openTestDatabase } from '../../support/database.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';

const NOW = Date.UTC(2026, 2, 2, 15, 10); // 10:10 New York
const TG_TOKEN = '555:bot-commands-token';

function signal(id: string, publishedAt: number): PublishedSignal {
  return sampleSignal({
    id,
    triggeredBy: ['net GEX below −$500M', 'spot crossed the flip'],
    narrative: 'Dealers are short gamma.',
    levels: { gammaFlip: 438.5 },
    chartUrl: undefined,
    publishedAt,
    dataAsOf: publishedAt - 1_000,
  });
}

const EARLY = signal('SIG-20260302-001', NOW - 10 * 60_000); // 10:00, every tier has it
const LATE = signal('SIG-20260302-002', NOW - 30_000); // 10:09:30, Premium only so far

function view(s: PublishedSignal): SignalRecordView {
  return {
    id: s.id,
    status: 'active',
    published: s,
    outcome: null,
    explanation: {
      candidateKey: s.id,
      strategy: s.strategy,
      setup: 'squeeze',
      symbol: s.symbol,
      triggeredBy: s.triggeredBy,
      inputs: {},
      snapshotId: 'snap-1',
      dataAsOf: s.dataAsOf,
      feedTimestamps: {},
      counterfactuals: [],
      regime: null,
      regimeHitRate: null,
      risk: { checks: [], quantity: 3, kellyFraction: 0.1, winRate: 0.6 },
    },
  };
}

describe('bot commands at each tier, on Telegram and Discord', () => {
  let telegram: FakeTelegramApi;
  let services: SubscriberServices;
  let drop: () => Promise<void>;
  let sql: (text: string, params?: unknown[]) => Promise<unknown>;
  const levelsAsked: { symbol: string; delayMs?: number }[] = [];
  const ids: Record<Tier, string> = { premium: '', basic: '', free: '' };
  const chat: Record<Tier, number> = { premium: 7101, basic: 7102, free: 7103 };
  const discordUser: Record<Tier, string> = {
    premium: '810000000000000001',
    basic: '810000000000000002',
    free: '810000000000000003',
  };

  beforeAll(async () => {
    telegram = await FakeTelegramApi.start({ token: TG_TOKEN });
    const ctx = await openTestDatabase();
    drop = ctx.drop;
    const ds = ctx.db.dataSource;
    sql = (text, params = []) => ds.query(text, params);
    const clock = new FakeClock(NOW);
    const config = loadConfig({
      NODE_ENV: 'test',
      SUBSCRIBER_TOKEN_SECRET: 'bot-commands-secret-0123456789',
      PUBLIC_BASE_URL: 'http://gammadesk.test',
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_BOT_USERNAME: 'GammaDeskBot',
    });
    const records = new Map([EARLY, LATE].map((s) => [s.id, view(s)]));
    services = createSubscriberServices({
      dataSource: ds,
      config,
      clock,
      explainer: new TemplateWhyExplainer(
        { getSignal: async (id) => records.get(id) ?? null },
        {
          rules: {
            premium: { delayMs: 0 },
            basic: { delayMs: 60_000 },
            free: { delayMs: 300_000 },
          },
        },
        clock,
      ),
      levels: {
        levels: async (symbol) => {
          levelsAsked.push({ symbol });
          return symbol === 'SPY' ? 'SPY 441.20 — Gamma flip: 438.50' : null;
        },
        roundedLevels: async (symbol, delayMs) => {
          levelsAsked.push({ symbol, delayMs });
          return symbol === 'SPY' ? 'SPY around 441 — Gamma flip: 440' : null;
        },
      },
      trackRecord: {
        byStrategy: async (tier) => [
          {
            strategy: 'gex_squeeze',
            trades: 3,
            wins: 2,
            avgR: tier === 'premium' ? 0.5 : 0.3,
            pnlPerContract: 84,
          },
          { strategy: 'gex_iron_condor', trades: 1, wins: 0, avgR: -1, pnlPerContract: -120 },
        ],
      },
    });
    for (const tier of ['premium', 'basic', 'free'] as const) {
      const sub = await services.store.create(
        ds,
        { email: `${tier}@bots.test`, emailStatus: 'verified' },
        NOW,
      );
      ids[tier] = sub.id;
      await ds.query(
        `UPDATE subscriber SET tier = $2, telegram_chat_id = $3, telegram_user_id = $3, discord_user_id = $4 WHERE id = $1`,
        [sub.id, tier, String(chat[tier]), discordUser[tier]],
      );
    }
    for (const s of [EARLY, LATE]) {
      await ds.query(
        `INSERT INTO engine_signal (id, status, strategy, setup, symbol, direction, candidate, published,
           explanation, outcome, history, created_at, updated_at)
         VALUES ($1, 'active', $2, 'squeeze', 'SPY', 'bullish', '{}', $3, '{}', $4, '[]', $5, $5)`,
        [
          s.id,
          s.strategy,
          JSON.stringify(s),
          s === EARLY
            ? JSON.stringify({ exitPrice: 1.88, returnPct: 0.504, reason: 'target' })
            : null,
          new Date(s.publishedAt - 1_000),
        ],
      );
    }
  });
  afterAll(async () => {
    await telegram?.close();
    await drop?.();
  });

  async function onTelegram(chatId: number, text: string): Promise<string> {
    const before = telegram.sentTo(chatId).length;
    await services.telegramBot!.handleUpdate(telegram.textUpdate({ chatId, text }));
    const sent = telegram.sentTo(chatId);
    expect(sent.length, `a reply to ${text}`).toBe(before + 1);
    return sent.at(-1)!;
  }

  async function onDiscord(userId: string, name: string, value?: string): Promise<string> {
    const response = await services.discordInteractions.handle({
      type: 2,
      data: { name, ...(value !== undefined ? { options: [{ name: 'arg', value }] } : {}) },
      member: { user: { id: userId } },
    });
    expect(response).toMatchObject({ type: 4, data: { flags: 64 } });
    return String((response as { data: { content: string } }).data.content);
  }

  /** The same command on both platforms: the same answer. */
  async function both(tier: Tier, command: string, arg?: string): Promise<string> {
    const tg = await onTelegram(
      chat[tier],
      arg === undefined ? `/${command}` : `/${command} ${arg}`,
    );
    const dc = await onDiscord(discordUser[tier], command, arg);
    expect(dc).toBe(tg);
    return tg;
  }

  it('/help lists every command, /tier says what the plan includes', async () => {
    const help = await both('basic', 'help');
    for (const c of BOT_COMMANDS) expect(help).toContain(`/${c}`);
    expect(help).toContain('http://gammadesk.test/pricing');
    expect(await both('premium', 'tier')).toMatch(/^Your plan is Premium/);
    expect(await both('basic', 'tier')).toContain('every signal 1 minute after Premium');
    expect(await both('free', 'tier')).toContain('5 minutes after Premium');
    expect(await both('premium', 'status')).toContain('Telegram: linked · Discord: linked');
  });

  it('/signals: today’s, at the caller’s tier and after its delay', async () => {
    const premium = await both('premium', 'signals');
    expect(premium).toContain(
      '10:00 ET · SIG-20260302-001 · BUY SPY 442C 2026-03-06 @ $1.25 · stop $0.65 · target $2.40 — closed with a gain of 50%',
    );
    expect(premium).toContain('10:09 ET · SIG-20260302-002');
    const basic = await both('basic', 'signals');
    expect(basic).toContain(
      'SIG-20260302-001 · BUY SPY calls around 440 — closed with a gain of 50%',
    );
    expect(basic).not.toContain('SIG-20260302-002');
    expect(basic).toContain('1 more signal reaches your plan shortly');
    expect(basic).not.toMatch(/442|1\.25|0\.65|2\.40/);
    const free = await both('free', 'signals');
    expect(free).toContain('SIG-20260302-001 · Bullish SPY setup triggered');
    expect(free).not.toContain('calls around');
  });

  it('/why ID answers at each tier; bad and missing ids get a usage line', async () => {
    expect(await both('premium', 'why', 'SIG-20260302-001')).toContain(
      'negative-gamma squeeze on SPY',
    );
    const basic = await both('basic', 'why', 'sig-20260302-001');
    expect(basic).toContain('SPY calls around 440');
    expect(basic).not.toMatch(/442|1\.25/);
    expect(await both('basic', 'why', 'SIG-20260302-002')).toMatch(
      /reaches the basic tier at 10:10:30 ET/,
    );
    expect(await both('free', 'why', 'SIG-20260302-001')).toContain('Bullish SPY setup triggered');
    expect(await both('free', 'why', 'hello')).toContain('is not a signal id');
    expect(await both('free', 'why')).toContain('for example /why SIG-20260302-001');
    expect(await both('premium', 'why', 'SIG-20990101-001')).toContain(
      "I can't find SIG-20990101-001",
    );
  });

  it('/levels: Premium live, Basic rounded at its delay, Free what levels are and how to get them', async () => {
    expect(await both('premium', 'levels', 'spy')).toContain('Gamma flip: 438.50');
    const basic = await both('basic', 'levels', 'SPY');
    expect(basic).toContain('Gamma flip: 440');
    expect(basic).toContain('Rounded, as of 1 minute ago');
    expect(
      levelsAsked.filter((a) => a.delayMs !== undefined).every((a) => a.delayMs === 60_000),
    ).toBe(true);
    const free = await both('free', 'levels', 'SPY');
    expect(free).toContain('gamma flip');
    expect(free).toContain('http://gammadesk.test/pricing');
    expect(await both('premium', 'levels', 'NOPE')).toBe('No levels for NOPE yet today.');
    expect(await both('premium', 'levels', '12$%')).toContain('is not a ticker');
    expect(await both('premium', 'levels')).toContain('/levels SPY');
  });

  it('/performance: the record by strategy, plurals right', async () => {
    const text = await both('basic', 'performance');
    expect(text).toContain(
      'negative-gamma squeeze: 3 trades, 2 wins (67%), +0.30 R a trade, +$84.00 a contract in all',
    );
    expect(text).toContain(
      'iron condor between gamma walls: 1 trade, 0 wins (0%), −1.00 R a trade',
    );
    expect(text).toContain('http://gammadesk.test/track-record');
  });

  it('/stop and /resume turn the channel off and on; unknown commands and unlinked chats get help', async () => {
    const channels = async () =>
      (
        (await sql(`SELECT preferences FROM subscriber WHERE id = $1`, [ids.basic])) as {
          preferences: { channels: string[] };
        }[]
      )[0]!.preferences.channels;
    expect(await onTelegram(chat.basic, '/stop')).toMatch(/^Stopped/);
    expect(await channels()).not.toContain('telegram');
    expect(await onTelegram(chat.basic, '/resume')).toMatch(/^Resumed/);
    expect(await channels()).toContain('telegram');
    expect(await both('basic', 'frobnicate')).toBe(
      "I don't know /frobnicate. Send /help for the commands I answer.",
    );
    expect(await onTelegram(9999, '/signals')).toContain('not linked to a GammaDesk subscription');
    expect(await onDiscord('819999999999999999', 'signals')).toContain('copy the /link command');
    expect(await onTelegram(9999, '/link nonsense-token')).toContain('invalid or expired');
    expect(await onDiscord('819999999999999999', 'link', 'nonsense')).toContain(
      'invalid or expired',
    );
    const before = telegram.sentTo(-100123).length;
    const update = telegram.textUpdate({
      chatId: -100123,
      userId: chat.premium,
      text: '/signals@GammaDeskBot',
    });
    (update as unknown as { message: { chat: { type: string } } }).message.chat.type = 'supergroup';
    await services.telegramBot!.handleUpdate(update);
    const group = telegram.sentTo(-100123);
    expect(group).toHaveLength(before + 1);
    expect(group.at(-1)).toContain('private chat');
  });
});

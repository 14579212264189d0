/**
 * The demo's settings under the caller's environment: embedded infrastructure, the simulated
 * market, and the day it replays (date, scenario, symbols). The demo (main.ts) loads its config
 * over these, and the demo-day test backtests the same day from them.
 */
import { loadConfigFromProcess } from '../config/config.js';
import type { AppConfig } from '../config/schema.js';
import { DEMO_TELEGRAM_PATH } from '../sandbox/story/subscriber-pages.js';
import { DEMO_OPERATOR_TOKEN } from '../sandbox/story/demo-story.js';
import { SYMBOL_PROFILES, simulatorConfigSchema } from '../market-data/simulator/index.js';

/**
 * Demo defaults: the caller's environment still wins for anything it sets. Analytics uses the
 * simulated market's own rate and dividend yields, as it would use a live market's.
 */
export const DEMO_DEFAULTS: Record<string, string> = {
  ANALYTICS_RISK_FREE_RATE: String(
    simulatorConfigSchema.parse({ seed: 1, symbols: ['SPY'], date: '2026-03-02' }).rate,
  ),
  ANALYTICS_DIVIDEND_YIELDS: Object.entries(SYMBOL_PROFILES)
    .map(([symbol, p]) => `${symbol}:${p.dividendYield}`)
    .join(','),
  EMBEDDED_DB_IN_MEMORY: 'true',
  LOG_LEVEL: 'warn',
  ADMIN_API_TOKEN: DEMO_OPERATOR_TOKEN,
  MARKET_DATA_PROVIDER: 'simulator',
  // /account's "Link Telegram" opens the local stand-in for t.me (the fake Telegram's bot).
  ACCOUNT_TELEGRAM_LINK_BASE: DEMO_TELEGRAM_PATH,
  // The trend_day scenario (docs/strategies.md: QQQ trends up, NVDA breaks out on news at 11:00)
  // beside a plain SPY, so the day shows several strategies, not only the scalp
  // (test/integration/backtest/demo-day.test.ts backtests this day and counts them).
  DEMO_DATE: '2026-03-10',
  MARKET_DATA_SIM_SCENARIO: 'trend_day',
  MARKET_DATA_SYMBOLS: 'SPY,QQQ,NVDA',
  ENGINE_SYMBOLS: 'SPY,QQQ,NVDA',
  // Every symbol the engine trades is pulled every 5 s (the default fast list and NVDA): the
  // overseer halts trading while any engine feed is older than OVERSEER_MAX_DATA_AGE_MS (10 s),
  // so NVDA on the 30 s cadence of the other focus symbols held the engine halted two thirds of
  // the session.
  MARKET_DATA_FAST_CHAIN_SYMBOLS: 'SPX,SPY,QQQ,IWM,NVDA',
  // The fake Stripe's annual prices, so demo people pay yearly as well as monthly.
  STRIPE_PRICE_PREMIUM_ANNUAL: 'price_premium_annual',
  STRIPE_PRICE_BASIC_ANNUAL: 'price_basic_annual',
};

/**
 * Telegram's limits are wall-clock and the replay runs DEMO_SPEED× (DEMO_FAST_SPEED× outside the
 * live window): the app and the local fake Telegram get them scaled by the fastest speed, so a
 * replayed minute may carry what a real minute may. Unscaled, a group takes 20 messages a wall
 * minute while a replayed trailing stop posts one every few wall seconds, and the lower tiers,
 * waiting for Premium, fall minutes behind.
 */
function scaledPlatformLimits(config: AppConfig): Record<string, string> {
  const speed = Math.max(config.DEMO_SPEED, config.DEMO_FAST_SPEED);
  return {
    TELEGRAM_GROUP_MESSAGES_PER_MINUTE: String(
      Math.ceil(config.TELEGRAM_GROUP_MESSAGES_PER_MINUTE * speed),
    ),
    TELEGRAM_CHAT_INTERVAL_MS: String(Math.floor(config.TELEGRAM_CHAT_INTERVAL_MS / speed)),
  };
}

/**
 * The demo's config: `env` (e.g. the local fakes' addresses) and the process environment over the
 * demo defaults and the speed-scaled platform limits. Throws ConfigError on bad settings.
 */
export function loadDemoConfig(env: Record<string, string>): AppConfig {
  const base = loadConfigFromProcess(env, DEMO_DEFAULTS);
  return loadConfigFromProcess(env, { ...DEMO_DEFAULTS, ...scaledPlatformLimits(base) });
}

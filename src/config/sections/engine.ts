import { z } from 'zod';
import { bool, int, list, num } from '../schema-helpers.js';

/**
 * Risk limits, paper execution, the trailing-stop ladder and the overseer. Every limit the risk
 * engine applies is here so an operator can see and change it without a release.
 */
export const engineConfig = z.object({
  ENGINE_START_EQUITY: num(100_000, 'Paper account equity at start, dollars.', { min: 1 }),
  ENGINE_SYMBOLS: list(['SPY', 'QQQ', 'IWM', 'SPX'], 'Symbols the live engine trades.'),

  RISK_MAX_NET_DELTA: num(
    2_000,
    'Reject if |net delta| (share-equivalents) after the order exceeds this.',
    { min: 0 },
  ),
  RISK_MAX_NET_GAMMA: num(
    500,
    'Reject if |net gamma| (per $1, ×100 per contract) after the order exceeds this.',
    { min: 0 },
  ),
  RISK_MIN_NET_THETA: num(
    -400,
    'Swing book: reject if its net theta ($/day) after the order is below this.',
  ),
  RISK_SHORT_DATED_MIN_NET_THETA: num(
    -5_000,
    'Short-dated book (0DTE, same-day, overnight): its own theta budget ($/day) after the order.',
  ),
  RISK_SHORT_DATED_STRATEGIES: list(
    ['gamma_scalp_0dte', 'scalp', 'moc_imbalance', 'overnight_1dte', 'gex_flip_vol'],
    'Strategies whose theta counts against the short-dated book (the rest: the swing book).',
  ),
  RISK_STRATEGY_LIMITS_JSON: z
    .string()
    .default('{}')
    .describe(
      'Per-strategy limits as JSON, e.g. {"scalp":{"maxPositions":2,"maxContracts":5}} (maxPositions, maxContracts).',
    ),
  RISK_0DTE_MAX_CONTRACTS: int(6, '0DTE gamma scalp: most contracts per ticker.', { min: 1 }),
  RISK_0DTE_MAX_ABS_DELTA: num(
    500,
    '0DTE gamma scalp: most |delta| (share-equivalents) of one order.',
    { min: 0 },
  ),
  RISK_0DTE_MIN_LIQUIDITY: z
    .enum(['A', 'B', 'C', 'D', 'F'])
    .default('B')
    .describe('0DTE: worst liquidity grade accepted.'),
  RISK_SWING_MAX_POSITIONS: int(3, 'Swing: most open swing positions.', { min: 0 }),
  RISK_SWING_MAX_CORRELATION: num(
    0.7,
    'Swing: highest return correlation with an open swing position.',
    { min: 0, max: 1 },
  ),
  RISK_SWING_MIN_LIQUIDITY: z
    .enum(['A', 'B', 'C', 'D', 'F'])
    .default('B')
    .describe('Swing: worst liquidity grade accepted.'),
  RISK_MOC_WINDOW: z
    .string()
    .regex(/^\d\d:\d\d-\d\d:\d\d$/)
    .default('15:30-15:50')
    .describe('MOC imbalance entry window, New York time.'),
  RISK_MOC_MAX_NOTIONAL: num(
    10_000,
    'MOC imbalance: most notional (premium) of one order, dollars.',
    { min: 0 },
  ),
  RISK_STRATEGY_WINDOWS: z
    .string()
    .default(
      'gamma_scalp_0dte=09:45-15:30,overnight_1dte=15:30-16:00,scalp=09:35-15:55,momentum_breakout=09:35-15:55,volume_spike=09:35-15:55',
    )
    .describe(
      'Per-strategy entry windows, New York time: name=HH:MM-HH:MM,... Others: RISK_DEFAULT_WINDOW.',
    ),
  RISK_DEFAULT_WINDOW: z
    .string()
    .regex(/^\d\d:\d\d-\d\d:\d\d$/)
    .default('09:35-15:55')
    .describe('Entry window for strategies without their own.'),
  RISK_MAX_CORRELATION: num(
    0.7,
    'Correlation above which two same-direction positions count as correlated.',
    { min: 0, max: 1 },
  ),
  RISK_MAX_CORRELATED_POSITIONS: int(
    3,
    'Most open same-direction positions correlated with a new one.',
    { min: 0 },
  ),
  RISK_MAX_HEAT: num(
    0.2,
    'Most portfolio heat (dollars at risk to stops / equity) after the order.',
    { min: 0, max: 1 },
  ),
  RISK_MAX_RISK_PER_TRADE: num(0.02, 'Most dollars at risk on one trade / equity.', {
    min: 0,
    max: 1,
  }),
  RISK_MAX_CONCURRENT_TRADES: int(10, 'Most open positions at once.', { min: 0 }),
  RISK_DAILY_LOSS_LIMIT: num(
    0.03,
    'Daily loss circuit breaker: halt new orders when day P&L ≤ −this × start-of-day equity.',
    { min: 0, max: 1 },
  ),
  RISK_KELLY_FRACTION: num(0.25, 'Fraction of the Kelly bet used for sizing.', { min: 0, max: 1 }),
  RISK_KELLY_PRIOR_TRADES: int(
    20,
    'Weight (in trades) of the prior win rate when a setup has few trades.',
    { min: 0 },
  ),
  RISK_KELLY_PRIOR_WIN_RATE: num(0.5, 'Prior win rate of a setup with no history.', {
    min: 0,
    max: 1,
  }),
  RISK_MAX_FEED_AGE_MS: int(
    3_000,
    'Stale-data lockout: pricing feed older than this halts new orders.',
    { min: 0 },
  ),
  RISK_MAX_ANALYTICS_AGE_MS: int(
    10_000,
    'Stale-data lockout: analytics heartbeat older than this halts new orders.',
    { min: 0 },
  ),
  RISK_MANUAL_MODE: bool(false, 'Manual mode: approved signals wait in a queue for a person.'),

  PAPER_SLIPPAGE_BY_GRADE: z
    .string()
    .default('A:0.002,B:0.005,C:0.01,D:0.02,F:0.04')
    .describe('Paper fills: slippage as a fraction of price per liquidity grade.'),
  PAPER_DISPLAYED_SIZE_BY_GRADE: z
    .string()
    .default('A:200,B:50,C:20,D:10,F:5')
    .describe('Paper fills: displayed size (contracts) when the quote carries none.'),

  LADDER_INITIAL_TRAIL: num(
    0.15,
    'Trailing stop: trail below the high-water value before the first rung.',
    { min: 0, max: 1 },
  ),
  LADDER_RUNGS: z
    .string()
    .default('1:0.5,2:1,3:2')
    .describe('Trailing-stop ladder rungs: gain:lock,... (1:0.5 = at +100% lock +50%).'),

  OVERSEER_MAX_DATA_AGE_MS: int(10_000, 'Overseer: data older than this halts trading.', {
    min: 0,
  }),
  OVERSEER_MAX_SLIPPAGE: num(0.02, 'Overseer: fill slippage above this raises a warning.', {
    min: 0,
  }),
  OVERSEER_MAX_REGIME_UNCERTAINTY: num(
    0.5,
    'Overseer: regime uncertainty (1 − confidence) above this raises a warning.',
    { min: 0, max: 1 },
  ),
  OVERSEER_DECAY_MIN_TRADES: int(
    10,
    'Overseer: trades before a strategy can be judged for decay.',
    { min: 1 },
  ),
  OVERSEER_DECAY_RATIO: num(
    0.5,
    'Overseer: disable a strategy whose realised win rate < this × expected.',
    { min: 0, max: 1 },
  ),
  OVERSEER_ALERT_BUFFER: int(500, 'Overseer: alerts kept in memory.', { min: 10 }),
  OVERSEER_ALERT_MIN_INTERVAL_MS: int(
    300_000,
    'Overseer: the same warning (kind, symbol, strategy) at most once per this long, ms.',
    { min: 0 },
  ),
  OVERSEER_REGIME_UNCERTAINTY_EXIT: num(
    0.4,
    'Overseer: a symbol leaves the uncertain-regime state below this uncertainty (hysteresis).',
    { min: 0, max: 1 },
  ),
});

export type EngineConfig = z.infer<typeof engineConfig>;

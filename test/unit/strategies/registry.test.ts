import { describe, expect, it } from 'vitest';
import { bsmPrice } from '../../../src/analytics/math/black-scholes.js';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { strategiesConfig } from '../../../src/config/sections/strategies.js';
import {
  allStrategies,
  buildStrategies,
  evaluateAll,
  STRATEGY_NAMES,
  type StrategyStates,
} from '../../../src/strategies/registry.js';
import type { FairValueModels } from '../../../src/strategies/model-ensemble.js';
import type { Strategy } from '../../../src/strategies/strategy.js';
import {
  strategiesFromConfig,
  strategySettingsFromConfig,
} from '../../../src/strategies/strategy-settings.js';
import { at, context, snapshot } from './fixtures.js';

const squeezeSnap = () =>
  snapshot({ spot: 500, gex: { total: -6e8, flip: 505 }, momentum: { return15m: 0.003 } });

describe('strategy registry', () => {
  it('holds every strategy name once, with default knobs', () => {
    expect(allStrategies.map((s) => s.name)).toEqual(STRATEGY_NAMES);
    expect(new Set(STRATEGY_NAMES).size).toBe(11);
    for (const s of allStrategies) {
      expect(s.summary.length).toBeGreaterThan(10);
      expect(Object.isFrozen(s.knobs)).toBe(true);
    }
  });

  it('builds the enabled strategies with overridden knobs and rejects bad ones', () => {
    const [sq] = buildStrategies({
      enabled: ['gex_squeeze'],
      knobs: { gex_squeeze: { maxNetGex: -1e9 } },
    });
    expect(sq.name).toBe('gex_squeeze');
    expect((sq.knobs as { maxNetGex: number }).maxNetGex).toBe(-1e9);
    expect(sq.evaluate(squeezeSnap(), context(), sq.initialState()).candidates).toEqual([]);
    expect(() => buildStrategies({ enabled: ['nope'] })).toThrow(/unknown strategy "nope"/);
    expect(() => buildStrategies({ knobs: { scalp: { moveThreshold: -1 } } })).toThrow(
      /scalp[\s\S]*moveThreshold/,
    );
  });

  it('evaluates a neutral snapshot to no candidates, with every state initialised', () => {
    const r = evaluateAll(snapshot(), context(), {});
    expect(r.candidates).toEqual([]);
    expect(r.failures).toEqual([]);
    expect(Object.keys(r.states).sort()).toEqual([...STRATEGY_NAMES].sort());
    expect(r.confluence.signal).toBe('WAIT');
  });

  it('annotates candidates with the confluence read and the model edge, and threads state', () => {
    const models: FairValueModels = {
      bsm: (i) => bsmPrice(i),
      merton: (i) => bsmPrice(i),
      heston: (i) => bsmPrice({ ...i, sigma: Math.sqrt(i.v0) }),
    };
    const first = evaluateAll(squeezeSnap(), context(), {}, { models });
    const c = first.candidates.find((x) => x.strategy === 'gex_squeeze');
    expect(c).toBeDefined();
    expect(c!.confluence?.score).toBe(first.confluence.score);
    expect(c!.inputs.confluenceSignal).toBe(first.confluence.signal);
    expect(c!.modelEdge).toHaveLength(1);
    expect(c!.modelEdge![0].occSymbol).toBe(c!.legs[0].occSymbol);
    // Spot below the flip reads bearish: a bullish squeeze is flagged as against confluence.
    expect(first.confluence.score).toBeLessThan(50);
    // The cooldown lives in the returned state: same snapshot again → no repeat.
    const again = evaluateAll(squeezeSnap(), context({ now: at('11:01') }), first.states);
    expect(again.candidates.find((x) => x.strategy === 'gex_squeeze')).toBeUndefined();
  });

  it('flags a candidate that goes against a strong confluence read', () => {
    const snap = squeezeSnap();
    snap.maxPainBias = { expiry: '2026-03-03', strike: 490, distancePct: 0.02, bias: 'bearish' };
    const r = evaluateAll(snap, context(), {});
    const c = r.candidates.find((x) => x.strategy === 'gex_squeeze')!;
    expect(r.confluence.score).toBeLessThanOrEqual(40);
    expect(c.riskFactors.join(' ')).toContain('against the confluence read');
  });

  it('keeps going when one strategy throws, and keeps that strategy’s state', () => {
    const boom: Strategy = {
      name: 'scalp',
      summary: 'throws on purpose',
      knobs: {},
      initialState: () => ({ n: 1 }),
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const states: StrategyStates = { scalp: { n: 7 } };
    const r = evaluateAll(squeezeSnap(), context(), states, {
      strategies: [boom, ...buildStrategies({ enabled: ['gex_squeeze'] })],
    });
    expect(r.failures).toEqual([{ strategy: 'scalp', message: 'boom' }]);
    expect(r.states.scalp).toEqual({ n: 7 });
    expect(r.candidates).toHaveLength(1);
  });
});

describe('strategies config section', () => {
  it('defaults to all strategies with default knobs', () => {
    const cfg = strategiesConfig.parse({});
    expect(cfg.STRATEGIES_ENABLED).toEqual(['all']);
    expect(strategiesFromConfig(cfg)).toHaveLength(11);
    expect(strategySettingsFromConfig(cfg).confluence.weights).toEqual({
      maxPain: 0.4,
      gex: 0.3,
      greeksRegime: 0.3,
    });
  });

  it('reads an enabled list and knob overrides', () => {
    const cfg = strategiesConfig.parse({
      STRATEGIES_ENABLED: 'swing,scalp',
      STRATEGY_KNOBS_JSON: '{"swing":{"timeExitTradingDays":5}}',
    });
    const built = strategiesFromConfig(cfg);
    expect(built.map((s) => s.name)).toEqual(['swing', 'scalp']);
    expect((built[0].knobs as { timeExitTradingDays: number }).timeExitTradingDays).toBe(5);
  });

  it('rejects unknown strategies, bad JSON and bad knobs with clear messages', () => {
    // Config checks the shape; the strategies check names and knob contents: one list of problems.
    const msg = (env: Record<string, string>) => {
      const r = strategiesConfig.safeParse(env);
      if (!r.success) return r.error.issues.map((i) => i.message).join('\n');
      try {
        strategySettingsFromConfig(r.data);
        return '';
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).problems.join('\n');
      }
    };
    expect(msg({ STRATEGIES_ENABLED: 'swing,nope' })).toContain('unknown strategy "nope"');
    expect(msg({ STRATEGY_KNOBS_JSON: '{bad' })).toContain('not valid JSON');
    expect(msg({ STRATEGY_KNOBS_JSON: '[]' })).toContain('must be a JSON object');
    expect(msg({ STRATEGY_KNOBS_JSON: '{"swing":{"timeExitTradingDays":12}}' })).toMatch(
      /swing[\s\S]*timeExitTradingDays/,
    );
    expect(msg({ STRATEGY_KNOBS_JSON: '{"nope":{}}' })).toContain('unknown strategy "nope"');
    expect(msg({ STRATEGY_CONFLUENCE_JSON: '{"strongAbove":150}' })).toContain('strongAbove');
    expect(msg({ STRATEGY_ENSEMBLE_JSON: '{"heston":{"rho":2}}' })).toContain('heston.rho');
  });

  it('fails start-up on the removed ENGINE_STRATEGIES, naming STRATEGIES_ENABLED', () => {
    expect(() => loadConfig({ ENGINE_STRATEGIES: 'swing' })).toThrow(ConfigError);
    expect(() => loadConfig({ ENGINE_STRATEGIES: 'swing' })).toThrow(
      /ENGINE_STRATEGIES: removed; use STRATEGIES_ENABLED/,
    );
  });
});

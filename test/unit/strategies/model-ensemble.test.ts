import { describe, expect, it } from 'vitest';
import { bsmPrice } from '../../../src/analytics/math/black-scholes.js';
import {
  DEFAULT_ENSEMBLE_PARAMS,
  ensembleEdge,
  ensembleParams,
  regimeWeights,
  type FairValueModels,
} from '../../../src/strategies/model-ensemble.js';
import { analyticsFairValueModels } from '../../../src/strategies/fair-value-models.js';
import { at, contract } from './fixtures.js';

/** Every model priced by Black–Scholes, each at its own fixed vol: the blend is then exact to check. */
function bsmAt(vols: { bsm: number; merton: number; heston: number }): FairValueModels {
  return {
    bsm: (i) => bsmPrice({ ...i, sigma: vols.bsm }),
    merton: (i) => bsmPrice({ ...i, sigma: vols.merton }),
    heston: (i) => bsmPrice({ ...i, sigma: vols.heston }),
  };
}

const now = at('11:00');
const call = contract({
  spot: 500,
  strike: 500,
  right: 'call',
  expiry: '2026-03-20',
  now,
  iv: 0.2,
});

describe('model-ensemble edge', () => {
  it('normalises the regime weights and leans on Merton/Heston in a volatile regime', () => {
    const calm = regimeWeights('calm');
    expect(calm.bsm + calm.merton + calm.heston).toBeCloseTo(1, 12);
    const volatile = regimeWeights('volatile');
    expect(volatile.bsm).toBeLessThan(calm.bsm);
    expect(volatile.merton + volatile.heston).toBeGreaterThan(calm.merton + calm.heston);
    const zero = ensembleParams.parse({
      weightsByRegime: {
        ...DEFAULT_ENSEMBLE_PARAMS.weightsByRegime,
        calm: { bsm: 0, merton: 0, heston: 0 },
      },
    });
    expect(regimeWeights('calm', zero)).toEqual({ bsm: 1 / 3, merton: 1 / 3, heston: 1 / 3 });
  });

  it('blends the three fair values with the regime weights and compares with the mid', () => {
    const models = bsmAt({ bsm: 0.2, merton: 0.25, heston: 0.3 });
    const e = ensembleEdge(call, { spot: 500, atmIv: 0.2, regime: 'volatile' }, models);
    expect(e).not.toBeNull();
    const w = regimeWeights('volatile');
    const expected = w.bsm * e!.fair.bsm + w.merton * e!.fair.merton + w.heston * e!.fair.heston;
    expect(e!.ensemble).toBeCloseTo(expected, 12);
    expect(e!.fair.heston).toBeGreaterThan(e!.fair.bsm);
    expect(e!.edge).toBeCloseTo(e!.ensemble - call.mid, 12);
    expect(e!.edgePct).toBeGreaterThan(0.05);
    expect(e!.verdict).toBe('cheap');
  });

  it('calls an option rich when the models value it below the mid, fair inside the band', () => {
    const low = bsmAt({ bsm: 0.15, merton: 0.15, heston: 0.15 });
    expect(ensembleEdge(call, { spot: 500, atmIv: 0.15, regime: 'calm' }, low)!.verdict).toBe(
      'rich',
    );
    const same = bsmAt({ bsm: 0.2, merton: 0.2, heston: 0.2 });
    // The fixture prices at a zero rate: compare on the same footing.
    const zeroRate = ensembleParams.parse({ rate: 0 });
    const e = ensembleEdge(call, { spot: 500, atmIv: 0.2, regime: 'calm' }, same, zeroRate)!;
    expect(Math.abs(e.edgePct)).toBeLessThan(0.01);
    expect(e.verdict).toBe('fair');
  });

  it('gives Merton a diffusion vol that leaves room for the jump variance', () => {
    const seen: number[] = [];
    const models: FairValueModels = {
      bsm: (i) => bsmPrice(i),
      merton: (i) => {
        seen.push(i.sigma, i.lambda * (i.muJ ** 2 + i.deltaJ ** 2));
        return bsmPrice({ ...i, sigma: 0.2 });
      },
      heston: (i) => {
        seen.push(i.v0, i.theta);
        return bsmPrice({ ...i, sigma: Math.sqrt(i.v0) });
      },
    };
    ensembleEdge(call, { spot: 500, atmIv: 0.2, regime: 'calm' }, models);
    const [sigma, jumpVar, v0, theta] = seen;
    expect(sigma ** 2 + jumpVar).toBeCloseTo(0.04, 12);
    expect(v0).toBeCloseTo(0.04, 12);
    expect(theta).toBeCloseTo(0.04, 12);
  });

  it('returns null without an ATM IV, for an expired contract, or on a non-finite model value', () => {
    const models = bsmAt({ bsm: 0.2, merton: 0.2, heston: 0.2 });
    expect(ensembleEdge(call, { spot: 500, atmIv: null, regime: 'calm' }, models)).toBeNull();
    expect(
      ensembleEdge({ ...call, t: 0 }, { spot: 500, atmIv: 0.2, regime: 'calm' }, models),
    ).toBeNull();
    const broken = { ...models, heston: () => Number.NaN };
    expect(ensembleEdge(call, { spot: 500, atmIv: 0.2, regime: 'calm' }, broken)).toBeNull();
  });
});

describe('model-ensemble edge with the analytics pricers', () => {
  const market = { spot: 500, atmIv: 0.2, regime: 'calm' as const };
  const flat = ensembleParams.parse({ rate: 0 });
  const put = contract({
    spot: 500,
    strike: 460,
    right: 'put',
    expiry: '2026-04-17',
    now,
    iv: 0.2,
  });
  const otmCall = contract({
    spot: 500,
    strike: 540,
    right: 'call',
    expiry: '2026-04-17',
    now,
    iv: 0.2,
  });
  const atm = contract({
    spot: 500,
    strike: 500,
    right: 'call',
    expiry: '2026-04-17',
    now,
    iv: 0.2,
  });

  it('prices the downside skew: Merton (negative jumps) and Heston (ρ < 0) value OTM puts above flat BSM', () => {
    const e = ensembleEdge(put, market, analyticsFairValueModels, flat)!;
    expect(e.fair.merton).toBeGreaterThan(e.fair.bsm);
    expect(e.fair.heston).toBeGreaterThan(e.fair.bsm);
    // A put quoted at the flat-vol price is therefore cheap to the ensemble.
    expect(e.edgePct).toBeGreaterThan(0);
    const c = ensembleEdge(otmCall, market, analyticsFairValueModels, flat)!;
    expect(c.fair.heston).toBeLessThan(c.fair.bsm);
  });

  it('stays close to the market at the money when the mid is the flat-vol price', () => {
    const e = ensembleEdge(atm, market, analyticsFairValueModels, flat)!;
    expect(Math.abs(e.edgePct)).toBeLessThan(0.05);
    expect(e.verdict).toBe('fair');
  });
});

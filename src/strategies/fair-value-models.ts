/** The ensemble's pricers, bound to the analytics math (pure functions). */
import { bsmPrice } from '../analytics/math/black-scholes.js';
import { hestonPrice, mertonJumpDiffusionPrice } from '../analytics/math/models.js';
import type { FairValueModels } from './model-ensemble.js';

export const analyticsFairValueModels: FairValueModels = {
  bsm: (input) => bsmPrice(input),
  merton: (input) => mertonJumpDiffusionPrice(input),
  heston: (input) => hestonPrice(input),
};

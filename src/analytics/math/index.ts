/**
 * Framework-free option math: normal distribution, BSM price and Greeks (object and columnar
 * batch forms), implied volatility (Let's Be Rational), American (Bjerksund–Stensland 2002),
 * Merton jump-diffusion and Heston, and root finding. No Nest imports here.
 */
export * from './normal.js';
export * from './black-scholes.js';
export * from './implied-volatility.js';
export {
  black,
  blackImpliedVolatility,
  normalisedBlack,
  normalisedBlackCall,
  normalisedImpliedVolatility,
  normalisedVega,
} from './lets-be-rational.js';
export * from './roots.js';
export * from './bivariate-normal.js';
export * from './american.js';
export * from './models.js';
export * from './option-input.js';
export * from './black-calculator.js';

export { MarketSimulator, simulatorConfigSchema } from './market-simulator.js';
export type { Burst, MarketSimulatorConfig, SimulatorStep } from './market-simulator.js';
export { SYMBOL_PROFILES, profileFor } from './profiles.js';
export type { SymbolProfile, ListingStyle } from './profiles.js';
export { Prng, hash32 } from './prng.js';
export { ANCHOR_DATE, planDay } from './day-skeleton.js';
export type { DayPlan } from './day-skeleton.js';
export { occSymbol } from './listing.js';

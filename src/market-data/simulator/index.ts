export { MarketSimulator } from './market-simulator.js';
export type { SimulatorStep } from './market-simulator.js';
export { simulatorConfigSchema } from './simulator-config.js';
export type { MarketSimulatorConfig } from './simulator-config.js';
export type { Burst } from './bursts.js';
export { SYMBOL_PROFILES, profileFor } from './profiles.js';
export type { SymbolProfile, ListingStyle } from './profiles.js';
export { Prng, hash32 } from './prng.js';
export { ANCHOR_DATE, planDay } from './day-skeleton.js';
export type { DayPlan } from './day-skeleton.js';
export { occSymbol } from './listing.js';
export { dayShapeSchema } from './day-shape.js';
export type { DayShape, DayShapes } from './day-shape.js';
export {
  SCENARIOS,
  SCENARIO_NAMES,
  resolveScenarios,
  scenarioHistory,
  typicalOptionsVolume,
} from './scenarios.js';
export type { Scenario, ScenarioHistoryDay } from './scenarios.js';

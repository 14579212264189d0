/**
 * Chain analytics on issue 3's definitions: columns, GEX (per strike, per expiry, 0DTE, walls,
 * flip), max pain, and `analyzeChain` tying them together. Framework-free.
 */
export * from './columns.js';
export * from './gex.js';
export * from './max-pain.js';
export * from './analyze-chain.js';
export * from './workspace.js';

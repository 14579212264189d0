import { describe, expect, it } from 'vitest';
import { ContractLookup } from '../../../src/market-data/contract-lookup.js';

const chain = (...occ: string[]): { occSymbol: string; step: number }[] =>
  occ.map((occSymbol) => ({ occSymbol, step: occ.length }));

describe('ContractLookup', () => {
  it('finds contracts in the next chain at the same positions, and after the order changed', () => {
    const lookup = new ContractLookup<{ occSymbol: string; step: number }>();
    const first = chain('A', 'B', 'C');
    expect(lookup.find(first, 'B')).toBe(first[1]);
    const next = chain('A', 'B', 'C');
    expect(lookup.find(next, 'C')).toBe(next[2]);
    // The first expiry left the chain: every position moved.
    const shifted = chain('B', 'C', 'D', 'E');
    expect(lookup.find(shifted, 'C')).toBe(shifted[1]);
    expect(lookup.find(shifted, 'E')).toBe(shifted[3]);
    expect(lookup.find(shifted, 'A')).toBeUndefined();
    expect(lookup.find(chain('A'), 'A')?.step).toBe(1);
  });
});

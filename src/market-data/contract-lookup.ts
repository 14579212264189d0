/**
 * Finds a chain's contract by OCC symbol, chain after chain. A symbol's chains list their
 * contracts in the same order step after step, so the position found in one chain answers the
 * next (checked against the symbol there); only a chain whose order changed is indexed again.
 */
export class ContractLookup<T extends { occSymbol: string }> {
  private indexed: readonly T[] | null = null;
  private positions = new Map<string, number>();

  find(contracts: readonly T[], occSymbol: string): T | undefined {
    const at = this.positions.get(occSymbol);
    if (at !== undefined && contracts[at]?.occSymbol === occSymbol) return contracts[at];
    if (this.indexed === contracts) return undefined;
    this.indexed = contracts;
    this.positions = new Map();
    for (let i = 0; i < contracts.length; i++) this.positions.set(contracts[i].occSymbol, i);
    const found = this.positions.get(occSymbol);
    return found === undefined ? undefined : contracts[found];
  }
}

/** Where the benches find the four real option chains (../shared beside the checkout), and quantiles. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function chainsDir(): string {
  for (const d of [resolve(process.cwd(), '../shared/data/chains'), '/work/shared/data/chains']) {
    if (existsSync(d)) return d;
  }
  throw new Error('chains directory not found (../shared/data/chains)');
}

export function chainFile(name: string): string {
  return join(chainsDir(), name);
}

/** The q-quantile of an ascending array (nearest rank below). */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Where the benches find the four real option chains (the repository's test fixtures), and quantiles. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function chainsDir(): string {
  // `npm run bench` runs from the repository root.
  const dir = resolve(process.cwd(), 'test/fixtures/chains');
  if (existsSync(dir)) return dir;
  throw new Error(`chains directory not found (${dir}): run the benches from the repository root`);
}

export function chainFile(name: string): string {
  return join(chainsDir(), name);
}

/** The q-quantile of an ascending array (nearest rank below). */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

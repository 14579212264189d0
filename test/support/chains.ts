/** The four real CBOE option chains kept with the repository as test fixtures (see their README). */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHAINS_DIR = fileURLToPath(new URL('../fixtures/chains', import.meta.url));

export function chainPath(name: string): string {
  return join(CHAINS_DIR, name);
}

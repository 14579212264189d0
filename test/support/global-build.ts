import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Integration and e2e suites run the built CLI and demo (dist/). Build once before them when any
 * source is newer than the build (CI has just built, so this is then a no-op).
 */
export default function setup(): void {
  const marker = join('dist', 'src', 'main.js');
  if (
    existsSync(marker) &&
    newestMtime(['src', 'bench', 'migrations']) <= statSync(marker).mtimeMs
  ) {
    return;
  }
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}

function newestMtime(dirs: string[]): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const d of dirs) if (existsSync(d)) walk(d);
  return newest;
}

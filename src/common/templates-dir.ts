import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * templates/<name>, found by walking up from the calling module's URL (`import.meta.url`), so it
 * is found from src/ (tests, tsx) and from dist/src/ (the build) alike.
 */
export function templatesDir(name: string, fromUrl: string): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (let i = 0; i < 7; i++) {
    const candidate = join(dir, 'templates', name);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`templates/${name} not found`);
}

/** A file does one job: no source file passes 450 lines (the Let's Be Rational port excepted). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const EXCEPTIONS = new Set(['src/analytics/math/lets-be-rational.ts']);
const MAX_LINES = 450;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('source file size', () => {
  it(`no file under src/ is longer than ${MAX_LINES} lines`, () => {
    const long = sourceFiles(join(root, 'src'))
      .map((f) => ({
        file: relative(root, f),
        lines: readFileSync(f, 'utf8').split('\n').length - 1,
      }))
      .filter((f) => f.lines > MAX_LINES && !EXCEPTIONS.has(f.file));
    expect(long).toEqual([]);
  });
});

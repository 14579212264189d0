/**
 * `npm run bench`: prints the machine's details, then runs every bench/*.bench.js in turn.
 * Each bench module's default export prints its own figures.
 */
import { readdirSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);

const cpu = cpus()[0];
console.log('GammaDesk benchmarks');
console.log(
  `machine: ${cpu?.model ?? 'unknown cpu'} × ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}, node ${process.version}`,
);

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const f of files) {
  console.log(`\n## ${f.replace(/\.bench\.js$/, '')}`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: () => Promise<void> };
  await mod.default();
}

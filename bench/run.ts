/**
 * `npm run bench [name …]`: prints the machine's details, then runs every bench/*.bench.js (or
 * those whose names contain one of the arguments) in turn, each in a process of its own, so that
 * one bench's JIT feedback, heap and leftover connections do not colour the next one's figures.
 * Each bench module's default export prints its own figures.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Set in a child: the one bench file it runs. */
const childFile = process.env.GAMMADESK_BENCH_FILE;

if (childFile) {
  const mod = (await import(pathToFileURL(join(here, childFile)).href)) as {
    default: () => Promise<void>;
  };
  await mod.default();
  process.exit(0);
}

const only = process.argv.slice(2);
const cpu = cpus()[0];
console.log('GammaDesk benchmarks');
console.log(
  `machine: ${cpu?.model ?? 'unknown cpu'} × ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}, node ${process.version}${process.execArgv.length ? ` ${process.execArgv.join(' ')}` : ''}`,
);

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const f of files) {
  console.log(`\n## ${f.replace(/\.bench\.js$/, '')}`);
  // Each bench runs with this process's V8 flags (`npm run bench` gives the app's: package.json).
  const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
    env: { ...process.env, GAMMADESK_BENCH_FILE: f },
  });
  if (run.status !== 0) {
    console.log(`(${f} failed: ${run.status ?? run.signal})`);
    process.exitCode = 1;
  }
}

/**
 * `gammadesk chain show SYMBOL [--input FILE|DIR] [--json]`: the latest normalized chain of a
 * symbol — from Redis (what a running ingest stored, REDIS_URL), or from a recording directory,
 * a ChainSnapshot JSON file or a CBOE quotedata CSV — as a short summary (or the whole JSON).
 */
import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { loadConfigFromProcess } from '../../config/config.js';
import { parseCboeQuoteCsv } from '../../market-data/adapters/cboe-csv.js';
import type { ChainSnapshot } from '../../market-data/chain-snapshot.js';
import { parseChainSnapshot } from '../../market-data/chain-snapshot-schema.js';
import { readManifest, readSymbolSnapshots } from '../../market-data/recording/recording.js';
import { LatestSnapshotStore } from '../../market-data/storage/latest-snapshot-store.js';
import { CliError } from '../cli-error.js';

export function registerChainShowCommand(program: Command): void {
  const chain =
    program.commands.find((c) => c.name() === 'chain') ??
    program.command('chain').description('Option-chain tools');
  chain
    .command('show')
    .description('Summarise the latest chain of a symbol (Redis, or --input)')
    .argument('<symbol>', 'e.g. SPY')
    .option('--input <path>', 'a recording directory, a ChainSnapshot JSON file or a CBOE CSV')
    .option('--json', 'print the whole snapshot as JSON')
    .option('--key-prefix <prefix>', 'Redis key prefix', 'gammadesk:')
    .action(async (symbolArg: string, o: { input?: string; json?: boolean; keyPrefix: string }) => {
      const symbol = symbolArg.toUpperCase();
      if (!/^[A-Z][A-Z0-9.]{0,5}$/.test(symbol))
        throw new CliError(`"${symbolArg}" is not a ticker`, 2);
      const snapshot = o.input
        ? await fromInput(o.input, symbol)
        : await fromRedis(symbol, o.keyPrefix);
      process.stdout.write(o.json ? `${JSON.stringify(snapshot, null, 2)}\n` : summarise(snapshot));
    });
}

async function fromInput(path: string, symbol: string): Promise<ChainSnapshot> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new CliError(`${path} does not exist`);
  try {
    if (info.isDirectory()) {
      const manifest = await readManifest(path);
      let last: ChainSnapshot | null = null;
      for await (const s of readSymbolSnapshots(path, manifest, symbol)) last = s;
      if (!last) throw new Error(`the recording holds no ${symbol} snapshot`);
      return last;
    }
    const text = await readFile(path, 'utf8');
    if (path.toLowerCase().endsWith('.csv')) return parseCboeQuoteCsv(text, path);
    return parseChainSnapshot(JSON.parse(text) as unknown, path);
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
}

async function fromRedis(symbol: string, prefix: string): Promise<ChainSnapshot> {
  const config = loadConfigFromProcess();
  if (!config.REDIS_URL) throw new CliError('REDIS_URL is not set: give --input FILE|DIR instead');
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect().catch((err: unknown) => {
      throw new CliError(`cannot reach Redis: ${err instanceof Error ? err.message : String(err)}`);
    });
    const text = await redis.get(LatestSnapshotStore.key(prefix, symbol));
    if (!text)
      throw new CliError(
        `no live ${symbol} chain in Redis (ingest not running, or older than its TTL)`,
      );
    try {
      return parseChainSnapshot(JSON.parse(text) as unknown, `Redis ${symbol}`);
    } catch (err) {
      throw new CliError(err instanceof Error ? err.message : String(err));
    }
  } finally {
    redis.disconnect();
  }
}

export function summarise(s: ChainSnapshot): string {
  const expiries = [...new Set(s.contracts.map((c) => c.expiry))].sort();
  const calls = s.contracts.filter((c) => c.right === 'call');
  const puts = s.contracts.filter((c) => c.right === 'put');
  const oi = (list: typeof s.contracts) => list.reduce((a, c) => a + c.openInterest, 0);
  const byStrike = new Map<number, number>();
  for (const c of s.contracts)
    byStrike.set(c.strike, (byStrike.get(c.strike) ?? 0) + c.openInterest);
  const topStrikes = [...byStrike.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  const dropped = Object.entries(s.quality.dropped)
    .filter(([, n]) => n)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  const lines = [
    `${s.underlying}  spot ${s.spot}  as of ${s.asOf}  (${s.source})`,
    `snapshot    ${s.snapshotId}`,
    `contracts   ${s.contracts.length} (${calls.length} calls, ${puts.length} puts) of ${s.quality.rowsReceived} rows${dropped ? `; dropped: ${dropped}` : ''}`,
    `expiries    ${expiries.length}${expiries.length ? ` (${expiries[0]} … ${expiries[expiries.length - 1]})` : ''}`,
    `open int.   calls ${oi(calls)}, puts ${oi(puts)}, put/call ${oi(calls) ? (oi(puts) / oi(calls)).toFixed(2) : '-'}`,
    `top strikes by open interest: ${topStrikes.map(([k, n]) => `${k} (${n})`).join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}

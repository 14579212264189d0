/**
 * `gammadesk chain analyze --input FILE [--r 0] [--q 0] [--asof ISO]`: FILE is a CBOE quotedata
 * CSV or a ChainSnapshot JSON; prints the chain analysis of issue 3 (GEX, flip, walls, max pain).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { z } from 'zod';
import {
  analyzeChain,
  toChainAnalysisOutput,
} from '../../analytics/chain-analysis/analyze-chain.js';
import { readCboeQuoteCsv } from '../../market-data/adapters/cboe-csv.js';
import type { ChainSnapshot } from '../../market-data/chain-snapshot.js';
import { CliError } from '../cli-error.js';

const finite = z.number().finite();
const isoInstant = z
  .string()
  .refine((s) => DateTime.fromISO(s, { zone: 'utc' }).isValid, 'must be an ISO-8601 time');

const contractSchema = z.object({
  occSymbol: z.string(),
  root: z.string().min(1),
  expiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
  expiresAt: isoInstant,
  settlement: z.enum(['AM', 'PM']),
  strike: finite.positive(),
  right: z.enum(['call', 'put']),
  bid: finite.nonnegative(),
  ask: finite.nonnegative(),
  last: finite.nullable(),
  mark: finite.nonnegative(),
  volume: finite.nonnegative(),
  openInterest: finite.nonnegative(),
  iv: finite.nullable(),
  delta: finite.nullable(),
  gamma: finite.nullable(),
  theta: finite.nullable(),
  vega: finite.nullable(),
});

export const chainSnapshotSchema = z.object({
  snapshotId: z.string(),
  underlying: z.string().min(1),
  spot: finite.positive(),
  asOf: isoInstant,
  source: z.string(),
  contracts: z.array(contractSchema),
  quality: z.object({
    rowsReceived: z.number().int().nonnegative(),
    contractsKept: z.number().int().nonnegative(),
    dropped: z.record(z.string(), z.number()),
  }),
});

const numberOption = (name: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new CliError(`--${name} must be a number, got "${value}"`);
  return n;
};

/** A CBOE CSV or a ChainSnapshot JSON file → ChainSnapshot; clear CliErrors otherwise. */
export function loadChainInput(path: string): ChainSnapshot {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(
      `cannot read input file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(text) as unknown;
    } catch (err) {
      throw new CliError(`input file ${path} is not valid JSON: ${(err as Error).message}`);
    }
    const result = chainSnapshotSchema.safeParse(data);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new CliError(
        `input file ${path} is not a ChainSnapshot: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
      );
    }
    return result.data as ChainSnapshot;
  }
  let reading;
  try {
    reading = readCboeQuoteCsv(text, path);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const { snapshot, truncation } = reading;
  if (truncation) {
    // A cut-off download would be analysed as a smaller chain without anyone noticing.
    throw new CliError(
      `input file ${path} ends mid-row (line ${truncation.line} has ${truncation.columns} of ${truncation.expected} columns): the file looks truncated; ${describeDropped(snapshot)}`,
    );
  }
  return snapshot;
}

/** "dropped 3 of 120 option rows (malformed 2, crossed_market 1)" */
export function describeDropped(snapshot: ChainSnapshot): string {
  const { rowsReceived, contractsKept, dropped } = snapshot.quality;
  const reasons = Object.entries(dropped)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  return `dropped ${rowsReceived - contractsKept} of ${rowsReceived} option rows${reasons ? ` (${reasons})` : ''}`;
}

export function registerChainAnalyzeCommand(program: Command): void {
  const chain =
    program.commands.find((c) => c.name() === 'chain') ??
    program.command('chain').description('Option-chain tools');
  chain
    .command('analyze')
    .description('Dealer GEX by strike and expiry, gamma flip, call/put walls and max pain')
    .requiredOption('--input <file>', 'CBOE quotedata CSV or ChainSnapshot JSON')
    .option('--r <rate>', 'continuous risk-free rate (decimal)', numberOption('r'), 0)
    .option('--q <yield>', 'continuous dividend yield (decimal)', numberOption('q'), 0)
    .option('--asof <iso>', 'quote time override, ISO-8601 (default: the file’s quote time)')
    .action((opts: { input: string; r: number; q: number; asof?: string }) => {
      if (opts.asof !== undefined && !isoInstant.safeParse(opts.asof).success)
        throw new CliError(`--asof must be an ISO-8601 time, got "${opts.asof}"`);
      const snapshot = loadChainInput(opts.input);
      if (snapshot.quality.contractsKept < snapshot.quality.rowsReceived) {
        process.stderr.write(`${opts.input}: ${describeDropped(snapshot)}\n`);
      }
      const analysis = analyzeChain(snapshot, {
        r: opts.r,
        q: opts.q,
        asOf: opts.asof,
        ownIv: false,
      });
      process.stdout.write(`${JSON.stringify(toChainAnalysisOutput(analysis))}\n`);
    });
}

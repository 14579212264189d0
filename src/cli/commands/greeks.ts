/**
 * `gammadesk greeks --input FILE`: FILE is a JSON array of
 * `{ type: "call"|"put", S, K, T, r, q, sigma }`; prints a JSON array, same order, of
 * `{ price, delta, gamma, theta, vega, rho }` in DESIGN.md units (theta per calendar day,
 * vega and rho per point).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { bsmGreeks } from '../../analytics/math/black-scholes.js';
import { CliError } from '../cli-error.js';

const finite = z.number().finite();

export const greeksRowSchema = z.object({
  type: z.enum(['call', 'put']),
  S: finite.positive(),
  K: finite.positive(),
  T: finite.nonnegative(),
  r: finite,
  q: finite,
  sigma: finite.nonnegative(),
});

/** Reads and parses a JSON input file; every failure is a CliError naming the file. */
export function readJsonInput(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(
      `cannot read input file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`input file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Validates a JSON array of rows; the message names the first bad row and field. */
export function parseRows<T>(data: unknown, schema: z.ZodType<T>, path: string): T[] {
  const result = z.array(schema).safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new CliError(`invalid input in ${path} at ${where}: ${issue.message}`);
}

export function registerGreeksCommand(program: Command): void {
  program
    .command('greeks')
    .description('Black–Scholes–Merton price and Greeks for a JSON array of options')
    .requiredOption('--input <file>', 'JSON array of { type, S, K, T, r, q, sigma }')
    .action((opts: { input: string }) => {
      const rows = parseRows(readJsonInput(opts.input), greeksRowSchema, opts.input);
      const out = rows.map((row) => {
        const g = bsmGreeks(row);
        return {
          price: g.price,
          delta: g.delta,
          gamma: g.gamma,
          theta: g.theta,
          vega: g.vega,
          rho: g.rho,
        };
      });
      process.stdout.write(`${JSON.stringify(out)}\n`);
    });
}

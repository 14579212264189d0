/**
 * `gammadesk iv --input FILE`: FILE is a JSON array of `{ type, S, K, T, r, q, price }`; prints
 * `[{ "iv": number|null, "error"?: string }]` in the same order. A row whose numbers are outside
 * the no-arbitrage bounds gets iv null with its reason; a malformed file is an error.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { impliedVolatility } from '../../analytics/math/implied-volatility.js';
import { parseRows, readJsonInput } from './greeks.js';

const finite = z.number().finite();

export const ivRowSchema = z.object({
  type: z.enum(['call', 'put']),
  S: finite,
  K: finite,
  T: finite,
  r: finite,
  q: finite,
  price: finite,
});

export function registerIvCommand(program: Command): void {
  program
    .command('iv')
    .description(
      "Implied volatility (Jäckel's Let's Be Rational) for a JSON array of option prices",
    )
    .requiredOption('--input <file>', 'JSON array of { type, S, K, T, r, q, price }')
    .action((opts: { input: string }) => {
      const rows = parseRows(readJsonInput(opts.input), ivRowSchema, opts.input);
      const out = rows.map((row) => impliedVolatility(row));
      process.stdout.write(`${JSON.stringify(out)}\n`);
    });
}

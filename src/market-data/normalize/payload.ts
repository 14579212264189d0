import type { z } from 'zod';
import { ProviderError } from '../http/provider-error.js';
import type { RawContractRow } from './chain-normalizer.js';

/** JSON.parse that fails as a `malformed` payload problem. */
export function parseJsonPayload(provider: string, body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    throw new ProviderError(provider, 'malformed', `body is not JSON: ${body.slice(0, 80)}`, {
      path: '',
      cause: err,
    });
  }
}

/** The first issue's dotted path, e.g. `data.0.strike`. */
export function issuePath(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? first.path.map(String).join('.') : '';
}

/** Parses a whole payload, failing as a `schema` payload problem with the issue's path. */
export function parsePayload<T>(
  provider: string,
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const path = issuePath(parsed.error);
    const message = parsed.error.issues[0]?.message ?? 'invalid';
    throw new ProviderError(
      provider,
      'schema',
      `${what} does not match its schema at '${path}': ${message}`,
      {
        path,
        detail: {
          issues: parsed.error.issues
            .slice(0, 5)
            .map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        },
      },
    );
  }
  return parsed.data;
}

/**
 * Rows are checked one by one so a single odd row is dropped (counted malformed) rather than
 * sinking the chain. But when no row at all passes, the provider changed its format: that is a
 * whole-payload schema problem.
 */
export function parseRows<T>(
  provider: string,
  rowSchema: z.ZodType<T>,
  rows: readonly unknown[],
  arrayPath: string,
): { rows: T[]; malformed: number } {
  const good: T[] = [];
  let malformed = 0;
  let firstError: { index: number; error: z.ZodError } | null = null;
  for (let i = 0; i < rows.length; i++) {
    const parsed = rowSchema.safeParse(rows[i]);
    if (parsed.success) good.push(parsed.data);
    else {
      malformed++;
      firstError ??= { index: i, error: parsed.error };
    }
  }
  if (rows.length > 0 && good.length === 0 && firstError) {
    const path = [arrayPath, String(firstError.index), issuePath(firstError.error)]
      .filter(Boolean)
      .join('.');
    throw new ProviderError(
      provider,
      'schema',
      `no row matches the contract schema (first problem at '${path}': ${firstError.error.issues[0]?.message ?? 'invalid'})`,
      { path },
    );
  }
  return { rows: good, malformed };
}

/**
 * Spot from put-call parity on the nearest expiry, for providers whose chain carries no underlying
 * price: S ≈ K + C − P at the strikes where calls and puts are closest in price (median of three).
 * Short-dated and near the money the carry and early-exercise terms are cents.
 */
export function spotFromParity(rows: readonly RawContractRow[]): number | null {
  const usable = rows.filter(
    (r) => Number.isFinite(r.strike) && r.strike > 0 && r.ask > 0 && r.bid >= 0 && r.ask >= r.bid,
  );
  if (usable.length === 0) return null;
  const nearest = usable.reduce((min, r) => (r.expiry < min ? r.expiry : min), usable[0].expiry);
  const calls = new Map<number, number>();
  const puts = new Map<number, number>();
  for (const r of usable) {
    if (r.expiry !== nearest) continue;
    (r.right === 'call' ? calls : puts).set(r.strike, (r.bid + r.ask) / 2);
  }
  const estimates: { gap: number; spot: number }[] = [];
  for (const [k, c] of calls) {
    const p = puts.get(k);
    if (p !== undefined) estimates.push({ gap: Math.abs(c - p), spot: k + c - p });
  }
  if (estimates.length === 0) return null;
  estimates.sort((a, b) => a.gap - b.gap);
  const best = estimates
    .slice(0, 3)
    .map((e) => e.spot)
    .sort((a, b) => a - b);
  return Math.round(best[Math.floor(best.length / 2)] * 100) / 100;
}

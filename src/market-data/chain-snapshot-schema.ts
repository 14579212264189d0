import { z } from 'zod';
import type { ChainSnapshot } from './chain-snapshot.js';

/**
 * The ChainSnapshot contract as a zod schema, for snapshots that come back in from outside the
 * process: recordings on disk, Redis, files given to the CLI.
 */
const finite = z.number().finite();
const optionalFinite = finite.nullable();

export const optionContractSchema = z.object({
  occSymbol: z.string().min(1),
  root: z.string().min(1),
  expiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  expiresAt: z.string().min(1),
  settlement: z.enum(['AM', 'PM']),
  strike: finite.positive(),
  right: z.enum(['call', 'put']),
  bid: finite.min(0),
  ask: finite.min(0),
  last: optionalFinite,
  mark: finite,
  volume: finite.min(0),
  openInterest: finite.min(0),
  iv: optionalFinite,
  delta: optionalFinite,
  gamma: optionalFinite,
  theta: optionalFinite,
  vega: optionalFinite,
});

const dropReason = z.enum([
  'non_finite',
  'negative_open_interest',
  'negative_volume',
  'crossed_market',
  'non_positive_strike',
  'expired',
  'stale',
  'malformed',
]);

export const chainSnapshotSchema = z.object({
  snapshotId: z.string().min(1),
  underlying: z.string().min(1),
  spot: finite.positive(),
  asOf: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'asOf must be an ISO time'),
  source: z.string().min(1),
  contracts: z.array(optionContractSchema),
  quality: z.object({
    rowsReceived: z.number().int().min(0),
    contractsKept: z.number().int().min(0),
    dropped: z.partialRecord(dropReason, z.number().int().min(0)),
  }),
});

/** Validates an unknown value as a ChainSnapshot; throws an Error naming the first bad path. */
export function parseChainSnapshot(value: unknown, where = 'snapshot'): ChainSnapshot {
  const parsed = chainSnapshotSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${where} is not a valid chain snapshot at '${issue?.path.join('.') ?? ''}': ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data as ChainSnapshot;
}

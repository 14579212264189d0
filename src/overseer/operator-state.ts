/**
 * The operator's trading switches (halt, paper-only, manual mode, size taper), kept in
 * PostgreSQL (operator_control) so they survive restarts and reach the engine in every process,
 * and applied to an Overseer by difference: only what the operator changed is switched, so the
 * overseer's own actions (a data halt, a slippage paper-only) are not undone by a re-read.
 */
import { z } from 'zod';
import { first, isoOf, msOf, type Sql } from '../database/sql.js';
import type { Overseer } from './overseer.js';

export interface OperatorState {
  halted: boolean;
  haltReason: string | null;
  paperOnly: boolean;
  manualMode: boolean;
  /** Size multiplier, 0 < taper ≤ 1 (1 = full size). */
  taper: number;
}

export const OPERATOR_DEFAULTS: OperatorState = {
  halted: false,
  haltReason: null,
  paperOnly: false,
  manualMode: false,
  taper: 1,
};

const stored = z.object({
  halted: z.boolean(),
  haltReason: z.string().nullable(),
  paperOnly: z.boolean(),
  manualMode: z.boolean(),
  taper: z.number().gt(0).max(1),
});

export interface StoredOperatorState {
  state: OperatorState;
  updatedAt: number;
  updatedBy: string;
}

const KEY = 'trading';

export class OperatorStateStore {
  constructor(private readonly sql: Sql) {}

  /** The stored switches, or null when the operator never changed one (or the row is unreadable). */
  async load(): Promise<StoredOperatorState | null> {
    const row = await first<{ value: unknown; updated_at: Date | string; updated_by: string }>(
      this.sql,
      `SELECT value, updated_at, updated_by FROM operator_control WHERE key = $1`,
      [KEY],
    );
    if (!row) return null;
    const parsed = stored.safeParse(row.value);
    if (!parsed.success) return null;
    return { state: parsed.data, updatedAt: msOf(row.updated_at)!, updatedBy: row.updated_by };
  }

  async save(state: OperatorState, by: string, nowMs: number): Promise<void> {
    await this.sql.query(
      `INSERT INTO operator_control (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE
         SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [KEY, JSON.stringify(stored.parse(state)), isoOf(nowMs), by.slice(0, 254)],
    );
  }
}

/** Switches on the overseer what changed from `from` to `to` (each raises an operator alert). */
export function applyOperatorState(
  overseer: Overseer,
  from: OperatorState,
  to: OperatorState,
  now: number,
): void {
  if (to.halted && (!from.halted || from.haltReason !== to.haltReason))
    overseer.halt(now, to.haltReason ?? 'operator halt');
  if (!to.halted && from.halted) overseer.resume(now);
  if (to.paperOnly !== from.paperOnly) overseer.setPaperOnly(now, to.paperOnly);
  if (to.manualMode !== from.manualMode) overseer.setManualMode(now, to.manualMode);
  if (to.taper !== from.taper) overseer.setTaper(now, to.taper);
}

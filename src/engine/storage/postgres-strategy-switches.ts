import type { DataSource } from 'typeorm';
import { isoOf, msOf } from '../../database/sql.js';
import { isStrategyName } from '../../strategies/registry.js';
import type { StrategySwitch, StrategySwitchStore } from '../../strategies/strategy-registry.js';

interface SwitchRow {
  strategy: string;
  enabled: boolean;
  changed_by: string;
  changed_at: Date;
}

/** Strategy switches in PostgreSQL (migration 1765000700000-strategy-switches). */
export class PostgresStrategySwitchStore implements StrategySwitchStore {
  constructor(private readonly ds: DataSource) {}

  async load(): Promise<StrategySwitch[]> {
    const rows: SwitchRow[] = await this.ds.query(
      `SELECT strategy, enabled, changed_by, changed_at FROM strategy_switch ORDER BY strategy`,
    );
    const out: StrategySwitch[] = [];
    for (const r of rows)
      if (isStrategyName(r.strategy))
        out.push({
          name: r.strategy,
          enabled: r.enabled,
          changedBy: r.changed_by,
          changedAt: msOf(r.changed_at) ?? 0,
        });
    return out;
  }

  async save(s: StrategySwitch): Promise<void> {
    await this.ds.query(
      `INSERT INTO strategy_switch (strategy, enabled, changed_by, changed_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (strategy) DO UPDATE
         SET enabled = EXCLUDED.enabled, changed_by = EXCLUDED.changed_by,
             changed_at = EXCLUDED.changed_at`,
      [s.name, s.enabled, s.changedBy, isoOf(s.changedAt)],
    );
  }
}

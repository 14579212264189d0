import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Strategy switches: an operator's or the portal's override of a strategy's configured state
 * (STRATEGIES_ENABLED), kept so it survives restarts and reaches the engine in every process.
 */
export class StrategySwitches1765000700000 implements MigrationInterface {
  name = 'StrategySwitches1765000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE strategy_switch (
        strategy text PRIMARY KEY,
        enabled boolean NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE strategy_switch`);
  }
}

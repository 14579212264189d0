/**
 * The dependency direction is enforced by `npm run lint` (eslint.boundaries.js). These cases lint
 * small sources as if they sat in src/ and check that back-imports fail and allowed ones pass.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    [
      'src/strategies/rules/fixture.ts',
      "export type { SignalRecord } from '../../engine/storage/lifecycle.js';\n",
    ],
    ['src/analytics/fixture.ts', "export { TradingEngine } from '../engine/trading-engine.js';\n"],
    [
      'src/config/sections/fixture.ts',
      "export { STRATEGIES } from '../../strategies/registry.js';\n",
    ],
    ['src/distribution/fixture.ts', "export { AdminModule } from '../admin/admin.module.js';\n"],
    ['src/billing/fixture.ts', "export * from '../sandbox/platforms/stripe.js';\n"],
    [
      'src/market-data/simulator/fixture.ts',
      "export * from '../../analytics/engine/analytics-engine.js';\n",
    ],
    ['src/vocabulary/fixture.ts', "export * from '../common/clock.js';\n"],
    ['src/narrative/fixture.ts', "export * from '../distribution/views.js';\n"],
    ['src/subscribers/fixture.ts', "export * from '../account/account.module.js';\n"],
    ['src/account/web/fixture.ts', "export * from '../../admin/admin.module.js';\n"],
  ])('%s: a back-import fails lint', async (file, source) => {
    const errors = await boundaryErrors(file, source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/may (not )?import/);
  });

  it.each([
    ['src/engine/fixture.ts', "export * from '../strategies/registry.js';\n"],
    ['src/strategies/rules/fixture.ts', "export * from '../../vocabulary/trading.js';\n"],
    [
      'src/market-data/simulator/fixture.ts',
      "export * from '../../analytics/math/black-scholes.js';\n",
    ],
    ['src/distribution/fixture.ts', "export * from '../signals/signal.js';\n"],
    ['src/admin/fixture.ts', "export * from '../engine/engine.module.js';\n"],
    ['src/strategies/fixture.ts', "export * from './rules/scalp.js';\n"],
    ['src/account/fixture.ts', "export * from '../distribution/views.js';\n"],
  ])('%s: an import along the flow passes', async (file, source) => {
    expect(await boundaryErrors(file, source)).toEqual([]);
  });
});

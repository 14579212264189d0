/** The demo's log: every JSON line kept in the file, warnings tallied into one compact line. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/observability/logger.js';
import { DemoLog } from '../../../../src/sandbox/story/demo-log.js';

describe('DemoLog', () => {
  it('writes every line to the file and tallies warnings by what they are about', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'demo-log-')), 'demo.log');
    const log = new DemoLog(path);
    const logger = createLogger('info', log);
    logger.info('started');
    logger.warn({ context: 'Analytics' }, 'gex_shift on SPY: net GEX moved 31%');
    logger.warn({ context: 'Analytics' }, 'gex_shift on QQQ: net GEX moved 12%');
    logger.error({ context: 'Engine' }, 'engine step failed');
    expect(log.takeLine()).toBe(
      `warnings: Analytics gex_shift ×2 · Engine engine step failed (log: ${path})`,
    );
    expect(log.takeLine()).toBeNull();
    expect(log.total).toBe(3);
    await new Promise<void>((resolve) => log.end(resolve));
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]).msg).toBe('started');
  });
});

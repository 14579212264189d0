/**
 * The built app (dist/src/main.js) started against a database or Redis that does not answer:
 * one clear line naming the service and address, exit 1, no stack trace.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../../support/database.js';

/** A TCP port with nothing listening (bound once, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      env: { PATH: process.env.PATH ?? '', ROLE: 'api', PORT: '0', LOG_LEVEL: 'warn', ...env },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('start-up with a dependency down', () => {
  it('PostgreSQL unreachable: one line naming host:port and ECONNREFUSED, exit 1', async () => {
    const port = await closedPort();
    const { code, output } = await start({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test`,
    });
    expect(code).toBe(1);
    expect(output.trim()).toBe(
      `GammaDesk failed to start: cannot reach PostgreSQL at 127.0.0.1:${port}: ECONNREFUSED`,
    );
  });

  it('Redis unreachable: one line naming host:port and ECONNREFUSED, exit 1', async () => {
    const port = await closedPort();
    const { code, output } = await start({
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: `redis://127.0.0.1:${port}`,
    });
    expect(code).toBe(1);
    expect(output).not.toMatch(/\n\s+at /);
    expect(output.trim().split('\n').at(-1)).toBe(
      `GammaDesk failed to start: cannot reach Redis at 127.0.0.1:${port}: ECONNREFUSED`,
    );
  });
});

describe('start-up with a configuration problem found while the app is built', () => {
  it('an unknown strategy name is listed without a stack trace, exit 1', async () => {
    const { code, output } = await start({
      DATABASE_URL: TEST_DATABASE_URL,
      ROLE: 'all',
      STRATEGIES_ENABLED: 'scalp,no-such-strategy',
    });
    expect(code).toBe(1);
    expect(output).toContain('STRATEGIES_ENABLED: unknown strategy "no-such-strategy"');
    expect(output).not.toMatch(/\n\s+at /);
  });
});

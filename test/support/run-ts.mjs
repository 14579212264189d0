#!/usr/bin/env node
/**
 * Runs a TypeScript module of this repository in a plain Node child process (for tests that
 * fork and SIGKILL real worker processes): vite's module runner transpiles it the way vitest does.
 * Usage: node test/support/run-ts.mjs <path/to/module.ts>  — the module's `main()` is called.
 */
import { resolve } from 'node:path';
import { createServer, createServerModuleRunner } from 'vite';

const entry = resolve(process.argv[2] ?? '');
const server = await createServer({
  root: process.cwd(),
  configFile: false,
  server: { middlewareMode: true, hmr: false, ws: false },
  appType: 'custom',
  logLevel: 'error',
  optimizeDeps: { noDiscovery: true, include: [] },
});
const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
const mod = await runner.import(entry);
await mod.main();

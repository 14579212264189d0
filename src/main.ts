#!/usr/bin/env node
import { ConfigError, loadConfigFromProcess, processConfigWarnings } from './config/config.js';
import { startApp } from './bootstrap.js';
import { StartupFailure } from './core/startup-failure.js';
import { installSignalHandlers } from './shutdown.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfigFromProcess();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const running = await startApp(config, { warnings: processConfigWarnings() });
  installSignalHandlers(running.close, running.logger, config.SHUTDOWN_GRACE_MS);
}

main().catch((err: unknown) => {
  // Problems an operator fixes outside the code (configuration found wrong while the app is
  // built, e.g. an unknown strategy name; a dependency down): the message alone.
  if (err instanceof StartupFailure || err instanceof ConfigError) {
    process.stderr.write(`GammaDesk failed to start: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `GammaDesk failed to start: ${err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});

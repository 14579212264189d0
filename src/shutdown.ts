import type { Logger } from 'pino';

/**
 * SIGINT/SIGTERM: close gracefully (in-flight work finishes) within `graceMs`, then exit 0.
 * A second signal, or the grace period running out, exits at once with 1.
 */
export function installSignalHandlers(
  close: () => Promise<void>,
  logger: Logger,
  graceMs: number,
): void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    received = true;
    logger.info({ signal }, 'signal received');
    const timer = setTimeout(() => {
      logger.error({ graceMs }, 'shutdown grace period exceeded: exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

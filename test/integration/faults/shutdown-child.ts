/**
 * A GammaDesk worker process for the SIGTERM test: started like main.ts (installSignalHandlers),
 * on the schema and fake Telegram the parent gives, planning GD_SIGNALS signals, then telling the
 * parent it is ready.
 */
import { startApp } from '../../../src/bootstrap.js';
import { loadConfig } from '../../../src/config/config.js';
import { Database } from '../../../src/database/database.js';
import { DistributionService } from '../../../src/distribution/distribution.service.js';
import { createLogger } from '../../../src/observability/logger.js';
import { installSignalHandlers } from '../../../src/shutdown.js';
import { sampleSignal } from '../../unit/distribution/signal-fixtures.js';

export async function main(): Promise<void> {
  const env = process.env;
  const config = loadConfig({
    ROLE: 'worker',
    LOG_LEVEL: 'silent',
    TELEGRAM_BOT_TOKEN: env.GD_TELEGRAM_TOKEN,
    TELEGRAM_API_ROOT: env.GD_TELEGRAM_ROOT,
    TELEGRAM_CHAT_PREMIUM: env.GD_TELEGRAM_GROUP,
    DISTRIBUTION_CHANNELS_PREMIUM: 'telegram',
    DISTRIBUTION_CHANNELS_BASIC: 'telegram',
    DISTRIBUTION_CHANNELS_FREE: 'discord',
    SHUTDOWN_GRACE_MS: env.GD_GRACE_MS,
  });
  const database = await Database.open(
    {
      DATABASE_URL: env.GD_DATABASE_URL,
      DATA_DIR: '.data',
      EMBEDDED_DB_IN_MEMORY: true,
      EMBEDDED_DB_PORT: 0,
    },
    { schema: env.GD_SCHEMA },
  );
  const logger = createLogger('silent');
  const running = await startApp(config, { database, logger });
  installSignalHandlers(running.close, logger, config.SHUTDOWN_GRACE_MS);
  const engine = running.app.get(DistributionService).engine;
  for (let i = 0; i < Number(env.GD_SIGNALS); i++) {
    const at = running.clock.now();
    await engine.planSignal(
      sampleSignal({
        id: `SIG-20260302-6${String(i).padStart(2, '0')}`,
        publishedAt: at,
        dataAsOf: at,
      }),
    );
  }
  process.send?.('planned');
}

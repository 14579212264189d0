import { Global, Logger, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Clock } from '../common/clock.js';
import { CONFIG_SLICE, type MarketDataConfig } from '../config/slices.js';
import { CLOCK, DATA_SOURCE } from '../core/tokens.js';
import { IngestService, MARKET_DATA_STORAGE, type MarketDataStorage } from './ingest.service.js';
import { MARKET_DATA_PROVIDER } from './market-data-provider.js';
import { createMarketDataProvider } from './provider-factory.js';
import { AnomalyLog } from './storage/anomaly-log.js';
import { RawPayloadArchive } from './storage/raw-payload-archive.js';

/**
 * Market data: the configured provider (MARKET_DATA_PROVIDER, simulator by default) behind
 * MARKET_DATA_PROVIDER, the raw-payload archive and anomaly log, and IngestService (the
 * quota-scheduled loop; subscribe with `onSnapshot`). Needs CoreModule's tokens. Global, so a
 * module that can use market data when the app has it (analytics' feed) injects IngestService
 * as an optional dependency.
 */
@Global()
@Module({
  providers: [
    {
      provide: MARKET_DATA_STORAGE,
      useFactory: (dataSource: DataSource): MarketDataStorage => {
        const logger = new Logger('MarketDataStorage');
        return {
          raw: new RawPayloadArchive(dataSource, (err) =>
            logger.warn(`raw payload not archived: ${String(err)}`),
          ),
          anomalies: new AnomalyLog(dataSource, (err) =>
            logger.warn(`anomaly not recorded: ${String(err)}`),
          ),
        };
      },
      inject: [DATA_SOURCE],
    },
    {
      provide: MARKET_DATA_PROVIDER,
      useFactory: (config: MarketDataConfig, clock: Clock, storage: MarketDataStorage) =>
        createMarketDataProvider(config, clock, { raw: storage.raw, anomalies: storage.anomalies }),
      inject: [CONFIG_SLICE.marketData, CLOCK, MARKET_DATA_STORAGE],
    },
    IngestService,
  ],
  exports: [IngestService, MARKET_DATA_PROVIDER, MARKET_DATA_STORAGE],
})
export class MarketDataModule {}

import { Global, Module } from '@nestjs/common';
import { STRATEGY_RECORD_READER, type StrategyRecordReader } from '../signals/strategy-record.js';
import { RecordService } from './record.service.js';
import { TrackRecordController } from './track-record.controller.js';

/**
 * The track record: the signal hash chain, results per tier, the public page. Global, so the
 * bots' /performance reads STRATEGY_RECORD_READER without importing the record.
 */
@Global()
@Module({
  providers: [
    RecordService,
    {
      provide: STRATEGY_RECORD_READER,
      inject: [RecordService],
      useFactory: (record: RecordService): StrategyRecordReader => ({
        byStrategy: async (tier) =>
          (await record.services.trackRecord()).strategies
            .filter((l) => l.tier === tier)
            .map((l) => ({
              strategy: l.strategy,
              trades: l.trades,
              wins: l.wins,
              avgR: l.avgR,
              pnlPerContract: l.pnlPerContract,
            })),
      }),
    },
  ],
  controllers: [TrackRecordController],
  exports: [RecordService, STRATEGY_RECORD_READER],
})
export class RecordModule {}

import { Module } from '@nestjs/common';
import { RecordService } from './record.service.js';
import { TrackRecordController } from './track-record.controller.js';

/** The track record: the signal hash chain, results per tier, the public page. */
@Module({
  providers: [RecordService],
  controllers: [TrackRecordController],
  exports: [RecordService],
})
export class RecordModule {}

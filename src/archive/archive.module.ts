import { Global, Module } from '@nestjs/common';
import type { Clock } from '../common/clock.js';
import { CLOCK } from '../core/tokens.js';
import { PERSONAL_DATA_ERASER, type PersonalDataEraser } from '../subscribers/personal-data.js';
import { ArchiveService } from './archive.service.js';
import { erasePersonalData } from './erasure.js';

/**
 * The compliance archive: the daily export, move and purge, and the eraser the privacy delete
 * calls (global, so the subscribers module finds PERSONAL_DATA_ERASER without importing this one).
 */
@Global()
@Module({
  providers: [
    ArchiveService,
    {
      provide: PERSONAL_DATA_ERASER,
      inject: [CLOCK],
      useFactory: (clock: Clock): PersonalDataEraser => ({
        erase: async (sql, subscriberId) => {
          await erasePersonalData(sql, subscriberId, clock.now());
        },
      }),
    },
  ],
  exports: [ArchiveService, PERSONAL_DATA_ERASER],
})
export class ArchiveModule {}

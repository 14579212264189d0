import { Controller, Get, Header, Inject } from '@nestjs/common';
import { renderTrackRecordPage } from './page/track-record-page.js';
import { PAGE_STYLE } from './page/track-record-style.js';
import { RecordService } from './record.service.js';
import type { TrackRecordSummary } from './track-record-summary.js';

/** The public track record: an HTML page and the same figures as JSON. No login. */
@Controller()
export class TrackRecordController {
  constructor(@Inject(RecordService) private readonly record: RecordService) {}

  @Get('track-record')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'public, max-age=60')
  async page(): Promise<string> {
    return renderTrackRecordPage(await this.record.services.trackRecord());
  }

  @Get('track-record.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'public, max-age=3600')
  style(): string {
    return PAGE_STYLE;
  }

  @Get('track-record.json')
  @Header('cache-control', 'public, max-age=60')
  json(): Promise<TrackRecordSummary> {
    return this.record.services.trackRecord();
  }
}

/**
 * The operator API of the reports' QA gate (`Authorization: Bearer ADMIN_API_TOKEN`):
 *   GET  /api/admin/reports?date=YYYY-MM-DD  the reviews of a New York date (default today)
 *   GET  /api/admin/reports/{id}             one review with its history
 *   POST /api/admin/reports/{id}/approve     { note? } → the review (409 when not pending/held)
 *   POST /api/admin/reports/{id}/hold        { note? } → the review (409 when not pending)
 * Decisions are audited like the portal's Content QA (actor `api-token`). 503 where reports do
 * not run in this process.
 */
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { z } from 'zod';
import type {
  ReportReviewDetail,
  ReportReviewService,
  ReportReviewSummary,
} from '../../reports/review/report-review-service.js';
import { CurrentAdmin, type AdminPrincipal } from '../access/principal.js';
import { RequireRole } from '../access/require-role.js';
import { ADMIN_PAGES, type AdminPages } from '../pages/admin-pages.js';
import { ContentQa, REPORT_ID_RE } from '../pages/content/content-qa.js';
import { iso, ReviewApi } from './review-api.js';

const listQuery = z.object({ date: z.iso.date().optional() });

function reviewJson(r: ReportReviewSummary) {
  return {
    id: r.id,
    date: r.date,
    type: r.type,
    state: r.state,
    createdAt: iso(r.createdAt),
    autoApproveAt: iso(r.autoApproveAt),
    decidedAt: iso(r.decidedAt),
    decidedBy: r.decidedBy,
    note: r.note,
    sentAt: iso(r.sentAt),
  };
}

@Controller('api/admin/reports')
@RequireRole('admin')
export class ReportsApiController {
  private readonly api: ReviewApi<ReportReviewDetail, ReportReviewService>;

  constructor(@Inject(ADMIN_PAGES) private readonly pages: AdminPages) {
    this.api = new ReviewApi<ReportReviewDetail, ReportReviewService>({
      noun: 'report',
      idPattern: REPORT_ID_RE,
      idExpected: 'YYYY-MM-DD-<type>',
      unavailable: 'reports do not run in this process',
      source: () => pages.reviews,
      qa: (reviews) => new ContentQa(reviews, pages.audit),
    });
  }

  @Get()
  async list(@Query() raw: unknown) {
    const parsed = listQuery.safeParse(raw ?? {});
    if (!parsed.success) throw new BadRequestException('date: expected YYYY-MM-DD');
    const date = parsed.data.date ?? ContentQa.dateOf(this.pages.clock.now());
    return (await this.api.source().list(date)).map(reviewJson);
  }

  @Get(':id')
  async get(@Param('id') raw: string) {
    const { entry, history } = await this.api.detail(raw);
    return { ...reviewJson(entry), tiers: entry.previews.map((p) => p.tier), history };
  }

  /** Through Content QA's decision (audited the same way); the review afterwards. */
  @Post(':id/approve')
  @HttpCode(200)
  async approve(
    @Param('id') raw: string,
    @Body() body: unknown,
    @CurrentAdmin() who: AdminPrincipal,
  ) {
    return reviewJson(await this.api.decide(raw, 'approve', body, who.actor));
  }

  @Post(':id/hold')
  @HttpCode(200)
  async hold(@Param('id') raw: string, @Body() body: unknown, @CurrentAdmin() who: AdminPrincipal) {
    return reviewJson(await this.api.decide(raw, 'hold', body, who.actor));
  }
}

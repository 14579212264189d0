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
  NotFoundException,
  Param,
  Post,
  Query,
  ServiceUnavailableException,
} from '@nestjs/common';
import { z } from 'zod';
import type {
  ReportReviewService,
  ReportReviewSummary,
} from '../../reports/review/report-review-service.js';
import { CurrentAdmin, type AdminPrincipal } from '../access/principal.js';
import { RequireRole } from '../access/require-role.js';
import { ADMIN_PAGES, type AdminPages } from '../pages/admin-pages.js';
import { ContentQa, REPORT_ID_RE } from '../pages/content/content-qa.js';

const listQuery = z.object({ date: z.iso.date().optional() });
const decisionBody = z.object({ note: z.string().trim().max(1000).optional() });
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

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
  constructor(@Inject(ADMIN_PAGES) private readonly pages: AdminPages) {}

  private reviews(): ReportReviewService {
    if (!this.pages.reviews)
      throw new ServiceUnavailableException('reports do not run in this process');
    return this.pages.reviews;
  }

  private id(raw: string): string {
    if (!REPORT_ID_RE.test(raw)) throw new BadRequestException('id: expected YYYY-MM-DD-<type>');
    return raw;
  }

  @Get()
  async list(@Query() raw: unknown) {
    const parsed = listQuery.safeParse(raw ?? {});
    if (!parsed.success) throw new BadRequestException('date: expected YYYY-MM-DD');
    const date = parsed.data.date ?? ContentQa.dateOf(this.pages.clock.now());
    return (await this.reviews().list(date)).map(reviewJson);
  }

  @Get(':id')
  async get(@Param('id') raw: string) {
    const id = this.id(raw);
    const detail = await this.reviews().get(id);
    if (!detail) throw new NotFoundException(`report ${id} not found`);
    return {
      ...reviewJson(detail),
      tiers: detail.previews.map((p) => p.tier),
      history: (await this.reviews().history(id)).map((h) => ({ ...h, at: iso(h.at) })),
    };
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@Param('id') raw: string, @Body() body: unknown, @CurrentAdmin() who: AdminPrincipal) {
    return this.decide(this.id(raw), 'approve', body, who.actor);
  }

  @Post(':id/hold')
  @HttpCode(200)
  hold(@Param('id') raw: string, @Body() body: unknown, @CurrentAdmin() who: AdminPrincipal) {
    return this.decide(this.id(raw), 'hold', body, who.actor);
  }

  /** Through Content QA's decision (audited the same way); the review afterwards. */
  private async decide(id: string, decision: 'approve' | 'hold', body: unknown, actor: string) {
    const parsed = decisionBody.safeParse(body ?? {});
    if (!parsed.success) throw new BadRequestException('note: at most 1000 characters');
    const reviews = this.reviews();
    const qa = new ContentQa(reviews, this.pages.audit);
    await qa.decide(id, decision, { note: parsed.data.note, confirm: 'yes' }, actor);
    const after = await reviews.get(id);
    if (!after) throw new NotFoundException(`report ${id} not found`);
    return reviewJson(after);
  }
}

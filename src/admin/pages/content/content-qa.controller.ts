import {
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { CurrentAdmin, type AdminPrincipal } from '../../access/principal.js';
import { RequireRole } from '../../access/require-role.js';
import { PortalPages } from '../../portal/portal-pages.js';
import { TIERS } from '../../../vocabulary/tier.js';
import { ADMIN_PAGES, type AdminPages } from '../admin-pages.js';
import { flashOf } from '../page-flash.js';
import { sendEmailFrame } from '../email-frame.js';
import { ContentQa, REPORT_ID_RE } from './content-qa.js';
import { postDecision } from './decision-route.js';
import { NarrativeQa } from './narrative-qa.js';

const dateQuery = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

/**
 * Content QA: the report review queue, previews per tier, approve or hold with a note; beside it
 * the model narratives waiting for an editor (NarrativeQaController decides on them).
 */
@Controller('admin/content')
@RequireRole('viewer')
export class ContentQaController {
  private readonly qa: ContentQa | null;
  private readonly narratives: NarrativeQa | null;

  constructor(
    @Inject(ADMIN_PAGES) private readonly pages: AdminPages,
    @Inject(PortalPages) private readonly portal: PortalPages,
  ) {
    this.qa = pages.reviews ? new ContentQa(pages.reviews, pages.audit) : null;
    this.narratives = pages.narrativeApprovals
      ? new NarrativeQa(pages.narrativeApprovals, pages.audit)
      : null;
  }

  @Get()
  async queue(@Req() req: Request, @Res() res: Response, @Query() raw: unknown): Promise<void> {
    const parsed = dateQuery.safeParse(raw);
    const asked = parsed.success ? parsed.data.date : undefined;
    const date =
      asked && DateTime.fromISO(asked).isValid ? asked : ContentQa.dateOf(this.pages.clock.now());
    res.type('html').send(
      this.portal.render(req, 'content', {
        title: 'Content QA',
        available: this.qa !== null,
        date,
        flash: flashOf(raw),
        reports: this.qa ? await this.qa.queue(date) : [],
        narrativesKept: this.narratives !== null,
        narrativeApproval: this.pages.narrativeApprovals?.required ?? false,
        narratives: this.narratives ? await this.narratives.pending() : [],
        narrativeDecisions: this.narratives ? await this.narratives.decided() : [],
      }),
    );
  }

  @Get(':id')
  async report(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<void> {
    const report = this.qa && REPORT_ID_RE.test(id) ? await this.qa.report(id) : null;
    if (!report) throw new NotFoundException('no such report');
    res.type('html').send(
      this.portal.render(req, 'content-report', {
        title: `Report ${id}`,
        report,
        flash: flashOf(query),
      }),
    );
  }

  @Get(':id/email/:tier')
  async email(@Res() res: Response, @Param('id') id: string, @Param('tier') tier: string) {
    const html =
      this.qa && REPORT_ID_RE.test(id) && (TIERS as readonly string[]).includes(tier)
        ? await this.qa.email(id, tier)
        : null;
    if (html === null) throw new NotFoundException();
    sendEmailFrame(res, html);
  }

  @Post(':id/:decision')
  @RequireRole('editor')
  async decide(
    @Res() res: Response,
    @Param('id') id: string,
    @Param('decision') decision: string,
    @Body() body: unknown,
    @CurrentAdmin() admin: AdminPrincipal,
  ): Promise<void> {
    const back = `/admin/content/${encodeURIComponent(id)}`;
    const unavailable = 'reports do not run in this process';
    const route = { id, decision, idPattern: REPORT_ID_RE, back, unavailable };
    await postDecision(res, route, this.qa, body, admin.actor);
  }
}

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
import { CurrentAdmin, type AdminPrincipal } from '../../access/principal.js';
import { RequireRole } from '../../access/require-role.js';
import { PortalPages } from '../../portal/portal-pages.js';
import { ADMIN_PAGES, type AdminPages } from '../admin-pages.js';
import { flashOf } from '../page-flash.js';
import { postDecision } from './decision-route.js';
import { NARRATIVE_ID_RE, NarrativeQa } from './narrative-qa.js';

/** Content QA for one model narrative: its facts, raw text and verdict; approve or hold it. */
@Controller('admin/content/narratives')
@RequireRole('viewer')
export class NarrativeQaController {
  private readonly qa: NarrativeQa | null;

  constructor(
    @Inject(ADMIN_PAGES) private readonly pages: AdminPages,
    @Inject(PortalPages) private readonly portal: PortalPages,
  ) {
    this.qa = pages.narrativeApprovals
      ? new NarrativeQa(pages.narrativeApprovals, pages.audit)
      : null;
  }

  @Get(':id')
  async narrative(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<void> {
    const narrative = this.qa && NARRATIVE_ID_RE.test(id) ? await this.qa.narrative(id) : null;
    if (!narrative) throw new NotFoundException('no such narrative');
    res.type('html').send(
      this.portal.render(req, 'content-narrative', {
        title: `Narrative of ${narrative.signalId} (${narrative.tier})`,
        narrative,
        flash: flashOf(query),
      }),
    );
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
    const back = `/admin/content/narratives/${id}`;
    const unavailable = 'narratives are not kept in this process';
    const route = { id, decision, idPattern: NARRATIVE_ID_RE, back, unavailable };
    await postDecision(res, route, this.qa, body, admin.actor);
  }
}

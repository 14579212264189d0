/**
 * The operator API of narrative approval (`Authorization: Bearer ADMIN_API_TOKEN`):
 *   GET  /api/admin/narratives?status=pending|approved|held|sent   newest first (default pending)
 *   GET  /api/admin/narratives/{id}            one narrative with its facts and history
 *   POST /api/admin/narratives/{id}/approve    { note? } → the narrative (409 when not pending/held)
 *   POST /api/admin/narratives/{id}/hold       { note? } → the narrative (409 when not pending)
 * Decisions go through Content QA's (audited the same way, actor `api-token`). 503 where
 * narratives are not kept in this process.
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
import {
  NARRATIVE_REVIEW_STATES,
  reviewStateOf,
  type NarrativeApprovals,
} from '../../narrative/approval/narrative-approvals.js';
import type { NarrativeEntry } from '../../narrative/store/narrative-store.js';
import { CurrentAdmin, type AdminPrincipal } from '../access/principal.js';
import { RequireRole } from '../access/require-role.js';
import { ADMIN_PAGES, type AdminPages } from '../pages/admin-pages.js';
import { NARRATIVE_ID_RE, NarrativeQa } from '../pages/content/narrative-qa.js';
import { iso, ReviewApi } from './review-api.js';

const listQuery = z.object({
  status: z.enum(NARRATIVE_REVIEW_STATES as [string, ...string[]]).default('pending'),
});

function narrativeJson(e: NarrativeEntry) {
  return {
    id: e.id,
    signalId: e.signalId,
    tier: e.tier,
    state: reviewStateOf(e),
    writer: e.writer,
    model: e.model,
    factsHash: e.factsHash,
    rawText: e.rawText,
    verdict: e.verdict,
    verdictDetail: e.verdictDetail,
    usedText: e.usedText,
    usedSource: e.usedSource,
    late: e.late,
    tokens: { input: e.inputTokens, output: e.outputTokens },
    costUsd: e.costUsd,
    latencyMs: e.latencyMs,
    createdAt: iso(e.createdAt),
    decidedAt: iso(e.decidedAt),
    decidedBy: e.decidedBy,
    note: e.note,
    sentAt: iso(e.sentAt),
  };
}

@Controller('api/admin/narratives')
@RequireRole('admin')
export class NarrativesApiController {
  private readonly api: ReviewApi<NarrativeEntry, NarrativeApprovals>;

  constructor(@Inject(ADMIN_PAGES) pages: AdminPages) {
    this.api = new ReviewApi<NarrativeEntry, NarrativeApprovals>({
      noun: 'narrative',
      idPattern: NARRATIVE_ID_RE,
      idExpected: 'a narrative id',
      unavailable: 'narratives are not kept in this process',
      source: () => pages.narrativeApprovals,
      qa: (approvals) => new NarrativeQa(approvals, pages.audit),
    });
  }

  @Get()
  async list(@Query() raw: unknown) {
    const parsed = listQuery.safeParse(raw ?? {});
    if (!parsed.success)
      throw new BadRequestException(`status: one of ${NARRATIVE_REVIEW_STATES.join(', ')}`);
    const state = parsed.data.status as (typeof NARRATIVE_REVIEW_STATES)[number];
    return (await this.api.source().list(state)).map(narrativeJson);
  }

  @Get(':id')
  async get(@Param('id') raw: string) {
    const { entry, history } = await this.api.detail(raw);
    return { ...narrativeJson(entry), facts: entry.facts, history };
  }

  @Post(':id/approve')
  @HttpCode(200)
  async approve(
    @Param('id') raw: string,
    @Body() body: unknown,
    @CurrentAdmin() who: AdminPrincipal,
  ) {
    return narrativeJson(await this.api.decide(raw, 'approve', body, who.actor));
  }

  @Post(':id/hold')
  @HttpCode(200)
  async hold(@Param('id') raw: string, @Body() body: unknown, @CurrentAdmin() who: AdminPrincipal) {
    return narrativeJson(await this.api.decide(raw, 'hold', body, who.actor));
  }
}

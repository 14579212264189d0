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
  NotFoundException,
  Param,
  Post,
  Query,
  ServiceUnavailableException,
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

const listQuery = z.object({
  status: z.enum(NARRATIVE_REVIEW_STATES as [string, ...string[]]).default('pending'),
});
const decisionBody = z.object({ note: z.string().trim().max(1000).optional() });
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

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
  constructor(@Inject(ADMIN_PAGES) private readonly pages: AdminPages) {}

  private approvals(): NarrativeApprovals {
    if (!this.pages.narrativeApprovals)
      throw new ServiceUnavailableException('narratives are not kept in this process');
    return this.pages.narrativeApprovals;
  }

  private id(raw: string): string {
    if (!NARRATIVE_ID_RE.test(raw)) throw new BadRequestException('id: expected a narrative id');
    return raw;
  }

  @Get()
  async list(@Query() raw: unknown) {
    const parsed = listQuery.safeParse(raw ?? {});
    if (!parsed.success)
      throw new BadRequestException(`status: one of ${NARRATIVE_REVIEW_STATES.join(', ')}`);
    const state = parsed.data.status as (typeof NARRATIVE_REVIEW_STATES)[number];
    return (await this.approvals().list(state)).map(narrativeJson);
  }

  @Get(':id')
  async get(@Param('id') raw: string) {
    const id = this.id(raw);
    const entry = await this.approvals().get(id);
    if (!entry) throw new NotFoundException(`narrative ${id} not found`);
    return {
      ...narrativeJson(entry),
      facts: entry.facts,
      history: (await this.approvals().history(id)).map((h) => ({ ...h, at: iso(h.at) })),
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

  private async decide(id: string, decision: 'approve' | 'hold', body: unknown, actor: string) {
    const parsed = decisionBody.safeParse(body ?? {});
    if (!parsed.success) throw new BadRequestException('note: at most 1000 characters');
    const approvals = this.approvals();
    const qa = new NarrativeQa(approvals, this.pages.audit);
    await qa.decide(id, decision, { note: parsed.data.note, confirm: 'yes' }, actor);
    const after = await approvals.get(id);
    if (!after) throw new NotFoundException(`narrative ${id} not found`);
    return narrativeJson(after);
  }
}

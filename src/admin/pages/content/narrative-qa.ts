/**
 * Content QA for model narratives (NARRATIVE_REQUIRE_APPROVAL): the narratives waiting for an
 * editor and the recent decisions, one narrative's facts, raw text and verdict, and approve / hold
 * with a note — through the narrative approvals, audited like the report decisions. The operator
 * API (/api/admin/narratives) decides through the same class.
 */
import {
  NarrativeNotFoundError,
  NarrativeTransitionError,
  reviewStateOf,
  type NarrativeApprovals,
  type NarrativeReviewState,
} from '../../../narrative/approval/narrative-approvals.js';
import {
  NarrativeAlreadyApprovedError,
  type NarrativeEntry,
} from '../../../narrative/store/narrative-store.js';
import type { NarrativeFacts } from '../../../narrative/writer/facts.js';
import type { AuditLog } from '../../access/audit-log.js';
import { at } from '../page-format.js';
import { factCheckVerdict } from '../signals/narrative-verdict.js';
import {
  decideReview,
  historyRows,
  type ReviewDecision,
  type ReviewKind,
} from './review-decision.js';

/** Narrative ids are UUIDs. */
export const NARRATIVE_ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const NARRATIVE: ReviewKind<NarrativeEntry, NarrativeEntry> = {
  noun: 'narrative',
  audited: (e) => ({ state: reviewStateOf(e), note: e.note }),
  notFound: [NarrativeNotFoundError],
  conflict: [NarrativeTransitionError, NarrativeAlreadyApprovedError],
};

/** The facts a narrative was written from, as lines an editor can check the text against. */
export function factLines(f: NarrativeFacts): string[] {
  const lines: string[] = [];
  const s = f.subject;
  lines.push(
    [s.symbol, s.direction, s.setup, s.contract && `${s.contract.strike} ${s.contract.right}`]
      .filter(Boolean)
      .join(' · '),
  );
  if (f.headline) lines.push(f.headline);
  for (const n of f.numbers) lines.push(`${n.label}: ${n.value} (${n.unit})`);
  for (const p of f.points) lines.push(`Why: ${p}`);
  for (const r of f.risks) lines.push(`Risk: ${r}`);
  return lines.filter((l) => l.length > 0);
}

export class NarrativeQa {
  constructor(
    private readonly approvals: NarrativeApprovals,
    private readonly audit: AuditLog,
  ) {}

  private static summary(e: NarrativeEntry) {
    return {
      id: e.id,
      signalId: e.signalId ?? '—',
      tier: e.tier ?? '—',
      state: reviewStateOf(e) ?? 'not reviewed',
      createdAt: at(e.createdAt),
      writer: `${e.writer} · ${e.model}`,
      rawText: e.rawText ?? '',
      verdict: factCheckVerdict(e),
      facts: factLines(e.facts),
      decidedAt: e.decidedAt === null ? '—' : at(e.decidedAt),
      decidedBy: e.decidedBy ?? '—',
      note: e.note ?? '',
    };
  }

  /** What waits for an editor, newest first. */
  async pending() {
    return (await this.approvals.list('pending')).map((e) => NarrativeQa.summary(e));
  }

  /** Recent decisions (held, approved, sent), newest first. */
  async decided(limit = 20) {
    const lists = await Promise.all(
      (['held', 'approved', 'sent'] as const).map((s) => this.approvals.list(s)),
    );
    return lists
      .flat()
      .sort((a, b) => (b.decidedAt ?? 0) - (a.decidedAt ?? 0))
      .slice(0, limit)
      .map((e) => NarrativeQa.summary(e));
  }

  async list(state: NarrativeReviewState): Promise<NarrativeEntry[]> {
    return this.approvals.list(state);
  }

  async narrative(id: string) {
    const e = await this.approvals.get(id);
    if (!e) return null;
    const state = reviewStateOf(e);
    return {
      ...NarrativeQa.summary(e),
      usedText: e.usedText,
      canApprove: state === 'pending' || state === 'held',
      canHold: state === 'pending',
      history: historyRows(await this.approvals.history(id)),
    };
  }

  async decide(
    id: string,
    decision: ReviewDecision,
    body: unknown,
    actor: string,
  ): Promise<string> {
    const after = await decideReview(
      NARRATIVE,
      this.approvals,
      this.audit,
      id,
      decision,
      body,
      actor,
    );
    return decision === 'approve'
      ? `The narrative is approved${reviewStateOf(after) === 'sent' ? ' and on its way to Premium as an update' : ''}.`
      : 'The narrative is held: it will not be sent.';
  }
}

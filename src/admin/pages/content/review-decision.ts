/**
 * A Content QA decision (a report, a model narrative): the form's body checked (a note, the
 * confirm box), the entry read (404 when unknown), approved or held, the change audited, and the
 * service's refusals answered as 404 (gone) or 409 (not in a state to decide); and the history of
 * decisions as the QA pages list it.
 */
import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { z } from 'zod';
import type { AuditLog } from '../../access/audit-log.js';
import { at } from '../page-format.js';

const decisionBody = z.object({
  note: z.string().trim().max(1000).optional(),
  confirm: z.literal('yes', { error: 'tick the confirm box to go ahead' }),
  csrf: z.string().optional(),
});

export type ReviewDecision = 'approve' | 'hold';

/** Content QA's decision on an entry (ContentQa, NarrativeQa): the outcome as a sentence. */
export interface ReviewQa {
  decide(id: string, decision: ReviewDecision, body: unknown, actor: string): Promise<string>;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** The service that decides (the reports' review service, the narrative approvals). */
export interface ReviewDecider<B, A> {
  get(id: string): Promise<B | null>;
  approve(id: string, by: string, note?: string): Promise<A>;
  hold(id: string, by: string, note?: string): Promise<A>;
}

/** One kind of reviewed entry: B as read, A as a decision returns it. */
export interface ReviewKind<B, A> {
  /** `report`, `narrative`: the audit action's prefix and the 404's word. */
  noun: string;
  /** What the audit keeps of an entry before and after. */
  audited(entry: B | A): { state: string | null; note: string | null };
  /** The service's errors that answer 404, and those that answer 409. */
  notFound: readonly ErrorClass[];
  conflict: readonly ErrorClass[];
}

/** A review's history of decisions as the page's table shows it (New York time, '' for no note). */
export function historyRows<H extends { at: number; note: string | null }>(history: H[]) {
  return history.map((h) => ({ ...h, at: at(h.at), note: h.note ?? '' }));
}

/** Decides and audits; the entry as the decision returned it. */
export async function decideReview<B, A>(
  kind: ReviewKind<B, A>,
  decider: ReviewDecider<B, A>,
  audit: AuditLog,
  id: string,
  decision: ReviewDecision,
  body: unknown,
  actor: string,
): Promise<A> {
  const parsed = decisionBody.safeParse(body);
  if (!parsed.success) {
    throw new BadRequestException(parsed.error.issues.map((i) => i.message).join('; '));
  }
  const note = parsed.data.note || undefined;
  const before = await decider.get(id);
  if (!before) throw new NotFoundException(`${kind.noun} ${id} not found`);
  try {
    const after =
      decision === 'approve'
        ? await decider.approve(id, actor, note)
        : await decider.hold(id, actor, note);
    await audit.record({
      actor,
      action: `${kind.noun}.${decision}`,
      target: id,
      before: kind.audited(before),
      after: kind.audited(after),
    });
    return after;
  } catch (err) {
    if (kind.notFound.some((c) => err instanceof c)) {
      throw new NotFoundException((err as Error).message);
    }
    if (kind.conflict.some((c) => err instanceof c)) {
      throw new ConflictException((err as Error).message);
    }
    throw err;
  }
}

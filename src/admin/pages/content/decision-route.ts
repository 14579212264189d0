/** The portal's Content QA decision forms (`POST …/:id/approve|hold`) for reports and narratives. */
import { NotFoundException } from '@nestjs/common';
import type { Response } from 'express';
import { redirectWith, runAction } from '../page-flash.js';
import type { ReviewQa } from './review-decision.js';

export interface DecisionRoute {
  id: string;
  decision: string;
  idPattern: RegExp;
  /** The entry's page, where the outcome shows. */
  back: string;
  /** The flash on Content QA where the entries are not in this process. */
  unavailable: string;
}

/**
 * 404 for a malformed id or an unknown decision; where QA is not in this process, back to Content
 * QA with an error flash; else the decision, its outcome (or refusal) as the entry page's flash.
 */
export async function postDecision(
  res: Response,
  route: DecisionRoute,
  qa: ReviewQa | null,
  body: unknown,
  actor: string,
): Promise<void> {
  const { id, decision } = route;
  if (!route.idPattern.test(id) || (decision !== 'approve' && decision !== 'hold')) {
    throw new NotFoundException();
  }
  if (!qa) {
    redirectWith(res, '/admin/content', route.unavailable, true);
    return;
  }
  await runAction(res, route.back, () => qa.decide(id, decision, body, actor));
}

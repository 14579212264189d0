/**
 * What the operator API's review endpoints (reports, narratives) do alike: check the id, read one
 * entry with its history, and approve or hold with an optional note through Content QA (which
 * validates, decides, audits and answers 404/409), returning the entry as it is afterwards.
 */
import {
  BadRequestException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { z } from 'zod';
import type { ReviewDecision, ReviewQa } from '../pages/content/review-decision.js';

const decisionBody = z.object({ note: z.string().trim().max(1000).optional() });

/** An instant as ISO text; null stays null. */
export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A reviewed entry's source: the reports' review service, the narrative approvals. */
export interface ReviewSource<T> {
  get(id: string): Promise<T | null>;
  history(id: string): Promise<{ at: number }[]>;
}

export interface ReviewApiSpec<T, S extends ReviewSource<T>> {
  /** `report`, `narrative`: the word of the 404 messages. */
  noun: string;
  idPattern: RegExp;
  /** What a bad id is told it should be (`id: expected …`). */
  idExpected: string;
  /** Why it answers 503 where the source is not in this process. */
  unavailable: string;
  source: () => S | null | undefined;
  qa: (source: S) => ReviewQa;
}

export class ReviewApi<T, S extends ReviewSource<T>> {
  constructor(private readonly spec: ReviewApiSpec<T, S>) {}

  /** The source (503 where it is not in this process). */
  source(): S {
    const source = this.spec.source();
    if (!source) throw new ServiceUnavailableException(this.spec.unavailable);
    return source;
  }

  id(raw: string): string {
    if (!this.spec.idPattern.test(raw)) {
      throw new BadRequestException(`id: expected ${this.spec.idExpected}`);
    }
    return raw;
  }

  /** One entry (404 when unknown) and its history with ISO times. */
  async detail(raw: string) {
    const id = this.id(raw);
    const entry = await this.source().get(id);
    if (!entry) throw new NotFoundException(`${this.spec.noun} ${id} not found`);
    const history = (await this.source().history(id)).map((h) => ({ ...h, at: iso(h.at) }));
    return { entry, history };
  }

  /** Approves or holds through Content QA; the entry afterwards. */
  async decide(raw: string, decision: ReviewDecision, body: unknown, actor: string): Promise<T> {
    const id = this.id(raw);
    const parsed = decisionBody.safeParse(body ?? {});
    if (!parsed.success) throw new BadRequestException('note: at most 1000 characters');
    const source = this.source();
    await this.spec
      .qa(source)
      .decide(id, decision, { note: parsed.data.note, confirm: 'yes' }, actor);
    const after = await source.get(id);
    if (!after) throw new NotFoundException(`${this.spec.noun} ${id} not found`);
    return after;
  }
}

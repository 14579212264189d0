/**
 * Editors' approval of model narratives (NARRATIVE_REQUIRE_APPROVAL). A Premium model text that
 * passed the fact check is kept as pending; its signal already went out with the template text.
 *   pending → approved (an editor) → sent (handed to delivery once, as the Premium narrative update)
 *   pending → held (an editor, with a note): never sent · held → approved (an editor releases it)
 * Every transition is kept in the store's history. Delivery subscribes with onRelease (distribution
 * may import narrative; narrative never imports it); a restart hands over what was approved and not
 * sent yet.
 */
import type { Clock } from '../../common/clock.js';
import type { Tier } from '../../vocabulary/tier.js';
import type {
  ApprovalState,
  NarrativeEntry,
  NarrativeEvent,
  NarrativeStore,
} from '../store/narrative-store.js';

/** What delivery is told about an approved narrative. */
export interface ReleasedNarrative {
  id: string;
  signalId: string;
  tier: Tier;
  text: string;
  /** The approval's time: the update's time (the same release twice is one update). */
  at: number;
}

export type NarrativeReleaseSink = (n: ReleasedNarrative) => Promise<void>;

/** A narrative's review state as the portal and the API show it. */
export type NarrativeReviewState = 'pending' | 'approved' | 'held' | 'sent';

export const NARRATIVE_REVIEW_STATES: readonly NarrativeReviewState[] = [
  'pending',
  'approved',
  'held',
  'sent',
];

export function reviewStateOf(e: NarrativeEntry): NarrativeReviewState | null {
  if (e.approval === 'none') return null;
  if (e.approval === 'approved' && e.sentAt !== null) return 'sent';
  return e.approval;
}

export class NarrativeNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`narrative ${id} not found`);
  }
}

export class NarrativeTransitionError extends Error {}

export interface NarrativeApprovalsDeps {
  store: NarrativeStore;
  clock: Clock;
  /** NARRATIVE_REQUIRE_APPROVAL (what Content QA tells the editor). */
  required?: boolean;
  log?: { error(detail: Record<string, unknown>, msg: string): void };
}

export class NarrativeApprovals {
  private readonly sinks: NarrativeReleaseSink[] = [];
  private readonly releasing = new Set<string>();
  private started = false;

  constructor(private readonly d: NarrativeApprovalsDeps) {}

  /** Whether model narratives wait for an editor in this deployment. */
  get required(): boolean {
    return this.d.required === true;
  }

  onRelease(sink: NarrativeReleaseSink): void {
    this.sinks.push(sink);
    if (this.started) this.resumeLogged();
  }

  /** Hands over what was approved and not sent (again, after a restart). */
  start(): void {
    this.started = true;
    this.resumeLogged();
  }

  private resumeLogged(): void {
    this.resume().catch((err: unknown) =>
      this.d.log?.error({ err: String(err) }, 'resuming approved narratives failed'),
    );
  }

  async resume(): Promise<void> {
    for (const e of await this.d.store.unsentApproved()) await this.release(e);
  }

  /** Narratives in a review state, newest first. */
  async list(state: NarrativeReviewState): Promise<NarrativeEntry[]> {
    const approval: ApprovalState = state === 'sent' ? 'approved' : state;
    const list = await this.d.store.listByApproval([approval]);
    return list.filter((e) => reviewStateOf(e) === state);
  }

  get(id: string): Promise<NarrativeEntry | null> {
    return this.d.store.get(id);
  }

  history(id: string): Promise<NarrativeEvent[]> {
    return this.d.store.history(id);
  }

  /** Throws NarrativeNotFoundError, or NarrativeTransitionError when not pending or held. */
  async approve(id: string, by: string, note?: string): Promise<NarrativeEntry> {
    const entry = await this.decide(id, ['pending', 'held'], 'approved', by, note);
    return this.release(entry);
  }

  /** Throws NarrativeNotFoundError, or NarrativeTransitionError when not pending. */
  hold(id: string, by: string, note?: string): Promise<NarrativeEntry> {
    return this.decide(id, ['pending'], 'held', by, note);
  }

  private async decide(
    id: string,
    from: readonly ApprovalState[],
    to: 'approved' | 'held',
    by: string,
    note: string | undefined,
  ): Promise<NarrativeEntry> {
    const before = await this.d.store.get(id);
    if (!before) throw new NarrativeNotFoundError(id);
    const now = this.d.clock.now();
    if (!(await this.d.store.decide(id, from, to, by, now, note ?? null))) {
      const state = reviewStateOf(before) ?? 'not waiting for review';
      throw new NarrativeTransitionError(
        `narrative ${id} is ${state}; only a ${from.join(' or ')} narrative can be ${to}`,
      );
    }
    await this.d.store.record(id, { at: now, action: to, by, note: note ?? null });
    const after = await this.d.store.get(id);
    if (!after) throw new NarrativeNotFoundError(id);
    return after;
  }

  /** Hands an approved, unsent signal narrative to delivery once and marks it sent. */
  private async release(e: NarrativeEntry): Promise<NarrativeEntry> {
    if (e.approval !== 'approved' || e.sentAt !== null || this.sinks.length === 0) return e;
    if (!e.signalId || !e.tier || e.rawText === null || this.releasing.has(e.id)) return e;
    this.releasing.add(e.id);
    try {
      const released: ReleasedNarrative = {
        id: e.id,
        signalId: e.signalId,
        tier: e.tier,
        text: e.rawText,
        at: e.decidedAt ?? this.d.clock.now(),
      };
      for (const sink of this.sinks) await sink(released);
      const now = this.d.clock.now();
      if (!(await this.d.store.markSent(e.id, now))) return e;
      await this.d.store.record(e.id, { at: now, action: 'sent', by: 'system', note: null });
      return { ...e, sentAt: now };
    } finally {
      this.releasing.delete(e.id);
    }
  }
}

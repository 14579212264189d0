/**
 * The narrative service's side of the NarrativeStore: keeps each composition and a late answer,
 * and finds an earlier composition of a key. A failing store costs the record, never the
 * narrative: every fault is logged and swallowed here.
 */
import type { Clock } from '../../common/clock.js';
import type { NarrativeEntry, NarrativeStore } from '../store/narrative-store.js';
import {
  lateAnswer,
  narrativeEntry,
  type EntryContext,
  type EntryParts,
} from './narrative-entry.js';
import type { NarrativeCallRecord } from './usage.js';

interface KeeperLog {
  warn(detail: Record<string, unknown>, msg: string): void;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class NarrativeKeeper {
  constructor(
    private readonly store: NarrativeStore | undefined,
    private readonly clock: Clock,
    private readonly log: KeeperLog | undefined,
  ) {}

  /** The first stored composition of a key, or null (none, no store, or the store failed). */
  async first(key: string): Promise<NarrativeEntry | null> {
    if (!this.store) return null;
    try {
      return await this.store.firstByKey(key);
    } catch (err) {
      this.log?.warn({ key, err: messageOf(err) }, 'narrative: store lookup failed');
      return null;
    }
  }

  async keep(ctx: EntryContext, parts: EntryParts): Promise<void> {
    if (!this.store) return;
    try {
      await this.store.insert(narrativeEntry(ctx, parts));
      if (parts.approval === 'pending')
        await this.store.record(ctx.id, {
          at: ctx.at,
          action: 'pending',
          by: 'system',
          note: null,
        });
    } catch (err) {
      this.log?.warn({ id: ctx.id, err: messageOf(err) }, 'narrative: keeping it failed');
    }
  }

  /** The late answer on the entry kept at the budget (pending when it waits for an editor). */
  async keepLate(
    id: string,
    call: NarrativeCallRecord,
    rawText: string | null,
    pending: boolean,
  ): Promise<void> {
    if (!this.store) return;
    const now = this.clock.now();
    try {
      await this.store.updateLate(id, lateAnswer(call, rawText, pending ? 'pending' : 'none', now));
      if (pending)
        await this.store.record(id, { at: now, action: 'pending', by: 'system', note: null });
    } catch (err) {
      this.log?.warn({ id, err: messageOf(err) }, 'narrative: keeping the late text failed');
    }
  }
}

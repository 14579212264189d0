import { describe, expect, it } from 'vitest';
import {
  canTransition,
  formatSignalId,
  LifecycleError,
  SIGNAL_ID_RE,
  signalDay,
  transition,
  type SignalRecord,
} from '../../../../src/engine/storage/lifecycle.js';
import { MemoryEngineRepository } from '../../../../src/engine/storage/memory-engine-repository.js';
import { candidate } from '../fixtures.js';

describe('signal lifecycle', () => {
  it('ids are SIG-YYYYMMDD-NNN on the New York date', () => {
    // 2026-03-04 03:30 UTC is still 2026-03-03 in New York
    expect(signalDay(Date.UTC(2026, 2, 4, 3, 30))).toBe('20260303');
    expect(signalDay(Date.UTC(2026, 2, 4, 5, 30))).toBe('20260304');
    // summer time: 2026-07-01 03:59 UTC = 23:59 EDT on 30 June
    expect(signalDay(Date.UTC(2026, 6, 1, 3, 59))).toBe('20260630');
    expect(formatSignalId('20260303', 7)).toBe('SIG-20260303-007');
    expect(formatSignalId('20260303', 1234)).toBe('SIG-20260303-1234');
    expect(SIGNAL_ID_RE.test('SIG-20260303-007')).toBe(true);
    expect(SIGNAL_ID_RE.test('SIG-2026033-007')).toBe(false);
  });

  it('per-day sequences restart each New York day', async () => {
    const repo = new MemoryEngineRepository();
    const ids = [];
    for (const at of [
      Date.UTC(2026, 2, 3, 15),
      Date.UTC(2026, 2, 3, 20),
      Date.UTC(2026, 2, 4, 15),
    ]) {
      const day = signalDay(at);
      ids.push(formatSignalId(day, await repo.nextSignalSequence(day)));
    }
    expect(ids).toEqual(['SIG-20260303-001', 'SIG-20260303-002', 'SIG-20260304-001']);
  });

  it('moves candidate → validated → published → active → closed and refuses skips', () => {
    const c = candidate();
    let rec = {
      id: 'SIG-20260303-001',
      status: 'candidate',
      history: [{ status: 'candidate', at: 1 }],
      candidate: c,
    } as unknown as SignalRecord;
    for (const [i, s] of (['validated', 'published', 'active', 'closed'] as const).entries()) {
      rec = transition(rec, s, 10 + i);
    }
    expect(rec.history.map((h) => h.status)).toEqual([
      'candidate',
      'validated',
      'published',
      'active',
      'closed',
    ]);
    expect(rec.updatedAt).toBe(13);
    expect(() => transition(rec, 'active', 20)).toThrow(LifecycleError);
    expect(canTransition('candidate', 'published')).toBe(false);
    expect(canTransition('published', 'cancelled')).toBe(true);
    expect(canTransition('closed', 'cancelled')).toBe(false);
  });
});

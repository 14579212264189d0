import { describe, expect, it } from 'vitest';
import {
  ReviewTransitionError,
  approve,
  hold,
  openReview,
  releasable,
  reviewAt,
} from '../../../src/reports/review/report-review.js';

const close = { id: '2026-03-03-close', date: '2026-03-03', type: 'close' as const };
const t0 = Date.UTC(2026, 2, 3, 21, 10);

describe('report review (QA gate)', () => {
  it('lets pre-market and intraday reports through and holds the close for review', () => {
    expect(openReview({ ...close, id: 'x', type: 'premarket' }, t0).status).toBe('approved');
    const r = openReview(close, t0);
    expect(r.status).toBe('pending');
    expect(releasable(r, t0 + 60_000)).toBe(false);
  });

  it('auto-approves a pending close after ten minutes', () => {
    const r = openReview(close, t0);
    expect(releasable(r, t0 + 10 * 60_000)).toBe(true);
    expect(reviewAt(r, t0 + 11 * 60_000)).toMatchObject({ status: 'approved', decidedBy: 'auto' });
  });

  it('never auto-approves when approval is mandatory', () => {
    const r = openReview(close, t0, {
      autoApproveAfterMs: 600_000,
      requireApproval: true,
      reviewed: ['close'],
    });
    expect(releasable(r, t0 + 86_400_000)).toBe(false);
    expect(releasable(approve(r, 'ops', t0 + 1000), t0 + 1000)).toBe(true);
  });

  it('keeps a held report from going out until an operator releases it', () => {
    const held = hold(openReview(close, t0), 'ops', t0 + 1000, 'wrong flip');
    expect(releasable(held, t0 + 86_400_000)).toBe(false);
    expect(() => hold(held, 'ops', t0 + 2000)).toThrow(ReviewTransitionError);
    expect(approve(held, 'ops', t0 + 3000)).toMatchObject({ status: 'approved', decidedBy: 'ops' });
  });

  it('cannot hold a report that has already auto-approved', () => {
    expect(() => hold(openReview(close, t0), 'ops', t0 + 20 * 60_000)).toThrow(/approved/);
  });
});

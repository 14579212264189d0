import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditLog } from '../../../src/admin/access/audit-log.js';
import { ContentQa } from '../../../src/admin/pages/content/content-qa.js';
import {
  ReportNotFoundError,
  type ReportReviewDetail,
  type ReportReviewService,
  type ReviewState,
} from '../../../src/reports/review/report-review-service.js';
import { ReviewTransitionError } from '../../../src/reports/review/report-review.js';

const ID = '2026-03-02-close';

/** The review service's contract over one report, in memory. */
function reviews(state: ReviewState): ReportReviewService & { detail: ReportReviewDetail } {
  const detail: ReportReviewDetail = {
    id: ID,
    date: '2026-03-02',
    type: 'close',
    state,
    createdAt: Date.UTC(2026, 2, 2, 21, 10),
    autoApproveAt: null,
    decidedAt: null,
    decidedBy: null,
    note: null,
    sentAt: null,
    previews: [
      {
        tier: 'premium',
        html: '<p>Close</p><img src="cid:pnl@gammadesk" alt="P&L"><img src="cid:other@gammadesk">',
        text: 'Close',
        chat: 'Close summary',
        teaser: null,
        charts: [{ name: 'pnl', title: 'P&L', svg: '<svg xmlns="http://www.w3.org/2000/svg"/>' }],
      },
    ],
  };
  const decide = (to: ReviewState, allowed: ReviewState[], by: string, note?: string) => {
    if (!allowed.includes(detail.state))
      return Promise.reject(new ReviewTransitionError(`${ID} is ${detail.state}`));
    Object.assign(detail, { state: to, decidedBy: by, note: note ?? null, decidedAt: 1 });
    return Promise.resolve({ ...detail });
  };
  return {
    detail,
    list: () => Promise.resolve([{ ...detail }]),
    get: (id) => Promise.resolve(id === ID ? { ...detail } : null),
    approve: (id, by, note) =>
      id === ID
        ? decide('approved', ['pending', 'held'], by, note)
        : Promise.reject(new ReportNotFoundError(id)),
    hold: (id, by, note) =>
      id === ID
        ? decide('held', ['pending'], by, note)
        : Promise.reject(new ReportNotFoundError(id)),
    history: () => Promise.resolve([]),
  };
}

function audit(): AuditLog & { entries: AuditEntry[] } {
  const entries: AuditEntry[] = [];
  return {
    entries,
    record: (e: AuditEntry) => {
      entries.push(e);
      return Promise.resolve({ ...e, id: String(entries.length), at: 0 });
    },
  } as unknown as AuditLog & { entries: AuditEntry[] };
}

describe('Content QA decisions', () => {
  it('approves a held report with a note and audits the state before and after', async () => {
    const service = reviews('held');
    const log = audit();
    const qa = new ContentQa(service, log);
    const message = await qa.decide(
      ID,
      'approve',
      { confirm: 'yes', note: 'numbers checked' },
      'ed@x',
    );
    expect(message).toBe(`Report ${ID} is approved.`);
    expect(service.detail).toMatchObject({
      state: 'approved',
      decidedBy: 'ed@x',
      note: 'numbers checked',
    });
    expect(log.entries).toEqual([
      {
        actor: 'ed@x',
        action: 'report.approve',
        target: ID,
        before: { state: 'held', note: null },
        after: { state: 'approved', note: 'numbers checked' },
      },
    ]);
  });

  it('refuses without the confirm box, a decision the state does not allow, and unknown reports', async () => {
    const log = audit();
    const qa = new ContentQa(reviews('approved'), log);
    await expect(qa.decide(ID, 'approve', { note: 'x' }, 'ed@x')).rejects.toThrow(
      BadRequestException,
    );
    await expect(qa.decide(ID, 'hold', { confirm: 'yes' }, 'ed@x')).rejects.toThrow(
      ConflictException,
    );
    await expect(
      qa.decide('2026-03-03-close', 'approve', { confirm: 'yes' }, 'ed@x'),
    ).rejects.toThrow(NotFoundException);
    expect(log.entries).toEqual([]);
  });

  it("frames a tier's email with its charts inlined, leaving unknown images as they are", async () => {
    const html = await new ContentQa(reviews('pending'), audit()).email(ID, 'premium');
    expect(html).toContain('src="data:image/svg+xml;base64,');
    expect(html).toContain('src="cid:other@gammadesk"');
    expect(await new ContentQa(reviews('pending'), audit()).email(ID, 'basic')).toBeNull();
  });
});
